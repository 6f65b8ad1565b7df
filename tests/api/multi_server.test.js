'use strict';
// Two Takamul servers on one PostgreSQL database (issue 22, item 2), with the same key file, as behind a load
// balancer: the person index of each follows the other's writes (the change feed, within 1 s), sessions, CSRF tokens,
// login limits and versions hold across them, concurrent writes on both keep one verifiable audit chain and the
// national number's uniqueness, and the daily job runs once. Skipped on SQLite (one server per file). Every name here
// is synthetic.

const assert = require('node:assert/strict');
const { test, before, after, describe } = require('node:test');
const { startServer, makeTempDir, initDemoDatabase, cli, onPostgres, sleep } = require('./lib/server');
const { client, assertError } = require('./lib/client');
const { databaseSql } = require('./lib/pg');

describe('two servers on one PostgreSQL', { skip: onPostgres() ? false : 'PostgreSQL only (make test-api-pg)' }, () => {
  let dir;
  let db;
  let A;
  let B;
  let a; // clients of each server
  let b;
  let cw; // a caseworker's session, made on A
  let sup; // a supervisor's, made on B

  before(async () => {
    dir = makeTempDir();
    db = initDemoDatabase(dir);
    A = await startServer({ db, dir });
    B = await startServer({ db, dir });
    a = client(A.base);
    b = client(B.base);
    cw = await a.loginAs('caseworker');
    sup = await b.loginAs('supervisor');
  });

  after(async () => {
    // both stopped whatever happened, then the database and the directory go
    const stops = [A, B].filter(Boolean).map((s) => s.stop().catch((e) => e));
    const failures = (await Promise.all(stops)).filter((x) => x instanceof Error);
    if (A) A.cleanup();
    if (failures.length) throw failures[0];
  });

  let serial = 0;
  /** A national number no other person of the run has. */
  const nationalId = () => `29${String(process.pid % 10000).padStart(4, '0')}${String(++serial).padStart(4, '0')}`;

  async function register(on, first, family, extra = {}) {
    const r = await on.request('POST', '/api/v1/persons', {
      ...cw,
      body: { first_name: first, father_name: 'نادر', grandfather_name: 'سليم', family_name: family, sex: 'female', birth_year: 1994, ...extra },
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  }

  async function foundItems(on, q) {
    const r = await on.request('GET', `/api/v1/persons/search?q=${encodeURIComponent(q)}`, cw);
    assert.equal(r.status, 200, r.text);
    return r.body.items;
  }
  const foundIds = async (on, q) => (await foundItems(on, q)).map((it) => it.person.id);

  /** Searches on a server until holds(ids, items) (or 5 s pass); the milliseconds it took. */
  async function untilSearch(on, q, holds) {
    const started = performance.now();
    for (;;) {
      const items = await foundItems(on, q);
      const ids = items.map((it) => it.person.id);
      if (holds(ids, items)) return performance.now() - started;
      if (performance.now() - started > 5000) assert.fail(`search "${q}" on ${on === b ? 'B' : 'A'} never held: ${JSON.stringify(ids)}`);
      await sleep(10);
    }
  }

  test('a person registered on A is found by a search on B within 1 s', async () => {
    const p = await register(a, 'ريم', 'الخوالدة');
    assert.ok((await foundIds(a, 'ريم نادر سليم الخوالدة')).includes(p.id), 'not found on A itself');
    const ms = await untilSearch(b, 'ريم نادر سليم الخوالدة', (ids) => ids.includes(p.id));
    assert.ok(ms < 1000, `found on B after ${Math.round(ms)} ms`);
    // several in a row, each found on B within the second
    let worst = 0;
    for (const first of ['دانة', 'لين', 'جود', 'تالا', 'رهف']) {
      const q = await register(a, first, 'الخوالدة');
      worst = Math.max(worst, await untilSearch(b, `${first} نادر سليم الخوالدة`, (ids) => ids.includes(q.id)));
    }
    assert.ok(worst < 1000, `the slowest reached B after ${Math.round(worst)} ms`);
  });

  test('an edit on A is reflected in B\'s search; a stale version on B is a 409', async () => {
    const p = await register(a, 'نور', 'العبادي');
    await untilSearch(b, 'نور نادر سليم العبادي', (ids) => ids.includes(p.id));
    const edited = await a.request('PATCH', `/api/v1/persons/${p.id}`, { ...cw, body: { version: p.version, family_name: 'الحياري' } });
    assert.equal(edited.status, 200, edited.text);
    // her first, father's and grandfather's names still match: the family name must match as well, from B's index
    const familyMatches = (items) => items.some((it) => it.person.id === p.id && it.reasons.some((x) => x.part === 'family' && x.match === 'exact'));
    const ms = await untilSearch(b, 'نور نادر سليم الحياري', (ids, items) => familyMatches(items));
    assert.ok(ms < 1000, `the edit reached B after ${Math.round(ms)} ms`);
    // the version the edit replaced is stale on B as on A
    assertError(await b.request('PATCH', `/api/v1/persons/${p.id}`, { ...cw, body: { version: p.version, notes: 'قديم' } }), 409, 'version.conflict', ['version']);
    const fresh = await b.request('PATCH', `/api/v1/persons/${p.id}`, { ...cw, body: { version: edited.body.version, notes: 'حديث' } });
    assert.equal(fresh.status, 200, fresh.text);
  });

  test('a merge on A takes the merged record out of B\'s search, its undoing on B brings it back to A\'s', async () => {
    const kept = await register(a, 'سلمى', 'الزعبي');
    const copy = await register(a, 'سلمى', 'الزعبي');
    await untilSearch(b, 'سلمى نادر سليم الزعبي', (ids) => ids.includes(kept.id) && ids.includes(copy.id));
    const m = await a.request('POST', `/api/v1/persons/${kept.id}/merge`, {
      ...sup,
      body: { version: kept.version, merge_id: copy.id, merge_version: copy.version, reason: 'السجل نفسه مرتين' },
    });
    assert.equal(m.status, 200, m.text);
    const ms = await untilSearch(b, 'سلمى نادر سليم الزعبي', (ids) => ids.includes(kept.id) && !ids.includes(copy.id));
    assert.ok(ms < 1000, `the merge reached B after ${Math.round(ms)} ms`);
    const undo = await b.request('POST', `/api/v1/persons/merges/${m.body.merge.id}/undo`, { ...sup, body: { reason: 'لم يكن السجل نفسه' } });
    assert.equal(undo.status, 200, undo.text);
    await untilSearch(a, 'سلمى نادر سليم الزعبي', (ids) => ids.includes(copy.id));
  });

  test('a session made on A works on B with its CSRF token; a logout on A ends it on B', async () => {
    const s = await a.loginAs('caseworker');
    const me = await b.request('GET', '/api/v1/me', s);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.user.username, 'caseworker');
    // a write on B with A's token, and refused on B without it
    assertError(await b.request('POST', '/api/v1/persons', { cookie: s.cookie, body: { first_name: 'x' } }), 403, 'csrf.missing');
    assertError(await b.request('POST', '/api/v1/persons', { cookie: s.cookie, csrf: 'x'.repeat(43), body: { first_name: 'x' } }), 403, 'csrf.invalid');
    const r = await b.request('POST', '/api/v1/persons', { ...s, body: { first_name: 'هالة', father_name: 'نادر', family_name: 'الشرع', sex: 'female' } });
    assert.equal(r.status, 201, r.text);
    const out = await a.request('DELETE', '/api/v1/session', s);
    assert.ok(out.status === 200 || out.status === 204, out.text);
    assertError(await b.request('GET', '/api/v1/me', s), 401, 'auth.required');
  });

  test('the tenth failed login, on either server, locks the account on both', async () => {
    const admin = await a.loginAs('admin');
    const { username, password } = await a.createUser(admin);
    // five failures on each: neither server alone has seen ten
    for (let i = 0; i < 9; i++) {
      const r = await (i % 2 ? b : a).tryLogin(username, 'not-the-password');
      assertError(r, 401, 'auth.invalid_credentials');
    }
    const tenth = await b.tryLogin(username, 'not-the-password');
    assert.ok(tenth.status === 401 || tenth.status === 429, tenth.text);
    assertError(await a.tryLogin(username, password), 429, 'auth.locked');
    assertError(await b.tryLogin(username, password), 429, 'auth.locked');
  });

  test('200 concurrent writes on both servers: one of those competing for a national number wins, the audit chain verifies', async () => {
    const contested = nationalId();
    const jobs = [];
    for (let i = 0; i < 200; i++) {
      const on = i % 2 ? b : a;
      const competing = i % 10 === 0; // 20 for the same number
      const body = { first_name: 'سارة', father_name: 'نادر', grandfather_name: 'سليم', family_name: 'البطاينة', sex: 'female', national_id: competing ? contested : nationalId() };
      jobs.push(() => on.request('POST', '/api/v1/persons', { ...cw, body }).then((r) => ({ competing, r })));
    }
    // reads too, whose audits go in batches (group commit) on both servers
    for (let i = 0; i < 40; i++) jobs.push(() => (i % 2 ? b : a).request('GET', `/api/v1/persons/search?q=${encodeURIComponent('سارة')}`, cw).then((r) => ({ read: true, r })));
    // 48 in flight at a time, 24 on each server (below the 64 connections a server takes from one address)
    const results = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    };
    await Promise.all(Array.from({ length: 48 }, worker));
    const contest = results.filter((x) => x.competing);
    const won = contest.filter((x) => x.r.status === 201);
    assert.equal(won.length, 1, `${won.length} won the contested number`);
    for (const x of contest) {
      if (x.r.status !== 201) assertError(x.r, 409, 'person.duplicate_national_id', ['national_id']);
    }
    for (const x of results.filter((y) => !y.competing)) assert.equal(x.r.status, x.read ? 200 : 201, x.r.text);
    const holders = databaseSql(db, `SELECT count(*) FROM persons WHERE national_id = '${contested}'`);
    assert.equal(holders, '1');
    // every one of the 181 registrations is found on both
    const created = results.filter((x) => !x.read && x.r.status === 201).map((x) => x.r.body.id);
    assert.equal(created.length, 181);
    for (const on of [a, b]) {
      await untilSearch(on, 'سارة نادر سليم البطاينة', () => true);
      const r = await on.request('GET', `/api/v1/persons/search?q=${encodeURIComponent('سارة نادر سليم البطاينة')}&limit=50`, cw);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.items.length === 50, `${r.body.items.length} found`);
    }
    // the feed has a row for each, in the order of the commits
    const rows = Number(databaseSql(db, `SELECT count(*) FROM person_changes WHERE kind = 'create' AND person_id IN (${created.join(',')})`));
    assert.equal(rows, 181);
  });

  test('cases opened at once on both servers get distinct references; of six juveniles sent at once to a home\'s last place, one gets it', async () => {
    const admin = await a.loginAs('admin');
    const day = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
    const yearsAgo = (years) => day(-Math.round(years * 365.25));
    const unit = await a.request('POST', '/api/v1/units', { ...admin, body: { code: `TEST-MULTI-${process.pid}`, name_ar: 'دار اختبار الخادمين', name_en: 'Two-server test home', type: 'juvenile_education_home', agency: 'mosd', governorate: 'amman' } });
    assert.equal(unit.status, 201, unit.text);
    const home = await b.request('POST', '/api/v1/homes', { ...admin, body: { unit_id: unit.body.id, home_type: 'juvenile_education_home', statuses: ['detained'], places: [{ sex: 'male', age_band: '12_15', places: 1 }] } });
    assert.equal(home.status, 201, home.text);
    const fathers = ['سالم', 'خالد', 'عمر', 'يوسف', 'محمود', 'إبراهيم'];
    // six juveniles, each registered, his case opened and his detention ordered on one server or the other, all at once
    const juveniles = await Promise.all(fathers.map(async (father, i) => {
      const on = i % 2 ? b : a;
      const post = (path, body) => on.request('POST', path, { ...cw, body });
      const person = await post('/api/v1/persons', { first_name: 'يزن', father_name: father, family_name: 'الخادمين', sex: 'male', birth_date: yearsAgo(13) });
      assert.equal(person.status, 201, person.text);
      const c = await post('/api/v1/cases', { kind: 'juvenile_conflict', summary: 'حالة لاختبار الخادمين', assign_me: true, legal_class: 'misdemeanour', persons: [{ person_id: person.body.id, role: 'juvenile' }] });
      assert.equal(c.status, 201, c.text);
      const m = await post(`/api/v1/cases/${c.body.id}/measures`, { kind: 'detention', authority: 'prosecutor', order_number: `${process.pid}${i}/2026`, order_date: day(-1), starts_on: day(-1), ends_on: day(8) });
      assert.equal(m.status, 201, m.text);
      return { c: c.body, person: person.body, measure: m.body, on };
    }));
    const references = juveniles.map((j) => j.c.reference);
    assert.equal(new Set(references).size, 6, `references: ${references.join(', ')}`);
    const admitted = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
    const answers = await Promise.all(juveniles.map((j) => j.on.request('POST', `/api/v1/cases/${j.c.id}/placements`, {
      ...cw,
      body: { person_id: j.person.id, home_id: home.body.id, measure_id: j.measure.id, admitted_at: admitted },
    })));
    assert.equal(answers.filter((r) => r.status === 201).length, 1, answers.map((r) => r.status).join(' '));
    for (const r of answers) if (r.status !== 201) assertError(r, 409, 'placement.capacity', ['home_id']);
  });

  test('an import of 4,500 persons by a third process: every chunk found on both servers', async () => {
    // one change of the feed stands for each chunk of a thousand: each server's follower reads them a few at a time
    const fs = require('node:fs');
    const path = require('node:path');
    const firsts = ['سلمى', 'هيا', 'دعاء', 'ملك', 'شهد'];
    let text = 'first_name,father_name,grandfather_name,family_name,sex,birth_year\n';
    for (let i = 0; i < 4500; i++) text += `${firsts[i % 5]},منذر,عارف,${i === 4499 ? 'الشرمان' : 'البطوش'},female,${1960 + (i % 50)}\n`;
    const file = path.join(dir, 'import.csv');
    fs.writeFileSync(file, text);
    const r = cli(['import', 'persons', '--db', db, file]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /imported 4500 persons/);
    for (const on of [a, b]) {
      const named = (items, first, family) => items.some((it) => it.person.first_name === first && it.person.family_name === family);
      await untilSearch(on, 'شهد منذر عارف الشرمان', (ids, items) => named(items, 'شهد', 'الشرمان'));
      assert.ok(named(await foundItems(on, 'سلمى منذر عارف البطوش'), 'سلمى', 'البطوش'));
    }
    for (const server of [A, B]) assert.doesNotMatch(server.log(), /person index: .*(not seen|given up|could not)/);
  });

  test('takamul audit verify passes after the concurrent writes on both servers', async () => {
    // the read audits are written in the background: wait until both servers have written theirs
    await sleep(500);
    const r = cli(['audit', 'verify', '--db', db]);
    assert.equal(r.status, 0, `audit verify: ${r.stdout}\n${r.stderr}`);
    const gaps = databaseSql(db, 'SELECT count(*) - (max(id) - min(id) + 1) FROM audit');
    assert.equal(gaps, '0', 'the audit ids have gaps');
  });

  test('the daily job ran once across the two servers', async () => {
    assert.equal(databaseSql(db, 'SELECT count(*) FROM daily_runs'), '1');
    const logs = [A.log(), B.log()];
    const skipped = logs.filter((l) => /daily job: (already run today|another server runs it)/.test(l));
    assert.equal(skipped.length, 1, logs.join('\n----\n'));
    const caseSeals = databaseSql(db, "SELECT count(*) - count(DISTINCT object_id) FROM audit WHERE action = 'case.seal'");
    assert.equal(caseSeals, '0', 'a case sealed twice');
  });
});
