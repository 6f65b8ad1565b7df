'use strict';
// The joint committee's later pages, in real Chromium and in Arabic: a meeting sets up a fact-finding group with two
// members from the two agencies, the group's report is recorded from its page and goes on the next meeting's agenda;
// the police officer corrects his own observation (a stale version said and reloaded), and a supervisor attaches
// her unit's figures to an observation of her unit, drawn as a chart with its table; the register shows the recommendations implemented on time as a chart; an administrator flags the
// committee's secretary; the auditor finds every export on the sharing page's log of data exports. Screenshots go to
// $TAKAMUL_SCREENSHOTS when it is set: committee-group-ar.png, committee-group-en.png, committee-figures-ar.png,
// committee-on-time-ar.png, sharing-exports-ar.png, user-secretary-ar.png. Every name here is synthetic.
// Run: node --test tests/browser/committee_groups.test.js

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

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

async function shot(page, name, options = {}) {
  if (process.env.TAKAMUL_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.TAKAMUL_SCREENSHOTS, name), ...options });
}

const ammanDate = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const typed = (date) => date.split('-').reverse().join('/');
const TASK = 'تقصي أسباب تأخر وصول ملفات الأحداث المنقولين إلى دار التربية.';
const REPORT = 'تبين أن الملفات تُرسل بالبريد بعد يومين من النقل، ولا نموذج موحد للتسليم.';

async function browserPage(who) {
  const opened = await openBrowserPage(browser);
  await signIn(opened.page, server.base, who);
  return opened;
}

