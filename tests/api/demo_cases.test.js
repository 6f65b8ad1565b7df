'use strict';
// The demo's synthetic cases (`takamul demo`, setting demo_cases_per_kind): of each kind, across the governorates, at
// every stage, made through the cases' own rules, so that their history, tasks and audit rows are the real ones.
// The other API tests run without them (demo_cases_per_kind=0).

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, cli } = require('./lib/server');
const { client } = require('./lib/client');

const PER_KIND = 24;
let srv;
let api;
let manager;

before(async () => {
  srv = await startServer({ demoCases: PER_KIND });
  api = client(srv.base);
  manager = await api.loginAs('manager');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

test('every kind, across the governorates, at every stage, each with its principal person', async () => {
  // the ministry's manager sees the normal cases of every ministry unit
  const cases = await api.listAll('/api/v1/cases?limit=200', manager);
  const byKind = {};
  for (const c of cases) byKind[c.kind] = (byKind[c.kind] || 0) + 1;
  assert.deepEqual(byKind, { family_violence: PER_KIND, juvenile_conflict: PER_KIND, juvenile_protection: PER_KIND, inmate_family: PER_KIND });
  assert.equal(new Set(cases.map((c) => c.governorate)).size, 12, 'not across the 12 governorates');
  assert.deepEqual([...new Set(cases.map((c) => c.stage))].sort(),
    ['assessment', 'case_plan', 'closed', 'follow_up', 'implementation', 'registration']);
  for (const item of cases.slice(0, 12)) {
    const c = (await api.request('GET', `/api/v1/cases/${item.id}`, manager)).body;
    const persons = (await api.request('GET', `/api/v1/cases/${c.id}/persons`, manager)).body.items;
    const principal = { family_violence: 'victim', juvenile_conflict: 'juvenile', juvenile_protection: 'juvenile', inmate_family: 'inmate' }[c.kind];
    assert.ok(persons.some((p) => p.role === principal), `${c.reference} has no ${principal}`);
    assert.ok(c.summary && /[\u0600-\u06FF]/.test(c.summary), `${c.reference}: no Arabic summary`);
  }
  const closed = cases.find((c) => c.stage === 'closed');
  const history = (await api.request('GET', `/api/v1/cases/${closed.id}/history`, manager)).body.items.map((e) => e.action);
  assert.equal(history[0], 'case.approve_closure');
  assert.equal(history[history.length - 1], 'case.create');
});

test("the Amman demo users work their own office's cases: the caseworker has tasks, the supervisor has assignments waiting", async () => {
  const caseworker = await api.loginAs('caseworker');
  const mine = (await api.request('GET', '/api/v1/tasks?scope=mine&limit=200', caseworker)).body.items;
  assert.ok(mine.length > 0, 'the demo caseworker has no tasks');
  const supervisor = await api.loginAs('supervisor');
  const waiting = (await api.request('GET', '/api/v1/tasks?scope=mine&limit=200', supervisor)).body.items;
  assert.ok(waiting.some((t) => t.kind === 'assignment' || t.kind === 'closure_approval'), JSON.stringify(waiting));
});

test('the audit chain of the demo holds', async () => {
  const r = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
