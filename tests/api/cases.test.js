'use strict';
// Cases (docs/api.md, "Cases"): registering each kind with persons in roles, references per kind and year, fields by
// kind, the stage workflow and what each stage needs, closure with a supervisor's approval, reopening, the history,
// the deadlines as tasks, the juvenile age rule, stale versions, and who sees what (DESIGN.md §4): the unit, the
// assigned workers, the agency's managers, restricted cases, the reporter's identity; admin and auditor see no case.
// Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, cli } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {}; // sessions by demo user name, and the extra users
let units;

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'officer', 'monitor', 'manager', 'admin', 'auditor']) {
    S[name] = await api.loginAs(name);
  }
  units = await api.listUnits(S.admin);
  const unit = (code) => units.find((u) => u.code === code).id;
  // a social worker of another office (Irbid), and a second worker and a supervisor of the Amman office
  const other = await api.createUser(S.admin, { unit_id: unit('SSO-IRB'), roles: ['caseworker'], full_name: 'عامل من إربد' });
  S.otherUnit = await api.login(other.username, other.password);
  const colleague = await api.createUser(S.admin, { unit_id: unit('SSO-AMM'), roles: ['caseworker'], full_name: 'زميلة في المكتب' });
  S.colleague = await api.login(colleague.username, colleague.password);
  S.colleague.id = colleague.user.id;
  const sup2 = await api.createUser(S.admin, { unit_id: unit('SSO-AMM'), roles: ['supervisor'], full_name: 'مشرف ثان' });
  S.supervisor2 = await api.login(sup2.username, sup2.password);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const ME = (s) => s.user.id;

