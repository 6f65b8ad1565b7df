'use strict';
// What is PostgreSQL's own (docs/store.md), run by `make test-api-pg` and skipped on SQLite: init gives an empty
// database the schema version of the latest SQLite migration and the same reference rows as the migrations (they come
// from them); serve refuses an empty database, another program's and a newer schema (with SQLite's message); the key
// file is named with --key; a server whose connections PostgreSQL ended goes on answering; the audit log's highest id
// is kept. The rest of the suite runs unchanged on PostgreSQL (the search of studies' text, the import's unique clashes
// inside its transactions, …).

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer, cli, makeTempDir } = require('./lib/server');
const { client } = require('./lib/client');
const pg = require('./lib/pg');

const skip = !pg.onPostgres() && 'PostgreSQL only (make test-api-pg)';
let srv;
let work;

before(async () => {
  if (skip) return;
  work = makeTempDir();
  srv = await startServer();
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** takamul with args, --key given explicitly (a database not made by the harness). */
const run = (args) => {
  const r = cli(args);
  return { ...r, output: `${r.stdout}\n${r.stderr}` };
};

test('init gives an empty database the latest schema version and the reference rows of the SQLite migrations', { skip }, () => {
  const lite = path.join(work, 'reference.db');
  const liteInit = run(['init', '--db', lite]);
  assert.equal(liteInit.status, 0, liteInit.output);
  const version = liteInit.stdout.match(/schema version (\d+)/)[1];
  const db = pg.newDatabase(work);
  const init = run(['init', '--db', db, '--key', path.join(work, 'reference-pg.key')]);
  assert.equal(init.status, 0, init.output);
  assert.match(init.stdout, new RegExp(`schema version ${version}\\b`));
  assert.equal(pg.databaseSql(db, 'SELECT version FROM takamul_schema'), version);
  for (const [table, order] of [['agencies', 'code'], ['governorates', 'code'], ['study_templates', 'code'],
    ['study_template_sections', 'template, position']]) {
    const columns = pg.databaseSql(lite, `SELECT group_concat(name, ',') FROM pragma_table_info('${table}')`);
    const statement = `SELECT ${columns.split(',').join(", '|', ")} FROM ${table} ORDER BY ${order}`;
    const sqliteRows = pg.databaseSql(lite, statement.replace(/, '\|', /g, " || '|' || "));
    const pgRows = pg.databaseSql(db, statement.replace(/, '\|', /g, " || '|' || "));
    assert.ok(sqliteRows.length > 0, `${table} is empty`);
    assert.equal(pgRows, sqliteRows, `${table} differs between the engines`);
  }
  assert.equal(run(['check', '--db', db, '--key', path.join(work, 'reference-pg.key')]).status, 0);
  // a second init leaves it as it is
  const again = run(['init', '--db', db, '--key', path.join(work, 'reference-pg.key')]);
  assert.equal(again.status, 0, again.output);
  assert.equal(pg.databaseSql(db, 'SELECT count(*) FROM takamul_schema'), '1');
});

test('serve refuses an empty database, another program\'s, and one of a newer schema with SQLite\'s message', { skip }, () => {
  const key = path.join(work, 'refused.key');
  const empty = pg.newDatabase(work);
  let r = run(['serve', '--db', empty, '--key', key, '--listen', '127.0.0.1:0']);
  assert.notEqual(r.status, 0);
  assert.match(r.output, /holds no Takamul schema yet \(create it with: takamul init/);
  assert.ok(!fs.existsSync(key), 'a key file was made for a database that was refused');

  const foreign = pg.newDatabase(work);
  pg.databaseSql(foreign, 'CREATE TABLE ledger (id bigint PRIMARY KEY)');
  r = run(['init', '--db', foreign, '--key', key]);
  assert.notEqual(r.status, 0);
  assert.match(r.output, /a PostgreSQL database of another program, not a Takamul database/);
  assert.equal(pg.databaseSql(foreign, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), '1');

  const newer = pg.newDatabase(work);
  assert.equal(run(['init', '--db', newer, '--key', key]).status, 0);
  const latest = Number(pg.databaseSql(newer, 'SELECT version FROM takamul_schema'));
  pg.databaseSql(newer, `UPDATE takamul_schema SET version = ${latest + 1}`);
  for (const command of [['check'], ['serve', '--listen', '127.0.0.1:0'], ['user', 'list']]) {
    r = run([...command, '--db', newer, '--key', key]);
    assert.notEqual(r.status, 0, `${command[0]} took a newer schema`);
    assert.match(r.output, new RegExp(`the database has schema version ${latest + 1}, newer than this program's ${latest}: use a newer takamul`));
  }
});

test('a PostgreSQL database needs --key; messages name it without its password', { skip }, () => {
  const r = cli(['user', 'list', '--db', `${srv.db.replace('postgres@', 'postgres:not-the-password@')}`]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--key FILE is required with a PostgreSQL database/);
  const wrong = cli(['user', 'list', '--db', 'postgresql://postgres:not-the-password@127.0.0.1:1/nothing', '--key', path.join(work, 'x.key')]);
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /cannot connect to postgresql:\/\/postgres@127\.0\.0\.1:1\/nothing/);
  assert.ok(!wrong.stderr.includes('not-the-password'), wrong.stderr);
});

test('connections PostgreSQL ended between requests are made again: the next requests are answered', { skip }, async () => {
  const api = client(srv.base);
  const cw = await api.loginAs('caseworker');
  assert.equal((await api.request('GET', '/api/v1/me', cw)).status, 200);
  const name = new URL(srv.db).pathname.slice(1);
  const ended = Number(pg.databaseSql(srv.db, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`));
  assert.ok(ended >= 1, 'no connection of the server to end');
  for (let i = 0; i < 5; i++) assert.equal((await api.request('GET', '/api/v1/me', cw)).status, 200);
  // a write (with its audit row) too
  assert.equal((await api.request('GET', '/api/v1/persons/search?q=%D8%B1%D8%BA%D8%AF', cw)).status, 200);
  const admin = await api.loginAs('admin');
  await api.createUser(admin);
});

test('the audit chain of the activity above verifies; its highest id is kept by the engine', { skip }, () => {
  assert.equal(pg.databaseSql(srv.db, 'SELECT (SELECT id FROM audit_given) = (SELECT max(id) FROM audit)'), 't');
  const r = run(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.status, 0, r.output);
});
