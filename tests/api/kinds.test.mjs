// The contract of every record kind comes from its descriptor (src/kinds/*.c, printed by
// `kezhuan kinds`): openapi.json's input and status schemas, the transition body and the web
// forms' field lists must say what the descriptor says (issue 13). A field added to a kind
// without its documentation and its form fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { kz, startServer, api } from './lib.mjs';
import { fileURLToPath } from 'node:url';
import { withKinds, schemaName } from '../../scripts/openapi-kinds.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const openapi = JSON.parse(readFileSync(resolve(ROOT, 'openapi.json'), 'utf8'));
const schemas = openapi.components.schemas;
const out = kz(['kinds']);
const kinds = JSON.parse(out.stdout);
const title = schemaName; // finance_product → FinanceProduct
// the web form of each kind (web/src/views/wb/<Kind>Form.vue declares FIELDS)
const formFile = (k) => resolve(ROOT, `web/src/views/wb/${title(k.name)}Form.vue`);

test('kezhuan kinds describes every kind the engine serves', () => {
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(kinds.map((k) => k.name), ['achievement', 'demand', 'finance_product', 'platform', 'contract', 'challenge', 'challenge_application', 'challenge_milestone', 'deal', 'deal_event', 'policy', 'policy_application', 'resource', 'booking', 'voucher', 'listing', 'bid', 'deposit', 'objection', 'finance_request', 'panel', 'event', 'event_registration', 'broker', 'broker_training', 'broker_assignment']);
  for (const k of kinds) {
    assert.ok(k.fields.length && k.workflow.length && k.statuses.length, k.name);
    // every state the machine names is a state of the kind, and every action has a label
    for (const t of k.workflow) {
      for (const s of [...t.from.filter((f) => f !== '*'), t.to]) assert.ok(k.statuses.includes(s), `${k.name}: ${t.action} names unknown state ${s}`);
      assert.ok(t.label, `${k.name}: ${t.action} has no label`);
      assert.ok(t.system || t.owner || t.roles.length, `${k.name}: nobody may take ${t.action}`);
    }
    for (const s of [...k.editable, ...k.frozen, ...k.public_states]) assert.ok(k.statuses.includes(s), `${k.name}: unknown state ${s}`);
    for (const f of k.data_fields) assert.ok(k.fields.some((x) => x.name === f), `${k.name}: data field ${f} has no check`);
  }
});

/** Asserts that one JSON Schema property says what descriptor field f says. */
function sameField(where, f, p) {
  assert.ok(p, `${where}: not documented`);
  const base = { string: 'string', integer: 'integer', boolean: 'boolean', string_list: 'array', array: 'array' }[f.type];
  const types = Array.isArray(p.type) ? [...p.type].sort() : [p.type];
  assert.deepEqual(types, f.nullable ? [base, 'null'].sort() : [base], `${where}: type ${JSON.stringify(p.type)}`);
  if (f.type === 'string' && !f.format && !f.codes) { // a date or a code: its format or enum says it
    assert.equal(p.maxLength, f.max_length, `${where}: maxLength`);
    assert.equal(p.minLength, f.min_length, `${where}: minLength`);
  }
  if (f.type === 'string_list') {
    assert.equal(p.items?.type, 'string', `${where}: items`);
    assert.equal(p.maxItems, f.max_items, `${where}: maxItems`);
    if (!f.codes) assert.equal(p.items.maxLength, f.max_length, `${where}: items maxLength`);
    if (!f.codes) assert.equal(p.items.minLength, f.min_length, `${where}: items minLength`);
  }
  if (f.type === 'array') assert.equal(p.maxItems, f.max_items, `${where}: maxItems`);
  if (f.type === 'integer') {
    assert.equal(p.minimum, f.minimum, `${where}: minimum`);
    assert.equal(p.maximum, f.maximum, `${where}: maximum`);
  }
  const en = f.type === 'string_list' ? p.items?.enum : p.enum;
  const codes = en ? en.filter((c) => c !== null) : undefined;
  assert.deepEqual(codes, f.codes, `${where}: enum (the vocabulary ${f.vocab})`);
  assert.equal(p.format, f.format, `${where}: format`);
  assert.equal(p.description, f.doc, `${where}: description`);
  assert.equal(p.readOnly, f.read_only ? true : undefined, `${where}: readOnly`);
}

