// How a field of a kind's description (GET /api/v1/kinds, lib/kinds.js) is entered and shown,
// read from the description alone: its type, vocabulary, format and the unit its name carries —
// …_fen: 分, entered in 万元 and shown as money; …_bp: 基点 (0.01 %), entered and shown in %.
// A pair …_min_… / …_max_… is shown as one range. The generic pages (KindForm, KindTable,
// KindFields) go through here; a kind that needs more has a page of its own.
import { money, date, datetime, count } from './format.js';
import { name, regionName, industryPath, regionPath } from './vocab.js';
import { text, required, futureDate, notAfterToday, notBeforeToday, wanToFen, fenToWan, MAX_WAN } from './rules.js';

export { MAX_WAN };

const isRegion = (f) => f.vocab === 'regions' || /(^|_)regions?$/.test(f.name);
const isIndustry = (f) => f.vocab === 'industries' || /(^|_)(industry|industries)$/.test(f.name);

/** The fields naming records of another kind by id, entered by picking the records by title
 * (RecordPicker) and shown by their titles with links: an event's programme (the published
 * achievements and demands it shows), the event that started a deal. states: those a record may
 * be chosen in (the server checks them when the event is published, the deal saved). */
export const REFS = {
  achievement_ids: { kind: 'achievement', path: 'achievements', states: ['published'], noun: '成果' },
  demand_ids: { kind: 'demand', path: 'demands', states: ['published', 'matched'], noun: '需求' },
  event_id: { kind: 'event', path: 'events', states: ['published', 'held', 'closed'], noun: '对接活动' },
};
/** The org fields (an org's id, picked from the registry by name) that take orgs of one type:
 * a broker's assignment is to an enterprise. */
export const ORG_KINDS = { enterprise_org_id: 'enterprise' };
/** How a REFS field refers: null, or {kind, path, states, noun, many}. */
export const refOf = (f) => (REFS[f.name] && (f.type === 'array' || f.type === 'integer') ? { ...REFS[f.name], many: f.type === 'array' } : null);
/** The vocabulary a field's codes come from (regions and industries too), or null. */
export const vocabOf = (f) => (isRegion(f) ? 'regions' : isIndustry(f) ? 'industries' : f.vocab || null);

/**
 * How a field is entered: text | textarea | integer | money | rate | date | choice | choices |
 * tags | region | regions | industry | bool | org (one org of the registry); null for structured
 * lists (ip, team), which the generic form leaves to a page of the kind's own.
 */
export function inputOf(f) {
  const list = f.type === 'string_list';
  const ref = refOf(f);
  if (ref) return ref.many ? 'refs' : 'ref';
  if (f.type === 'boolean') return 'bool';
  if (f.type === 'integer' && f.name.endsWith('_org_id')) return 'org';
  // lists of org ids (a 揭榜 application's partners): picked from the registry; other lists of
  // objects (a challenge's winners, a contract's attachments) are shown as tables, not entered
  if (f.type === 'array') return f.name.endsWith('_org_ids') ? 'orgs' : ROW_EDITORS[f.name] ? 'rows' : 'records';
  if (isRegion(f)) return list ? 'regions' : 'region';
  if (isIndustry(f)) return list ? 'industries' : 'industry';
  if (f.vocab) return list ? 'choices' : 'choice';
  if (list) return 'tags';
  if (f.type === 'integer') return f.name.endsWith('_fen') ? 'money' : f.name.endsWith('_bp') ? 'rate' : 'integer';
  if (f.format === 'date') return 'date';
  if (f.format === 'local-date-time') return 'datetime';
  return (f.max_length ?? 0) > 200 ? 'textarea' : 'text';
}

/** A date field's bound, as its description says: 'future' (截止日期：晚于今天), 'not_after'
 * (签订日期：不晚于今天), 'not_before' (举办日期：不能早于今天) or null. */
export function dateBound(f) {
  const doc = f.doc || '';
  if (/不(能)?晚于今天/.test(doc)) return 'not_after';
  if (/不(能)?早于今天/.test(doc)) return 'not_before';
  return /晚于今天/.test(doc) ? 'future' : null;
}

/** The unit a number is entered in, after the input: 万元, %, or the one its name says (…_months). */
export function unitOf(f) {
  const how = inputOf(f);
  if (how === 'money') return '万元';
  if (how === 'rate') return '%';
  if (how === 'integer') return /_months$/.test(f.name) ? '个月' : /_days$/.test(f.name) ? '天' : /_years$/.test(f.name) ? '年' : /_pct$/.test(f.name) ? '%' : '';
  return '';
}

