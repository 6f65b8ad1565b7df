'use strict';
// Login limits: 10 failures lock an account name (known or unknown) with 429 auth.locked and Retry-After; a browser
// that logged in before (takamul_device cookie) is not locked out; other accounts are unaffected.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, sleep } = require('./lib/server');
const { client, uniqueName, assertError, demoPassword } = require('./lib/client');

const LIMIT = 10;

let srv;
let api;
let admin;

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  admin = await api.loginAs('admin');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

/** Fails LIMIT logins for username; asserts the first LIMIT-1 are 401 and the last is 401 or 429. */
async function failLimitTimes(username, opts = {}) {
  for (let i = 1; i <= LIMIT; i++) {
    const r = await api.tryLogin(username, `wrong-password-${i}`, opts);
    if (i < LIMIT) assertError(r, 401, 'auth.invalid_credentials');
    else assert.ok([401, 429].includes(r.status), `failure ${i}: ${r.status} ${r.text}`);
  }
}

function assertLocked(r) {
  assertError(r, 429, 'auth.locked');
  const retry = r.headers.get('retry-after');
  assert.ok(retry !== null, '429 without Retry-After');
  assert.match(retry, /^\d+$/, `Retry-After is not delay-seconds: ${retry}`);
  const seconds = Number(retry);
  assert.ok(seconds > 0 && seconds <= 15 * 60, `Retry-After ${seconds} not within (0, 900]`);
  assert.equal(r.setCookies.filter((c) => c.name === 'takamul_session').length, 0, 'locked answer set a session cookie');
}

const normalise = (s) => s.replace(/\d+/g, 'N');

let lockedKnown;

test('nine failures do not lock: the right password still logs in', async () => {
  const { username, password } = await api.createUser(admin);
  for (let i = 1; i < LIMIT; i++) assertError(await api.tryLogin(username, `wrong-${i}`), 401, 'auth.invalid_credentials');
  const r = await api.tryLogin(username, password);
  assert.equal(r.status, 200, `after ${LIMIT - 1} failures: ${r.status} ${r.text}`);
});

test('after 10 wrong passwords the right password is refused with 429 auth.locked and Retry-After', async () => {
  const { username, password } = await api.createUser(admin);
  await failLimitTimes(username);
  const r = await api.tryLogin(username, password);
  assertLocked(r);
  lockedKnown = r;
  // Still locked on the next attempt, with a wrong password too.
  assertLocked(await api.tryLogin(username, 'another-wrong-password'));
  assertLocked(await api.tryLogin(username, password));
});

test('an unknown user name is locked the same way after 10 failures', async () => {
  const ghost = uniqueName('ghost');
  await failLimitTimes(ghost);
  const r = await api.tryLogin(ghost, 'any-password-at-all');
  assertLocked(r);
  assert.ok(lockedKnown, 'the previous test did not record a locked answer');
  assert.equal(normalise(r.body.error.message), normalise(lockedKnown.body.error.message), 'locked messages differ for known and unknown names');
  assert.deepEqual(Object.keys(r.body.error).sort(), Object.keys(lockedKnown.body.error).sort());
});

test('a browser that logged in before keeps logging in while the name is locked for others', async () => {
  const { username, password } = await api.createUser(admin);
  const first = await api.tryLogin(username, password);
  assert.equal(first.status, 200, first.text);
  assert.ok(first.device, 'the successful login set no takamul_device cookie');
  // An attacker without the device cookie locks the name.
  await failLimitTimes(username);
  assertLocked(await api.tryLogin(username, password));
  // The user's own browser still gets in, and its session works.
  const own = await api.tryLogin(username, password, { device: first.device });
  assert.equal(own.status, 200, `device login refused: ${own.status} ${own.text}`);
  const me = await api.request('GET', '/api/v1/me', { cookie: own.cookie });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.user.username, username);
  // The device's success does not unlock the name for everyone else.
  assertLocked(await api.tryLogin(username, password));
});

test('a forged device cookie does not bypass the lock', async () => {
  const { username, password } = await api.createUser(admin);
  await failLimitTimes(username);
  assertLocked(await api.tryLogin(username, password, { device: 'forged-device-value-0123456789abcdef0123' }));
});

test('the device cookie of another user\'s browser does not bypass the lock', async () => {
  const other = await api.tryLogin('monitor', demoPassword('monitor'));
  assert.equal(other.status, 200, other.text);
  assert.ok(other.device, 'no takamul_device cookie');
  const { username, password } = await api.createUser(admin);
  await failLimitTimes(username);
  assertLocked(await api.tryLogin(username, password, { device: other.device }));
});

