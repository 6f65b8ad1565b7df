'use strict';
// Break-glass (docs/api.md "Break-glass"): an officer of the police's family protection office opens, in an
// emergency, a restricted case of the ministry's office that he is not allowed: a reason from the list and his own
// words; the case is his to read, not to change, until the case's supervisor grants it; every read is audited with
// the grant; the supervisor and the auditors are told; he ends it, and it is 404 again; an auditor marks it justified,
// once. Everyone else still gets 404.

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
  for (const name of ['caseworker', 'supervisor', 'officer', 'monitor', 'auditor', 'manager']) S[name] = await api.loginAs(name);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (path, who) => api.request('GET', path, who);
const post = (path, body, who) => api.request('POST', path, { ...who, body });

test('a caseworker with a grant on a restricted case of her own unit can neither take it nor change its people', async () => {
  const woman = await post('/api/v1/persons', { first_name: 'سماح', father_name: 'عادل', family_name: 'القرعان', sex: 'female', birth_date: '1991-03-04', address: 'عمان' }, S.supervisor);
  assert.equal(woman.status, 201, woman.text);
  const made = await post('/api/v1/cases', { kind: 'family_violence', summary: 'تهديد', sensitivity: 'restricted', persons: [{ person_id: woman.body.id, role: 'victim' }] }, S.supervisor);
  assert.equal(made.status, 201, made.text);
  const c = made.body;
  const person = (await get(`/api/v1/persons/${woman.body.id}`, S.supervisor)).body;
  assertError(await api.request('PATCH', `/api/v1/persons/${woman.body.id}`, { ...S.caseworker, body: { version: person.version, address: 'الزرقاء' } }), 403, 'person.restricted');
  const grant = await post(`/api/v1/cases/${c.id}/break-glass`, { reason: 'child_at_risk', explanation: 'الأطفال في خطر الليلة والمشرفة غير متاحة' }, S.caseworker);
  assert.equal(grant.status, 201, grant.text);
  assert.equal((await get(`/api/v1/cases/${c.id}`, S.caseworker)).status, 200);
  // taking the case herself: refused, and after the end she sees nothing
  assertError(await post(`/api/v1/cases/${c.id}/assignments`, { user_id: S.caseworker.user.id, role: 'caseworker' }, S.caseworker), 403, 'case.supervisor_only');
  assertError(await api.request('PATCH', `/api/v1/persons/${woman.body.id}`, { ...S.caseworker, body: { version: person.version, address: 'الزرقاء' } }), 403, 'person.restricted');
  assert.equal((await get(`/api/v1/persons/${woman.body.id}`, S.supervisor)).body.address, 'عمان');
  // the case's supervisor takes the grant away
  assert.equal((await post(`/api/v1/break-glass/${grant.body.id}/end`, {}, S.supervisor)).status, 204);
  assert.equal((await get(`/api/v1/cases/${c.id}`, S.caseworker)).status, 404);
});