/** The record's value → the form's. */
// The lists of objects a form enters row by row (the rest are shown as tables): each member's key,
// label and input (text, a vocabulary's one code, or money entered in 元 and sent in 分).
// (int: a whole number min–max, `initial` in a new row; optional: may be left empty — an expert
// panel's criterion's key is then made from its place: c1, c2 …)
export const ROW_EDITORS = {
  services: [
    { key: 'name', label: '服务名称', input: 'text', max: 40 },
    { key: 'unit', label: '计费单位', input: 'choice', vocab: 'service_units' },
    { key: 'price_fen', label: '单价（元）', input: 'yuan' },
  ],
  // an expert panel's 评分项: weights summing to 100, each one's top score (满分)
  criteria: [
    { key: 'name', label: '评分项名称', input: 'text', max: 50 },
    { key: 'weight', label: '权重', input: 'int', min: 1, max: 100, sum: 100 },
    { key: 'max', label: '满分', input: 'int', min: 1, max: 100, initial: 10 },
    { key: 'key', label: '代码（选填）', input: 'text', max: 20, optional: true },
  ],
};

/** What is wrong with the rows of a list entered row by row (the server stays the judge), or ''. */
export const ROW_CHECKS = {
  criteria(rows) {
    if (rows.length > 10) return '评分项最多 10 项';
    const keys = new Set();
    let sum = 0;
    for (const [i, r] of rows.entries()) {
      const n = [...String(r.name ?? '').trim()].length;
      if (n < 1 || n > 50) return `第 ${i + 1} 个评分项的名称应为 1–50 个字`;
      if (!Number.isInteger(r.weight) || r.weight < 1 || r.weight > 100) return `第 ${i + 1} 个评分项的权重应为 1–100 的整数`;
      if (!Number.isInteger(r.max) || r.max < 1 || r.max > 100) return `第 ${i + 1} 个评分项的满分应为 1–100 的整数`;
      const k = String(r.key ?? '').trim();
      if (k && !/^[a-z0-9_]{1,20}$/.test(k)) return `第 ${i + 1} 个评分项的代码应为 1–20 个小写字母、数字或下划线`;
      if (k && keys.has(k)) return `评分项代码“${k}”重复`;
      if (k) keys.add(k);
      sum += r.weight;
    }
    return sum === 100 ? '' : `各评分项权重之和应为 100（现为 ${sum}）`;
  },
};
// the rows as sent: a criterion without a key gets the first free one of c1, c2 …
const ROW_FINISH = {
  criteria(rows) {
    const used = new Set(rows.map((r) => r.key).filter(Boolean));
    let n = 0;
    return rows.map((r) => {
      if (r.key) return r;
      let k;
      do k = `c${++n}`; while (used.has(k));
      used.add(k);
      return { ...r, key: k };
    });
  },
};
const rowIn = (m, v) => (m.input === 'yuan' ? (v ?? 0) / 100 : m.input === 'int' ? (v ?? null) : v ?? '');
function rowOut(m, v) {
  if (m.input === 'yuan') return Math.round(Number(v || 0) * 100);
  if (m.input === 'int') return v === null || v === undefined || v === '' ? null : Number(v);
  return String(v ?? '').trim();
}

export function toForm(f, v) {
  switch (inputOf(f)) {
    case 'rows': return (v || []).map((r) => Object.fromEntries(ROW_EDITORS[f.name].map((m) => [m.key, rowIn(m, r[m.key])])));
    case 'region': return regionPath(v);
    case 'regions': return (v || []).map(regionPath);
    case 'industry': return industryPath(v);
    case 'industries': return (v || []).map(industryPath);
    case 'refs': return [...(v || [])];
    case 'ref': case 'org': return v ?? null;
    case 'bool': return !!v;
    case 'money': return fenToWan(v);
    case 'rate': return v === null || v === undefined ? null : v / 100;
    case 'choices': case 'tags': case 'orgs': return [...(v || [])];
    case 'integer': return v ?? null;
    case 'choice': return v === null || v === undefined ? '' : String(v);
    default: return v ?? '';
  }
}

