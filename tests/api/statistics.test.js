'use strict';
// Statistics (docs/statistics.md, docs/api.md "Statistics"): each indicator checked against counts worked out by hand
// on a small fixed data set the caseworker of SSO-AMM registers (the counts before it are read first, so that the
// demo's own cases do not matter); who sees what (the supervisor her unit with exact numbers, the manager his agency,
// the committee national figures and no unit, the auditor, the administrator and the caseworker nothing); the
// small-number rule with its complementary cells; exports as CSV (a byte order mark, a unit's name that looks like a
// formula neutralised) and XLSX (right to left, the definitions on a second sheet), each on the log of data exports
// and in the audit log. Synthetic names only.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'admin', 'manager', 'committee', 'auditor']) S[name] = await api.loginAs(name);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (path, who) => api.request('GET', path, who);
const post = (path, body, who = S.caseworker) => api.request('POST', path, { ...who, body });
const day = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const thisYear = Number(day(0).slice(0, 4));

// The answer of an indicator as {rowKey: value} (or {rowKey/columnKey: value} with two dimensions); hidden cells null.
async function cells(indicator, query, who) {
  const r = await get(`/api/v1/statistics/${indicator}?${query}`, who);
  assert.equal(r.status, 200, r.text);
  const out = {};
  r.body.cells.forEach((cell) => {
    const keys = r.body.by.map((dim) => cell[dim]);
    out[keys.join('/')] = cell.value;
  });
  out.total = r.body.total.value;
  return out;
}

const delta = (after, before, key) => (after[key] || 0) - (before[key] || 0);

