'use strict';
// Harness for the browser tests: a fresh demo database in a temporary directory, `takamul serve` on a free port,
// stopped with SIGTERM at the end. The binary is $TAKAMUL_BIN or build/takamul relative to the repository root.
// $TAKAMUL_WEB_DIR serves the interface from that directory instead of the copy embedded in the binary (for working
// on web/ without rebuilding); $TAKAMUL_KEEP_TMP=1 keeps the temporary directory and the server log;
// $TAKAMUL_BASE_URL uses a server that is already running (with the demo users) instead of starting one.

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const pg = require('../api/lib/pg');

const repoRoot = path.resolve(__dirname, '..', '..');
// A sanitizer build run by hand: what fontconfig keeps for the life of the process is not our leak (the Makefile
// sets the same).
process.env.LSAN_OPTIONS ||= `suppressions=${path.join(repoRoot, 'tests', 'lsan.supp')}:print_suppressions=0`;
const STARTUP_TIMEOUT_MS = 15000;
const STOP_TIMEOUT_MS = 10000;

/** The demo password of a demo user (see `takamul demo`). */
const demoPassword = (username) => `takamul-demo-${username}`;

/** The path of the takamul binary. */
function binaryPath() {
  return process.env.TAKAMUL_BIN ? path.resolve(process.env.TAKAMUL_BIN) : path.join(repoRoot, 'build', 'takamul');
}

/** Runs `takamul args…` to completion; throws with its output when it exits non-zero. */
function runOk(bin, args) {
  const result = spawnSync(bin, args, { encoding: 'utf8', timeout: 120000 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`takamul ${args.join(' ')} exited ${result.status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  return result.stdout;
}

/** A free TCP port on 127.0.0.1: bind port 0, read the port, close. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until GET /api/v1/health answers 200, or the server exits, or the time is up. */
async function waitForHealth(base, child, log) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const error = new Error(`takamul serve exited (${child.exitCode ?? child.signalCode}) before answering\n${log()}`);
      error.exitedEarly = true;
      throw error;
    }
    try {
      const response = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new Error(`takamul serve did not answer /api/v1/health within ${STARTUP_TIMEOUT_MS} ms\n${log()}`);
}

/**
 * Starts a server on a fresh demo database (with demoCases synthetic cases of each kind, none by default), serving
 * with `settings` ({name: value}, passed as `serve --set name=value`, such as a short session_idle_seconds). Returns
 * {base, db, dir, log(), stop()}; stop() sends SIGTERM, waits for
 * the exit, and removes the temporary directory (unless TAKAMUL_KEEP_TMP is set). Resolves to the exit code.
 */
async function startServer({ demoCases = 0, settings = {} } = {}) {
  if (process.env.TAKAMUL_BASE_URL) {
    const base = process.env.TAKAMUL_BASE_URL.replace(/\/+$/, '');
    return { base, db: null, dir: null, log: () => '', stop: async () => 0 };
  }
  const bin = binaryPath();
  if (!fs.existsSync(bin)) throw new Error(`takamul binary not found at ${bin}; build it (make build) or set TAKAMUL_BIN`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takamul-browser-'));
  // on PostgreSQL ($TAKAMUL_TEST_PG), a database of its own (tests/api/lib/pg.js)
  const db = pg.onPostgres() ? pg.newDatabase(dir) : path.join(dir, 'takamul.db');
  runOk(bin, pg.withKey(['init', '--db', db]));
  // the demo's synthetic cases of each kind: none unless asked for, so that a test's own cases are alone
  runOk(bin, pg.withKey(['demo', '--db', db, '--set', `demo_cases_per_kind=${demoCases}`]));

  let lastError;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const args = pg.withKey(['serve', '--db', db, '--listen', `127.0.0.1:${port}`]);
    if (process.env.TAKAMUL_WEB_DIR) args.push('--web-dir', path.resolve(process.env.TAKAMUL_WEB_DIR));
    // the second factor is off unless a test asks for it (tests/browser/second_factor.test.js)
    for (const [name, value] of Object.entries({ second_factor_roles: 0, ...settings })) args.push('--set', `${name}=${value}`);
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    const log = () => Buffer.concat(chunks).toString('utf8');
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForHealth(base, child, log);
    } catch (error) {
      child.kill('SIGKILL');
      await exited;
      lastError = error;
      if (error.exitedEarly) continue;
      break;
    }
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      if (process.env.TAKAMUL_KEEP_TMP) fs.writeFileSync(path.join(dir, 'server.log'), log());
      else {
        fs.rmSync(dir, { recursive: true, force: true });
        pg.dropDatabase(db);
      }
      return code;
    };
    return { base, db, dir, log, stop };
  }
  if (!process.env.TAKAMUL_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

module.exports = { startServer, demoPassword, binaryPath, repoRoot };
