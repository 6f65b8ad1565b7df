'use strict';
// Login, /me, logout, bearer tokens, the same answer (in similar time) for a wrong password and an unknown user, and
// one-time passwords set by an administrator.

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
  const out = cliOk(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', 'monitor']).trim();
  const token = out.split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.ok(token, `no tk_ token printed: ${out}`);
  assert.ok(token.length - 3 >= 43, `token too short for 256 random bits: ${token.length - 3} characters`);
  const r = await api.request('GET', '/api/v1/me', { bearer: token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.username, 'monitor');
  assert.equal(r.body.csrf_token, undefined, 'csrf_token returned to a bearer client');
  const second = cliOk(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', 'monitor']).trim().split(/\s+/).find((w) => w.startsWith('tk_'));
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
  assert.equal(me.body.user.must_change_password, false, 'a console user must change the password the operator set');
  assert.equal((await api.request('GET', '/api/v1/cases', s)).status, 200);
  assert.deepEqual([...me.body.user.roles].sort(), ['caseworker', 'monitor']);
  assert.equal(me.body.user.unit.code, unit.code);
  assert.equal(me.body.user.full_name, 'مستخدم من سطر الأوامر');
});

// One-time passwords: a password an administrator sets for someone else (a reset, or a new account's first password)
// opens a session that may only read /me, change the password and log out, so an administrator never holds a
// password that reaches case content.

const ONE_TIME_BLOCKED = [
  ['GET', '/api/v1/cases'],
  ['GET', '/api/v1/cases/1'],
  ['GET', '/api/v1/persons/search?q=%D8%A3%D8%AD%D9%85%D8%AF'],
  ['GET', '/api/v1/codes'],
  ['GET', '/api/v1/units'],
  ['GET', '/api/v1/tasks'],
  ['GET', '/api/v1/referrals'],
  ['POST', '/api/v1/persons', { first_name: 'سعاد' }],
];

/** Asserts that every route of ONE_TIME_BLOCKED answers 403 auth.password_change_required to auth. */
async function assertOnlyAccountRoutes(auth) {
  for (const [method, path, body] of ONE_TIME_BLOCKED) {
    assertError(await api.request(method, path, { ...auth, body }), 403, 'auth.password_change_required');
  }
}

/** A caseworker who has chosen their own password, then had it reset by the administrator. */
async function resetCaseworker(admin, oneTime) {
  const made = await api.createUser(admin);
  const r = await api.request('PUT', `/api/v1/users/${made.user.id}/password`, { ...admin, body: { password: oneTime } });
  assert.equal(r.status, 204, r.text);
  return made;
}

test('after an administrator\'s reset the password signs in, but the session may only read /me, change it and log out', async () => {
  const admin = await api.loginAs('admin');
  const { username } = await resetCaseworker(admin, 'Reset-By-Admin-Once-31');
  const s = await api.login(username, 'Reset-By-Admin-Once-31');
  assert.equal(s.user.must_change_password, true, `login answer: ${JSON.stringify(s.user)}`);
  const me = await api.request('GET', '/api/v1/me', s);
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.user.must_change_password, true);
  await assertOnlyAccountRoutes(s);
  // The refusal is a clear code in the user's language.
  const en = await api.request('GET', '/api/v1/cases', { ...s, headers: { 'Accept-Language': 'en' } });
  assertError(en, 403, 'auth.password_change_required');
  assert.match(en.body.error.message, /new password/i);
  // Logging out works.
  assert.equal((await api.request('DELETE', '/api/v1/session', s)).status, 204);
  assertError(await api.request('GET', '/api/v1/me', s), 401, 'auth.required');
});

test('the forced change needs the one-time password as the current one and a different new one; then all works', async () => {
  const admin = await api.loginAs('admin');
  const oneTime = 'Reset-By-Admin-Once-32';
  const { username } = await resetCaseworker(admin, oneTime);
  const s = await api.login(username, oneTime);
  const change = (body) => api.request('PUT', '/api/v1/me/password', { ...s, body });
  assertError(await change({ current_password: 'Not-The-One-Time-32', new_password: 'Mine-Alone-Password-32' }), 400, 'password.wrong_current', ['current_password']);
  assertError(await change({ current_password: oneTime, new_password: oneTime }), 400, 'password.same_as_current', ['new_password']);
  assertError(await change({ current_password: oneTime, new_password: 'short' }), 400, 'password.too_short', ['new_password']);
  await assertOnlyAccountRoutes(s);
  const done = await change({ current_password: oneTime, new_password: 'Mine-Alone-Password-32' });
  assert.equal(done.status, 204, done.text);
  // The same session goes on, no longer restricted.
  const me = await api.request('GET', '/api/v1/me', s);
  assert.equal(me.body.user.must_change_password, false);
  assert.equal((await api.request('GET', '/api/v1/cases', s)).status, 200);
  assert.equal((await api.request('GET', '/api/v1/codes', s)).status, 200);
  // The one-time password is gone; the user's own opens an unrestricted session.
  assertError(await api.tryLogin(username, oneTime), 401, 'auth.invalid_credentials');
  const again = await api.login(username, 'Mine-Alone-Password-32');
  assert.equal(again.user.must_change_password, false);
  assert.equal((await api.request('GET', '/api/v1/cases', again)).status, 200);
});

