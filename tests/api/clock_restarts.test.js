'use strict';
// Clocks that restart from the event that restarts them (docs/api.md, "Deadlines and tasks"): a reopened case has
// nothing overdue at the moment of its reopening and a family-violence case gets a new first response; a transferred
// case arrives with its assignment due after the transfer; an unassignment that leaves the case without its worker
// starts the assignment clock again; a behaviour monitor is the assignment of a juvenile's case; dates of what has
// happened cannot be in the future; a change of the inmate's centre is the transfer and starts the family's 48 hours;
// the juvenile's social study is a task for the monitor until it is submitted. Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};
const U = {};
const HOUR = 3600 * 1000;

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'officer', 'monitor', 'admin']) S[name] = await api.loginAs(name);
  for (const u of await api.listUnits(S.admin)) U[u.code] = u;
  const made = await api.createUser(S.admin, { unit_id: U['SSO-IRB'].id, roles: ['supervisor'], full_name: 'مشرفة إربد للتجربة' });
  S.irbidSupervisor = await api.login(made.username, made.password);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const ME = (s) => s.user.id;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const ammanDate = (ms) => new Date(ms + 3 * HOUR).toISOString().slice(0, 10);
/** The start of the current second: what the server's clock reads at the earliest for a request sent now. */
const nowSecond = () => Math.floor(Date.now() / 1000) * 1000;

