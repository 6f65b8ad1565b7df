'use strict';
// The follow-up schedule of a case in real Chromium, as the demo caseworker in Arabic: on the notes tab she plans three
// home visits a week apart (the form's own checks and the server's refusal of a past date shown beside the fields,
// the typed values kept), sees the three planned contacts with their dates, records the first through "Record" (the
// note form filled and linked to it; the note appears and the contact shows as done with a way to its note; a note of
// another kind is refused beside the link), cancels the second with a reason (shown with the reason), sees a contact
// past its date marked overdue, and a contact cancelled elsewhere meanwhile refused beside the link with the server's
// message. The history names the changes in words; the page in English; the tab fits a phone; a closed case shows the
// schedule without the form or the buttons.
// Expects the demo data (server.js starts a fresh demo database). Run: node --test tests/browser/case_followups.test.js

const assert = require('node:assert/strict');
const { databaseSql } = require('../api/lib/pg');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, arabicDigits, codeLabel, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');
const ASCII_DIGIT = /[0-9]/;

// A demo person (src/domain/demo/demo.c).
const VICTIM = 'هيفاء جميل عودة السرحان';
// The server's messages (src/api/messages.c), as the Arabic interface must show them.
const DATE_PAST_AR = 'لا يمكن أن يكون التاريخ في الماضي';
const FOLLOWUP_CLOSED_AR = 'هذه المتابعة سُجّلت أو أُلغيت من قبل';
const FOLLOWUP_KIND_AR = 'نوع الملاحظة يختلف عن نوع المتابعة المخطط لها';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'takamul serve did not exit cleanly on SIGTERM');
});

