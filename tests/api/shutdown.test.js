'use strict';
// Graceful shutdown: SIGTERM ends the server with exit code 0 and loses no acknowledged write.

const assert = require('node:assert/strict');
const { test, after } = require('node:test');
const { startServer, cli, sleep } = require('./lib/server');
const { client } = require('./lib/client');

let srv;
let dir;
let db;

after(async () => {
  if (srv) {
    srv.kill('SIGKILL');
    await srv.exited;
  }
  if (dir && !process.env.TAKAMUL_KEEP_TMP) require('node:fs').rmSync(dir, { recursive: true, force: true });
});

test('a write acknowledged just before SIGTERM is there after a restart', async () => {
  srv = await startServer();
  ({ dir, db } = srv);
  let api = client(srv.base);
  let admin = await api.loginAs('admin');
  const made = await api.createUser(admin, { full_name: 'قبل الإيقاف مباشرة' });
  const patched = await api.request('PATCH', `/api/v1/users/${made.user.id}`, { ...admin, body: { version: made.user.version, full_name: 'آخر تعديل' } });
  assert.equal(patched.status, 200, patched.text);
  await srv.stop();
  srv = null;

  srv = await startServer({ db, dir });
  api = client(srv.base);
  admin = await api.loginAs('admin');
  const found = await api.findUsers(admin, made.username);
  assert.equal(found.length, 1, 'the acknowledged user is gone after restart');
  assert.equal(found[0].full_name, 'آخر تعديل', 'the acknowledged update is gone after restart');
  assert.equal(found[0].version, patched.body.version);
  assert.equal((await api.tryLogin(made.username, made.password)).status, 200, 'the stored password does not work after restart');
  await srv.stop();
  srv = null;
});

test('writes in flight when SIGTERM arrives are finished and answered: stored if and only if acknowledged', async () => {
  srv = await startServer({ db, dir });
  const api = client(srv.base);
  const admin = await api.loginAs('admin');
  const unitId = (await api.listUnits(admin))[0].id;
  const usernames = Array.from({ length: 8 }, (_, i) => `inflight-${process.pid}-${i}`);
  const pending = usernames.map((username) =>
    api
      .request('POST', '/api/v1/users', {
        ...admin,
        body: { username, full_name: 'أثناء الإيقاف', unit_id: unitId, roles: ['monitor'], password: 'In-Flight-Password-1' },
      })
      .then((r) => ({ username, status: r.status, text: r.text }))
      .catch((error) => ({ username, error: String(error.cause ? error.cause.code || error.cause : error) })),
  );
  // Let the requests reach the server (each hashes a password, so they are still under way), then stop it.
  await sleep(60);
  await srv.stop();
  srv = null;
  const results = await Promise.all(pending);
  for (const r of results) {
    if (!r.error) assert.ok([201, 503].includes(r.status), `${r.username}: ${r.status} ${r.text}`);
  }

  srv = await startServer({ db, dir });
  const api2 = client(srv.base);
  const admin2 = await api2.loginAs('admin');
  const problems = [];
  for (const r of results) {
    const stored = (await api2.findUsers(admin2, r.username)).length === 1;
    if (r.status === 201 && !stored) problems.push(`${r.username}: acknowledged with 201 but gone after restart`);
    if (r.status !== 201 && stored) problems.push(`${r.username}: stored, but the client got ${r.error || r.status} instead of 201`);
  }
  await srv.stop();
  srv = null;
  assert.deepEqual(problems, []);
});

test('after the shutdowns the database passes `takamul check` and `audit verify`', () => {
  const check = cli(['check', '--db', db]);
  assert.equal(check.status, 0, `check:\n${check.stdout}\n${check.stderr}`);
  const verify = cli(['audit', 'verify', '--db', db]);
  assert.equal(verify.status, 0, `audit verify:\n${verify.stdout}\n${verify.stderr}`);
});

test('a server that has begun shutting down answers 503 or refuses new connections, never a partial answer', async () => {
  srv = await startServer({ db, dir });
  const api = client(srv.base);
  srv.kill('SIGTERM');
  for (let i = 0; i < 5; i++) {
    try {
      const r = await api.request('GET', '/api/v1/health', { timeout: 5000 });
      assert.ok([200, 503].includes(r.status), `answer during shutdown: ${r.status}`);
      if (r.status === 503) assert.equal(r.body.error.code, 'unavailable');
    } catch (err) {
      assert.ok(!/timeout|aborted/i.test(String(err && (err.name + err.message))), `request hung during shutdown: ${err}`);
    }
  }
  const info = await srv.exited;
  assert.deepEqual(info, { code: 0, signal: null }, `exit after SIGTERM: ${JSON.stringify(info)}\n${srv.log()}`);
  srv = null;
});
