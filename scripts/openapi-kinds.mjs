// The record kinds' part of openapi.json, written from the descriptors `kezhuan kinds` prints
// (src/kinds/*.c are the source of truth): every kind's <Kind>Input (types, lengths, ranges,
// vocabularies, formats, notes, required — keeping what a descriptor does not say, such as an
// object list's items), <Kind>Status, the Transition body's fields and actions; and for a kind
// the engine serves alone (`shared`) its whole contract: the record schema and the paths (list
// with the filters and sorts of its slots, create, export, read, PATCH, transitions, history).
// A kind added to the engine gets its contract from here, never by hand.
//
//   node scripts/openapi-kinds.mjs KINDS.json          rewrites openapi.json (make openapi)
//   node scripts/openapi-kinds.mjs KINDS.json --check  exits 1 when openapi.json differs
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FILE = resolve(ROOT, 'openapi.json');

/** "finance_product" → "FinanceProduct" */
export const schemaName = (name) => name.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/**
 * The JSON Schema of one descriptor field; old: the property as openapi.json has it, whose
 * members the descriptor does not speak of (an object list's items, minItems) are kept.
 */
export function fieldSchema(f, old = {}) {
  const p = { ...old };
  for (const k of ['type', 'minLength', 'maxLength', 'minimum', 'maximum', 'enum', 'format', 'description', 'maxItems', 'readOnly']) delete p[k];
  const base = { string: 'string', integer: 'integer', boolean: 'boolean', string_list: 'array', array: 'array' }[f.type];
  p.type = f.nullable ? [base, 'null'] : base;
  if (f.type === 'string' && !f.format && !f.codes) {
    if (f.min_length) p.minLength = f.min_length;
    p.maxLength = f.max_length;
  }
  if (f.type === 'string' && f.codes) p.enum = f.nullable ? [...f.codes, null] : [...f.codes];
  if (f.type === 'string_list') {
    const items = Object.fromEntries(Object.entries(p.items ?? {}).filter(([k]) => !['minLength', 'maxLength', 'enum'].includes(k)));
    items.type = 'string';
    if (f.codes) items.enum = [...f.codes];
    else {
      if (f.min_length) items.minLength = f.min_length;
      items.maxLength = f.max_length;
    }
    p.items = items;
  }
  if (f.type === 'string_list' || f.type === 'array') p.maxItems = f.max_items;
  if (f.type === 'integer' && f.minimum !== undefined) {
    p.minimum = f.minimum;
    p.maximum = f.maximum;
  }
  if (f.format) p.format = f.format;
  if (f.doc) p.description = f.doc;
  if (f.read_only) p.readOnly = true; // written by the kind's workflow (and an operator's import), refused in a create or PATCH
  const order = ['type', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'enum', 'minItems', 'maxItems', 'items', 'readOnly', 'description'];
  const rank = (k) => (order.includes(k) ? order.indexOf(k) : 99);
  return Object.fromEntries(Object.keys(p).sort((a, b) => rank(a) - rank(b)).map((k) => [k, p[k]]));
}

const E = (code) => ({ $ref: `#/components/responses/E${code}` });
const json = (schema) => ({ 'application/json': { schema } });
const etag = { ETag: { schema: { type: 'string' } } };

function filterParams(k) {
  return k.list.filters.map((f) => {
    if (f.name === 'q') return { $ref: '#/components/parameters/q' };
    if (f.name === 'region') return { $ref: '#/components/parameters/region' };
    const p = { name: f.name, in: 'query', description: f.label };
    if (f.name === 'status') p.schema = { $ref: `#/components/schemas/${schemaName(k.name)}Status` };
    else if (f.type === 'enum') p.schema = { type: 'string', enum: f.codes };
    else if (f.type === 'money') { p.schema = { type: 'integer', minimum: 0 }; p.description = `${f.label}：额度范围覆盖此金额（分）的记录`; }
    else if (f.type === 'industry') { p.schema = { type: 'string' }; p.description = 'GB/T 4754 门类字母（如 C）或代码前缀（如 38）'; }
    else p.schema = { type: 'integer', minimum: 1 };
    return p;
  });
}

