'use strict';
// Sessions and tokens end: after the idle time, when the user is disabled (API or command line), when the password
// changes (own change or an administrator's reset: sessions and bearer tokens), and at logout with a bearer token.
// The idle tests use a second server started with `serve --set session_idle_seconds=2`.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, cliOk, sleep } = require('./lib/server');
const { client, assertError, demoPassword } = require('./lib/client');

const IDLE_SECONDS = 2;

let srv; // default settings
let idleSrv; // session_idle_seconds=2
let api;
let idleApi;
let admin;

before(async () => {
  [srv, idleSrv] = await Promise.all([
    startServer(),
    startServer({ extraArgs: ['--set', `session_idle_seconds=${IDLE_SECONDS}`] }),
  ]);
  api = client(srv.base);
  idleApi = client(idleSrv.base);
});

after(async () => {
  for (const s of [srv, idleSrv]) {
    if (s) {
      await s.stop();
      s.cleanup();
    }
  }
});

const me = (auth, c = api) => c.request('GET', '/api/v1/me', auth);
const tokenFor = (username, server = srv) =>
  cliOk(['user', 'token', '--db', server.db, '--set', 'second_factor_roles=0', username]).split(/\s+/).find((w) => w.startsWith('tk_'));

/** A fresh admin session. */
const freshAdmin = () => api.loginAs('admin');

test('a session idle for longer than session_idle_seconds is 401 auth.required', async () => {
  const s = await idleApi.loginAs('caseworker');
  assert.equal((await me(s, idleApi)).status, 200);
  await sleep((IDLE_SECONDS + 1) * 1000);
  assertError(await me(s, idleApi), 401, 'auth.required');
  assertError(await me(s, idleApi), 401, 'auth.required');
});

test('with the default settings the same 3 s idle session is still alive', async () => {
  const s = await api.loginAs('caseworker');
  await sleep((IDLE_SECONDS + 1) * 1000);
  assert.equal((await me(s)).status, 200);
});

test('requests keep a session alive: the idle time counts from the last request', async () => {
  const s = await idleApi.loginAs('caseworker');
  // Requests every half second for 4 s: twice the idle time since login, but never idle for long.
  const started = Date.now();
  for (let i = 1; Date.now() - started < 2 * IDLE_SECONDS * 1000; i++) {
    const r = await me(s, idleApi);
    assert.equal(r.status, 200, `request ${i}, ${((Date.now() - started) / 1000).toFixed(1)} s after login: ${r.status} ${r.text}`);
    await sleep(500);
  }
});

test('every answer to a cookie session says how long it has left (Takamul-Session-Expires-In); /me gives both ends', async () => {
  const header = (r) => r.headers.get('Takamul-Session-Expires-In') ?? undefined;
  // the default server: 30 minutes idle, 12 hours in all
  const login = await api.tryLogin('caseworker', demoPassword('caseworker'));
  assert.equal(login.status, 200, login.text);
  // the whole idle time (a second boundary may pass between the login and its answer)
  assert.ok([30 * 60, 30 * 60 - 1].includes(Number(header(login))), `the login answer's header: ${header(login)}`);
  const s = { cookie: login.cookie, csrf: login.csrf };
  const r = await me(s);
  assert.equal(r.status, 200, r.text);
  const left = Number(header(r));
  assert.ok(left > 30 * 60 - 5 && left <= 30 * 60, `Takamul-Session-Expires-In: ${header(r)}`);
  // the header and session_expires_at name the same moment
  const serverNow = Date.parse(r.headers.get('Date'));
  const expires = Date.parse(r.body.session_expires_at);
  assert.ok(Math.abs(expires - serverNow - left * 1000) <= 2000, `${r.body.session_expires_at} vs ${r.headers.get('Date')} + ${left} s`);
  // the absolute end: 12 hours after login, whatever the use
  const absolute = Date.parse(r.body.session_absolute_expires_at);
  const loggedIn = Date.parse(r.body.user.last_login_at);
  assert.equal(absolute - loggedIn, 12 * 3600 * 1000, `session_absolute_expires_at: ${r.body.session_absolute_expires_at}`);
  // an answer of another route, and a refusal, say it too; a bearer token's answers, a 401 and a logout do not
  const units = await api.request('GET', '/api/v1/cases?limit=1', s);
  assert.equal(units.status, 200, units.text);
  assert.ok(Number(header(units)) > 0, 'GET /cases has no Takamul-Session-Expires-In');
  const refused = await api.request('GET', '/api/v1/users', s);
  assert.equal(refused.status, 403);
  assert.ok(Number(header(refused)) > 0, 'a 403 has no Takamul-Session-Expires-In');
  const token = tokenFor('monitor');
  const bearer = await me({ bearer: token });
  assert.equal(bearer.status, 200);
  assert.equal(header(bearer), undefined);
  assert.equal(bearer.body.session_absolute_expires_at, bearer.body.session_expires_at);
  const out = await api.request('DELETE', '/api/v1/session', s);
  assert.equal(out.status, 204);
  assert.equal(header(out), undefined);
  const after = await me(s);
  assert.equal(after.status, 401);
  assert.equal(header(after), undefined);
});

