'use strict';
// The legal clocks as the users live them (issue 15; docs/api.md, "Settlements, detention and trial", "Court
// measures" and "Deadlines and tasks"): each journey told step by step, as the social worker who registers the case,
// the supervisor who assigns it, the officer and the behaviour monitor assigned to it, the receiving unit after a
// transfer and the manager; after each step, what each of them sees on their own task list (`scope=mine`, the list
// of their home page) and when it falls due. The times include a report made at 23:30 Amman time, month ends and
// 29 February 2028, closures, reopenings and a transfer, and every refusal of the law on the way. The server's clock
// is the real one: every date is counted from today in Amman, or lies in the past, or is a date planned. Every name
// here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};
const U = {};
const HOUR = 3600e3;
const DAY = 24 * HOUR;

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'officer', 'monitor', 'manager', 'admin']) S[name] = await api.loginAs(name);
  for (const u of await api.listUnits(S.admin)) U[u.code] = u;
  const made = await api.createUser(S.admin, { unit_id: U['SSO-IRB'].id, roles: ['supervisor'], full_name: 'سوسن فارس العتوم' });
  S.irbidSupervisor = await api.login(made.username, made.password);
  const worker = await api.createUser(S.admin, { unit_id: U['SSO-IRB'].id, roles: ['caseworker'], full_name: 'دعاء نبيل الشرمان' });
  S.irbidCaseworker = await api.login(worker.username, worker.password);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

// --- time, as the users of Amman count it ---

