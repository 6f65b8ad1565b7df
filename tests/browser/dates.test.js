'use strict';
// Dates in real Chromium: every date is typed day/month/year in one control, whatever the browser's language, and a
// deadline set by a date is shown as that date. In an American English browser (which writes dates month first) the
// demo caseworker, in the English interface, types 12/06/2026 as a case's date of the act and it is stored as 12 June;
// the time of the report is typed as a date and a time ("2:30 pm") and sent as UTC; an impossible day, a short year
// and words are refused beside the field in English without asking the server, and the edit page shows the dates back
// as typed. In Arabic: a note's date typed in Arabic-Indic digits with dashes is read and rewritten day/month/year; a
// follow-up planned for a day is due that day, shown without a time on the case's tasks, in its summary and on the
// home page, in Arabic and English.
// Expects the demo data (server.js starts a fresh demo database). Run: node --test tests/browser/dates.test.js

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, arabicDigits, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

// A demo person (src/domain/demo/demo.c).
const VICTIM = 'هيفاء جميل عودة السرحان';

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

/** Today in Amman, 'YYYY-MM-DD'. */
function ammanToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Amman', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A 'YYYY-MM-DD' date as a date field shows it: day/month/year. */
function typed(day) {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** A calendar date as the interface writes it in `locale` (the month in words, day first), by the page's own Intl. */
function shownDay(page, day, locale, month = 'long') {
  return page.evaluate(([value, loc, style]) => new Intl.DateTimeFormat(loc, { timeZone: 'UTC', year: 'numeric', month: style, day: 'numeric' })
    .format(new Date(`${value}T00:00:00Z`)), [day, locale, month]);
}

/** A new case (family violence unless kind says) of the demo victim, assigned to the signed-in caseworker; its id. */
async function newCase(page, summary, kind = 'family_violence') {
  const found = await apiJson(page, 'GET', `/persons/search?${new URLSearchParams({ q: VICTIM, limit: '1' })}`);
  assert.equal(found.body.items[0].person.full_name, VICTIM);
  const made = await apiJson(page, 'POST', '/cases', {
    kind, summary, persons: [{ person_id: found.body.items[0].person.id, role: 'victim' }], assign_me: true,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body.id;
}

async function toLanguage(page, lang) {
  await page.click('#lang-switch');
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
}

/** The field (its element) that holds the control of `testId`. */
function fieldOf(page, testId) {
  return page.locator('.field', { has: page.locator(`[data-test="${testId}"]`) }).last();
}

test('in an American English browser a date is typed day/month/year: 12/06/2026 is 12 June; bad dates are refused beside the field', async () => {
  const { page, context, problems } = await openBrowserPage(browser, undefined, { locale: 'en-US' });
  try {
    // The browser's own date input would read 12/06/2026 as 6 December here.
    assert.equal(await page.evaluate(() => new Intl.DateTimeFormat().resolvedOptions().locale), 'en-US');
    await signIn(page, server.base, 'caseworker');
    const id = await newCase(page, 'بلاغ لتجربة التواريخ', 'juvenile_conflict');
    await toLanguage(page, 'en');
    await page.goto(`${server.base}/#/cases/${id}/edit`);
    const actDate = page.locator('[data-test="case-act-date"]');
    await actDate.waitFor();

    // One control for every date: a text box, its format under the label, a calendar button; no browser date input
    // to type into.
    assert.equal(await actDate.getAttribute('type'), 'text');
    assert.equal(await text(fieldOf(page, 'case-act-date'), 'label .field-format'), en['form.date_format_hint']);
    assert.equal(await page.locator(`label[for="${await actDate.getAttribute('id')}"] .field-format`).count(), 1, 'the format is not in the name of the box');
    assert.equal(await page.getAttribute('[data-test="case-act-date-calendar"]', 'aria-label'), en['form.date_pick']);
    assert.equal(await page.locator('[data-test="case-edit"] :is(input[type="date"], input[type="datetime-local"]):not([aria-hidden="true"][tabindex="-1"])').count(), 0);
    assert.equal(await text(page, '[data-test="case-edit"] fieldset.field-datetime legend'), `${en['cases.field.reported_at']} ${en['form.required_mark']}`);

    // The calendar button opens the browser's own picker (on a hidden date input); the day picked there comes back
    // into the box day/month/year.
    await page.click('[data-test="case-complaint-date-calendar"]');
    await page.keyboard.press('Escape');
    const complaintPicker = fieldOf(page, 'case-complaint-date').locator('input.date-picker-native');
    assert.equal(await complaintPicker.getAttribute('max'), await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Amman' }).format(new Date())));
    await complaintPicker.evaluate((picker) => {
      picker.value = '2026-11-24';
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    assert.equal(await page.inputValue('[data-test="case-complaint-date"]'), '24/11/2026');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-test')), 'case-complaint-date');

    // Refused beside the field as soon as the user leaves it, in English, and on submit without asking the server.
    let patches = 0;
    page.on('request', (request) => {
      if (request.method() === 'PATCH') patches += 1;
    });
    const complaint = page.locator('[data-test="case-complaint-date"]');
    for (const [typedText, key] of [['31/02/2026', 'form.date_no_such_day'], ['5/3/26', 'form.date_year_full'], ['June 12 2026', 'form.date_format'], ['12/13/2026', 'form.date_no_such_day']]) {
      await complaint.fill(typedText);
      await complaint.press('Tab');
      assert.equal(await text(fieldOf(page, 'case-complaint-date'), '.field-error'), en[key], typedText);
      assert.equal(await complaint.getAttribute('aria-invalid'), 'true');
    }
    await actDate.fill('12/06/2026');
    await page.click('[data-test="case-edit-submit"]');
    assert.equal(await text(page, '[data-test="case-edit"] [data-test="banner-error"]'), en['error.fix_fields']);
    assert.equal(await text(fieldOf(page, 'case-complaint-date'), '.field-error'), en['form.date_no_such_day']);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-test')), 'case-complaint-date');
    assert.equal(await actDate.inputValue(), '12/06/2026', 'the typed date is kept');
    assert.equal(patches, 0, 'a bad date was sent');
    // emptied: no longer a problem
    await complaint.fill('');
    assert.equal(await complaint.getAttribute('aria-invalid'), null);

    // The report's time: a date and a time of day (12-hour with pm accepted), Amman time sent as UTC; a date without
    // its time is refused.
    await page.fill('[data-test="case-reported-at"]', '13.6.2026');
    await page.fill('[data-test="case-reported-at-time"]', '');
    await page.click('[data-test="case-edit-submit"]');
    assert.equal(await text(page, '[data-test="case-edit"] fieldset.field-datetime .field-error'), en['form.time_needed']);
    await page.fill('[data-test="case-reported-at-time"]', '2:30 pm');
    await page.press('[data-test="case-reported-at-time"]', 'Tab');
    assert.equal(await page.inputValue('[data-test="case-reported-at"]'), '13/06/2026', 'the date is rewritten as it was read');
    assert.equal(await page.inputValue('[data-test="case-reported-at-time"]'), '14:30');
    await page.click('[data-test="case-edit-submit"]');
    await page.locator('[data-test="case-title"]').waitFor();
    assert.equal(patches, 1);
    const stored = (await apiJson(page, 'GET', `/cases/${id}`)).body;
    assert.equal(stored.act_date, '2026-06-12');
    assert.equal(stored.reported_at, '2026-06-13T11:30:00Z');
    assert.equal(stored.complaint_date, null);

    // Shown day first, and the form shows the dates back as they are typed.
    assert.equal(await text(page, '[data-test="act-date"]'), '12 June 2026');
    await page.goto(`${server.base}/#/cases/${id}/edit`);
    await actDate.waitFor();
    assert.equal(await actDate.inputValue(), '12/06/2026');
    assert.equal(await page.inputValue('[data-test="case-reported-at"]'), '13/06/2026');
    assert.equal(await page.inputValue('[data-test="case-reported-at-time"]'), '14:30');

    // The cases list's filter takes the same dates: 12/06/2026 is sent as 2026-06-12.
    await page.goto(`${server.base}/#/cases`);
    await page.locator('[data-test="filter-opened-from"]').waitFor();
    await page.fill('[data-test="filter-opened-from"]', '1/12/2026');
    const listed = page.waitForRequest((request) => request.url().includes('/api/v1/cases?') && request.url().includes('opened_from'));
    await page.click('[data-test="cases-filter-submit"]');
    assert.equal(new URL((await listed).url()).searchParams.get('opened_from'), '2026-12-01');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('in Arabic a date typed in Arabic-Indic digits is read; a follow-up planned for a day is due that day, shown without a time', async () => {
  const { page, context, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    const id = await newCase(page, 'بلاغ لتجربة مواعيد المتابعة');
    const today = ammanToday();
    await page.goto(`${server.base}/#/cases/${id}`);
    await page.click('[data-test="tab-notes"]');

    // A note's date typed with Arabic-Indic digits and dashes, no leading zeros: rewritten day/month/year, stored.
    const noteDay = addDays(today, -3);
    const [y, m, d] = noteDay.split('-');
    const noteDate = page.locator('[data-test="note-date"]');
    await noteDate.waitFor();
    assert.equal(await noteDate.inputValue(), arabicDigits(typed(today)), 'today, as the field writes it');
    assert.equal(await text(fieldOf(page, 'note-date'), '.field-format'), ar['form.date_format_hint']);
    assert.equal(await noteDate.getAttribute('dir'), 'ltr');
    await noteDate.fill(arabicDigits(`${Number(d)}-${Number(m)}-${y}`));
    await noteDate.press('Tab');
    assert.equal(await noteDate.inputValue(), arabicDigits(typed(noteDay)));
    await page.fill('[data-test="note-body-input"]', 'اتصال هاتفي مع الأم');
    await page.click('[data-test="note-add-submit"]');
    await page.locator('[data-test="note"]').first().waitFor();
    const notes = (await apiJson(page, 'GET', `/cases/${id}/notes`)).body.items;
    assert.equal(notes[0].occurred_on, noteDay);

    // An impossible date: the Arabic message beside the field.
    await noteDate.fill('٣١/٠٤/٢٠٢٦');
    await noteDate.press('Tab');
    assert.equal(await text(fieldOf(page, 'note-date'), '.field-error'), ar['form.date_no_such_day']);

    // A call planned for a day three days on, the date typed in Arabic-Indic digits.
    const callDay = addDays(today, 3);
    await page.selectOption('[data-test="followup-plan-kind"]', 'call');
    await page.fill('[data-test="followup-plan-first-on"]', arabicDigits(typed(callDay)));
    await page.click('[data-test="followup-plan-submit"]');
    await page.locator('[data-test="followup"][data-kind="call"]').waitFor();

    // The task: due by the end of that day (midnight in Amman after it), given as that day.
    const tasks = (await apiJson(page, 'GET', `/cases/${id}/tasks`)).body.items;
    const followUp = tasks.find((task) => task.kind === 'follow_up');
    assert.ok(followUp, JSON.stringify(tasks));
    assert.equal(followUp.due_on, callDay);
    assert.equal(followUp.due_at, `${callDay}T21:00:00Z`);
    assert.equal(tasks.find((task) => task.kind === 'first_response').due_on, null, 'a deadline at a time of day has no day of its own');
    const dayAr = await shownDay(page, callDay, 'ar-JO-u-nu-arab', 'short');

    // On the case's tasks, its summary and the home page: the day alone, without a time.
    await page.click('[data-test="tab-tasks"]');
    const row = page.locator('[data-test="case-tasks"] [data-test="task"]', { has: page.locator('[data-kind="follow_up"]') });
    await row.waitFor();
    assert.equal(await text(row, '[data-test="task-due"]'), dayAr);
    assert.equal(await row.locator('[data-test="task-due"]').getAttribute('datetime'), followUp.due_at);
    await page.click('[data-test="tab-summary"]');
    assert.equal(await text(page, '[data-test="summary-task"][data-kind="follow_up"] [data-test="summary-task-due"]'), dayAr);
    await page.goto(`${server.base}/#/`);
    const homeRow = page.locator('[data-test="my-tasks"] [data-test="task"]', { has: page.locator(`[data-test="task-case"][href="#/cases/${id}"]`) })
      .filter({ has: page.locator('[data-kind="follow_up"]') });
    await homeRow.waitFor();
    assert.equal(await text(homeRow, '[data-test="task-due"]'), dayAr);
    assert.doesNotMatch(await text(homeRow, '[data-test="task-due"]'), /[:٫]/);

    // In English: day first, no time.
    await toLanguage(page, 'en');
    await homeRow.waitFor();
    assert.equal(await text(homeRow, '[data-test="task-due"]'), await shownDay(page, callDay, 'en-GB', 'short'));
    assert.match(await text(homeRow, '[data-test="task-due"]'), /^\d{1,2} [A-Z][a-z]{2,3} \d{4}$/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