async function person(first, extra = {}) {
  const r = await api.request('POST', '/api/v1/persons', { ...S.caseworker, body: { first_name: first, father_name: 'منصور', family_name: 'الخطيب', sex: 'female', ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function create(body, who = S.caseworker) {
  const r = await api.request('POST', '/api/v1/cases', { ...who, body: { summary: 'حالة تجريبية', ...body } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const patchRaw = (c, fields, who = S.caseworker) =>
  api.request('PATCH', `/api/v1/cases/${c.id}`, { ...who, body: { version: c.version, ...fields } });

async function patch(c, fields, who) {
  const r = await patchRaw(c, fields, who);
  assert.equal(r.status, 200, `PATCH ${JSON.stringify(fields)}: ${r.text}`);
  return r.body;
}

async function move(c, action, extra, who) {
  const r = await api.request('POST', `/api/v1/cases/${c.id}/transitions`, { ...who, body: { version: c.version, action, ...extra } });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.body;
}

async function assign(c, userId, role) {
  const r = await api.request('POST', `/api/v1/cases/${c.id}/assignments`, { ...S.supervisor, body: { user_id: userId, role } });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function unassign(c, role) {
  const a = c.assignments.find((x) => x.role === role);
  const r = await api.request('DELETE', `/api/v1/cases/${c.id}/assignments/${a.id}`, S.supervisor);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function tasks(c, who = S.caseworker) {
  const r = await api.request('GET', `/api/v1/cases/${c.id}/tasks`, who);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

const taskOf = async (c, kind, who) => (await tasks(c, who)).find((t) => t.kind === kind);

async function closeAndReopen(c) {
  c = await move(c, 'request_closure', { reason: 'تحقق الهدف' }, S.caseworker);
  c = await move(c, 'approve_closure', {}, S.supervisor);
  assert.equal(c.stage, 'closed');
  assert.deepEqual(await tasks(c), [], 'a closed case has tasks');
  await sleep(1100); // the reopening falls in a later second than anything before it
  const asked = nowSecond();
  c = await move(c, 'reopen', { reason: 'بلاغ جديد' }, S.supervisor);
  return { c, asked };
}

test('a reopened case has nothing overdue at the moment of reopening; a family-violence case gets a new first response', async () => {
  const victim = await person('ريم');
  const month = Date.now() - 30 * 24 * HOUR;
  let fv = await create({ kind: 'family_violence', reported_at: iso(month), persons: [{ person_id: victim.id, role: 'victim' }] });
  assert.equal((await taskOf(fv, 'first_response')).overdue, true, 'a report a month old is not overdue');
  fv = await patch(fv, { risk_level: 'medium', risk_assessment: 'عوامل خطر متوسطة' });
  assert.equal(await taskOf(fv, 'first_response'), undefined);
  const { c: reopened, asked } = await closeAndReopen(fv);
  const items = await tasks(reopened);
  assert.deepEqual(items.filter((t) => t.overdue), [], `overdue at the reopening: ${JSON.stringify(items)}`);
  const first = items.find((t) => t.kind === 'first_response');
  assert.ok(first, `no new first response: ${JSON.stringify(items)}`);
  assert.ok(Date.parse(first.due_at) >= asked + 24 * HOUR && Date.parse(first.due_at) <= Date.now() + 24 * HOUR, first.due_at);
  // the assignment clock restarts too: nobody is assigned, due three hours from the reopening, not the registration
  const assignment = items.find((t) => t.kind === 'assignment');
  assert.ok(Date.parse(assignment.due_at) >= asked + 3 * HOUR, `${assignment.due_at} before the reopening's 3 hours`);
  // the risk assessed again is the new first response
  const again = await patch(reopened, { risk_level: 'low', risk_assessment: 'زالت عوامل الخطر' });
  assert.equal(await taskOf(again, 'first_response'), undefined);
  const history = (await api.request('GET', `/api/v1/cases/${fv.id}/history`, S.caseworker)).body.items.map((h) => h.action);
  assert.ok(history.includes('case.reopen'));
});

test('a reopened inmate case: the family notice of a transfer made long ago is due 48 hours from the reopening', async () => {
  const inmate = await person('سالم', { sex: 'male', birth_date: '1980-02-02' });
  let c = await create({ kind: 'inmate_family', centre_unit_id: U['CRC-MARKA'].id, persons: [{ person_id: inmate.id, role: 'inmate' }] });
  c = await assign(c, ME(S.caseworker), 'caseworker');
  c = await patch(c, { transferred_at: iso(Date.now() - 10 * 24 * HOUR) });
  assert.equal((await taskOf(c, 'family_notice')).overdue, true);
  const { c: reopened, asked } = await closeAndReopen(c);
  const items = await tasks(reopened);
  assert.deepEqual(items.filter((t) => t.overdue), [], `overdue at the reopening: ${JSON.stringify(items)}`);
  assert.ok(Date.parse(items.find((t) => t.kind === 'family_notice').due_at) >= asked + 48 * HOUR);
});

test('a transferred case arrives with its assignment due after the transfer', async () => {
  const child = await person('ليث', { sex: 'male', birth_date: '2013-06-06' });
  let c = await create({ kind: 'juvenile_protection', persons: [{ person_id: child.id, role: 'juvenile' }] });
  c = await assign(c, ME(S.caseworker), 'caseworker');
  assert.equal(await taskOf(c, 'assignment'), undefined);
  const sent = await api.request('POST', `/api/v1/cases/${c.id}/referrals`, {
    ...S.supervisor, body: { kind: 'transfer', to_unit_id: U['SSO-IRB'].id, reason: 'انتقلت الأسرة إلى إربد', urgency: 'routine', sections: null },
  });
  assert.equal(sent.status, 201, sent.text);
  await sleep(1100);
  const asked = nowSecond();
  const accepted = await api.request('POST', `/api/v1/referrals/${sent.body.id}/transitions`, { ...S.irbidSupervisor, body: { action: 'accept', version: sent.body.version } });
  assert.equal(accepted.status, 200, accepted.text);
  const assignment = await taskOf(c, 'assignment', S.irbidSupervisor);
  assert.ok(assignment, 'the receiving unit has no assignment task');
  assert.equal(assignment.overdue, false);
  assert.ok(Date.parse(assignment.due_at) >= asked + 3 * HOUR, `due ${assignment.due_at}, before the acceptance's 3 hours`);
  assert.ok(Date.parse(assignment.due_at) <= Date.now() + 3 * HOUR);
  const mine = await api.request('GET', `/api/v1/tasks?scope=mine&kind=assignment&case_id=${c.id}`, S.irbidSupervisor);
  assert.equal(mine.body.total, 1, 'the receiving supervisor does not see the assignment among her tasks');
});

test('an unassignment that leaves the case without its worker restarts the assignment clock; another does not', async () => {
  let c = await create({ kind: 'family_violence' });
  const registered = Date.parse((await taskOf(c, 'assignment')).due_at);
  assert.equal(registered, Date.parse(c.created_at) + 3 * HOUR);
  // an officer assigned and unassigned: the case never had its social worker, the clock runs from registration
  c = await assign(c, ME(S.officer), 'officer');
  await sleep(1100);
  c = await unassign(c, 'officer');
  assert.equal(Date.parse((await taskOf(c, 'assignment')).due_at), registered);
  // the social worker assigned, then unassigned: three hours from the unassignment
  c = await assign(c, ME(S.caseworker), 'caseworker');
  assert.equal(await taskOf(c, 'assignment'), undefined);
  await sleep(1100);
  const asked = nowSecond();
  c = await unassign(c, 'caseworker');
  const due = Date.parse((await taskOf(c, 'assignment', S.supervisor)).due_at);
  assert.ok(due >= asked + 3 * HOUR && due > registered, `due ${iso(due)}, registered ${iso(registered)}`);
});

test('a juvenile case with only its behaviour monitor assigned has no assignment task', async () => {
  const boy = await person('عمر', { sex: 'male', birth_date: '2011-01-15' });
  let jc = await create({ kind: 'juvenile_conflict', offence: 'إيذاء بسيط', legal_class: 'misdemeanour', persons: [{ person_id: boy.id, role: 'juvenile' }] });
  assert.ok(await taskOf(jc, 'assignment'));
  jc = await assign(jc, ME(S.monitor), 'monitor');
  assert.equal(await taskOf(jc, 'assignment'), undefined, 'the monitor does not count as the assignment');
  // on a family-violence case a monitor is not the social worker it needs
  let fv = await create({ kind: 'family_violence' });
  fv = await assign(fv, ME(S.monitor), 'monitor');
  assert.ok(await taskOf(fv, 'assignment'));
});

test('dates of what has happened cannot be in the future: monitor reports, notices, transfers, admissions; a refused notice leaves the reminder', async () => {
  const tomorrow = ammanDate(Date.now() + 24 * HOUR);
  const inHour = iso(Date.now() + HOUR);
  const jc = await create({ kind: 'juvenile_conflict' });
  assertError(await patchRaw(jc, { last_monitor_report: tomorrow }), 400, 'case.in_future', ['last_monitor_report']);
  assertError(await patchRaw(jc, { complaint_date: tomorrow }), 400, 'case.in_future', ['complaint_date']);
  assertError(await patchRaw(jc, { arrest_date: tomorrow }), 400, 'case.in_future', ['arrest_date']);
  const today = await patch(jc, { last_monitor_report: ammanDate(Date.now()), complaint_date: ammanDate(Date.now()) });
  assert.equal(today.last_monitor_report, ammanDate(Date.now()));
  let inmate = await create({ kind: 'inmate_family', centre_unit_id: U['CRC-MARKA'].id });
  assertError(await patchRaw(inmate, { admission_date: tomorrow }), 400, 'case.in_future', ['admission_date']);
  assertError(await patchRaw(inmate, { transferred_at: inHour }), 400, 'case.in_future', ['transferred_at']);
  inmate = await patch(inmate, { transferred_at: iso(Date.now() - HOUR) });
  const reminder = await taskOf(inmate, 'family_notice');
  assert.ok(reminder);
  assertError(await patchRaw(inmate, { family_notified_at: inHour }), 400, 'case.in_future', ['family_notified_at']);
  assert.deepEqual(await taskOf(inmate, 'family_notice'), reminder, 'a refused notice silenced the reminder');
  // a minute ahead is a clock's error, not the future
  inmate = await patch(inmate, { family_notified_at: iso(Date.now() + 60 * 1000) });
  assert.equal(await taskOf(inmate, 'family_notice'), undefined);
  assertError(await api.request('POST', '/api/v1/cases', { ...S.caseworker, body: { kind: 'juvenile_conflict', arrest_date: tomorrow } }), 400, 'case.in_future', ['arrest_date']);
});

test('a change of the inmate\'s centre is the transfer: it starts the family\'s 48 hours, or from the time the request gives', async () => {
  let c = await create({ kind: 'inmate_family', centre_unit_id: U['CRC-MARKA'].id, admission_date: '2026-01-10' });
  assert.equal(c.transferred_at, null, 'the first centre is the admission, not a transfer');
  assert.equal(await taskOf(c, 'family_notice'), undefined);
  const asked = nowSecond();
  c = await patch(c, { centre_unit_id: U['CRC-JUWEIDEH'].id });
  const moved = Date.parse(c.transferred_at);
  assert.ok(moved >= asked && moved <= Date.now(), `transferred_at ${c.transferred_at}`);
  assert.equal(Date.parse((await taskOf(c, 'family_notice')).due_at), moved + 48 * HOUR);
  c = await patch(c, { family_notified_at: iso(Date.now()) });
  assert.equal(await taskOf(c, 'family_notice'), undefined);
  // another field changed: no transfer
  const before = c.transferred_at;
  c = await patch(c, { sentence: 'سنتان' });
  assert.equal(c.transferred_at, before);
  assert.equal(await taskOf(c, 'family_notice'), undefined);
  // moved with the time given: the 48 hours run from it
  let other = await create({ kind: 'inmate_family', centre_unit_id: U['CRC-MARKA'].id });
  const given = iso(Date.now() - 5 * HOUR);
  other = await patch(other, { centre_unit_id: U['CRC-SALT'].id, transferred_at: given });
  assert.equal(other.transferred_at, given);
  assert.equal(Date.parse((await taskOf(other, 'family_notice')).due_at), Date.parse(given) + 48 * HOUR);
});

test('the juvenile\'s social study is a task for the monitor until it is submitted; returned, it is open again', async () => {
  const boy = await person('زيد', { sex: 'male', birth_date: '2010-09-09' });
  let c = await create({ kind: 'juvenile_conflict', offence: 'سرقة بسيطة', legal_class: 'misdemeanour', persons: [{ person_id: boy.id, role: 'juvenile' }] });
  const task = await taskOf(c, 'social_study');
  assert.ok(task, 'no social study task');
  assert.equal(Date.parse(task.due_at), Date.parse(c.created_at) + 7 * 24 * HOUR);
  assert.equal(task.due_on, null);
  c = await assign(c, ME(S.monitor), 'monitor');
  const mine = async () => (await api.request('GET', `/api/v1/tasks?scope=mine&kind=social_study&case_id=${c.id}`, S.monitor)).body;
  assert.equal((await mine()).total, 1, 'the monitor does not see the social study among her tasks');
  const made = await api.request('POST', `/api/v1/cases/${c.id}/studies`, { ...S.monitor, body: { template: 'juvenile' } });
  assert.equal(made.status, 201, made.text);
  let s = made.body;
  const saved = await api.request('PUT', `/api/v1/studies/${s.id}`, {
    ...S.monitor, body: { version: s.version, sections: s.template_sections.map((x) => ({ key: x.key, body: `نص تجريبي: ${x.title_ar}` })) },
  });
  assert.equal(saved.status, 200, saved.text);
  s = saved.body;
  assert.ok(await taskOf(c, 'social_study'), 'a draft ended the task');
  const act = async (action, who, extra = {}) => {
    const r = await api.request('POST', `/api/v1/studies/${s.id}/transitions`, { ...who, body: { action, version: s.version, ...extra } });
    assert.equal(r.status, 200, r.text);
    s = r.body;
  };
  await act('submit', S.monitor);
  assert.equal(await taskOf(c, 'social_study'), undefined, 'the submitted study did not end the task');
  assert.equal((await mine()).total, 0);
  await act('return', S.supervisor, { comment: 'أكمل وصف البيئة' });
  assert.ok(await taskOf(c, 'social_study'), 'a returned study is not done');
  await act('submit', S.monitor);
  await act('approve', S.supervisor);
  assert.equal(await taskOf(c, 'social_study'), undefined);
  // a protection case has no such task
  const jp = await create({ kind: 'juvenile_protection' });
  assert.equal(await taskOf(jp, 'social_study'), undefined);
  const kinds = (await api.request('GET', '/api/v1/codes', S.caseworker)).body;
  const label = (kinds.task_kinds || []).find((k) => k.code === 'social_study');
  assert.ok(label && label.name_ar && label.name_en, `no labels for the task kind: ${JSON.stringify(label)}`);
});
