'use strict';
// Court measures on a case (docs/api.md, "Court measures"): the kinds of each case kind, the law's durations, the
// deadlines they drive (the measure's end; the monitor's reports only while a measure that calls for them is in
// force), detention orders as one kind of them, the early end with its version. Synthetic names only.

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
  for (const name of ['caseworker', 'supervisor', 'admin']) S[name] = await api.loginAs(name);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (path, who = S.caseworker) => api.request('GET', path, who);
const post = (path, body, who = S.caseworker) => api.request('POST', path, { ...who, body });
const day = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

async function newCase(kind, extra = {}) {
  const r = await post('/api/v1/cases', { kind, summary: 'حالة للاختبار', assign_me: true, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const tasks = async (c) => (await get(`/api/v1/cases/${c.id}/tasks`)).body.items;
const court = { court: 'محكمة أحداث عمان', order_number: '15/2026', order_date: day(-2) };

test('a care-home measure: at most 2 years, its end a task, the monitor reports every 3 months while it holds', async () => {
  const c = await newCase('juvenile_protection');
  assert.equal((await tasks(c)).find((t) => t.kind === 'monitor_report'), undefined, 'a report with no measure');
  // the law's limits, each refused with its code and nothing stored
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', ...court, starts_on: day(-2), duration_months: 25 }), 400, 'measure.too_long', ['ends_on']);
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'judicial_supervision', ...court, starts_on: day(-2), duration_months: 6 }), 400, 'measure.case_kind', ['kind']);
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', ...court, starts_on: day(-2) }), 400, 'field.required', ['ends_on']);
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', ...court, starts_on: day(-2), duration_months: 6, ends_on: day(30) }), 400, 'measure.duration_or_end', ['duration_months']);
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', ...court, court: null, starts_on: day(-2), duration_months: 6 }), 400, 'field.required', ['court']);
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', ...court, order_date: day(3), starts_on: day(-2), duration_months: 6 }), 400, 'case.in_future', ['order_date']);
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'banishment', ...court, starts_on: day(-2) }), 400, 'field.code', ['kind']);
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', ...court, starts_on: 'yesterday', duration_months: 6 }), 400, 'field.date', ['starts_on']);
  assertError(await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', ...court, starts_on: day(-2), duration_months: 6, extra: 1 }), 400, 'field.unknown', ['extra']);
  assert.equal((await get(`/api/v1/cases/${c.id}/measures`)).body.items.length, 0);

  const r = await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', ...court, starts_on: day(-2), duration_months: 24 });
  assert.equal(r.status, 201, r.text);
  const m = r.body;
  assert.equal(m.kind, 'care_home');
  assert.equal(m.authority, 'court');
  assert.equal(m.report_months, 3);
  assert.equal(m.duration_months, 24);
  // 24 months from its start, its last day the day before
  const [y, mo, d] = day(-2).split('-').map(Number);
  const last = new Date(Date.UTC(y + 2, mo - 1, d - 1)).toISOString().slice(0, 10);
  assert.equal(m.ends_on, last);
  const list = (await get(`/api/v1/cases/${c.id}/measures`)).body.items;
  assert.equal(list.length, 1);
  assert.equal(list[0].in_force, true);
  let t = await tasks(c);
  assert.equal(t.find((x) => x.kind === 'measure_end').due_on, last);
  assert.ok(t.find((x) => x.kind === 'monitor_report'), 'a monitor report under a care-home measure');
  const history = (await get(`/api/v1/cases/${c.id}/history`)).body.items;
  assert.ok(history.some((h) => h.action === 'case.measure.add'));

  // ended early (the court released the child): no end, no reports; a stale version refused
  assertError(await post(`/api/v1/cases/${c.id}/measures/${m.id}/end`, { version: m.version + 1, ended_on: day(0), reason: 'قرار المحكمة' }), 409, 'version.conflict', ['version']);
  assertError(await post(`/api/v1/cases/${c.id}/measures/${m.id}/end`, { version: m.version, ended_on: day(-5), reason: 'قرار المحكمة' }), 400, 'measure.end_before_start', ['ended_on']);
  const ended = await post(`/api/v1/cases/${c.id}/measures/${m.id}/end`, { version: m.version, ended_on: day(0), reason: 'قرار المحكمة بإنهاء الإيداع' });
  assert.equal(ended.status, 200, ended.text);
  assert.equal(ended.body.released_on, day(0));
  t = await tasks(c);
  assert.equal(t.find((x) => x.kind === 'monitor_report'), undefined);
  assert.equal(t.find((x) => x.kind === 'measure_end'), undefined);
  assertError(await post(`/api/v1/cases/${c.id}/measures/${m.id}/end`, { version: ended.body.version, ended_on: day(0), reason: 'مرة أخرى' }), 409, 'measure.not_in_force');
});

