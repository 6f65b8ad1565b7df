'use strict';
// A server started as root (docs/deployment.md): with --user it binds its port (one below 1024 here) and reads its
// TLS files as root, then becomes that user before it opens the database, and cannot become root again; its key file
// must belong to that user. Skipped unless the tests run as root (as the CI does).

const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { test } = require('node:test');
const { bin, cli, makeTempDir, initDemoDatabase, sleep } = require('./lib/server');
const { onPostgres, withKey } = require('./lib/pg');

const root = process.getuid && process.getuid() === 0;
const nobody = root ? Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })) : 0;

/** A free port below 1024 (only root may bind one). */
async function lowPort() {
  for (let port = 900; port < 1000; port += 1) {
    const free = await new Promise((resolve) => {
      const s = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port below 1024');
}

/** Starts serve with args; resolves {child, output()} once /health answers, or rejects with what it printed. */
async function serve(args) {
  const child = spawn(bin, withKey(['serve', ...args]), { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));
  const output = () => Buffer.concat(chunks).toString('utf8');
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

test('as root with --user: the low port bound, then the user; the database and key file are that user\'s', { skip: !root && 'not root' }, async () => {
  const dir = makeTempDir();
  const db = initDemoDatabase(dir);
  const port = await lowPort();
  // the folder still root's: out of reach once the server is nobody, and said so
  let s = await serve(['--db', db, '--listen', `127.0.0.1:${port}`, '--user', 'nobody']);
  assert.notEqual(await s.exited, 0);
  // (on PostgreSQL the database is the server's: the key file in the folder is what is out of reach)
  assert.match(s.output(), onPostgres() ? /cannot open key file .*: Permission denied/ : /out of reach of uid \d+ \(permission denied\)/);
  execFileSync('chown', ['-R', 'nobody', dir]);
  // and a server that stays root refuses a key file that is nobody's
  s = await serve(['--db', db, '--listen', `127.0.0.1:${port}`]);
  assert.notEqual(await s.exited, 0);
  assert.match(s.output(), /key file .* belongs to another user/);
  s = await serve(['--db', db, '--listen', `127.0.0.1:${port}`, '--user', 'nobody']);
  try {
    let up = false;
    for (let i = 0; i < 200 && !up; i += 1) {
      up = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => r.ok, () => false);
      if (!up) await sleep(50);
    }
    assert.ok(up, s.output());
    const status = fs.readFileSync(`/proc/${s.child.pid}/status`, 'utf8');
    const uids = status.match(/^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m).slice(1).map(Number);
    assert.deepEqual(uids, [nobody, nobody, nobody, nobody], 'real, effective, saved and file uid are nobody\'s');
    assert.match(status, /^CapEff:\s+0+$/m);
    // a sign-in works: the database is written as nobody
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'caseworker', password: 'takamul-demo-caseworker' }) });
    assert.equal(login.status, 200);
  } finally {
    s.child.kill('SIGTERM');
    assert.equal(await s.exited, 0, s.output());
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--user names a user there is, not root, and only when started as root', { skip: !root && 'not root' }, async () => {
  const dir = makeTempDir();
  const db = initDemoDatabase(dir);
  for (const [user, message] of [['no-such-user-here', /no user no-such-user-here/], ['root', /is root/]]) {
    const r = cli(['serve', '--db', db, '--listen', '127.0.0.1:0', '--user', user]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, message);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