test('with a short idle time the header counts down between requests and starts again at each', async () => {
  const s = await idleApi.loginAs('caseworker');
  const first = Number((await me(s, idleApi)).headers.get('Takamul-Session-Expires-In'));
  assert.ok(first > 0 && first <= IDLE_SECONDS, `first: ${first}`);
  const r = await me(s, idleApi);
  assert.equal(r.status, 200);
  assert.ok(Number(r.headers.get('Takamul-Session-Expires-In')) <= IDLE_SECONDS);
  // the absolute end does not move with use
  const again = await me(s, idleApi);
  assert.equal(again.body.session_absolute_expires_at, r.body.session_absolute_expires_at);
});

test('a bearer token is not ended by the session idle time', async () => {
  const token = tokenFor('monitor', idleSrv);
  assert.equal((await me({ bearer: token }, idleApi)).status, 200);
  await sleep((IDLE_SECONDS + 1) * 1000);
  assert.equal((await me({ bearer: token }, idleApi)).status, 200);
});

test('disabling a user through the API ends their existing session and revokes their tokens', async () => {
  admin = await freshAdmin();
  const { user, username, password } = await api.createUser(admin);
  const s = await api.login(username, password);
  const token = tokenFor(username);
  assert.equal((await me(s)).status, 200);
  assert.equal((await me({ bearer: token })).status, 200);
  const current = await api.request('GET', `/api/v1/users/${user.id}`, admin);
  const r = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { version: current.body.version, status: 'disabled' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'disabled');
  assertError(await me(s), 401, 'auth.required');
  assertError(await me({ bearer: token }), 401, 'auth.required');
  assertError(await api.tryLogin(username, password), 401, 'auth.invalid_credentials');
});

test('re-enabling a user does not revive the old session', async () => {
  admin = await freshAdmin();
  const { user, username, password } = await api.createUser(admin);
  const s = await api.login(username, password);
  const d = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { version: user.version, status: 'disabled' } });
  assert.equal(d.status, 200, d.text);
  const e = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { version: d.body.version, status: 'active' } });
  assert.equal(e.status, 200, e.text);
  assertError(await me(s), 401, 'auth.required');
  assert.equal((await api.tryLogin(username, password)).status, 200);
});

test('`user disable` on the command line ends the user\'s session in the running server', async () => {
  admin = await freshAdmin();
  const { username, password } = await api.createUser(admin);
  const s = await api.login(username, password);
  assert.equal((await me(s)).status, 200);
  cliOk(['user', 'disable', '--db', srv.db, username]);
  assertError(await me(s), 401, 'auth.required');
  assertError(await api.tryLogin(username, password), 401, 'auth.invalid_credentials');
});