async function person(first, extra = {}) {
  const body = { first_name: first, father_name: 'سالم', family_name: 'الشرع', sex: 'female', ...extra };
  const r = await api.request('POST', '/api/v1/persons', { ...S.caseworker, body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

function createRaw(body, who = S.caseworker) {
  return api.request('POST', '/api/v1/cases', { ...who, body });
}

async function create(body, who = S.caseworker) {
  const r = await createRaw(body, who);
  assert.equal(r.status, 201, `POST /cases: ${r.status} ${r.text}`);
  return r.body;
}

async function read(id, who = S.caseworker) {
  const r = await api.request('GET', `/api/v1/cases/${id}`, who);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

function move(c, action, extra = {}, who = S.caseworker) {
  return api.request('POST', `/api/v1/cases/${c.id}/transitions`, { ...who, body: { version: c.version, action, ...extra } });
}

async function moveOk(c, action, extra = {}, who = S.caseworker) {
  const r = await move(c, action, extra, who);
  assert.equal(r.status, 200, `${action} ${JSON.stringify(extra)}: ${r.status} ${r.text}`);
  return r.body;
}

async function assign(c, userId, role = 'caseworker', who = S.supervisor) {
  const r = await api.request('POST', `/api/v1/cases/${c.id}/assignments`, { ...who, body: { user_id: userId, role } });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function patch(c, fields, who = S.caseworker) {
  const r = await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...who, body: { version: c.version, ...fields } });
  assert.equal(r.status, 200, `PATCH ${JSON.stringify(fields)}: ${r.status} ${r.text}`);
  return r.body;
}

async function tasks(c, who = S.caseworker) {
  const r = await api.request('GET', `/api/v1/cases/${c.id}/tasks`, who);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

const today = () => new Date(Date.now() + 3 * 3600 * 1000).toISOString().slice(0, 10);

test('a family-violence case: reference FV-year-serial, persons in roles, the 24 h first response and the 3 h assignment as tasks', async () => {
  const victim = await person('سناء');
  const perpetrator = await person('فهد', { sex: 'male' });
  const before = Date.now();
  const c = await create({
    kind: 'family_violence', summary: 'بلاغ من مركز صحي', sensitivity: 'normal',
    persons: [{ person_id: victim.id, role: 'victim' }, { person_id: perpetrator.id, role: 'alleged_perpetrator' }],
  });
  const year = new Date(Date.now() + 3 * 3600 * 1000).getUTCFullYear();
  assert.match(c.reference, new RegExp(`^FV-${year}-\\d{6}$`));
  assert.equal(c.kind, 'family_violence');
  assert.equal(c.stage, 'registration');
  assert.equal(c.unit_id, S.caseworker.user.unit_id);
  assert.equal(c.version, 1);
  assert.deepEqual(c.assignments, []);
  assert.equal(c.can.write, true);
  const persons = (await api.request('GET', `/api/v1/cases/${c.id}/persons`, S.caseworker)).body.items;
  assert.deepEqual(persons.map((p) => [p.person.id, p.role]), [[victim.id, 'victim'], [perpetrator.id, 'alleged_perpetrator']]);
  const due = Object.fromEntries((await tasks(c)).map((t) => [t.kind, Date.parse(t.due_at)]));
  assert.deepEqual(Object.keys(due).sort(), ['assignment', 'first_response']);
  const reported = Date.parse(c.reported_at);
  assert.ok(reported >= before - 2000 && reported <= Date.now() + 1000);
  assert.equal(due.first_response, reported + 24 * 3600 * 1000);
  assert.equal(due.assignment, Date.parse(c.created_at) + 3 * 3600 * 1000);
  // a second case of the kind takes the next serial
  const next = await create({ kind: 'family_violence' });
  assert.equal(Number(next.reference.slice(-6)), Number(c.reference.slice(-6)) + 1);
  // a high risk shortens the assignment time to one hour
  const high = await patch(next, { risk_level: 'high', risk_assessment: 'تهديد بالقتل' });
  const highTasks = Object.fromEntries((await tasks(high)).map((t) => [t.kind, Date.parse(t.due_at)]));
  assert.equal(highTasks.assignment, Date.parse(next.created_at) + 3600 * 1000);
  assert.equal(highTasks.first_response, undefined, 'the risk assessment is the first response');
});

test('bad input: kind missing or unknown, a field of another kind, bad dates and codes, a future report, bad persons; nothing stored', async () => {
  const before = (await api.request('GET', '/api/v1/cases?limit=200', S.caseworker)).body.items.length;
  assertError(await createRaw({}), 400, 'field.required', ['kind']);
  assertError(await createRaw({ kind: 'theft' }), 400, 'field.code', ['kind']);
  assertError(await createRaw({ kind: 'family_violence', offence: 'سرقة' }), 400, 'case.field_not_for_kind', ['offence']);
  assertError(await createRaw({ kind: 'juvenile_conflict', act_date: '2024-02-30' }), 400, 'field.date', ['act_date']);
  assertError(await createRaw({ kind: 'juvenile_conflict', legal_class: 'crime' }), 400, 'field.code', ['legal_class']);
  assertError(await createRaw({ kind: 'juvenile_protection', protection_grounds: ['begging', 'nonsense'] }), 400, 'field.code', ['protection_grounds']);
  assertError(await createRaw({ kind: 'family_violence', reported_at: '2999-01-01T00:00:00Z' }), 400, 'case.in_future', ['reported_at']);
  assertError(await createRaw({ kind: 'family_violence', risk_level: 'high' }), 400, 'case.risk_needs_assessment', ['risk_assessment']);
  assertError(await createRaw({ kind: 'family_violence', sensitivity: 'secret' }), 400, 'field.code', ['sensitivity']);
  assertError(await createRaw({ kind: 'family_violence', persons: [{ person_id: 999999, role: 'victim' }] }), 400, 'field.invalid', ['person_id']);
  const p = await person('هدى');
  assertError(await createRaw({ kind: 'family_violence', persons: [{ person_id: p.id, role: 'friend' }] }), 400, 'field.code', ['role']);
  assertError(await createRaw({ kind: 'family_violence', persons: [{ person_id: p.id }] }), 400, 'field.invalid', ['persons']);
  assertError(await createRaw({ kind: 'family_violence', persons: ['x'] }), 400, 'field.type', ['persons']);
  assertError(await createRaw({ kind: 'inmate_family', centre_unit_id: S.caseworker.user.unit_id }), 400, 'case.not_a_centre', ['centre_unit_id']);
  const after = (await api.request('GET', '/api/v1/cases?limit=200', S.caseworker)).body.items.length;
  assert.equal(after, before, 'a refused case was stored');
});

test('the workflow: each stage needs what it needs, then closure on a supervisor\'s approval, reopening, and the history', async () => {
  const victim = await person('أمل');
  let c = await create({ kind: 'family_violence' });
  assertError(await move(c, 'advance', { to: 'assessment' }), 400, 'case.needs_person', ['victim']);
  await api.request('POST', `/api/v1/cases/${c.id}/persons`, { ...S.caseworker, body: { person_id: victim.id, role: 'victim' } });
  assertError(await move(c, 'advance', { to: 'assessment' }), 400, 'case.needs_assignment');
  // a worker may take a case herself (journeys.test.js), not assign anyone else
  assertError(await api.request('POST', `/api/v1/cases/${c.id}/assignments`, { ...S.caseworker, body: { user_id: ME(S.officer), role: 'officer' } }), 403, 'case.supervisor_only');
  assertError(await api.request('POST', `/api/v1/cases/${c.id}/assignments`, { ...S.supervisor, body: { user_id: ME(S.officer), role: 'caseworker' } }), 400, 'case.worker_role', ['user_id']);
  c = await assign(c, ME(S.caseworker));
  assert.deepEqual(c.assignments.map((a) => [a.user_id, a.role]), [[ME(S.caseworker), 'caseworker']]);
  assert.ok(!(await tasks(c)).some((t) => t.kind === 'assignment'), 'the assignment task stayed');
  assertError(await move(c, 'advance', { to: 'case_plan' }), 400, 'case.bad_transition', ['to']);
  c = await moveOk(c, 'advance', { to: 'assessment' });
  assert.equal(c.stage, 'assessment');
  assertError(await move(c, 'advance', { to: 'case_plan' }), 400, 'case.needs_risk_level', ['risk_level']);
  c = await patch(c, { risk_level: 'medium', risk_assessment: 'ثلاثة عوامل خطر' });
  assert.equal(c.risk_assessed_by, ME(S.caseworker));
  c = await moveOk(c, 'advance', { to: 'case_plan' });
  assertError(await move(c, 'advance', { to: 'implementation' }), 400, 'case.needs_plan');
  const note = await api.request('POST', `/api/v1/cases/${c.id}/notes`, {
    ...S.caseworker, body: { kind: 'conference', occurred_on: today(), participants: 'الأخصائية، المشرفة', body: 'الاتفاق على خطة الحالة' },
  });
  assert.equal(note.status, 201, note.text);
  // a conference alone is no plan: the plan is its goals
  assertError(await move(c, 'advance', { to: 'implementation' }), 400, 'case.needs_plan');
  const goal = await api.request('POST', `/api/v1/cases/${c.id}/goals`, { ...S.caseworker, body: { goal: 'سكن آمن للناجية', services: ['shelter'], responsible: 'الأخصائية', review_on: today() } });
  assert.equal(goal.status, 201, goal.text);
  c = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  c = await moveOk(c, 'advance', { to: 'implementation' });
  assertError(await move(c, 'advance', { to: 'follow_up' }), 400, 'case.needs_follow_up', ['next_follow_up']);
  const planned = await api.request('POST', `/api/v1/cases/${c.id}/followups`, { ...S.caseworker, body: { kind: 'call', first_on: today() } });
  assert.equal(planned.status, 201, planned.text);
  c = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  assert.equal(c.next_follow_up, today());
  c = await moveOk(c, 'advance', { to: 'follow_up' });

  assertError(await move(c, 'request_closure'), 400, 'field.required', ['reason']);
  c = await moveOk(c, 'request_closure', { reason: 'زالت عوامل الخطر' });
  assert.equal(c.closure_requested, true);
  assertError(await move(c, 'advance', { to: 'closed' }), 400, 'case.bad_transition', ['to']);
  assertError(await move(c, 'approve_closure'), 403, 'case.supervisor_only');
  const supTasks = (await api.request('GET', '/api/v1/tasks?scope=mine', S.supervisor)).body.items;
  assert.ok(supTasks.some((t) => t.case_id === c.id && t.kind === 'closure_approval'), 'the supervisor has no closure task');
  c = await moveOk(c, 'return_closure', { comment: 'أكملوا زيارة المتابعة أولاً' }, S.supervisor);
  assert.equal(c.closure_requested, false);
  c = await moveOk(c, 'request_closure', { reason: 'زالت عوامل الخطر بعد الزيارة' });
  c = await moveOk(c, 'approve_closure', {}, S.supervisor);
  assert.equal(c.stage, 'closed');
  assert.equal(c.closed_by, ME(S.supervisor));
  assert.deepEqual(await tasks(c), [], 'a closed case has no open tasks');
  assertError(await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.caseworker, body: { version: c.version, summary: 'x' } }), 409, 'case.closed');
  assertError(await move(c, 'reopen', { reason: 'بلاغ جديد' }), 403, 'case.supervisor_only');
  c = await moveOk(c, 'reopen', { reason: 'بلاغ جديد' }, S.supervisor);
  assert.equal(c.stage, 'assessment');

  const history = (await api.request('GET', `/api/v1/cases/${c.id}/history`, S.caseworker)).body.items;
  const actions = history.map((e) => e.action).reverse();
  assert.deepEqual(actions, ['case.create', 'case.person.add', 'case.assign', 'case.advance', 'case.update', 'case.advance',
    'case.note.add', 'case.goal.add', 'case.advance', 'case.followups.plan', 'case.advance', 'case.request_closure', 'case.return_closure',
    'case.request_closure', 'case.approve_closure', 'case.reopen']);
  assert.equal(history[0].detail, 'بلاغ جديد');
  assert.equal(history.find((e) => e.action === 'case.return_closure').user_name, S.supervisor.user.full_name);
});

test('a supervisor cannot approve a closure they asked for themselves', async () => {
  let c = await create({ kind: 'family_violence' }, S.supervisor);
  c = await moveOk(c, 'request_closure', { reason: 'بلاغ مكرر' }, S.supervisor);
  assertError(await move(c, 'approve_closure', {}, S.supervisor), 403, 'case.closure_own_request');
  c = await moveOk(c, 'approve_closure', {}, S.supervisor2);
  assert.equal(c.stage, 'closed');
});

test('a stale version is 409 version.conflict and changes nothing', async () => {
  const c = await create({ kind: 'family_violence', summary: 'أ' });
  await patch(c, { summary: 'ب' });
  assertError(await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.caseworker, body: { version: c.version, summary: 'ج' } }), 409, 'version.conflict', ['version']);
  assertError(await move(c, 'request_closure', { reason: 'x' }), 409, 'version.conflict', ['version']);
  const now = await read(c.id);
  assert.equal(now.summary, 'ب');
  assert.equal(now.closure_requested, false);
});

