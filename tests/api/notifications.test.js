'use strict';
// Notifications (docs/api.md, "Notifications"): derived from the records when read, each kind reaches the right user
// and nobody else (a colleague, another unit, a user who does not see a restricted case), links to its record, names
// it by its reference and kind alone (never a person or the case's text), is marked read one by one or all at once,
// and comes back unread when a new event happens to the same record. Bad bodies and queries are refused naming the
// field. Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, sleep } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};
const U = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'monitor', 'manager', 'committee', 'admin', 'auditor']) S[name] = await api.loginAs(name);
  for (const u of await api.listUnits(S.admin)) U[u.code] = u;
  const make = async (code, roles, fullName) => {
    const made = await api.createUser(S.admin, { unit_id: U[code].id, roles, full_name: fullName });
    return api.login(made.username, made.password);
  };
  S.colleague = await make('SSO-AMM', ['caseworker'], 'زميلة في مكتب عمان');
  S.irbidWorker = await make('SSO-IRB', ['caseworker'], 'أخصائية إربد');
  S.irbidSupervisor = await make('SSO-IRB', ['supervisor'], 'مشرف إربد');
  S.zarqaWorker = await make('SSO-ZAR', ['caseworker'], 'أخصائي الزرقاء');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

// The user's notifications (all of them, or with a query).
async function bell(who, query = '?limit=200') {
  const r = await api.request('GET', `/api/v1/notifications${query}`, who);
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.body.items), r.text);
  assert.equal(typeof r.body.unread_count, 'number');
  return r.body;
}

// The user's notifications about one record, of one kind.
async function about(who, kind, objectId) {
  return (await bell(who)).items.filter((n) => n.kind === kind && n.object_id === objectId);
}

async function markRead(who, body) {
  const r = await api.request('POST', '/api/v1/notifications/read', { ...who, body });
  assert.equal(r.status, 204, r.text);
}

const key = (n) => ({ kind: n.kind, object_id: n.object_id, at: n.at });

