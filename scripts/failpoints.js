#!/usr/bin/env node
'use strict';
// The failpoint loop (docs/operations.md, "Fault injection"), in SQLite's manner: a server built with
// -Dfailpoints=true is started on a fresh copy of a demo database with the Nth counted call failing (an arena
// allocation, a buffer append or a statement: src/base/failpoint.h), for N = 1, 2, 3, …, and the API's main paths
// are run: log in, register a person, open a case, add a note, assign, refer to another unit and accept, write and
// submit a study, close the case. The loop ends with the first run in which no call failed (the whole path passed).
//
// Each run must end in a clean answer: the request that met the failure answers a 5xx JSON error (never a crash, a
// hang, a wrong 4xx or a sanitizer report), the same request tried again is not refused by the server, and the
// server stops cleanly. Then nothing may be half-written: PRAGMA integrity_check and foreign_key_check, `takamul audit
// verify`, and scripts/failpoints-audit.sql (no write of case data without its audit row, no audit row of a write
// without its record).
//
// node scripts/failpoints.js [--from N] [--step K] [--max-runs R] [--kinds arena,buf,sql] [--persist] [--keep]
//   --step 7 runs N = from, from+7, …; --max-runs caps the runs (the short form in `make test`); --keep keeps the
//   database of each failed run; --persist fails every counted call from the Nth on (memory that stays short: then
//   only a clean answer, a clean stop and an intact database are asked). TAKAMUL_BIN names the binary
//   (build/takamul by default); TAKAMUL_FAIL_BACKTRACE=1 prints the failing call's stack in the server's log.

const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bin, cliOk, freePort, sleep } = require('../tests/api/lib/server');
const { client } = require('../tests/api/lib/client');

const auditCheck = fs.readFileSync(path.join(__dirname, 'failpoints-audit.sql'), 'utf8');
const SANITIZER = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/;
const REQUEST_TIMEOUT_MS = 15000;

function options(argv) {
  const o = { from: 1, step: 1, maxRuns: Infinity, kinds: 'arena,buf,sql', keep: false, persist: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--from') o.from = Number(argv[++i]);
    else if (a === '--step') o.step = Number(argv[++i]);
    else if (a === '--max-runs') o.maxRuns = Number(argv[++i]);
    else if (a === '--kinds') o.kinds = argv[++i];
    else if (a === '--keep') o.keep = true;
    else if (a === '--persist') o.persist = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.from >= 1 && o.step >= 1 && o.maxRuns >= 1)) throw new Error('--from, --step and --max-runs want numbers >= 1');
  return o;
}