test('juveniles: under 12 at the act cannot be in conflict with the law; 12 to 17 can; 18 is not a juvenile', async () => {
  const child = await person('ليث', { sex: 'male', birth_date: '2015-06-01' });
  const teen = await person('زيد', { sex: 'male', birth_date: '2011-03-01' });
  const adult = await person('عمر', { sex: 'male', birth_date: '2000-01-01' });
  assertError(await createRaw({ kind: 'juvenile_conflict', act_date: '2026-05-01', persons: [{ person_id: child.id, role: 'juvenile' }] }), 400, 'case.juvenile_under_12', ['person_id']);
  assertError(await createRaw({ kind: 'juvenile_conflict', act_date: '2026-05-01', persons: [{ person_id: adult.id, role: 'juvenile' }] }), 400, 'case.not_a_juvenile', ['person_id']);
  const jc = await create({
    kind: 'juvenile_conflict', act_date: '2026-05-01', offence: 'إيذاء بسيط', legal_class: 'misdemeanour', settlement_eligible: true,
    persons: [{ person_id: teen.id, role: 'juvenile' }],
  });
  assert.equal(jc.reference.slice(0, 3), 'JC-');
  assert.equal(jc.settlement_eligible, true);
  // the same child is a protection case (art. 33: under 12 and committed an offence)
  const jp = await create({ kind: 'juvenile_protection', act_date: '2026-05-01', protection_grounds: ['under_12_offence'],
    persons: [{ person_id: child.id, role: 'juvenile' }] });
  assert.deepEqual(jp.protection_grounds, ['under_12_offence']);
  // the band of each juvenile by age at the act: فتى (15 to 18) and a child under 12
  const band = async (c) => (await api.request('GET', `/api/v1/cases/${c.id}/persons`, S.caseworker)).body.items
    .filter((p) => p.role === 'juvenile').map((p) => [p.age_at_act, p.juvenile_band]);
  assert.deepEqual(await band(jc), [[15, 'youth']]);
  assert.deepEqual(await band(jp), [[10, 'child']]);
  // moving the act date back makes the juvenile too young for this kind: refused, naming act_date, nothing changed
  const current = await read(jc.id);
  assertError(await api.request('PATCH', `/api/v1/cases/${jc.id}`, { ...S.caseworker, body: { version: current.version, act_date: '2022-12-01' } }), 400, 'case.juvenile_under_12', ['act_date']);
  assert.equal((await read(jc.id)).act_date, '2026-05-01');
  // detention: an order of 10 days, and its renewal from the day after (docs/api.md, "Detention orders")
  const order = (body) => api.request('POST', `/api/v1/cases/${jc.id}/detention-orders`, { ...S.caseworker, body: { authority: 'prosecutor', order_date: '2026-11-20', ...body } });
  const first = await order({ order_number: 'ت/1', starts_on: '2026-11-20', ends_on: '2026-11-29' });
  assert.equal(first.status, 201, first.text);
  assert.equal((await order({ order_number: 'ت/2', starts_on: '2026-11-30', ends_on: '2026-12-09', renews_id: first.body.id })).status, 201);
  const detention = (await tasks(jc)).find((t) => t.kind === 'detention');
  assert.equal(detention.due_at, '2026-12-09T21:00:00Z'); // 20 Nov + 20 days, midnight in Amman
});