for (const k of kinds) {
  test(`${k.name}: openapi.json's ${title(k.name)}Input is the descriptor's fields`, () => {
    const s = schemas[`${title(k.name)}Input`];
    assert.ok(s, `no ${title(k.name)}Input schema`);
    assert.deepEqual(Object.keys(s.properties).sort(), k.fields.map((f) => f.name).sort(), 'field names');
    assert.deepEqual([...(s.required || [])].sort(), k.fields.filter((f) => f.required).map((f) => f.name).sort(), 'required fields');
    assert.equal(s.additionalProperties, false);
    for (const f of k.fields) sameField(`${title(k.name)}Input.${f.name}`, f, s.properties[f.name]);
  });

  test(`${k.name}: openapi.json's ${title(k.name)}Status is the descriptor's states`, () => {
    assert.deepEqual(schemas[`${title(k.name)}Status`]?.enum, k.statuses);
  });

  test(`${k.name}: the transition body documents the descriptor's fields and actions`, () => {
    const s = schemas.Transition;
    for (const f of k.transition_fields.filter((x) => x.name !== 'action')) sameField(`Transition.${f.name}`, f, s.properties[f.name]);
    const actions = s.properties.action.enum;
    for (const t of k.workflow.filter((x) => !x.system)) assert.ok(actions.includes(t.action), `Transition.action lacks ${t.action}`);
  });

  test(`${k.name}: the web form sends and shows exactly the descriptor's fields`, (t) => {
    if (k.shared && !existsSync(formFile(k))) {
      // a kind the engine serves alone has no form of its own: the generic form is built from
      // GET /api/v1/kinds at run time (tests/browser covers it)
      t.diagnostic('generated from the descriptor');
      return;
    }
    const src = readFileSync(formFile(k), 'utf8');
    const m = /const FIELDS = \[([^\]]*)\]/.exec(src);
    assert.ok(m, `${formFile(k)} declares no FIELDS`);
    const listed = [...m[1].matchAll(/'([a-z_]+)'/g)].map((x) => x[1]);
    assert.deepEqual(listed.sort(), k.fields.map((f) => f.name).sort());
  });
}

test('the web UI offers a button for every action a user may take, and for no other', () => {
  const src = readFileSync(resolve(ROOT, 'web/src/lib/workflow.js'), 'utf8');
  for (const [k, name] of [['achievement', 'ACH_ACTIONS'], ['demand', 'DEM_ACTIONS']]) {
    const m = new RegExp(`export const ${name} = \\{([\\s\\S]*?)\\n\\};`).exec(src);
    assert.ok(m, `workflow.js has no ${name}`);
    const shown = [...m[1].matchAll(/^\s+(\w+):/gm)].map((x) => x[1]).sort();
    const kind = kinds.find((x) => x.name === k);
    assert.deepEqual(shown, [...new Set(kind.workflow.filter((t) => !t.system).map((t) => t.action))].sort(), name);
  }
});

test('openapi.json holds the contract of every shared kind exactly as its descriptor gives it (make openapi)', () => {
  const shared = kinds.filter((k) => k.shared);
  assert.ok(shared.length >= 1);
  assert.deepEqual(withKinds(openapi, kinds), openapi, 'run make openapi');
  for (const k of shared) {
    for (const p of ['', '/export', '/{id}', '/{id}/transitions', '/{id}/history']) assert.ok(openapi.paths[`/api/v1/${k.path}${p}`], `${k.path}${p}`);
    // every filter of the list is a documented parameter
    const params = openapi.paths[`/api/v1/${k.path}`].get.parameters.map((x) => x.name ?? x.$ref.split('/').pop());
    for (const f of k.list.filters) assert.ok(params.includes(f.name), `${k.path}: filter ${f.name}`);
  }
});

test('every action of every kind is one the transition body accepts, and no other', () => {
  const all = new Set(kinds.flatMap((k) => k.workflow.filter((t) => !t.system).map((t) => t.action)));
  assert.deepEqual([...schemas.Transition.properties.action.enum].sort(), [...all].sort());
});

test('GET /api/v1/kinds serves the same descriptors, to anyone, cacheable', async () => {
  const s = await startServer();
  try {
    const r = await api(s.url, 'GET', '/api/v1/kinds');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.items, kinds);
    assert.match(r.headers.get('cache-control'), /public/);
    // every field a form shows has its zh-CN name
    for (const k of kinds) for (const f of k.fields) assert.ok(f.label, `${k.name}.${f.name} has no label`);
  } finally {
    await s.stop();
    s.cleanup();
  }
});