test('supervision: 1 year at most in conflict with the law, 1 to 5 for protection; the court sets the report frequency', async () => {
  const jc = await newCase('juvenile_conflict', { legal_class: 'misdemeanour' });
  assertError(await post(`/api/v1/cases/${jc.id}/measures`, { kind: 'judicial_supervision', ...court, starts_on: day(0), duration_months: 13 }), 400, 'measure.too_long', ['ends_on']);
  const sup = await post(`/api/v1/cases/${jc.id}/measures`, { kind: 'judicial_supervision', ...court, starts_on: day(-40), duration_months: 12, report_months: 1 });
  assert.equal(sup.status, 201, sup.text);
  assert.equal(sup.body.report_months, 1);
  // monthly reports: the first fell due a month after the start, and is late
  const report = (await tasks(jc)).find((x) => x.kind === 'monitor_report');
  assert.ok(report && report.overdue, JSON.stringify(report));
  // a reprimand has no duration and no reports
  assertError(await post(`/api/v1/cases/${jc.id}/measures`, { kind: 'reprimand', ...court, starts_on: day(0), duration_months: 2 }), 400, 'measure.no_duration', ['ends_on']);
  const reprimand = await post(`/api/v1/cases/${jc.id}/measures`, { kind: 'reprimand', ...court, starts_on: day(0) });
  assert.equal(reprimand.status, 201, reprimand.text);
  assert.equal(reprimand.body.ends_on, null);

  const jp = await newCase('juvenile_protection');
  assertError(await post(`/api/v1/cases/${jp.id}/measures`, { kind: 'protection_supervision', ...court, starts_on: day(0), duration_months: 6 }), 400, 'measure.too_short', ['ends_on']);
  assertError(await post(`/api/v1/cases/${jp.id}/measures`, { kind: 'protection_supervision', ...court, starts_on: day(0), duration_months: 61 }), 400, 'measure.too_long', ['ends_on']);
  const five = await post(`/api/v1/cases/${jp.id}/measures`, { kind: 'protection_supervision', ...court, starts_on: day(0), duration_months: 60 });
  assert.equal(five.status, 201, five.text);
});

test('a detention order is a measure of kind detention, with its own rules; protection orders and settlement rulings on family violence', async () => {
  const jc = await newCase('juvenile_conflict', { legal_class: 'misdemeanour' });
  assertError(await post(`/api/v1/cases/${jc.id}/measures`, { kind: 'detention', order_number: '1/2026', order_date: day(-1), starts_on: day(-1), ends_on: day(8) }), 400, 'field.required', ['authority']);
  assertError(await post(`/api/v1/cases/${jc.id}/measures`, { kind: 'detention', authority: 'prosecutor', order_number: '1/2026', order_date: day(-1), starts_on: day(-1), ends_on: day(12) }), 400, 'detention.too_long', ['ends_on']);
  const order = await post(`/api/v1/cases/${jc.id}/measures`, { kind: 'detention', authority: 'prosecutor', order_number: '1/2026', order_date: day(-1), starts_on: day(-1), ends_on: day(8) });
  assert.equal(order.status, 201, order.text);
  // the same record in both lists
  assert.equal((await get(`/api/v1/cases/${jc.id}/detention-orders`)).body.in_force, order.body.id);
  const measures = (await get(`/api/v1/cases/${jc.id}/measures`)).body.items;
  assert.deepEqual(measures.map((m) => [m.id, m.kind, m.in_force]), [[order.body.id, 'detention', true]]);
  assert.equal((await tasks(jc)).find((x) => x.kind === 'detention').due_on, day(8));
  // its end through the measures is the release
  const released = await post(`/api/v1/cases/${jc.id}/measures/${order.body.id}/end`, { version: order.body.version, ended_on: day(0), reason: 'إخلاء سبيل' });
  assert.equal(released.status, 200, released.text);
  assert.equal((await get(`/api/v1/cases/${jc.id}/detention-orders`)).body.in_force, null);

  const fv = await newCase('family_violence');
  assertError(await post(`/api/v1/cases/${fv.id}/measures`, { kind: 'protection_order', ...court, starts_on: day(0), duration_months: 6 }), 400, 'field.required', ['terms']);
  assertError(await post(`/api/v1/cases/${fv.id}/measures`, { kind: 'care_home', ...court, starts_on: day(0), duration_months: 6 }), 400, 'measure.case_kind', ['kind']);
  assertError(await post(`/api/v1/cases/${fv.id}/measures`, { kind: 'settlement_ruling', ...court, starts_on: day(0), duration_months: 7, terms: 'حضور جلسات تأهيل' }), 400, 'measure.too_long', ['ends_on']);
  const po = await post(`/api/v1/cases/${fv.id}/measures`, { kind: 'protection_order', ...court, starts_on: day(0), duration_months: 6, terms: 'منع المعتدي من الاقتراب من مسكن الضحية' });
  assert.equal(po.status, 201, po.text);
  assert.equal(po.body.report_months, null);
  const t = await tasks(fv);
  assert.equal(t.find((x) => x.kind === 'measure_end').due_on, po.body.ends_on);
  assert.equal(t.find((x) => x.kind === 'monitor_report'), undefined);
  // the administrator reads no case content
  assert.equal((await get(`/api/v1/cases/${fv.id}/measures`, S.admin)).status, 403);
});