test('who sees a case: its unit, its workers, the agency\'s managers; others get 404, admin and auditor 403', async () => {
  const c = await create({ kind: 'family_violence', summary: 'حالة للاختبار' });
  const status = async (who) => (await api.request('GET', `/api/v1/cases/${c.id}`, who)).status;
  assert.equal(await status(S.caseworker), 200);
  assert.equal(await status(S.colleague), 200, 'a worker of the same unit');
  assert.equal(await status(S.supervisor), 200);
  assert.equal(await status(S.manager), 200, 'a manager of the same agency');
  assert.equal(await status(S.otherUnit), 404, 'a worker of another unit');
  assert.equal(await status(S.officer), 404, 'an officer of another unit, not assigned');
  assert.equal(await status(S.admin), 403);
  assert.equal(await status(S.auditor), 403);
  // the other unit's worker cannot change it either, nor learn it exists
  assertError(await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.otherUnit, body: { version: 1, summary: 'x' } }), 404, 'not_found');
  // assigned, the officer sees it and may write
  await assign(c, ME(S.officer), 'officer');
  assert.equal(await status(S.officer), 200);
  // the lists hold the same
  const listed = async (who) => (await api.listAll('/api/v1/cases?kind=family_violence', who)).some((x) => x.id === c.id);
  assert.equal(await listed(S.colleague), true);
  assert.equal(await listed(S.manager), true);
  assert.equal(await listed(S.officer), true);
  assert.equal(await listed(S.otherUnit), false);
  // the manager reads but does not write
  const m = await read(c.id, S.manager);
  assert.equal(m.can.write, false);
  assertError(await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.manager, body: { version: m.version, summary: 'x' } }), 403, 'auth.forbidden');
});

