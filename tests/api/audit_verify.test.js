'use strict';
// `takamul audit verify`: passes on an untouched log after real activity, and catches an edited, a deleted and a
// reordered row, naming where the chain breaks. Also `takamul check` on a tampered database.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer, cli, makeTempDir } = require('./lib/server');
const { onPostgres, databaseSql, copyDatabase } = require('./lib/pg');
const { client } = require('./lib/client');

let srv;
let stopped = false;
const copies = {};
const copyDirs = [];

before(async () => {
  srv = await startServer();
  const api = client(srv.base);
  // Some activity of several kinds, so the log has a few dozen rows.
  const admin = await api.loginAs('admin');
  const auditor = await api.loginAs('auditor');
  await api.tryLogin('caseworker', 'wrong-password-for-audit');
  await api.loginAs('caseworker');
  for (let i = 0; i < 3; i++) await api.createUser(admin);
  await api.request('GET', '/api/v1/users', admin);
  await api.request('GET', '/api/v1/units', admin);
  await api.request('GET', '/api/v1/audit', auditor);
  const s = await api.loginAs('monitor');
  await api.request('DELETE', '/api/v1/session', s);
});

after(async () => {
  if (srv && !stopped) await srv.stop();
  if (srv) srv.cleanup();
  if (!process.env.TAKAMUL_KEEP_TMP) for (const d of copyDirs) fs.rmSync(d, { recursive: true, force: true });
});

const sql = (db, statement) => databaseSql(db, statement);

/**
 * Runs a tampering statement as an attacker with file access would: when the schema has triggers guarding the
 * audit table, the attacker drops them first.
 */
function tamper(db, statement) {
  try {
    sql(db, statement);
  } catch (err) {
    if (onPostgres()) throw err;
    const triggers = sql(db, "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit'").split('\n').filter(Boolean);
    if (!triggers.length) throw err;
    sql(db, `${triggers.map((t) => `DROP TRIGGER "${t}";`).join(' ')} ${statement}`);
  }
}

function verify(db) {
  const r = cli(['audit', 'verify', '--db', db]);
  return { ...r, output: `${r.stdout}\n${r.stderr}` };
}

/** True when the output names one of the row ids as a number of its own. */
const names = (output, ids) => ids.some((id) => new RegExp(`(^|[^0-9])${id}([^0-9]|$)`).test(output));

test('the server stops cleanly after the activity', async () => {
  await srv.stop();
  stopped = true;
});

test('the audit table is `audit` with an integer primary key `id` and holds the activity', () => {
  if (onPostgres()) {
    const info = sql(srv.db, "SELECT c.column_name, c.data_type, k.constraint_type FROM information_schema.columns c"
      + " JOIN information_schema.key_column_usage u ON u.table_name = c.table_name AND u.column_name = c.column_name"
      + " JOIN information_schema.table_constraints k ON k.constraint_name = u.constraint_name"
      + " WHERE c.table_name = 'audit'");
    assert.match(info, /^id\|bigint\|PRIMARY KEY$/im, `audit table columns:\n${info}`);
  } else {
    const info = sql(srv.db, "SELECT name, type, pk FROM pragma_table_info('audit')");
    assert.match(info, /^id\|INTEGER\|1$/im, `audit table columns:\n${info}`);
  }
  const count = Number(sql(srv.db, 'SELECT count(*) FROM audit'));
  assert.ok(count >= 15, `only ${count} audit rows after the activity`);
  const ids = sql(srv.db, 'SELECT id FROM audit ORDER BY id').split('\n').map(Number);
  for (const id of [3, 9, 10, 12, 13]) assert.ok(ids.includes(id), `no audit row ${id}`);
  const actions = sql(srv.db, 'SELECT DISTINCT action FROM audit').split('\n');
  for (const a of ['session.login', 'session.login_failed', 'user.create', 'session.logout']) {
    assert.ok(actions.includes(a), `no ${a} row in the audit table: ${actions.join(', ')}`);
  }
  // Copies for the deletion, reordering and check tests, taken while the chain is intact.
  for (const name of ['deleted', 'reordered', 'intact', 'edited_time', 'index']) {
    const dir = makeTempDir();
    fs.cpSync(srv.dir, dir, { recursive: true });
    copyDirs.push(dir);
    copies[name] = onPostgres() ? copyDatabase(srv.db, dir) : path.join(dir, path.basename(srv.db));
  }
});