test('a user an administrator creates gets a one-time first password', async () => {
  const admin = await api.loginAs('admin');
  const { user, username, password } = await api.createUser(admin, {}, { oneTime: true });
  assert.equal(user.must_change_password, true, JSON.stringify(user));
  const listed = (await api.findUsers(admin, username))[0];
  assert.equal(listed.must_change_password, true, 'the users list does not show the pending change');
  const s = await api.login(username, password);
  await assertOnlyAccountRoutes(s);
  const own = await api.replaceOneTimePassword(username, password);
  const later = await api.login(username, own);
  assert.equal((await api.request('GET', '/api/v1/cases', later)).status, 200);
  assert.equal((await api.findUsers(admin, username))[0].must_change_password, false);
});

test('a one-time password holds a bearer token made meanwhile to the same three routes', async () => {
  const admin = await api.loginAs('admin');
  const { username } = await resetCaseworker(admin, 'Reset-By-Admin-Once-33');
  const token = cliOk(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', username]).split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.equal((await api.request('GET', '/api/v1/me', { bearer: token })).status, 200);
  assertError(await api.request('GET', '/api/v1/cases', { bearer: token }), 403, 'auth.password_change_required');
});

test('an administrator resetting their own password, and the console, set ordinary passwords', async () => {
  const admin = await api.loginAs('admin');
  const second = await api.createUser(admin, { roles: ['admin'] });
  const s = await api.login(second.username, second.password);
  const own = await api.request('PUT', `/api/v1/users/${second.user.id}/password`, { ...s, body: { password: 'Own-Reset-Admin-Pass-34' } });
  assert.equal(own.status, 204, own.text);
  const after = await api.login(second.username, 'Own-Reset-Admin-Pass-34');
  assert.equal(after.user.must_change_password, false);
  assert.equal((await api.request('GET', '/api/v1/units', after)).status, 200);
  // `takamul user passwd` at the console: the operator holds the database itself.
  const worker = await api.createUser(admin);
  cliOk(['user', 'passwd', '--db', srv.db, worker.username], { input: 'Console-Set-Password-34\n' });
  const w = await api.login(worker.username, 'Console-Set-Password-34');
  assert.equal(w.user.must_change_password, false);
  assert.equal((await api.request('GET', '/api/v1/cases', w)).status, 200);
});

test('the demo users are not held to a one-time password', async () => {
  for (const name of ['caseworker', 'supervisor', 'admin']) {
    const s = await api.login(name, demoPassword(name));
    assert.equal(s.user.must_change_password, false, `${name} must change the demo password`);
    assert.equal((await api.request('GET', '/api/v1/codes', s)).status, 200);
  }
});

test('the reset, the sign-in with the one-time password, a refusal meanwhile and the forced change are audited', async () => {
  const admin = await api.loginAs('admin');
  const oneTime = 'Reset-By-Admin-Once-35';
  const { user, username } = await resetCaseworker(admin, oneTime);
  const s = await api.login(username, oneTime);
  assertError(await api.request('GET', '/api/v1/cases', s), 403, 'auth.password_change_required');
  assert.equal((await api.request('PUT', '/api/v1/me/password', { ...s, body: { current_password: oneTime, new_password: 'Mine-Alone-Password-35' } })).status, 204);
  const auditor = await api.loginAs('auditor');
  const rows = async (action) => {
    const r = await api.request('GET', `/api/v1/audit?action=${action}&object_type=user&object_id=${user.id}&limit=50`, auditor);
    assert.equal(r.status, 200, r.text);
    return r.body.items;
  };
  const reset = await rows('user.password');
  assert.ok(reset.some((row) => row.username === 'admin' && row.outcome === 'ok' && row.detail === 'one-time password'), JSON.stringify(reset));
  const logins = await rows('session.login');
  assert.ok(logins.some((row) => row.username === username && /one-time password/.test(row.detail || '')), JSON.stringify(logins));
  const changes = await rows('me.password');
  assert.ok(changes.some((row) => row.username === username && row.outcome === 'ok' && row.detail === 'one-time password replaced'), JSON.stringify(changes));
  const created = await rows('user.create');
  assert.ok(created.some((row) => row.detail === 'one-time password'), JSON.stringify(created));
  // The request refused meanwhile is on the record too.
  const denied = await api.request('GET', `/api/v1/audit?action=access.denied&username=${username}`, auditor);
  assert.ok(denied.body.items.some((row) => /auth\.password_change_required/.test(row.detail || '')), denied.text);
});
