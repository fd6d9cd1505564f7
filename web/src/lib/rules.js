// Form rules that mirror the server's field checks (src/domain/achievement.c, demand.c,
// org.c, user.c and src/core/validate.c), so people see the same limits before they submit.
// The server stays the judge: its 422 field errors are shown next to the same fields.
import { todayIso } from './format.js';

// C0 controls other than tab, LF and CR, and DEL (kz_has_control)
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const len = (s) => [...(s ?? '')].length; // code points, as the server counts

/** A text field: required?, min and max code points. */
export function text(label, { required = false, min = 0, max = 200 } = {}) {
  return [{
    trigger: 'blur',
    required, // shows the asterisk; the validator below decides
    validator: (_r, v, cb) => {
      const s = v ?? '';
      if (!len(s.trim())) return required ? cb(new Error(`请填写${label}`)) : cb();
      if (len(s) < min) return cb(new Error(`${label}至少 ${min} 个字`));
      if (len(s) > max) return cb(new Error(`${label}不能超过 ${max} 个字`));
      if (CONTROL.test(s)) return cb(new Error(`${label}包含不允许的控制字符`));
      return cb();
    },
  }];
}

export const required = (label, trigger = 'change') => [{ required: true, message: `请选择${label}`, trigger }];

/** A date that must be after today (kz_check_future_date), optional. */
export const futureDate = (label) => [{
  trigger: 'change',
  validator: (_r, v, cb) => (!v || v > todayIso() ? cb() : cb(new Error(`${label}必须晚于今天`))),
}];
/** A date not before today (an event's 举办日期 when it is published), optional. */
export const notBeforeToday = (label) => [{
  trigger: 'change',
  validator: (_r, v, cb) => (!v || v >= todayIso() ? cb() : cb(new Error(`${label}不能早于今天`))),
}];
/** A date not after today (签订日期, 认定日期), optional. */
export const notAfterToday = (label) => [{
  trigger: 'change',
  validator: (_r, v, cb) => (!v || v <= todayIso() ? cb() : cb(new Error(`${label}不能晚于今天`))),
}];
const isoOf = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
/** The el-date-picker disabledDate for a date after today: today and every day before it. */
export const disablePast = (d) => isoOf(d) <= todayIso();
/** The el-date-picker disabledDate for "not after today" (签订日期): every day after today. */
export const disableFuture = (d) => isoOf(d) > todayIso();
/** The el-date-picker disabledDate for "not before today" (举办日期): every day before today. */
export const disableBeforeToday = (d) => isoOf(d) < todayIso();

/** Keywords: at most 10, each 1–20 characters. */
export const keywords = [{
  trigger: 'change',
  validator: (_r, v, cb) => {
    const list = v || [];
    if (list.length > 10) return cb(new Error('关键词最多 10 个'));
    const bad = list.find((k) => !len(k.trim()) || len(k) > 20 || CONTROL.test(k));
    return bad !== undefined ? cb(new Error(`关键词“${bad}”应为 1–20 个字`)) : cb();
  },
}];

/** Team shares: integers 0–100 adding up to at most 100; names 1–50 characters; ≤ 20 people. */
export function teamError(team) {
  if (team.length > 20) return '团队成员最多 20 人';
  let sum = 0;
  for (const m of team) {
    if (!len((m.name || '').trim()) || len(m.name) > 50) return '成员姓名应为 1–50 个字';
    if (!Number.isInteger(m.share_pct) || m.share_pct < 0 || m.share_pct > 100) return '权益比例应为 0–100 的整数';
    sum += m.share_pct;
  }
  return sum > 100 ? `团队权益比例合计 ${sum}%，不能超过 100%` : '';
}

/** IP records: ≤ 20; type and status chosen; number 1–50 characters. */
export function ipError(ip) {
  if (ip.length > 20) return '知识产权最多 20 项';
  for (const x of ip) {
    if (!x.type) return '请选择知识产权类型';
    if (!len((x.number || '').trim()) || len(x.number) > 50 || CONTROL.test(x.number)) return '知识产权编号应为 1–50 个字';
    if (!x.status) return '请选择知识产权状态';
  }
  return '';
}

/** 统一社会信用代码 (GB 32100-2015): 18 characters with the check character last. */
const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function creditCodeValid(s) {
  if (!s || s.length !== 18) return false;
  let sum = 0, w = 1;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT.indexOf(s[i]);
    if (v < 0) return false;
    sum += v * w;
    w = (w * 3) % 31;
  }
  const c = 31 - (sum % 31);
  return CREDIT[c === 31 ? 0 : c] === s[17];
}

/** Usernames: 3–32 of [A-Za-z0-9_.-], starting with a letter or digit (kz_username_valid). */
export const username = [{ trigger: 'blur', validator: (_r, v, cb) => (/^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/.test(v || '') ? cb() : cb(new Error('账号为 3–32 位字母、数字或 _ . -，以字母或数字开头'))) }];

/** The amount of money in 万元 the forms take → 分, and back. */
export const wanToFen = (w) => (w === null || w === undefined || w === '' ? null : Math.round(Number(w) * 1000000));
export const fenToWan = (f) => (f === null || f === undefined ? null : f / 1000000);
export const MAX_WAN = 100000000; // ¥1 trillion = 1e14 分, the server's limit

/** Puts the server's 422 field errors where the form shows them; returns true when some were placed. */
export function applyFieldErrors(target, err, known) {
  for (const k of Object.keys(target)) delete target[k];
  let placed = false;
  for (const [k, msg] of Object.entries(err?.fields || {})) {
    const key = known.includes(k) ? k : '_other';
    target[key] = target[key] ? `${target[key]}；${msg}` : msg;
    placed = true;
  }
  return placed;
}

/** Passwords (kz_password_weak): 8–128 characters of at least two of letters, digits, symbols. */
export function passwordError(pw) {
  const s = pw || '';
  const n = [...s].length;
  if (n < 8) return '密码至少 8 个字符';
  if (n > 128) return '密码不能超过 128 个字符';
  const kinds = [/[0-9]/.test(s), /[A-Za-z]/.test(s), /[^0-9A-Za-z]/.test(s)].filter(Boolean).length;
  return kinds < 2 ? '密码需包含字母、数字、符号中的至少两类' : '';
}
