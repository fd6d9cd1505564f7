// Display conventions: money in 元 / 万元, dates in Chinese, Beijing time.
const TZ = 'Asia/Shanghai';
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const num = (v, d = 2) => v.toLocaleString('zh-CN', { maximumFractionDigits: d });

/** 分 → "35 万元" / "8,000 元"; null → "面议". */
export function money(fen, empty = '面议') {
  if (fen === null || fen === undefined) return empty;
  const yuan = fen / 100;
  if (Math.abs(yuan) >= 10000) return `${num(yuan / 10000, 2)} 万元`;
  return `${num(yuan, 2)} 元`;
}

/** A budget range in 分 → "100 万元 – 500 万元", "不低于 100 万元", "面议". */
export function budget(min, max) {
  const has = (v) => v !== null && v !== undefined;
  if (has(min) && has(max)) return min === max ? money(min) : `${money(min)} – ${money(max)}`;
  if (has(min)) return `不低于 ${money(min)}`;
  if (has(max)) return `不超过 ${money(max)}`;
  return '面议';
}

/** "2029-08-16" → "2029年8月16日"; RFC 3339 times → the Beijing date. */
export function date(s) {
  if (!s) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : dateFmt.format(d);
}

/** RFC 3339 → "2026年12月2日 08:42" (Beijing time). */
export function datetime(s) {
  if (!s) return '—';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : timeFmt.format(d);
}

/** Today in Beijing as YYYY-MM-DD (the server compares validity dates with it). */
export function todayIso() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts; // en-CA formats as YYYY-MM-DD
}

/** 元 (a number from a form) → 分 (integer), or null. */
export function yuanToFen(v) {
  if (v === null || v === undefined || v === '') return null;
  return Math.round(Number(v) * 100);
}
export function fenToYuan(v) {
  return v === null || v === undefined ? null : v / 100;
}

export const count = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));
