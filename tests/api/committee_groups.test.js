'use strict';
// The joint committee's fact-finding groups (docs/api.md, "Fact-finding groups"): set up at an open meeting with
// their members, task and due date, edited while they work, reporting back once, their report heard on a later
// meeting's agenda; and statistics figures attached to an observation as evidence, suppressed as any export, on the
// log of data exports. Who may do each, bad input refused naming the field with nothing stored, stale versions 409.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');
const { pdfText } = require('./lib/pdf');

let srv;
let api;
const S = {};
const U = {};
const A = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'officer', 'committee', 'secretary', 'auditor', 'admin']) S[name] = await api.loginAs(name);
  const units = await api.request('GET', '/api/v1/units?limit=200', S.committee);
  for (const u of units.body.items) {
    U[u.code] = u.id;
    A[u.code] = u.agency;
  }
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (p, who = S.committee) => api.request('GET', p, who);
const post = (p, body, who = S.committee) => api.request('POST', p, { ...who, body });
const patch = (p, body, who = S.committee) => api.request('PATCH', p, { ...who, body });
const day = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

async function closeOpenMeetings() {
  for (const m of (await get('/api/v1/meetings')).body.items) {
    if (m.status === 'open') assert.equal((await post(`/api/v1/meetings/${m.id}/transitions`, { action: 'close', version: m.version }, S.secretary)).status, 200);
  }
}

async function plannedMeeting(daysFromNow = 0) {
  const m = await post('/api/v1/meetings', { held_on: day(daysFromNow), place: 'قاعة الاجتماعات' }, S.secretary);
  assert.equal(m.status, 201, m.text);
  return m.body;
}

async function openMeeting(daysFromNow = 0) {
  const m = await plannedMeeting(daysFromNow);
  const opened = await post(`/api/v1/meetings/${m.id}/transitions`, { action: 'open', version: m.version }, S.secretary);
  assert.equal(opened.status, 200, opened.text);
  return opened.body;
}

const members = [{ name: 'العقيد سامر الخطيب', agency: 'psd' }, { name: 'هالة المومني', agency: 'mosd' }];
const group = (extra = {}) => ({ task: 'تقصي أسباب تأخر نقل الأحداث إلى المحكمة', due_on: day(30), members, ...extra });

test('a member sets up a fact-finding group at an open meeting, with its members each with an agency', async () => {
  await closeOpenMeetings();
  const m = await openMeeting();
  const item = m.agenda[0];
  const made = await post(`/api/v1/meetings/${m.id}/fact-finding-groups`, group({ item_id: item ? item.id : null }));
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.state, 'working');
  assert.deepEqual(made.body.members, members);
  assert.deepEqual(made.body.meeting, { id: m.id, number: m.number, year: m.year });
  assert.equal(made.body.report, null);
  assert.ok(made.body.history.some((h) => h.event === 'set_up'));
  const listed = (await get(`/api/v1/fact-finding-groups?meeting_id=${m.id}`)).body.items;
  assert.deepEqual(listed.map((g) => g.id), [made.body.id]);
  assert.ok((await get(`/api/v1/meetings/${m.id}`)).body.history.some((h) => h.event === 'fact_finding'));
  // auditors read; no one outside the committee does; only members write
  assert.equal((await get(`/api/v1/fact-finding-groups/${made.body.id}`, S.auditor)).status, 200);
  assertError(await get('/api/v1/fact-finding-groups', S.officer), 403, 'auth.forbidden');
  assertError(await get(`/api/v1/fact-finding-groups/${made.body.id}`, S.admin), 403, 'auth.forbidden');
  assertError(await post(`/api/v1/meetings/${m.id}/fact-finding-groups`, group(), S.auditor), 403, 'auth.forbidden');
  assertError(await post(`/api/v1/meetings/${m.id}/fact-finding-groups`, group(), S.officer), 403, 'auth.forbidden');
  assertError(await patch(`/api/v1/fact-finding-groups/${made.body.id}`, { version: made.body.version, task: 'مهمة' }, S.auditor), 403, 'auth.forbidden');
});