/** A date some days from today in Amman (negative: in the past). */
const day = (days) => new Date(Date.now() + 3 * HOUR + days * DAY).toISOString().slice(0, 10);
/** The end of a date in Amman (its midnight), as the API writes a deadline due by the end of that day. */
const endOf = (date) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY - 3 * HOUR).toISOString().replace(/\.\d+Z$/, 'Z');
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
/** The start of the current second: what the server's clock reads at the earliest for a request sent now. */
const nowSecond = () => Math.floor(Date.now() / 1000) * 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A date months calendar months after another, the month's last day when it has no such day. */
function monthsAfter(date, months) {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

// --- what the users do ---

const get = (path, who) => api.request('GET', path, who);
const post = (path, body, who) => api.request('POST', path, { ...who, body });

async function person(first, sex, extra = {}) {
  const r = await post('/api/v1/persons', { first_name: first, father_name: 'يوسف', family_name: 'المومني', sex, ...extra }, S.caseworker);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function register(body, who = S.caseworker) {
  const r = await post('/api/v1/cases', { summary: 'بلاغ للتجربة', ...body }, who);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function reload(c, who = S.caseworker) {
  const r = await get(`/api/v1/cases/${c.id}`, who);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const patchRaw = async (c, fields, who = S.caseworker) =>
  api.request('PATCH', `/api/v1/cases/${c.id}`, { ...who, body: { version: (await reload(c, who)).version, ...fields } });

async function patch(c, fields, who = S.caseworker) {
  const r = await patchRaw(c, fields, who);
  assert.equal(r.status, 200, `PATCH ${JSON.stringify(fields)}: ${r.text}`);
  return r.body;
}

async function move(c, action, extra = {}, who = S.caseworker) {
  const r = await post(`/api/v1/cases/${c.id}/transitions`, { version: (await reload(c, who)).version, action, ...extra }, who);
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.body;
}

async function assign(c, who, role) {
  const r = await post(`/api/v1/cases/${c.id}/assignments`, { user_id: who.user.id, role }, S.supervisor);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function consent(c, p, givenOn = day(-1)) {
  const r = await post(`/api/v1/cases/${c.id}/consents`, { person_id: p.id, method: 'written', given_on: givenOn, scope: 'الموافقة على التسوية' }, S.caseworker);
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

/** What a user sees of a case on their own task list (scope=mine, their home page): {kind: due_at}. */
async function listOf(who, c) {
  const r = await get(`/api/v1/tasks?scope=mine&case_id=${c.id}&limit=200`, who);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.total, r.body.items.length);
  return Object.fromEntries(r.body.items.map((t) => [t.kind, t]));
}

/** Asserts exactly the task kinds a user sees on a case, and returns them by kind. */
async function sees(who, c, kinds, why) {
  const mine = await listOf(who, c);
  assert.deepEqual(Object.keys(mine).sort(), [...kinds].sort(), `${why}: ${JSON.stringify(mine)}`);
  return mine;
}

const overdueOnes = async (who, c) => Object.values(await listOf(who, c)).filter((t) => t.overdue);

// --- the journeys ---

test('a family-violence report made at 23:30: the supervisor assigns within 3 hours, the first response within 24, a felony has no settlement, closed and reopened', async () => {
  const victim = await person('نور', 'female');
  const husband = await person('بسام', 'male');
  // the report came in yesterday at 23:30 in Amman, written with its offset; the social worker registers it now
  const reported = `${day(-1)}T23:30:00+03:00`;
  const registeredAt = nowSecond();
  let c = await register({
    kind: 'family_violence', reported_at: reported,
    persons: [{ person_id: victim.id, role: 'victim' }, { person_id: husband.id, role: 'alleged_perpetrator' }],
  });
  assert.equal(c.reported_at, `${day(-1)}T20:30:00Z`, 'the offset is read and the time given back in UTC');

  // nobody works it yet: the supervisor has it to assign, 3 hours from the registration; the social worker nothing
  let mine = await sees(S.supervisor, c, ['assignment'], 'the supervisor');
  assert.equal(Date.parse(mine.assignment.due_at), Date.parse(c.created_at) + 3 * HOUR);
  assert.ok(Date.parse(c.created_at) >= registeredAt);
  await sees(S.caseworker, c, [], 'a social worker not assigned');

  // the supervisor assigns the social worker and the officer: the first response is theirs, 24 h from the report
  c = await assign(c, S.caseworker, 'caseworker');
  c = await assign(c, S.officer, 'officer');
  await sees(S.supervisor, c, [], 'the supervisor once the case is assigned');
  mine = await sees(S.caseworker, c, ['first_response'], 'the social worker');
  assert.equal(mine.first_response.due_at, `${day(0)}T20:30:00Z`, 'at 23:30 today in Amman');
  assert.equal(mine.first_response.due_on, null, 'a deadline at 23:30 is a time, not a day');
  assert.equal(mine.first_response.overdue, Date.now() > Date.parse(`${day(0)}T20:30:00Z`));
  await sees(S.officer, c, ['first_response'], 'the officer assigned');

  // the incident is a felony: no settlement, even with both parties' consent; the case goes to the prosecutor
  const incident = await post(`/api/v1/cases/${c.id}/incidents`, { occurred_on: day(-1), violence_types: ['physical_assault'], legal_class: 'felony' }, S.caseworker);
  assert.equal(incident.status, 201, incident.text);
  const consents = [await consent(c, victim), await consent(c, husband)];
  assertError(await post(`/api/v1/cases/${c.id}/settlements`, { consent_ids: consents }, S.caseworker), 409, 'settlement.felony');
  assert.equal((await get(`/api/v1/cases/${c.id}/settlements`, S.caseworker)).body.items.length, 0);
  // nor a detention order: that is a juvenile's
  assertError(await post(`/api/v1/cases/${c.id}/detention-orders`, { authority: 'prosecutor', order_number: 'ن/1', order_date: day(0), starts_on: day(0), ends_on: day(9) }, S.caseworker), 400, 'detention.kind');

  // the risk assessed is the first response
  c = await patch(c, { risk_level: 'high', risk_assessment: 'تهديد بالقتل ووجود سلاح' });
  await sees(S.caseworker, c, [], 'after the risk assessment');

  // closed with the supervisor's approval: nobody has anything on it
  c = await move(c, 'request_closure', { reason: 'أحيلت إلى المدعي العام' });
  mine = await sees(S.supervisor, c, ['closure_approval'], 'the supervisor asked to approve');
  c = await move(c, 'approve_closure', {}, S.supervisor);
  for (const who of [S.caseworker, S.supervisor, S.officer]) await sees(who, c, [], 'a closed case');

  // reopened on a new report: a new first response 24 h from the reopening, nothing overdue at its moment
  await sleep(1100);
  const asked = nowSecond();
  c = await move(c, 'reopen', { reason: 'بلاغ جديد من الضحية' }, S.supervisor);
  mine = await sees(S.caseworker, c, ['first_response'], 'the social worker after the reopening');
  assert.ok(Date.parse(mine.first_response.due_at) >= asked + 24 * HOUR, mine.first_response.due_at);
  assert.ok(Date.parse(mine.first_response.due_at) <= Date.now() + 24 * HOUR, mine.first_response.due_at);
  assert.deepEqual(await overdueOnes(S.caseworker, c), []);
  // still assigned: the supervisor has nothing to assign
  await sees(S.supervisor, c, [], 'the supervisor after the reopening');
});

test('a misdemeanour settlement: the 14 days run from the first session, which never moves; one extension; closed and reopened with it open, nothing is overdue; it fails and goes to the prosecutor', async () => {
  const victim = await person('سهى', 'female');
  const husband = await person('رائد', 'male');
  let c = await register({
    kind: 'family_violence', assign_me: true, risk_level: 'low', risk_assessment: 'لا عوامل خطر جسيمة',
    persons: [{ person_id: victim.id, role: 'victim' }, { person_id: husband.id, role: 'alleged_perpetrator' }],
  });
  const incident = await post(`/api/v1/cases/${c.id}/incidents`, { occurred_on: day(-25), violence_types: ['psychological_abuse'], legal_class: 'misdemeanour' }, S.caseworker);
  assert.equal(incident.status, 201, incident.text);
  await sees(S.caseworker, c, [], 'a case assessed and assigned');
  const path = `/api/v1/cases/${c.id}/settlements`;

  // one party's consent is not enough
  const fromVictim = await consent(c, victim, day(-22));
  assertError(await post(path, { consent_ids: [fromVictim] }, S.caseworker), 400, 'settlement.consent', ['consent_ids']);
  let s = (await post(path, { consent_ids: [fromVictim, await consent(c, husband, day(-21))] }, S.caseworker)).body;
  assert.equal(s.status, 'open');
  await sees(S.caseworker, c, [], 'no clock before the first session');

  // the first session was held 20 days ago (recorded late): its 14 days, the day of the session the first, ended a
  // week ago
  s = (await post(`${path}/${s.id}/sessions`, { version: s.version, held_on: day(-20), next_on: day(-13) }, S.caseworker)).body;
  assert.equal(s.ends_on, day(-7));
  let mine = await sees(S.caseworker, c, ['settlement'], 'the settlement under way');
  assert.equal(mine.settlement.due_on, day(-7));
  assert.equal(mine.settlement.due_at, endOf(day(-7)));
  assert.equal(mine.settlement.overdue, true);
  // the first session cannot be moved to restart the clock
  assertError(await post(`${path}/${s.id}/sessions`, { version: s.version, held_on: day(-21) }, S.caseworker), 400, 'settlement.before_first_session', ['held_on']);
  s = (await post(`${path}/${s.id}/sessions`, { version: s.version, held_on: day(-13) }, S.caseworker)).body;
  assert.equal(s.first_session_on, day(-20));
  assert.equal((await listOf(S.caseworker, c)).settlement.due_on, day(-7), 'a later session moves nothing');

  // the case is closed with the settlement still open, and reopened: nothing overdue at the reopening
  c = await move(c, 'request_closure', { reason: 'انقطع التواصل مع الأسرة' });
  c = await move(c, 'approve_closure', {}, S.supervisor);
  await sees(S.caseworker, c, [], 'a closed case');
  await sleep(1100);
  c = await move(c, 'reopen', { reason: 'عادت الأسرة تطلب التسوية' }, S.supervisor);
  mine = await sees(S.caseworker, c, ['settlement', 'first_response'], 'the social worker after the reopening');
  assert.deepEqual(await overdueOnes(S.caseworker, c), []);
  assert.equal(mine.settlement.due_on, day(1), 'the settlement\'s days ran out: due by the end of tomorrow');

  // the one extension, with its reason: 28 days from the first session
  s = (await get(path, S.caseworker)).body.items[0];
  const extension = `${path}/${s.id}/extension`;
  assertError(await post(extension, { version: s.version }, S.caseworker), 400, 'field.required', ['reason']);
  const extended = await post(extension, { version: s.version, reason: 'طلب الطرفان مهلة' }, S.caseworker);
  assert.equal(extended.status, 200, extended.text);
  s = extended.body;
  assert.equal(s.ends_on, day(7));
  assert.equal((await listOf(S.caseworker, c)).settlement.due_on, day(7));
  // it cannot be withdrawn and given again, through the settlement or the case
  assert.equal((await api.request('DELETE', extension, S.caseworker)).status, 405);
  assertError(await post(extension, { version: s.version, reason: 'مهلة ثانية' }, S.caseworker), 409, 'settlement.extended');
  assertError(await patchRaw(c, { settlement_extended: false }), 400, 'field.unknown', ['settlement_extended']);
  assertError(await patchRaw(c, { settlement_started: day(0) }), 400, 'field.unknown', ['settlement_started']);
  assert.equal((await get(path, S.caseworker)).body.items[0].extended, true);

  // it fails: the case goes on to the prosecutor, and the clock stops
  const failed = await post(`${path}/${s.id}/outcome`, { version: s.version, outcome: 'failed', decided_on: day(0), note: 'رفض الزوج الشروط' }, S.caseworker);
  assert.equal(failed.status, 200, failed.text);
  assert.equal(failed.body.prosecutor_on, day(0));
  assert.equal('settlement' in (await listOf(S.caseworker, c)), false, 'the outcome stops the clock');
  const history = (await get(`/api/v1/cases/${c.id}/history`, S.caseworker)).body.items.map((h) => h.action);
  for (const a of ['case.settlement.start', 'case.settlement.session', 'case.reopen', 'case.settlement.extend', 'case.settlement.failed']) assert.ok(history.includes(a), a);
});

test('a juvenile in conflict with the law: the monitor assigned is the assignment, his social study, a detention the prosecutor renews once, settlement refused meanwhile, the release', async () => {
  const boy = await person('مالك', 'male', { birth_date: '2011-03-03' });
  const shop = await person('حسن', 'male', { birth_date: '1975-05-05' });
  let c = await register({
    kind: 'juvenile_conflict', offence: 'سرقة من محل', legal_class: 'misdemeanour',
    persons: [{ person_id: boy.id, role: 'juvenile' }, { person_id: shop.id, role: 'victim' }],
  });
  let mine = await sees(S.supervisor, c, ['assignment'], 'the supervisor');
  assert.equal(Date.parse(mine.assignment.due_at), Date.parse(c.created_at) + 3 * HOUR);

  // the supervisor assigns only the behaviour monitor: that is the assignment of a juvenile's case
  c = await assign(c, S.monitor, 'monitor');
  await sees(S.supervisor, c, [], 'the supervisor once the monitor is assigned');
  mine = await sees(S.monitor, c, ['social_study'], 'the monitor');
  assert.equal(Date.parse(mine.social_study.due_at), Date.parse(c.created_at) + 7 * DAY);

  // marked not eligible, or not marked at all: no settlement; the juvenile must be marked eligible
  const consents = [await consent(c, boy), await consent(c, shop)];
  const settle = () => post(`/api/v1/cases/${c.id}/settlements`, { consent_ids: consents }, S.caseworker);
  assertError(await settle(), 409, 'settlement.not_eligible');
  c = await patch(c, { settlement_eligible: false });
  assertError(await settle(), 409, 'settlement.not_eligible');
  assert.equal((await get(`/api/v1/cases/${c.id}/settlements`, S.caseworker)).body.items.length, 0);
  c = await patch(c, { settlement_eligible: true });

  // the prosecutor detains him for 10 days, ending today: the monitor sees it due tonight
  const orders = `/api/v1/cases/${c.id}/detention-orders`;
  const order = (body) => post(orders, body, S.caseworker);
  assertError(await order({ authority: 'prosecutor', order_number: 'ن/7', order_date: day(-9), starts_on: day(-9), ends_on: day(1) }), 400, 'detention.too_long', ['ends_on']);
  const first = (await order({ authority: 'prosecutor', order_number: 'ن/7', order_date: day(-9), starts_on: day(-9), ends_on: day(0) })).body;
  mine = await sees(S.monitor, c, ['social_study', 'detention'], 'the monitor during the detention');
  assert.equal(mine.detention.due_on, day(0));
  // no settlement alongside a detention
  assertError(await settle(), 409, 'settlement.detained');

  // the prosecutor renews once, from tomorrow; a second renewal of his is refused; the court renews after
  const renewal = await order({ authority: 'prosecutor', order_number: 'ن/8', order_date: day(0), starts_on: day(1), ends_on: day(10), renews_id: first.id });
  assert.equal(renewal.status, 201, renewal.text);
  assert.equal(renewal.body.renewal, 1);
  assertError(await order({ authority: 'prosecutor', order_number: 'ن/9', order_date: day(0), starts_on: day(11), ends_on: day(20), renews_id: renewal.body.id }), 409, 'detention.prosecutor_renewed', ['authority']);
  // the renewals are counted by the orders: none can be lowered, renumbered or forged
  assertError(await order({ authority: 'court', order_number: 'م/3', order_date: day(0), starts_on: day(1), ends_on: day(10), renews_id: first.id }), 409, 'version.conflict', ['renews_id']);
  assertError(await patchRaw(c, { detention_renewals: 0 }), 400, 'field.unknown', ['detention_renewals']);
  const court = await order({ authority: 'court', order_number: 'م/3', order_date: day(0), starts_on: day(11), ends_on: day(20), renews_id: renewal.body.id });
  assert.equal(court.status, 201, court.text);
  assert.equal(court.body.renewal, 2);
  assert.equal((await listOf(S.monitor, c)).detention.due_on, day(20));
  const listed = (await get(orders, S.monitor)).body;
  assert.deepEqual(listed.items.map((o) => [o.authority, o.renewal]), [['court', 2], ['prosecutor', 1], ['prosecutor', 0]]);
  assert.equal(listed.in_force, court.body.id, 'the detention in force is the newest order, not released');
  // the court measures show him detained today under the first order, its renewals ahead
  const measures = (await get(`/api/v1/cases/${c.id}/measures`, S.monitor)).body.items;
  assert.deepEqual(measures.map((m) => [m.id, m.in_force]), [[court.body.id, false], [renewal.body.id, false], [first.id, true]]);
  assert.equal(measures[0].created_by_sex, 'female', 'the order\'s author, for the grammar of the sentence naming her');
  assert.equal(court.body.created_by_sex, 'female');

  // released today: the detention clock stops for everyone; a settlement may start, and no detention during it
  const released = await post(`${orders}/${court.body.id}/release`, { version: court.body.version, released_on: day(0), reason: 'تسليم لوليّ الأمر بكفالة' }, S.caseworker);
  assert.equal(released.status, 200, released.text);
  await sees(S.monitor, c, ['social_study'], 'the monitor after the release');
  const started = await settle();
  assert.equal(started.status, 201, started.text);
  assertError(await order({ authority: 'prosecutor', order_number: 'ن/10', order_date: day(0), starts_on: day(0), ends_on: day(5) }), 409, 'detention.settlement');
  // a new detention after the settlement is a new one: renewal 0, the prosecutor may renew it again
  const withdrawn = await post(`/api/v1/cases/${c.id}/settlements/${started.body.id}/outcome`, { version: started.body.version, outcome: 'withdrawn', decided_on: day(0) }, S.caseworker);
  assert.equal(withdrawn.status, 200, withdrawn.text);
  const again = await order({ authority: 'prosecutor', order_number: 'ن/11', order_date: day(0), starts_on: day(0), ends_on: day(4) });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.body.renewal, 0);
  const renewedAgain = await order({ authority: 'prosecutor', order_number: 'ن/12', order_date: day(0), starts_on: day(5), ends_on: day(9), renews_id: again.body.id });
  assert.equal(renewedAgain.status, 201, renewedAgain.text);
  assert.equal(renewedAgain.body.renewal, 1);
  assert.equal((await listOf(S.monitor, c)).detention.due_on, day(9));

  // the monitor leaves the case, its only worker: the supervisor has it to assign, 3 hours from then
  await sleep(1100);
  const left = nowSecond();
  const a = (await reload(c)).assignments.find((x) => x.role === 'monitor');
  const r = await api.request('DELETE', `/api/v1/cases/${c.id}/assignments/${a.id}`, S.supervisor);
  assert.equal(r.status, 200, r.text);
  mine = await sees(S.supervisor, c, ['assignment'], 'the supervisor after the monitor left');
  assert.ok(Date.parse(mine.assignment.due_at) >= left + 3 * HOUR, mine.assignment.due_at);
  await sees(S.monitor, c, [], 'a monitor no longer assigned');
});

test('no detention for a violation, none in another kind of case; detention is a measure with its authority and its end', async () => {
  const boy = await person('أنس', 'male', { birth_date: '2010-10-10' });
  const c = await register({ kind: 'juvenile_conflict', assign_me: true, legal_class: 'violation', persons: [{ person_id: boy.id, role: 'juvenile' }] });
  const body = { authority: 'prosecutor', order_number: 'ن/20', order_date: day(0), starts_on: day(0), ends_on: day(9) };
  assertError(await post(`/api/v1/cases/${c.id}/detention-orders`, body, S.caseworker), 409, 'detention.violation');
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'detention', ...body }, S.caseworker), 409, 'detention.violation');
  // through the measures, a detention needs its authority and its end, as a detention order does
  const misdemeanour = await register({ kind: 'juvenile_conflict', assign_me: true, legal_class: 'misdemeanour' });
  const measures = `/api/v1/cases/${misdemeanour.id}/measures`;
  assertError(await post(measures, { kind: 'detention', order_number: 'ن/21', order_date: day(0), starts_on: day(0), ends_on: day(9) }, S.caseworker), 400, 'field.required', ['authority']);
  assertError(await post(measures, { kind: 'detention', authority: 'prosecutor', order_number: 'ن/21', order_date: day(0), starts_on: day(0) }, S.caseworker), 400, 'field.required', ['ends_on']);
  assertError(await post(measures, { kind: 'detention', authority: 'police', order_number: 'ن/21', order_date: day(0), starts_on: day(0), ends_on: day(9) }, S.caseworker), 400, 'field.code', ['authority']);
  // its days are its order's, from its start to its end: no duration in months, no reports of the monitor
  assertError(await post(measures, { kind: 'detention', authority: 'court', court: 'محكمة', order_number: 'ن/21', order_date: day(0), starts_on: day(0), duration_months: 1, ends_on: day(9) }, S.caseworker), 400, 'field.unknown', ['duration_months']);
  assertError(await post(measures, { kind: 'detention', authority: 'court', order_number: 'ن/21', order_date: day(0), starts_on: day(0), ends_on: day(9), report_months: 3 }, S.caseworker), 400, 'field.unknown', ['report_months']);
  // its court and terms are text checked as every text is
  assertError(await post(measures, { kind: 'detention', authority: 'court', court: 'محكمة\u0007 الأحداث', order_number: 'ن/21', order_date: day(0), starts_on: day(0), ends_on: day(9) }, S.caseworker), 400, 'field.invalid', ['court']);
  assertError(await post(measures, { kind: 'detention', authority: 'court', terms: 'يودع\u200b في الدار', order_number: 'ن/21', order_date: day(0), starts_on: day(0), ends_on: day(9) }, S.caseworker), 400, 'field.invisible', ['terms']);
  assert.equal((await get(measures, S.caseworker)).body.items.length, 0, 'nothing stored on refusal');
  const made = await post(measures, { kind: 'detention', authority: 'court', court: 'محكمة صلح الأحداث', order_number: 'ن/21', order_date: day(0), starts_on: day(0), ends_on: day(9) }, S.caseworker);
  assert.equal(made.status, 201, made.text);
  assert.equal((await listOf(S.caseworker, misdemeanour)).detention.due_on, day(9));
});

test('a juvenile\'s trial and measure: the verdict due 3 months from the referral (a month end), hearings adjourned past 7 days flagged; the monitor reports every 3 calendar months while supervision holds, and not once it ended', async () => {
  const boy = await person('قيس', 'male', { birth_date: '2010-06-06' });
  let c = await register({ kind: 'juvenile_conflict', offence: 'إيذاء', legal_class: 'misdemeanour', persons: [{ person_id: boy.id, role: 'juvenile' }] });
  c = await assign(c, S.monitor, 'monitor');
  const steps = `/api/v1/cases/${c.id}/trial-steps`;
  // referred to court on 31 August: the verdict was due by the end of 30 November
  const referral = await post(steps, { kind: 'court_referral', held_on: '2026-08-31', court: 'محكمة صلح الأحداث' }, S.monitor);
  assert.equal(referral.status, 201, referral.text);
  let mine = await sees(S.monitor, c, ['social_study', 'verdict'], 'the monitor after the referral');
  assert.equal(mine.verdict.due_on, '2026-11-30');
  assert.equal(mine.verdict.due_at, '2026-11-30T21:00:00Z');
  assert.equal(mine.verdict.overdue, true);
  const hearing = async (held, next) => (await post(steps, { kind: 'hearing', held_on: held, next_on: next }, S.monitor)).body;
  assert.equal((await hearing('2026-09-07', '2026-09-14')).next_over_limit, false);
  const second = await hearing('2026-09-14', '2026-09-28');
  assert.equal(second.adjournment_over_limit, false);
  assert.equal(second.next_over_limit, true, 'a hearing put off 14 days is flagged');
  assert.equal((await hearing('2026-09-28')).adjournment_over_limit, true);
  const verdict = await post(steps, { kind: 'verdict', held_on: '2026-09-30', notes: 'الإشراف القضائي سنة' }, S.monitor);
  assert.equal(verdict.status, 201, verdict.text);
  await sees(S.monitor, c, ['social_study'], 'the verdict stops its clock');

  // the court's supervision for a year from 30 September: the monitor reports every 3 months, first by 30 December
  const measures = `/api/v1/cases/${c.id}/measures`;
  const sup = await post(measures, { kind: 'judicial_supervision', court: 'محكمة صلح الأحداث', order_number: '88/2026', order_date: '2026-09-30', starts_on: '2026-09-30', duration_months: 12 }, S.monitor);
  assert.equal(sup.status, 201, sup.text);
  assert.equal(sup.body.ends_on, '2027-09-29');
  mine = await sees(S.monitor, c, ['social_study', 'monitor_report', 'measure_end'], 'the monitor under supervision');
  assert.equal(mine.monitor_report.due_on, '2026-12-30');
  assert.equal(mine.measure_end.due_on, '2027-09-29');
  // a report dated tomorrow is refused and moves nothing; one made today moves the next 3 calendar months on
  assertError(await patchRaw(c, { last_monitor_report: day(1) }, S.monitor), 400, 'case.in_future', ['last_monitor_report']);
  assert.equal((await listOf(S.monitor, c)).monitor_report.due_on, '2026-12-30');
  c = await patch(c, { last_monitor_report: day(0) }, S.monitor);
  assert.equal((await listOf(S.monitor, c)).monitor_report.due_on, monthsAfter(day(0), 3));

  // the court ends the supervision early: no report is asked of the monitor any more, no end awaited
  const ended = await post(`${measures}/${sup.body.id}/end`, { version: sup.body.version, ended_on: day(0), reason: 'قرار المحكمة بإنهاء الإشراف' }, S.monitor);
  assert.equal(ended.status, 200, ended.text);
  await sees(S.monitor, c, ['social_study'], 'the monitor once the supervision ended');
});

test('a juvenile\'s case closed and reopened weeks late: his verdict, his report and his social study are due from the reopening, none overdue', async () => {
  const boy = await person('عمرو', 'male', { birth_date: '2009-09-09' });
  let c = await register({ kind: 'juvenile_conflict', offence: 'إتلاف', legal_class: 'misdemeanour', persons: [{ person_id: boy.id, role: 'juvenile' }] });
  c = await assign(c, S.monitor, 'monitor');
  assert.equal((await post(`/api/v1/cases/${c.id}/trial-steps`, { kind: 'court_referral', held_on: '2026-08-31' }, S.monitor)).status, 201);
  const sup = await post(`/api/v1/cases/${c.id}/measures`, { kind: 'judicial_supervision', court: 'محكمة صلح الأحداث', order_number: '90/2026', order_date: '2026-08-01', starts_on: '2026-08-01', duration_months: 12, report_months: 1 }, S.monitor);
  assert.equal(sup.status, 201, sup.text);
  let mine = await sees(S.monitor, c, ['social_study', 'verdict', 'monitor_report', 'measure_end'], 'the monitor');
  assert.equal(mine.verdict.overdue, true);
  assert.equal(mine.monitor_report.due_on, '2026-09-01');
  assert.equal(mine.monitor_report.overdue, true);

  c = await move(c, 'request_closure', { reason: 'انتقلت الأسرة خارج البلاد' }, S.monitor);
  c = await move(c, 'approve_closure', {}, S.supervisor);
  await sees(S.monitor, c, [], 'a closed case');
  await sleep(1100);
  const asked = nowSecond();
  c = await move(c, 'reopen', { reason: 'عادت الأسرة' }, S.supervisor);
  mine = await sees(S.monitor, c, ['social_study', 'verdict', 'monitor_report', 'measure_end'], 'the monitor after the reopening');
  assert.deepEqual(await overdueOnes(S.monitor, c), []);
  assert.equal(mine.verdict.due_on, day(1), 'the verdict long due: by the end of the day after the reopening');
  assert.equal(mine.monitor_report.due_on, monthsAfter(day(0), 1), 'a month from the reopening\'s day, at the court\'s frequency');
  assert.ok(Date.parse(mine.social_study.due_at) >= asked + 7 * DAY, mine.social_study.due_at);
  assert.equal(mine.measure_end.due_on, '2027-07-31');
});

test('a child in a care home for 2 years, to 29 February 2028: reports every 3 calendar months (1 July → 1 October, 30 November → 28 February); a measure that ended by its date asks for no report', async () => {
  const girl = await person('جنى', 'female', { birth_date: '2014-04-04' });
  let c = await register({ kind: 'juvenile_protection', persons: [{ person_id: girl.id, role: 'juvenile' }] });
  c = await assign(c, S.monitor, 'monitor');
  await sees(S.monitor, c, [], 'no report without a measure');
  // the case plan begun: still no report, none asked before the court orders a measure that calls for them
  c = await move(c, 'advance', { to: 'assessment' }, S.monitor);
  c = await patch(c, { risk_level: 'medium', risk_assessment: 'لا معيل للطفلة' }, S.monitor);
  c = await move(c, 'advance', { to: 'case_plan' }, S.monitor);
  await sees(S.monitor, c, [], 'no report from the plan alone');
  const measures = `/api/v1/cases/${c.id}/measures`;
  const court = { court: 'محكمة أحداث عمان', order_number: '12/2026', order_date: '2026-03-01' };
  assertError(await post(measures, { kind: 'care_home', ...court, starts_on: '2026-03-01', ends_on: '2028-03-01' }, S.monitor), 400, 'measure.too_long', ['ends_on']);
  const home = await post(measures, { kind: 'care_home', ...court, starts_on: '2026-03-01', duration_months: 24 }, S.monitor);
  assert.equal(home.status, 201, home.text);
  assert.equal(home.body.ends_on, '2028-02-29', 'two years from 1 March 2026 end on 29 February 2028');
  let mine = await sees(S.monitor, c, ['monitor_report', 'measure_end'], 'the monitor');
  assert.equal(mine.measure_end.due_on, '2028-02-29');
  assert.equal(mine.measure_end.due_at, '2028-02-29T21:00:00Z');
  assert.equal(mine.monitor_report.due_on, '2026-06-01', 'three months from the start, none made');
  assert.equal(mine.monitor_report.overdue, true);
  c = await patch(c, { last_monitor_report: '2026-07-01' }, S.monitor);
  assert.equal((await listOf(S.monitor, c)).monitor_report.due_on, '2026-10-01', 'a report on 1 July: due 1 October, not 29 September');
  c = await patch(c, { last_monitor_report: '2026-11-30' }, S.monitor);
  mine = await listOf(S.monitor, c);
  assert.equal(mine.monitor_report.due_on, '2027-02-28', 'a report on 30 November: due 28 February');
  assert.equal(mine.monitor_report.overdue, false);

  // the court places her again from 29 February 2028 for two years: to 28 February 2030, that February having no
  // 29th; on a family-violence case a ruling of 6 months from 31 August ends on 28 February, not a day before
  const leap = await post(measures, { kind: 'care_home', ...court, starts_on: '2028-02-29', duration_months: 24 }, S.monitor);
  assert.equal(leap.status, 201, leap.text);
  assert.equal(leap.body.ends_on, '2030-02-28');
  const fv = await register({ kind: 'family_violence', assign_me: true });
  const ruling = await post(`/api/v1/cases/${fv.id}/measures`, { kind: 'settlement_ruling', court: 'محكمة صلح عمان', order_number: '5/2026', order_date: '2026-08-31', starts_on: '2026-08-31', ends_on: '2027-02-28', terms: 'حضور جلسات تأهيل ستة أشهر' }, S.caseworker);
  assert.equal(ruling.status, 201, ruling.text);
  const months = await post(`/api/v1/cases/${fv.id}/measures`, { kind: 'protection_order', court: 'محكمة صلح عمان', order_number: '6/2026', order_date: '2026-08-31', starts_on: '2026-08-31', duration_months: 6, terms: 'منع الاقتراب من المسكن' }, S.caseworker);
  assert.equal(months.body.ends_on, '2027-02-28');

  // another child whose care-home measure ended by its date last month, reported on to its end: nothing is asked
  const boy = await person('يزن', 'male', { birth_date: '2013-02-02' });
  let past = await register({ kind: 'juvenile_protection', persons: [{ person_id: boy.id, role: 'juvenile' }] });
  past = await assign(past, S.monitor, 'monitor');
  const over = await post(`/api/v1/cases/${past.id}/measures`, { kind: 'care_home', ...court, order_date: '2025-01-15', starts_on: '2025-01-15', ends_on: day(-30) }, S.monitor);
  assert.equal(over.status, 201, over.text);
  past = await patch(past, { last_monitor_report: day(-40) }, S.monitor);
  mine = await sees(S.monitor, past, ['measure_end'], 'the monitor after the measure\'s last day');
  assert.equal(mine.measure_end.due_on, day(-30));
  assert.equal(mine.measure_end.overdue, true, 'the end came and nothing was recorded');
  const listed = (await get(`/api/v1/cases/${past.id}/measures`, S.monitor)).body.items[0];
  assert.equal(listed.in_force, false);
  // its end is recorded as it came, on its last day: not later, which would stretch the court's measure
  const end = `/api/v1/cases/${past.id}/measures/${listed.id}/end`;
  assertError(await post(end, { version: listed.version, ended_on: day(0), reason: 'انتهت مدة الإيداع' }, S.monitor), 409, 'measure.not_in_force', ['ended_on']);
  const ended = await post(end, { version: listed.version, ended_on: day(-30), reason: 'انتهت مدة الإيداع وسُلّم لأسرته' }, S.monitor);
  assert.equal(ended.status, 200, ended.text);
  await sees(S.monitor, past, [], 'the monitor once the end is recorded');
});

test('a case transferred to Irbid: the receiving supervisor has it to assign, due after the acceptance; her worker then sees its clocks; unassigning restarts the assignment', async () => {
  const girl = await person('لين', 'female', { birth_date: '2012-12-12' });
  let c = await register({ kind: 'juvenile_protection', assign_me: true, persons: [{ person_id: girl.id, role: 'juvenile' }] });
  const care = await post(`/api/v1/cases/${c.id}/measures`, { kind: 'foster_family', court: 'محكمة أحداث عمان', order_number: '40/2026', order_date: day(-10), starts_on: day(-10), duration_months: 12 }, S.caseworker);
  assert.equal(care.status, 201, care.text);
  const reportDue = monthsAfter(day(-10), 3);
  assert.equal((await listOf(S.caseworker, c)).monitor_report.due_on, reportDue);
  const sent = await post(`/api/v1/cases/${c.id}/referrals`, { kind: 'transfer', to_unit_id: U['SSO-IRB'].id, reason: 'انتقلت الأسرة الحاضنة إلى إربد', urgency: 'routine', sections: null }, S.supervisor);
  assert.equal(sent.status, 201, sent.text);
  await sleep(1100);
  const asked = nowSecond();
  const accepted = await post(`/api/v1/referrals/${sent.body.id}/transitions`, { action: 'accept', version: sent.body.version }, S.irbidSupervisor);
  assert.equal(accepted.status, 200, accepted.text);
  // the receiving supervisor: the assignment, not yet due, 3 hours from the acceptance
  let mine = await sees(S.irbidSupervisor, c, ['assignment'], 'the receiving supervisor');
  assert.equal(mine.assignment.overdue, false);
  assert.ok(Date.parse(mine.assignment.due_at) >= asked + 3 * HOUR && Date.parse(mine.assignment.due_at) <= Date.now() + 3 * HOUR, mine.assignment.due_at);
  await sees(S.supervisor, c, [], 'the sending supervisor');
  await sees(S.caseworker, c, [], 'the sending social worker, whose assignment ended with the transfer');
  // she assigns her social worker, who sees the measure's clocks as they were
  let r = await post(`/api/v1/cases/${c.id}/assignments`, { user_id: S.irbidCaseworker.user.id, role: 'caseworker' }, S.irbidSupervisor);
  assert.equal(r.status, 200, r.text);
  c = r.body;
  mine = await sees(S.irbidCaseworker, c, ['monitor_report', 'measure_end'], 'the receiving social worker');
  assert.equal(mine.monitor_report.due_on, reportDue);
  await sees(S.irbidSupervisor, c, [], 'the receiving supervisor once assigned');
  // the case is her unit's now: she reads its measures and records what the court decides
  const measures = await get(`/api/v1/cases/${c.id}/measures`, S.irbidCaseworker);
  assert.equal(measures.status, 200, measures.text);
  assert.deepEqual(measures.body.items.map((m) => [m.kind, m.in_force]), [['foster_family', true]]);
  assertError(await get(`/api/v1/cases/${c.id}/measures`, S.caseworker), 404, 'not_found');
  const reviewed = await post(`/api/v1/cases/${c.id}/measures`, { kind: 'protection_supervision', court: 'محكمة أحداث إربد', order_number: '9/2026', order_date: day(0), starts_on: day(0), duration_months: 12, report_months: 1 }, S.irbidCaseworker);
  assert.equal(reviewed.status, 201, reviewed.text);
  mine = await listOf(S.irbidCaseworker, c);
  assert.equal(mine.monitor_report.due_on, monthsAfter(day(-10), 1), 'the shortest frequency of the measures in force, from their earliest start');
  // the worker leaves the case: the assignment is due 3 hours from the unassignment
  await sleep(1100);
  const left = nowSecond();
  const a = (await reload(c, S.irbidSupervisor)).assignments.find((x) => x.role === 'caseworker');
  r = await api.request('DELETE', `/api/v1/cases/${c.id}/assignments/${a.id}`, S.irbidSupervisor);
  assert.equal(r.status, 200, r.text);
  mine = await sees(S.irbidSupervisor, c, ['assignment'], 'the receiving supervisor after the unassignment');
  assert.ok(Date.parse(mine.assignment.due_at) >= left + 3 * HOUR, mine.assignment.due_at);
});

test('an inmate moved to another centre: the family is told within 48 hours; a notice in the future is refused', async () => {
  const inmate = await person('عادل', 'male', { birth_date: '1985-01-01' });
  let c = await register({ kind: 'inmate_family', assign_me: true, centre_unit_id: U['CRC-MARKA'].id, admission_date: '2026-05-31', persons: [{ person_id: inmate.id, role: 'inmate' }] });
  await sees(S.caseworker, c, [], 'an admission is no transfer');
  const asked = nowSecond();
  c = await patch(c, { centre_unit_id: U['CRC-JUWEIDEH'].id });
  let mine = await sees(S.caseworker, c, ['family_notice'], 'after the move');
  assert.ok(Date.parse(c.transferred_at) >= asked);
  assert.equal(Date.parse(mine.family_notice.due_at), Date.parse(c.transferred_at) + 48 * HOUR);
  assertError(await patchRaw(c, { family_notified_at: iso(Date.now() + 2 * HOUR) }), 400, 'case.in_future', ['family_notified_at']);
  await sees(S.caseworker, c, ['family_notice'], 'a notice refused silences nothing');
  c = await patch(c, { family_notified_at: iso(Date.now()) });
  mine = await sees(S.caseworker, c, [], 'the family told');
  // another inmate, moved last night at 23:30 in Amman as the centre wrote it: the 48 hours run from then
  let other = await register({ kind: 'inmate_family', assign_me: true, centre_unit_id: U['CRC-MARKA'].id, persons: [{ person_id: (await person('وليد', 'male', { birth_date: '1990-09-09' })).id, role: 'inmate' }] });
  other = await patch(other, { centre_unit_id: U['CRC-JUWEIDEH'].id, transferred_at: `${day(-1)}T23:30:00+03:00` });
  assert.equal(other.transferred_at, `${day(-1)}T20:30:00Z`);
  mine = await sees(S.caseworker, other, ['family_notice'], 'after the move at 23:30');
  assert.equal(mine.family_notice.due_at, `${day(1)}T20:30:00Z`);
});

test('the manager sees every task of the agency, pages through them once each with the real total, and filters by due time with an offset', async () => {
  const seen = [];
  let cursor = null;
  let first = null;
  do {
    const r = await get(`/api/v1/tasks?scope=all&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, S.manager);
    assert.equal(r.status, 200, r.text);
    first ||= r.body;
    seen.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  assert.ok(first.total >= 10, `the journeys left ${first.total} tasks`);
  assert.equal(seen.length, first.total);
  assert.equal(new Set(seen.map((t) => t.id)).size, seen.length, 'a task came twice');
  assert.equal(seen.filter((t) => t.overdue).length, first.overdue);
  // by unit: Irbid's tasks are those of the case transferred there; overdue ones counted as the list says
  const irbid = await get(`/api/v1/tasks?scope=all&limit=200&unit_id=${U['SSO-IRB'].id}`, S.manager);
  assert.equal(irbid.status, 200, irbid.text);
  assert.ok(irbid.body.total > 0 && irbid.body.total < first.total, JSON.stringify(irbid.body));
  const irbidCases = new Set(irbid.body.items.map((t) => t.case_id));
  assert.deepEqual(irbid.body.items.map((t) => t.id).sort(), seen.filter((t) => irbidCases.has(t.case_id)).map((t) => t.id).sort());
  for (const caseId of irbidCases) assert.equal((await get(`/api/v1/cases/${caseId}`, S.manager)).body.unit_id, U['SSO-IRB'].id);
  const overdue = await get('/api/v1/tasks?scope=all&limit=200&overdue=true', S.manager);
  assert.equal(overdue.body.total, first.overdue);
  assert.ok(overdue.body.items.every((t) => t.overdue));
  // the leap day, asked in Amman time, answered in UTC
  assert.ok(seen.some((t) => t.kind === 'measure_end' && t.due_at === '2028-02-29T21:00:00Z'));
  const before = await get(`/api/v1/tasks?scope=all&limit=200&due_before=${encodeURIComponent('2028-03-01T00:00:00+03:00')}`, S.manager);
  assert.equal(before.status, 200, before.text);
  assert.equal(before.body.total, seen.filter((t) => t.due_at < '2028-02-29T21:00:00Z').length);
  const leap = await get(`/api/v1/tasks?scope=all&limit=200&due_before=${encodeURIComponent('2028-03-01T00:00:01+03:00')}`, S.manager);
  assert.equal(leap.body.total, before.body.total + seen.filter((t) => t.due_at === '2028-02-29T21:00:00Z').length);
  // the manager reads a case's legal records and writes none
  const orders = seen.find((t) => t.kind === 'detention');
  assert.ok(orders, 'no detention among the tasks');
  for (const part of ['settlements', 'detention-orders', 'measures', 'trial-steps']) {
    assert.equal((await get(`/api/v1/cases/${orders.case_id}/${part}`, S.manager)).status, 200, part);
  }
  assertError(await post(`/api/v1/cases/${orders.case_id}/trial-steps`, { kind: 'court_referral', held_on: day(0) }, S.manager), 403, 'auth.forbidden');
  // the monitor's own list is his alone
  const monitor = await get('/api/v1/tasks?scope=mine&limit=200', S.monitor);
  assert.ok(monitor.body.items.every((t) => t.kind !== 'assignment'), 'a monitor is asked to assign');
});
