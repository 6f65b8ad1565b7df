'use strict';
// Case work as users do it (docs/api.md): a monitor asked for a social study can write it (accepting the referral
// assigns him to the case, and the study reaches the sending unit's supervisor); the worker who registers a case can
// take it; referrals go only to units that work cases of that kind. Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};
const U = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'monitor', 'admin', 'auditor']) S[name] = await api.loginAs(name);
  for (const u of await api.listUnits(S.admin)) U[u.code] = u;
  const make = async (code, roles, fullName) => {
    const made = await api.createUser(S.admin, { unit_id: U[code].id, roles, full_name: fullName });
    const session = await api.login(made.username, made.password);
    session.user = made.user;
    return session;
  };
  S.monitorSupervisor = await make('MON-AMM', ['supervisor'], 'مشرفة مراقبي السلوك');
  S.secondMonitor = await make('MON-AMM', ['monitor'], 'مراقب سلوك ثان');
  S.colleague = await make('SSO-AMM', ['caseworker'], 'أخصائية ثانية في عمان');
  S.irbidMonitor = await make('MON-IRB', ['monitor'], 'مراقب إربد');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (path, who) => api.request('GET', path, who);
const post = (path, who, body) => api.request('POST', path, { ...who, body });

async function juvenileCase(who = S.caseworker, extra = {}) {
  const p = await post('/api/v1/persons', who, { first_name: 'يامن', father_name: 'رائد', family_name: 'الحوامدة', sex: 'male', birth_date: '2011-02-02' });
  assert.equal(p.status, 201, p.text);
  const c = await post('/api/v1/cases', who, {
    kind: 'juvenile_conflict', summary: 'حدث متهم بسرقة', act_date: '2026-11-20', legal_class: 'misdemeanour',
    persons: [{ person_id: p.body.id, role: 'juvenile' }], ...extra,
  });
  assert.equal(c.status, 201, c.text);
  return c.body;
}

async function juvenileCaseOf(juvenile, others = []) {
  const c = await post('/api/v1/cases', S.caseworker, {
    kind: 'juvenile_protection', summary: 'حدث بلا رعاية', persons: [{ person_id: juvenile.id, role: 'juvenile' }, ...others],
  });
  assert.equal(c.status, 201, c.text);
  return c.body;
}

function askStudy(c, who = S.caseworker, extra = {}) {
  return post(`/api/v1/cases/${c.id}/referrals`, who, {
    kind: 'referral', to_unit_id: U['MON-AMM'].id, reason: 'دراسة اجتماعية للحدث', urgency: 'urgent',
    sections: ['summary', 'persons'], services: ['social_study'], ...extra,
  });
}

test('a monitor asked for a social study accepts, is assigned, writes it, and the sending unit\'s supervisor approves it', async () => {
  const c = await juvenileCase();
  const sent = await askStudy(c);
  assert.equal(sent.status, 201, sent.text);
  // the monitor sees who may write it among his unit's monitors before accepting
  const seen = await get(`/api/v1/referrals/${sent.body.id}`, S.monitor);
  assert.ok(seen.body.study_monitors.some((m) => m.id === S.monitor.user.id), seen.text);
  const accepted = await post(`/api/v1/referrals/${sent.body.id}/transitions`, S.monitor, { action: 'accept', version: sent.body.version });
  assert.equal(accepted.status, 200, accepted.text);
  // he now works on the case as its monitor: the whole case, its studies
  const theCase = await get(`/api/v1/cases/${c.id}`, S.monitor);
  assert.equal(theCase.status, 200, theCase.text);
  assert.equal(theCase.body.referred, undefined, 'still seen only through the referral');
  assert.ok(theCase.body.assignments.some((a) => a.role === 'monitor' && a.user_id === S.monitor.user.id));
  assert.equal((await get(`/api/v1/cases/${c.id}/studies`, S.monitor)).status, 200);
  const history = (await get(`/api/v1/cases/${c.id}/history`, S.caseworker)).body.items.map((e) => e.action);
  assert.ok(history.includes('case.assign'), history.join());
  // he writes the study and submits it
  const study = await post(`/api/v1/cases/${c.id}/studies`, S.monitor, { template: 'juvenile' });
  assert.equal(study.status, 201, study.text);
  const sections = study.body.template_sections.map((s) => ({ key: s.key, body: `نص القسم ${s.key} كما كتبه المراقب` }));
  const saved = await api.request('PUT', `/api/v1/studies/${study.body.id}`, { ...S.monitor, body: { version: study.body.version, sections } });
  assert.equal(saved.status, 200, saved.text);
  const submitted = await post(`/api/v1/studies/${study.body.id}/transitions`, S.monitor, { action: 'submit', version: saved.body.version });
  assert.equal(submitted.status, 200, submitted.text);
  // the sending unit sees it and its supervisor approves it
  assert.ok((await get(`/api/v1/cases/${c.id}/studies`, S.caseworker)).body.items.some((s) => s.id === study.body.id));
  const review = await get('/api/v1/studies?review=true', S.supervisor);
  assert.ok(review.body.items.some((s) => s.id === study.body.id), 'the study did not reach the sending unit\'s supervisor');
  const approved = await post(`/api/v1/studies/${study.body.id}/transitions`, S.supervisor, { action: 'approve', version: submitted.body.version });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.body.status, 'approved');
});