test('bad input names the field and stores nothing; a meeting not sitting sets up no group', async () => {
  await closeOpenMeetings();
  const m = await openMeeting();
  const url = `/api/v1/meetings/${m.id}/fact-finding-groups`;
  assertError(await post(url, group({ task: '' })), 400, 'field.required', ['task']);
  assertError(await post(url, group({ due_on: '2026-02-30' })), 400, 'field.date', ['due_on']);
  assertError(await post(url, group({ due_on: day(-400) })), 400, 'fact_finding.due_before_meeting', ['due_on']);
  assertError(await post(url, group({ members: [] })), 400, 'field.required', ['members']);
  assertError(await post(url, group({ members: [{ name: 'سامر', agency: 'army' }] })), 400, 'field.code', ['members.agency']);
  assertError(await post(url, group({ members: [{ name: '', agency: 'psd' }] })), 400, 'field.required', ['members.name']);
  assertError(await post(url, group({ members: [{ name: 'سامر' }] })), 400, 'field.required', ['members.agency']);
  assertError(await post(url, group({ members: [{ name: 7, agency: 'psd' }] })), 400, 'field.type', ['members.name']);
  assertError(await post(url, group({ members: [{ name: 'سامر', agency: 'psd', phone: '0790000000' }] })), 400, 'field.unknown', ['members']);
  assertError(await post(url, group({ item_id: 999999 })), 400, 'fact_finding.item', ['item_id']);
  assertError(await post(url, { ...group(), colour: 'red' }), 400, 'field.unknown', ['colour']);
  assertError(await post('/api/v1/meetings/999999/fact-finding-groups', group()), 404, 'not_found');
  assert.equal((await get(`/api/v1/fact-finding-groups?meeting_id=${m.id}`)).body.items.length, 0, 'nothing stored');
  const closed = await post(`/api/v1/meetings/${m.id}/transitions`, { action: 'close', version: m.version }, S.secretary);
  assert.equal(closed.status, 200, closed.text);
  assertError(await post(url, group()), 409, 'meeting.not_open');
  const planned = await plannedMeeting(5);
  assertError(await post(`/api/v1/meetings/${planned.id}/fact-finding-groups`, group()), 409, 'meeting.not_open');
});

test('a working group is edited with its version; it reports once; its report goes on the next meeting planned', async () => {
  await closeOpenMeetings();
  const m = await openMeeting();
  const made = (await post(`/api/v1/meetings/${m.id}/fact-finding-groups`, group())).body;
  const url = `/api/v1/fact-finding-groups/${made.id}`;
  const edited = await patch(url, { version: made.version, due_on: day(45), members: [...members, { name: 'رنا العلي', agency: 'mosd' }] });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.body.due_on, day(45));
  assert.equal(edited.body.members.length, 3);
  assertError(await patch(url, { version: made.version, task: 'مهمة أخرى' }), 409, 'version.conflict');
  assertError(await patch(url, { version: edited.body.version, members: [] }), 400, 'field.required', ['members']);
  // the report: its text and a day between the meeting and today
  assertError(await patch(url, { version: edited.body.version, report: 'وجدت اللجنة أن', reported_on: day(2) }), 400, 'fact_finding.reported_on', ['reported_on']);
  assertError(await patch(url, { version: edited.body.version, report: '', reported_on: day(0) }), 400, 'field.required', ['report']);
  assertError(await patch(url, { version: edited.body.version, report: 'وجدت اللجنة أن' }), 400, 'field.required', ['reported_on']);
  assert.equal((await get(url)).body.state, 'working', 'nothing stored');
  const reported = await patch(url, { version: edited.body.version, report: 'وجدت اللجنة أن النقل ينتظر سيارة الدار', reported_on: day(0) });
  assert.equal(reported.status, 200, reported.text);
  assert.equal(reported.body.state, 'reported');
  assert.equal(reported.body.report_meeting, null);
  assert.ok(reported.body.history.some((h) => h.event === 'findings'));
  assertError(await patch(url, { version: reported.body.version, task: 'مهمة أخرى' }), 409, 'fact_finding.reported');
  // the same meeting does not hear the report: a later one does
  assertError(await post(`/api/v1/meetings/${m.id}/agenda`, { kind: 'fact_finding', fact_finding_id: made.id }, S.secretary), 409, 'fact_finding.not_to_hear');
  assert.equal((await post(`/api/v1/meetings/${m.id}/transitions`, { action: 'close', version: m.version }, S.secretary)).status, 200);
  const next = await plannedMeeting(7);
  const heard = next.agenda.filter((i) => i.kind === 'fact_finding');
  assert.deepEqual(heard.map((i) => i.fact_finding_id), [made.id]);
  assert.equal(heard[0].title, made.task);
  const after = (await get(url)).body;
  assert.deepEqual(after.report_meeting, { id: next.id, number: next.number, year: next.year });
  assertError(await post(`/api/v1/meetings/${next.id}/agenda`, { kind: 'fact_finding', fact_finding_id: made.id }, S.secretary), 409, 'fact_finding.not_to_hear');
  assertError(await post(`/api/v1/meetings/${next.id}/agenda`, { kind: 'fact_finding' }, S.secretary), 400, 'field.required', ['fact_finding_id']);
  assertError(await post(`/api/v1/meetings/${next.id}/agenda`, { kind: 'fact_finding', fact_finding_id: 999999 }, S.secretary), 400, 'fact_finding.unknown', ['fact_finding_id']);
});

