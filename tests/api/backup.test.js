'use strict';
// `takamul backup --db DB OUT` (docs/operations.md, "Backups"): taken beside a running server under a steady load of
// writes and audited reads, it finishes, and the copy is a sound, consistent database: it passes `check` and
// `audit verify` with the key file written beside it, its audit head is the one printed, that head is a row of the
// live chain, and a server started on the copy serves what was acknowledged before the backup. An existing OUT is
// never replaced; a failed backup leaves no file behind. Every name here is synthetic.

const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { bin, startServer, cli, cliOk, makeTempDir, sleep } = require('./lib/server');
const { client } = require('./lib/client');
const { onPostgres, withKey } = require('./lib/pg');

// On PostgreSQL `takamul backup` refuses (pg_dump and pg_basebackup back it up): the copies below are SQLite's.
const sqliteOnly = { skip: onPostgres() && 'takamul backup copies SQLite files; PostgreSQL is backed up with pg_dump' };

const HEAD = /^\d+:[0-9a-f]{64}$/;
const BACKUP_TIMEOUT_MS = 60000;

let srv;
let stopped = false;
let backupDir;

before(async () => {
  srv = await startServer();
  backupDir = makeTempDir();
});

after(async () => {
  if (srv && !stopped) await srv.stop();
  if (srv) srv.cleanup();
  if (backupDir && !process.env.TAKAMUL_KEEP_TMP) fs.rmSync(backupDir, { recursive: true, force: true });
});

/** Runs `takamul backup` without blocking the event loop (the load goes on meanwhile); resolves {status, stdout, stderr, ms}. */
function backup(db, out) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, withKey(['backup', '--db', db, out]), { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => stderr.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), BACKUP_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), ms: performance.now() - started });
    });
  });
}

test('on PostgreSQL, takamul backup refuses, names pg_dump and pg_basebackup, and writes nothing', { skip: !onPostgres() && 'PostgreSQL only' }, async () => {
  const out = path.join(backupDir, 'refused.db');
  const r = await backup(srv.db, out);
  assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /pg_dump/);
  assert.match(r.stderr, /pg_basebackup/);
  assert.equal(r.stdout, '');
  assert.ok(!fs.existsSync(out) && !fs.existsSync(`${out}.key`));
});

/** The files in dir that a backup leaves only while it runs (its partial copy and that copy's journal files). */
const partials = (dir) => fs.readdirSync(dir).filter((name) => name.includes('.partial-'));

const mode = (file) => fs.statSync(file).mode & 0o777;

test('a backup beside a server under constant writes and audited reads finishes, and its copy is sound and consistent', sqliteOnly, async () => {
  const api = client(srv.base);
  const cw = await api.loginAs('caseworker');
  const letters = 'بتثجحخدذرزسشصضطظعغفقكلمنهي';
  let counter = 0;
  /** A person with a family name of its own (names hold letters only). */
  const person = () => {
    counter++;
    const family = `ال${letters[counter % letters.length]}${letters[Math.floor(counter / letters.length) % letters.length]}اوي`;
    return { first_name: 'سلمى', father_name: 'عادل', family_name: family, sex: 'female' };
  };
  // Persons acknowledged before the backup starts: the copy must hold every one of them.
  const before = [];
  for (let i = 0; i < 5; i++) {
    const r = await api.request('POST', '/api/v1/persons', { ...cw, body: person() });
    assert.equal(r.status, 201, r.text);
    before.push(r.body);
  }

  // The load: four clients, each writing a person and reading it back (an audited read), without a pause.
  let running = true;
  let backupRunning = false;
  const done = { writes: 0, reads: 0, writesDuringBackup: 0, readsDuringBackup: 0, failures: [] };
  const worker = async () => {
    while (running) {
      const w = await api.request('POST', '/api/v1/persons', { ...cw, body: person() });
      if (w.status !== 201) {
        done.failures.push(`POST ${w.status} ${w.text}`);
        continue;
      }
      done.writes++;
      if (backupRunning) done.writesDuringBackup++;
      const r = await api.request('GET', `/api/v1/persons/${w.body.id}`, cw);
      if (r.status !== 200) done.failures.push(`GET ${r.status} ${r.text}`);
      done.reads++;
      if (backupRunning) done.readsDuringBackup++;
    }
  };
  const workers = Array.from({ length: 4 }, worker);
  while (done.writes < 40) await sleep(20);

  const out = path.join(backupDir, 'takamul-backup.db');
  backupRunning = true;
  const result = await backup(srv.db, out);
  backupRunning = false;
  // A little more load after the backup, so the live chain runs on past the copy's head.
  const writesAtEnd = done.writes;
  while (done.writes < writesAtEnd + 20) await sleep(20);
  running = false;
  await Promise.all(workers);

  assert.equal(result.status, 0, `backup exited ${result.status} (${result.signal}) after ${Math.round(result.ms)} ms\n${result.stdout}\n${result.stderr}`);
  assert.ok(result.ms < BACKUP_TIMEOUT_MS, `the backup took ${Math.round(result.ms)} ms`);
  assert.deepEqual(done.failures, [], 'requests of the load failed');
  assert.ok(done.writesDuringBackup > 0 && done.readsDuringBackup > 0,
    `no load while the backup ran: ${JSON.stringify(done)}`);

  // The head printed on standard output, alone: the line to keep elsewhere.
  const head = result.stdout.trim();
  assert.match(head, HEAD, `stdout: ${result.stdout}`);
  assert.match(result.stderr, /audit chain intact/);

  // The copy and its key file: private, no partial file left beside them.
  assert.equal(mode(out), 0o600);
  assert.equal(mode(`${out}.key`), 0o600);
  assert.deepEqual(fs.readFileSync(`${out}.key`), fs.readFileSync(`${srv.db}.key`), 'the key file beside the copy is not the database\'s');
  assert.deepEqual(partials(backupDir), []);
  assert.ok(!fs.existsSync(`${out}-wal`) && !fs.existsSync(`${out}-journal`), 'the copy is not a file of its own');

  // The copy checks out with the key file beside it, and its head is the one printed.
  assert.equal(cliOk(['audit', 'head', '--db', out]).trim(), head);
  const check = cli(['check', '--db', out]);
  assert.equal(check.status, 0, `check of the copy: ${check.stdout}\n${check.stderr}`);
  assert.match(check.stdout, /integrity and foreign keys ok/);
  assert.match(check.stdout, /audit chain intact/);
  assert.equal(cli(['audit', 'verify', '--db', out, '--expect', head]).status, 0);

  // Consistent: the copy's head is a row of the live chain, which went on past it.
  await srv.stop();
  stopped = true;
  const live = cli(['audit', 'verify', '--db', srv.db, '--expect', head]);
  assert.equal(live.status, 0, `the copy's head is not in the live chain: ${live.stdout}\n${live.stderr}`);
  const liveHead = cliOk(['audit', 'head', '--db', srv.db]).trim();
  assert.ok(Number(liveHead.split(':')[0]) > Number(head.split(':')[0]), `live head ${liveHead}, copy's ${head}`);

  // Restored: a server on the copy (and its key file) serves what was acknowledged before the backup began.
  const restoreDir = makeTempDir();
  try {
    const restored = path.join(restoreDir, 'takamul.db');
    fs.copyFileSync(out, restored);
    fs.copyFileSync(`${out}.key`, `${restored}.key`);
    fs.chmodSync(`${restored}.key`, 0o600);
    const second = await startServer({ db: restored, dir: restoreDir });
    try {
      const api2 = client(second.base);
      const cw2 = await api2.loginAs('caseworker');
      for (const p of before) {
        const r = await api2.request('GET', `/api/v1/persons/${p.id}`, cw2);
        assert.equal(r.status, 200, `person ${p.id} acknowledged before the backup is missing from the copy: ${r.text}`);
        assert.equal(r.body.family_name, p.family_name);
      }
    } finally {
      await second.stop();
    }
  } finally {
    if (!process.env.TAKAMUL_KEEP_TMP) fs.rmSync(restoreDir, { recursive: true, force: true });
  }
});