/** <Kind>Input: the descriptor's fields (keeping what old says beyond them). */
function inputSchema(k, old) {
  return {
    ...old,
    type: 'object',
    properties: Object.fromEntries(k.fields.map((f) => [f.name, fieldSchema(f, old.properties?.[f.name])])),
    required: k.fields.filter((f) => f.required).map((f) => f.name),
    additionalProperties: false,
  };
}

/** Paths and schemas of one shared kind. */
export function kindContract(k) {
  const S = schemaName(k.name), tag = k.path, ref = { $ref: `#/components/schemas/${S}` };
  const facet = { type: 'array', items: { type: 'object', properties: { code: { type: ['string', 'null'] }, name: { type: ['string', 'null'] }, count: { type: 'integer' } } } };
  const schemas = {
    [`${S}Status`]: { type: 'string', enum: [...k.statuses] },
    [`${S}Input`]: inputSchema(k, {}),
    [S]: {
      allOf: [{ $ref: `#/components/schemas/${S}Input` }],
      type: 'object',
      properties: {
        id: { type: 'integer' }, org_id: { type: 'integer' }, org_name: { type: 'string' },
        status: { $ref: `#/components/schemas/${S}Status` }, version: { type: 'integer' },
        created_at: { type: 'string' }, updated_at: { type: 'string' }, published_at: { type: ['string', 'null'] },
      },
    },
  };
  const actions = [...new Set(k.workflow.filter((t) => !t.system).map((t) => t.action))];
  const base = `/api/v1/${k.path}`;
  const paths = {
    [base]: {
      get: {
        summary: `${k.label}列表 / list ${k.path}`,
        description: `公开状态（${k.public_states.join('、')}）人人可见；本机构全部可见；审核人员与科技局（本辖区）可见草稿以外的记录。`,
        tags: [tag], security: [],
        parameters: [
          { $ref: '#/components/parameters/limit' }, { $ref: '#/components/parameters/cursor' },
          ...filterParams(k),
          { name: 'sort', in: 'query', schema: { type: 'string', enum: k.list.sorts, default: '-id' } },
          { name: 'facets', in: 'query', schema: { type: 'string', enum: ['1', '0', 'true', 'false'] }, description: '同时返回分面计数（1/true 或 0/false，其他值 422）' },
        ],
        responses: {
          200: {
            description: '列表',
            content: json({
              type: 'object', required: ['items', 'next_cursor', 'total'],
              properties: {
                items: { type: 'array', items: ref }, next_cursor: { type: ['string', 'null'] }, total: { type: 'integer' },
                facets: { type: 'object', properties: Object.fromEntries(k.list.facets.map((n) => [n, facet])) },
              },
            }),
          },
          422: E(422),
        },
      },
      post: {
        summary: `登记${k.label}（草稿） / create`, tags: [tag],
        requestBody: { required: true, content: json({ $ref: `#/components/schemas/${S}Input` }) },
        responses: {
          201: { description: '已创建', content: json(ref), headers: { Location: { schema: { type: 'string' } }, ...etag } },
          400: E(400), 401: E(401), 403: E(403), 413: E(413), 415: E(415), 422: E(422),
        },
      },
    },
    [`${base}/export`]: {
      get: {
        summary: `导出${k.label}（与列表相同的筛选与可见范围，最多 50000 行） / export`, tags: [tag], security: [],
        parameters: [{ name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'jsonl', 'xlsx'], default: 'csv' } }, ...filterParams(k)],
        responses: {
          200: {
            description: '文件',
            headers: { 'Content-Disposition': { schema: { type: 'string' } }, 'X-Total-Rows': { schema: { type: 'integer' } } },
            content: {
              'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            },
          },
          422: E(422),
        },
      },
    },
    [`${base}/{id}`]: {
      parameters: [{ $ref: '#/components/parameters/id' }],
      get: { summary: `${k.label}详情 / read`, tags: [tag], security: [], responses: { 200: { description: '记录', content: json(ref), headers: etag }, 404: E(404) } },
      patch: {
        summary: `修改${k.label}（${k.editable.join('、')}时） / update`, tags: [tag],
        parameters: [{ $ref: '#/components/parameters/ifMatch' }],
        requestBody: { required: true, content: json({ $ref: `#/components/schemas/${S}Input` }) },
        responses: { 200: { description: '记录', content: json(ref), headers: etag }, 400: E(400), 401: E(401), 403: E(403), 404: E(404), 409: E(409), 412: E(412), 415: E(415), 422: E(422) },
      },
    },
    [`${base}/{id}/transitions`]: {
      parameters: [{ $ref: '#/components/parameters/id' }],
      post: {
        summary: `状态流转：${actions.join('/')}`, tags: [tag],
        parameters: [{ $ref: '#/components/parameters/ifMatch' }],
        requestBody: { required: true, content: json({ $ref: '#/components/schemas/Transition' }) },
        responses: { 200: { description: '新状态', content: json(ref), headers: etag }, 400: E(400), 401: E(401), 403: E(403), 404: E(404), 409: E(409), 412: E(412), 415: E(415), 422: E(422) },
      },
    },
    [`${base}/{id}/history`]: {
      parameters: [{ $ref: '#/components/parameters/id' }],
      get: {
        summary: '修订历史 / revisions', tags: [tag], security: [],
        responses: { 200: { description: '成功', content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Revision' } } } }) }, 404: E(404) },
      },
    },
  };
  if (k.parent) {
    // a child kind: its records under the parent's (the parent's id in the path)
    const P = k.parent;
    const list = structuredClone(paths[base].get), create = structuredClone(paths[base].post);
    list.summary = `某${P.label ?? ''}的${k.label}列表 / list a ${P.kind}'s ${P.segment}`;
    list.description = `父记录对调用者不可见时 404；其余同 ${base} 的列表（可见范围与筛选）。`;
    list.responses[404] = E(404);
    create.summary = `在该${P.label ?? ''}下登记${k.label}（草稿） / create`;
    create.description = `${P.field} 取自路径（请求体中给出则 422）；父记录不可见时 404，父记录不在 ${P.open_states.join('、')} 状态时 409。`;
    create.responses[404] = E(404);
    create.responses[409] = E(409);
    paths[`/api/v1/${P.path}/{id}/${P.segment}`] = {
      parameters: [{ $ref: '#/components/parameters/id' }],
      get: list,
      post: create,
    };
  }
  return { paths, schemas, actions };
}

/**
 * openapi.json as the descriptors say: for every kind its <Kind>Input and <Kind>Status, the
 * Transition body's fields and every kind's actions; for a kind the engine serves alone also
 * its record schema, paths and tag. A new object.
 */
export function withKinds(doc, kinds) {
  const out = structuredClone(doc);
  const schemas = out.components.schemas;
  const transition = schemas.Transition;
  const actions = [];
  for (const k of kinds) {
    const S = schemaName(k.name);
    if (k.shared) {
      const c = kindContract(k);
      Object.assign(out.paths, c.paths);
      Object.assign(schemas, c.schemas);
      out.tags ??= [];
      if (!out.tags.some((t) => t.name === k.path)) out.tags.push({ name: k.path, description: `${k.label} / ${k.name}` });
    }
    schemas[`${S}Input`] = inputSchema(k, schemas[`${S}Input`] ?? {});
    schemas[`${S}Status`] = { ...(schemas[`${S}Status`] ?? { type: 'string' }), enum: [...k.statuses] };
    for (const t of k.workflow) if (!t.system && !actions.includes(t.action)) actions.push(t.action);
    for (const f of k.transition_fields)
      if (f.name !== 'action') transition.properties[f.name] = fieldSchema(f, transition.properties[f.name]);
  }
  transition.properties.action = { type: 'string', enum: actions, description: '状态机中的操作（各类型的操作见 kezhuan kinds）' };
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kinds = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const doc = JSON.parse(readFileSync(FILE, 'utf8'));
  const want = withKinds(doc, kinds);
  const text = JSON.stringify(want, null, 1) + '\n';
  if (process.argv.includes('--check')) {
    if (readFileSync(FILE, 'utf8') !== text) {
      console.error('openapi.json is not what the kinds describe: run make openapi');
      process.exit(1);
    }
  } else writeFileSync(FILE, text);
}
