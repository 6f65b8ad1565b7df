'use strict';
// CSRF: cookie-authenticated writes need the session's X-CSRF-Token; bearer clients do not.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, cliOk } = require('./lib/server');
const { client, uniqueName, assertError } = require('./lib/client');

let srv;
let api;
let admin;
let unitId;

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  admin = await api.loginAs('admin');
  unitId = (await api.listUnits(admin))[0].id;
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const newUserBody = (username) => ({
  username,
  full_name: 'اختبار الحماية',
  unit_id: unitId,
  roles: ['caseworker'],
  password: 'Csrf-Test-Password-77',
});

test('POST /users with the cookie but no X-CSRF-Token is 403 csrf.missing and stores nothing', async () => {
  const username = uniqueName('nocsrf');
  const r = await api.request('POST', '/api/v1/users', { cookie: admin.cookie, body: newUserBody(username) });
  assertError(r, 403, 'csrf.missing');
  assert.deepEqual(await api.findUsers(admin, username), []);
});

test('POST /users with a wrong X-CSRF-Token is 403 csrf.invalid and stores nothing', async () => {
  const username = uniqueName('badcsrf');
  const r = await api.request('POST', '/api/v1/users', { cookie: admin.cookie, csrf: `${admin.csrf}x`, body: newUserBody(username) });
  assertError(r, 403, 'csrf.invalid');
  assert.deepEqual(await api.findUsers(admin, username), []);
});

test('an empty X-CSRF-Token is refused', async () => {
  const username = uniqueName('emptycsrf');
  const r = await api.request('POST', '/api/v1/users', { cookie: admin.cookie, headers: { 'X-CSRF-Token': '' }, body: newUserBody(username) });
  assert.equal(r.status, 403, r.text);
  assert.ok(['csrf.missing', 'csrf.invalid'].includes(r.body.error.code), r.text);
  assert.deepEqual(await api.findUsers(admin, username), []);
});

test('the CSRF token of another session of the same user is csrf.invalid', async () => {
  const other = await api.loginAs('admin');
  const username = uniqueName('othercsrf');
  const r = await api.request('POST', '/api/v1/users', { cookie: admin.cookie, csrf: other.csrf, body: newUserBody(username) });
  assertError(r, 403, 'csrf.invalid');
  assert.deepEqual(await api.findUsers(admin, username), []);
});

test('POST /users with the right X-CSRF-Token is 201 and the user is stored', async () => {
  const username = uniqueName('goodcsrf');
  const r = await api.request('POST', '/api/v1/users', { ...admin, body: newUserBody(username) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.username, username);
  const found = await api.findUsers(admin, username);
  assert.equal(found.length, 1);
});

test('PUT /me/password without the token is 403 csrf.missing and the old password still works', async () => {
  const { username, password } = await api.createUser(admin);
  const s = await api.login(username, password);
  const r = await api.request('PUT', '/api/v1/me/password', {
    cookie: s.cookie,
    body: { current_password: password, new_password: 'Brand-New-Password-55' },
  });
  assertError(r, 403, 'csrf.missing');
  assert.equal((await api.tryLogin(username, password)).status, 200, 'old password stopped working');
  assert.equal((await api.tryLogin(username, 'Brand-New-Password-55')).status, 401, 'new password was stored');
});

test('PUT /me/password with the token is 204 and changes the password', async () => {
  const { username, password } = await api.createUser(admin);
  const s = await api.login(username, password);
  const r = await api.request('PUT', '/api/v1/me/password', { ...s, body: { current_password: password, new_password: 'Brand-New-Password-66' } });
  assert.equal(r.status, 204, r.text);
  assert.equal((await api.tryLogin(username, password)).status, 401, 'old password still works');
  assert.equal((await api.tryLogin(username, 'Brand-New-Password-66')).status, 200, 'new password does not work');
});

test('PATCH /users/{id} without the token is refused and the record is unchanged', async () => {
  const { user } = await api.createUser(admin, { full_name: 'الاسم الأصلي' });
  const r = await api.request('PATCH', `/api/v1/users/${user.id}`, { cookie: admin.cookie, body: { version: user.version, full_name: 'اسم مزور' } });
  assertError(r, 403, 'csrf.missing');
  const now = await api.request('GET', `/api/v1/users/${user.id}`, admin);
  assert.equal(now.status, 200, now.text);
  assert.equal(now.body.full_name, 'الاسم الأصلي');
  assert.equal(now.body.version, user.version);
});

test('logout without the token is 403 csrf.missing and the session stays', async () => {
  const s = await api.loginAs('caseworker');
  assertError(await api.request('DELETE', '/api/v1/session', { cookie: s.cookie }), 403, 'csrf.missing');
  assert.equal((await api.request('GET', '/api/v1/me', { cookie: s.cookie })).status, 200);
});

test('a bearer-token client writes without a CSRF token', async () => {
  const token = cliOk(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', 'admin']).split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.ok(token, 'no token printed');
  const username = uniqueName('bearer');
  const r = await api.request('POST', '/api/v1/users', { bearer: token, body: newUserBody(username) });
  assert.equal(r.status, 201, r.text);
  assert.equal((await api.findUsers(admin, username)).length, 1);
});

test('GET needs no CSRF token', async () => {
  const r = await api.request('GET', '/api/v1/users?limit=1', { cookie: admin.cookie });
  assert.equal(r.status, 200, r.text);
});
