'use strict';
// Settlements, detention orders and trial steps as records of a case (docs/api.md, "Settlements, detention and
// trial"): each refusal of the law with its error code and nothing stored; the clocks they start and stop, read as the
// case's tasks; versions; who may read and write them. Synthetic names only.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'admin', 'officer']) S[name] = await api.loginAs(name);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (path, who = S.caseworker) => api.request('GET', path, who);
const post = (path, body, who = S.caseworker) => api.request('POST', path, { ...who, body });
// A date some days from today in Amman (negative: in the past).
const day = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
// Midnight in Amman at the end of a date, as the API writes it.
const endOf = (date) => new Date(Date.parse(`${date}T00:00:00Z`) + 86400e3 - 3 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');

async function person(first, sex = 'female') {
  const r = await post('/api/v1/persons', { first_name: first, father_name: 'سالم', family_name: 'الدرويش', sex });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function newCase(kind, extra = {}, persons = []) {
  const r = await post('/api/v1/cases', { kind, summary: 'حالة للاختبار', assign_me: true, persons, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function consent(c, personId) {
  const r = await post(`/api/v1/cases/${c.id}/consents`, { person_id: personId, method: 'written', given_on: day(-1), scope: 'الموافقة على التسوية' });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

// A family-violence case with its two parties, each with a consent recorded.
async function fvCase() {
  const victim = await person('هند');
  const other = await person('كمال', 'male');
  const c = await newCase('family_violence', {}, [{ person_id: victim.id, role: 'victim' }, { person_id: other.id, role: 'alleged_perpetrator' }]);
  return { c, victim, other, consents: [await consent(c, victim.id), await consent(c, other.id)] };
}

const tasks = async (c) => (await get(`/api/v1/cases/${c.id}/tasks`)).body.items;
const task = async (c, kind) => (await tasks(c)).find((t) => t.kind === kind);

test('a settlement: both parties\' consent at the start, the clock from the first session, one extension, the outcome stops it', async () => {
  const { c, consents } = await fvCase();
  const path = `/api/v1/cases/${c.id}/settlements`;
  // one party's consent is not both
  assertError(await post(path, { consent_ids: [consents[0]] }), 400, 'settlement.consent', ['consent_ids']);
  assertError(await post(path, { consent_ids: [] }), 400, 'settlement.consent', ['consent_ids']);
  assertError(await post(path, { consent_ids: [999999, consents[1]] }), 400, 'settlement.consent', ['consent_ids']);
  assertError(await post(path, { consent_ids: ['1'] }), 400, 'field.type', ['consent_ids']);
  assertError(await post(path, {}), 400, 'field.required', ['consent_ids']);
  assert.equal((await get(path)).body.items.length, 0, 'nothing stored on refusal');
  let r = await post(path, { consent_ids: consents });
  assert.equal(r.status, 201, r.text);
  let s = r.body;
  assert.equal(s.status, 'open');
  assert.deepEqual(s.consent_ids, consents);
  assert.equal(s.first_session_on, null);
  assert.equal(await task(c, 'settlement'), undefined, 'no clock before the first session');
  // only one open at a time
  assertError(await post(path, { consent_ids: consents }), 409, 'settlement.open');

  // sessions: not in the future, the next one planned after it; the first starts the clock
  const sessions = `${path}/${s.id}/sessions`;
  assertError(await post(sessions, { version: s.version, held_on: day(1) }), 400, 'case.in_future', ['held_on']);
  assertError(await post(sessions, { version: s.version, held_on: day(-6), next_on: day(-6) }), 400, 'settlement.next_session_date', ['next_on']);
  assertError(await post(sessions, { version: s.version, held_on: '2026-02-30' }), 400, 'field.date', ['held_on']);
  assertError(await post(sessions, { version: s.version + 1, held_on: day(-6) }), 409, 'version.conflict', ['version']);
  r = await post(sessions, { version: s.version, held_on: day(-6), next_on: day(2), notes: 'جلسة أولى بحضور الطرفين' });
  assert.equal(r.status, 201, r.text);
  s = r.body;
  assert.equal(s.first_session_on, day(-6));
  assert.equal(s.sessions.length, 1);
  assert.equal(s.sessions[0].next_on, day(2), 'the next session planned may be in the future');
  assert.equal(s.ends_on, day(7));
  assert.equal((await task(c, 'settlement')).due_at, endOf(day(7)), '14 days from the first session');
  // the first session cannot be moved: a session before it is refused, a later one changes nothing
  assertError(await post(sessions, { version: s.version, held_on: day(-7) }), 400, 'settlement.before_first_session', ['held_on']);
  r = await post(sessions, { version: s.version, held_on: day(-2) });
  assert.equal(r.status, 201, r.text);
  s = r.body;
  assert.equal(s.first_session_on, day(-6));
  assert.equal((await task(c, 'settlement')).due_at, endOf(day(7)));

  // one extension with its reason: 14 more days; a second is refused, and it cannot be withdrawn
  const extension = `${path}/${s.id}/extension`;
  assertError(await post(extension, { version: s.version }), 400, 'field.required', ['reason']);
  assertError(await post(extension, { version: s.version, reason: '' }), 400, 'field.required', ['reason']);
  r = await post(extension, { version: s.version, reason: 'طلب الطرفان مهلة' });
  assert.equal(r.status, 200, r.text);
  s = r.body;
  assert.equal(s.extended, true);
  assert.equal(s.extension_reason, 'طلب الطرفان مهلة');
  assert.equal((await task(c, 'settlement')).due_at, endOf(day(21)), '28 days with the extension');
  assertError(await post(extension, { version: s.version, reason: 'مرة ثانية' }), 409, 'settlement.extended');
  assert.equal((await api.request('DELETE', extension, S.caseworker)).status, 405, 'no way to withdraw it');
  assert.equal(await fieldRefused(c, 'settlement_extended'), true, 'nor through the case');

  // the outcome: agreed needs its terms; ratification is the court and its date together
  const outcome = `${path}/${s.id}/outcome`;
  assertError(await post(outcome, { version: s.version, outcome: 'agreed', decided_on: day(-1) }), 400, 'field.required', ['terms']);
  assertError(await post(outcome, { version: s.version, outcome: 'agreed', decided_on: day(-1), terms: 'شروط', court: 'محكمة صلح عمان' }), 400, 'field.required', ['ratified_on']);
  assertError(await post(outcome, { version: s.version, outcome: 'agreed', decided_on: day(-1), terms: 'شروط', court: 'محكمة', ratified_on: day(-3) }), 400, 'settlement.ratified_before_agreement', ['ratified_on']);
  assertError(await post(outcome, { version: s.version, outcome: 'withdrawn', decided_on: day(-1), terms: 'شروط' }), 400, 'settlement.agreement_only', ['terms']);
  assertError(await post(outcome, { version: s.version, outcome: 'settled', decided_on: day(-1) }), 400, 'field.code', ['outcome']);
  assertError(await post(outcome, { version: s.version, outcome: 'agreed', decided_on: day(-8), terms: 'شروط' }), 400, 'settlement.before_first_session', ['decided_on']);
  assertError(await post(outcome, { version: s.version, outcome: 'agreed', decided_on: day(1), terms: 'شروط' }), 400, 'case.in_future', ['decided_on']);
  assert.equal((await get(path)).body.items[0].status, 'open', 'nothing stored on refusal');
  r = await post(outcome, { version: s.version, outcome: 'agreed', decided_on: day(-1), terms: 'التزام بعدم التعرض وحضور جلسات إرشاد', court: 'محكمة صلح عمان', ratified_on: day(0) });
  assert.equal(r.status, 200, r.text);
  s = r.body;
  assert.equal(s.status, 'agreed');
  assert.equal(s.ratified_on, day(0));
  assert.equal(s.ends_on, null);
  assert.equal(await task(c, 'settlement'), undefined, 'the outcome stops the clock');
  // ended: nothing more on it; a new one may start
  assertError(await post(sessions, { version: s.version, held_on: day(0) }), 409, 'settlement.ended');
  assertError(await post(extension, { version: s.version, reason: 'x' }), 409, 'settlement.ended');
  r = await post(path, { consent_ids: consents });
  assert.equal(r.status, 201, r.text);
  // the history has every step
  const actions = (await get(`/api/v1/cases/${c.id}/history`)).body.items.map((e) => e.action);
  for (const a of ['case.settlement.start', 'case.settlement.session', 'case.settlement.extend', 'case.settlement.agreed']) assert.ok(actions.includes(a), a);
});

// Whether PATCH /cases refuses an old field of the case (it is no longer one).
async function fieldRefused(c, field) {
  const current = (await get(`/api/v1/cases/${c.id}`)).body;
  assert.equal(field in current, false, `${field} is not shown`);
  const r = await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.caseworker, body: { version: current.version, [field]: true } });
  return r.status === 400 && r.body.error.code === 'field.unknown';
}

test('a failed settlement goes on to the prosecutor; a withdrawal needs no session; an extension before any session is refused', async () => {
  const { c, consents } = await fvCase();
  const path = `/api/v1/cases/${c.id}/settlements`;
  let s = (await post(path, { consent_ids: consents })).body;
  assertError(await post(`${path}/${s.id}/extension`, { version: s.version, reason: 'مهلة' }), 409, 'settlement.no_session');
  assertError(await post(`${path}/${s.id}/outcome`, { version: s.version, outcome: 'failed', decided_on: day(0) }), 409, 'settlement.no_session');
  s = (await post(`${path}/${s.id}/sessions`, { version: s.version, held_on: day(-3) })).body;
  const r = await post(`${path}/${s.id}/outcome`, { version: s.version, outcome: 'failed', decided_on: day(0), note: 'رفض الطرف الثاني' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'failed');
  assert.equal(r.body.prosecutor_on, day(0));
  assert.equal(await task(c, 'settlement'), undefined);
  s = (await post(path, { consent_ids: consents })).body;
  const w = await post(`${path}/${s.id}/outcome`, { version: s.version, outcome: 'withdrawn', decided_on: day(0) });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.body.prosecutor_on, null);
});

test('no settlement for a felony, a juvenile marked not eligible, or during detention; only on the kinds that have one', async () => {
  // family violence whose incident is a felony
  const { c, consents } = await fvCase();
  const incident = await post(`/api/v1/cases/${c.id}/incidents`, { occurred_on: day(-3), violence_types: ['physical_assault'], legal_class: 'felony' });
  assert.equal(incident.status, 201, incident.text);
  assertError(await post(`/api/v1/cases/${c.id}/settlements`, { consent_ids: consents }), 409, 'settlement.felony');
  // juveniles: the juvenile's side and the victim's
  const juvenile = await person('سامر', 'male');
  const victim = await person('رامي', 'male');
  const parties = [{ person_id: juvenile.id, role: 'juvenile' }, { person_id: victim.id, role: 'victim' }];
  const jc = async (extra) => {
    const made = await newCase('juvenile_conflict', { legal_class: 'misdemeanour', ...extra }, parties);
    return { c: made, consents: [await consent(made, juvenile.id), await consent(made, victim.id)] };
  };
  const felony = await jc({ legal_class: 'felony' });
  assertError(await post(`/api/v1/cases/${felony.c.id}/settlements`, { consent_ids: felony.consents }), 409, 'settlement.felony');
  const ineligible = await jc({ settlement_eligible: false });
  assertError(await post(`/api/v1/cases/${ineligible.c.id}/settlements`, { consent_ids: ineligible.consents }), 409, 'settlement.not_eligible');
  const detained = await jc({ settlement_eligible: true });
  const order = await post(`/api/v1/cases/${detained.c.id}/detention-orders`, { authority: 'prosecutor', order_number: 'ت/10', order_date: day(-2), starts_on: day(-2), ends_on: day(7) });
  assert.equal(order.status, 201, order.text);
  assertError(await post(`/api/v1/cases/${detained.c.id}/settlements`, { consent_ids: detained.consents }), 409, 'settlement.detained');
  // released: now it may start, and no detention during it
  const released = await post(`/api/v1/cases/${detained.c.id}/detention-orders/${order.body.id}/release`, { version: order.body.version, released_on: day(0), reason: 'تسليم لوليّ الأمر' });
  assert.equal(released.status, 200, released.text);
  const started = await post(`/api/v1/cases/${detained.c.id}/settlements`, { consent_ids: detained.consents });
  assert.equal(started.status, 201, started.text);
  assertError(await post(`/api/v1/cases/${detained.c.id}/detention-orders`, { authority: 'court', order_number: 'ت/11', order_date: day(0), starts_on: day(0), ends_on: day(9) }), 409, 'detention.settlement');
  // a consent withdrawn no longer counts
  const other = await jc({ settlement_eligible: true });
  const withdrawn = await post(`/api/v1/cases/${other.c.id}/consents/${other.consents[1]}/withdraw`, {});
  assert.equal(withdrawn.status, 200, withdrawn.text);
  assertError(await post(`/api/v1/cases/${other.c.id}/settlements`, { consent_ids: other.consents }), 400, 'settlement.consent', ['consent_ids']);
  // other kinds have none
  const inmate = await newCase('inmate_family');
  assertError(await post(`/api/v1/cases/${inmate.id}/settlements`, { consent_ids: [1] }), 400, 'settlement.kind');
});

test('detention orders: 10 days an order, the prosecutor renews once, none for a violation, the release ends the clock, a new detention starts afresh', async () => {
  const c = await newCase('juvenile_conflict', { legal_class: 'misdemeanour' });
  const path = `/api/v1/cases/${c.id}/detention-orders`;
  const order = (extra) => post(path, { authority: 'prosecutor', order_number: 'ت/20', order_date: day(-12), starts_on: day(-12), ends_on: day(-3), ...extra });
  assertError(await order({ ends_on: day(-2) }), 400, 'detention.too_long', ['ends_on']);
  assertError(await order({ ends_on: day(-13) }), 400, 'detention.ends_before_start', ['ends_on']);
  assertError(await order({ authority: 'police' }), 400, 'field.code', ['authority']);
  assertError(await order({ order_number: '' }), 400, 'field.required', ['order_number']);
  assertError(await order({ order_date: day(1) }), 400, 'case.in_future', ['order_date']);
  assertError(await order({ renews_id: 99999 }), 409, 'detention.not_in_force', ['renews_id']);
  assert.equal((await get(path)).body.items.length, 0, 'nothing stored on refusal');
  let r = await order({});
  assert.equal(r.status, 201, r.text);
  const first = r.body;
  assert.equal(first.days, 10);
  assert.equal(first.renewal, 0);
  assert.equal((await task(c, 'detention')).due_at, endOf(day(-3)), 'due at the end of the order\'s last day: overdue');
  assertError(await order({ starts_on: day(-2), ends_on: day(7) }), 409, 'detention.in_force', ['renews_id']);
  // the prosecutor's one renewal, from the day after
  const renew = (renews, extra) => post(path, { authority: 'prosecutor', order_number: 'ت/21', order_date: day(-3), starts_on: day(-2), ends_on: day(7), renews_id: renews.id, ...extra });
  assertError(await renew(first, { starts_on: day(-1) }), 400, 'detention.renewal_start', ['starts_on']);
  r = await renew(first, {});
  assert.equal(r.status, 201, r.text);
  const second = r.body;
  assert.equal(second.renewal, 1);
  assert.equal((await task(c, 'detention')).due_at, endOf(day(7)));
  // a stale renewal of the first order again: refused
  assertError(await renew(first, {}), 409, 'version.conflict', ['renews_id']);
  // a second renewal by the prosecutor: refused; the court's, 10 days at a time
  const third = { starts_on: day(8), ends_on: day(17), order_date: day(0) };
  assertError(await renew(second, third), 409, 'detention.prosecutor_renewed', ['authority']);
  r = await renew(second, { ...third, authority: 'court', order_number: 'م/5' });
  assert.equal(r.status, 201, r.text);
  const court = r.body;
  assert.equal(court.renewal, 2);
  assert.equal((await task(c, 'detention')).due_at, endOf(day(17)));
  // the release: a record with its date and reason; it ends the clock
  const release = `${path}/${court.id}/release`;
  assertError(await post(`${path}/${second.id}/release`, { version: second.version, released_on: day(0), reason: 'x' }), 409, 'detention.not_in_force');
  assertError(await post(release, { version: court.version, released_on: day(1), reason: 'كفالة' }), 400, 'case.in_future', ['released_on']);
  assertError(await post(release, { version: court.version, released_on: day(0) }), 400, 'field.required', ['reason']);
  assertError(await post(release, { version: court.version + 1, released_on: day(0), reason: 'كفالة' }), 409, 'version.conflict', ['version']);
  const list = (await get(path)).body;
  assert.equal(list.in_force, court.id);
  assert.deepEqual(list.items.map((o) => o.renewal), [2, 1, 0]);
  // not before the detention began (the first order's start); the court's renewal not begun yet does not stop it
  assertError(await post(release, { version: court.version, released_on: day(-13), reason: 'كفالة' }), 400, 'detention.release_before_start', ['released_on']);
  r = await post(release, { version: court.version, released_on: day(0), reason: 'كفالة' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.released_on, day(0));
  assert.equal(r.body.release_reason, 'كفالة');
  assert.equal(await task(c, 'detention'), undefined, 'the release ends the clock');
  assertError(await post(release, { version: r.body.version, released_on: day(0), reason: 'x' }), 409, 'detention.not_in_force');
  assert.equal((await get(path)).body.in_force, null);
  // a new detention after the release starts afresh: the prosecutor orders and renews again
  const again = (await post(path, { authority: 'prosecutor', order_number: 'ت/41', order_date: day(0), starts_on: day(0), ends_on: day(9) })).body;
  assert.equal((await task(c, 'detention')).due_at, endOf(day(9)));
  assert.equal(again.renewal, 0);
  const againRenewed = await post(path, { authority: 'prosecutor', order_number: 'ت/42', order_date: day(0), starts_on: day(10), ends_on: day(19), renews_id: again.id });
  assert.equal(againRenewed.status, 201, againRenewed.text);
  assert.equal(againRenewed.body.renewal, 1);

  // no detention for a violation, nor on another kind of case
  const violation = await newCase('juvenile_conflict', { legal_class: 'violation' });
  assertError(await post(`/api/v1/cases/${violation.id}/detention-orders`, { authority: 'prosecutor', order_number: 'ت/50', order_date: day(0), starts_on: day(0), ends_on: day(9) }), 409, 'detention.violation');
  const fv = await newCase('family_violence');
  assertError(await post(`/api/v1/cases/${fv.id}/detention-orders`, { authority: 'prosecutor', order_number: 'ت/51', order_date: day(0), starts_on: day(0), ends_on: day(9) }), 400, 'detention.kind');
  // the old fields are gone from the case
  assert.equal(await fieldRefused(c, 'detention_renewals'), true);
  assert.equal(await fieldRefused(c, 'detention_started'), true);
});

test('trial steps: hearings after the referral to court, adjournments over 7 days flagged, the verdict due 3 or 6 months from the referral', async () => {
  const c = await newCase('juvenile_conflict', { legal_class: 'misdemeanour' });
  const path = `/api/v1/cases/${c.id}/trial-steps`;
  assertError(await post(path, { kind: 'hearing', held_on: day(-30) }), 409, 'trial.not_referred');
  assertError(await post(path, { kind: 'verdict', held_on: day(-30) }), 409, 'trial.not_referred');
  assertError(await post(path, { kind: 'appeal', held_on: day(-30) }), 400, 'field.code', ['kind']);
  assertError(await post(path, { kind: 'court_referral', held_on: day(2) }), 400, 'case.in_future', ['held_on']);
  assertError(await post(path, { kind: 'court_referral', held_on: day(-40), next_on: day(-30) }), 400, 'trial.next_hearing_only', ['next_on']);
  const referral = day(-40);
  let r = await post(path, { kind: 'court_referral', held_on: referral, court: 'محكمة صلح الأحداث' });
  assert.equal(r.status, 201, r.text);
  assertError(await post(path, { kind: 'court_referral', held_on: day(-39) }), 409, 'trial.step_recorded', ['kind']);
  // misdemeanour: 3 calendar months from the referral
  const threeMonths = (() => { const d = new Date(`${referral}T00:00:00Z`); const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1)); const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate(); t.setUTCDate(Math.min(d.getUTCDate(), last)); return t; })();
  assert.equal((await task(c, 'verdict')).due_at, new Date(threeMonths.getTime() + 86400e3 - 3 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'), 'by the end of the day three months on');
  // hearings: the first after the referral, the next within 7 days or flagged
  assertError(await post(path, { kind: 'hearing', held_on: day(-41) }), 400, 'trial.before_referral', ['held_on']);
  assertError(await post(path, { kind: 'hearing', held_on: day(-35), next_on: day(-36) }), 400, 'trial.next_hearing_date', ['next_on']);
  r = await post(path, { kind: 'hearing', held_on: day(-35), next_on: day(-28) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.adjournment_days, null);
  assert.equal(r.body.next_days, 7);
  assert.equal(r.body.next_over_limit, false);
  r = await post(path, { kind: 'hearing', held_on: day(-28), next_on: day(-18) });
  assert.equal(r.body.adjournment_days, 7);
  assert.equal(r.body.adjournment_over_limit, false);
  assert.equal(r.body.next_over_limit, true, 'a next hearing 10 days on is flagged');
  r = await post(path, { kind: 'hearing', held_on: day(-18) });
  assert.equal(r.body.adjournment_days, 10);
  assert.equal(r.body.adjournment_over_limit, true);
  const list = (await get(path)).body.items;
  assert.deepEqual(list.map((s) => s.kind), ['court_referral', 'hearing', 'hearing', 'hearing']);
  assert.deepEqual(list.filter((s) => s.kind === 'hearing').map((s) => s.adjournment_over_limit), [false, false, true]);
  // the verdict stops its clock; nothing after it
  r = await post(path, { kind: 'verdict', held_on: day(-10), notes: 'تدبير الإشراف القضائي مدة سنة' });
  assert.equal(r.status, 201, r.text);
  assert.equal(await task(c, 'verdict'), undefined);
  assertError(await post(path, { kind: 'hearing', held_on: day(-5) }), 409, 'trial.decided');
  // a felony: 6 months
  const felony = await newCase('juvenile_conflict', { legal_class: 'felony' });
  r = await post(`/api/v1/cases/${felony.id}/trial-steps`, { kind: 'court_referral', held_on: '2026-08-31' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await task(felony, 'verdict')).due_at, '2027-02-28T21:00:00Z', '31 August + 6 months: the end of February');
  // another kind has no trial steps here
  const fv = await newCase('family_violence');
  assertError(await post(`/api/v1/cases/${fv.id}/trial-steps`, { kind: 'court_referral', held_on: day(-1) }), 400, 'trial.kind');
});

test('who reads and writes them: the case\'s workers; others not; bad input never crashes', async () => {
  const { c, consents } = await fvCase();
  const path = `/api/v1/cases/${c.id}/settlements`;
  assert.equal((await get(path, S.supervisor)).status, 200);
  assert.equal((await get(path, S.admin)).status, 403);
  assert.equal((await get(path, S.officer)).status, 404, 'an officer of another unit does not see the case');
  assertError(await post(path, { consent_ids: consents }, S.officer), 404, 'not_found');
  assertError(await post(path, { consent_ids: consents, extra: 1 }), 400, 'field.unknown', ['extra']);
  assert.equal((await get(`/api/v1/cases/999999/settlements`)).status, 404);
  assert.equal((await get(`${path}?x=1`)).status, 400);
  const s = (await post(path, { consent_ids: consents })).body;
  assertError(await post(`/api/v1/cases/${c.id}/settlements/999999/sessions`, { version: 1, held_on: day(0) }), 404, 'not_found');
  for (const body of [{ version: 's', held_on: day(0) }, { version: s.version, held_on: 5 }, { version: s.version, held_on: 'x'.repeat(11) }, { version: -1, held_on: day(0) }]) {
    const r = await post(`${path}/${s.id}/sessions`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
  }
  const detention = `/api/v1/cases/${c.id}/detention-orders`;
  assert.equal((await post(detention, { authority: 'court', order_number: 'x', order_date: '2026-13-01', starts_on: 'x', ends_on: null })).status, 400);
  // the tasks of a closed case: none
  const history = (await get(`/api/v1/cases/${c.id}/history`)).body.items;
  assert.ok(history.some((e) => e.action === 'case.settlement.start'));
});