/** The form's value → the request's. */
export function fromForm(f, v) {
  const none = f.nullable ? null : undefined;
  switch (inputOf(f)) {
    case 'rows': {
      const rows = (v || []).map((r) => Object.fromEntries(ROW_EDITORS[f.name].map((m) => [m.key, rowOut(m, r[m.key])])));
      return ROW_FINISH[f.name]?.(rows) ?? rows;
    }
    case 'datetime': return v || none;
    case 'region': case 'industry': return v?.length ? v.at(-1) : none;
    case 'regions': case 'industries': return (v || []).map((p) => p.at(-1));
    case 'refs': return v || [];
    case 'ref': case 'org': return v || none;
    case 'bool': return !!v;
    case 'money': return wanToFen(v) ?? none;
    case 'rate': return v === null || v === undefined || v === '' ? none : Math.round(Number(v) * 100);
    case 'choices': case 'orgs': return v || [];
    case 'tags': return (v || []).map((s) => s.trim()).filter(Boolean);
    case 'integer': return v === null || v === undefined || v === '' ? none : v;
    case 'choice': return v === '' || v === null || v === undefined ? none : f.type === 'integer' ? Number(v) : v;
    case 'date': return v || none;
    default: { const s = (v ?? '').trim(); return s || (f.nullable ? null : s); }
  }
}

const pct = (bp) => `${(bp / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}%`;