test('a meeting sets up a fact-finding group; its report is recorded and goes on the next meeting\'s agenda', async () => {
  const secretary = await browserPage('secretary');
  const { context, page, problems } = secretary;
  try {
    // the secretary plans and opens a meeting
    for (const m of (await apiJson(page, 'GET', '/meetings')).body.items) {
      if (m.status === 'open') await apiJson(page, 'POST', `/meetings/${m.id}/transitions`, { action: 'close', version: m.version });
    }
    const planned = await apiJson(page, 'POST', '/meetings', { held_on: ammanDate(0), place: 'مديرية الأمن العام' });
    assert.equal(planned.status, 201, JSON.stringify(planned.body));
    const meeting = (await apiJson(page, 'POST', `/meetings/${planned.body.id}/transitions`, { action: 'open', version: planned.body.version })).body;
    await page.goto(`${server.base}/#/committee/meetings/${meeting.id}`);
    await page.locator('[data-test="meeting-groups"]').waitFor();
    await page.click('[data-test="group-new"] summary');
    await page.fill('[data-test="group-task"]', TASK);
    await page.fill('[data-test="group-due"]', typed(ammanDate(30)));
    await page.fill('[data-test="group-member-name-0"]', 'الرائد باسل العمري');
    await page.selectOption('[data-test="group-member-agency-0"]', 'psd');
    // a name without its agency is said beside it, nothing sent
    await page.fill('[data-test="group-member-name-1"]', 'سهى الزعبي');
    await page.click('[data-test="group-form-submit"]');
    await page.locator('[data-test="group-form"] .field-error:not([hidden])').first().waitFor();
    assert.equal((await apiJson(page, 'GET', `/fact-finding-groups?meeting_id=${meeting.id}`)).body.items.length, 0);
    await page.selectOption('[data-test="group-member-agency-1"]', 'mosd');
    await page.click('[data-test="group-form-submit"]');
    await page.locator('[data-test="group-task-text"]').waitFor();
    assert.equal(await text(page, '[data-test="group-task-text"]'), TASK);
    assert.equal(await text(page, '[data-test="group-state"]'), ar['committee.group_state.working']);
    const members = await text(page, '[data-test="group-members"]');
    assert.ok(members.includes('الرائد باسل العمري') && members.includes('سهى الزعبي'), members);
    assert.ok(members.includes('وزارة التنمية الاجتماعية') || members.includes(ar['agency.mosd']), members);
    const id = Number(page.url().split('/').pop());
    // a second group, still at work when the meeting's minutes are approved
    const second = await apiJson(page, 'POST', `/meetings/${meeting.id}/fact-finding-groups`, { task: 'متابعة نماذج التسليم', due_on: ammanDate(60), members: [{ name: 'نور الحسن', agency: 'mosd' }] });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    // its report, recorded from its page
    await page.fill('[data-test="group-report"]', REPORT);
    await page.click('[data-test="group-report-form-submit"]');
    await page.locator('[data-test="group-report-text"]').waitFor();
    assert.equal(await text(page, '[data-test="group-state"]'), ar['committee.group_state.reported']);
    assert.equal(await page.locator('[data-test="group-report-form"]').count(), 0, 'read-only once reported');
    await shot(page, 'committee-group-ar.png', { fullPage: true });
    // the list of groups on the committee's tab
    await page.click('[data-test="committee-tab-fact-finding"]');
    await page.locator('[data-test="groups-table"] [data-test="group-link"]').first().waitFor();
    assert.ok((await text(page, '[data-test="groups-table"]')).includes(TASK));
    // the meeting closes; the next one planned holds the report on its agenda
    const now = (await apiJson(page, 'GET', `/meetings/${meeting.id}`)).body;
    await apiJson(page, 'POST', `/meetings/${meeting.id}/transitions`, { action: 'close', version: now.version });
    await page.goto(`${server.base}/#/committee/meetings`);
    await page.fill('[data-test="meeting-date"]', typed(ammanDate(14)));
    await page.fill('[data-test="meeting-place"]', 'وزارة التنمية الاجتماعية');
    await page.click('[data-test="meeting-form-submit"]');
    const item = page.locator('[data-test="agenda-item"][data-kind="fact_finding"]');
    await item.waitFor();
    assert.ok((await item.innerText()).includes(ar['committee.item_kind.fact_finding']));
    await item.locator('[data-test="item-group"]').click();
    await page.locator('[data-test="group-heard-at"]').waitFor();
    // in English
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('[data-test="group-state"]').waitFor();
    assert.equal(await text(page, '[data-test="group-state"]'), en['committee.group_state.reported']);
    await shot(page, 'committee-group-en.png', { fullPage: true });
    // the first meeting's minutes approved at the next: the group still at work may report, but its task and
    // members are no longer offered for editing (the server would refuse them)
    const next = (await apiJson(page, 'GET', '/meetings')).body.items.find((m) => m.status === 'planned');
    const opened = await apiJson(page, 'POST', `/meetings/${next.id}/transitions`, { action: 'open', version: next.version });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    const closed = (await apiJson(page, 'GET', `/meetings/${meeting.id}`)).body;
    const approved = await apiJson(page, 'POST', `/meetings/${meeting.id}/transitions`, { action: 'approve_minutes', at_meeting_id: next.id, version: closed.version });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await page.goto(`${server.base}/#/committee/fact-finding/${second.body.id}`);
    await page.locator('[data-test="group-task-fixed"]').waitFor();
    assert.equal(await text(page, '[data-test="group-task-fixed"]'), en['committee.group_task_fixed']);
    assert.equal(await page.locator('[data-test="group-edit-card"]').count(), 0, 'no edit form once the minutes are approved');
    assert.equal(await page.locator('[data-test="group-report-form"]').count(), 1, 'it may still report');
    assert.ok(id > 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a unit corrects its observation at its version and attaches its figures, drawn as the statistics draw them', async () => {
  const officer = await browserPage('officer');
  try {
    const { page, problems } = officer;
    const o = await apiJson(page, 'POST', '/observations', { category: 'referrals', governorate: 'amman', description: 'تتأخر الإحالات إلى دور الرعاية.', evidence: 'ملخص الوحدة' });
    assert.equal(o.status, 201, JSON.stringify(o.body));
    await page.goto(`${server.base}/#/committee/observations/${o.body.id}`);
    await page.click('[data-test="observation-edit-card"] summary');
    await page.fill('[data-test="observation-edit-description"]', 'تتأخر الإحالات إلى دور الرعاية أكثر من أسبوع.');
    await page.click('[data-test="observation-edit-submit"]');
    await page.waitForFunction(() => (document.querySelector('[data-test="observation-text"]') || {}).textContent === 'تتأخر الإحالات إلى دور الرعاية أكثر من أسبوع.');
    // a change made meanwhile: the stale form says so and reloads
    await page.click('[data-test="observation-edit-card"] summary');
    const current = (await apiJson(page, 'GET', `/observations/${o.body.id}`)).body;
    assert.equal((await apiJson(page, 'PATCH', `/observations/${o.body.id}`, { version: current.version, evidence: 'ملخص محدّث' })).status, 200);
    await page.fill('[data-test="observation-edit-evidence"]', 'ملخص آخر');
    await page.click('[data-test="observation-edit-submit"]');
    const error = page.locator('[data-test="observation-edit"] [data-test="banner-error"]');
    await error.waitFor();
    assert.ok((await error.innerText()).includes(ar['common.reload']));
    assert.equal((await apiJson(page, 'GET', `/observations/${o.body.id}`)).body.evidence, 'ملخص محدّث', 'nothing overwritten');
    // an officer sees no statistics: no figures form
    assert.equal(await page.locator('[data-test="figures-new"]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await officer.context.close();
  }

  const supervisor = await browserPage('supervisor');
  try {
    const { page, problems } = supervisor;
    const o = await apiJson(page, 'POST', '/observations', { category: 'deadlines', governorate: 'amman', description: 'تتجاوز الاستجابة الأولى ٢٤ ساعة في حالات الليل.' });
    assert.equal(o.status, 201, JSON.stringify(o.body));
    await page.goto(`${server.base}/#/committee/observations/${o.body.id}`);
    await page.click('[data-test="figures-new"] summary');
    await page.selectOption('[data-test="figures-indicator"]', 'cases_new');
    await page.selectOption('[data-test="figures-by"]', 'kind');
    await page.click('[data-test="figures-form-submit"]');
    const panel = page.locator('[data-test="figures-0"]');
    await panel.waitFor();
    await panel.locator('[data-test="chart"] svg').first().waitFor();
    const stored = (await apiJson(page, 'GET', `/observations/${o.body.id}`)).body.figures[0];
    assert.equal(stored.table.exact, false);
    const rows = await panel.locator('[data-test="figures-0-table"] tbody tr').count();
    assert.equal(rows, stored.table.rows.length + 1, 'a row for each kind and the total');
    await shot(page, 'committee-figures-ar.png', { fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await supervisor.context.close();
  }
});

test('the register draws the recommendations implemented on time, by month and by agency', async () => {
  const { context, page, problems } = await browserPage('committee');
  try {
    await page.goto(`${server.base}/#/committee/recommendations`);
    const chart = page.locator('[data-test="on-time-chart"]');
    await chart.waitFor();
    await chart.locator('[data-test="chart"] svg').first().waitFor();
    assert.equal(await text(page, '#on-time-title'), ar['committee.on_time_title']);
    await page.selectOption('[data-test="on-time-by"]', 'agency,outcome');
    await page.waitForFunction(() => {
      const table = document.querySelector('[data-test="on-time-chart-table"]');
      return table && /الأمن العام|التنمية الاجتماعية/.test(table.textContent);
    });
    await shot(page, 'committee-on-time-ar.png', { fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
  // the auditor reads the register but sees no statistics: no chart, no failure
  const auditor = await browserPage('auditor');
  try {
    await auditor.page.goto(`${server.base}/#/committee/recommendations`);
    await auditor.page.locator('[data-test="register-table"]').waitFor();
    assert.equal(await auditor.page.locator('[data-test="on-time-chart"]').count(), 0);
  } finally {
    await auditor.context.close();
  }
});

test('an administrator flags the committee\'s secretary; the auditor reads the log of data exports', async () => {
  const admin = await browserPage('admin');
  try {
    const { page, problems } = admin;
    const users = (await apiJson(page, 'GET', '/users?limit=200')).body.items;
    const member = users.find((u) => u.username === 'committee');
    await page.goto(`${server.base}/#/admin/users/${member.id}`);
    const box = page.locator('[data-test="user-secretary"]');
    await box.waitFor();
    await page.waitForFunction(() => {
      const input = document.querySelector('[data-test="user-secretary"]');
      return input && !input.disabled;
    });
    assert.equal(await box.isChecked(), false);
    await box.check();
    await page.click('[data-test="user-secretary-save"]');
    await page.locator('[data-test="user-committee"] [data-test="banner-success"]').waitFor();
    assert.equal((await apiJson(page, 'GET', `/committee/members/${member.id}`)).body.secretary, true);
    await shot(page, 'user-secretary-ar.png', { fullPage: true });
    const officer = users.find((u) => u.username === 'officer');
    await page.goto(`${server.base}/#/admin/users/${officer.id}`);
    await page.locator('[data-test="user-sessions"]').waitFor();
    assert.equal(await page.locator('[data-test="user-committee"]').count(), 0, 'only a committee member can be its secretary');
    assert.deepEqual(problems, []);
  } finally {
    await admin.context.close();
  }
  const auditor = await browserPage('auditor');
  try {
    const { page, problems } = auditor;
    await page.goto(`${server.base}/#/sharing`);
    const row = page.locator('[data-test="exports-table"] [data-test="export-row"]').first();
    await row.waitFor();
    const log = (await apiJson(page, 'GET', '/data-exports?limit=50')).body.items;
    assert.ok(log.length > 0);
    assert.equal(await page.locator('[data-test="exports-table"] [data-test="export-row"]').count(), log.length);
    const evidence = page.locator('[data-test="export-format"][data-format="evidence"]').first();
    await evidence.waitFor();
    assert.equal(await evidence.innerText(), ar['exports.format.evidence']);
    const filters = await text(page, '[data-test="export-filters"]');
    assert.ok(!/[a-z_]+=/.test(filters), `filters shown by their names: ${filters}`);
    await shot(page, 'sharing-exports-ar.png', { fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await auditor.context.close();
  }
});
