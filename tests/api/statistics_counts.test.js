'use strict';
// The counts of the case load kept for the statistics (migration 32, docs/statistics.md "Performance"): after a
// randomised series of writes over HTTP on a demo database with two years of cases — cases registered with a report
// day in the past, closed, reopened, transferred to another unit, their report day corrected, their principal
// person's sex and year of birth corrected, persons merged and the merge undone, a principal person added and the first
// removed, incidents recorded and corrected, workers assigned and unassigned — every indicator the counts serve
// (cases_new, cases_open, cases_per_worker), by every breakdown, filter and several periods, is the same computed from
// the counts as from the cases themselves (tests/statistics/counts_compare.c), and `takamul check` finds the counts
// whole. A count changed by hand is found by both, and `takamul check --repair-counts` makes it again.
// The writes are drawn from a seed (printed; TAKAMUL_SEED replays one). Synthetic names only.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer, bin, cli } = require('./lib/server');
const { client } = require('./lib/client');
const pg = require('./lib/pg');

let srv;
let api;
const S = {};
const U = {};
const seed = Number(process.env.TAKAMUL_SEED || Date.now() % 1000000);
let state = seed;
// mulberry32: the same seed gives the same writes
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
// a case of the first unit (those transferred are the other unit's), open or closed as asked
const ours = (closed) => {
  const some = cases.filter((c) => !c.transferred && Boolean(c.closed) === closed);
  return some.length ? pick(some) : pick(cases);
};
const DAY = 86400e3;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const date = (ms) => new Date(ms + 3 * 3600e3).toISOString().slice(0, 10);
const ACTS = ['physical_assault', 'psychological_abuse', 'neglect', 'sexual_assault', 'economic_abuse'];

before(async () => {
  srv = await startServer({ demoCases: 6 });
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'admin']) S[name] = await api.loginAs(name);
  for (const u of await api.listUnits(S.admin)) U[u.code] = u;
  const sup = await api.createUser(S.admin, { unit_id: U['SSO-IRB'].id, roles: ['supervisor'], full_name: 'سوسن فارس العتوم' });
  S.irbid = await api.login(sup.username, sup.password);
  const worker = await api.createUser(S.admin, { unit_id: U['SSO-AMM'].id, roles: ['caseworker'], full_name: 'دعاء نبيل الشرمان' });
  S.second = { ...(await api.login(worker.username, worker.password)), id: null };
  const me = await api.request('GET', '/api/v1/me', S.second);
  S.second.id = me.body.user.id;
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const req = (method, p, who, body) => api.request(method, p, { ...who, body });
const caseOf = async (id, who = S.supervisor) => (await req('GET', `/api/v1/cases/${id}`, who)).body;