test('the monitors\' supervisor accepting names the monitor who writes it; a wrong one is refused and nothing changes', async () => {
  const c = await juvenileCase();
  const sent = (await askStudy(c)).body;
  const accept = (body) => post(`/api/v1/referrals/${sent.id}/transitions`, S.monitorSupervisor, { action: 'accept', version: sent.version, ...body });
  assertError(await accept({}), 400, 'referral.study_assignee', ['assignee_id']);
  assertError(await accept({ assignee_id: S.irbidMonitor.user.id }), 400, 'referral.study_assignee', ['assignee_id']);
  assertError(await accept({ assignee_id: S.caseworker.user.id }), 400, 'referral.study_assignee', ['assignee_id']);
  assert.equal((await get(`/api/v1/referrals/${sent.id}`, S.monitorSupervisor)).body.status, 'pending', 'a refused accept changed the referral');
  const ok = await accept({ assignee_id: S.secondMonitor.user.id });
  assert.equal(ok.status, 200, ok.text);
  const theCase = await get(`/api/v1/cases/${c.id}`, S.secondMonitor);
  assert.ok(theCase.body.assignments.some((a) => a.role === 'monitor' && a.user_id === S.secondMonitor.user.id), theCase.text);
  // a referral that asks for no study assigns nobody
  const plain = (await post(`/api/v1/cases/${c.id}/referrals`, S.caseworker, { kind: 'referral', to_unit_id: U['MON-AMM'].id, reason: 'متابعة', urgency: 'routine', sections: ['summary'], services: ['rehabilitation'] })).body;
  assertError(await post(`/api/v1/referrals/${plain.id}/transitions`, S.monitorSupervisor, { action: 'accept', version: plain.version, assignee_id: S.monitor.user.id }), 400, 'referral.no_study', ['assignee_id']);
  // a study is asked of a monitors' office only
  assertError(await post(`/api/v1/cases/${c.id}/referrals`, S.caseworker, { kind: 'referral', to_unit_id: U['SSO-IRB'].id, reason: 'دراسة', urgency: 'routine', sections: ['summary'], services: ['social_study'] }), 400, 'referral.study_unit', ['services']);
});