const observation = (who = S.caseworker) => post('/api/v1/observations', { category: 'deadlines', governorate: 'amman', description: 'تأخر الاستجابة الأولى', evidence: 'ملخص الوحدة' }, who);

test('an observation attaches statistics figures as evidence, suppressed as any export and on the log of exports', async () => {
  const o = (await observation()).body;
  const url = `/api/v1/observations/${o.id}/figures`;
  // a caseworker sees no statistics, so attaches none; her supervisor attaches her unit's figures
  assertError(await post(url, { indicator: 'cases_new', by: 'kind' }, S.caseworker), 403, 'auth.forbidden');
  assertError(await post(url, { indicator: 'no_such_thing' }, S.supervisor), 400, 'field.code', ['indicator']);
  assertError(await post(url, { indicator: 'cases_new', by: 'colour' }, S.supervisor), 400, 'statistics.by', ['by']);
  assertError(await post(url, { indicator: 'cases_new', from: '2026-13-01' }, S.supervisor), 400, 'field.date', ['from']);
  assertError(await post(url, {}, S.supervisor), 400, 'field.required', ['indicator']);
  assertError(await post(url, { indicator: 'cases_new' }, S.officer), 404, 'not_found');
  assert.equal((await get(`/api/v1/observations/${o.id}`, S.supervisor)).body.figures.length, 0, 'nothing stored');
  const made = await post(url, { indicator: 'cases_new', by: 'kind,sex' }, S.supervisor);
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.indicator, 'cases_new');
  assert.equal(made.body.by, 'kind,sex');
  assert.equal(made.body.table.exact, false, 'suppressed even for a supervisor of her own unit');
  const threshold = made.body.threshold;
  for (const cell of made.body.table.cells) {
    if (cell.suppressed) assert.equal(cell.value, null);
    else assert.ok(cell.value === 0 || cell.value >= threshold, JSON.stringify(cell));
  }
  // what the committee reads is what was attached
  const seen = (await get(`/api/v1/observations/${o.id}`)).body;
  assert.equal(seen.figures.length, 1);
  assert.deepEqual(seen.figures[0].table, made.body.table);
  assert.ok(seen.history.some((h) => h.event === 'figures'));
  // the committee attaches national figures, never a unit's
  const national = await post(url, { indicator: 'recommendations', by: 'status' });
  assert.equal(national.status, 201, national.text);
  const direct = (await get('/api/v1/statistics/recommendations?by=status')).body;
  assert.deepEqual(national.body.table.cells, direct.cells);
  assertError(await post(url, { indicator: 'cases_new', by: 'unit' }), 403, 'statistics.scope', ['by']);
  // each on the log of data exports
  const log = (await get('/api/v1/data-exports?limit=100', S.auditor)).body.items.filter((e) => e.format === 'evidence');
  assert.equal(log.length, 2, JSON.stringify(log));
  assert.ok(log.every((e) => e.filters.includes(`observation=${o.id}`)));
  // once the committee dismisses it, no more figures
  const current = (await get(`/api/v1/observations/${o.id}`)).body;
  assert.equal((await patch(`/api/v1/observations/${o.id}`, { version: current.version, status: 'dismissed', dismissed_reason: 'مكرر' })).status, 200);
  assertError(await post(url, { indicator: 'cases_new', by: 'kind' }, S.supervisor), 409, 'observation.taken_up');
});

