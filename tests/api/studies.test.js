'use strict';
// Social studies (docs/api.md, "Social studies"): templates as data, a draft only its author edits, saved with a
// version, submitted with every section written, returned with a comment or approved by a supervisor of the case's
// unit (never their own), each submission a version kept with its text, an approved study read only, and who sees
// what. Every name here is synthetic.

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
  for (const name of ['caseworker', 'supervisor', 'monitor', 'manager', 'admin', 'auditor']) S[name] = await api.loginAs(name);
  const units = await api.listUnits(S.admin);
  const make = async (code, roles, fullName) => {
    const made = await api.createUser(S.admin, { unit_id: units.find((u) => u.code === code).id, roles, full_name: fullName });
    return api.login(made.username, made.password);
  };
  S.colleague = await make('SSO-AMM', ['caseworker'], 'زميلة في المكتب');
  S.otherUnit = await make('SSO-IRB', ['caseworker'], 'أخصائي إربد');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

async function newCase(kind, who = S.caseworker) {
  const r = await api.request('POST', '/api/v1/cases', { ...who, body: { kind, summary: 'حالة لدراسة اجتماعية' } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function newStudy(c, body = {}, who = S.caseworker) {
  const r = await api.request('POST', `/api/v1/cases/${c.id}/studies`, { ...who, body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const save = (s, sections, who = S.caseworker, version = s.version) =>
  api.request('PUT', `/api/v1/studies/${s.id}`, { ...who, body: { version, sections } });
const act = (s, action, who, extra = {}) =>
  api.request('POST', `/api/v1/studies/${s.id}/transitions`, { ...who, body: { action, version: s.version, ...extra } });

// every section of the study's template written
const filled = (s, word = 'نص') => s.template_sections.map((section) => ({ key: section.key, body: `${word}: ${section.title_ar}` }));

test('templates are data: the juvenile study has the headings of art. 11, with health for protection and the act for conflict', async () => {
  const all = await api.request('GET', '/api/v1/study-templates', S.caseworker);
  assert.equal(all.status, 200, all.text);
  assert.deepEqual(all.body.items.map((t) => t.code), ['juvenile', 'fv_settlement', 'inmate_family', 'followup_report']);
  const protection = (await api.request('GET', '/api/v1/study-templates?kind=juvenile_protection', S.caseworker)).body.items;
  assert.deepEqual(protection.map((t) => t.code), ['juvenile', 'followup_report']);
  assert.deepEqual(protection[0].sections.map((x) => x.key), ['family', 'circumstances', 'upbringing', 'school', 'health', 'assessment']);
  const conflict = (await api.request('GET', '/api/v1/study-templates?kind=juvenile_conflict', S.caseworker)).body.items;
  assert.deepEqual(conflict[0].sections.map((x) => x.key), ['family', 'circumstances', 'upbringing', 'school', 'act', 'assessment']);
  assert.equal(conflict[0].sections[4].title_ar, 'ظروف ارتكاب الفعل');
  const fv = (await api.request('GET', '/api/v1/study-templates?kind=family_violence', S.caseworker)).body.items;
  assert.deepEqual(fv[0].sections.map((x) => x.key), ['family', 'parties', 'risk', 'recommendation']);
  assertError(await api.request('GET', '/api/v1/study-templates?kind=theft', S.caseworker), 400, 'query.invalid', ['kind']);
  assertError(await api.request('GET', '/api/v1/study-templates', S.admin), 403, 'auth.forbidden');
});

test('a draft: only its author saves it, with the version; sections of its template only; it survives (is stored) between saves', async () => {
  const c = await newCase('juvenile_protection');
  let s = await newStudy(c);
  assert.equal(s.template, 'juvenile');
  assert.equal(s.status, 'draft');
  assert.equal(s.author_name, S.caseworker.user.full_name);
  assert.deepEqual(s.sections, {});
  assert.deepEqual(s.can, { edit: true, submit: true, review: false });
  assert.ok(!s.template_sections.some((x) => x.key === 'act'), 'a protection case has no section on the act');
  let r = await save(s, [{ key: 'family', body: 'يعيش الحدث مع جدته في عمان.' }]);
  assert.equal(r.status, 200, r.text);
  s = r.body;
  assert.equal(s.sections.family, 'يعيش الحدث مع جدته في عمان.');
  assert.equal(s.version, 2);
  // what was saved is what is read back later
  const again = (await api.request('GET', `/api/v1/studies/${s.id}`, S.caseworker)).body;
  assert.deepEqual(again.sections, s.sections);
  // a stale version, a section not in the template, another writer, a bad body
  assertError(await save(s, [{ key: 'family', body: 'قديم' }], S.caseworker, 1), 409, 'version.conflict', ['version']);
  assertError(await save(s, [{ key: 'act', body: 'لا يخص هذه الحالة' }]), 400, 'study.unknown_section', ['act']);
  assertError(await save(s, [{ key: 'family', body: 'تعديل زميلة' }], S.colleague), 403, 'study.author_only');
  assertError(await save(s, [{ key: 'family' }]), 400, 'field.invalid', ['sections']);
  assertError(await save(s, [{ key: 'family', body: 'ع'.repeat(20001) }]), 400, 'field.too_long', ['family']);
  assert.equal((await api.request('GET', `/api/v1/studies/${s.id}`, S.caseworker)).body.sections.family, 'يعيش الحدث مع جدته في عمان.');
  // a null body clears a section
  s = (await save(s, [{ key: 'family', body: null }, { key: 'school', body: 'في الصف السادس.' }])).body;
  assert.deepEqual(s.sections, { school: 'في الصف السادس.' });
  // the case's studies
  const list = (await api.request('GET', `/api/v1/cases/${c.id}/studies`, S.caseworker)).body.items;
  assert.deepEqual(list.map((x) => [x.id, x.status]), [[s.id, 'draft']]);
  // a template of another kind is refused
  assertError(await api.request('POST', `/api/v1/cases/${c.id}/studies`, { ...S.caseworker, body: { template: 'inmate_family' } }), 400, 'study.template_kind', ['template']);
  assertError(await api.request('POST', `/api/v1/cases/${c.id}/studies`, { ...S.caseworker, body: { template: 'poem' } }), 400, 'field.code', ['template']);
});

test('submit, return with comments, resubmit, approve: each submission a version with its text; approved is read only', async () => {
  const c = await newCase('family_violence');
  let s = await newStudy(c);
  assert.equal(s.template, 'fv_settlement');
  // not all sections written: refused, naming them
  s = (await save(s, [{ key: 'family', body: 'أسرة من خمسة أفراد.' }])).body;
  const incomplete = await act(s, 'submit', S.caseworker);
  assertError(incomplete, 400, 'study.section_empty', ['parties', 'risk', 'recommendation']);
  s = (await save(s, filled(s, 'المسودة الأولى'))).body;
  assertError(await act(s, 'submit', S.colleague), 403, 'study.author_only');
  let r = await act(s, 'submit', S.caseworker);
  assert.equal(r.status, 200, r.text);
  s = r.body;
  assert.equal(s.status, 'submitted');
  assert.equal(s.submissions, 1);
  assert.deepEqual(s.can, { edit: false, submit: false, review: false });
  assertError(await save(s, [{ key: 'family', body: 'أثناء المراجعة' }]), 409, 'study.under_review');
  // only a supervisor of the unit reviews; a comment is needed to return it
  assertError(await act(s, 'approve', S.caseworker), 403, 'case.supervisor_only');
  assertError(await act(s, 'return', S.supervisor), 400, 'field.required', ['comment']);
  const seenBySupervisor = (await api.request('GET', `/api/v1/studies/${s.id}`, S.supervisor)).body;
  assert.equal(seenBySupervisor.can.review, true);
  r = await act(s, 'return', S.supervisor, { comment: 'وضّح مصادر دخل الأسرة في قسم وضع الأسرة.' });
  assert.equal(r.status, 200, r.text);
  s = r.body;
  assert.equal(s.status, 'returned');
  assert.equal(s.review_comment, 'وضّح مصادر دخل الأسرة في قسم وضع الأسرة.');
  assert.equal(s.can.edit, false, 'the answer is the supervisor\'s: not the author');
  assert.equal((await api.request('GET', `/api/v1/studies/${s.id}`, S.caseworker)).body.can.edit, true, 'returned: its author edits it again');
  s = (await save(s, [{ key: 'family', body: 'أسرة من خمسة أفراد، دخلها من عمل الأب اليومي ومعونة صندوق المعونة الوطنية.' }])).body;
  s = (await act(s, 'submit', S.caseworker)).body;
  assert.equal(s.submissions, 2);
  r = await act(s, 'approve', S.supervisor);
  assert.equal(r.status, 200, r.text);
  s = r.body;
  assert.equal(s.status, 'approved');
  assert.equal(s.reviewed_by_name, S.supervisor.user.full_name);
  assertError(await save(s, [{ key: 'family', body: 'بعد الاعتماد' }]), 409, 'study.read_only');
  assertError(await act(s, 'submit', S.caseworker), 409, 'study.bad_state');
  assertError(await act(s, 'return', S.supervisor, { comment: 'متأخر' }), 409, 'study.bad_state');
  // the versions, newest first, with outcomes; each keeps its own text, so the change can be seen
  const versions = (await api.request('GET', `/api/v1/studies/${s.id}/versions`, S.supervisor)).body.items;
  assert.deepEqual(versions.map((v) => [v.number, v.outcome]), [[2, 'approved'], [1, 'returned']]);
  assert.equal(versions[1].comment, 'وضّح مصادر دخل الأسرة في قسم وضع الأسرة.');
  const first = (await api.request('GET', `/api/v1/studies/${s.id}/versions/1`, S.supervisor)).body;
  const second = (await api.request('GET', `/api/v1/studies/${s.id}/versions/2`, S.supervisor)).body;
  assert.match(first.sections.family, /^المسودة الأولى/);
  assert.match(second.sections.family, /صندوق المعونة الوطنية/);
  assert.equal(first.sections.parties, second.sections.parties);
  assertError(await api.request('GET', `/api/v1/studies/${s.id}/versions/3`, S.supervisor), 404, 'not_found');
  // the case's history
  const history = (await api.request('GET', `/api/v1/cases/${c.id}/history`, S.caseworker)).body.items.map((e) => e.action);
  for (const action of ['case.study.create', 'case.study.submit', 'case.study.return', 'case.study.approve']) assert.ok(history.includes(action), action);
});

test('a supervisor does not approve a study they wrote; stale versions are refused', async () => {
  const c = await newCase('inmate_family', S.supervisor);
  let s = await newStudy(c, {}, S.supervisor);
  s = (await save(s, filled(s), S.supervisor)).body;
  s = (await act(s, 'submit', S.supervisor)).body;
  assertError(await act(s, 'approve', S.supervisor), 403, 'study.own_review');
  assertError(await act({ ...s, version: s.version - 1 }, 'return', S.supervisor, { comment: 'x' }), 403, 'study.own_review');
  assertError(await act({ ...s, version: 1 }, 'submit', S.supervisor), 409, 'study.bad_state');
  assertError(await act(s, 'publish', S.supervisor), 400, 'field.code', ['action']);
});

test('who sees studies: the unit and its manager read, another unit, an administrator and an auditor do not; reads audited', async () => {
  const c = await newCase('juvenile_conflict');
  const s = await newStudy(c);
  assert.equal((await api.request('GET', `/api/v1/studies/${s.id}`, S.supervisor)).status, 200);
  const asManager = await api.request('GET', `/api/v1/studies/${s.id}`, S.manager);
  assert.equal(asManager.status, 200, asManager.text);
  assert.deepEqual(asManager.body.can, { edit: false, submit: false, review: false });
  assertError(await api.request('POST', `/api/v1/cases/${c.id}/studies`, { ...S.manager, body: {} }), 403, 'auth.forbidden');
  assertError(await api.request('GET', `/api/v1/studies/${s.id}`, S.otherUnit), 404, 'not_found');
  assertError(await api.request('GET', `/api/v1/cases/${c.id}/studies`, S.otherUnit), 404, 'not_found');
  assertError(await api.request('GET', `/api/v1/studies/${s.id}`, S.admin), 403, 'auth.forbidden');
  assertError(await api.request('GET', `/api/v1/studies/${s.id}`, S.auditor), 403, 'auth.forbidden');
  assertError(await api.request('GET', '/api/v1/studies/999999', S.caseworker), 404, 'not_found');
  const reads = await api.listAll(`/api/v1/audit?action=study.read&object_type=study&object_id=${s.id}`, S.auditor);
  assert.ok(reads.length >= 2, `audited reads: ${reads.length}`);
  assert.ok((await api.listAll(`/api/v1/audit?action=case.read&outcome=denied&object_type=case&object_id=${c.id}`, S.auditor)).length >= 1);
});