test('audit verify exits 0 on the untouched log', () => {
  const r = verify(srv.db);
  assert.equal(r.status, 0, `verify failed on an intact log:\n${r.output}`);
});

test('an edited row (action of row 3) makes verify exit 1 and name row 3', () => {
  tamper(srv.db, "UPDATE audit SET action='x' WHERE id=3");
  assert.equal(sql(srv.db, 'SELECT action FROM audit WHERE id=3'), 'x', 'the tampering did not take');
  const r = verify(srv.db);
  assert.equal(r.status, 1, `verify exit ${r.status} on an edited row:\n${r.output}`);
  assert.ok(names(r.output, [3]), `verify does not name row 3:\n${r.output}`);
});

test('an edited time (row 12) is caught and named', () => {
  tamper(copies.edited_time, 'UPDATE audit SET at = at - 3600 WHERE id=12');
  const r = verify(copies.edited_time);
  assert.equal(r.status, 1, `verify exit ${r.status}:\n${r.output}`);
  assert.ok(names(r.output, [12]), `verify does not name row 12:\n${r.output}`);
});

test('a deleted row (row 9) makes verify exit 1 and name where the chain breaks', () => {
  tamper(copies.deleted, 'DELETE FROM audit WHERE id=9');
  const r = verify(copies.deleted);
  assert.equal(r.status, 1, `verify exit ${r.status} on a deleted row:\n${r.output}`);
  assert.ok(names(r.output, [9, 10]), `verify names neither row 9 nor row 10:\n${r.output}`);
});

test('two swapped rows (12 and 13) make verify exit 1 and name one of them', () => {
  tamper(copies.reordered, 'BEGIN; UPDATE audit SET id=-1 WHERE id=12; UPDATE audit SET id=12 WHERE id=13; UPDATE audit SET id=13 WHERE id=-1; COMMIT;');
  const r = verify(copies.reordered);
  assert.equal(r.status, 1, `verify exit ${r.status} on reordered rows:\n${r.output}`);
  assert.ok(names(r.output, [12, 13]), `verify names neither row 12 nor row 13:\n${r.output}`);
});

test('takamul check passes on the intact copy and fails on the edited log', () => {
  const ok = cli(['check', '--db', copies.intact]);
  assert.equal(ok.status, 0, `check failed on an intact database:\n${ok.stdout}\n${ok.stderr}`);
  const bad = cli(['check', '--db', srv.db]);
  assert.notEqual(bad.status, 0, `check passed on an edited audit log:\n${bad.stdout}\n${bad.stderr}`);
});

test('the index by record: filed by the server as it stopped, an entry removed or moved is caught, reindex rebuilds it', () => {
  const db = copies.index;
  const rows = Number(sql(db, 'SELECT count(*) FROM audit WHERE object_id IS NOT NULL'));
  assert.equal(sql(db, 'SELECT upto FROM audit_filed'), sql(db, 'SELECT max(id) FROM audit'), 'the server left rows unfiled');
  assert.equal(Number(sql(db, 'SELECT count(*) FROM audit_objects')), rows);
  const victim = Number(sql(db, 'SELECT max(audit_id) FROM audit_objects'));
  sql(db, `DELETE FROM audit_objects WHERE audit_id = ${victim}`);
  let r = verify(db);
  assert.equal(r.status, 1, `verify exit ${r.status} with an index entry removed:\n${r.output}`);
  assert.ok(names(r.output, [victim]) && /index by record/.test(r.output), r.output);
  const rebuilt = cli(['audit', 'reindex', '--db', db]);
  assert.equal(rebuilt.status, 0, rebuilt.stdout + rebuilt.stderr);
  assert.equal(verify(db).status, 0);
  sql(db, `UPDATE audit_objects SET object_id = 'x' || object_id WHERE audit_id = ${victim}`);
  r = verify(db);
  assert.equal(r.status, 1, r.output);
  assert.ok(names(r.output, [victim]), r.output);
  assert.equal(cli(['audit', 'reindex', '--db', db]).status, 0);
  assert.equal(verify(db).status, 0);
});

test('the intact copy still verifies (the copies are sound)', () => {
  const r = verify(copies.intact);
  assert.equal(r.status, 0, r.output);
});