/** A value as the pages show it: names for codes, money, %, dates; — when empty. */
export function show(f, v) {
  const empty = v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);
  if (empty) return '—';
  switch (inputOf(f)) {
    case 'region': return regionName(v);
    case 'regions': return v.map(regionName).join('、');
    case 'industry': return `${name('industries', v)}（${v}）`;
    case 'industries': return v.map((c) => name('industries', c)).join('、');
    case 'refs': return `${v.length} 项`; // (KindFields shows their titles)
    case 'ref': case 'org': return `#${v}`; // (KindFields shows the title, the org's name)
    case 'bool': return v ? '是' : '否';
    case 'choice': return name(f.vocab, String(v));
    case 'choices': return v.map((c) => name(f.vocab, c)).join('、');
    case 'tags': return v.join('、');
    case 'orgs': return v.map((id) => `#${id}`).join('、'); // (KindFields shows their names)
    case 'records': case 'rows': return `${v.length} 项`;
    case 'datetime': { // "YYYY-MM-DDTHH:MM[:SS]", China Standard Time as stored
      const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(v);
      return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}` : v;
    }
    case 'money': return money(v);
    case 'rate': return pct(v);
    case 'integer': return unitOf(f) ? `${count(v)} ${unitOf(f)}` : count(v);
    case 'date': return date(v);
    default: return String(v);
  }
}

/** The other end of a …_min_… / …_max_… pair, or null. */
export function pairOf(fields, f) {
  const other = f.name.includes('_min') ? f.name.replace('_min', '_max') : f.name.includes('_max') ? f.name.replace('_max', '_min') : null;
  return (other && fields.find((x) => x.name === other)) || null;
}
/** The range's label: 额度下限 / 额度上限 → 额度. */
export const rangeLabel = (f) => f.label.replace(/(下限|上限|最低|最高)$/, '') || f.label;

/** A range min–max: "100 万元 – 500 万元", "不低于 3%", "不限". */
export function showRange(f, min, max) {
  const has = (v) => v !== null && v !== undefined;
  const one = (v) => show(f, v);
  if (has(min) && has(max)) return min === max ? one(min) : `${one(min)} – ${one(max)}`;
  if (has(min)) return `不低于 ${one(min)}`;
  if (has(max)) return `不超过 ${one(max)}`;
  return '不限';
}

/** Columns a record has beyond its fields (the list API's own). */
export const EXTRA = {
  status: { label: '状态' },
  org_name: { label: '所属机构' },
  updated_at: { label: '最近更新', show: datetime },
  created_at: { label: '创建时间', show: datetime },
};

/**
 * A kind's table columns from names ([{key, label, show(row)}]); a column of either end of a
 * …_min / …_max pair shows the whole range (once).
 */
export function columnsOf(desc, names) {
  const out = [];
  const fields = desc.fields;
  for (const n of names) {
    const f = fields.find((x) => x.name === n);
    if (!f) {
      const x = EXTRA[n];
      out.push({ key: n, label: n === 'org_name' ? (fields.find((y) => y.name === 'org_id')?.label ?? x.label) : (x?.label ?? n), show: (row) => (x?.show ? x.show(row[n]) : row[n] ?? '—') });
      continue;
    }
    const p = pairOf(fields, f);
    if (p) {
      if (out.some((c) => c.key === p.name)) continue; // shown with its partner
      const [lo, hi] = f.name.includes('_min') ? [f, p] : [p, f];
      out.push({ key: n, label: rangeLabel(f), show: (row) => showRange(f, row[lo.name], row[hi.name]) });
      continue;
    }
    out.push({ key: n, label: f.label ?? n, show: (row) => show(f, row[n]) });
  }
  return out;
}

/** Form rules for one field from its description (the server stays the judge). */
export function rulesOf(f, form, fields) {
  const label = f.label ?? f.name;
  const how = inputOf(f);
  if (how === 'text' || how === 'textarea') return text(label, { required: f.required, min: f.min_length ?? 0, max: f.max_length ?? 200 });
  if (how === 'rows') {
    return [{ trigger: 'change', required: f.required, validator: (_r, v, cb) => {
      const rows = v || [];
      if (f.required && !rows.length) return cb(new Error(`请添加${label}`));
      const err = ROW_CHECKS[f.name]?.(rows);
      return err ? cb(new Error(err)) : cb();
    } }];
  }
  const rules = [];
  if (f.required) rules.push(...(['choices', 'regions', 'industries', 'refs', 'tags'].includes(how) ? [{ type: 'array', required: true, min: 1, message: `请选择${label}`, trigger: 'change' }] : required(label)));
  if (how === 'date' && dateBound(f) === 'future') rules.push(...futureDate(label));
  if (how === 'date' && dateBound(f) === 'not_after') rules.push(...notAfterToday(label));
  if (how === 'date' && dateBound(f) === 'not_before') rules.push(...notBeforeToday(label));
  if (f.max_items) rules.push({ type: 'array', max: f.max_items, message: `${label}最多 ${f.max_items} 项`, trigger: 'change' });
  const p = pairOf(fields, f);
  if (p && f.name.includes('_max')) {
    rules.push({ trigger: 'change', validator: (_r, v, cb) => {
      const lo = form[p.name];
      return v !== null && v !== undefined && lo !== null && lo !== undefined && v < lo ? cb(new Error(`${label}不能低于${p.label}`)) : cb();
    } });
  }
  return rules;
}

/** The zh-CN names of the members of the objects a list field holds (a challenge's winners and
 * 验收结论, a contract's attachments); members named …_id are not shown. */
export const RECORD_MEMBERS = {
  org_name: '单位', title: '名称', contract_amount_fen: '合同金额', solver_subsidy_fen: '揭榜补助',
  indicator: '考核指标', met: '是否达到', note: '说明', name: '名称', sha256: 'SHA-256 摘要',
  label: '条件', field: '字段', op: '比较方式', value: '取值', up_to_fen: '档位上限', percent_bp: '比例',
  text: '评估说明', unit: '计费单位', price_fen: '单价',
  // an expert panel's criteria (评分项), the records it reviews and its result (scores in
  // hundredths of a point out of 100)
  key: '代码', weight: '权重', max: '满分', kind: '类型', orgs: '单位', team: '团队成员',
  rank: '名次', n: '评分份数', trimmed_mean_c: '去极值平均分', mean_c: '平均分', min_c: '最低分', max_c: '最高分',
  spread_c: '极差', trimmed: '去掉最高分和最低分',
};
const ITEM_KINDS = { challenge: '榜单', challenge_application: '揭榜申请' };
/** A score in hundredths of a point (…_c) as shown: 72.50. */
export const points = (c) => (c === null || c === undefined ? '—' : (c / 100).toFixed(2));
const UNITS = { hour: '小时', sample: '样品', batch: '批次' };
const OPS = { eq: '等于', ne: '不等于', gt: '大于', gte: '不小于', lt: '小于', lte: '不大于', in: '属于', contains: '包含', prefix: '以…开头', between: '介于' };
/** One member's value as the pages show it: money by its name, yes/no, text. */
export function showMember(key, v) {
  if (key === 'up_to_fen' && v === null) return '以上各档';
  if (v === null || v === undefined || v === '') return '—';
  if (key === 'op') return OPS[v] ?? v;
  if (key === 'unit') return UNITS[v] ?? v;
  if (key === 'percent_bp') return pct(v);
  if (key === 'kind') return ITEM_KINDS[v] ?? v;
  if (key.endsWith('_c') && typeof v === 'number') return points(v);
  if (Array.isArray(v) && !v.length) return '—';
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' ? x.name ?? x.title ?? '' : x)).join(key === 'value' && v.length === 2 ? ' 至 ' : '、');
  if (key.endsWith('_fen')) return money(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}