test('recommendations implemented on time: met by the due date, missed late, refused or past due, by month and agency', async () => {
  await closeOpenMeetings();
  const m = await openMeeting();
  const item = (await post(`/api/v1/meetings/${m.id}/agenda`, { kind: 'other', title: 'بند المواعيد' }, S.secretary)).body;
  const q = `from=${day(-30)}&to=${day(40)}`;
  const count = async (by = 'outcome') => {
    const r = await get(`/api/v1/statistics/recommendations_on_time?${q}&by=${by}`, S.supervisor);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.exact, true, 'a supervisor reads her unit exactly');
    const of = (key) => (r.body.cells.find((c) => c.outcome === key) || { value: 0 }).value;
    return { met: of('met'), missed: of('missed') };
  };
  const before = await count();
  const rec = async (due, state, reason) => {
    const r = (await post('/api/v1/recommendations', { item_id: item.id, text: `توصية تستحق في ${due}`, target_agency: A['SSO-AMM'], target_unit_id: U['SSO-AMM'], priority: 'medium', due_on: due })).body;
    assert.ok(r.id, JSON.stringify(r));
    if (state) {
      const done = await patch(`/api/v1/recommendations/${r.id}`, { version: r.version, state, state_reason: reason });
      assert.equal(done.status, 200, done.text);
    }
  };
  await rec(day(-10), 'implemented'); // implemented today, ten days late: missed
  await rec(day(10), 'implemented'); // before its date: met
  await rec(day(-5)); // open past its date: missed
  await rec(day(20)); // open, not yet due: not counted
  await rec(day(-3), 'not_applicable', 'تغيرت التعليمات'); // no longer applicable: not counted
  await rec(day(-400), 'implemented'); // due outside the period: not counted
  const after = await count();
  assert.deepEqual(after, { met: before.met + 1, missed: before.missed + 2 });
  // by month of the due date: each month of the period a row
  const months = await get(`/api/v1/statistics/recommendations_on_time?${q}`, S.supervisor);
  assert.deepEqual(months.body.by, ['month', 'outcome']);
  assert.ok(months.body.rows.some((r) => r.key === day(10).slice(0, 7)));
  assert.ok(!months.body.rows.some((r) => r.key === day(-400).slice(0, 7)), 'no month outside the period');
  assert.deepEqual(months.body.columns.map((c) => c.key), ['met', 'missed']);
  // the committee: national figures by agency, suppressed, never by unit
  const national = await get(`/api/v1/statistics/recommendations_on_time?${q}&by=agency,outcome`);
  assert.equal(national.status, 200, national.text);
  assert.equal(national.body.exact, false);
  assert.ok(national.body.rows.every((r) => ['psd', 'mosd'].includes(r.key) && r.name_ar), JSON.stringify(national.body.rows));
  assertError(await get(`/api/v1/statistics/recommendations_on_time?by=unit`), 400, 'statistics.by', ['by']);
  assertError(await get('/api/v1/statistics/recommendations_on_time', S.auditor), 403, 'auth.forbidden');
});