test('restricted cases: only their workers and the unit\'s supervisors; the reporter is hidden from others', async () => {
  const reporter = await person('منى');
  const victim = await person('رزان');
  const open = await create({ kind: 'family_violence', persons: [{ person_id: victim.id, role: 'victim' }, { person_id: reporter.id, role: 'reporter' }] });
  // the colleague of the same unit sees the case, but not who reported it
  const seen = (await api.request('GET', `/api/v1/cases/${open.id}/persons`, S.colleague)).body.items;
  const rep = seen.find((p) => p.role === 'reporter');
  assert.equal(rep.person, null, 'the reporter was shown to a worker not on the case');
  const told = JSON.stringify((await api.request('GET', `/api/v1/cases/${open.id}/history`, S.colleague)).body);
  assert.ok(!told.includes(String(reporter.id)), `the history names the reporter: ${told}`);
  assert.equal(seen.find((p) => p.role === 'victim').person.id, victim.id);
  await assign(open, ME(S.caseworker));
  const own = (await api.request('GET', `/api/v1/cases/${open.id}/persons`, S.caseworker)).body.items;
  assert.equal(own.find((p) => p.role === 'reporter').person.id, reporter.id);

  // restricting is the supervisor's decision
  assertError(await createRaw({ kind: 'family_violence', sensitivity: 'restricted' }), 403, 'case.supervisor_only', ['sensitivity']);
  assertError(await api.request('PATCH', `/api/v1/cases/${open.id}`, { ...S.caseworker, body: { version: (await read(open.id)).version, sensitivity: 'restricted' } }), 403, 'case.supervisor_only', ['sensitivity']);
  const c = await create({ kind: 'family_violence', sensitivity: 'restricted' }, S.supervisor);
  const status = async (who) => (await api.request('GET', `/api/v1/cases/${c.id}`, who)).status;
  assert.equal(await status(S.supervisor), 200);
  assert.equal(await status(S.supervisor2), 200, 'every supervisor of the unit');
  assert.equal(await status(S.caseworker), 404, 'a worker of the unit not assigned to it');
  assert.equal(await status(S.colleague), 404);
  assert.equal(await status(S.manager), 404);
  await assign(c, ME(S.colleague));
  assert.equal(await status(S.colleague), 200);
  assert.equal((await api.listAll('/api/v1/cases', S.caseworker)).some((x) => x.id === c.id), false);
});