test('failures from a known device count for that device alone', async () => {
  const { username, password } = await api.createUser(admin);
  const first = await api.tryLogin(username, password);
  assert.equal(first.status, 200, first.text);
  // The device fails ten times: the device is locked ...
  await failLimitTimes(username, { device: first.device });
  assertLocked(await api.tryLogin(username, password, { device: first.device }));
  // ... but that did not lock the name for a browser without the device cookie.
  const elsewhere = await api.tryLogin(username, password);
  assert.equal(elsewhere.status, 200, `device failures locked the account name: ${elsewhere.status} ${elsewhere.text}`);
});

test('locking one account name does not lock other accounts from the same address', async () => {
  const r = await api.tryLogin('officer', demoPassword('officer'));
  assert.equal(r.status, 200, r.text);
});

test('an admin password reset clears the lock', async () => {
  const { user, username } = await api.createUser(admin);
  await failLimitTimes(username);
  assertLocked(await api.tryLogin(username, 'whatever-it-is'));
  const reset = await api.request('PUT', `/api/v1/users/${user.id}/password`, { ...admin, body: { password: 'Reset-By-Admin-Pass-3' } });
  assert.equal(reset.status, 204, reset.text);
  const r = await api.tryLogin(username, 'Reset-By-Admin-Pass-3');
  assert.equal(r.status, 200, `still locked after reset: ${r.status} ${r.text}`);
});

test('the lock and the failures are in the audit log', async () => {
  const auditor = await api.loginAs('auditor');
  const locked = await api.request('GET', '/api/v1/audit?action=session.locked&limit=200', auditor);
  assert.equal(locked.status, 200, locked.text);
  assert.ok(locked.body.items.length >= 1, 'no session.locked rows');
  const failed = await api.request('GET', '/api/v1/audit?action=session.login_failed&limit=200', auditor);
  assert.equal(failed.status, 200, failed.text);
  assert.ok(failed.body.items.length >= LIMIT, `only ${failed.body.items.length} session.login_failed rows`);
});

test('the lock ends: with --set login_lock_seconds=2 the right password works again after Retry-After', async () => {
  const short = await startServer({ extraArgs: ['--set', 'login_lock_seconds=2'] });
  try {
    const c = client(short.base);
    const shortAdmin = await c.loginAs('admin');
    const { username, password } = await c.createUser(shortAdmin);
    for (let i = 1; i <= LIMIT; i++) await c.tryLogin(username, `wrong-${i}`);
    const locked = await c.tryLogin(username, password);
    assertLocked(locked);
    assert.ok(Number(locked.headers.get('retry-after')) <= 2, `Retry-After ${locked.headers.get('retry-after')} exceeds the 2 s lock`);
    await sleep((Number(locked.headers.get('retry-after')) + 1) * 1000);
    const r = await c.tryLogin(username, password);
    assert.equal(r.status, 200, `still locked after the lock time: ${r.status} ${r.text}`);
  } finally {
    await short.stop();
    short.cleanup();
  }
});

test('wrong current passwords on PUT /me/password count as failures: the 11th try is locked, the audit says so', async () => {
  const { username, password } = await api.createUser(admin);
  const session = await api.login(username, password);
  for (let i = 1; i <= LIMIT; i++) {
    const r = await api.request('PUT', '/api/v1/me/password', {
      cookie: session.cookie, csrf: session.csrf,
      body: { current_password: `not-it-${i}`, new_password: 'a-new-pass-phrase-42' },
    });
    assertError(r, 400, 'password.wrong_current', ['current_password']);
  }
  const locked = await api.request('PUT', '/api/v1/me/password', {
    cookie: session.cookie, csrf: session.csrf,
    body: { current_password: password, new_password: 'a-new-pass-phrase-42' },
  });
  assertError(locked, 429, 'auth.locked');
  // the password did not change: the old one is still the one (and the name is locked for logins too)
  assertLocked(await api.tryLogin(username, password));
  const auditor = await api.loginAs('auditor');
  const rows = await api.request('GET', `/api/v1/audit?action=me.password&username=${username}&outcome=failed`,
    { cookie: auditor.cookie });
  assert.equal(rows.body.items.length, LIMIT, rows.text);
});

test('attempts sent at once cannot pass the count together: no more than the limit are checked, the rest locked', async () => {
  const { username } = await api.createUser(admin);
  const answers = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => api.tryLogin(username, `parallel-${i}`)));
  const statuses = answers.map((r) => r.status);
  const checked = statuses.filter((s) => s === 401).length;
  assert.ok(checked <= LIMIT, `${checked} wrong passwords were checked, more than the ${LIMIT} allowed: ${statuses.join(' ')}`);
  assert.ok(statuses.filter((s) => s === 429).length >= 2 * LIMIT - statuses.filter((s) => s === 503).length, statuses.join(' '));
});