test('changing one\'s password ends the other sessions but keeps this one', async () => {
  admin = await freshAdmin();
  const { username, password } = await api.createUser(admin);
  const a = await api.login(username, password);
  const b = await api.login(username, password);
  const r = await api.request('PUT', '/api/v1/me/password', { ...a, body: { current_password: password, new_password: 'After-Change-Password-12' } });
  assert.equal(r.status, 204, r.text);
  assert.equal((await me(a)).status, 200, 'the session that changed the password was ended');
  assertError(await me(b), 401, 'auth.required');
});

test('an admin password reset ends the user\'s sessions and revokes their bearer tokens', async () => {
  admin = await freshAdmin();
  const { user, username, password } = await api.createUser(admin);
  const s = await api.login(username, password);
  const token = tokenFor(username);
  assert.equal((await me({ bearer: token })).status, 200);
  const r = await api.request('PUT', `/api/v1/users/${user.id}/password`, { ...admin, body: { password: 'Reset-By-Admin-Pass-77' } });
  assert.equal(r.status, 204, r.text);
  assertError(await me(s), 401, 'auth.required');
  assertError(await me({ bearer: token }), 401, 'auth.required');
  assert.equal((await api.tryLogin(username, 'Reset-By-Admin-Pass-77')).status, 200);
});

test('changing one\'s password revokes one\'s bearer tokens', async () => {
  admin = await freshAdmin();
  const { username, password } = await api.createUser(admin);
  const token = tokenFor(username);
  const other = tokenFor('monitor');
  assert.equal((await me({ bearer: token })).status, 200);
  const s = await api.login(username, password);
  const r = await api.request('PUT', '/api/v1/me/password', { ...s, body: { current_password: password, new_password: 'After-Change-Password-13' } });
  assert.equal(r.status, 204, r.text);
  assertError(await me({ bearer: token }), 401, 'auth.required');
  assert.equal((await me({ bearer: other })).status, 200, 'another user\'s token was revoked');
  assert.equal((await me(s)).status, 200);
});

test('a password change made with a bearer token revokes that token too', async () => {
  admin = await freshAdmin();
  const { username, password } = await api.createUser(admin);
  const token = tokenFor(username);
  const r = await api.request('PUT', '/api/v1/me/password', { bearer: token, body: { current_password: password, new_password: 'After-Change-Password-14' } });
  assert.equal(r.status, 204, r.text);
  assertError(await me({ bearer: token }), 401, 'auth.required');
  assert.equal((await api.tryLogin(username, 'After-Change-Password-14')).status, 200);
});

test('DELETE /session with a bearer token revokes that token, and only that one', async () => {
  admin = await freshAdmin();
  const { username, password } = await api.createUser(admin);
  const token = tokenFor(username);
  const kept = tokenFor(username);
  const s = await api.login(username, password);
  const out = await api.request('DELETE', '/api/v1/session', { bearer: token });
  assert.equal(out.status, 204, out.text);
  assert.equal(out.setCookies.length, 0, `a bearer logout set cookies: ${JSON.stringify(out.setCookies)}`);
  assertError(await me({ bearer: token }), 401, 'auth.required');
  assertError(await api.request('DELETE', '/api/v1/session', { bearer: token }), 401, 'auth.required');
  assert.equal((await me({ bearer: kept })).status, 200, 'the user\'s other token was revoked');
  assert.equal((await me(s)).status, 200, 'the user\'s session was ended');
  const auditor = await api.loginAs('auditor');
  const rows = await api.request('GET', `/api/v1/audit?action=token.revoke&username=${username}`, auditor);
  assert.equal(rows.status, 200, rows.text);
  assert.equal(rows.body.items.length, 1, rows.text);
  assert.equal(rows.body.items[0].outcome, 'ok');
});
