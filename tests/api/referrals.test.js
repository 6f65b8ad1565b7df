'use strict';
// Referrals, transfers, consents, services and the data-sharing log (docs/api.md, "Referrals"): every state change
// with who may make it, refusal without an adult survivor's consent and a supervisor's override, what the receiving
// unit sees and when it stops seeing it, transfers handing a case over, inboxes with waiting times, services that only
// their implementing side marks provided, and the log auditors read. Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { databaseSql } = require('./lib/pg');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};
const U = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'monitor', 'manager', 'admin', 'auditor']) S[name] = await api.loginAs(name);
  for (const u of await api.listUnits(S.admin)) U[u.code] = u;
  const make = async (code, roles, fullName) => {
    const made = await api.createUser(S.admin, { unit_id: U[code].id, roles, full_name: fullName });
    const session = await api.login(made.username, made.password);
    session.id = made.user.id;
    return session;
  };
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

const today = () => new Date(Date.now() + 3 * 3600 * 1000).toISOString().slice(0, 10);

async function person(first, extra = {}) {
  const r = await api.request('POST', '/api/v1/persons', { ...S.caseworker, body: { first_name: first, father_name: 'خالد', family_name: 'العمري', sex: 'female', ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function caseWith(kind, persons = [], extra = {}) {
  const r = await api.request('POST', '/api/v1/cases', { ...S.caseworker, body: { kind, summary: 'ملخص تجريبي للحالة', persons, ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// a family-violence case with an adult victim (and a note, and a reporter)
async function adultCase() {
  const victim = await person('منى', { birth_date: '1990-04-02', grandfather_name: 'سليمان' });
  const reporter = await person('جارة', { birth_date: '1970-01-01' });
  const c = await caseWith('family_violence', [{ person_id: victim.id, role: 'victim' }, { person_id: reporter.id, role: 'reporter' }],
    { risk_level: 'medium', risk_assessment: 'عوامل خطر متوسطة' });
  const note = await api.request('POST', `/api/v1/cases/${c.id}/notes`, { ...S.caseworker, body: { kind: 'note', occurred_on: today(), body: 'ملاحظة سرية من الملف' } });
  assert.equal(note.status, 201, note.text);
  return { c, victim, reporter };
}

function send(c, body, who = S.caseworker) {
  return api.request('POST', `/api/v1/cases/${c.id}/referrals`, {
    ...who, body: { kind: 'referral', to_unit_id: U['SSO-IRB'].id, reason: 'تحتاج الأسرة دعماً في إربد', urgency: 'urgent', sections: ['summary', 'persons'], ...body },
  });
}

async function sendOk(c, body, who) {
  const r = await send(c, body, who);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

function act(r, action, who, extra = {}) {
  return api.request('POST', `/api/v1/referrals/${r.id}/transitions`, { ...who, body: { action, version: r.version, ...extra } });
}

async function actOk(r, action, who, extra) {
  const res = await act(r, action, who, extra);
  assert.equal(res.status, 200, `${action}: ${res.text}`);
  return res.body;
}

async function consent(c, personId, who = S.caseworker) {
  const r = await api.request('POST', `/api/v1/cases/${c.id}/consents`, { ...who, body: { person_id: personId, method: 'written', given_on: today(), scope: 'إحالة إلى مكتب إربد للمتابعة' } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const sharingRows = async (c) => api.listAll(`/api/v1/data-sharing?case_id=${c.id}`, S.auditor);

test('an adult survivor: no referral without her consent; a supervisor may override with a reason; a recorded consent opens it, a withdrawn one closes it again', async () => {
  const { c, victim } = await adultCase();
  assertError(await send(c, {}), 400, 'referral.consent_required', ['consent']);
  assertError(await send(c, { override_reason: 'خطر داهم' }), 403, 'referral.override_supervisor', ['override_reason']);
  assert.equal((await api.request('GET', `/api/v1/cases/${c.id}/referrals`, S.caseworker)).body.items.length, 0, 'a refused referral was stored');
  assert.equal((await sharingRows(c)).length, 0, 'a refused referral was logged as a sharing');
  // the supervisor's override, with its reason
  const overridden = await sendOk(c, { override_reason: 'خطر داهم على حياتها والموافقة متعذرة الآن' }, S.supervisor);
  assert.equal(overridden.consent_basis, 'override');
  assert.equal(overridden.override_reason, 'خطر داهم على حياتها والموافقة متعذرة الآن');
  // her consent, recorded: the caseworker refers
  const given = await consent(c, victim.id);
  assert.equal(given.person_id, victim.id);
  assert.equal(given.person_name, 'منى خالد سليمان العمري', 'the consent names her as every page does, grandfather included');
  assert.equal(given.withdrawn, false);
  const withConsent = await sendOk(c, { to_unit_id: U['SSO-ZAR'].id });
  assert.equal(withConsent.consent_basis, 'consent');
  // withdrawn: refused again
  const withdrawn = await api.request('POST', `/api/v1/cases/${c.id}/consents/${given.id}/withdraw`, { ...S.caseworker, body: {} });
  assert.equal(withdrawn.status, 200, withdrawn.text);
  assert.equal(withdrawn.body.withdrawn, true);
  assertError(await api.request('POST', `/api/v1/cases/${c.id}/consents/${given.id}/withdraw`, { ...S.caseworker, body: {} }), 409, 'consent.withdrawn');
  assertError(await send(c, {}), 400, 'referral.consent_required', ['consent']);
  // a consent is for a person of the case, with its fields
  const stranger = await person('غريبة');
  const bad = (body) => api.request('POST', `/api/v1/cases/${c.id}/consents`, { ...S.caseworker, body: { person_id: victim.id, method: 'written', given_on: today(), scope: 'إحالة', ...body } });
  assertError(await bad({ person_id: stranger.id }), 400, 'consent.not_in_case', ['person_id']);
  assertError(await bad({ method: 'nod' }), 400, 'field.code', ['method']);
  assertError(await bad({ given_on: '2999-01-01' }), 400, 'case.in_future', ['given_on']);
  assertError(await bad({ scope: '' }), 400, 'field.required', ['scope']);
  // the log names the basis of each sharing
  const rows = await sharingRows(c);
  assert.deepEqual(rows.map((row) => row.basis).sort(), ['consent', 'override']);
});

test('children\'s cases need no consent: reporting is mandatory', async () => {
  const child = await person('سلمى', { birth_date: '2015-06-01' });
  const c = await caseWith('juvenile_protection', [{ person_id: child.id, role: 'juvenile' }]);
  const r = await sendOk(c, { to_unit_id: U['MON-AMM'].id, sections: ['summary'] });
  assert.equal(r.consent_basis, 'child');
  // family violence against a child: the same
  const girl = await person('ليان', { birth_date: '2014-01-01' });
  const fv = await caseWith('family_violence', [{ person_id: girl.id, role: 'victim' }]);
  assert.equal((await sendOk(fv, {})).consent_basis, 'child');
});

test('every state change and who may make it: accept, complete, reject with a reason, revoke by the sender; stale versions and wrong states refused', async () => {
  const { c, victim } = await adultCase();
  await consent(c, victim.id);
  let r = await sendOk(c, {});
  assert.equal(r.status, 'pending');
  assert.equal(r.sent_by_name, S.caseworker.user.full_name);
  // the sender does not accept; another unit does not see it; the receiver does not revoke
  assertError(await act(r, 'accept', S.caseworker), 403, 'referral.receiver_only');
  assertError(await act(r, 'accept', S.zarqaWorker), 404, 'not_found');
  assertError(await act(r, 'revoke', S.irbidWorker), 403, 'referral.sender_only');
  assertError(await act(r, 'complete', S.irbidWorker), 409, 'referral.bad_state');
  assertError(await act(r, 'fly', S.irbidWorker), 400, 'field.code', ['action']);
  assertError(await act({ ...r, version: r.version + 5 }, 'accept', S.irbidWorker), 409, 'version.conflict', ['version']);
  r = await actOk(r, 'accept', S.irbidWorker);
  assert.equal(r.status, 'accepted');
  assert.equal(r.decided_by_name, S.irbidWorker.user.full_name);
  assertError(await act(r, 'accept', S.irbidWorker), 409, 'referral.bad_state');
  assertError(await act(r, 'reject', S.irbidWorker, { reason: 'متأخر' }), 409, 'referral.bad_state');
  r = await actOk(r, 'complete', S.irbidWorker);
  assert.equal(r.status, 'completed');
  assertError(await act(r, 'revoke', S.caseworker), 409, 'referral.bad_state');

  // rejection needs a reason
  let second = await sendOk(c, {});
  assertError(await act(second, 'reject', S.irbidWorker), 400, 'field.required', ['reason']);
  second = await actOk(second, 'reject', S.irbidWorker, { reason: 'لا تتوفر لدينا الخدمة المطلوبة' });
  assert.equal(second.status, 'rejected');
  assert.equal(second.status_reason, 'لا تتوفر لدينا الخدمة المطلوبة');

  // the sender revokes a pending one, and an accepted one
  const third = await sendOk(c, {});
  assert.equal((await actOk(third, 'revoke', S.caseworker)).status, 'revoked');
  let fourth = await sendOk(c, {});
  fourth = await actOk(fourth, 'accept', S.irbidSupervisor);
  assert.equal((await actOk(fourth, 'revoke', S.supervisor, { reason: 'انتهت الحاجة' })).status, 'revoked');
  // a manager reads but does not refer
  assertError(await send(c, {}, S.manager), 403, 'auth.forbidden');

  // the history of the case tells it all
  const history = (await api.request('GET', `/api/v1/cases/${c.id}/history`, S.caseworker)).body.items.map((e) => e.action);
  for (const action of ['case.referral.send', 'case.referral.accept', 'case.referral.complete', 'case.referral.reject', 'case.referral.revoke']) {
    assert.ok(history.includes(action), `${action} missing from ${history}`);
  }
});

test('the receiving unit sees only the shared sections, and only while the referral is active', async () => {
  const { c, victim, reporter } = await adultCase();
  await consent(c, victim.id);
  const get = (path, who = S.irbidWorker) => api.request('GET', `/api/v1/cases/${c.id}${path}`, who);
  // before any referral: nothing
  assertError(await get(''), 404, 'not_found');
  const r = await sendOk(c, { sections: ['summary', 'persons'] });
  const seen = await get('');
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.body.referred, true);
  assert.equal(seen.body.referral_id, r.id, 'the case names the referral that shows it');
  assert.deepEqual(seen.body.shared_sections, ['summary', 'persons']);
  assert.equal(seen.body.summary, 'ملخص تجريبي للحالة');
  assert.equal(seen.body.risk_level, undefined, 'the risk was not shared');
  assert.equal(seen.body.risk_assessment, undefined);
  assert.equal(seen.body.assignments, undefined, 'who works on the case is not shared');
  assert.equal(seen.body.can.write, false);
  const persons = await get('/persons');
  assert.equal(persons.status, 200, persons.text);
  const victimRow = persons.body.items.find((p) => p.role === 'victim');
  assert.equal(victimRow.person.id, victim.id);
  const reporterRow = persons.body.items.find((p) => p.role === 'reporter');
  assert.ok(!reporterRow || reporterRow.person_id !== reporter.id, 'the reporter\'s identity reached the other unit');
  assertError(await get('/notes'), 403, 'referral.not_shared');
  assertError(await get('/history'), 403, 'referral.not_shared');
  assertError(await get('/tasks'), 403, 'referral.not_shared');
  assertError(await get('/referrals'), 403, 'referral.not_shared');
  // and it writes nothing on the case
  assertError(await api.request('POST', `/api/v1/cases/${c.id}/notes`, { ...S.irbidWorker, body: { kind: 'note', occurred_on: today(), body: 'محاولة' } }), 403, 'auth.forbidden');
  // another unit still sees nothing
  assertError(await get('', S.zarqaWorker), 404, 'not_found');
  // accepted: still seen; completed: gone
  const accepted = await actOk(r, 'accept', S.irbidWorker);
  assert.equal((await get('')).status, 200);
  await actOk(accepted, 'complete', S.irbidWorker);
  assertError(await get(''), 404, 'not_found');
  assertError(await get('/persons'), 404, 'not_found');
  // a new one, revoked by the sender: gone at once
  const again = await sendOk(c, { sections: ['summary', 'risk', 'notes'] });
  const withNotes = await get('');
  assert.equal(withNotes.body.risk_level, 'medium');
  assert.equal((await get('/notes')).status, 200);
  assertError(await get('/persons'), 403, 'referral.not_shared');
  await actOk(again, 'revoke', S.caseworker);
  assertError(await get(''), 404, 'not_found');
  assertError(await get('/notes'), 404, 'not_found');
});

test('a transfer: only a supervisor sends it, only the receiving supervisor accepts it, and then the case is the other unit\'s', async () => {
  const child = await person('يزن', { birth_date: '2012-03-03', sex: 'male' });
  const c = await caseWith('juvenile_protection', [{ person_id: child.id, role: 'juvenile' }]);
  const assigned = await api.request('POST', `/api/v1/cases/${c.id}/assignments`, { ...S.supervisor, body: { user_id: S.caseworker.user.id, role: 'caseworker' } });
  assert.equal(assigned.status, 200, assigned.text);
  const transfer = { kind: 'transfer', sections: null, reason: 'انتقلت الأسرة للسكن في إربد' };
  assertError(await send(c, transfer), 403, 'case.supervisor_only');
  let t = await sendOk(c, transfer, S.supervisor);
  assert.equal(t.kind, 'transfer');
  assert.deepEqual(t.sections, ['summary', 'risk', 'persons', 'incidents', 'notes', 'services']);
  assertError(await send(c, transfer, S.supervisor), 409, 'referral.transfer_pending');
  assertError(await act(t, 'accept', S.irbidWorker), 403, 'case.supervisor_only');
  assertError(await act(t, 'complete', S.irbidSupervisor), 409, 'referral.bad_state');
  t = await actOk(t, 'accept', S.irbidSupervisor);
  assert.equal(t.status, 'accepted');
  // the case is Irbid's now: its old unit no longer sees it, its new unit does and may write
  const moved = await api.request('GET', `/api/v1/cases/${c.id}`, S.irbidWorker);
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.body.unit_id, U['SSO-IRB'].id);
  assert.equal(moved.body.governorate, 'irbid');
  assert.equal(moved.body.referred, undefined);
  assert.equal(moved.body.can.write, true);
  assert.deepEqual(moved.body.assignments, [], 'the old unit\'s worker is still assigned');
  assertError(await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker), 404, 'not_found');
  const tasks = (await api.request('GET', `/api/v1/cases/${c.id}/tasks`, S.irbidSupervisor)).body.items.map((x) => x.kind);
  assert.ok(tasks.includes('assignment'), `the new unit must assign the case: ${tasks}`);
  assertError(await act(t, 'revoke', S.supervisor), 409, 'referral.bad_state');
  const rows = await sharingRows(c);
  assert.deepEqual(rows.map((row) => row.event), ['transfer_accepted', 'transfer_sent']);
  assert.equal(rows[1].basis, 'child');
  assert.deepEqual(rows[1].person_ids, [child.id]);
});

test('inboxes: the receiving unit\'s waiting referrals with how long they have waited, stale past the setting; the sender\'s outgoing box', async () => {
  const child = await person('تالا', { birth_date: '2016-02-02' });
  const c = await caseWith('juvenile_protection', [{ person_id: child.id, role: 'juvenile' }]);
  const r = await sendOk(c, { sections: ['summary'] });
  const inbox = await api.request('GET', '/api/v1/referrals?box=incoming&waiting=true', S.irbidWorker);
  assert.equal(inbox.status, 200, inbox.text);
  const mine = inbox.body.items.find((x) => x.id === r.id);
  assert.ok(mine, 'the new referral is in the receiving unit\'s inbox');
  assert.equal(mine.case_reference, c.reference);
  assert.ok(mine.waiting_seconds >= 0 && mine.waiting_seconds < 120);
  assert.equal(mine.stale, false);
  assert.ok(!(await api.request('GET', '/api/v1/referrals?box=incoming', S.zarqaWorker)).body.items.some((x) => x.id === r.id));
  assert.ok((await api.request('GET', '/api/v1/referrals?box=outgoing', S.caseworker)).body.items.some((x) => x.id === r.id));
  // the sender's own: mine=true; a colleague of the office does not have it among theirs
  assert.ok((await api.request('GET', '/api/v1/referrals?box=outgoing&mine=true', S.caseworker)).body.items.some((x) => x.id === r.id));
  assert.ok(!(await api.request('GET', '/api/v1/referrals?box=outgoing&mine=true', S.supervisor)).body.items.some((x) => x.id === r.id));
  assert.ok((await api.request('GET', '/api/v1/referrals?box=outgoing', S.supervisor)).body.items.some((x) => x.id === r.id));
  // fifteen days without a change: flagged
  databaseSql(srv.db, `UPDATE referrals SET status_changed_at = status_changed_at - 15 * 86400 WHERE id = ${r.id}`);
  const later = (await api.request('GET', '/api/v1/referrals?box=incoming&waiting=true', S.irbidWorker)).body.items.find((x) => x.id === r.id);
  assert.equal(later.stale, true);
  assert.ok(later.waiting_seconds >= 15 * 86400);
  // decided: out of the waiting box
  await actOk(r, 'reject', S.irbidWorker, { reason: 'خارج اختصاصنا' });
  assert.ok(!(await api.request('GET', '/api/v1/referrals?box=incoming&waiting=true', S.irbidWorker)).body.items.some((x) => x.id === r.id));
  assertError(await api.request('GET', '/api/v1/referrals?box=sideways', S.irbidWorker), 400, 'query.invalid', ['box']);
  assertError(await api.request('GET', '/api/v1/referrals', S.admin), 403, 'auth.forbidden');
});

test('services: asked for by a referral, planned by the case\'s workers; only the implementing unit marks its service provided; versions guard edits', async () => {
  const child = await person('جود', { birth_date: '2013-05-05' });
  const c = await caseWith('juvenile_protection', [{ person_id: child.id, role: 'juvenile' }]);
  const r = await sendOk(c, { sections: ['summary'], services: ['psychosocial', 'education'] });
  const detail = await api.request('GET', `/api/v1/referrals/${r.id}`, S.irbidWorker);
  assert.equal(detail.status, 200, detail.text);
  assert.deepEqual(detail.body.services.map((s) => [s.type, s.status, s.unit_id]), [['psychosocial', 'referred', U['SSO-IRB'].id], ['education', 'referred', U['SSO-IRB'].id]]);
  assert.deepEqual(detail.body.can, { receive: true, revoke: false });
  // the case's own plan, with an outside provider
  const add = (body, who = S.caseworker) => api.request('POST', `/api/v1/cases/${c.id}/services`, { ...who, body });
  const own = await add({ type: 'legal_aid', provider: 'جمعية مساعدة قانونية', due_on: '2026-12-30' });
  assert.equal(own.status, 201, own.text);
  assertError(await add({ type: 'legal_aid' }), 400, 'service.who', ['unit_id']);
  assertError(await add({ type: 'magic', provider: 'x' }), 400, 'field.code', ['type']);
  assertError(await add({ type: 'health', unit_id: U['SSO-IRB'].id, status: 'provided' }), 403, 'service.implementing_side', ['status']);
  // the receiving unit, without the services section, sees the services asked of it
  const theirs = await api.request('GET', `/api/v1/cases/${c.id}/services`, S.irbidWorker);
  assert.equal(theirs.status, 200, theirs.text);
  assert.deepEqual(theirs.body.items.map((s) => s.type), ['psychosocial', 'education']);
  const all = (await api.request('GET', `/api/v1/cases/${c.id}/services`, S.caseworker)).body.items;
  assert.equal(all.length, 3);
  const psychosocial = all.find((s) => s.type === 'psychosocial');
  const update = (s, body, who) => api.request('PATCH', `/api/v1/cases/${c.id}/services/${s.id}`, { ...who, body: { version: s.version, ...body } });
  // the sending side may not mark it provided; the implementing unit does
  assertError(await update(psychosocial, { status: 'provided' }, S.caseworker), 403, 'service.implementing_side', ['status']);
  const done = await update(psychosocial, { status: 'provided', notes: 'ثلاث جلسات دعم نفسي' }, S.irbidWorker);
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.status, 'provided');
  assert.equal(done.body.notes, 'ثلاث جلسات دعم نفسي');
  assertError(await update(psychosocial, { notes: 'نسخة قديمة' }, S.irbidWorker), 409, 'version.conflict', ['version']);
  assertError(await update(done.body, { status: 'finished' }, S.irbidWorker), 400, 'field.code', ['status']);
  // the outside provider's service is recorded by the case's workers; another unit touches nothing
  const ownService = own.body;
  assertError(await update(ownService, { status: 'provided' }, S.zarqaWorker), 404, 'not_found');
  assert.equal((await update(ownService, { status: 'provided' }, S.caseworker)).status, 200);
});

test('a restricted case\'s referrals are not shown to the sending unit\'s other workers', async () => {
  const child = await person('هيا', { birth_date: '2012-12-12' });
  const c = await caseWith('juvenile_protection', [{ person_id: child.id, role: 'juvenile' }]);
  const restricted = await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.supervisor, body: { version: c.version, sensitivity: 'restricted' } });
  assert.equal(restricted.status, 200, restricted.text);
  const r = await sendOk(c, { reason: 'سبب حساس لا يطّلع عليه إلا المعنيون', sections: ['summary'] }, S.supervisor);
  assertError(await api.request('GET', `/api/v1/referrals/${r.id}`, S.caseworker), 404, 'not_found');
  assert.ok(!(await api.request('GET', '/api/v1/referrals?box=outgoing', S.caseworker)).body.items.some((x) => x.id === r.id));
  assert.ok((await api.request('GET', '/api/v1/referrals?box=outgoing', S.supervisor)).body.items.some((x) => x.id === r.id));
  assert.equal((await api.request('GET', `/api/v1/referrals/${r.id}`, S.supervisor)).status, 200);
  // the receiving unit was sent it: it sees it
  assert.equal((await api.request('GET', `/api/v1/referrals/${r.id}`, S.irbidWorker)).status, 200);
});

test('the data-sharing log is for auditors: every referral and transfer sent, with its sections, persons and basis', async () => {
  const child = await person('ريم', { birth_date: '2011-11-11' });
  const c = await caseWith('juvenile_protection', [{ person_id: child.id, role: 'juvenile' }]);
  await sendOk(c, { sections: ['summary', 'persons'] });
  await sendOk(c, { sections: ['summary'], to_unit_id: U['MON-AMM'].id });
  const rows = await sharingRows(c);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((row) => row.to_unit_id), [U['MON-AMM'].id, U['SSO-IRB'].id]);
  assert.deepEqual(rows[1].person_ids, [child.id], 'persons shared are named');
  assert.deepEqual(rows[0].person_ids, [], 'no persons without the persons section');
  assert.deepEqual(rows[1].sections, ['summary', 'persons']);
  assert.equal(rows[1].username, 'caseworker');
  assertError(await api.request('GET', `/api/v1/data-sharing?case_id=${c.id}`, S.caseworker), 403, 'auth.forbidden');
  assertError(await api.request('GET', `/api/v1/data-sharing?case_id=${c.id}`, S.admin), 403, 'auth.forbidden');
  const byUnit = await api.listAll(`/api/v1/data-sharing?unit_id=${U['MON-AMM'].id}`, S.auditor);
  assert.ok(byUnit.some((row) => row.case_id === c.id));
  // by the case's reference, as the auditor reads it (letters in either case); another reference finds nothing
  const byReference = await api.listAll(`/api/v1/data-sharing?case_reference=${c.reference.toLowerCase()}`, S.auditor);
  assert.deepEqual(byReference.map((row) => row.id), rows.map((row) => row.id));
  assert.equal((await api.listAll('/api/v1/data-sharing?case_reference=JP-1999-000001', S.auditor)).length, 0);
  const reads = await api.listAll('/api/v1/audit?action=sharing.read', S.auditor);
  assert.ok(reads.length >= 2, 'reading the log is audited');
});

test('bad referrals are refused with the field named, nothing stored', async () => {
  const child = await person('زين', { birth_date: '2014-04-04' });
  const c = await caseWith('juvenile_protection', [{ person_id: child.id, role: 'juvenile' }]);
  assertError(await send(c, { kind: 'gift' }), 400, 'field.code', ['kind']);
  assertError(await send(c, { to_unit_id: c.unit_id }), 400, 'referral.same_unit', ['to_unit_id']);
  assertError(await send(c, { to_unit_id: 999999 }), 400, 'field.invalid', ['to_unit_id']);
  assertError(await send(c, { urgency: 'yesterday' }), 400, 'field.code', ['urgency']);
  assertError(await send(c, { sections: [] }), 400, 'field.required', ['sections']);
  assertError(await send(c, { sections: ['everything'] }), 400, 'field.code', ['sections']);
  assertError(await send(c, { services: ['teleportation'] }), 400, 'field.code', ['services']);
  assertError(await send(c, { reason: '' }), 400, 'field.required', ['reason']);
  assertError(await send(c, { to_unit_id: 'irbid' }), 400, 'field.type', ['to_unit_id']);
  assertError(await send(c, { extra: true }), 400, 'field.unknown', ['extra']);
  assert.equal((await api.request('GET', `/api/v1/cases/${c.id}/referrals`, S.caseworker)).body.items.length, 0);
  assert.equal((await sharingRows(c)).length, 0);
});
