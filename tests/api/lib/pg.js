'use strict';
// The API and browser tests on PostgreSQL: with TAKAMUL_TEST_PG set to a server's address
// (postgresql://postgres@127.0.0.1:PORT, as tests/pg/with-server.sh sets it for `make test-api-pg`), each test server
// gets a database of its own, made here with CREATE DATABASE, and its key file in its temporary directory (a
// PostgreSQL database has no file to put it beside: `--key`).

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const server = process.env.TAKAMUL_TEST_PG || '';
let made = 0;
const keys = new Map(); // database URI -> its key file

/** Whether the tests run on PostgreSQL. */
const onPostgres = () => server !== '';

/** Runs sql with psql on the database (the server's maintenance database by default); its output, unaligned. */
function psql(sql, database = 'postgres') {
  const { hostname, port, username } = new URL(server);
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', hostname, '-p', port,
    '-U', username || 'postgres', '-d', database, '-c', sql], { encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
  return r.stdout;
}

const databaseName = (uri) => new URL(uri).pathname.slice(1);

/**
 * Runs a statement on a test database as someone with access to the database itself would (not through Takamul):
 * psql on PostgreSQL, the sqlite3 shell on an SQLite file. Its output, columns separated by |, trimmed.
 */
function databaseSql(db, statement) {
  if (keys.has(db)) return psql(statement, databaseName(db)).trim();
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, statement], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 ${statement}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A copy of a PostgreSQL test database (its servers stopped) for files copied to dir: its URI. */
function copyDatabase(db, dir) {
  const name = `t${process.pid}_${++made}`;
  psql(`CREATE DATABASE ${name} TEMPLATE ${databaseName(db)}`);
  const uri = `${server.replace(/\/+$/, '')}/${name}`;
  keys.set(uri, path.join(dir, 'takamul.key'));
  return uri;
}

/** Every row of every table of a PostgreSQL test database, as pg_dump writes them. */
function dumpDatabase(db) {
  const { hostname, port, username } = new URL(server);
  const r = spawnSync('pg_dump', ['--data-only', '-h', hostname, '-p', port, '-U', username || 'postgres', databaseName(db)],
    { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`pg_dump: ${r.stderr}`);
  return r.stdout;
}

/** A new empty database for a server whose files are in dir: its URI (its key file is dir/takamul.key). */
function newDatabase(dir) {
  const name = `t${process.pid}_${++made}`;
  psql(`CREATE DATABASE ${name}`);
  const uri = `${server.replace(/\/+$/, '')}/${name}`;
  keys.set(uri, path.join(dir, 'takamul.key'));
  return uri;
}

/** Drops a database made by newDatabase (its servers stopped). */
function dropDatabase(uri) {
  if (!keys.has(uri)) return;
  keys.delete(uri);
  try {
    psql(`DROP DATABASE IF EXISTS ${databaseName(uri)} WITH (FORCE)`);
  } catch {
    /* the whole server goes at the end of the run */
  }
}

/** args with `--key FILE` added after `--db URI` for a database made here (the command line needs it there). */
function withKey(args) {
  const i = args.indexOf('--db');
  if (i < 0 || !keys.has(args[i + 1]) || args.includes('--key')) return args;
  return [...args.slice(0, i + 2), '--key', keys.get(args[i + 1]), ...args.slice(i + 2)];
}

/** Runs sql on the test PostgreSQL's maintenance database (to act on a test database from outside it). */
const serverSql = (sql) => psql(sql).trim();

module.exports = { onPostgres, newDatabase, dropDatabase, withKey, databaseSql, serverSql, copyDatabase, dumpDatabase };