test('lists filter by kind, stage, risk, unit, worker, overdue and opening date, and page with a cursor', async () => {
  const a = await create({ kind: 'inmate_family', sentence: 'سنتان' });
  const b = await create({ kind: 'inmate_family' });
  await assign(b, ME(S.colleague));
  const only = async (query) => (await api.listAll(`/api/v1/cases?${query}`, S.supervisor)).map((x) => x.id);
  assert.ok((await only('kind=inmate_family')).includes(a.id));
  assert.ok(!(await only('kind=juvenile_conflict')).includes(a.id));
  assert.deepEqual((await only(`kind=inmate_family&worker_id=${ME(S.colleague)}`)), [b.id]);
  assert.ok((await only(`opened_from=${today()}&opened_to=${today()}`)).includes(a.id));
  assert.ok(!(await only('opened_to=2020-01-01')).includes(a.id));
  assert.ok(!(await only('overdue=true')).includes(a.id), 'a case opened now is not overdue');
  const page = await api.request('GET', '/api/v1/cases?kind=inmate_family&limit=1', S.supervisor);
  assert.equal(page.body.items.length, 1);
  assert.equal(page.body.items[0].id, b.id, 'newest first');
  assert.ok(page.body.next_cursor);
  const next = await api.request('GET', `/api/v1/cases?kind=inmate_family&limit=1&cursor=${page.body.next_cursor}`, S.supervisor);
  assert.equal(next.body.items[0].id, a.id);
  for (const bad of ['kind=theft', 'stage=x', 'risk=extreme', 'governorate=paris', 'opened_from=yesterday', 'overdue=maybe', 'limit=0']) {
    const r = await api.request('GET', `/api/v1/cases?${bad}`, S.supervisor);
    assert.equal(r.status, 400, `${bad}: ${r.status} ${r.text}`);
  }
});

test('inmates: the family is told of a transfer within 48 hours', async () => {
  const centre = units.find((u) => u.type === 'correction_centre');
  let c = await create({ kind: 'inmate_family', centre_unit_id: centre.id, admission_date: '2026-01-10', sentence: 'ثلاث سنوات' });
  assert.equal(c.centre_unit_id, centre.id);
  c = await patch(c, { transferred_at: '2026-11-28T08:00:00Z' });
  assert.equal((await tasks(c)).find((t) => t.kind === 'family_notice').due_at, '2026-11-30T08:00:00Z');
  c = await patch(c, { family_notified_at: '2026-11-28T12:00:00Z' });
  assert.ok(!(await tasks(c)).some((t) => t.kind === 'family_notice'));
});

