'use strict';
// The follow-up schedule of a case (docs/api.md, "Follow-up schedule"): planning contacts ahead, recording one with a
// note, cancelling one with a reason, the follow-up task from the next contact, what leaving implementation needs,
// bad input, and who may do what. Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'manager', 'admin', 'auditor']) S[name] = await api.loginAs(name);
  const units = await api.listUnits(S.admin);
  const other = await api.createUser(S.admin, { unit_id: units.find((u) => u.code === 'SSO-IRB').id, roles: ['caseworker'], full_name: 'عاملة من إربد' });
  S.otherUnit = await api.login(other.username, other.password);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const DAY = 24 * 3600 * 1000;
// a date in Amman (UTC+3), days from today
const ammanDate = (days = 0) => new Date(Date.now() + 3 * 3600 * 1000 + days * DAY).toISOString().slice(0, 10);
// the end of that day in Amman, as epoch milliseconds
const endOfAmmanDay = (date) => Date.parse(`${date}T00:00:00Z`) - 3 * 3600 * 1000 + DAY;

async function create(who = S.caseworker) {
  const r = await api.request('POST', '/api/v1/cases', { ...who, body: { kind: 'family_violence', summary: 'متابعة أسرة' } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

function plan(c, body, who = S.caseworker) {
  return api.request('POST', `/api/v1/cases/${c.id}/followups`, { ...who, body });
}

async function schedule(c, who = S.caseworker) {
  const r = await api.request('GET', `/api/v1/cases/${c.id}/followups`, who);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

async function followUpTask(c) {
  const r = await api.request('GET', `/api/v1/cases/${c.id}/tasks`, S.caseworker);
  assert.equal(r.status, 200, r.text);
  return r.body.items.find((t) => t.kind === 'follow_up');
}

test('planning a series: the contacts every N days, soonest first, and the follow-up task at the next one', async () => {
  const c = await create();
  assert.equal(await followUpTask(c), undefined);
  const first = ammanDate(3);
  const r = await plan(c, { kind: 'home_visit', first_on: first, every_days: 7, count: 4, participants: 'الأم والطفلة' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.items.map((f) => f.due_on), [first, ammanDate(10), ammanDate(17), ammanDate(24)]);
  for (const f of r.body.items) {
    assert.equal(f.kind, 'home_visit');
    assert.equal(f.status, 'planned');
    assert.equal(f.overdue, false);
    assert.equal(f.participants, 'الأم والطفلة');
    assert.equal(f.created_by_name, S.caseworker.user.full_name);
    assert.equal(f.note_id, null);
  }
  const listed = await schedule(c);
  assert.deepEqual(listed.map((f) => f.id), r.body.items.map((f) => f.id));
  const read = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  assert.equal(read.next_planned_follow_up, first);
  assert.equal(Date.parse((await followUpTask(c)).due_at), endOfAmmanDay(first));
  // a single call before the series becomes the next contact, and the task moves to it
  const call = await plan(c, { kind: 'call', first_on: ammanDate(1) });
  assert.equal(call.status, 201, call.text);
  assert.equal(call.body.items.length, 1);
  assert.equal(Date.parse((await followUpTask(c)).due_at), endOfAmmanDay(ammanDate(1)));
  // the schedule is the one notion of the next follow-up: the case says the same, and has no date of its own
  const again = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  assert.equal(again.next_follow_up, ammanDate(1));
  assert.equal(again.next_planned_follow_up, ammanDate(1));
  const patched = await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.caseworker, body: { version: again.version, next_follow_up: ammanDate(0) } });
  assertError(patched, 400, 'field.unknown', ['next_follow_up']);
  // the history says what was planned
  const history = (await api.request('GET', `/api/v1/cases/${c.id}/history`, S.caseworker)).body.items;
  assert.ok(history.some((e) => e.action === 'case.followups.plan' && e.detail === `home_visit 4 ${first}`), JSON.stringify(history));
});

test('a contact recorded without naming the planned one records the earliest of its kind due by its day, and clears the overdue task', async () => {
  const c = await create();
  const visit = (await plan(c, { kind: 'home_visit', first_on: ammanDate(0) })).body.items[0];
  const call = (await plan(c, { kind: 'call', first_on: ammanDate(0) })).body.items[0];
  const later = (await plan(c, { kind: 'home_visit', first_on: ammanDate(5) })).body.items[0];
  const note = await api.request('POST', `/api/v1/cases/${c.id}/notes`, { ...S.caseworker, body: { kind: 'home_visit', occurred_on: ammanDate(0), body: 'زيارة تمت' } });
  assert.equal(note.status, 201, note.text);
  const items = await schedule(c);
  assert.equal(items.find((f) => f.id === visit.id).status, 'done', 'the planned visit of that day was not recorded');
  assert.equal(items.find((f) => f.id === call.id).status, 'planned', 'a contact of another kind was recorded');
  assert.equal(items.find((f) => f.id === later.id).status, 'planned', 'a later visit was recorded');
  // the task now falls on the next contact still planned: the call of today
  assert.equal(Date.parse((await followUpTask(c)).due_at), endOfAmmanDay(ammanDate(0)));
  // a plain note records nothing
  await api.request('POST', `/api/v1/cases/${c.id}/notes`, { ...S.caseworker, body: { kind: 'note', occurred_on: ammanDate(0), body: 'ملاحظة' } });
  assert.equal((await schedule(c)).find((f) => f.id === call.id).status, 'planned');
});

test('recording a planned contact with a note marks it done; the next contact becomes the task; a second record is refused', async () => {
  const c = await create();
  const made = (await plan(c, { kind: 'home_visit', first_on: ammanDate(0), every_days: 14, count: 2 })).body.items;
  const note = (body) => api.request('POST', `/api/v1/cases/${c.id}/notes`, { ...S.caseworker, body: { occurred_on: ammanDate(0), body: 'زيارة: الوضع مستقر', ...body } });
  // the note's kind must be the contact's
  assertError(await note({ kind: 'call', followup_id: made[0].id }), 400, 'case.followup_kind', ['followup_id']);
  // a follow-up of another case, or none at all
  const other = await create();
  const elsewhere = (await plan(other, { kind: 'home_visit', first_on: ammanDate(2) })).body.items[0];
  assertError(await note({ kind: 'home_visit', followup_id: elsewhere.id }), 404, 'not_found', ['followup_id']);
  assertError(await note({ kind: 'home_visit', followup_id: 99999999 }), 404, 'not_found', ['followup_id']);
  assertError(await note({ kind: 'home_visit', followup_id: 'one' }), 400, 'field.type', ['followup_id']);
  const notesBefore = (await api.request('GET', `/api/v1/cases/${c.id}/notes`, S.caseworker)).body.items.length;
  assert.equal(notesBefore, 0, 'a refused note was stored');

  const ok = await note({ kind: 'home_visit', followup_id: made[0].id });
  assert.equal(ok.status, 201, ok.text);
  const listed = await schedule(c);
  assert.equal(listed[0].status, 'done');
  assert.equal(listed[0].note_id, ok.body.id);
  assert.equal(listed[0].closed_by_name, S.caseworker.user.full_name);
  assert.ok(listed[0].closed_at);
  assert.equal(listed[1].status, 'planned');
  assert.equal(Date.parse((await followUpTask(c)).due_at), endOfAmmanDay(made[1].due_on));
  assertError(await note({ kind: 'home_visit', followup_id: made[0].id }), 409, 'case.followup_closed', ['followup_id']);
  assert.equal((await api.request('GET', `/api/v1/cases/${c.id}/notes`, S.caseworker)).body.items.length, 1);
});

test('cancelling a planned contact needs a reason; cancelled and done contacts stay in the schedule and cannot change', async () => {
  const c = await create();
  const made = (await plan(c, { kind: 'session', first_on: ammanDate(5), every_days: 30, count: 2 })).body.items;
  const cancel = (f, body, who = S.caseworker) => api.request('POST', `/api/v1/cases/${c.id}/followups/${f.id}/cancel`, { ...who, body });
  assertError(await cancel(made[0], {}), 400, 'field.required', ['reason']);
  assertError(await cancel(made[0], { reason: '' }), 400, 'field.required', ['reason']);
  const r = await cancel(made[0], { reason: 'انتقلت الأسرة إلى محافظة أخرى' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'cancelled');
  assert.equal(r.body.reason, 'انتقلت الأسرة إلى محافظة أخرى');
  assertError(await cancel(made[0], { reason: 'مرة ثانية' }), 409, 'case.followup_closed');
  assert.deepEqual((await schedule(c)).map((f) => f.status), ['cancelled', 'planned']);
  assert.equal(Date.parse((await followUpTask(c)).due_at), endOfAmmanDay(made[1].due_on));
  const last = await cancel(made[1], { reason: 'أُغلقت الخطة' });
  assert.equal(last.status, 200, last.text);
  assert.equal(await followUpTask(c), undefined, 'no contact left planned, no follow-up date: no task');
  // a follow-up id of another case
  const other = await create();
  assertError(await api.request('POST', `/api/v1/cases/${other.id}/followups/${made[1].id}/cancel`, { ...S.caseworker, body: { reason: 'x' } }), 404, 'not_found');
});

test('bad plans are refused with the field named, and nothing is stored', async () => {
  const c = await create();
  assertError(await plan(c, {}), 400, 'field.required', ['kind', 'first_on']);
  assertError(await plan(c, { kind: 'note', first_on: ammanDate(1) }), 400, 'field.code', ['kind']);
  assertError(await plan(c, { kind: 'visit', first_on: ammanDate(1) }), 400, 'field.code', ['kind']);
  assertError(await plan(c, { kind: 'call', first_on: '2026-02-30' }), 400, 'field.date', ['first_on']);
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(-1) }), 400, 'case.date_past', ['first_on']);
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(1), count: 53, every_days: 7 }), 400, 'field.range', ['count']);
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(1), count: 2, every_days: 366 }), 400, 'field.range', ['every_days']);
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(1), count: 3 }), 400, 'field.required', ['every_days']);
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(1), count: -1 }), 400, 'field.invalid', ['count']);
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(1), participants: 'x'.repeat(501) }), 400, 'field.too_long', ['participants']);
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(1), extra: 1 }), 400, 'field.unknown', ['extra']);
  assert.deepEqual(await schedule(c), []);
  // today is allowed
  assert.equal((await plan(c, { kind: 'call', first_on: ammanDate(0) })).status, 201);
});

