'use strict';
// The legal clocks on the users' own home page, in real Chromium and in Arabic (issue 15): a social worker sees the
// first response of a report made at 23:30 Amman time due at 23:30 the next day, and it leaves her list once she
// has assessed the risk; a behaviour monitor sees, for a child placed in a care home for two years from 1 March
// 2026, the report he owes (overdue, in red) and the measure's end on 29 February 2028, and once the court ends the
// measure early neither is asked of him any more, the measure shown ended on the case's tab. Every name here is
// synthetic.

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, apiJson: apiThroughPage, codeLabel, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');

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

async function shot(page, name) {
  if (process.env.TAKAMUL_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.TAKAMUL_SCREENSHOTS, name), fullPage: true });
}

const ammanDate = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
/** Text with Arabic-Indic digits written as Western ones, and without marks of direction. */
const western = (s) => s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u200e\u200f\u061c]/g, '');

/** The rows of the home page's task card for a case, by kind: {kind: locator}. */
async function homeRows(page, reference) {
  await page.goto(`${server.base}/#/home`);
  await page.reload();
  const table = page.locator('[data-test="my-tasks"]');
  await table.locator('[data-test="my-tasks-table"]').waitFor();
  const rows = table.locator('[data-test="task"]', { has: page.locator('[data-test="task-case"]', { hasText: reference }) });
  const found = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    found[await row.locator('[data-test="task-kind"]').getAttribute('data-kind')] = row;
  }
  return found;
}

test('a social worker sees the first response of a report made at 23:30 due at 23:30 the next day, until she assesses the risk', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    const codes = (await apiJson(page, 'GET', '/codes')).body;
    const victim = await apiJson(page, 'POST', '/persons', { first_name: 'وعد', father_name: 'سامي', family_name: 'القضاة', sex: 'female' });
    assert.equal(victim.status, 201, JSON.stringify(victim.body));
    const made = await apiJson(page, 'POST', '/cases', {
      kind: 'family_violence', summary: 'بلاغ ليلي عن اعتداء', assign_me: true, reported_at: `${ammanDate(-1)}T23:30:00+03:00`,
      persons: [{ person_id: victim.body.id, role: 'victim' }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const c = made.body;

    let rows = await homeRows(page, c.reference);
    assert.deepEqual(Object.keys(rows), ['first_response']);
    const row = rows.first_response;
    assert.equal(await text(row, '[data-test="task-kind"]'), codeLabel(codes, 'task_kinds', 'first_response'));
    const due = row.locator('[data-test="task-due"]');
    assert.equal(await due.getAttribute('datetime'), `${ammanDate(0)}T20:30:00Z`);
    const shown = western(await due.innerText());
    assert.match(shown, /(23|11):30/, `the due time is not 23:30 in Amman: ${shown}`);
    await shot(page, 'clock-first-response-ar.png');
    assert.ok(shown.includes(String(Number(ammanDate(0).slice(8)))), `not today's date: ${shown}`);

    // she assesses the risk on the case page: the first response leaves her list
    await page.goto(`${server.base}/#/cases/${c.id}`);
    await page.locator('[data-test="summary-task"][data-kind="first_response"]').waitFor();
    const patched = await apiJson(page, 'PATCH', `/cases/${c.id}`, { version: c.version, risk_level: 'medium', risk_assessment: 'تهديد لفظي دون سلاح' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    rows = await homeRows(page, c.reference);
    assert.deepEqual(Object.keys(rows), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a behaviour monitor sees the report he owes and the care home\'s end on 29 February 2028; the measure ended early, neither is asked of him', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'monitor');
    const child = await apiJson(page, 'POST', '/persons', { first_name: 'سلمى', father_name: 'عماد', family_name: 'الرواشدة', sex: 'female', birth_date: '2014-08-08' });
    assert.equal(child.status, 201, JSON.stringify(child.body));
    const made = await apiJson(page, 'POST', '/cases', {
      kind: 'juvenile_protection', summary: 'طفلة بلا رعاية', assign_me: true, persons: [{ person_id: child.body.id, role: 'juvenile' }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const c = made.body;
    let rows = await homeRows(page, c.reference);
    assert.deepEqual(Object.keys(rows), [], 'a report asked with no measure');

    const measure = await apiJson(page, 'POST', `/cases/${c.id}/measures`, {
      kind: 'care_home', court: 'محكمة أحداث عمان', order_number: '31/2026', order_date: '2026-03-01', starts_on: '2026-03-01', duration_months: 24,
    });
    assert.equal(measure.status, 201, JSON.stringify(measure.body));
    const reported = await apiJson(page, 'PATCH', `/cases/${c.id}`, { version: c.version, last_monitor_report: '2026-07-01' });
    assert.equal(reported.status, 200, JSON.stringify(reported.body));

    rows = await homeRows(page, c.reference);
    assert.deepEqual(Object.keys(rows).sort(), ['measure_end', 'monitor_report']);
    // the report of 1 July was due by 1 October: overdue, in red
    assert.equal(await rows.monitor_report.locator('[data-test="task-due"]').getAttribute('datetime'), '2026-10-01T21:00:00Z');
    assert.match(await rows.monitor_report.getAttribute('class'), /row-overdue/);
    const end = rows.measure_end.locator('[data-test="task-due"]');
    assert.equal(await end.getAttribute('datetime'), '2028-02-29T21:00:00Z');
    const shown = western(await end.innerText());
    assert.ok(shown.includes('29') && shown.includes('2028'), `the leap day is not shown: ${shown}`);
    assert.doesNotMatch((await rows.measure_end.getAttribute('class')) || '', /row-overdue/);
    await shot(page, 'clock-monitor-home-ar.png');

    // the court ends the placement today: the report and the end leave his list, the tab shows it ended
    const ended = await apiJson(page, 'POST', `/cases/${c.id}/measures/${measure.body.id}/end`, { version: measure.body.version, ended_on: ammanDate(0), reason: 'قرار المحكمة بتسليم الطفلة لعمتها' });
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    rows = await homeRows(page, c.reference);
    assert.deepEqual(Object.keys(rows), []);
    await page.goto(`${server.base}/#/cases/${c.id}`);
    await page.click('[data-test="tab-measures"]');
    const item = page.locator('[data-test="measure"][data-kind="care_home"]');
    await item.waitFor();
    assert.equal(await text(item, '[data-test="measure-status"]'), ar['homes.ended']);
    assert.equal(await page.locator('[data-test="summary-task"][data-kind="monitor_report"]').count(), 0);
    await shot(page, 'clock-measure-ended-ar.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