test('notes and incidents: checked, listed with their author, refused on another kind; every read audited', async () => {
  const c = await create({ kind: 'family_violence' });
  const bad = (body) => api.request('POST', `/api/v1/cases/${c.id}/notes`, { ...S.caseworker, body });
  assertError(await bad({ kind: 'gossip', occurred_on: today(), body: 'x' }), 400, 'field.code', ['kind']);
  assertError(await bad({ kind: 'call', occurred_on: '2999-01-01', body: 'x' }), 400, 'case.in_future', ['occurred_on']);
  assertError(await bad({ kind: 'call', occurred_on: today(), body: '' }), 400, 'field.required', ['body']);
  const ok = await bad({ kind: 'home_visit', occurred_on: today(), participants: 'الأم', body: 'زيارة منزلية: الوضع مستقر' });
  assert.equal(ok.status, 201, ok.text);
  const notes = (await api.request('GET', `/api/v1/cases/${c.id}/notes`, S.caseworker)).body.items;
  assert.equal(notes[0].author_name, S.caseworker.user.full_name);
  const incident = await api.request('POST', `/api/v1/cases/${c.id}/incidents`, {
    ...S.caseworker, body: { occurred_on: '2026-11-01', place: 'المنزل', violence_types: ['physical_assault', 'psychological_abuse'], perpetrator_relationship: 'intimate_partner', legal_class: 'misdemeanour', identified_by: 'health' },
  });
  assert.equal(incident.status, 201, incident.text);
  assert.deepEqual(incident.body.violence_types, ['physical_assault', 'psychological_abuse']);
  assertError(await api.request('POST', `/api/v1/cases/${c.id}/incidents`, { ...S.caseworker, body: { occurred_on: '2026-11-01', violence_types: ['theft'] } }), 400, 'field.code', ['violence_types']);
  const jp = await create({ kind: 'juvenile_protection' });
  assertError(await api.request('POST', `/api/v1/cases/${jp.id}/incidents`, { ...S.caseworker, body: { occurred_on: '2026-11-01', violence_types: ['neglect'] } }), 400, 'case.incidents_family_violence');
  const rows = async (action) => (await api.listAll(`/api/v1/audit?action=${action}&object_type=case&object_id=${c.id}`, S.auditor)).length;
  await read(c.id);
  assert.ok(await rows('case.read') >= 1);
  assert.equal(await rows('case.create'), 1);
  assert.equal(await rows('case.note.add'), 1);
  assert.ok(await rows('case.notes.read') >= 1);
});

