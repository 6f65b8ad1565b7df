'use strict';
// Login, /me, logout, bearer tokens, and the same answer (in similar time) for a wrong password and an unknown user.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, cli, cliOk } = require('./lib/server');
const { client, demoPassword, uniqueName, assertError, clearsCookie } = require('./lib/client');

let srv;
let api;

before(async () => {
  srv = await startServer();
  api = client(srv.base);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const cookieNamed = (res, name) => res.setCookies.find((c) => c.name === name);

test('good login answers 200 with the user and a CSRF token', async () => {
  const r = await api.tryLogin('caseworker', demoPassword('caseworker'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.username, 'caseworker');
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.ok(r.body.csrf_token.length >= 16, `csrf_token too short: ${r.body.csrf_token}`);
  assert.ok(!('password' in r.body.user) && !('password_hash' in r.body.user), 'login answer leaks a password field');
});

test('session cookie is HttpOnly, SameSite=Strict, Path=/ and not Secure over plain http', async () => {
  const r = await api.tryLogin('caseworker', demoPassword('caseworker'));
  assert.equal(r.status, 200, r.text);
  const c = cookieNamed(r, 'takamul_session');
  assert.ok(c, `no takamul_session cookie in ${JSON.stringify(r.setCookies)}`);
  assert.ok(c.value.length >= 22, 'session cookie value too short to hold 128 random bits');
  assert.equal(c.attrs.httponly, true, 'session cookie not HttpOnly');
  assert.equal(String(c.attrs.samesite).toLowerCase(), 'strict', 'session cookie not SameSite=Strict');
  assert.equal(c.attrs.path, '/', 'session cookie Path is not /');
  assert.equal(c.attrs.secure, undefined, 'session cookie marked Secure over plain http');
  assert.ok(!c.attrs.domain, 'session cookie must not set Domain');
});

test('login sets a takamul_device cookie that is HttpOnly and SameSite=Strict', async () => {
  const r = await api.tryLogin('caseworker', demoPassword('caseworker'));
  assert.equal(r.status, 200, r.text);
  const c = cookieNamed(r, 'takamul_device');
  assert.ok(c, `no takamul_device cookie in ${JSON.stringify(r.setCookies)}`);
  assert.equal(c.attrs.httponly, true, 'device cookie not HttpOnly');
  assert.equal(String(c.attrs.samesite).toLowerCase(), 'strict', 'device cookie not SameSite=Strict');
});

test('two logins get different session cookies and CSRF tokens', async () => {
  const a = await api.tryLogin('caseworker', demoPassword('caseworker'));
  const b = await api.tryLogin('caseworker', demoPassword('caseworker'));
  assert.notEqual(a.session, b.session);
  assert.notEqual(a.csrf, b.csrf);
});

test('GET /me with the cookie returns the user, unit, roles and the CSRF token', async () => {
  const s = await api.login('caseworker', demoPassword('caseworker'));
  const r = await api.request('GET', '/api/v1/me', { cookie: s.cookie });
  assert.equal(r.status, 200, r.text);
  const u = r.body.user;
  assert.equal(u.username, 'caseworker');
  assert.equal(u.status, 'active');
  assert.equal(typeof u.id, 'number');
  assert.equal(typeof u.full_name, 'string');
  assert.ok(u.full_name.length > 0);
  assert.ok(Array.isArray(u.roles) && u.roles.includes('caseworker'), `roles: ${JSON.stringify(u.roles)}`);
  assert.equal(typeof u.unit, 'object');
  assert.ok(u.unit && typeof u.unit.id === 'number' && typeof u.unit.code === 'string', `unit: ${JSON.stringify(u.unit)}`);
  assert.ok(['mosd', 'psd'].includes(u.unit.agency), `unit.agency: ${u.unit.agency}`);
  assert.equal(typeof u.unit.name_ar, 'string');
  assert.equal(r.body.csrf_token, s.csrf, '/me returns a different CSRF token from the login');
  assert.ok(!Number.isNaN(Date.parse(r.body.session_expires_at)), `session_expires_at: ${r.body.session_expires_at}`);
  assert.ok(Date.parse(r.body.session_expires_at) > Date.now(), 'session_expires_at is in the past');
  assert.ok(!('password_hash' in u) && !('password' in u), '/me leaks a password field');
});

test('each demo role logs in and /me reports that role', async () => {
  for (const name of ['admin', 'auditor', 'monitor', 'officer', 'supervisor', 'manager', 'committee']) {
    const s = await api.login(name, demoPassword(name));
    const r = await api.request('GET', '/api/v1/me', { cookie: s.cookie });
    assert.equal(r.status, 200, `${name}: ${r.text}`);
    assert.ok(r.body.user.roles.includes(name), `${name} roles: ${JSON.stringify(r.body.user.roles)}`);
  }
});

test('GET /me without a session is 401 auth.required', async () => {
  assertError(await api.request('GET', '/api/v1/me'), 401, 'auth.required');
  assertError(await api.request('GET', '/api/v1/me', { cookie: 'takamul_session=forged-session-value-0123456789abcdef' }), 401, 'auth.required');
});

test('logout answers 204, clears the cookie, and the old cookie no longer works', async () => {
  const s = await api.login('caseworker', demoPassword('caseworker'));
  assert.equal((await api.request('GET', '/api/v1/me', { cookie: s.cookie })).status, 200);
  const out = await api.request('DELETE', '/api/v1/session', { cookie: s.cookie, csrf: s.csrf });
  assert.equal(out.status, 204, out.text);
  const cleared = out.setCookies.find((c) => c.name === 'takamul_session');
  assert.ok(cleared && clearsCookie(cleared), `logout did not clear takamul_session: ${JSON.stringify(out.setCookies)}`);
  assertError(await api.request('GET', '/api/v1/me', { cookie: s.cookie }), 401, 'auth.required');
});

test('logging out one session leaves the same user\'s other session alive', async () => {
  const a = await api.login('officer', demoPassword('officer'));
  const b = await api.login('officer', demoPassword('officer'));
  assert.equal((await api.request('DELETE', '/api/v1/session', a)).status, 204);
  assert.equal((await api.request('GET', '/api/v1/me', { cookie: b.cookie })).status, 200);
});

test('wrong password and unknown user get the identical 401 auth.invalid_credentials', async () => {
  const wrong = await api.tryLogin('supervisor', 'not-the-right-password-1');
  const unknown = await api.tryLogin(uniqueName('nobody'), 'not-the-right-password-1');
  assertError(wrong, 401, 'auth.invalid_credentials');
  assertError(unknown, 401, 'auth.invalid_credentials');
  assert.equal(wrong.text, unknown.text, 'bodies differ between wrong password and unknown user');
  assert.equal(wrong.setCookies.filter((c) => c.name === 'takamul_session' && !clearsCookie(c)).length, 0, 'failed login set a session');
  const en1 = await api.tryLogin('supervisor', 'not-the-right-password-2', { headers: { 'Accept-Language': 'en' } });
  const en2 = await api.tryLogin(uniqueName('nobody'), 'not-the-right-password-2', { headers: { 'Accept-Language': 'en' } });
  assert.equal(en1.text, en2.text, 'English bodies differ between wrong password and unknown user');
});

test('a wrong password and an unknown user take similar time (within 3x)', async () => {
  const admin = await api.loginAs('admin');
  const { username } = await api.createUser(admin);
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const wrongMs = [];
  const unknownMs = [];
  // One warm-up each, then interleaved rounds; 5 failures in all stay below the lockout threshold.
  await api.tryLogin(username, 'wrong-password-warmup');
  await api.tryLogin(uniqueName('ghost'), 'wrong-password-warmup');
  for (let i = 0; i < 4; i++) {
    const w = await api.tryLogin(username, `wrong-password-${i}`);
    assert.equal(w.status, 401, w.text);
    wrongMs.push(w.ms);
    const u = await api.tryLogin(uniqueName('ghost'), `wrong-password-${i}`);
    assert.equal(u.status, 401, u.text);
    unknownMs.push(u.ms);
  }
  const a = median(wrongMs);
  const b = median(unknownMs);
  const ratio = Math.max(a, b) / Math.max(Math.min(a, b), 0.001);
  assert.ok(ratio <= 3, `wrong password median ${a.toFixed(1)} ms vs unknown user median ${b.toFixed(1)} ms (ratio ${ratio.toFixed(1)})`);
});

test('a disabled account answers like a wrong password', async () => {
  const admin = await api.loginAs('admin');
  const { user, username, password } = await api.createUser(admin);
  const patched = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { version: user.version, status: 'disabled' } });
  assert.equal(patched.status, 200, patched.text);
  const r = await api.tryLogin(username, password);
  assertError(r, 401, 'auth.invalid_credentials');
  const unknown = await api.tryLogin(uniqueName('nobody'), password);
  assert.equal(r.text, unknown.text);
});

test('login body errors: missing password is 400 naming the field, not a login attempt', async () => {
  const r = await api.request('POST', '/api/v1/session', { body: { username: 'caseworker' } });
  assertError(r, 400, 'field.required', ['password']);
});

test('bearer token from `user token` authenticates /me without a CSRF token in the answer', async () => {
  const out = cliOk(['user', 'token', '--db', srv.db, 'monitor']).trim();
  const token = out.split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.ok(token, `no tk_ token printed: ${out}`);
  assert.ok(token.length - 3 >= 43, `token too short for 256 random bits: ${token.length - 3} characters`);
  const r = await api.request('GET', '/api/v1/me', { bearer: token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.username, 'monitor');
  assert.equal(r.body.csrf_token, undefined, 'csrf_token returned to a bearer client');
  const second = cliOk(['user', 'token', '--db', srv.db, 'monitor']).trim().split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.notEqual(second, token, 'two tokens are equal');
});

test('a wrong or malformed bearer token is 401 auth.required', async () => {
  assertError(await api.request('GET', '/api/v1/me', { bearer: 'tk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 401, 'auth.required');
  assertError(await api.request('GET', '/api/v1/me', { headers: { Authorization: 'Bearer' } }), 401, 'auth.required');
  assertError(await api.request('GET', '/api/v1/me', { headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } }), 401, 'auth.required');
});

test('`user add --password-stdin` makes a user who can log in', async () => {
  const admin = await api.loginAs('admin');
  const unit = (await api.listUnits(admin))[0];
  const username = uniqueName('cli');
  const password = 'Cli-Made-Password-42x';
  const r = cli(['user', 'add', '--db', srv.db, username, '--unit', unit.code, '--roles', 'caseworker,monitor', '--name', 'مستخدم من سطر الأوامر', '--password-stdin'], { input: `${password}\n` });
  assert.equal(r.status, 0, `user add: ${r.stdout} ${r.stderr}`);
  const s = await api.login(username, password);
  const me = await api.request('GET', '/api/v1/me', { cookie: s.cookie });
  assert.equal(me.status, 200, me.text);
  assert.deepEqual([...me.body.user.roles].sort(), ['caseworker', 'monitor']);
  assert.equal(me.body.user.unit.code, unit.code);
  assert.equal(me.body.user.full_name, 'مستخدم من سطر الأوامر');
});
