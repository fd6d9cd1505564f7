// The record kinds as the server describes them (GET /api/v1/kinds, from src/kinds/*.c): each
// field's zh-CN name, its limits and whether it is required. Forms take their labels and
// checks from here, so they hold people to exactly what the server will (the server stays the
// judge: its 422 field errors are shown at the same fields).
import { reactive } from 'vue';
import { api } from './api.js';
import { text, required } from './rules.js';

export const kinds = reactive({}); // name -> descriptor, once loaded
let loading = null;

/** Loads the descriptors once (shared by every form). */
export function loadKinds() {
  if (!loading) {
    loading = api.get('/kinds').then((r) => {
      for (const k of r.items) kinds[k.name] = k;
      return kinds;
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** One field of a kind (undefined until loaded). */
export const field = (kind, name) => kinds[kind]?.fields.find((f) => f.name === name);
/** A field's zh-CN name (the field's own name until loaded). */
export const label = (kind, name) => field(kind, name)?.label ?? name;
/** A text field's (or a list item's) longest length in characters. */
export const maxLength = (kind, name) => field(kind, name)?.max_length;

/** Form rules for text fields: required, at least and at most so many characters. */
export function textRules(kind, names) {
  const out = {};
  for (const n of names) {
    const f = field(kind, n);
    if (f) out[n] = text(f.label, { required: f.required, min: f.min_length ?? 0, max: f.max_length });
  }
  return out;
}

/** Form rules for choices the kind requires (a select, a cascader, a number). */
export function choiceRules(kind, names) {
  const out = {};
  for (const n of names) {
    const f = field(kind, n);
    if (f?.required) out[n] = required(f.label);
  }
  return out;
}

/** The name of a record: its kind's title field (a platform's `name`; `title` for most kinds). */
export const titleOf = (kind, rec) => rec?.[kinds[kind]?.title ?? 'title'];

/** The verb of a new record of the kind in menus, buttons and headings: 发布 for most, 组建 an
 * expert panel, 登记 a broker and its trainings and assignments. */
export const verbOf = (kind) => ({ panel: '组建', broker: '登记', broker_training: '登记', broker_assignment: '登记' })[kind] ?? '发布';

/** A kind's collection under /api/v1 ("achievements", "finance-products"), the server's `path`. */
export const kindPath = (kind) => kinds[kind]?.path ?? `${kind}s`;

/** The fields a record's form and page show: its data fields (the server's list) in order. */
export function dataFields(kind) {
  const k = kinds[kind];
  if (!k) return [];
  const names = k.data_fields ?? k.fields.map((f) => f.name).filter((n) => n !== 'org_id');
  return names.map((n) => k.fields.find((f) => f.name === n)).filter(Boolean);
}

/** The kinds whose pages all come from their description (not achievement, demand: pages of their own). */
export const genericKinds = () => Object.values(kinds).filter((k) => k.path && k.name !== 'achievement' && k.name !== 'demand');