test('the audit log by record: reads of a case listed newest first across the rows filed by the server and those not yet filed', async () => {
  const c = await create({ kind: 'family_violence' });
  const byCase = `/api/v1/audit?object_type=case&object_id=${c.id}&action=case.read`;
  for (let i = 0; i < 5; i++) await read(c.id);
  // the server files rows by record when it has a quiet second: wait for that, then read some more
  await new Promise((resolve) => setTimeout(resolve, 1600));
  for (let i = 0; i < 4; i++) await read(c.id, i % 2 ? S.caseworker : S.supervisor);
  const all = await api.listAll(byCase, S.auditor);
  assert.equal(all.length, 9);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].id > all[i].id, 'newest first');
  assert.ok(all.every((row) => row.object_id === String(c.id) && row.object_type === 'case'));
  assert.deepEqual(all.slice(0, 4).map((row) => row.username), ['caseworker', 'supervisor', 'caseworker', 'supervisor']);
  // pages of two: the same rows, each once, the cursor crossing from the unfiled rows into the filed ones
  const paged = [];
  let cursor = null;
  do {
    const r = await api.request('GET', `${byCase}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, S.auditor);
    assert.equal(r.status, 200, r.text);
    paged.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  assert.deepEqual(paged.map((row) => row.id), all.map((row) => row.id));
  // another case with the same reads is not mixed in
  const other = await create({ kind: 'family_violence' });
  await read(other.id);
  assert.equal((await api.listAll(byCase, S.auditor)).length, 9);
});

test('assignable workers: active users holding the role, of the case\'s unit (monitors and officers: of its governorate), for its supervisors; the list names each case\'s unit', async () => {
  const c = await create({ kind: 'family_violence' });
  const assignable = (role, who = S.supervisor) =>
    api.request('GET', `/api/v1/cases/${c.id}/assignable${role === undefined ? '' : `?role=${role}`}`, who);
  // a social worker of the office who has left (disabled)
  const leaver = await api.createUser(S.admin, { unit_id: c.unit_id, roles: ['caseworker'], full_name: 'عاملة غادرت المكتب' });
  const off = await api.request('PATCH', `/api/v1/users/${leaver.user.id}`, { ...S.admin, body: { version: leaver.user.version, status: 'disabled' } });
  assert.equal(off.status, 200, off.text);

  const r = await assignable('caseworker');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.case_id, c.id);
  assert.equal(r.body.role, 'caseworker');
  const ids = r.body.items.map((u) => u.id);
  assert.ok(ids.includes(ME(S.caseworker)), 'the unit\'s social worker');
  assert.ok(ids.includes(S.colleague.id), 'her colleague');
  assert.ok(!ids.includes(leaver.user.id), 'a disabled user is not offered');
  assert.ok(!ids.includes(ME(S.otherUnit)), 'a social worker of another unit is not offered');
  assert.ok(!ids.includes(ME(S.supervisor)), 'a user without the role is not offered');
  for (const item of r.body.items) assert.deepEqual(Object.keys(item).sort(), ['full_name', 'id', 'sex']);
  assert.equal(r.body.items.find((u) => u.id === ME(S.caseworker)).full_name, S.caseworker.user.full_name);
  // the behaviour monitor sits in the court's office of the same governorate, the officer in its police office:
  // both are offered for their roles; a monitor of another governorate is not
  const monitors = await assignable('monitor');
  assert.equal(monitors.status, 200, monitors.text);
  assert.ok(monitors.body.items.some((u) => u.id === ME(S.monitor)), JSON.stringify(monitors.body));
  const farMonitor = await api.createUser(S.admin, { unit_id: units.find((u) => u.code === 'MON-IRB').id, roles: ['monitor'], full_name: 'مراقب في إربد' });
  assert.ok(!(await assignable('monitor')).body.items.some((u) => u.id === farMonitor.user.id));
  assert.ok((await assignable('officer')).body.items.some((u) => u.id === ME(S.officer)));

  assertError(await assignable(undefined), 400, 'field.required', ['role']);
  assertError(await assignable('manager'), 400, 'query.invalid', ['role']);
  assertError(await assignable('caseworker', S.caseworker), 403, 'case.supervisor_only');
  assertError(await assignable('caseworker', S.manager), 403, 'case.supervisor_only');
  assertError(await assignable('caseworker', S.otherUnit), 404, 'not_found');
  assertError(await assignable('caseworker', S.admin), 403, 'auth.forbidden');
  assertError(await api.request('GET', '/api/v1/cases/999999/assignable?role=caseworker', S.supervisor), 404, 'not_found');

  // the one chosen from the list is assigned; the read is audited
  const done = await assign(c, S.colleague.id);
  assert.deepEqual(done.assignments.map((a) => [a.user_id, a.role]), [[S.colleague.id, 'caseworker']]);
  const rows = await api.listAll(`/api/v1/audit?action=case.assignable.read&object_type=case&object_id=${c.id}`, S.auditor);
  assert.equal(rows.length, 4, 'one row for each list given (caseworker, monitor twice, officer)');

  // the case list gives each case its unit's names (a case's own answer has them too)
  const unit = units.find((u) => u.id === c.unit_id);
  const listed = (await api.listAll('/api/v1/cases', S.caseworker)).find((x) => x.id === c.id);
  assert.equal(listed.unit_name_ar, unit.name_ar);
  assert.equal(listed.unit_name_en, unit.name_en);
  assert.equal(c.unit_name_ar, unit.name_ar);
});

test('takamul tasks refresh recomputes the open cases\' tasks with a changed timeframe', async () => {
  const c = await create({ kind: 'family_violence' });
  const first = async () => Date.parse((await tasks(c)).find((t) => t.kind === 'first_response').due_at);
  const before = await first();
  const r = cli(['tasks', 'refresh', '--db', srv.db, '--set', 'first_response_hours=48']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /recomputed the tasks of \d+ open cases/);
  assert.equal(await first(), before + 24 * 3600 * 1000);
  const rows = await api.listAll('/api/v1/audit?action=case.tasks.refresh', S.auditor);
  assert.ok(rows.length >= 1, 'the refresh is audited');
});