test('leaving implementation needs a contact planned on the schedule', async () => {
  const victim = (await api.request('POST', '/api/v1/persons', { ...S.caseworker, body: { first_name: 'رنا', father_name: 'سالم', family_name: 'الشرع', sex: 'female' } })).body;
  let c = await create();
  await api.request('POST', `/api/v1/cases/${c.id}/persons`, { ...S.caseworker, body: { person_id: victim.id, role: 'victim' } });
  await api.request('POST', `/api/v1/cases/${c.id}/assignments`, { ...S.supervisor, body: { user_id: S.caseworker.user.id, role: 'caseworker' } });
  c = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  const move = async (to) => {
    const r = await api.request('POST', `/api/v1/cases/${c.id}/transitions`, { ...S.caseworker, body: { version: c.version, action: 'advance', to } });
    if (r.status === 200) c = r.body;
    return r;
  };
  assert.equal((await move('assessment')).status, 200);
  c = (await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.caseworker, body: { version: c.version, risk_level: 'low', risk_assessment: 'لا عوامل خطر' } })).body;
  assert.equal((await move('case_plan')).status, 200);
  const goal = await api.request('POST', `/api/v1/cases/${c.id}/goals`, { ...S.caseworker, body: { goal: 'سكن آمن', review_on: ammanDate(30) } });
  assert.equal(goal.status, 201, goal.text);
  c = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  assert.equal((await move('implementation')).status, 200);
  assertError(await move('follow_up'), 400, 'case.needs_follow_up', ['next_follow_up']);
  assert.equal((await plan(c, { kind: 'home_visit', first_on: ammanDate(7) })).status, 201);
  c = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  const r = await move('follow_up');
  assert.equal(r.status, 200, r.text);
  assert.equal(c.stage, 'follow_up');
  // closing the case cancels the contacts still planned: none stays planned (or overdue) on a closed case
  const ask = await api.request('POST', `/api/v1/cases/${c.id}/transitions`, { ...S.caseworker, body: { version: c.version, action: 'request_closure', reason: 'تحققت أهداف الخطة' } });
  assert.equal(ask.status, 200, ask.text);
  const closed = await api.request('POST', `/api/v1/cases/${c.id}/transitions`, { ...S.supervisor, body: { version: ask.body.version, action: 'approve_closure' } });
  assert.equal(closed.status, 200, closed.text);
  const left = await schedule(c);
  assert.deepEqual(left.map((f) => [f.status, f.overdue]), [['cancelled', false]]);
  assert.equal(left[0].reason, 'أُغلقت الحالة');
  assert.equal(closed.body.next_planned_follow_up, null);
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(1) }), 409, 'case.closed');
});