test('the worker who registers a case may take it, or take one of her unit later; the supervisor may undo it', async () => {
  const made = await post('/api/v1/cases', S.caseworker, { kind: 'family_violence', summary: 'حضرت بنفسها', assign_me: true });
  assert.equal(made.status, 201, made.text);
  const mine = made.body;
  assert.ok(mine.assignments.some((a) => a.role === 'caseworker' && a.user_id === S.caseworker.user.id), JSON.stringify(mine.assignments));
  const tasks = (await get('/api/v1/tasks?scope=mine&limit=200', S.caseworker)).body.items;
  assert.ok(tasks.some((task) => task.case_id === mine.id && task.kind === 'first_response'), 'her new case is not among her tasks');
  assert.ok(!tasks.some((task) => task.case_id === mine.id && task.kind === 'assignment'), 'an assigned case still waits for its assignment');
  assert.ok((await get('/api/v1/cases?worker_id=' + S.caseworker.user.id, S.caseworker)).body.items.some((x) => x.id === mine.id), 'not in my cases');
  const history = (await get(`/api/v1/cases/${mine.id}/history`, S.caseworker)).body.items.map((e) => e.action);
  assert.ok(history.includes('case.assign.self'), history.join());
  // a supervisor has no worker role to take a case in
  assertError(await post('/api/v1/cases', S.supervisor, { kind: 'family_violence', summary: 'x', assign_me: true }), 400, 'case.worker_role', ['assign_me']);
  // a colleague takes an unassigned case of the unit; then the slot is taken
  const open = await juvenileCase(S.caseworker);
  const taken = await post(`/api/v1/cases/${open.id}/assignments`, S.colleague, { user_id: S.colleague.user.id, role: 'caseworker' });
  assert.equal(taken.status, 200, taken.text);
  assertError(await post(`/api/v1/cases/${open.id}/assignments`, S.caseworker, { user_id: S.caseworker.user.id, role: 'caseworker' }), 409, 'case.role_taken');
  // nobody assigns someone else, or takes a role she does not hold
  assertError(await post(`/api/v1/cases/${mine.id}/assignments`, S.colleague, { user_id: S.colleague.user.id, role: 'caseworker' }), 409, 'case.role_taken');
  assertError(await post(`/api/v1/cases/${mine.id}/assignments`, S.colleague, { user_id: S.colleague.user.id, role: 'monitor' }), 403, 'case.supervisor_only');
  assertError(await post(`/api/v1/cases/${open.id}/assignments`, S.caseworker, { user_id: S.colleague.user.id, role: 'officer' }), 403, 'case.supervisor_only');
  // another unit's worker cannot take it
  assertError(await post(`/api/v1/cases/${open.id}/assignments`, S.irbidMonitor, { user_id: S.irbidMonitor.user.id, role: 'monitor' }), 404, 'not_found');
  // the supervisor undoes it
  const assignment = taken.body.assignments.find((a) => a.user_id === S.colleague.user.id);
  assert.equal((await api.request('DELETE', `/api/v1/cases/${open.id}/assignments/${assignment.id}`, S.supervisor)).status, 200);
});

test('a referral goes only to a unit that works cases of its kind: never the committee or a headquarters', async () => {
  const c = await juvenileCase();
  const to = (code, extra = {}) => post(`/api/v1/cases/${c.id}/referrals`, S.caseworker, { kind: 'referral', to_unit_id: U[code].id, reason: 'إحالة', urgency: 'routine', sections: ['summary'], ...extra });
  assertError(await to('JOINT-COMMITTEE'), 400, 'referral.unit_kind', ['to_unit_id']);
  assertError(await to('MOSD-HQ'), 400, 'referral.unit_kind', ['to_unit_id']);
  assert.equal((await to('JPO-AMM')).status, 201);
  const codes = (await get('/api/v1/codes', S.caseworker)).body.unit_types;
  assert.deepEqual(codes.find((u) => u.code === 'shelter').case_kinds, ['family_violence']);
  assert.equal(codes.find((u) => u.code === 'committee').case_kinds, undefined);
  // a family-violence case goes to a shelter, a juvenile's does not
  assert.ok(!codes.find((u) => u.code === 'shelter').case_kinds.includes('juvenile_conflict'));
});

