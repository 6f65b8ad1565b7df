'use strict';
// One's own sessions and tokens (docs/api.md "Session"): the list says where and when each was used and in which
// browser; the user ends any of them, and nobody else's; the sign-in answer tells the sign-in before it, and whether
// it came from a browser the account had not used; an administrator ends all of a user's sessions.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, cliOk } = require('./lib/server');
const { client, assertError, demoPassword } = require('./lib/client');

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

const signIn = async (username, agent, device) => {
  const r = await api.tryLogin(username, demoPassword(username), { headers: { 'User-Agent': agent }, device });
  assert.equal(r.status, 200, r.text);
  return { cookie: r.cookie, csrf: r.csrf, device: r.device, answer: r.body };
};

test('the user lists their sessions and tokens and ends one; the sign-in before is told, with a new browser marked', async () => {
  const office = await signIn('monitor', 'Mozilla/5.0 (X11; Linux) Office/1');
  assert.equal(office.answer.previous_login, null, 'the first sign-in of the demo monitor');
  // from the same browser (its device cookie): the sign-in before is the office one, from a new browser then
  const again = await signIn('monitor', 'Mozilla/5.0 (X11; Linux) Office/1', office.device);
  assert.equal(again.answer.previous_login.user_agent, 'Mozilla/5.0 (X11; Linux) Office/1');
  assert.equal(again.answer.previous_login.client_addr, '127.0.0.1');
  assert.equal(again.answer.previous_login.new_device, true);
  const phone = await signIn('monitor', 'Mozilla/5.0 (Android) Phone/2');
  assert.equal(phone.answer.previous_login.new_device, false, 'the sign-in before came from a known browser');

  const list = await api.request('GET', '/api/v1/me/sessions', again);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.sessions.length, 3);
  const current = list.body.sessions.filter((s) => s.current);
  assert.equal(current.length, 1);
  assert.equal(current[0].user_agent, 'Mozilla/5.0 (X11; Linux) Office/1');
  const phoneSession = list.body.sessions.find((s) => s.user_agent === 'Mozilla/5.0 (Android) Phone/2');
  assert.ok(phoneSession, JSON.stringify(list.body.sessions));
  assert.equal(phoneSession.new_device, true);

  // the phone's session ended from the office: the phone is signed out; ended twice: 404
  assert.equal((await api.request('DELETE', `/api/v1/me/sessions/${phoneSession.id}`, again)).status, 204);
  assert.equal((await api.request('GET', '/api/v1/me', phone)).status, 401);
  assertError(await api.request('DELETE', `/api/v1/me/sessions/${phoneSession.id}`, again), 404, 'not_found');
  assert.equal((await api.request('GET', '/api/v1/me/sessions', again)).body.sessions.length, 2);

  // another user's session is not the monitor's to end
  const other = await signIn('caseworker', 'Other/1');
  const theirs = (await api.request('GET', '/api/v1/me/sessions', other)).body.sessions[0];
  assertError(await api.request('DELETE', `/api/v1/me/sessions/${theirs.id}`, again), 404, 'not_found');
  assert.equal((await api.request('GET', '/api/v1/me', other)).status, 200);

  // a token: listed, revoked by its user
  const token = cliOk(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', 'monitor']).split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.equal((await api.request('GET', '/api/v1/me', { bearer: token })).status, 200);
  const tokens = (await api.request('GET', '/api/v1/me/sessions', again)).body.tokens;
  assert.equal(tokens.length, 1);
  assert.ok(tokens[0].label !== undefined && tokens[0].expires_at);
  assertError(await api.request('DELETE', `/api/v1/me/tokens/${tokens[0].id}`, other), 404, 'not_found');
  assert.equal((await api.request('DELETE', `/api/v1/me/tokens/${tokens[0].id}`, again)).status, 204);
  assert.equal((await api.request('GET', '/api/v1/me', { bearer: token })).status, 401);
  const audit = (await api.request('GET', '/api/v1/audit?action=session.end', await api.loginAs('auditor'))).body.items;
  assert.ok(audit.some((a) => a.username === 'monitor'), JSON.stringify(audit.slice(0, 2)));
});

test('an administrator ends every session of a user; nobody else may', async () => {
  const a = await signIn('officer', 'A/1');
  const b = await signIn('officer', 'B/1');
  const officerId = a.answer.user.id;
  const admin = await api.loginAs('admin');
  assert.equal((await api.request('POST', `/api/v1/users/${officerId}/sessions/end`, a)).status, 403);
  assertError(await api.request('POST', '/api/v1/users/999999/sessions/end', admin), 404, 'not_found');
  assert.equal((await api.request('POST', `/api/v1/users/${officerId}/sessions/end`, admin)).status, 204);
  assert.equal((await api.request('GET', '/api/v1/me', a)).status, 401);
  assert.equal((await api.request('GET', '/api/v1/me', b)).status, 401);
  assert.equal((await api.request('GET', '/api/v1/me', admin)).status, 200);
});
