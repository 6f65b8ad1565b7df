'use strict';
// The sex of users (docs/api.md, "Users"): the grammatical form Arabic sentences that name a user agree with. Taken
// and given by the users API ('female', 'male' or null), shown in /me, set at the console with `user add --sex`,
// and given beside every user's name the API gives (a study's author and reviewer, a referral's sender, a case's
// workers and history). Every name here is synthetic.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer, cli } = require('./lib/server');
const { client, uniqueName, assertError } = require('./lib/client');

let srv;
let api;
const S = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['admin', 'caseworker', 'supervisor', 'monitor']) S[name] = await api.loginAs(name);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const me = async (who) => (await api.request('GET', '/api/v1/me', who)).body.user;

/** The text of a PDF as pdftotext reads it, folded as study_documents.test.js does (presentation forms, marks, white
 * space; lam, alef and alef maqsura left out, since pdftotext swaps the letters of lam's ligatures). */
function pdfReading(buffer) {
  const file = path.join(os.tmpdir(), `takamul-sex-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, buffer);
  try {
    return reading(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  } finally {
    fs.unlinkSync(file);
  }
}

function reading(text) {
  return text.normalize('NFKC').replace(/[\u064B-\u065F\u0670\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[أإآ]/g, 'ا').replace(/ة/g, 'ه').replace(/\s+/g, '').replace(/[لاى]/g, '');
}

test('the demo users have their sex, shown in /me', async () => {
  assert.equal((await me(S.caseworker)).sex, 'female');
  assert.equal((await me(S.supervisor)).sex, 'female');
  assert.equal((await me(S.monitor)).sex, 'male');
  assert.equal((await me(S.admin)).sex, 'female');
});

test('an administrator records a user\'s sex, changes it and clears it; the user JSON gives it', async () => {
  const made = await api.createUser(S.admin, { full_name: 'سلمى خليل الرواشدة', sex: 'female' }, { oneTime: true });
  assert.equal(made.user.sex, 'female');
  let user = (await api.request('GET', `/api/v1/users/${made.user.id}`, S.admin)).body;
  assert.equal(user.sex, 'female');
  let r = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...S.admin, body: { version: user.version, sex: 'male' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.sex, 'male');
  user = r.body;
  // a change of something else keeps it
  r = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...S.admin, body: { version: user.version, full_name: 'سليم خليل الرواشدة' } });
  assert.equal(r.body.sex, 'male', r.text);
  user = r.body;
  r = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...S.admin, body: { version: user.version, sex: null } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.sex, null);
  const listed = await api.findUsers(S.admin, made.username);
  assert.equal(listed.length, 1);
  assert.ok('sex' in listed[0] && listed[0].sex === null, JSON.stringify(listed[0]));
  // without the field a new user has none recorded
  const plain = await api.createUser(S.admin, {}, { oneTime: true });
  assert.equal(plain.user.sex, null);
});

test('a sex other than female, male or null is refused with 400 naming the field, and nothing is stored', async () => {
  const body = (extra) => ({ username: uniqueName('sx'), full_name: 'مستخدم مرفوض', roles: ['caseworker'], unit_id: 1, password: 'Refused-Pass-91x', ...extra });
  for (const sex of ['f', 'Female', 'أنثى', '']) {
    const fields = body({ sex });
    assertError(await api.request('POST', '/api/v1/users', { ...S.admin, body: fields }), 400, 'field.invalid', ['sex']);
    assert.equal((await api.findUsers(S.admin, fields.username)).length, 0, `no user made with sex ${JSON.stringify(sex)}`);
  }
  for (const sex of [1, true, ['female'], { value: 'female' }]) {
    assertError(await api.request('POST', '/api/v1/users', { ...S.admin, body: body({ sex }) }), 400, 'field.type', ['sex']);
  }
  const made = await api.createUser(S.admin, { sex: 'male' }, { oneTime: true });
  const r = await api.request('PATCH', `/api/v1/users/${made.user.id}`, { ...S.admin, body: { version: made.user.version, sex: 'woman' } });
  assertError(r, 400, 'field.invalid', ['sex']);
  assert.match(r.body.error.fields.sex.message, /[\u0600-\u06FF]/, 'the field\'s message is in Arabic');
  assert.equal((await api.request('GET', `/api/v1/users/${made.user.id}`, S.admin)).body.sex, 'male', 'nothing changed');
});

test('`user add --sex` records it; a wrong one is refused and adds nobody', async () => {
  const username = uniqueName('clisex');
  const password = 'Cli-Sex-Password-42x';
  let r = cli(['user', 'add', '--db', srv.db, username, '--unit', 'SSO-AMM', '--roles', 'caseworker', '--name', 'دعاء سمير الطراونة', '--sex', 'female', '--password-stdin'], { input: `${password}\n` });
  assert.equal(r.status, 0, `user add: ${r.stdout} ${r.stderr}`);
  const session = await api.login(username, password);
  assert.equal((await me(session)).sex, 'female');
  const wrong = uniqueName('clisex');
  r = cli(['user', 'add', '--db', srv.db, wrong, '--unit', 'SSO-AMM', '--roles', 'caseworker', '--name', 'مستخدم مرفوض', '--sex', 'f', '--password-stdin'], { input: `${password}\n` });
  assert.notEqual(r.status, 0, 'a wrong sex is refused');
  assert.match(r.stderr, /sex/);
  assert.equal((await api.findUsers(S.admin, wrong)).length, 0);
});

test('the API gives the sex beside the names of users it gives', async () => {
  // a case assigned by the supervisor to the caseworker: the assignment and the history name them
  const created = await api.request('POST', '/api/v1/cases', { ...S.caseworker, body: { kind: 'juvenile_protection', summary: 'حالة لاختبار صيغة الأسماء' } });
  assert.equal(created.status, 201, created.text);
  const c = created.body;
  const caseworker = await me(S.caseworker);
  const assigned = await api.request('POST', `/api/v1/cases/${c.id}/assignments`, { ...S.supervisor, body: { user_id: caseworker.id, role: 'caseworker' } });
  assert.equal(assigned.status, 200, assigned.text);
  const full = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  const assignment = full.assignments.find((a) => a.user_id === caseworker.id);
  assert.equal(assignment.user_sex, 'female', JSON.stringify(assignment));
  const history = (await api.request('GET', `/api/v1/cases/${c.id}/history`, S.caseworker)).body.items;
  assert.ok(history.length > 0);
  for (const event of history) if (event.user_name) assert.equal(event.user_sex, 'female', JSON.stringify(event));
  const listed = (await api.listAll('/api/v1/cases', S.caseworker)).find((x) => x.id === c.id);
  assert.equal(listed.worker_sex, 'female');
  // a study written by the caseworker and returned by the supervisor
  let s = (await api.request('POST', `/api/v1/cases/${c.id}/studies`, { ...S.caseworker, body: {} })).body;
  assert.equal(s.author_sex, 'female');
  assert.equal(s.author_role, 'caseworker');
  s = (await api.request('PUT', `/api/v1/studies/${s.id}`, { ...S.caseworker, body: { version: s.version, sections: s.template_sections.map((x) => ({ key: x.key, body: 'نص' })) } })).body;
  s = (await api.request('POST', `/api/v1/studies/${s.id}/transitions`, { ...S.caseworker, body: { action: 'submit', version: s.version } })).body;
  const returned = await api.request('POST', `/api/v1/studies/${s.id}/transitions`, { ...S.supervisor, body: { action: 'return', version: s.version, comment: 'أكمل قسم المدرسة.' } });
  assert.equal(returned.status, 200, returned.text);
  assert.equal(returned.body.reviewed_by_sex, 'female');
  const versions = (await api.request('GET', `/api/v1/studies/${s.id}/versions`, S.caseworker)).body.items;
  assert.equal(versions[0].submitted_by_sex, 'female');
  assert.equal(versions[0].decided_by_sex, 'female');
  const doc = (await api.request('GET', `/api/v1/studies/${s.id}/document?purpose=copy`, S.caseworker)).body;
  assert.equal(doc.author_sex, 'female');
  assert.equal(doc.author_role, 'caseworker');
  assert.equal(doc.reviewed_by_sex, 'female');
  // the PDF titles her as a woman social worker, and its verb agrees
  const pdf = await fetch(`${srv.base}/api/v1/studies/${s.id}/document?purpose=copy&format=pdf`, { headers: { cookie: S.caseworker.cookie } });
  assert.equal(pdf.status, 200);
  const text = pdfReading(Buffer.from(await pdf.arrayBuffer()));
  assert.ok(text.includes(reading('الأخصائية الاجتماعية:')), 'the author is not titled الأخصائية الاجتماعية');
  assert.ok(text.includes(reading('أعدّتها:')), 'the verb does not agree with the author');
  assert.ok(!text.includes(reading('معدّ الدراسة')), 'the author is titled in the masculine');
  // a referral to the behaviour monitors: its sender
  const units = await api.listUnits(S.admin);
  const sent = await api.request('POST', `/api/v1/cases/${c.id}/referrals`, { ...S.caseworker, body: { kind: 'referral', to_unit_id: units.find((u) => u.code === 'MON-AMM').id, reason: 'متابعة سلوك الحدث', urgency: 'routine', sections: ['summary'] } });
  assert.equal(sent.status, 201, sent.text);
  assert.equal(sent.body.sent_by_sex, 'female');
  assert.equal(sent.body.decided_by_sex, null);
});
