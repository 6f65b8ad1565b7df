'use strict';
// Test harness: builds a fresh database with the takamul binary, starts `takamul serve` on a free port and stops it.
// The binary is $TAKAMUL_BIN or build/takamul relative to the repository root. With $TAKAMUL_TEST_PG (a PostgreSQL
// server's address, tests/pg/with-server.sh) each server's database is a new PostgreSQL database (lib/pg.js).

const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const https = require('node:https');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const pg = require('./pg');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const bin = process.env.TAKAMUL_BIN ? path.resolve(process.env.TAKAMUL_BIN) : path.join(repoRoot, 'build', 'takamul');
// A sanitizer build run by hand: what fontconfig keeps for the life of the process is not our leak (the Makefile
// sets the same).
process.env.LSAN_OPTIONS ||= `suppressions=${path.join(repoRoot, 'tests', 'lsan.supp')}:print_suppressions=0`;
const STARTUP_TIMEOUT_MS = 10000;
const STOP_TIMEOUT_MS = 10000;

/** Runs the takamul command line; returns {status, signal, stdout, stderr}. Never throws on a non-zero exit. */
function cli(args, { input, timeout = 60000 } = {}) {
  const r = spawnSync(bin, pg.withKey(args), { input, encoding: 'utf8', timeout });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the takamul command line and asserts exit code 0; returns stdout. */
function cliOk(args, opts) {
  const r = cli(args, opts);
  assert.equal(r.status, 0, `takamul ${args.join(' ')} exited ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

/** Makes an empty temporary directory for one server's database. */
function makeTempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'takamul-api-'));
}

/**
 * Creates DB in dir with `init` and fills it with `demo`: the organisation, the users and the synthetic persons, and
 * `demoCases` synthetic cases of each kind (none by default, so that the tests' own registrations are alone).
 */
function initDemoDatabase(dir, demoCases = 0) {
  const db = pg.onPostgres() ? pg.newDatabase(dir) : path.join(dir, 'takamul.db');
  cliOk(['init', '--db', db]);
  // a setup step, not a timed one: a thousand demo cases take a minute or more on PostgreSQL in the sanitised build
  cliOk(['demo', '--db', db, '--set', `demo_cases_per_kind=${demoCases}`], { timeout: 600000 });
  return db;
}

/** Finds a free TCP port on 127.0.0.1 by binding port 0 and closing again. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a server. Without `db` it makes a temporary directory and a demo database; with `db` (and `dir`) it serves
 * that existing database, e.g. to restart after a stop. `extraArgs` are appended to `serve` (e.g. ['--set', 'k=v']).
 * `tls` ({cert, key, ca} as PEM file paths and text) serves https with --tls-cert and --tls-key. `demoCases`: the
 * demo's synthetic cases of each kind (0 by default).
 * Returns {base, db, dir, port, stop(), kill(signal), exited, log(), cleanup()}.
 */
async function startServer({ extraArgs = [], db, dir, tls, demoCases = 0 } = {}) {
  if (!fs.existsSync(bin)) throw new Error(`takamul binary not found at ${bin}; build it or set TAKAMUL_BIN`);
  const created = !db;
  if (created) {
    dir = makeTempDir();
    try {
      db = initDemoDatabase(dir, demoCases);
    } catch (err) {
      if (!process.env.TAKAMUL_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }
  dir = dir || path.dirname(db);
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await spawnServer({ db, dir, port, extraArgs, tls });
    } catch (err) {
      lastError = err;
      if (!err.exitedEarly) break;
      await sleep(500);
    }
  }
  // The error carries the server's output; the directory made here is not needed any more.
  if (created && !process.env.TAKAMUL_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** GET url over https trusting ca; resolves the status code. */
function httpsStatus(url, ca) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function spawnServer({ db, dir, port, extraArgs, tls }) {
  const listen = `127.0.0.1:${port}`;
  const base = `${tls ? 'https' : 'http'}://${listen}`;
  const tlsArgs = tls ? ['--tls-cert', tls.cert, '--tls-key', tls.key] : [];
  // the second factor is off unless a test asks for it with extraArgs (tests/api/second_factor.test.js): the demo
  // supervisor, manager and auditor of the other tests sign in with their password alone
  const args = pg.withKey(['serve', '--db', db, '--listen', listen, ...tlsArgs, '--set', 'second_factor_roles=0',
    ...extraArgs]);
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks = [];
  const logFile = fs.createWriteStream(path.join(dir, `server-${port}.log`));
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (d) => {
      chunks.push(d);
      // the pipes may still deliver output after the exit that ended the log file
      if (!logFile.writableEnded) logFile.write(d);
    });
  }
  const log = () => Buffer.concat(chunks).toString('utf8');
  let exitInfo = null;
  let signalled = false;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      logFile.end();
      resolve(exitInfo);
    });
    // The binary could not be started (e.g. it is being rebuilt): reported like an early exit.
    child.on('error', (error) => {
      if (exitInfo) return;
      exitInfo = { code: null, signal: null, error: error.message };
      logFile.end();
      resolve(exitInfo);
    });
  });

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (exitInfo) {
      const err = new Error(`takamul ${args.join(' ')} exited during start-up (${JSON.stringify(exitInfo)})\n${log()}`);
      err.exitedEarly = true;
      throw err;
    }
    try {
      if (tls) {
        if ((await httpsStatus(`${base}/api/v1/health`, tls.ca)) === 200) break;
      } else {
        const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) break;
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /api/v1/health with 200 within ${STARTUP_TIMEOUT_MS} ms\n${log()}`);
    }
    await sleep(50);
  }

  /** Waits for the process to exit, killing it after the timeout; returns {code, signal}. */
  async function waitExit(timeoutMs) {
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const info = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (!info) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`server did not exit within ${timeoutMs} ms of SIGTERM\n${log()}`);
    }
    return info;
  }

  return {
    base,
    db,
    dir,
    port,
    pid: child.pid,
    exited,
    log,
    /** Sends a signal to the server process. */
    kill(signal = 'SIGTERM') {
      signalled = true;
      if (!exitInfo) child.kill(signal);
    },
    /** Sends SIGTERM, waits for the exit and asserts a clean exit code 0 (and that nothing ended it before). */
    async stop() {
      if (exitInfo && !signalled) {
        throw new Error(`server had already exited before stop(): ${JSON.stringify(exitInfo)}\n${log()}`);
      }
      signalled = true;
      if (!exitInfo) child.kill('SIGTERM');
      const info = await waitExit(STOP_TIMEOUT_MS);
      assert.deepEqual(info, { code: 0, signal: null }, `server did not exit cleanly: ${JSON.stringify(info)}\n${log()}`);
      return info;
    },
    /** Removes the temporary directory (kept when TAKAMUL_KEEP_TMP is set). */
    cleanup() {
      if (!process.env.TAKAMUL_KEEP_TMP) {
        fs.rmSync(dir, { recursive: true, force: true });
        pg.dropDatabase(db);
      }
    },
  };
}

module.exports = { bin, repoRoot, cli, cliOk, makeTempDir, initDemoDatabase, freePort, startServer, sleep,
  onPostgres: pg.onPostgres };
