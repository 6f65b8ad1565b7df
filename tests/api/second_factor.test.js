'use strict';
// The second factor (docs/api.md "Second factor"; RFC 6238): a supervisor, whose role needs one by default, signs in
// with a session that may only enrol; enrolment gives a secret, its otpauth address and a QR code drawn by the
// server, and is confirmed by a first code; ten recovery codes come once. Then the password alone is not enough: the
// code is asked for, a wrong or replayed code is refused and counted like a wrong password, a recovery code works
// once, and an administrator's reset ends the user's sessions. A caseworker, whose role does not need one, signs in
// as before. The codes are worked out here from the secret with HMAC-SHA-1, as an authenticator app does.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test, before, after } = require('node:test');
const { startServer, cli } = require('./lib/server');
const { client, assertError, demoPassword } = require('./lib/client');

let srv;
let api;

before(async () => {
  // the law's default: supervisors, managers and auditors (8 + 16 + 64); three failed sign-ins lock a name
  srv = await startServer({ extraArgs: ['--set', 'second_factor_roles=88', '--set', 'login_max_failures=3'] });
  api = client(srv.base);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// The six-digit code of the 30-second step holding `seconds` (RFC 6238 with RFC 4226's truncation).
function totp(secret, seconds = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1e6;
  return String(value).padStart(6, '0');
}

test('the code of RFC 6238 worked out here is the one of its test vector', () => {
  // RFC 6238 appendix B: the ASCII secret 12345678901234567890, T = 59 s: 94287082, of which six digits 287082
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(totp(secret, 59), '287082');
  assert.equal(totp(secret, 1111111109), '081804');
});

test('a supervisor enrols: a session that may only enrol, the QR code, a first code, ten recovery codes', async () => {
  const first = await api.login('supervisor', demoPassword('supervisor'));
  assert.equal((await api.request('GET', '/api/v1/me', first)).body.second_factor_missing, true);
  assertError(await api.request('GET', '/api/v1/cases', first), 403, 'auth.second_factor_enrolment_required');
  assert.deepEqual((await api.request('GET', '/api/v1/me/second-factor', first)).body, { required: true, enrolled: false, pending: false, recovery_codes_left: 0 });
  // the confirmation before any enrolment began
  assertError(await api.request('POST', '/api/v1/me/second-factor/confirm', { ...first, body: { code: '123456' } }), 409, 'second_factor.not_begun');
  const begun = await api.request('POST', '/api/v1/me/second-factor', first);
  assert.equal(begun.status, 201, begun.text);
  assert.match(begun.body.secret, /^[A-Z2-7]{32}$/);
  assert.ok(begun.body.uri.startsWith(`otpauth://totp/Takamul:supervisor?secret=${begun.body.secret}&issuer=Takamul`), begun.body.uri);
  assert.match(begun.body.qr_svg, /^<svg [^>]*viewBox="0 0 (\d+) \1"/);
  assert.ok(begun.body.qr_svg.length > 2000);
  // a wrong code, and not digits: refused, nothing enrolled
  const wrong = totp(begun.body.secret, Date.now() / 1000 - 300);
  assertError(await api.request('POST', '/api/v1/me/second-factor/confirm', { ...first, body: { code: wrong } }), 400, 'second_factor.invalid_code', ['code']);
  assertError(await api.request('POST', '/api/v1/me/second-factor/confirm', { ...first, body: { code: '12345x' } }), 400, 'second_factor.invalid_code', ['code']);
  assertError(await api.request('POST', '/api/v1/me/second-factor/confirm', { ...first, body: {} }), 400, 'field.required', ['code']);
  assert.equal((await api.request('GET', '/api/v1/me/second-factor', first)).body.pending, true);
  assertError(await api.request('GET', '/api/v1/cases', first), 403, 'auth.second_factor_enrolment_required');
  const confirmed = await api.request('POST', '/api/v1/me/second-factor/confirm', { ...first, body: { code: totp(begun.body.secret) } });
  assert.equal(confirmed.status, 200, confirmed.text);
  const codes = confirmed.body.recovery_codes;
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  for (const c of codes) assert.match(c, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
  // the session goes on, with its work open now
  assert.equal((await api.request('GET', '/api/v1/cases', first)).status, 200);
  assert.deepEqual((await api.request('GET', '/api/v1/me/second-factor', first)).body, { required: true, enrolled: true, pending: false, recovery_codes_left: 10 });
  // a second enrolment while this one is in use: refused
  assertError(await api.request('POST', '/api/v1/me/second-factor', first), 409, 'second_factor.enrolled');
  await api.request('DELETE', '/api/v1/session', first);

  // signing in now: the code after the password, each code once, a recovery code once
  const password = demoPassword('supervisor');
  assertError(await api.tryLogin('supervisor', password), 401, 'auth.second_factor_required');
  // the right password without its code is no failure, but it is told
  const asked = await api.request('GET', '/api/v1/audit?action=session.code_asked', await api.login('auditor', demoPassword('auditor')));
  assert.equal(asked.status, 403, 'the auditor must enrol first');
  assertError(await api.tryLogin('supervisor', 'not-the-password', { code: totp(begun.body.secret) }), 401, 'auth.invalid_credentials');
  const next = totp(begun.body.secret, Date.now() / 1000 + 30); // the next step's code: the one of the confirmation is taken
  const signed = await api.tryLogin('supervisor', password, { code: next });
  assert.equal(signed.status, 200, signed.text);
  assert.equal(signed.body.second_factor_missing, false);
  assert.equal((await api.request('GET', '/api/v1/cases', { cookie: signed.cookie })).status, 200);
  assertError(await api.tryLogin('supervisor', password, { code: next }), 401, 'auth.invalid_code');
  const recovery = await api.tryLogin('supervisor', password, { code: codes[3].toUpperCase() });
  assert.equal(recovery.status, 200, recovery.text);
  assertError(await api.tryLogin('supervisor', password, { code: codes[3] }), 401, 'auth.invalid_code');
  assert.equal((await api.request('GET', '/api/v1/me/second-factor', { cookie: recovery.cookie })).body.recovery_codes_left, 9);

  const auditor = await api.login('auditor', demoPassword('auditor')); // an auditor may enrol too before reading
  const audit = await api.request('GET', '/api/v1/me/second-factor', auditor);
  assert.equal(audit.body.required, true);
});

test('wrong codes count as failed sign-ins and lock the name; an administrator resets the factor and the sessions end', async () => {
  const admin = await api.login('admin', demoPassword('admin'));
  // admin is not among the roles that need one (88): the administrator signs in with a password
  assert.equal(admin.user.username, 'admin');
  const manager = await api.login('manager', demoPassword('manager'));
  const begun = await api.request('POST', '/api/v1/me/second-factor', manager);
  const confirmed = await api.request('POST', '/api/v1/me/second-factor/confirm', { ...manager, body: { code: totp(begun.body.secret) } });
  assert.equal(confirmed.status, 200, confirmed.text);
  const password = demoPassword('manager');
  for (let i = 0; i < 3; i += 1) assertError(await api.tryLogin('manager', password, { code: '000000' }), 401, 'auth.invalid_code');
  assertError(await api.tryLogin('manager', password, { code: totp(begun.body.secret, Date.now() / 1000 + 30) }), 429, 'auth.locked');

  // only an administrator resets; the user's sessions end; the user enrols again
  const managerId = manager.user.id;
  assert.equal((await api.request('POST', `/api/v1/users/${managerId}/second-factor/reset`, manager)).status, 403);
  assert.equal((await api.request('POST', '/api/v1/users/999999/second-factor/reset', admin)).status, 404);
  const reset = await api.request('POST', `/api/v1/users/${managerId}/second-factor/reset`, admin);
  assert.equal(reset.status, 204, reset.text);
  assert.equal((await api.request('GET', '/api/v1/me', manager)).status, 401);
  const log = (await api.request('GET', '/api/v1/audit?action=second_factor.reset', await api.login('caseworker', demoPassword('caseworker')))).status;
  assert.equal(log, 403, 'a caseworker does not read the audit');
});

test('a token of a user whose role now needs a second factor opens nothing until she has one; a reset revokes tokens', async () => {
  // a token made while the role needed none (the console told so), used on this server, where it does
  const made = cli(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', 'monitor']);
  assert.equal(made.status, 0, made.stderr);
  const monitorToken = made.stdout.trim().split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.equal((await api.request('GET', '/api/v1/cases', { bearer: monitorToken })).status, 200, 'a monitor needs none here');
  const early = cli(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', 'supervisor']);
  const supervisorToken = early.stdout.trim().split(/\s+/).find((w) => w.startsWith('tk_'));
  // the supervisor set hers up in the test before: the token works; reset, it is revoked
  assert.equal((await api.request('GET', '/api/v1/cases', { bearer: supervisorToken })).status, 200);
  const admin = await api.login('admin', demoPassword('admin')); // 88 here: administrators need none on this server
  const supervisorId = (await api.request('GET', '/api/v1/me', { bearer: supervisorToken })).body.user.id;
  assert.equal((await api.request('POST', `/api/v1/users/${supervisorId}/second-factor/reset`, admin)).status, 204);
  assert.equal((await api.request('GET', '/api/v1/me', { bearer: supervisorToken })).status, 401, 'revoked with the factor');
  // the auditor's token, made with the role needing none, opens nothing until the auditor has a factor
  const auditorToken = cli(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', 'auditor']).stdout.trim().split(/\s+/).find((w) => w.startsWith('tk_'));
  assertError(await api.request('GET', '/api/v1/audit', { bearer: auditorToken }), 403, 'auth.second_factor_enrolment_required');
  assert.equal((await api.request('GET', '/api/v1/me', { bearer: auditorToken })).body.second_factor_missing, true);
  // the law's default counts the administrators in
  assert.match(cli(['settings']).stdout, /second_factor_roles\s*=?\s*728/);
});

test('a caseworker, whose role needs none, signs in with the password; a token needs the factor where the role does', async () => {
  const worker = await api.tryLogin('caseworker', demoPassword('caseworker'));
  assert.equal(worker.status, 200, worker.text);
  assert.equal(worker.body.second_factor_missing, false);
  assert.equal((await api.request('GET', '/api/v1/me/second-factor', { cookie: worker.cookie })).body.required, false);
  // the console makes no token for a supervisor-like user without a second factor; it does for a caseworker
  const refused = cli(['user', 'token', '--db', srv.db, 'auditor']);
  assert.notEqual(refused.status, 0, 'a token for the auditor without a second factor');
  assert.match(refused.stderr + refused.stdout, /second_factor\.required/);
  const made = cli(['user', 'token', '--db', srv.db, 'caseworker']);
  assert.equal(made.status, 0, made.stderr);
});
