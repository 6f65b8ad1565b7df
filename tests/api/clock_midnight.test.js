'use strict';
// The legal clocks around midnight in Amman (issue 15), on a server whose clock is set by libfaketime (Debian's
// faketime package; the test is skipped without it): at 23:30 on 28 February 2028, when the day in UTC and in Amman
// is the same, and at 00:30 on 29 February 2028, when Amman has moved to the leap day and UTC has not. What has
// happened "today" is today in Amman, tomorrow is refused; the settlement's extension is dated today in Amman; the
// 14 days, the detention's 10, the 3 months of a report and of a verdict, and a reopening's day after, all count
// from Amman's day. Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after, describe } = require('node:test');
const { LIB } = require('./lib/clock');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

const HOUR = 3600e3;

/**
 * Runs the journeys on a server started at `utc` (the moment its clock starts from), whose date in Amman is `today`.
 * The database is made by the same faked clock, so that nothing in it comes from the real day.
 */
function atMoment(name, utc, today, tomorrow) {
  describe(name, { skip: LIB ? false : 'libfaketime is not installed (Debian package faketime)' }, () => {
    let srv;
    let api;
    const S = {};
    const saved = {};

    before(async () => {
      for (const key of ['LD_PRELOAD', 'FAKETIME', 'ASAN_OPTIONS']) saved[key] = process.env[key];
      process.env.LD_PRELOAD = LIB;
      process.env.FAKETIME = `@${utc.replace('T', ' ').replace('Z', '')}`;
      // the sanitizer's runtime comes after the preloaded library
      process.env.ASAN_OPTIONS = [process.env.ASAN_OPTIONS, 'verify_asan_link_order=0'].filter(Boolean).join(':');
      try {
        srv = await startServer();
      } finally {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
      api = client(srv.base);
      for (const who of ['caseworker', 'supervisor', 'monitor']) S[who] = await api.loginAs(who);
    });

    after(async () => {
      if (srv) {
        await srv.stop();
        srv.cleanup();
      }
    });

    const get = (p, who = S.caseworker) => api.request('GET', p, who);
    const post = (p, body, who = S.caseworker) => api.request('POST', p, { ...who, body });
    async function person(first, sex, role) {
      const r = await post('/api/v1/persons', { first_name: first, father_name: 'علي', family_name: 'النمر', sex });
      assert.equal(r.status, 201, r.text);
      return { person_id: r.body.id, role };
    }
    async function register(body) {
      const r = await post('/api/v1/cases', { summary: 'بلاغ للتجربة', ...body });
      assert.equal(r.status, 201, r.text);
      return r.body;
    }
    const tasksOf = async (c) => Object.fromEntries((await get(`/api/v1/cases/${c.id}/tasks`)).body.items.map((t) => [t.kind, t]));

    test('the server\'s clock is the moment set', async () => {
      const c = await register({ kind: 'family_violence', assign_me: true });
      const lag = Date.parse(c.created_at) - Date.parse(utc);
      assert.ok(lag >= 0 && lag < 5 * 60e3, `created at ${c.created_at}, the clock set at ${utc}`);
    });

    test('a settlement: a session held tomorrow refused, today\'s starts the 14 days, the extension dated today in Amman', async () => {
      const parties = [await person('هبة', 'female', 'victim'), await person('زياد', 'male', 'alleged_perpetrator')];
      const c = await register({ kind: 'family_violence', assign_me: true, persons: parties });
      const consents = [];
      for (const p of parties) {
        const r = await post(`/api/v1/cases/${c.id}/consents`, { person_id: p.person_id, method: 'written', given_on: today, scope: 'الموافقة على التسوية' });
        assert.equal(r.status, 201, r.text);
        consents.push(r.body.id);
      }
      let s = (await post(`/api/v1/cases/${c.id}/settlements`, { consent_ids: consents })).body;
      const sessions = `/api/v1/cases/${c.id}/settlements/${s.id}/sessions`;
      assertError(await post(sessions, { version: s.version, held_on: tomorrow }), 400, 'case.in_future', ['held_on']);
      const held = await post(sessions, { version: s.version, held_on: today });
      assert.equal(held.status, 201, held.text);
      s = held.body;
      const last = new Date(Date.parse(`${today}T00:00:00Z`) + 13 * 24 * HOUR).toISOString().slice(0, 10);
      assert.equal(s.ends_on, last);
      assert.equal((await tasksOf(c)).settlement.due_on, last);
      const extended = await post(`/api/v1/cases/${c.id}/settlements/${s.id}/extension`, { version: s.version, reason: 'طلب الطرفان مهلة' });
      assert.equal(extended.status, 200, extended.text);
      assert.equal(extended.body.extended_on, today);
    });

    test('a report made tomorrow refused, today\'s moves the next 3 calendar months on; a measure ends today, not tomorrow', async () => {
      const c = await register({ kind: 'juvenile_protection', assign_me: true, persons: [await person('تالا', 'female', 'juvenile')] });
      const m = await post(`/api/v1/cases/${c.id}/measures`, { kind: 'care_home', court: 'محكمة أحداث عمان', order_number: '1/2028', order_date: today, starts_on: today, duration_months: 24 });
      assert.equal(m.status, 201, m.text);
      assert.equal(m.body.ends_on, today === '2028-02-29' ? '2030-02-28' : '2030-02-27', 'two years: to the day before, or to the end of a February without its 29th');
      const current = (await get(`/api/v1/cases/${c.id}`)).body;
      assertError(await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.caseworker, body: { version: current.version, last_monitor_report: tomorrow } }), 400, 'case.in_future', ['last_monitor_report']);
      const reported = await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.caseworker, body: { version: current.version, last_monitor_report: today } });
      assert.equal(reported.status, 200, reported.text);
      assert.equal((await tasksOf(c)).monitor_report.due_on, today === '2028-02-29' ? '2028-05-29' : '2028-05-28');
      assert.equal((await get(`/api/v1/cases/${c.id}/measures`)).body.items[0].in_force, true);
      const end = `/api/v1/cases/${c.id}/measures/${m.body.id}/end`;
      assertError(await post(end, { version: m.body.version, ended_on: tomorrow, reason: 'قرار المحكمة' }), 400, 'case.in_future', ['ended_on']);
      const ended = await post(end, { version: m.body.version, ended_on: today, reason: 'قرار المحكمة' });
      assert.equal(ended.status, 200, ended.text);
      assert.deepEqual(Object.keys(await tasksOf(c)), []);
    });

    test('a detention of 10 days from today, a verdict 3 months from a referral today', async () => {
      const c = await register({ kind: 'juvenile_conflict', assign_me: true, legal_class: 'misdemeanour' });
      const tenth = new Date(Date.parse(`${today}T00:00:00Z`) + 9 * 24 * HOUR).toISOString().slice(0, 10);
      const eleventh = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 24 * HOUR).toISOString().slice(0, 10);
      const orders = `/api/v1/cases/${c.id}/detention-orders`;
      assertError(await post(orders, { authority: 'prosecutor', order_number: 'ن/1', order_date: tomorrow, starts_on: today, ends_on: tenth }), 400, 'case.in_future', ['order_date']);
      assertError(await post(orders, { authority: 'prosecutor', order_number: 'ن/1', order_date: today, starts_on: today, ends_on: eleventh }), 400, 'detention.too_long', ['ends_on']);
      const order = await post(orders, { authority: 'prosecutor', order_number: 'ن/1', order_date: today, starts_on: today, ends_on: tenth });
      assert.equal(order.status, 201, order.text);
      assert.equal(order.body.days, 10);
      const referral = await post(`/api/v1/cases/${c.id}/trial-steps`, { kind: 'court_referral', held_on: today });
      assert.equal(referral.status, 201, referral.text);
      const t = await tasksOf(c);
      assert.equal(t.detention.due_on, tenth);
      assert.equal(t.verdict.due_on, today === '2028-02-29' ? '2028-05-29' : '2028-05-28');
    });

    test('reopened now: nothing overdue, a settlement whose days ran out due by the end of Amman\'s next day', async () => {
      const parties = [await person('منى', 'female', 'victim'), await person('سامر', 'male', 'alleged_perpetrator')];
      let c = await register({ kind: 'family_violence', assign_me: true, risk_level: 'low', risk_assessment: 'خطر منخفض', persons: parties });
      const consents = [];
      for (const p of parties) consents.push((await post(`/api/v1/cases/${c.id}/consents`, { person_id: p.person_id, method: 'written', given_on: '2028-01-01', scope: 'تسوية' })).body.id);
      let s = (await post(`/api/v1/cases/${c.id}/settlements`, { consent_ids: consents })).body;
      s = (await post(`/api/v1/cases/${c.id}/settlements/${s.id}/sessions`, { version: s.version, held_on: '2028-01-10' })).body;
      assert.equal((await tasksOf(c)).settlement.overdue, true);
      const move = async (action, extra, who) => {
        const current = (await get(`/api/v1/cases/${c.id}`)).body;
        const r = await post(`/api/v1/cases/${c.id}/transitions`, { version: current.version, action, ...extra }, who);
        assert.equal(r.status, 200, `${action}: ${r.text}`);
        return r.body;
      };
      await move('request_closure', { reason: 'انقطع التواصل' }, S.caseworker);
      await move('approve_closure', {}, S.supervisor);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the reopening in a later second than the assessment
      c = await move('reopen', { reason: 'عادت الأسرة' }, S.supervisor);
      const t = await tasksOf(c);
      assert.deepEqual(Object.values(t).filter((x) => x.overdue), []);
      assert.equal(t.settlement.due_on, tomorrow, 'by the end of the day after the reopening\'s day in Amman');
      assert.equal(Date.parse(t.first_response.due_at), Date.parse(c.reopened_at) + 24 * HOUR);
    });
  });
}

// 23:30 in Amman on 28 February 2028 (20:30 UTC, the same day)
atMoment('at 23:30 on 28 February 2028, Amman time', '2028-02-28T20:30:00Z', '2028-02-28', '2028-02-29');
// 00:30 in Amman on 29 February 2028 (21:30 UTC on the 28th)
atMoment('at 00:30 on 29 February 2028, Amman time', '2028-02-28T21:30:00Z', '2028-02-29', '2028-03-01');
