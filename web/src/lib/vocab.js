// The national vocabularies and the platform's enumerations, fetched once from /api/v1/vocab and
// shared by every view: names for codes, options for selects, trees for cascaders.
import { reactive } from 'vue';
import { api } from './api.js';

const cache = new Map();
export const vocab = reactive({}); // key -> {code: item} once loaded

/** Loads a vocabulary (regions: Sichuan only — the platform's region). Returns its items. */
export function load(key) {
  if (!cache.has(key)) {
    const query = key === 'regions' ? { prefix: '51' } : undefined;
    const p = api.get(`/vocab/${key}`, query).then((r) => {
      const byCode = {};
      for (const it of r.items) byCode[it.code] = it;
      vocab[key] = byCode;
      return r.items;
    });
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return cache.get(key);
}

export const loadAll = (...keys) => Promise.all(keys.map(load));

/** An achievement's maturity stage (maturity_stage, derived by the server from its TRL). */
export const STAGES = { early: '初期', middle: '中期', mature: '成熟' };

/** The name of a code, or the code itself while the vocabulary loads / when unknown. */
export function name(key, code) {
  if (code === null || code === undefined || code === '') return '—';
  return vocab[key]?.[code]?.name ?? code;
}

/** "成都市 · 武侯区" for a district, "成都市" for a city. */
export function regionName(code) {
  if (!code) return '—';
  const r = vocab.regions;
  if (!r) return code;
  const own = r[code];
  if (!own) return code;
  if (own.level === 3 && own.parent && r[own.parent]) return `${r[own.parent].name} · ${own.name}`;
  return own.name;
}

/** Options [{value, label}] of an enumeration. */
export function options(key) {
  return Object.values(vocab[key] || {}).map((it) => ({ value: it.code, label: it.name, description: it.description }));
}

/** Sichuan as a cascader tree: cities → districts (any level may be chosen); with province, 四川省 itself first. */
export function regionTree({ province = false } = {}) {
  const r = vocab.regions;
  if (!r) return [];
  const cities = Object.values(r).filter((x) => x.level === 2).map((c) => ({ value: c.code, label: c.name, children: [] }));
  const byCode = Object.fromEntries(cities.map((c) => [c.value, c]));
  for (const d of Object.values(r)) if (d.level === 3 && byCode[d.parent]) byCode[d.parent].children.push({ value: d.code, label: d.name });
  for (const c of cities) if (!c.children.length) delete c.children;
  const top = province ? Object.values(r).filter((x) => x.level === 1).map((p) => ({ value: p.code, label: `${p.name}（全省）` })) : [];
  return [...top, ...cities];
}

/** GB/T 4754 as a cascader tree: 门类 → 大类 → 中类 → 小类, built from the codes' prefixes. */
export function industryTree() {
  const v = vocab.industries;
  if (!v) return [];
  const nodes = {};
  const roots = [];
  const items = Object.values(v);
  for (const it of items) nodes[it.code] = { value: it.code, label: `${it.code} ${it.name}`, children: [] };
  for (const it of items) {
    const n = nodes[it.code];
    if (it.level === 1) roots.push(n);
    else if (it.level === 2) nodes[it.section]?.children.push(n);
    else nodes[it.code.slice(0, it.code.length - 1)]?.children.push(n);
  }
  const prune = (n) => { if (!n.children.length) delete n.children; else n.children.forEach(prune); };
  roots.forEach(prune);
  return roots;
}

/** The GB/T 4754 section (门类 letter) of an industry code of any level (industries loaded), or null. */
export function sectionOf(code) {
  if (!code) return null;
  if (/^[A-Z]$/.test(code)) return code;
  return vocab.industries?.[code.slice(0, 2)]?.section ?? null;
}

/** The path of codes from the root to code, for a cascader's value. */
export function industryPath(code) {
  const v = vocab.industries;
  if (!code || !v || !v[code]) return code ? [code] : [];
  const it = v[code];
  if (it.level === 1) return [code];
  const path = [it.section];
  for (let len = 2; len <= code.length; len++) path.push(code.slice(0, len));
  return path;
}
export function regionPath(code) {
  const r = vocab.regions;
  if (!code || !r || !r[code]) return code ? [code] : [];
  const it = r[code];
  return it.level === 3 ? [it.parent, code] : [code];
}