test('who may see and plan: the unit reads and writes; a manager reads; another unit, an administrator and an auditor get nothing; reads are audited', async () => {
  const c = await create();
  assert.equal((await plan(c, { kind: 'call', first_on: ammanDate(2) })).status, 201);
  assert.equal((await schedule(c, S.supervisor)).length, 1);
  assert.equal((await schedule(c, S.manager)).length, 1);
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(2) }, S.manager), 403, 'auth.forbidden');
  assertError(await api.request('GET', `/api/v1/cases/${c.id}/followups`, S.otherUnit), 404, 'not_found');
  assertError(await plan(c, { kind: 'call', first_on: ammanDate(2) }, S.otherUnit), 404, 'not_found');
  assertError(await api.request('GET', `/api/v1/cases/${c.id}/followups`, S.admin), 403, 'auth.forbidden');
  assertError(await api.request('GET', `/api/v1/cases/${c.id}/followups`, S.auditor), 403, 'auth.forbidden');
  // reads of the schedule are audited under the case
  const rows = await api.listAll(`/api/v1/audit?action=case.followups.read&object_type=case&object_id=${c.id}`, S.auditor);
  assert.equal(rows.length, 2, `audited reads: ${JSON.stringify(rows)}`); // the supervisor's and the manager's
  const denied = await api.listAll(`/api/v1/audit?action=case.read&outcome=denied&object_type=case&object_id=${c.id}`, S.auditor);
  assert.equal(denied.length, 2, 'the other unit\'s two attempts are audited as denied');
});
