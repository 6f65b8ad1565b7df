'use strict';
// GET /api/v1/health, the load balancer's check (docs/deployment.md): 200 only when the database answers with the
// schema this program writes; 503 "unavailable" when it holds another (a newer program migrated it) and, on
// PostgreSQL, when the database does not answer, so that a server that cannot serve leaves the rotation; healthy
// again as soon as the database is back. Meanwhile the change feed's follower tries again once a second, not in a
// tight loop.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, sleep } = require('./lib/server');
const { client, assertError } = require('./lib/client');
const pg = require('./lib/pg');

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

/** The health check's status, asked until it is `status` (or 10 s pass): the last answer. */
async function healthUntil(status) {
  const started = Date.now();
  for (;;) {
    const r = await api.request('GET', '/api/v1/health');
    if (r.status === status || Date.now() - started > 10000) return r;
    await sleep(100);
  }
}

test('a database of another schema version: 503 unavailable; its own again: 200', async () => {
  const ok = await api.request('GET', '/api/v1/health');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'ok');
  if (pg.onPostgres()) pg.databaseSql(srv.db, 'INSERT INTO takamul_schema (version) VALUES (999)');
  const latest = pg.onPostgres() ? null : pg.databaseSql(srv.db, 'PRAGMA user_version');
  if (!pg.onPostgres()) pg.databaseSql(srv.db, 'PRAGMA user_version = 999');
  try {
    assertError(await api.request('GET', '/api/v1/health'), 503, 'unavailable');
  } finally {
    if (pg.onPostgres()) pg.databaseSql(srv.db, 'DELETE FROM takamul_schema WHERE version = 999');
    else pg.databaseSql(srv.db, `PRAGMA user_version = ${latest}`);
  }
  assert.equal((await api.request('GET', '/api/v1/health')).status, 200);
  assert.match(srv.log(), /health: the database holds schema 999/);
});

test('a PostgreSQL database that stops answering: 503, the feed retried once a second; back: 200', { skip: !pg.onPostgres() && 'PostgreSQL only' }, async () => {
  const name = new URL(srv.db).pathname.slice(1);
  const retries = () => (srv.log().match(/the change feed's connection failed/g) || []).length;
  const before = retries();
  pg.serverSql(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  try {
    pg.serverSql(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}'`);
    const down = await healthUntil(503);
    assertError(down, 503, 'unavailable');
    await sleep(3000);
    const tries = retries() - before;
    assert.ok(tries >= 1 && tries <= 6, `the feed's connection was tried ${tries} times in about 3 s`);
  } finally {
    pg.serverSql(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
  }
  const up = await healthUntil(200);
  assert.equal(up.status, 200, up.text);
  // the server serves again
  const cw = await api.loginAs('caseworker');
  assert.equal((await api.request('GET', '/api/v1/me', cw)).status, 200);
});
