'use strict';
// --trusted-proxy (docs/security.md "Behind a proxy"): the client's address in the audit log and on the session is the
// TCP peer's, unless the peer is a trusted proxy; then it is the right-most address of X-Forwarded-For that is no
// trusted proxy. A malformed header from a trusted proxy leaves the proxy's own address; from any other peer the
// header is ignored. Read back through the audit API as the auditor.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, cli } = require('./lib/server');
const { client, demoPassword } = require('./lib/client');

let srv;

before(async () => {
  // a proxy is trusted, but not this peer (127.0.0.1)
  srv = await startServer({ extraArgs: ['--trusted-proxy', '10.0.0.0/8,fd00::/8'] });
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

/** Signs username in with the headers; returns the session. */
async function signIn(api, username, headers) {
  const r = await api.tryLogin(username, demoPassword(username), { headers });
  assert.equal(r.status, 200, r.text);
  return { cookie: r.cookie, csrf: r.csrf };
}

/** The client address of username's newest audit row of action, read by the auditor. */
async function lastAddress(api, username, action) {
  const auditor = await signIn(api, 'auditor', {});
  const r = await api.request('GET', `/api/v1/audit?username=${username}&action=${action}&limit=1`, auditor);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items.length, 1, `no ${action} row of ${username}`);
  return r.body.items[0].client_addr;
}

test('from a peer that is no trusted proxy, X-Forwarded-For is ignored: the peer is recorded', async () => {
  const api = client(srv.base);
  const session = await signIn(api, 'caseworker', { 'X-Forwarded-For': '198.51.100.7' });
  assert.equal(await lastAddress(api, 'caseworker', 'session.login'), '127.0.0.1');
  // a read audited later in the same way
  const search = await api.request('GET', '/api/v1/persons/search?q=%D8%B3%D8%A7%D8%B1%D8%A9', {
    ...session,
    headers: { 'X-Forwarded-For': '198.51.100.8' },
  });
  assert.equal(search.status, 200, search.text);
  assert.equal(await lastAddress(api, 'caseworker', 'person.search'), '127.0.0.1');
  const sessions = await api.request('GET', '/api/v1/me/sessions', session);
  assert.equal(sessions.status, 200, sessions.text);
  for (const s of sessions.body.sessions || sessions.body.items || []) assert.notEqual(s.client_addr, '198.51.100.7');
});

test('with --trusted-proxy 127.0.0.1 the forwarded address is recorded; a malformed header leaves the peer', async () => {
  await srv.stop();
  const { db, dir } = srv;
  srv = await startServer({ db, dir, extraArgs: ['--trusted-proxy', '127.0.0.1', '--trusted-proxy', '10.0.0.0/8'] });
  const api = client(srv.base);

  await signIn(api, 'caseworker', { 'X-Forwarded-For': '198.51.100.7' });
  assert.equal(await lastAddress(api, 'caseworker', 'session.login'), '198.51.100.7');

  // the right-most hop that is no trusted proxy: what the client wrote on the left is not believed
  const session = await signIn(api, 'supervisor', { 'X-Forwarded-For': '203.0.113.66, 198.51.100.23, 10.1.2.3' });
  assert.equal(await lastAddress(api, 'supervisor', 'session.login'), '198.51.100.23');
  const sessions = await api.request('GET', '/api/v1/me/sessions', session);
  assert.equal(sessions.status, 200, sessions.text);
  assert.ok(JSON.stringify(sessions.body).includes('198.51.100.23'), sessions.text);

  // IPv6, written canonically
  const reader = await signIn(api, 'monitor', { 'X-Forwarded-For': '2001:0DB8:0:0::0042' });
  assert.equal(await lastAddress(api, 'monitor', 'session.login'), '2001:db8::42');
  // a read's audit row, committed by the group-commit writer, carries it too
  const search = await api.request('GET', '/api/v1/persons/search?q=%D8%B3%D8%A7%D8%B1%D8%A9', {
    ...reader,
    headers: { 'X-Forwarded-For': '198.51.100.99' },
  });
  assert.equal(search.status, 200, search.text);
  assert.equal(await lastAddress(api, 'monitor', 'person.search'), '198.51.100.99');

  // malformed: the proxy's own address, and the server goes on
  for (const bad of ['unknown', '198.51.100.7:8443', '198.51.100.7, ', '<script>alert(1)</script>']) {
    await signIn(api, 'officer', { 'X-Forwarded-For': bad });
    assert.equal(await lastAddress(api, 'officer', 'session.login'), '127.0.0.1', bad);
  }
  assert.match(srv.log(), /X-Forwarded-For that is not a list of addresses/);
  assert.equal(srv.log().match(/X-Forwarded-For that is not a list of addresses/g).length, 1, 'logged once');
  // no header: the peer
  await signIn(api, 'officer', {});
  assert.equal(await lastAddress(api, 'officer', 'session.login'), '127.0.0.1');
});

test('a --trusted-proxy that is no address is refused at start with exit code 2', () => {
  for (const bad of ['proxy.example', '10.0.0.1/33', '10.0.0.1,', '::1/200']) {
    const r = cli(['serve', '--db', srv.db, '--listen', '127.0.0.1:0', '--trusted-proxy', bad]);
    assert.equal(r.status, 2, `${bad}: ${r.stderr}`);
    assert.match(r.stderr, /--trusted-proxy/);
  }
});
