'use strict';
// What a social worker plans on a family-violence case (docs/api.md, "Risk, safety and the case plan"): the risk
// factors answered one by one, the level they suggest (high with a weapon, a death threat, fear for her life or
// strangling, or five factors; medium with two to four) and a level decided otherwise only with a reason, which
// becomes the case's risk; the safety plan saved in versions with stale ones refused; the goals of the case plan with
// their services, responsible person and review date, the review as a task, an outcome when achieved; incidents
// corrected with the values they replaced kept; who may do it, and what a receiving unit sees. Synthetic names only.

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
  for (const name of ['caseworker', 'supervisor', 'manager', 'admin']) S[name] = await api.loginAs(name);
  for (const u of await api.listUnits(S.admin)) U[u.code] = u;
  const made = await api.createUser(S.admin, { unit_id: U['SSO-IRB'].id, roles: ['caseworker'], full_name: 'أخصائية إربد' });
  S.irbid = await api.login(made.username, made.password);
  S.irbid.user = made.user;
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (path, who = S.caseworker) => api.request('GET', path, who);
const post = (path, body, who = S.caseworker) => api.request('POST', path, { ...who, body });
const ammanDate = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

async function fvCase() {
  const r = await post('/api/v1/cases', { kind: 'family_violence', summary: 'عنف من الزوج', assign_me: true });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('the risk factors suggest the level; another level needs a reason; the assessment becomes the case\'s risk', async () => {
  const c = await fvCase();
  const assess = (body, who) => post(`/api/v1/cases/${c.id}/risk-assessments`, body, who);
  // two factors: medium
  let r = await assess({ present: ['escalation', 'controlling'], absent: ['weapon', 'death_threats'] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.suggested, 'medium');
  assert.equal(r.body.level, 'medium');
  assert.equal(r.body.overridden, false);
  let theCase = (await get(`/api/v1/cases/${c.id}`)).body;
  assert.equal(theCase.risk_level, 'medium');
  assert.match(theCase.risk_assessment, /تزايد العنف/);
  assert.equal(theCase.risk_assessed_by, S.caseworker.user.id);
  // one factor high by itself, or five factors: high
  assert.equal((await assess({ present: ['strangulation'], absent: [] })).body.suggested, 'high');
  assert.equal((await assess({ present: ['escalation', 'controlling', 'isolation', 'pregnancy', 'separation'] })).body.suggested, 'high');
  assert.equal((await assess({ present: ['isolation'], absent: ['weapon'] })).body.suggested, 'low');
  // another level than suggested: only with a reason
  assertError(await assess({ present: ['isolation'], level: 'high' }), 400, 'risk.override_reason', ['override_reason']);
  r = await assess({ present: ['isolation'], level: 'high', override_reason: 'تقدير الأخصائية بعد المقابلة: خوف شديد لم تصرّح به', notes: 'مقابلة في المكتب' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.overridden, true);
  theCase = (await get(`/api/v1/cases/${c.id}`)).body;
  assert.equal(theCase.risk_level, 'high');
  assert.equal(theCase.risk_assessment, 'مقابلة في المكتب');
  // the list, newest first
  const list = (await get(`/api/v1/cases/${c.id}/risk-assessments`)).body.items;
  assert.equal(list.length, 5);
  assert.equal(list[0].override_reason, 'تقدير الأخصائية بعد المقابلة: خوف شديد لم تصرّح به');
  // bad input stored nowhere
  assertError(await assess({ present: ['lunch'] }), 400, 'field.code', ['present']);
  assertError(await assess({ present: ['weapon'], absent: ['weapon'] }), 400, 'risk.factor_twice', ['present']);
  assertError(await assess({}), 400, 'field.required', ['present']);
  assertError(await assess({ present: ['weapon'], level: 'extreme' }), 400, 'field.code', ['level']);
  assert.equal((await get(`/api/v1/cases/${c.id}/risk-assessments`)).body.items.length, 5);
  // a manager reads, does not assess; another unit does not see the case
  assertError(await assess({ present: ['weapon'] }, S.manager), 403, 'auth.forbidden');
  assertError(await assess({ present: ['weapon'] }, S.irbid), 404, 'not_found');
  // not a family-violence case
  const juvenile = (await post('/api/v1/cases', { kind: 'juvenile_protection', summary: 'طفل' })).body;
  assertError(await post(`/api/v1/cases/${juvenile.id}/risk-assessments`, { present: ['weapon'] }), 400, 'risk.family_violence');
  // the factors in /codes, the critical ones marked by what they do
  const codes = (await get('/api/v1/codes')).body;
  assert.ok(codes.risk_factors.some((f) => f.code === 'weapon' && f.name_ar));
});

test('the safety plan is saved in versions; a stale save is refused and nothing is lost', async () => {
  const c = await fvCase();
  const save = (body) => api.request('PUT', `/api/v1/cases/${c.id}/safety-plan`, { ...S.caseworker, body });
  assert.equal((await get(`/api/v1/cases/${c.id}/safety-plan`)).body.current, null);
  let r = await save({ version: null, safe_place: 'بيت أختها في الزرقاء', contacts: 'الأخت: 0790000002', actions: 'حقيبة جاهزة ووثائق', review_on: ammanDate(14) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.version, 1);
  r = await save({ version: 1, safe_place: 'دار الوفاق الأسري', actions: 'الاتصال بالشرطة 911' });
  assert.equal(r.body.version, 2);
  assertError(await save({ version: 1, actions: 'نسخة قديمة' }), 409, 'version.conflict', ['version']);
  assertError(await save({ version: 2 }), 400, 'field.required', ['actions']);
  assertError(await save({ version: 2, actions: 'x', review_on: '2020-01-01' }), 400, 'case.date_past', ['review_on']);
  const plan = (await get(`/api/v1/cases/${c.id}/safety-plan`)).body;
  assert.equal(plan.current.version, 2);
  assert.equal(plan.current.safe_place, 'دار الوفاق الأسري');
  assert.deepEqual(plan.versions.map((v) => v.version), [2, 1]);
  assert.equal(plan.versions[1].safe_place, 'بيت أختها في الزرقاء');
});

test('the goals of the case plan: services, who answers for them, a review date that becomes a task, an outcome', async () => {
  const c = await fvCase();
  const add = (body) => post(`/api/v1/cases/${c.id}/goals`, body);
  const goal = await add({ goal: 'سكن آمن للناجية وأطفالها', services: ['shelter', 'legal_aid'], responsible: 'الأخصائية ومديرية التنمية', review_on: ammanDate(10) });
  assert.equal(goal.status, 201, goal.text);
  assert.deepEqual(goal.body.services, ['shelter', 'legal_aid']);
  assert.equal(goal.body.status, 'open');
  assertError(await add({ goal: 'x', review_on: '2020-01-01' }), 400, 'case.date_past', ['review_on']);
  assertError(await add({ goal: 'x', review_on: ammanDate(1), services: ['magic'] }), 400, 'field.code', ['services']);
  assertError(await add({ review_on: ammanDate(1) }), 400, 'field.required', ['goal']);
  // the review is a task, due by the end of that day
  const tasks = (await get(`/api/v1/cases/${c.id}/tasks`)).body.items;
  assert.ok(tasks.some((t) => t.kind === 'plan_review'), JSON.stringify(tasks));
  // achieved needs its outcome; a stale version is refused
  const patch = (body) => api.request('PATCH', `/api/v1/cases/${c.id}/goals/${goal.body.id}`, { ...S.caseworker, body });
  assertError(await patch({ version: goal.body.version, status: 'achieved' }), 400, 'goal.outcome_required', ['outcome']);
  const done = await patch({ version: goal.body.version, status: 'achieved', outcome: 'انتقلت إلى سكن مستأجر' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.status, 'achieved');
  assertError(await patch({ version: goal.body.version, goal: 'قديم' }), 409, 'version.conflict', ['version']);
  const after = (await get(`/api/v1/cases/${c.id}/tasks`)).body.items;
  assert.ok(!after.some((t) => t.kind === 'plan_review'), 'an achieved goal is still to be reviewed');
  assert.equal((await get(`/api/v1/cases/${c.id}/goals`)).body.items[0].outcome, 'انتقلت إلى سكن مستأجر');
});

test('an incident is corrected with a reason; the values it replaced are kept and listed', async () => {
  const c = await fvCase();
  const made = await post(`/api/v1/cases/${c.id}/incidents`, { occurred_on: '2026-11-01', violence_types: ['physical_assault'], place: 'المنزل' });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.version, 1);
  const correct = (body) => api.request('PATCH', `/api/v1/cases/${c.id}/incidents/${made.body.id}`, { ...S.caseworker, body });
  assertError(await correct({ version: 1, occurred_on: '2026-11-02', violence_types: ['physical_assault'] }), 400, 'field.required', ['reason']);
  const fixed = await correct({ version: 1, occurred_on: '2026-10-30', violence_types: ['physical_assault', 'psychological_abuse'], place: 'منزل العائلة', reason: 'أخطأت في التاريخ عند التسجيل' });
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal(fixed.body.version, 2);
  assert.equal(fixed.body.corrections, 1);
  assert.equal(fixed.body.occurred_on, '2026-10-30');
  assertError(await correct({ version: 1, occurred_on: '2026-10-29', violence_types: ['neglect'], reason: 'قديمة' }), 409, 'version.conflict', ['version']);
  assertError(await correct({ version: 2, occurred_on: '2099-01-01', violence_types: ['neglect'], reason: 'x' }), 400, 'case.in_future', ['occurred_on']);
  const revisions = (await get(`/api/v1/cases/${c.id}/incidents/${made.body.id}/revisions`)).body.items;
  assert.equal(revisions.length, 1);
  assert.equal(revisions[0].occurred_on, '2026-11-01');
  assert.equal(revisions[0].place, 'المنزل');
  assert.equal(revisions[0].reason, 'أخطأت في التاريخ عند التسجيل');
  assert.equal(revisions[0].corrected_by_name, S.caseworker.user.full_name);
  const history = (await get(`/api/v1/cases/${c.id}/history`)).body.items.map((e) => e.action);
  assert.ok(history.includes('case.incident.correct'));
  assertError(await get(`/api/v1/cases/${c.id}/incidents/999999/revisions`), 404, 'not_found');
});

test('a receiving unit reads the shared risk and plan without the workers\' names; nothing unshared', async () => {
  const c = await fvCase();
  await post(`/api/v1/cases/${c.id}/risk-assessments`, { present: ['escalation', 'controlling'] });
  await post(`/api/v1/cases/${c.id}/goals`, { goal: 'دعم نفسي', review_on: ammanDate(20) });
  const victim = (await post('/api/v1/persons', { first_name: 'هبة', father_name: 'نبيل', family_name: 'الحياري', sex: 'female', birth_date: '2012-02-02' })).body;
  await post(`/api/v1/cases/${c.id}/persons`, { person_id: victim.id, role: 'victim' });
  const sent = await post(`/api/v1/cases/${c.id}/referrals`, { kind: 'referral', to_unit_id: U['SSO-IRB'].id, reason: 'متابعة', urgency: 'routine', sections: ['risk'] });
  assert.equal(sent.status, 201, sent.text);
  const risk = await get(`/api/v1/cases/${c.id}/risk-assessments`, S.irbid);
  assert.equal(risk.status, 200, risk.text);
  assert.equal(risk.body.items[0].assessed_by_name, null);
  assert.equal((await get(`/api/v1/cases/${c.id}/safety-plan`, S.irbid)).status, 200);
  assertError(await get(`/api/v1/cases/${c.id}/goals`, S.irbid), 403, 'referral.not_shared');
  assertError(await post(`/api/v1/cases/${c.id}/goals`, { goal: 'x', review_on: ammanDate(3) }, S.irbid), 403, 'auth.forbidden');
});