let serial = 0;
async function person() {
  serial += 1;
  const sex = random() < 0.6 ? 'female' : 'male';
  const r = await req('POST', '/api/v1/persons', S.caseworker, {
    first_name: sex === 'female' ? pick(['سناء', 'ريم', 'هالة']) : pick(['مازن', 'زيد', 'قيس']),
    father_name: pick(['حسن', 'خليل', 'وليد', 'فهد', 'رامي']),
    grandfather_name: pick(['عيسى', 'سالم', 'يوسف']),
    family_name: pick(['الطراونة', 'العمري', 'الزعبي', 'الخوالدة', 'المجالي']),
    sex,
    birth_date: `${1940 + Math.floor(random() * 84)}-0${1 + Math.floor(random() * 9)}-15`,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// The writes, each one of a kind; a write the rules refuse in the state drawn (409, 400) is no failure here.
const done = {};
const cases = [];
const merges = [];
async function write(kind, fn) {
  const r = await fn();
  if (r && r.status >= 200 && r.status < 300) done[kind] = (done[kind] || 0) + 1;
  else if (r && r.status >= 500) assert.fail(`${kind}: ${r.status} ${r.text}`);
}

const WRITES = {
  async create() {
    const victim = await person();
    const reported = Date.now() - Math.floor(random() * 700) * DAY - Math.floor(random() * DAY);
    const r = await req('POST', '/api/v1/cases', S.caseworker, {
      kind: 'family_violence', summary: 'حالة للإحصاء', reported_at: iso(reported), assign_me: random() < 0.7,
      persons: [{ person_id: victim.id, role: 'victim' }],
    });
    if (r.status === 201) cases.push({ id: r.body.id, victim: victim.id });
    return r;
  },
  async incident() {
    const c = ours(false);
    return req('POST', `/api/v1/cases/${c.id}/incidents`, S.caseworker, {
      occurred_on: date(Date.now() - Math.floor(random() * 900) * DAY),
      violence_types: [...new Set([pick(ACTS), pick(ACTS)])], place: 'المنزل',
    });
  },
  async correctIncident() {
    const c = ours(false);
    const list = await req('GET', `/api/v1/cases/${c.id}/incidents`, S.caseworker);
    if (list.status !== 200 || !list.body.items.length) return null;
    const i = list.body.items[list.body.items.length - 1];
    return req('PATCH', `/api/v1/cases/${c.id}/incidents/${i.id}`, S.caseworker, {
      version: i.version, occurred_on: i.occurred_on, violence_types: [pick(ACTS)], reason: 'تصحيح نوع العنف',
    });
  },
  async close() {
    const c = ours(false);
    const r = await req('POST', `/api/v1/cases/${c.id}/transitions`, S.caseworker, { version: (await caseOf(c.id)).version, action: 'request_closure', reason: 'انتهت الخدمة' });
    if (r.status !== 200) return r;
    const closed = await req('POST', `/api/v1/cases/${c.id}/transitions`, S.supervisor, { version: r.body.version, action: 'approve_closure' });
    if (closed.status === 200) c.closed = true;
    return closed;
  },
  async reopen() {
    const c = ours(true);
    const r = await req('POST', `/api/v1/cases/${c.id}/transitions`, S.supervisor, { version: (await caseOf(c.id)).version, action: 'reopen', reason: 'بلاغ جديد' });
    if (r.status === 200) c.closed = false;
    return r;
  },
  async transfer() {
    const c = ours(false);
    const sent = await req('POST', `/api/v1/cases/${c.id}/referrals`, S.supervisor, {
      kind: 'transfer', to_unit_id: U['SSO-IRB'].id, reason: 'انتقلت الأسرة للسكن في إربد', urgency: 'routine',
      override_reason: 'خطر داهم على حياتها والموافقة متعذرة الآن',
    });
    if (sent.status !== 201) return sent;
    const accepted = await req('POST', `/api/v1/referrals/${sent.body.id}/transitions`, S.irbid, { action: 'accept', version: sent.body.version });
    if (accepted.status === 200) c.transferred = true;
    return accepted;
  },
  async reportDay() {
    const c = ours(false);
    const now = await caseOf(c.id);
    if (!now || now.stage === 'closed') return null;
    return req('PATCH', `/api/v1/cases/${c.id}`, S.caseworker, { version: now.version, reported_at: iso(Date.now() - Math.floor(random() * 800) * DAY) });
  },
  async editPerson() {
    const c = pick(cases);
    const p = (await req('GET', `/api/v1/persons/${c.victim}`, S.caseworker)).body;
    if (!p || !p.version) return null;
    return req('PATCH', `/api/v1/persons/${c.victim}`, S.caseworker, {
      version: p.version, sex: random() < 0.5 ? 'female' : 'male', birth_date: `${1930 + Math.floor(random() * 95)}-06-01`,
    });
  },
  async merge() {
    const a = pick(cases);
    const b = pick(cases);
    if (a === b) return null;
    const kept = (await req('GET', `/api/v1/persons/${a.victim}`, S.supervisor)).body;
    const merged = (await req('GET', `/api/v1/persons/${b.victim}`, S.supervisor)).body;
    if (!kept.version || !merged.version) return null;
    const r = await req('POST', `/api/v1/persons/${kept.id}/merge`, S.supervisor, {
      version: kept.version, merge_id: merged.id, merge_version: merged.version, reason: 'السجل نفسه مرتين',
    });
    if (r.status === 200) merges.push(r.body.merge ? r.body.merge.id : r.body.merge_id || r.body.id);
    return r;
  },
  async undoMerge() {
    if (!merges.length) return null;
    const id = merges.splice(Math.floor(random() * merges.length), 1)[0];
    return req('POST', `/api/v1/persons/merges/${id}/undo`, S.supervisor, { reason: 'دمج خاطئ' });
  },
  async principal() {
    // a new victim added, then the first removed: the principal person is now the new one
    const c = ours(false);
    const other = await person();
    const added = await req('POST', `/api/v1/cases/${c.id}/persons`, S.caseworker, { person_id: other.id, role: 'victim' });
    if (added.status !== 201) return added;
    const links = added.body.items || added.body;
    const first = Array.isArray(links) ? links.find((l) => l.person_id === c.victim && l.role === 'victim') : null;
    if (!first) return added;
    const removed = await req('DELETE', `/api/v1/cases/${c.id}/persons/${first.id}`, S.caseworker);
    if (removed.status === 200 || removed.status === 204) c.victim = other.id;
    return removed;
  },
  async assign() {
    const c = ours(false);
    return req('POST', `/api/v1/cases/${c.id}/assignments`, S.supervisor, { user_id: S.second.id, role: 'caseworker' });
  },
  async unassign() {
    const c = ours(false);
    const now = await caseOf(c.id);
    const a = now && (now.assignments || []).find((x) => !x.ended_at);
    if (!a) return null;
    return req('DELETE', `/api/v1/cases/${c.id}/assignments/${a.id}`, S.supervisor);
  },
};

function compare() {
  const tool = path.join(path.dirname(bin), 'stat_counts_compare');
  const r = spawnSync(tool, [srv.db], { encoding: 'utf8', timeout: 300000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test(`the indicators from the counts kept are those from the cases after every kind of write (seed ${seed})`, { timeout: 600000 }, async () => {
  for (let i = 0; i < 12; i++) await write('create', WRITES.create);
  const kinds = Object.keys(WRITES);
  for (let i = 0; i < 200; i++) {
    const kind = pick(kinds);
    await write(kind, WRITES[kind]);
  }
  for (const kind of ['create', 'incident', 'close', 'reopen', 'transfer', 'reportDay', 'editPerson', 'merge', 'principal', 'assign']) {
    assert.ok(done[kind] > 0, `no ${kind} succeeded (seed ${seed}): ${JSON.stringify(done)}`);
  }
  const same = compare();
  assert.equal(same.status, 0, `seed ${seed}, writes ${JSON.stringify(done)}:\n${same.out}`);
  assert.match(same.out, /tables compared, all the same/);
  const check = cli(['check', '--db', srv.db]);
  assert.match(check.stdout, /statistics counts: ok/, check.stdout + check.stderr);
});

test('a count changed by hand is found by the comparison and by check, and check can make it again', async () => {
  const corrupt = "UPDATE case_month_counts SET cases = cases + 3 WHERE month = (SELECT min(month) FROM case_month_counts)";
  if (pg.onPostgres()) pg.databaseSql(srv.db, corrupt);
  else {
    const r = spawnSync('sqlite3', [srv.db, corrupt], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  const found = compare();
  assert.equal(found.status, 1, found.out);
  assert.match(found.out, /from the counts/);
  const check = cli(['check', '--db', srv.db]);
  assert.equal(check.status, 1, check.stdout);
  assert.match(check.stdout, /statistics counts: \d+ differs? from the cases \(the first: month \d+ unit/);
  const repaired = spawnSync(bin, pg.withKey(['check', '--repair-counts', '--db', srv.db]), { encoding: 'utf8' });
  assert.match(repaired.stdout, /made again from the cases/);
  assert.match(cli(['check', '--db', srv.db]).stdout, /statistics counts: ok/);
  assert.equal(compare().status, 0);
});