test('an administrator reads and sets a member\'s secretary flag; no one else reads it', async () => {
  const users = (await get('/api/v1/users?limit=200', S.admin)).body.items;
  const member = users.find((u) => u.username === 'committee');
  const secretary = users.find((u) => u.username === 'secretary');
  const officer = users.find((u) => u.username === 'officer');
  assert.deepEqual((await get(`/api/v1/committee/members/${secretary.id}`, S.admin)).body, { user_id: secretary.id, secretary: true });
  assert.deepEqual((await get(`/api/v1/committee/members/${member.id}`, S.admin)).body, { user_id: member.id, secretary: false });
  assertError(await get(`/api/v1/committee/members/${officer.id}`, S.admin), 400, 'committee.not_member', ['user_id']);
  assertError(await get('/api/v1/committee/members/999999', S.admin), 404, 'not_found');
  assertError(await get(`/api/v1/committee/members/${member.id}`, S.committee), 403, 'auth.forbidden');
  assertError(await get(`/api/v1/committee/members/${member.id}`, S.auditor), 403, 'auth.forbidden');
  const set = await api.request('PUT', `/api/v1/committee/members/${member.id}`, { ...S.admin, body: { secretary: true } });
  assert.equal(set.status, 200, set.text);
  assert.equal((await get(`/api/v1/committee/members/${member.id}`, S.admin)).body.secretary, true);
  assert.ok((await get('/api/v1/committee/members')).body.secretary, 'the member now prepares meetings');
});

test('the minutes name the groups a meeting set up and the reports it heard; approved, the group\'s task is fixed', async () => {
  await closeOpenMeetings();
  const m = await openMeeting();
  const g = (await post(`/api/v1/meetings/${m.id}/fact-finding-groups`, group({ task: 'تقصي نقص المرافقين في دار الرعاية' }))).body;
  const w = (await post(`/api/v1/meetings/${m.id}/fact-finding-groups`, group({ task: 'تقصي مدة بقاء الأحداث في التوقيف' }))).body;
  const text = async (id) => {
    const res = await fetch(`${srv.base}/api/v1/meetings/${id}/minutes`, { headers: { Cookie: S.committee.cookie } });
    assert.equal(res.status, 200);
    return pdfText(Buffer.from(await res.arrayBuffer()));
  };
  const minutes = await text(m.id);
  assert.ok(minutes.includes('تقصي نقص المرافقين في دار الرعاية'), minutes);
  assert.ok(minutes.includes('العقيد سامر الخطيب'), minutes);
  const reported = await patch(`/api/v1/fact-finding-groups/${g.id}`, { version: g.version, report: 'وجدت اللجنة نقصاً في المرافقين ليلاً', reported_on: day(0) });
  assert.equal(reported.status, 200, reported.text);
  let current = (await get(`/api/v1/meetings/${m.id}`)).body;
  assert.equal((await post(`/api/v1/meetings/${m.id}/transitions`, { action: 'close', version: current.version }, S.secretary)).status, 200);
  const next = await openMeeting(3);
  assert.ok(next.agenda.some((i) => i.fact_finding_id === g.id), JSON.stringify(next.agenda));
  const nextMinutes = await text(next.id);
  assert.ok(nextMinutes.includes('وجدت اللجنة نقصاً في المرافقين ليلاً'), nextMinutes);
  // the first meeting's minutes approved: its working group keeps its task and members, and may still report
  assert.equal((await get(`/api/v1/fact-finding-groups/${w.id}`)).body.task_fixed, false);
  current = (await get(`/api/v1/meetings/${m.id}`)).body;
  assert.equal((await post(`/api/v1/meetings/${m.id}/transitions`, { action: 'approve_minutes', at_meeting_id: next.id, version: current.version }, S.secretary)).status, 200);
  assert.equal((await get(`/api/v1/fact-finding-groups/${w.id}`)).body.task_fixed, true, 'the page no longer offers to edit it');
  assertError(await patch(`/api/v1/fact-finding-groups/${w.id}`, { version: w.version, task: 'مهمة معدلة' }), 409, 'meeting.minutes_approved');
  assertError(await patch(`/api/v1/fact-finding-groups/${w.id}`, { version: w.version, members }), 409, 'meeting.minutes_approved');
  const late = await patch(`/api/v1/fact-finding-groups/${w.id}`, { version: w.version, report: 'تقرير متأخر', reported_on: day(0) });
  assert.equal(late.status, 200, late.text);
});
