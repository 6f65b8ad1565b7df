'use strict';
// Soak (make soak, not make test): the server killed with SIGKILL in the middle of concurrent writes and searches,
// again and again on one database. After each restart every write the server acknowledged is there as acknowledged,
// every search it answered has its audit row (committed early, its disk sync shared: docs/security.md, "Audit"), the
// database passes `takamul check` and the audit chain verifies. SOAK_ROUNDS rounds (30 by default).

const assert = require('node:assert/strict');
const { test, after } = require('node:test');
const { startServer, cli, sleep } = require('../api/lib/server');
const { databaseSql } = require('../api/lib/pg');
const { client } = require('../api/lib/client');

const ROUNDS = Number(process.env.SOAK_ROUNDS || 30);
const WRITERS = 8;
const FIRSTS = ['سامي', 'رنا', 'خالد', 'ليلى', 'عمر', 'هبة', 'زيد', 'نور'];
const SEARCHERS = 2;
let srv;

/** The person.search audit rows in the database, read as its administrator would (not through Takamul). */
function searchRows(db) {
  return Number(databaseSql(db, "SELECT count(*) FROM audit WHERE action = 'person.search'"));
}

after(async () => {
  if (srv) {
    srv.kill('SIGKILL');
    await srv.exited;
    srv.cleanup();
  }
});

/** A name no other write of the run has: the round and the write's number spelled as Arabic words' letters. */
function familyOf(round, n) {
  const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
  let text = '';
  for (let v = round * 100000 + n; v > 0 || !text; v = Math.floor(v / letters.length)) text += letters[v % letters.length];
  return 'آل' + text;
}

test(`${ROUNDS} rounds of SIGKILL during writes and searches: every acknowledged write survives, every answered search has its one audit row, the check and the chain pass`, { timeout: ROUNDS * 60000 }, async () => {
  srv = await startServer();
  const { db, dir } = srv;
  const acknowledged = [];
  let searchesAnswered = 0;
  let rowsBefore = searchRows(db);
  for (let round = 0; round < ROUNDS; round++) {
    let answered = 0;
    let refused = 0; // answered with an error: its row may be there (a search is audited before its records are read)
    const api = client(srv.base);
    const worker = await api.loginAs('caseworker');
    let stop = false;
    let n = 0;
    const writers = Array.from({ length: WRITERS }, async () => {
      while (!stop) {
        const family = familyOf(round, n++);
        const body = { first_name: FIRSTS[n % 8], father_name: 'وليد', family_name: family, sex: n % 2 ? 'female' : 'male', birth_year: 1960 + (n % 50) };
        try {
          const r = await api.request('POST', '/api/v1/persons', { ...worker, body });
          if (r.status === 201) acknowledged.push({ id: r.body.id, family, version: r.body.version });
        } catch {
          /* the server is gone: this write was not acknowledged */
        }
      }
    });
    const searchers = Array.from({ length: SEARCHERS }, async (_, k) => {
      while (!stop) {
        const q = `${FIRSTS[(n + k) % 8]} وليد ${familyOf(round, Math.max(0, n - 3))}`;
        try {
          const r = await api.request('GET', `/api/v1/persons/search?q=${encodeURIComponent(q)}`, worker);
          if (r.status === 200) answered++;
          else refused++;
        } catch {
          /* the server is gone: this search was not answered */
        }
      }
    });
    await sleep(300 + Math.random() * 1200);
    srv.kill('SIGKILL');
    await srv.exited;
    stop = true;
    await Promise.all([...writers, ...searchers]);
    searchesAnswered += answered;

    const check = cli(['check', '--db', db]);
    assert.equal(check.status, 0, `round ${round}: takamul check\n${check.stdout}${check.stderr}`);
    // every answered search has its one row; a search cut short by the kill may have one too (one a searcher at most)
    const rows = searchRows(db) - rowsBefore;
    assert.ok(rows >= answered && rows <= answered + refused + SEARCHERS,
      `round ${round}: ${answered} searches answered (${refused} with an error), ${rows} audit rows of searches`);
    rowsBefore += rows;
    srv = await startServer({ db, dir });
    const again = client(srv.base);
    const reader = await again.loginAs('caseworker');
    // every acknowledged person of this round and a sample of the earlier ones
    const sample = acknowledged.filter((a, i) => i >= acknowledged.length - WRITERS * 40 || i % 17 === 0);
    for (const a of sample) {
      const r = await again.request('GET', `/api/v1/persons/${a.id}`, reader);
      assert.equal(r.status, 200, `round ${round}: person ${a.id} acknowledged, then ${r.status} after SIGKILL`);
      assert.equal(r.body.family_name, a.family);
    }
  }
  srv.kill('SIGTERM');
  await srv.exited;
  const verify = cli(['audit', 'verify', '--db', db]);
  assert.equal(verify.status, 0, `takamul audit verify\n${verify.stdout}${verify.stderr}`);
  srv = await startServer({ db, dir });
  assert.ok(acknowledged.length > ROUNDS, `only ${acknowledged.length} writes were acknowledged`);
  assert.ok(searchesAnswered > ROUNDS, `only ${searchesAnswered} searches were answered`);
});