test('a case is found by its reference or by a person\'s name, within what the user sees; a person\'s page lists her cases', async () => {
  const victim = await post('/api/v1/persons', S.caseworker, { first_name: 'أسماء', father_name: 'محمود', grandfather_name: 'سالم', family_name: 'البطاينة', sex: 'female', birth_date: '1988-08-08', national_id: '9988000111' });
  assert.equal(victim.status, 201, victim.text);
  const first = (await post('/api/v1/cases', S.caseworker, { kind: 'family_violence', summary: 'أول بلاغ', persons: [{ person_id: victim.body.id, role: 'victim' }], assign_me: true })).body;
  const second = (await post('/api/v1/cases', S.caseworker, { kind: 'family_violence', summary: 'بلاغ ثان', persons: [{ person_id: victim.body.id, role: 'victim' }] })).body;
  // a restricted one the caseworker does not see
  const hidden = (await post('/api/v1/cases', S.supervisor, { kind: 'family_violence', summary: 'مقيدة', sensitivity: 'restricted', persons: [{ person_id: victim.body.id, role: 'victim' }] })).body;
  // her name as typed elsewhere: without hamza, ة as ه, the family name without the article
  const byName = await get(`/api/v1/cases?q=${encodeURIComponent('اسماء محمود بطاينه')}`, S.caseworker);
  assert.equal(byName.status, 200, byName.text);
  const ids = byName.body.items.map((c) => c.id);
  assert.ok(ids.includes(first.id) && ids.includes(second.id), `not found by name: ${ids}`);
  assert.ok(!ids.includes(hidden.id), 'a restricted case leaked through the search');
  const item = byName.body.items.find((c) => c.id === first.id);
  assert.equal(item.principal.full_name, 'أسماء محمود سالم البطاينة');
  assert.equal(item.worker_name, S.caseworker.user.full_name);
  // by the reference or its start, any case; by her national number
  const byReference = await get(`/api/v1/cases?q=${first.reference.toLowerCase()}`, S.caseworker);
  assert.deepEqual(byReference.body.items.map((c) => c.id), [first.id]);
  assert.ok((await get(`/api/v1/cases?q=${first.reference.slice(0, 8)}`, S.caseworker)).body.items.some((c) => c.id === first.id));
  assert.ok((await get('/api/v1/cases?q=9988000111', S.caseworker)).body.items.some((c) => c.id === second.id));
  // another unit finds none of them
  assert.equal((await get(`/api/v1/cases?q=${encodeURIComponent('اسماء محمود بطاينه')}`, S.irbidMonitor)).body.items.length, 0);
  // the reporter's role never makes a case found by the reporter's name
  const reporter = await post('/api/v1/persons', S.caseworker, { first_name: 'جميلة', father_name: 'عارف', family_name: 'الصمادي', sex: 'female', birth_date: '1970-01-01' });
  const reported = (await post('/api/v1/cases', S.caseworker, { kind: 'family_violence', summary: 'بلاغ جارة', persons: [{ person_id: reporter.body.id, role: 'reporter' }] })).body;
  assert.ok(!(await get(`/api/v1/cases?q=${encodeURIComponent('جميلة عارف الصمادي')}`, S.colleague)).body.items.some((c) => c.id === reported.id));
  // her page: the cases she appears in that the user sees, and how many others
  const hers = await get(`/api/v1/persons/${victim.body.id}/cases`, S.caseworker);
  assert.equal(hers.status, 200, hers.text);
  assert.deepEqual(hers.body.items.map((c) => [c.id, c.role]), [[second.id, 'victim'], [first.id, 'victim']]);
  assert.equal(hers.body.hidden_count, 1);
  const forSupervisor = await get(`/api/v1/persons/${victim.body.id}/cases`, S.supervisor);
  assert.equal(forSupervisor.body.items.length, 3);
  assert.equal(forSupervisor.body.hidden_count, 0);
  assertError(await get(`/api/v1/persons/${victim.body.id}/cases`, S.admin), 403, 'auth.forbidden');
});