/** 'YYYY-MM-DD' `days` after `day`. */
function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A 'YYYY-MM-DD' date as it is typed in a date field: day/month/year. */
function typed(day) {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** Today in Amman, 'YYYY-MM-DD'. */
function ammanToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Amman', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A calendar date as the interface writes it in `locale`, formatted by the page's own Intl. */
function shownDay(page, day, locale = 'ar-JO-u-nu-arab') {
  return page.evaluate(([value, loc]) => new Intl.DateTimeFormat(loc, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' })
    .format(new Date(`${value}T00:00:00Z`)), [day, locale]);
}

test('a caseworker plans home visits on the notes tab, records one as a note, cancels one with a reason; in English too', async () => {
  const worker = await openBrowserPage(browser);
  const boss = await openBrowserPage(browser);
  const page = worker.page;
  try {
    await signIn(page, server.base, 'caseworker');
    await signIn(boss.page, server.base, 'supervisor');
    const me = (await apiJson(page, 'GET', '/me')).body;
    const csrf = me.csrf_token;
    const codes = (await apiJson(page, 'GET', '/codes')).body;
    const found = await apiJson(page, 'GET', `/persons/search?${new URLSearchParams({ q: VICTIM, limit: '1' })}`);
    assert.equal(found.body.items[0].person.full_name, VICTIM);
    const created = await apiJson(page, 'POST', '/cases', {
      kind: 'family_violence', summary: 'متابعة أسرة بعد بلاغ عنف', persons: [{ person_id: found.body.items[0].person.id, role: 'victim' }],
    }, csrf);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const today = ammanToday();
    const visitLabel = codeLabel(codes, 'note_kinds', 'home_visit');

    // The notes tab: the schedule, empty, above the note form.
    await page.goto(`${server.base}/#/cases/${id}`);
    await page.click('[data-test="tab-notes"]');
    const schedule = page.locator('[data-test="panel-notes"] [data-test="followups"]');
    await schedule.waitFor();
    assert.equal(await text(schedule, 'h3'), ar['cases.followup.title']);
    assert.equal(await text(schedule, '[data-test="followups-empty"]'), ar['cases.followup.empty']);
    assert.equal(await page.evaluate(() => {
      const followups = document.querySelector('[data-test="panel-notes"] [data-test="followups"]');
      const noteForm = document.querySelector('[data-test="panel-notes"] [data-test="note-add-section"]');
      return Boolean(followups.compareDocumentPosition(noteForm) & Node.DOCUMENT_POSITION_FOLLOWING);
    }), true, 'the schedule comes before the note form');
    assert.equal(await page.isVisible('[data-test="note-followup"]'), false, 'the note form records no follow-up until asked');

    // The kinds offered are the four contacts, labelled as the notes are; the first date cannot be before today.
    const offered = await page.locator('[data-test="followup-plan-kind"] option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
    assert.deepEqual(offered.sort(), ['call', 'conference', 'home_visit', 'session']);
    assert.equal(await page.locator('[data-test="followup-plan-kind"] option[value="home_visit"]').innerText(), visitLabel);
    assert.equal(await page.getAttribute('[data-test="followup-plan"] .date-picker-native', 'min'), today);
    assert.equal(await page.inputValue('[data-test="followup-plan-count"]'), '١');

    // An empty plan marks the kind and the date and sends nothing.
    await page.click('[data-test="followup-plan-submit"]');
    await page.locator('[data-test="followup-plan-kind"][aria-invalid="true"]').waitFor();
    assert.equal(await page.getAttribute('[data-test="followup-plan-first-on"]', 'aria-invalid'), 'true');
    assert.equal(await text(page, '[data-test="followup-plan"] [data-test="banner-error"]'), ar['error.fix_fields']);
    assert.equal((await apiJson(page, 'GET', `/cases/${id}/followups`)).body.items.length, 0);

    // Three contacts need the days between them (in Arabic-Indic digits, as an Arabic keyboard types them).
    await page.selectOption('[data-test="followup-plan-kind"]', 'home_visit');
    await page.fill('[data-test="followup-plan-first-on"]', typed(today));
    await page.fill('[data-test="followup-plan-count"]', '٣');
    await page.fill('[data-test="followup-plan-participants"]', 'الأم والطفلة');
    await page.click('[data-test="followup-plan-submit"]');
    await page.locator('[data-test="followup-plan-every"][aria-invalid="true"]').waitFor();
    assert.match(await text(page, '[data-test="followup-plan"]'), new RegExp(ar['cases.followup.every_needed']));

    // A first date before today: the server's Arabic refusal beside the date, every typed value kept.
    await page.fill('[data-test="followup-plan-every"]', '٧');
    await page.fill('[data-test="followup-plan-first-on"]', typed(addDays(today, -1)));
    await page.click('[data-test="followup-plan-submit"]');
    await page.locator('[data-test="followup-plan-first-on"][aria-invalid="true"]').waitFor();
    const dateError = page.locator('[data-test="followup-plan"] .field-invalid .field-error');
    assert.equal((await dateError.innerText()).trim(), DATE_PAST_AR);
    assert.equal(await page.inputValue('[data-test="followup-plan-kind"]'), 'home_visit');
    assert.equal(await page.inputValue('[data-test="followup-plan-every"]'), '٧');
    assert.equal(await page.inputValue('[data-test="followup-plan-count"]'), '٣');
    assert.equal(await page.inputValue('[data-test="followup-plan-participants"]'), 'الأم والطفلة');
    assert.equal((await apiJson(page, 'GET', `/cases/${id}/followups`)).body.items.length, 0);

    // From today, every seven days: three planned visits, soonest first, on the same tab.
    await page.fill('[data-test="followup-plan-first-on"]', typed(today));
    await page.click('[data-test="followup-plan-submit"]');
    await page.locator('[data-test="followup"]').nth(2).waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), ar['cases.followup.planned_done']);
    assert.equal(await page.getAttribute('[data-test="tab-notes"]', 'aria-selected'), 'true', 'the page is drawn again on the same tab');
    const dates = [today, addDays(today, 7), addDays(today, 14)];
    let stored = (await apiJson(page, 'GET', `/cases/${id}/followups`)).body.items;
    assert.deepEqual(stored.map((f) => [f.kind, f.due_on, f.status, f.participants]), dates.map((day) => ['home_visit', day, 'planned', 'الأم والطفلة']));
    assert.equal((await apiJson(page, 'GET', `/cases/${id}`)).body.next_planned_follow_up, today);
    const items = page.locator('[data-test="followup"]');
    assert.equal(await items.count(), 3);
    for (let i = 0; i < 3; i += 1) {
      const item = items.nth(i);
      assert.equal(await item.getAttribute('data-id'), String(stored[i].id));
      assert.equal(await text(item, '[data-test="followup-date"]'), await shownDay(page, dates[i]));
      assert.equal(await text(item, '[data-test="followup-kind"]'), visitLabel);
      assert.equal(await text(item, '[data-test="followup-status"]'), ar['cases.followup.status.planned']);
      assert.equal(await text(item, '[data-test="followup-participants"]'), 'الأم والطفلة');
      assert.equal(await item.locator('[data-test="followup-record"]').innerText(), ar['cases.followup.record']);
      assert.equal(await item.locator('[data-test="followup-cancel"]').innerText(), ar['cases.followup.cancel']);
      assert.equal(await item.locator('[data-test="overdue-badge"]').count(), 0, 'a contact from today on is not overdue');
    }

    // "Record" on the first fills the note form and links the note to it; a note of another kind is refused
    // beside the link with the server's message, the text kept.
    await items.nth(0).locator('[data-test="followup-record"]').click();
    const link = page.locator('[data-test="note-followup"]');
    await link.waitFor();
    assert.equal(await text(link, '[data-test="note-followup-text"]'), format(ar, 'cases.followup.recording', { kind: visitLabel, date: await shownDay(page, today) }));
    assert.equal(await page.inputValue('[data-test="note-kind"]'), 'home_visit');
    assert.equal(await page.inputValue('[data-test="note-date"]'), arabicDigits(typed(today)));
    assert.equal(await page.inputValue('[data-test="note-participants"]'), 'الأم والطفلة');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-test')), 'note-body-input');
    await page.fill('[data-test="note-body-input"]', 'زيارة منزلية: الطفلة في المدرسة والأم ملتزمة بخطة السلامة');
    await page.selectOption('[data-test="note-kind"]', 'call');
    await page.click('[data-test="note-add-submit"]');
    await page.locator('[data-test="note-followup"][aria-invalid="true"]').waitFor();
    assert.equal((await link.locator('.field-error').innerText()).trim(), FOLLOWUP_KIND_AR);
    assert.equal(await page.inputValue('[data-test="note-body-input"]'), 'زيارة منزلية: الطفلة في المدرسة والأم ملتزمة بخطة السلامة');
    assert.equal((await apiJson(page, 'GET', `/cases/${id}/notes`)).body.items.length, 0);
    await page.selectOption('[data-test="note-kind"]', 'home_visit');
    await page.click('[data-test="note-add-submit"]');
    await page.locator('[data-test="notes"] [data-test="note"][data-kind="home_visit"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), ar['cases.followup.recorded']);
    assert.equal(await text(page, '[data-test="note-body"]'), 'زيارة منزلية: الطفلة في المدرسة والأم ملتزمة بخطة السلامة');
    const note = (await apiJson(page, 'GET', `/cases/${id}/notes`)).body.items[0];
    stored = (await apiJson(page, 'GET', `/cases/${id}/followups`)).body.items;
    assert.deepEqual([stored[0].status, stored[0].note_id], ['done', note.id]);
    const done = page.locator(`[data-test="followup"][data-id="${stored[0].id}"]`);
    assert.equal(await done.getAttribute('data-status'), 'done');
    assert.equal(await text(done, '[data-test="followup-status"]'), ar['cases.followup.status.done']);
    assert.match(await done.innerText(), new RegExp(me.user.full_name));
    assert.equal(await done.locator('[data-test="followup-record"], [data-test="followup-cancel"]').count(), 0);
    assert.equal(await page.isVisible('[data-test="note-followup"]'), false, 'the note form is drawn again without the link');
    // Its way to the note: the note is focused.
    await done.locator('[data-test="followup-note"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-note-id')), String(note.id));
    assert.equal((await apiJson(page, 'GET', `/cases/${id}`)).body.next_planned_follow_up, dates[1]);

    // "Record" then "don't link": the note form forgets the follow-up.
    await page.locator('[data-test="followup"]').nth(2).locator('[data-test="followup-record"]').click();
    await link.waitFor();
    await page.click('[data-test="note-followup-clear"]');
    assert.equal(await page.isVisible('[data-test="note-followup"]'), false);

    // "Cancel" on the second asks for a reason in a dialog; none is refused there; with one, it is cancelled.
    await page.locator(`[data-test="followup"][data-id="${stored[1].id}"] [data-test="followup-cancel"]`).click();
    const dialog = page.locator('[data-test="followup-cancel-dialog"]');
    await dialog.waitFor();
    assert.equal(await text(dialog, 'h2'), ar['cases.followup.cancel_title']);
    assert.equal(await text(dialog, '.dialog-lead'), format(ar, 'cases.followup.cancel_lead', { kind: visitLabel, date: await shownDay(page, dates[1]) }));
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-test')), 'followup-cancel-reason');
    await page.click('[data-test="followup-cancel-form-submit"]');
    await page.locator('[data-test="followup-cancel-reason"][aria-invalid="true"]').waitFor();
    assert.equal((await apiJson(page, 'GET', `/cases/${id}/followups`)).body.items[1].status, 'planned');
    await page.fill('[data-test="followup-cancel-reason"]', 'انتقلت الأسرة مؤقتاً إلى بيت الجد في إربد');
    await page.click('[data-test="followup-cancel-form-submit"]');
    await page.locator(`[data-test="followup"][data-id="${stored[1].id}"][data-status="cancelled"]`).waitFor();
    assert.equal(await dialog.count(), 0, 'the dialog is closed');
    assert.equal(await text(page, '[data-test="banner-success"]'), ar['cases.followup.cancelled_done']);
    const cancelled = page.locator(`[data-test="followup"][data-id="${stored[1].id}"]`);
    assert.equal(await text(cancelled, '[data-test="followup-status"]'), ar['cases.followup.status.cancelled']);
    assert.equal(await text(cancelled, '[data-test="followup-reason"]'), 'انتقلت الأسرة مؤقتاً إلى بيت الجد في إربد');
    assert.equal(await cancelled.locator('[data-test="followup-record"], [data-test="followup-cancel"]').count(), 0);
    stored = (await apiJson(page, 'GET', `/cases/${id}/followups`)).body.items;
    assert.deepEqual(stored.map((f) => f.status), ['done', 'cancelled', 'planned']);
    assert.equal(stored[1].reason, 'انتقلت الأسرة مؤقتاً إلى بيت الجد في إربد');

    // A contact past its date is marked overdue (its date moved back in the database: the server has no clock to set).
    if (server.db) {
      databaseSql(server.db, `UPDATE case_followups SET due_on = '${addDays(today, -3)}' WHERE id = ${stored[2].id}`);
      await page.reload();
      await page.click('[data-test="tab-notes"]');
      const late = page.locator(`[data-test="followup"][data-id="${stored[2].id}"]`);
      await late.waitFor();
      assert.equal(await late.getAttribute('data-overdue'), 'true');
      assert.equal(await text(late, '[data-test="overdue-badge"]'), ar['cases.overdue']);
      assert.equal(await page.locator('[data-test="followup"] [data-test="overdue-badge"]').count(), 1, 'only the late one');
      assert.equal(await page.locator('[data-test="followup"]').first().getAttribute('data-id'), String(stored[2].id), 'soonest first');
    }

    // Recording a contact cancelled elsewhere meanwhile: the server's message, the text kept.
    await page.locator(`[data-test="followup"][data-id="${stored[2].id}"] [data-test="followup-record"]`).click();
    await page.fill('[data-test="note-body-input"]', 'اتصال لم يتم');
    const elsewhere = await apiJson(page, 'POST', `/cases/${id}/followups/${stored[2].id}/cancel`, { reason: 'أُلغي من مكان آخر' }, csrf);
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    await page.click('[data-test="note-add-submit"]');
    await page.locator('[data-test="note-followup"][aria-invalid="true"]').waitFor();
    assert.equal((await link.locator('.field-error').innerText()).trim(), FOLLOWUP_CLOSED_AR);
    assert.equal(await page.inputValue('[data-test="note-body-input"]'), 'اتصال لم يتم');
    assert.equal((await apiJson(page, 'GET', `/cases/${id}/notes`)).body.items.length, 1);

    // The history names the changes in words, in Arabic.
    await page.reload();
    await page.click('[data-test="tab-history"]');
    const planned = page.locator('[data-test="history-item"][data-action="case.followups.plan"]');
    await planned.waitFor();
    assert.equal(await text(planned, '[data-test="history-action"]'), ar['history.case.followups.plan']);
    assert.equal(await text(planned, '[data-test="history-detail"]'), format(ar, 'history.followups_planned', { kind: visitLabel, count: arabicDigits(3), date: await shownDay(page, today) }));
    assert.equal(await text(page, '[data-test="history-item"][data-action="case.followup.done"] [data-test="history-action"]'), ar['history.case.followup.done']);
    assert.equal(await page.locator('[data-test="history-item"][data-action="case.followup.cancel"]').count(), 2);
    assert.match(await text(page, '[data-test="history-item"][data-action="case.followup.cancel"] [data-test="history-detail"]'), /أُلغي من مكان آخر/);

    // In English: the labels, the statuses, the dates in ASCII digits, the reason as typed.
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('[data-test="case-title"]').waitFor();
    await page.click('[data-test="tab-notes"]');
    await schedule.waitFor();
    assert.equal(await text(schedule, 'h3'), en['cases.followup.title']);
    const byId = (followup) => page.locator(`[data-test="followup"][data-id="${followup.id}"]`);
    assert.equal(await page.locator('[data-test="followup"]').count(), 3);
    assert.equal(await text(byId(stored[0]), '[data-test="followup-status"]'), en['cases.followup.status.done']);
    assert.equal(await text(byId(stored[0]), '[data-test="followup-kind"]'), codeLabel(codes, 'note_kinds', 'home_visit', 'en'));
    assert.equal(await text(byId(stored[0]), '[data-test="followup-date"]'), await shownDay(page, today, 'en-GB'));
    assert.equal(await text(byId(stored[1]), '[data-test="followup-status"]'), en['cases.followup.status.cancelled']);
    assert.equal(await text(byId(stored[1]), '[data-test="followup-reason"]'), 'انتقلت الأسرة مؤقتاً إلى بيت الجد في إربد');
    assert.match(await text(byId(stored[1]), '.followup-reason'), new RegExp(en['cases.followup.reason']));
    assert.equal(await text(page, '[data-test="followup-plan-section"] h4'), en['cases.followup.plan']);
    assert.equal(await text(page, '[data-test="followup-plan-submit"]'), en['cases.followup.plan_submit']);
    assert.match(await text(page, '[data-test="followup-plan"]'), new RegExp(en['cases.followup.count']));
    assert.doesNotMatch(await text(schedule, '[data-test="followup-list"]'), /[\u0660-\u0669]/);
    // a new plan in English, from next week: one planned call, and its buttons in English
    await page.selectOption('[data-test="followup-plan-kind"]', 'call');
    await page.fill('[data-test="followup-plan-first-on"]', typed(addDays(today, 7)));
    await page.click('[data-test="followup-plan-submit"]');
    const call = page.locator('[data-test="followup"][data-kind="call"]');
    await call.waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), en['cases.followup.planned_done']);
    assert.equal(await text(call, '[data-test="followup-status"]'), en['cases.followup.status.planned']);
    assert.equal(await call.locator('[data-test="followup-record"]').innerText(), en['cases.followup.record']);
    assert.equal(await call.locator('[data-test="followup-cancel"]').getAttribute('aria-label'), format(en, 'cases.followup.cancel_label', {
      kind: codeLabel(codes, 'note_kinds', 'call', 'en'), date: await shownDay(page, addDays(today, 7), 'en-GB'),
    }));
    await page.click('[data-test="tab-history"]');
    assert.equal(await text(page, '[data-test="history-item"] [data-test="history-action"]'), en['history.case.followups.plan']);
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'ar');
    await page.locator('[data-test="case-title"]').waitFor();

    // A closed case: the schedule without the form, the buttons or the note form.
    const current = (await apiJson(page, 'GET', `/cases/${id}`)).body;
    const asked = await apiJson(page, 'POST', `/cases/${id}/transitions`, { version: current.version, action: 'request_closure', reason: 'اكتمل العمل' }, csrf);
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const bossCsrf = (await apiJson(boss.page, 'GET', '/me')).body.csrf_token;
    const awaiting = (await apiJson(boss.page, 'GET', `/cases/${id}`)).body;
    const approved = await apiJson(boss.page, 'POST', `/cases/${id}/transitions`, { version: awaiting.version, action: 'approve_closure' }, bossCsrf);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await page.reload();
    await page.locator('[data-test="stage-tag"][data-stage="closed"]').waitFor();
    await page.click('[data-test="tab-notes"]');
    await page.locator('[data-test="followup"]').nth(3).waitFor();
    assert.equal(await page.locator('[data-test="followup-plan"]').count(), 0);
    assert.equal(await page.locator('[data-test="followup-record"], [data-test="followup-cancel"]').count(), 0);
    assert.equal(await page.locator('[data-test="note-add"]').count(), 0);
    assert.doesNotMatch(await text(schedule, '[data-test="followup-list"]'), ASCII_DIGIT);

    assert.deepEqual(worker.problems, []);
    assert.deepEqual(boss.problems, []);
  } finally {
    await worker.context.close();
    await boss.context.close();
  }
});