let serial = 0;
async function person(sex, age) {
  serial += 1;
  const r = await post('/api/v1/persons', {
    first_name: sex === 'female' ? 'سناء' : 'مازن',
    father_name: ['حسن', 'خليل', 'وليد', 'فهد', 'رامي'][serial % 5],
    grandfather_name: 'عيسى',
    family_name: 'الطراونة',
    sex,
    birth_date: `${thisYear - age}-01-01`,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function newCase(kind, role, who) {
  const r = await post('/api/v1/cases', { kind, summary: 'حالة للإحصاء', assign_me: true, persons: [{ person_id: who.id, role }] });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// The indicators before the data set, then after it (the supervisor: exact figures of her unit).
const QUERIES = {
  kind: ['cases_new', 'by=kind'],
  sex: ['cases_new', 'by=sex'],
  age: ['cases_new', 'by=age_band'],
  violence: ['cases_new', 'by=violence_type'],
  kindSex: ['cases_new', 'by=kind,sex'],
  open: ['cases_open', 'by=kind'],
  incident: ['days_incident_to_report', 'by=bucket'],
  deadlines: ['deadlines', 'by=deadline,outcome'],
  workers: ['cases_per_worker', 'by=bucket'],
  month: ['cases_new', 'by=month'],
};
const before_ = {};
const after_ = {};

test('each indicator against counts worked out by hand on a fixed data set', async () => {
  for (const [name, [indicator, query]] of Object.entries(QUERIES)) before_[name] = await cells(indicator, query, S.supervisor);
  // three family-violence cases: a woman of 35 (physical assault two days ago, her risk assessed: the first response
  // met), a woman of 22 (psychological abuse ten days ago), a boy of 16 (no incident yet); two inmates' families, a man
  // of 40 and a woman of 52. Each case assigned at its registration: five assignments met.
  const a = await newCase('family_violence', 'victim', await person('female', 35));
  const b = await newCase('family_violence', 'victim', await person('female', 22));
  await newCase('family_violence', 'victim', await person('male', 16));
  await newCase('inmate_family', 'inmate', await person('male', 40));
  await newCase('inmate_family', 'inmate', await person('female', 52));
  let r = await post(`/api/v1/cases/${a.id}/incidents`, { occurred_on: day(-2), violence_types: ['physical_assault'], place: 'المنزل' });
  assert.equal(r.status, 201, r.text);
  r = await post(`/api/v1/cases/${b.id}/incidents`, { occurred_on: day(-10), violence_types: ['psychological_abuse', 'physical_assault'], place: 'المنزل' });
  assert.equal(r.status, 201, r.text);
  r = await post(`/api/v1/cases/${a.id}/risk-assessments`, { present: ['escalation'] });
  assert.equal(r.status, 201, r.text);

  for (const [name, [indicator, query]] of Object.entries(QUERIES)) after_[name] = await cells(indicator, query, S.supervisor);
  const d = (name, key) => delta(after_[name], before_[name], key);
  assert.equal(d('kind', 'family_violence'), 3);
  assert.equal(d('kind', 'inmate_family'), 2);
  assert.equal(d('kind', 'juvenile_conflict'), 0);
  assert.equal(d('kind', 'total'), 5);
  assert.equal(d('sex', 'female'), 3);
  assert.equal(d('sex', 'male'), 2);
  assert.equal(d('age', '30_49'), 2);
  assert.equal(d('age', '18_29'), 1);
  assert.equal(d('age', '15_17'), 1);
  assert.equal(d('age', '50_plus'), 1);
  assert.equal(d('age', 'under_12'), 0);
  // the act of the first incident, its first act; no incident: unknown
  assert.equal(d('violence', 'physical_assault'), 1);
  assert.equal(d('violence', 'psychological_abuse'), 1);
  assert.equal(d('violence', 'unknown'), 3);
  assert.equal(d('kindSex', 'family_violence/female'), 2);
  assert.equal(d('kindSex', 'family_violence/male'), 1);
  assert.equal(d('kindSex', 'inmate_family/male'), 1);
  assert.equal(d('kindSex', 'inmate_family/female'), 1);
  assert.equal(d('open', 'family_violence'), 3);
  assert.equal(d('open', 'inmate_family'), 2);
  // two days and ten days from the incident to the report
  assert.equal(d('incident', '0_3'), 1);
  assert.equal(d('incident', '6_14'), 1);
  assert.equal(d('incident', '4_5'), 0);
  assert.equal(d('incident', 'total'), 2);
  // assigned at registration: met; the first response met for the one assessed, the others not yet due
  assert.equal(d('deadlines', 'assignment/met'), 5);
  assert.equal(d('deadlines', 'assignment/missed'), 0);
  assert.equal(d('deadlines', 'first_response/met'), 1);
  assert.equal(d('deadlines', 'first_response/missed'), 0);
  // the same workers, counted in their bands
  assert.equal(d('workers', 'total'), 0);
  // the month of today holds them
  assert.equal(d('month', day(0).slice(0, 7)), 5);
  // the supervisor's own unit: exact
  const exact = await get('/api/v1/statistics/cases_new?by=kind', S.supervisor);
  assert.equal(exact.body.exact, true);
  assert.equal(exact.body.scope, 'unit');
});

test('a correction moves a case in the counts at once: the person\'s sex and year of birth, the first incident\'s acts', async () => {
  const by = async (query) => cells('cases_new', query, S.supervisor);
  const boy = await person('male', 16);
  const c = await newCase('family_violence', 'victim', boy);
  const made = await post(`/api/v1/cases/${c.id}/incidents`, { occurred_on: day(-1), violence_types: ['neglect'], place: 'المنزل' });
  assert.equal(made.status, 201, made.text);
  const sex0 = await by('by=sex');
  const age0 = await by('by=age_band');
  const act0 = await by('by=violence_type');
  // the clerk had the sex and the year wrong: a girl of 10
  const full = (await get(`/api/v1/persons/${boy.id}`, S.caseworker)).body;
  const fixed = await api.request('PATCH', `/api/v1/persons/${boy.id}`, { ...S.caseworker, body: { version: full.version, sex: 'female', birth_date: `${thisYear - 10}-01-01` } });
  assert.equal(fixed.status, 200, fixed.text);
  const sex1 = await by('by=sex');
  assert.equal(delta(sex1, sex0, 'male'), -1);
  assert.equal(delta(sex1, sex0, 'female'), 1);
  const age1 = await by('by=age_band');
  assert.equal(delta(age1, age0, '15_17'), -1);
  assert.equal(delta(age1, age0, 'under_12'), 1);
  // the incident's acts corrected
  const corrected = await api.request('PATCH', `/api/v1/cases/${c.id}/incidents/${made.body.id}`, { ...S.caseworker, body: { version: made.body.version, occurred_on: day(-1), violence_types: ['sexual_assault'], reason: 'تصحيح نوع العنف' } });
  assert.equal(corrected.status, 200, corrected.text);
  const act1 = await by('by=violence_type');
  assert.equal(delta(act1, act0, 'neglect'), -1);
  assert.equal(delta(act1, act0, 'sexual_assault'), 1);
});

test('a settlement still open and not yet due counts nowhere among the deadlines, and adds no column of its own', async () => {
  const wife = await person('female', 30);
  const husband = await person('male', 33);
  const made = await post('/api/v1/cases', { kind: 'family_violence', summary: 'حالة للإحصاء', assign_me: true, persons: [{ person_id: wife.id, role: 'victim' }, { person_id: husband.id, role: 'alleged_perpetrator' }] });
  assert.equal(made.status, 201, made.text);
  const c = made.body;
  assert.equal((await post(`/api/v1/cases/${c.id}/incidents`, { occurred_on: day(-3), violence_types: ['psychological_abuse'], legal_class: 'misdemeanour' })).status, 201);
  const consents = [];
  for (const p of [wife, husband]) {
    const r = await post(`/api/v1/cases/${c.id}/consents`, { person_id: p.id, method: 'written', given_on: day(-1), scope: 'الموافقة على التسوية' });
    assert.equal(r.status, 201, r.text);
    consents.push(r.body.id);
  }
  const before = await get('/api/v1/statistics/deadlines?by=deadline,outcome', S.supervisor);
  let settlement = await post(`/api/v1/cases/${c.id}/settlements`, { consent_ids: consents });
  assert.equal(settlement.status, 201, settlement.text);
  settlement = await post(`/api/v1/cases/${c.id}/settlements/${settlement.body.id}/sessions`, { version: settlement.body.version, held_on: day(0), next_on: day(7) });
  assert.equal(settlement.status, 201, settlement.text);
  const after = await get('/api/v1/statistics/deadlines?by=deadline,outcome', S.supervisor);
  assert.equal(after.status, 200, after.text);
  const outcomes = new Set(after.body.cells.map((cell) => cell.outcome));
  assert.ok(!outcomes.has(null) && !outcomes.has('unknown'), JSON.stringify([...outcomes]));
  assert.deepEqual(after.body.total.value, before.body.total.value, 'the open settlement is not counted');
});

test('the monitor\'s reports every 3 months under a care-home measure: on time, late, and not yet due', async () => {
  const before = await cells('deadlines', 'by=deadline,outcome', S.supervisor);
  const court = { court: 'محكمة أحداث عمان', order_number: '77/2026' };
  const homeFor = async (since, reportedOn) => {
    const child = await person('female', 12);
    const c = await newCase('juvenile_protection', 'juvenile', child);
    const m = await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', ...court, order_date: day(since), starts_on: day(since), duration_months: 24 });
    assert.equal(m.status, 201, m.text);
    assert.equal(m.body.report_months, 3);
    if (reportedOn !== undefined) {
      const r = await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.caseworker, body: { version: (await get(`/api/v1/cases/${c.id}`, S.caseworker)).body.version, last_monitor_report: day(reportedOn) } });
      assert.equal(r.status, 200, r.text);
    }
  };
  // placed 200 days ago, the first report 190 days on: missed (the next one, from that day, not yet due)
  await homeFor(-200, -10);
  // placed 40 days ago, reported 5 days ago: met
  await homeFor(-40, -5);
  // placed 20 days ago, no report yet: not due
  await homeFor(-20);
  const after = await cells('deadlines', 'by=deadline,outcome', S.supervisor);
  assert.equal(delta(after, before, 'monitor_report/met'), 1);
  assert.equal(delta(after, before, 'monitor_report/missed'), 1);
  // by month: the window of the first opened 200 days ago, of the second 40 days ago
  const months = await cells('deadlines', 'by=deadline,month', S.supervisor);
  assert.ok((months[`monitor_report/${day(-200).slice(0, 7)}`] || 0) >= 1, JSON.stringify(months));
});

test('the catalogue, the indicators still to come, and bad requests', async () => {
  const r = await get('/api/v1/statistics/indicators', S.manager);
  assert.equal(r.status, 200, r.text);
  const ids = r.body.items.map((i) => i.id);
  for (const id of ['cases_new', 'cases_open', 'cases_closed', 'cases_per_worker', 'days_open_to_close', 'days_incident_to_report', 'deadlines', 'referrals', 'services', 'studies', 'homes_occupancy']) {
    assert.ok(ids.includes(id), id);
  }
  assert.ok(r.body.items.every((i) => i.available), 'every indicator is computed');
  assert.ok(r.body.items.every((i) => i.name_ar && i.name_en && i.by.length && i.default_by.every((d) => i.by.includes(d))));
  for (const item of r.body.items.filter((i) => i.available)) {
    const answer = await get(`/api/v1/statistics/${item.id}`, S.manager);
    assert.equal(answer.status, 200, `${item.id}: ${answer.text}`);
    assert.deepEqual(answer.body.by, item.default_by);
  }
  assertError(await get('/api/v1/statistics/nothing', S.manager), 404, 'not_found');
  assertError(await get('/api/v1/statistics/cases_new?by=colour', S.manager), 400, 'statistics.by', ['by']);
  assertError(await get('/api/v1/statistics/cases_new?by=kind,sex,month', S.manager), 400, 'statistics.by', ['by']);
  assertError(await get('/api/v1/statistics/cases_open?by=month', S.manager), 400, 'statistics.by', ['by']);
  assertError(await get('/api/v1/statistics/cases_new?from=2026-13-01', S.manager), 400, 'field.date', ['from']);
  assertError(await get('/api/v1/statistics/cases_new?from=2026-05-01&to=2026-04-01', S.manager), 400, 'statistics.period', ['from']);
  assertError(await get('/api/v1/statistics/cases_new?from=2010-01-01&to=2026-04-01', S.manager), 400, 'statistics.period', ['from']);
  assertError(await get('/api/v1/statistics/cases_new?kind=theft', S.manager), 400, 'field.code', ['kind']);
  assertError(await get('/api/v1/statistics/cases_new?governorate=paris', S.manager), 400, 'field.code', ['governorate']);
  assertError(await get('/api/v1/statistics/cases_new?colour=red', S.manager), 400, 'query.unknown', ['colour']);
  assertError(await get('/api/v1/statistics/cases_new.pdf', S.manager), 404, 'statistics.format');
});

test('who sees what: the supervisor her unit, the manager his agency, the committee the nation and no unit', async () => {
  for (const who of ['auditor', 'admin', 'caseworker']) {
    assertError(await get('/api/v1/statistics/indicators', S[who]), 403, 'auth.forbidden');
    assertError(await get('/api/v1/statistics/cases_new', S[who]), 403, 'auth.forbidden');
    assertError(await get('/api/v1/statistics/cases_new.csv', S[who]), 403, 'auth.forbidden');
  }
  assertError(await get('/api/v1/statistics/cases_new'), 401, 'auth.required');
  // the supervisor: her unit only
  assertError(await get('/api/v1/statistics/cases_new?unit_id=12', S.supervisor), 403, 'statistics.scope', ['unit_id']);
  const own = await get(`/api/v1/statistics/cases_new?unit_id=${S.supervisor.user.unit_id}&by=unit`, S.supervisor);
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(own.body.rows.map((row) => row.key), [String(S.supervisor.user.unit_id)]);
  // the committee: national figures, never a unit
  assertError(await get('/api/v1/statistics/cases_new?by=unit', S.committee), 403, 'statistics.scope', ['by']);
  assertError(await get('/api/v1/statistics/referrals?by=to_unit', S.committee), 403, 'statistics.scope', ['by']);
  assertError(await get('/api/v1/statistics/cases_new?unit_id=7', S.committee), 403, 'statistics.scope', ['unit_id']);
  const national = await get('/api/v1/statistics/cases_new?by=kind', S.committee);
  assert.equal(national.body.scope, 'national');
  assert.equal(national.body.exact, false);
  // the manager: his agency's units (the ministry's), not the police's
  const byUnit = await get('/api/v1/statistics/cases_new?by=unit', S.manager);
  assert.equal(byUnit.body.scope, 'agency');
  const units = (await get('/api/v1/units?limit=200', S.admin)).body.items;
  const agencyOf = new Map(units.map((u) => [String(u.id), u.agency]));
  assert.ok(byUnit.body.rows.length > 0);
  assert.ok(byUnit.body.rows.every((row) => agencyOf.get(row.key) === 'mosd'), JSON.stringify(byUnit.body.rows));
  // no answer carries a name, a national number, a reference or free text
  for (const who of ['supervisor', 'manager', 'committee']) {
    const text = (await get('/api/v1/statistics/cases_new?by=kind,sex', S[who])).text;
    for (const leak of ['الطراونة', 'سناء', 'reference', 'national_id', 'summary', 'حالة للإحصاء']) assert.ok(!text.includes(leak), `${who}: ${leak}`);
  }
  // every read is audited
  const audit = await get('/api/v1/audit?action=statistics.read&limit=200', S.auditor);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.body.items.some((row) => row.username === 'committee' && /cases_new/.test(row.detail || '')));
  assert.ok(audit.body.items.some((row) => row.outcome === 'denied'));
});

// Every line of a table (each row with its total, each column with its total) hides none of its numbers or two.
function assertProtected(answer) {
  const columns = answer.columns.length;
  const hidden = (cell) => cell.suppressed;
  // (with one column a row's total is its cell: the columns' lines are the ones that count)
  answer.rows.forEach((row, r) => {
    if (columns === 1) return;
    const line = answer.cells.slice(r * columns, (r + 1) * columns);
    const count = line.filter(hidden).length + (hidden(row.total) ? 1 : 0);
    assert.ok(count === 0 || count >= 2, `row ${row.key}: ${count} hidden`);
  });
  answer.columns.forEach((column, c) => {
    const line = answer.rows.map((row, r) => answer.cells[r * columns + c]);
    const count = line.filter(hidden).length + (hidden(column.total) ? 1 : 0);
    assert.ok(count === 0 || count >= 2, `column ${column.key}: ${count} hidden`);
  });
}

test('small numbers: below five hidden outside the unit, with their complementary cells', async () => {
  // the committee's national figures by kind and sex hold small counts (the data set's men among inmates' families)
  for (const [indicator, by] of [['cases_new', 'kind,sex'], ['cases_new', 'governorate,sex'], ['cases_new', 'age_band'], ['deadlines', 'deadline,outcome']]) {
    const answer = (await get(`/api/v1/statistics/${indicator}?by=${by}`, S.committee)).body;
    const numbers = [...answer.cells, ...answer.rows.map((row) => row.total), ...answer.columns.map((column) => column.total), answer.total];
    for (const n of numbers) {
      if (n.suppressed) {
        assert.equal(n.value, null);
        assert.ok(n.reason === 'small' || n.reason === 'complementary');
        assert.equal(n.display, n.reason === 'small' ? '<5' : 'x');
      } else {
        assert.ok(n.value === 0 || n.value >= 5, `${indicator} by ${by}: ${n.value} shown`);
      }
    }
    assertProtected(answer);
  }
  // the supervisor's own table is exact, the committee's of the same counts is not
  const exact = (await get('/api/v1/statistics/cases_new?by=age_band', S.supervisor)).body;
  assert.ok(exact.cells.some((cell) => cell.value > 0 && cell.value < 5), 'the data set holds small counts');
  assert.ok(exact.cells.every((cell) => !cell.suppressed));
});

function unzipText(buffer, member) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takamul-xlsx-'));
  try {
    const file = path.join(dir, 'book.xlsx');
    fs.writeFileSync(file, buffer);
    return execFileSync('unzip', ['-p', file, member], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('exports: CSV with a byte order mark and no formula, XLSX right to left with its definitions, each logged', async () => {
  // a home on a unit whose name looks like a formula: its row is in the occupancy by home
  const unit = await post('/api/v1/units', { code: 'TEST-FORMULA', name_ar: '=HYPERLINK("http://example.invalid","دار")', name_en: '+SUM(A1:A9)', type: 'juvenile_care_home', agency: 'mosd', governorate: 'amman' }, S.admin);
  assert.equal(unit.status, 201, unit.text);
  const home = await post('/api/v1/homes', { unit_id: unit.body.id, home_type: 'juvenile_care_home', places: [{ room: null, sex: 'female', age_band: '12_15', places: 8 }] }, S.admin);
  assert.equal(home.status, 201, home.text);

  const csv = await fetch(`${srv.base}/api/v1/statistics/homes_occupancy.csv?by=unit`, { headers: { Cookie: S.manager.cookie } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition') || '', /homes_occupancy-.*\.csv/);
  const bytes = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark');
  const text = bytes.toString('utf8').slice(1);
  assert.ok(text.includes('"\'=HYPERLINK(""http://example.invalid"",""دار"")"'), text);
  assert.ok(!/(^|,)=HYPERLINK/m.test(text));
  assert.ok(text.split('\r\n')[0].startsWith('unit,'));
  assert.ok(text.includes('المجموع'));

  // in English the unit's English name, its + neutralised
  const english = await fetch(`${srv.base}/api/v1/statistics/homes_occupancy.csv?by=unit`, { headers: { Cookie: S.manager.cookie, 'Accept-Language': 'en' } });
  const englishText = Buffer.from(await english.arrayBuffer()).toString('utf8');
  assert.ok(englishText.includes('"\'+SUM(A1:A9)"'), englishText);

  // a supervisor's export leaves the unit: small counts hidden even for her own
  const supervisorCsv = await fetch(`${srv.base}/api/v1/statistics/cases_new.csv?by=age_band`, { headers: { Cookie: S.supervisor.cookie } });
  const supervisorText = Buffer.from(await supervisorCsv.arrayBuffer()).toString('utf8');
  assert.ok(supervisorText.includes('<5'), supervisorText);

  const xlsx = await fetch(`${srv.base}/api/v1/statistics/cases_new.xlsx?by=kind,sex`, { headers: { Cookie: S.committee.cookie } });
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const book = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(book.subarray(0, 2).toString('latin1'), 'PK');
  const sheet1 = unzipText(book, 'xl/worksheets/sheet1.xml');
  const sheet2 = unzipText(book, 'xl/worksheets/sheet2.xml');
  assert.match(sheet1, /rightToLeft="1"/);
  const strings = unzipText(book, 'xl/sharedStrings.xml');
  assert.ok(strings.includes('التعريفات') || sheet2.length > 0);
  assert.ok(strings.includes('الحالات الجديدة'));
  assert.ok(strings.includes('&lt;5') || !JSON.stringify((await get('/api/v1/statistics/cases_new?by=kind,sex', S.committee)).body).includes('"small"'));
  assert.ok(!strings.includes('الطراونة'));

  // every export on the audit log with its filters and who
  const audit = await get('/api/v1/audit?action=statistics.export&limit=50', S.auditor);
  assert.equal(audit.status, 200, audit.text);
  const rows = audit.body.items;
  assert.ok(rows.some((row) => row.username === 'manager' && /homes_occupancy csv .*by=unit/.test(row.detail)), JSON.stringify(rows));
  assert.ok(rows.some((row) => row.username === 'committee' && /cases_new xlsx .*by=kind,sex.*scope=national/.test(row.detail)));
  assert.ok(rows.some((row) => row.username === 'supervisor' && /cases_new csv/.test(row.detail)));

  // and on the log of data exports, which auditors read (and no one else)
  const log = await get('/api/v1/data-exports?limit=100', S.auditor);
  assert.equal(log.status, 200, log.text);
  const exports = log.body.items;
  assert.ok(exports.some((e) => e.username === 'manager' && e.what === 'statistics.homes_occupancy' && e.format === 'csv' && /by=unit/.test(e.filters) && e.unit_id === S.manager.user.unit_id));
  assert.ok(exports.some((e) => e.username === 'committee' && e.what === 'statistics.cases_new' && e.format === 'xlsx' && /scope=national/.test(e.filters)));
  assert.ok(exports.every((e, i) => i === 0 || e.id < exports[i - 1].id), 'newest first');
  const page = await get('/api/v1/data-exports?limit=1', S.auditor);
  assert.equal(page.body.items.length, 1);
  assert.ok(page.body.next_cursor);
  assertError(await get('/api/v1/data-exports', S.manager), 403, 'auth.forbidden');
  assertError(await get('/api/v1/data-exports', S.admin), 403, 'auth.forbidden');
});

test('the monthly report: an Arabic PDF of the month\'s tables, small counts hidden, logged as an export', async () => {
  const month = day(0).slice(0, 7);
  const r = await fetch(`${srv.base}/api/v1/reports/monthly?month=${month}`, { headers: { Cookie: S.committee.cookie } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const pdf = Buffer.from(await r.arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takamul-report-'));
  let text;
  try {
    fs.writeFileSync(path.join(dir, 'report.pdf'), pdf);
    text = execFileSync('pdftotext', [path.join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(text.includes('التقرير الإحصائي الشهري'), text);
  assert.ok(text.includes('المدد القانونية والخدمية'));
  assert.ok(text.includes('الأرقام الوطنية'));
  assert.ok(text.includes('<5'), 'the data set\'s small counts hidden');
  for (const leak of ['الطراونة', 'سناء', 'حالة للإحصاء']) assert.ok(!text.includes(leak), leak);
  assertError(await get('/api/v1/reports/monthly?month=2026-13', S.committee), 400, 'field.month', ['month']);
  assertError(await get('/api/v1/reports/monthly', S.committee), 400, 'field.required', ['month']);
  assertError(await get(`/api/v1/reports/monthly?month=${month}`, S.caseworker), 403, 'auth.forbidden');
  assertError(await get(`/api/v1/reports/monthly?month=${month}`, S.auditor), 403, 'auth.forbidden');
  const audit = await get('/api/v1/audit?action=statistics.export&limit=50', S.auditor);
  assert.ok(audit.body.items.some((row) => row.username === 'committee' && row.detail === `report.monthly pdf month=${month} scope=national`), JSON.stringify(audit.body.items.map((row) => row.detail)));
});