function sqlite(db, sql) {
  const r = spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 ${db}: ${r.stderr}`);
  return r.stdout.trim();
}

/** The demo database every run starts from a copy of, and the ids the path needs. */
function makeTemplate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takamul-failpoints-'));
  const db = path.join(dir, 'template.db');
  cliOk(['init', '--db', db]);
  cliOk(['demo', '--db', db, '--set', 'demo_cases_per_kind=0']);
  const units = {};
  for (const line of sqlite(db, 'SELECT code, id FROM units;').split('\n')) {
    const [code, id] = line.split('|');
    units[code] = Number(id);
  }
  const users = {};
  for (const line of sqlite(db, 'SELECT username, id FROM users;').split('\n')) {
    const [name, id] = line.split('|');
    users[name] = Number(id);
  }
  return { dir, db, units, users };
}

/** The main paths as one journey; each step returns the response and the status it expects. */
function journey(api, ids) {
  const S = {};
  const T = {};
  const as = (who, body) => ({ ...S[who], body, timeout: REQUEST_TIMEOUT_MS });
  const login = (name) => async () => {
    const r = await api.tryLogin(name, `takamul-demo-${name}`);
    if (r.status === 200 && !r.session) return { ...r, status: -1, text: `200 without a session cookie: ${r.text}` };
    if (r.status === 200) S[name] = { cookie: r.cookie, csrf: r.csrf };
    return r;
  };
  const today = new Date().toISOString().slice(0, 10);
  return [
    ['log in (caseworker)', 200, login('caseworker')],
    ['register a person', 201, async () => {
      const r = await api.request('POST', '/api/v1/persons', as('caseworker', {
        first_name: 'يامن', father_name: 'رائد', grandfather_name: 'سالم', family_name: 'الحوامدة', sex: 'male',
        birth_date: '2011-02-02',
      }));
      if (r.status === 201) T.person = r.body;
      return r;
    }],
    ['open a case', 201, async () => {
      const r = await api.request('POST', '/api/v1/cases', as('caseworker', {
        kind: 'juvenile_conflict', summary: 'حدث متهم بسرقة (بيانات مصطنعة)', act_date: '2026-11-20',
        legal_class: 'misdemeanour', persons: [{ person_id: T.person.id, role: 'juvenile' }],
      }));
      if (r.status === 201) T.case = r.body;
      return r;
    }],
    ['add a note', 201, () => api.request('POST', `/api/v1/cases/${T.case.id}/notes`, as('caseworker', {
      kind: 'note', occurred_on: today, body: 'اتصال أولي مع الأسرة',
    }))],
    ['log in (supervisor)', 200, login('supervisor')],
    ['assign', 200, async () => {
      const r = await api.request('POST', `/api/v1/cases/${T.case.id}/assignments`, as('supervisor', {
        user_id: ids.users.caseworker, role: 'caseworker',
      }));
      if (r.status === 200) T.case = r.body;
      return r;
    }],
    ['refer to another unit', 201, async () => {
      const r = await api.request('POST', `/api/v1/cases/${T.case.id}/referrals`, as('caseworker', {
        kind: 'referral', to_unit_id: ids.units['MON-AMM'], reason: 'دراسة اجتماعية للحدث', urgency: 'urgent',
        sections: ['summary', 'persons'], services: ['social_study'],
      }));
      if (r.status === 201) T.referral = r.body;
      return r;
    }],
    ['log in (monitor)', 200, login('monitor')],
    ['accept the referral', 200, () => api.request('POST', `/api/v1/referrals/${T.referral.id}/transitions`,
      as('monitor', { action: 'accept', version: T.referral.version }))],
    ['write a study', 201, async () => {
      const r = await api.request('POST', `/api/v1/cases/${T.case.id}/studies`, as('monitor', { template: 'juvenile' }));
      if (r.status === 201) T.study = r.body;
      return r;
    }],
    ['save the study', 200, async () => {
      const sections = T.study.template_sections.map((s) => ({ key: s.key, body: `نص القسم ${s.key}` }));
      const r = await api.request('PUT', `/api/v1/studies/${T.study.id}`, as('monitor', { version: T.study.version, sections }));
      if (r.status === 200) T.study = r.body;
      return r;
    }],
    ['submit the study', 200, async () => {
      const r = await api.request('POST', `/api/v1/studies/${T.study.id}/transitions`, as('monitor', {
        action: 'submit', version: T.study.version,
      }));
      if (r.status === 200) T.study = r.body;
      return r;
    }],
    ['approve the study', 200, () => api.request('POST', `/api/v1/studies/${T.study.id}/transitions`, as('supervisor', {
      action: 'approve', version: T.study.version,
    }))],
    ['read the case', 200, async () => {
      const r = await api.request('GET', `/api/v1/cases/${T.case.id}`, as('caseworker'));
      if (r.status === 200) T.case = r.body;
      return r;
    }],
    ['request the closure', 200, async () => {
      const r = await api.request('POST', `/api/v1/cases/${T.case.id}/transitions`, as('caseworker', {
        action: 'request_closure', version: T.case.version, reason: 'انتهت الخدمة',
      }));
      if (r.status === 200) T.case = r.body;
      return r;
    }],
    ['close the case', 200, () => api.request('POST', `/api/v1/cases/${T.case.id}/transitions`, as('supervisor', {
      action: 'approve_closure', version: T.case.version,
    }))],
    ['list the cases', 200, () => api.request('GET', '/api/v1/cases', as('supervisor'))],
  ];
}

/** Starts the server on db with the Nth counted call failing (0: none) once start-up is over. */
async function startFailing(db, n, kinds, persist) {
  const port = await freePort();
  const env = { ...process.env, TAKAMUL_FAIL_AT: String(n), TAKAMUL_FAIL_KINDS: kinds, TAKAMUL_FAIL_FROM: 'signal',
    TAKAMUL_FAIL_PERSIST: persist ? '1' : '0' };
  const child = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--set', 'second_factor_roles=0'], {
    cwd: path.dirname(db), env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => resolve({ code: null, signal: null, error: error.message }));
  });
  const base = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 50) {
    try {
      const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (waited > 15000) {
      child.kill('SIGKILL');
      throw new Error(`server did not start\n${Buffer.concat(chunks)}`);
    }
    await sleep(50);
  }
  // The person index loads on its own thread at start: let it finish before counting starts.
  await sleep(150);
  child.kill('SIGUSR1');
  await sleep(20);
  return { base, child, exited, log: () => Buffer.concat(chunks).toString('utf8') };
}

async function stopServer(srv) {
  srv.child.kill('SIGTERM');
  let timer;
  const info = await Promise.race([srv.exited, new Promise((r) => { timer = setTimeout(() => r(null), 20000); })]);
  clearTimeout(timer);
  if (!info) {
    srv.child.kill('SIGKILL');
    await srv.exited;
    return 'did not stop within 20 s of SIGTERM (a hang)';
  }
  if (info.code !== 0) return `exited ${JSON.stringify(info)} after SIGTERM`;
  return null;
}

/** The checks that nothing is half-written; returns the problems found. */
function checkDatabase(db) {
  const problems = [];
  const integrity = sqlite(db, 'PRAGMA integrity_check;');
  if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
  const foreign = sqlite(db, 'PRAGMA foreign_key_check;');
  if (foreign) problems.push(`foreign_key_check: ${foreign}`);
  const verify = spawnSync(bin, ['audit', 'verify', '--db', db], { encoding: 'utf8', env: { ...process.env, TAKAMUL_FAIL_AT: '' } });
  if (verify.status !== 0) problems.push(`audit verify: ${verify.stdout}${verify.stderr}`);
  const orphans = sqlite(db, auditCheck);
  if (orphans) problems.push(`writes without their audit row (or the reverse):\n${orphans}`);
  return problems;
}

/** One run failing at call n; returns {reached, completed, problems, step}. */
async function run(template, n, kinds, persist) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takamul-failpoint-run-'));
  const db = path.join(dir, 'takamul.db');
  fs.copyFileSync(template.db, db);
  fs.copyFileSync(`${template.db}.key`, `${db}.key`);
  const srv = await startFailing(db, n, kinds, persist);
  const api = client(srv.base);
  const problems = [];
  let completed = true;
  let failedStep = null;
  for (const [name, expected, step] of journey(api, template)) {
    let r;
    try {
      r = await step();
    } catch (err) {
      problems.push(`${name}: no answer (${err.message})`);
      completed = false;
      break;
    }
    if (r.status === expected) continue;
    completed = false;
    failedStep = name;
    const code = r.body && r.body.error && r.body.error.code;
    if (r.status < 500 || typeof code !== 'string') {
      problems.push(`${name}: answered ${r.status} where ${expected} or a 5xx JSON error was due: ${r.text.slice(0, 300)}`);
      break;
    }
    // The failure was once: the server must have recovered (no transaction left open, no lock held).
    if (persist) break;
    try {
      const again = await step();
      if (again.status >= 500) problems.push(`${name}: tried again, answered ${again.status} ${again.text.slice(0, 300)}`);
    } catch (err) {
      problems.push(`${name}: tried again, no answer (${err.message})`);
    }
    break;
  }
  // The server is still up: /health answers 200 (or, when the failure falls on this very request, a 5xx JSON error
  // and then 200).
  try {
    if (persist) throw new Error('skipped');
    const health = () => api.request('GET', '/api/v1/health', { timeout: REQUEST_TIMEOUT_MS });
    let r = await health();
    if (r.status >= 500 && completed && r.body && r.body.error) r = await health();
    if (r.status !== 200) problems.push(`health answered ${r.status} after the run: ${r.text.slice(0, 200)}`);
  } catch (err) {
    if (!persist) problems.push(`health: no answer after the run (${err.message})`);
  }
  const stopped = await stopServer(srv);
  if (stopped) problems.push(stopped);
  const log = srv.log();
  if (SANITIZER.test(log)) problems.push('a sanitizer reported an error');
  const reached = log.includes(`failpoint: call ${n} (`);
  const kind = (log.match(new RegExp(`failpoint: call ${n} \\((\\w+)\\)`)) || [])[1];
  if (!/failpoint: \d+ calls counted/.test(log)) problems.push('the binary was not built with -Dfailpoints=true');
  problems.push(...checkDatabase(db));
  if (problems.length) problems.push(`server log:\n${log.split('\n').slice(-40).join('\n')}`);
  const counted = Number((log.match(/failpoint: (\d+) calls counted/) || [])[1]);
  return { dir, reached, kind, completed, failedStep, problems, counted };
}

/** Refuses a binary built without failpoints: every run would pass without any call failing. */
function checkBinary() {
  const r = spawnSync(bin, ['help'], { encoding: 'utf8', env: { ...process.env, TAKAMUL_FAIL_AT: '0' } });
  if (!/failpoint: \d+ calls counted/.test(r.stderr || '')) {
    console.error(`${bin} has no failpoints: build it with -Dfailpoints=true (meson configure BUILD -Dfailpoints=true)`);
    process.exit(2);
  }
}

async function main() {
  const o = options(process.argv.slice(2));
  checkBinary();
  const template = makeTemplate();
  const started = Date.now();
  let runs = 0;
  let failedRuns = 0;
  let n = o.from;
  let lastN = null;
  const byStep = new Map();
  try {
    for (; runs < o.maxRuns; n += o.step) {
      const result = await run(template, n, o.kinds, o.persist);
      runs++;
      lastN = n;
      if (result.failedStep) byStep.set(result.failedStep, (byStep.get(result.failedStep) || 0) + 1);
      if (result.problems.length) {
        failedRuns++;
        console.log(`not ok N=${n} (${result.kind || 'no failure'}, at "${result.failedStep || '-'}")\n  ${result.problems.join('\n  ')}`);
        if (o.keep) console.log(`  kept: ${result.dir}`);
      }
      if (!o.keep || !result.problems.length) fs.rmSync(result.dir, { recursive: true, force: true });
      if (!result.reached) {
        assert.ok(result.completed || result.problems.length, 'a run without a failure did not complete');
        console.log(`N=${n}: no call failed, the whole path passed (${result.counted} counted calls): the loop is complete`);
        break;
      }
    }
  } finally {
    fs.rmSync(template.dir, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`failpoints (${o.kinds}${o.persist ? ', persistent' : ''}): ${runs} runs, N from ${o.from} to ${lastN} by ${o.step}, ${failedRuns} failed, ${seconds} s`);
  console.log(`errors answered, by step: ${[...byStep].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  process.exitCode = failedRuns ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