test('an officer breaks the glass on a restricted case of another unit: read-only, audited, told, granted more, ended, reviewed', async () => {
  const made = await post('/api/v1/cases', { kind: 'family_violence', summary: 'تهديد بالقتل من الزوج', sensitivity: 'restricted' }, S.supervisor);
  assert.equal(made.status, 201, made.text);
  const c = made.body;
  const path = `/api/v1/cases/${c.id}/break-glass`;
  assert.equal((await get(`/api/v1/cases/${c.id}`, S.officer)).status, 404);

  // bad requests: refused, nothing stored
  assertError(await post(path, { explanation: 'الضحية في المستشفى الآن وتحتاج إلى إيواء' }, S.officer), 400, 'field.required', ['reason']);
  assertError(await post(path, { reason: 'curiosity', explanation: 'الضحية في المستشفى الآن وتحتاج إلى إيواء' }, S.officer), 400, 'field.code', ['reason']);
  assertError(await post(path, { reason: 'danger_to_life', explanation: 'عاجل' }, S.officer), 400, 'break_glass.explain', ['explanation']);
  assertError(await post('/api/v1/cases/999999/break-glass', { reason: 'danger_to_life', explanation: 'الضحية في المستشفى الآن' }, S.officer), 404, 'not_found');
  assertError(await post(path, { reason: 'danger_to_life', explanation: 'أنا مشرفة وحدة هذه الحالة' }, S.supervisor), 409, 'break_glass.not_needed');
  assert.equal((await post(path, { reason: 'danger_to_life', explanation: 'الضحية في المستشفى الآن' }, S.manager)).status, 403);
  assert.equal((await get(`/api/v1/cases/${c.id}`, S.officer)).status, 404, 'nothing granted by a refusal');

  const opened = await post(path, { reason: 'danger_to_life', explanation: 'اتصلت الضحية من المستشفى الساعة الثانية فجرًا وتحتاج إلى إيواء الليلة' }, S.officer);
  assert.equal(opened.status, 201, opened.text);
  const grant = opened.body;
  const minutes = (Date.parse(grant.expires_at) - Date.parse(grant.started_at)) / 60000;
  assert.equal(minutes, 60);
  assert.equal(grant.write, false);
  // asked again while open: the same grant
  const again = await post(path, { reason: 'other', explanation: 'مرة أخرى للاختبار فقط' }, S.officer);
  assert.equal(again.body.id, grant.id);

  // read-only: the case and its parts, not a change
  const read = await get(`/api/v1/cases/${c.id}`, S.officer);
  assert.equal(read.status, 200, read.text);
  assert.deepEqual(read.body.break_glass, { id: grant.id, expires_at: grant.expires_at, write: false });
  assert.equal(read.body.can.write, false);
  assert.equal((await get(`/api/v1/cases/${c.id}/notes`, S.officer)).status, 200);
  assertError(await post(`/api/v1/cases/${c.id}/notes`, { kind: 'call', occurred_on: new Date(Date.now() + 3 * 3600e3).toISOString().slice(0, 10), body: 'اتصال' }, S.officer), 403, 'auth.forbidden');
  // nobody else: still 404
  assert.equal((await get(`/api/v1/cases/${c.id}`, S.monitor)).status, 404);
  // the grant opens the one case, never a list; he cannot take the case, nor change its people
  const inList = (await get('/api/v1/cases?limit=200', S.officer)).body.items.map((x) => x.id);
  assert.ok(!inList.includes(c.id), 'a grant puts no case in a list');
  assertError(await post(`/api/v1/cases/${c.id}/assignments`, { user_id: S.officer.user.id, role: 'officer' }, S.officer), 403, 'case.supervisor_only');

  // every read audited with the grant; the case's history says so
  const audit = (await get(`/api/v1/audit?action=case.break_glass.read&object_id=${c.id}`, S.auditor)).body.items;
  assert.ok(audit.length >= 2, JSON.stringify(audit));
  assert.ok(audit.every((a) => a.detail === `break-glass ${grant.id}` && a.username === 'officer'));
  const history = (await get(`/api/v1/cases/${c.id}/history`, S.supervisor)).body.items;
  assert.ok(history.some((e) => e.action === 'case.break_glass'), JSON.stringify(history.slice(0, 3)));

  // told at once: the case's supervisor (to the case) and the auditors (to their review list)
  const note = (who) => get('/api/v1/notifications', who).then((r) => r.body.items.filter((n) => n.kind === 'break_glass' && n.case_id === c.id));
  assert.equal((await note(S.supervisor))[0].href, `#/cases/${c.id}`);
  assert.equal((await note(S.auditor))[0].href, `#/emergency/${c.id}`);
  assert.equal((await note(S.caseworker)).length, 0);

  // the supervisor grants more; then a note may be added; another unit's supervisor may not grant
  assert.equal((await post(`/api/v1/break-glass/${grant.id}/write`, {}, S.officer)).status, 404);
  const granted = await post(`/api/v1/break-glass/${grant.id}/write`, {}, S.supervisor);
  assert.equal(granted.status, 200, granted.text);
  assert.equal(granted.body.write, true);
  assertError(await post(`/api/v1/break-glass/${grant.id}/write`, {}, S.supervisor), 409, 'break_glass.closed');
  const wrote = await post(`/api/v1/cases/${c.id}/notes`, { kind: 'call', occurred_on: new Date(Date.now() + 3 * 3600e3).toISOString().slice(0, 10), body: 'رتبت الإيواء في دار الوفاق' }, S.officer);
  assert.equal(wrote.status, 201, wrote.text);

  // the review waits for the end; he ends it: 404 again
  assertError(await post(`/api/v1/break-glass/${grant.id}/review`, { verdict: 'justified' }, S.auditor), 409, 'break_glass.in_use');
  assert.equal((await post(`/api/v1/break-glass/${grant.id}/end`, {}, S.monitor)).status, 404);
  assert.equal((await post(`/api/v1/break-glass/${grant.id}/end`, {}, S.officer)).status, 204);
  assert.equal((await get(`/api/v1/cases/${c.id}`, S.officer)).status, 404);

  // the auditor's list and verdict; a supervisor sees her unit's uses; others none
  const pending = await get('/api/v1/break-glass?pending=true', S.auditor);
  assert.equal(pending.status, 200, pending.text);
  const listed = pending.body.items.find((g) => g.id === grant.id);
  assert.equal(listed.user_name, 'محمود يوسف الزعبي');
  assert.equal(listed.case_reference, c.reference);
  assert.equal((await get('/api/v1/break-glass', S.supervisor)).body.items.some((g) => g.id === grant.id), true);
  assert.equal((await get('/api/v1/break-glass', S.officer)).status, 403);
  assertError(await get('/api/v1/break-glass?pending=maybe', S.auditor), 400, 'query.invalid', ['pending']);
  assertError(await post(`/api/v1/break-glass/${grant.id}/review`, { verdict: 'not_justified' }, S.auditor), 400, 'field.required', ['note']);
  assertError(await post(`/api/v1/break-glass/${grant.id}/review`, { verdict: 'fine' }, S.auditor), 400, 'field.code', ['verdict']);
  assert.equal((await post(`/api/v1/break-glass/${grant.id}/review`, { verdict: 'justified' }, S.supervisor)).status, 403);
  const reviewed = await post(`/api/v1/break-glass/${grant.id}/review`, { verdict: 'justified', note: 'خطر على الحياة موثق' }, S.auditor);
  assert.equal(reviewed.status, 200, reviewed.text);
  assert.equal(reviewed.body.review, 'justified');
  assertError(await post(`/api/v1/break-glass/${grant.id}/review`, { verdict: 'not_justified', note: 'تراجع' }, S.auditor), 409, 'break_glass.reviewed');
  assert.equal((await get('/api/v1/break-glass?pending=true', S.auditor)).body.items.some((g) => g.id === grant.id), false);
});