test('a backup never replaces an existing file, nor its key file', sqliteOnly, async () => {
  const out = path.join(backupDir, 'takamul-backup.db');
  assert.ok(fs.existsSync(out), 'the first test left no copy');
  const contents = fs.readFileSync(out);
  const again = await backup(srv.db, out);
  assert.notEqual(again.status, 0, 'a backup replaced an existing file');
  assert.match(again.stderr, /exists/);
  assert.equal(again.stdout, '');
  assert.deepEqual(fs.readFileSync(out), contents, 'the existing copy was changed');
  assert.deepEqual(partials(backupDir), []);

  // A key file of that name alone is not replaced either.
  const lone = path.join(backupDir, 'lone.db');
  fs.writeFileSync(`${lone}.key`, 'someone else\'s file', { mode: 0o600 });
  const keyed = await backup(srv.db, lone);
  assert.notEqual(keyed.status, 0);
  assert.ok(!fs.existsSync(lone));
  assert.equal(fs.readFileSync(`${lone}.key`, 'utf8'), 'someone else\'s file');
});

test('a backup that cannot be made or fails its check exits non-zero and leaves nothing behind', sqliteOnly, async () => {
  const missing = await backup(srv.db, path.join(backupDir, 'no-such-directory', 'x.db'));
  assert.notEqual(missing.status, 0);
  assert.equal(missing.stdout, '');

  const noDb = await backup(path.join(backupDir, 'no-such.db'), path.join(backupDir, 'from-nothing.db'));
  assert.notEqual(noDb.status, 0);
  assert.ok(!fs.existsSync(path.join(backupDir, 'from-nothing.db')));

  // A database whose audit log was edited (by someone with the file, as audit_verify.test.js does it): the copy
  // fails its check, and is not kept as if it were sound.
  const tamperedDir = makeTempDir();
  try {
    const tampered = path.join(tamperedDir, 'takamul.db');
    fs.copyFileSync(srv.db, tampered);
    fs.copyFileSync(`${srv.db}.key`, `${tampered}.key`);
    fs.chmodSync(`${tampered}.key`, 0o600);
    const triggers = execFileSync('sqlite3', [tampered, "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit'"], { encoding: 'utf8' })
      .split('\n').filter(Boolean);
    execFileSync('sqlite3', [tampered, `${triggers.map((t) => `DROP TRIGGER "${t}";`).join(' ')} UPDATE audit SET client_addr = '10.9.9.9' WHERE id = 3;`]);
    const out = path.join(tamperedDir, 'copy.db');
    const r = await backup(tampered, out);
    assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /audit row 3/);
    assert.equal(r.stdout, '', 'a head was printed for a copy that failed its check');
    assert.ok(!fs.existsSync(out) && !fs.existsSync(`${out}.key`), 'the failed copy was kept');
    assert.deepEqual(partials(tamperedDir), []);
  } finally {
    if (!process.env.TAKAMUL_KEEP_TMP) fs.rmSync(tamperedDir, { recursive: true, force: true });
  }
});