test('the notes tab with its schedule fits a phone', async () => {
  const { context, page, problems } = await openBrowserPage(browser, { width: 390, height: 844 });
  try {
    await signIn(page, server.base, 'caseworker');
    const csrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;
    const created = await apiJson(page, 'POST', '/cases', { kind: 'family_violence', summary: 'حالة للهاتف' }, csrf);
    assert.equal(created.status, 201);
    const plan = await apiJson(page, 'POST', `/cases/${created.body.id}/followups`, {
      kind: 'conference', first_on: ammanToday(), every_days: 14, count: 2, participants: 'الأخصائية، المرشدة التربوية، ممثل إدارة حماية الأسرة والأحداث',
    }, csrf);
    assert.equal(plan.status, 201, JSON.stringify(plan.body));
    await page.goto(`${server.base}/#/cases/${created.body.id}`);
    await page.click('[data-test="tab-notes"]');
    await page.locator('[data-test="followup"]').nth(1).waitFor();
    await page.locator('[data-test="followup-record"]').first().click();
    await page.locator('[data-test="note-followup"]').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the notes tab is ${width}px wide on a 390px screen`);
    // the buttons stay inside their row
    const overflow = await page.evaluate(() => [...document.querySelectorAll('[data-test="followup"]')].some((row) => {
      const box = row.getBoundingClientRect();
      return [...row.querySelectorAll('button')].some((button) => {
        const b = button.getBoundingClientRect();
        return b.left < box.left - 1 || b.right > box.right + 1;
      });
    }));
    assert.equal(overflow, false);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