test('the check before registering shows a person of the other sex, lower and marked; the search\'s sex filter still filters', async () => {
  const her = await post('/api/v1/persons', S.caseworker, { first_name: 'رزان', father_name: 'مازن', family_name: 'الخوالدة', sex: 'female', birth_date: '2012-12-12' });
  assert.equal(her.status, 201, her.text);
  // the same child typed with the wrong sex
  const check = await post('/api/v1/persons/check', S.caseworker, { first_name: 'رزان', father_name: 'مازن', family_name: 'الخوالده', sex: 'male', birth_date: '2012-12-12' });
  assert.equal(check.status, 200, check.text);
  const hit = check.body.items.find((h) => h.person.id === her.body.id);
  assert.ok(hit, `the record of the other sex is hidden: ${check.text}`);
  assert.equal(hit.sex_differs, true);
  assert.ok(hit.score >= 0.75, `too low to be shown as likely: ${hit.score}`);
  const same = await post('/api/v1/persons/check', S.caseworker, { first_name: 'رزان', father_name: 'مازن', family_name: 'الخوالدة', sex: 'female', birth_date: '2012-12-12' });
  const sameHit = same.body.items.find((h) => h.person.id === her.body.id);
  assert.equal(sameHit.sex_differs, undefined);
  assert.ok(sameHit.score > hit.score, 'the other sex is not ranked lower');
  // the search page's own sex filter keeps only that sex
  const search = await get(`/api/v1/persons/search?q=${encodeURIComponent('رزان مازن الخوالدة')}&sex=male`, S.caseworker);
  assert.ok(!search.body.items.some((h) => h.person.id === her.body.id));
});

test('the copy of a study withholds a family of five and writes each by role: the mother, the sisters, the guardian', async () => {
  const mk = async (first, extra) => {
    const r = await post('/api/v1/persons', S.caseworker, { first_name: first, father_name: 'حسن', family_name: 'العدوان', sex: 'female', ...extra });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const juvenile = await mk('مالك', { sex: 'male', birth_date: '2011-04-04' });
  const mother = await mk('نهى', { father_name: 'سعيد', family_name: 'القيسي', birth_date: '1984-01-01' });
  const sister = await mk('لمى', { birth_date: '2015-05-05' }); // eleven
  const elder = await mk('دانة', { birth_date: '2004-02-02' });
  const uncle = await mk('فارس', { sex: 'male', father_name: 'عودة', birth_date: '1975-03-03' });
  const link = (relative, relation) => post(`/api/v1/persons/${juvenile.id}/family`, S.caseworker, { relative_id: relative.id, relation });
  for (const [who, relation] of [[mother, 'parent'], [sister, 'sibling'], [elder, 'sibling']]) assert.equal((await link(who, relation)).status, 201);
  const c = await juvenileCaseOf(juvenile, [{ person_id: uncle.id, role: 'guardian' }]);
  const study = (await post(`/api/v1/cases/${c.id}/studies`, S.caseworker, { template: 'juvenile' })).body;
  const text = 'يعيش الحدث مالك العدوان مع أمه نهى القيسي وأختيه لمى ودانة، ويتولى خاله فارس العدوان أمره. قالت لمى إن مالك لا يذهب إلى المدرسة، ولنهى عمل.';
  const saved = await api.request('PUT', `/api/v1/studies/${study.id}`, { ...S.caseworker, body: { version: study.version, sections: [{ key: 'family', body: text }] } });
  assert.equal(saved.status, 200, saved.text);
  const copy = (await get(`/api/v1/studies/${study.id}/document?purpose=copy`, S.caseworker)).body;
  const family = copy.sections.find((x) => x.key === 'family').body;
  // the two sisters numbered, the 11-year-old never named
  assert.equal(family, 'يعيش الحدث مع أمه الأم وأختيه الأخت (٢) والأخت (١)، ويتولى خاله ولي الأمر أمره. قالت الأخت (٢) إن الحدث لا يذهب إلى المدرسة، وللأم عمل.');
  for (const name of ['مالك', 'نهى', 'لمى', 'دانة', 'فارس', 'العدوان', 'القيسي']) assert.ok(!JSON.stringify(copy).includes(name), `${name} is in the copy`);
  assert.deepEqual(copy.parties.map((p) => p.name).sort(), ['الحدث', 'ولي الأمر'].sort());
});
