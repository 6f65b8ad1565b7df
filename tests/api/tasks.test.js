'use strict';
// The task list (docs/api.md, "Tasks"): on a demo of about a thousand open tasks, paging with next_cursor returns each
// task once whatever the page size, most urgent first (overdue on high-risk cases, then overdue, then the rest, each
// soonest first), with the real total and overdue counts; the filters by kind, unit, case and due_before (an ISO time
// with an offset) narrow it; bad cursors and filters are refused. Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};

before(async () => {
  srv = await startServer({ demoCases: 300 });
  api = client(srv.base);
  for (const name of ['manager', 'supervisor', 'caseworker']) S[name] = await api.loginAs(name);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (path, who) => api.request('GET', path, who);

async function everyPage(query, who, limit) {
  const seen = [];
  let cursor = null;
  let first = null;
  for (let page = 0; page < 200; page++) {
    const r = await get(`/api/v1/tasks?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, who);
    assert.equal(r.status, 200, r.text);
    if (!first) first = r.body;
    assert.ok(r.body.items.length <= limit);
    seen.push(...r.body.items);
    cursor = r.body.next_cursor;
    if (!cursor) return { seen, first };
  }
  throw new Error('the pages never ended');
}

test('paging through a thousand tasks returns each one once, most urgent first, with the real counts', async () => {
  const { seen, first } = await everyPage('scope=all', S.manager, 37);
  assert.ok(first.total >= 700, `only ${first.total} tasks in the demo`);
  assert.equal(seen.length, first.total, 'the pages do not add up to the total');
  assert.equal(new Set(seen.map((t) => t.id)).size, seen.length, 'a task came twice');
  const rank = (t) => (t.overdue && t.risk_level === 'high' ? 0 : t.overdue ? 1 : 2);
  for (let i = 1; i < seen.length; i++) {
    const a = seen[i - 1];
    const b = seen[i];
    assert.ok(rank(a) < rank(b) || (rank(a) === rank(b) && a.due_at <= b.due_at), `out of order at ${i}: ${JSON.stringify([a, b])}`);
  }
  assert.equal(seen.filter((t) => t.overdue).length, first.overdue);
  assert.equal(seen.filter((t) => t.overdue && t.risk_level === 'high').length, first.overdue_high_risk);
  assert.ok(first.overdue_high_risk > 0 && first.overdue > first.overdue_high_risk, JSON.stringify(first));
  // another page size, the same tasks (their order may move as time makes some overdue)
  const { seen: again } = await everyPage('scope=all', S.manager, 200);
  assert.deepEqual(again.map((t) => t.id).sort(), seen.map((t) => t.id).sort());
});

test('the filters: kind, unit, case, overdue, due_before with an offset; bad ones refused', async () => {
  const all = (await everyPage('scope=all', S.manager, 200)).seen;
  const kind = all[0].kind;
  const { seen: byKind, first } = await everyPage(`scope=all&kind=${kind}`, S.manager, 50);
  assert.equal(first.total, all.filter((t) => t.kind === kind).length);
  assert.ok(byKind.every((t) => t.kind === kind));
  const caseId = all[all.length - 1].case_id;
  const byCase = await get(`/api/v1/tasks?scope=all&case_id=${caseId}`, S.manager);
  assert.deepEqual(byCase.body.items.map((t) => t.id).sort(), all.filter((t) => t.case_id === caseId).map((t) => t.id).sort());
  // overdue at the moment the server answers: between those past due when it was asked and when it answered
  const asked = new Date().toISOString();
  const overdue = await get('/api/v1/tasks?scope=all&overdue=true&limit=1', S.manager);
  const answered = new Date(Date.now() + 1000).toISOString();
  const dueBy = (moment) => all.filter((t) => t.due_at < moment).length;
  assert.ok(overdue.body.total >= dueBy(asked.replace(/\.\d+Z$/, 'Z')) - 1 && overdue.body.total <= dueBy(answered), `${overdue.body.total} overdue`);
  // due before a moment given in Amman time: the same as that moment in UTC
  const moment = all[Math.floor(all.length / 2)].due_at;
  const amman = new Date(Date.parse(moment) + 3 * 3600e3).toISOString().replace('Z', '+03:00');
  const before = await get(`/api/v1/tasks?scope=all&limit=1&due_before=${encodeURIComponent(amman)}`, S.manager);
  assert.equal(before.status, 200, before.text);
  assert.equal(before.body.total, all.filter((t) => t.due_at < moment).length);
  const unit = await get('/api/v1/tasks?scope=all&limit=1&unit_id=999999', S.manager);
  assert.equal(unit.body.total, 0);
  assertError(await get('/api/v1/tasks?cursor=abc', S.manager), 400, 'query.invalid', ['cursor']);
  assertError(await get('/api/v1/tasks?cursor=1.7.1.1', S.manager), 400, 'query.invalid', ['cursor']);
  assertError(await get('/api/v1/tasks?kind=lunch', S.manager), 400, 'query.invalid', ['kind']);
  assertError(await get('/api/v1/tasks?due_before=2026-13-01T00:00:00Z', S.manager), 400, 'query.invalid', ['due_before']);
});