async function newCase(kind, extra = {}, who = S.caseworker) {
  const r = await api.request('POST', '/api/v1/cases', { ...who, body: { kind, summary: 'نص سري من ملف الحالة', ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function assign(c, userId, role = 'caseworker', who = S.supervisor) {
  const r = await api.request('POST', `/api/v1/cases/${c.id}/assignments`, { ...who, body: { user_id: userId, role } });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function studyAct(s, action, who, extra = {}) {
  const r = await api.request('POST', `/api/v1/studies/${s.id}/transitions`, { ...who, body: { action, version: s.version, ...extra } });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.body;
}

// A juvenile protection case of the caseworker's with a study written in full and submitted.
async function submittedStudy() {
  const c = await newCase('juvenile_protection', { assign_me: true });
  let r = await api.request('POST', `/api/v1/cases/${c.id}/studies`, { ...S.caseworker, body: {} });
  assert.equal(r.status, 201, r.text);
  const s = r.body;
  const sections = s.template_sections.map((x) => ({ key: x.key, body: `نص القسم: ${x.title_ar}` }));
  r = await api.request('PUT', `/api/v1/studies/${s.id}`, { ...S.caseworker, body: { version: s.version, sections } });
  assert.equal(r.status, 200, r.text);
  return { c, s: await studyAct(r.body, 'submit', S.caseworker) };
}

async function person(first, extra = {}) {
  const r = await api.request('POST', '/api/v1/persons', { ...S.caseworker, body: { first_name: first, father_name: 'سالم', family_name: 'الحديد', sex: 'male', ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// A child's case (no consent needed to refer it), referred or transferred to unit.
async function referred(kind, unit, who = S.caseworker) {
  const child = await person('سليم', { birth_date: '2014-05-05' });
  const c = await newCase('juvenile_protection', { persons: [{ person_id: child.id, role: 'juvenile' }] });
  const body = kind === 'transfer'
    ? { kind, to_unit_id: unit.id, reason: 'سبب الإحالة السري', urgency: 'urgent' }
    : { kind, to_unit_id: unit.id, reason: 'سبب الإحالة السري', urgency: 'urgent', sections: ['summary'] };
  const r = await api.request('POST', `/api/v1/cases/${c.id}/referrals`, { ...who, body });
  assert.equal(r.status, 201, r.text);
  return { c, r: r.body };
}

test('a study submitted reaches the unit\'s supervisor; returned and approved it reaches its author alone, and comes back unread at each new event', async () => {
  const { c, s } = await submittedStudy();
  // the supervisor's review queue
  const [waiting] = await about(S.supervisor, 'study_submitted', s.id);
  assert.ok(waiting, 'the supervisor is told of the study to review');
  assert.equal(waiting.object_type, 'study');
  assert.equal(waiting.href, `#/studies/${s.id}`);
  assert.equal(waiting.reference, c.reference);
  assert.equal(waiting.case_kind, 'juvenile_protection');
  assert.equal(waiting.template_name_en, s.template_name_en);
  assert.equal(waiting.read, false);
  for (const who of [S.caseworker, S.colleague, S.irbidSupervisor]) assert.deepEqual(await about(who, 'study_submitted', s.id), []);

  let returned = await studyAct(s, 'return', S.supervisor, { comment: 'تعليق المشرفة السري على الدراسة' });
  assert.deepEqual(await about(S.supervisor, 'study_submitted', s.id), [], 'nothing to review any more');
  const before = await bell(S.caseworker);
  const [back] = before.items.filter((n) => n.kind === 'study_returned' && n.object_id === s.id);
  assert.ok(back, 'the author is told her study came back');
  assert.equal(back.read, false);
  assert.equal(back.href, `#/studies/${s.id}`);
  assert.equal(back.at, returned.reviewed_at);
  // what happened and to which record, never the comment, the case's text or who is in it
  const text = JSON.stringify(before);
  for (const secret of ['تعليق المشرفة', 'نص سري', 'نص القسم', 'سليم']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
  for (const who of [S.colleague, S.supervisor, S.irbidWorker, S.monitor]) assert.deepEqual(await about(who, 'study_returned', s.id), []);

  // marked read it stays read, and out of the unread list
  await markRead(S.caseworker, { items: [key(back)] });
  const after = await bell(S.caseworker);
  assert.equal(after.unread_count, before.unread_count - 1);
  assert.equal(after.items.find((n) => n.kind === 'study_returned' && n.object_id === s.id).read, true);
  const unread = await bell(S.caseworker, '?unread=true');
  assert.ok(!unread.items.some((n) => n.object_id === s.id && n.kind === 'study_returned'));
  assert.ok(unread.items.every((n) => !n.read));
  assert.equal(unread.unread_count, after.unread_count);

  // submitted again and returned again: a new event, unread again (times are to the second)
  await sleep(1100);
  let again = await studyAct(returned, 'submit', S.caseworker);
  assert.equal((await about(S.supervisor, 'study_submitted', s.id)).length, 1);
  returned = await studyAct(again, 'return', S.supervisor, { comment: 'مرة أخرى' });
  let [second] = await about(S.caseworker, 'study_returned', s.id);
  assert.equal(second.read, false, 'returned again: unread again');
  assert.notEqual(second.at, back.at);
  // approved: told once more, and the returned one is gone
  again = await studyAct(returned, 'submit', S.caseworker);
  await studyAct(again, 'approve', S.supervisor);
  assert.deepEqual(await about(S.caseworker, 'study_returned', s.id), []);
  const [approved] = await about(S.caseworker, 'study_approved', s.id);
  assert.equal(approved.read, false);
  assert.deepEqual(await about(S.colleague, 'study_approved', s.id), []);
});

test('a referral to a unit reaches its working users, a transfer only its supervisors; never the sender, another unit or a manager', async () => {
  const { c, r } = await referred('referral', U['SSO-IRB']);
  for (const who of [S.irbidWorker, S.irbidSupervisor]) {
    const [n] = await about(who, 'referral_received', r.id);
    assert.ok(n, 'the receiving unit is told');
    assert.equal(n.object_type, 'referral');
    assert.equal(n.href, `#/referrals/${r.id}`);
    assert.equal(n.reference, c.reference);
    assert.equal(n.urgency, 'urgent');
    assert.equal(n.from_unit_name_ar, U['SSO-AMM'].name_ar);
    assert.equal(n.from_unit_name_en, U['SSO-AMM'].name_en);
    assert.equal(n.at, r.sent_at);
    assert.ok(!JSON.stringify(n).includes('سبب الإحالة'), 'never the reason');
  }
  for (const who of [S.caseworker, S.supervisor, S.colleague, S.zarqaWorker, S.manager]) {
    assert.deepEqual(await about(who, 'referral_received', r.id), []);
  }
  // answered, it asks nothing more
  const accepted = await api.request('POST', `/api/v1/referrals/${r.id}/transitions`, { ...S.irbidWorker, body: { action: 'accept', version: r.version } });
  assert.equal(accepted.status, 200, accepted.text);
  assert.deepEqual(await about(S.irbidSupervisor, 'referral_received', r.id), []);

  const { r: t } = await referred('transfer', U['SSO-IRB'], S.supervisor);
  const [n] = await about(S.irbidSupervisor, 'transfer_received', t.id);
  assert.ok(n, 'the receiving supervisor is told of the transfer');
  assert.equal(n.href, `#/referrals/${t.id}`);
  for (const who of [S.irbidWorker, S.supervisor, S.caseworker, S.zarqaWorker]) assert.deepEqual(await about(who, 'transfer_received', t.id), []);
});

test('an assignment by the supervisor reaches the worker assigned; taking a case oneself does not; a restricted case only while assigned', async () => {
  const c = await newCase('inmate_family');
  const view = await assign(c, S.colleague.user.id);
  const [n] = await about(S.colleague, 'case_assigned', c.id);
  assert.ok(n, 'the worker assigned is told');
  assert.equal(n.object_type, 'case');
  assert.equal(n.href, `#/cases/${c.id}`);
  assert.equal(n.role, 'caseworker');
  assert.equal(n.reference, c.reference);
  assert.equal(n.case_kind, 'inmate_family');
  assert.equal(n.at, view.assignments.find((a) => a.user_id === S.colleague.user.id).assigned_at);
  for (const who of [S.caseworker, S.supervisor, S.irbidWorker]) assert.deepEqual(await about(who, 'case_assigned', c.id), []);
  // one's own case
  const mine = await newCase('inmate_family', { assign_me: true });
  assert.deepEqual(await about(S.caseworker, 'case_assigned', mine.id), []);

  // a restricted case: the colleague is told while assigned; the caseworker of the same unit never
  const secret = await newCase('family_violence', { sensitivity: 'restricted' }, S.supervisor);
  const assigned = await assign(secret, S.colleague.user.id);
  assert.equal((await about(S.colleague, 'case_assigned', secret.id)).length, 1);
  const due = (await bell(S.colleague)).items.filter((x) => x.object_id === secret.id && x.kind.startsWith('task_'));
  assert.deepEqual(due.map((x) => x.task), ['first_response'], 'her task on it');
  for (const who of [S.caseworker, S.irbidWorker, S.manager]) {
    assert.ok(!(await bell(who)).items.some((x) => x.object_type === 'case' && x.object_id === secret.id));
  }
  const assignment = assigned.assignments.find((a) => a.user_id === S.colleague.user.id);
  const removed = await api.request('DELETE', `/api/v1/cases/${secret.id}/assignments/${assignment.id}`, S.supervisor);
  assert.ok(removed.status === 200 || removed.status === 204, removed.text);
  assert.ok(!(await bell(S.colleague)).items.some((x) => x.object_id === secret.id && x.object_type === 'case'), 'no longer hers: nothing of it');
});

test('a task of one\'s cases falling due within notify_task_hours, or overdue; not one due later; a new due time is unread again', async () => {
  const iso = (msAgo) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');
  const soon = await newCase('family_violence', { assign_me: true, reported_at: iso(2 * 3600e3) });
  const late = await newCase('family_violence', { assign_me: true, reported_at: iso(30 * 3600e3) });
  const later = await newCase('juvenile_conflict', { assign_me: true });
  const today = new Date(Date.now() + 3 * 3600e3).toISOString().slice(0, 10);
  const inTen = new Date(Date.now() + 3 * 3600e3 + 9 * 86400e3).toISOString().slice(0, 10);
  const ordered = await api.request('POST', `/api/v1/cases/${later.id}/detention-orders`, { ...S.caseworker, body: { authority: 'prosecutor', order_number: 'ت/7', order_date: today, starts_on: today, ends_on: inTen } });
  assert.equal(ordered.status, 201, ordered.text);
  const items = (await bell(S.caseworker)).items;
  const [dueSoon] = items.filter((n) => n.object_id === soon.id && n.kind === 'task_due');
  assert.ok(dueSoon, 'the first response due in 22 hours');
  assert.equal(dueSoon.task, 'first_response');
  assert.equal(dueSoon.href, `#/cases/${soon.id}`);
  assert.equal(Date.parse(dueSoon.at), Date.parse(soon.reported_at) + 24 * 3600e3);
  const [overdue] = items.filter((n) => n.object_id === late.id && n.kind === 'task_overdue');
  assert.ok(overdue, 'the first response overdue');
  assert.equal(overdue.task, 'first_response');
  assert.ok(!items.some((n) => n.object_id === later.id), 'detention due in ten days: not yet');
  for (const who of [S.colleague, S.irbidWorker]) assert.ok(!(await bell(who)).items.some((n) => n.object_id === soon.id));

  // read, then the case is changed so that the task falls due at another time: unread again
  await markRead(S.caseworker, { items: [key(dueSoon), key(overdue)] });
  assert.equal((await about(S.caseworker, 'task_due', soon.id))[0].read, true);
  assert.equal((await about(S.caseworker, 'task_overdue', late.id))[0].read, true);
  const changed = await api.request('PATCH', `/api/v1/cases/${soon.id}`, { ...S.caseworker, body: { version: soon.version, reported_at: iso(3 * 3600e3) } });
  assert.equal(changed.status, 200, changed.text);
  const [moved] = await about(S.caseworker, 'task_due', soon.id);
  assert.equal(moved.read, false);
  assert.notEqual(moved.at, dueSoon.at);

  // the setting: with notify_task_hours=1, a task due in 22 hours is not news yet, one due in half an hour is
  const narrow = await startServer({ extraArgs: ['--set', 'notify_task_hours=1'] });
  try {
    const other = client(narrow.base);
    const me = await other.loginAs('caseworker');
    const made = [];
    for (const ago of [2 * 3600e3, 23.5 * 3600e3]) {
      const r = await other.request('POST', '/api/v1/cases', { ...me, body: { kind: 'family_violence', assign_me: true, reported_at: iso(ago) } });
      assert.equal(r.status, 201, r.text);
      made.push(r.body.id);
    }
    const r = await other.request('GET', '/api/v1/notifications?limit=200', me);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.filter((n) => n.kind === 'task_due').map((n) => n.object_id), [made[1]]);
  } finally {
    await narrow.stop();
    narrow.cleanup();
  }
});

test('marking all read; limit and unread; an event no longer current is ignored; reads and marks are audited', async () => {
  await submittedStudy();
  const all = await bell(S.supervisor);
  assert.ok(all.unread_count >= 2, JSON.stringify(all));
  const one = await bell(S.supervisor, '?limit=1');
  assert.equal(one.items.length, 1);
  assert.equal(one.unread_count, all.unread_count, 'the count is of them all');
  // newest first
  const times = all.items.map((n) => Date.parse(n.at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  // an event that is not the user's (another user's, or gone) changes nothing
  await markRead(S.supervisor, { items: [{ kind: 'study_returned', object_id: 999999, at: '2026-01-01T00:00:00Z' }] });
  assert.equal((await bell(S.supervisor)).unread_count, all.unread_count);
  await markRead(S.supervisor, { all: true });
  const none = await bell(S.supervisor, '?unread=true');
  assert.equal(none.unread_count, 0);
  assert.deepEqual(none.items, []);
  assert.ok((await bell(S.supervisor)).items.every((n) => n.read));
  // another user's are untouched
  assert.ok((await bell(S.caseworker)).unread_count > 0);

  const audit = await api.request('GET', `/api/v1/audit?user_id=${S.supervisor.user.id}&limit=200`, S.auditor);
  assert.equal(audit.status, 200, audit.text);
  const actions = audit.body.items.map((row) => row.action);
  assert.ok(actions.includes('notification.list'), actions.join(' '));
  const marks = audit.body.items.filter((row) => row.action === 'notification.read');
  assert.ok(marks.some((row) => /all/.test(row.detail || '')), JSON.stringify(marks));
});

test('who may ask, and bad queries and bodies are refused naming the field, nothing marked', async () => {
  assertError(await api.request('GET', '/api/v1/notifications'), 401, 'auth.required');
  for (const who of [S.admin, S.committee]) assertError(await api.request('GET', '/api/v1/notifications', who), 403, 'auth.forbidden');
  // the auditors are told of every break-glass use (tests/api/break_glass.test.js), and of nothing about cases
  const told = await api.request('GET', '/api/v1/notifications', S.auditor);
  assert.equal(told.status, 200, told.text);
  assert.ok(told.body.items.every((n) => n.kind === 'break_glass'), told.text);
  assertError(await api.request('POST', '/api/v1/notifications/read', { ...S.admin, body: { all: true } }), 403, 'auth.forbidden');
  assertError(await api.request('POST', '/api/v1/notifications/read', { cookie: S.caseworker.cookie, body: { all: true } }), 403, 'csrf.missing');
  assertError(await api.request('GET', '/api/v1/notifications?unread=yes', S.caseworker), 400, 'query.invalid', ['unread']);
  assertError(await api.request('GET', '/api/v1/notifications?limit=201', S.caseworker), 400, 'query.invalid', ['limit']);
  assertError(await api.request('GET', '/api/v1/notifications?limit=-1', S.caseworker), 400, 'query.invalid', ['limit']);
  assertError(await api.request('GET', '/api/v1/notifications?read=false', S.caseworker), 400, 'query.unknown', ['read']);

  const before = await bell(S.caseworker);
  assert.ok(before.unread_count > 0);
  const target = before.items.find((n) => !n.read);
  const post = (body, headers) => api.request('POST', '/api/v1/notifications/read', { ...S.caseworker, body, headers });
  const good = key(target);
  const cases = [
    [{}, 'field.required', ['items']],
    [{ items: [] }, 'field.required', ['items']],
    [{ all: false }, 'field.invalid', ['all']],
    [{ all: true, items: [good] }, 'field.invalid', ['all']],
    [{ all: 'yes' }, 'field.type', ['all']],
    [{ items: good }, 'field.type', ['items']],
    [{ items: [good, 'x'] }, 'field.type', ['items']],
    [{ items: [good], colour: 'red' }, 'field.unknown', ['colour']],
    [{ items: [{ ...good, kind: 'gossip' }] }, 'field.code', ['items[0].kind']],
    [{ items: [good, { ...good, kind: 7 }] }, 'field.type', ['items[1].kind']],
    [{ items: [{ kind: good.kind, at: good.at }] }, 'field.required', ['items[0].object_id']],
    [{ items: [{ ...good, object_id: 0 }] }, 'field.invalid', ['items[0].object_id']],
    [{ items: [{ ...good, object_id: '5' }] }, 'field.type', ['items[0].object_id']],
    [{ items: [{ ...good, at: '2026-02-30T00:00:00Z' }] }, 'field.time', ['items[0].at']],
    [{ items: [{ ...good, at: null }] }, 'field.type', ['items[0].at']],
    [{ items: [{ ...good, why: 'x' }] }, 'field.unknown', ['items[0]']],
    [{ items: Array.from({ length: 51 }, () => good) }, 'field.too_long', ['items']],
  ];
  for (const [body, code, fields] of cases) assertError(await post(body), 400, code, fields);
  assertError(await api.request('POST', '/api/v1/notifications/read', { ...S.caseworker, rawBody: '{"all": tru' }), 400, 'body.invalid_json');
  // in English too
  const english = await post({ items: [{ ...good, kind: 'gossip' }] }, { 'Accept-Language': 'en' });
  assertError(english, 400, 'field.code', ['items[0].kind']);
  assert.match(english.body.error.message, /Not a value of this list/);
  // nothing was marked
  const after = await bell(S.caseworker);
  assert.equal(after.unread_count, before.unread_count);
  assert.equal(after.items.find((n) => n.kind === target.kind && n.object_id === target.object_id && n.at === target.at).read, false);
});
