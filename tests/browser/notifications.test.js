'use strict';
// The notification bell in real Chromium: the caseworker submits a social study, the supervisor returns it, and the
// caseworker's bell shows one unread (its label saying so in Arabic, the count in Arabic-Indic digits); the panel
// opens from the keyboard, says in words what happened to which case, closes with Escape back on the bell; following
// the link opens the study and marks it read. Approved after a new submission, the study is news again, marked read
// with the item's own button; in English the same panel reads in English; at phone width it fits the screen; the
// supervisor marks all read; an administrator has no bell. Screenshots of the open panel go to $TAKAMUL_SCREENSHOTS
// when it is set. Every name here is synthetic.

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, arabicDigits, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
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

async function shot(page, name) {
  if (process.env.TAKAMUL_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.TAKAMUL_SCREENSHOTS, name) });
}

async function ok(answer, status = 200) {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  return answer.body;
}

// The bell's count as the page shows it ('' when hidden).
async function bellCount(page) {
  const badge = page.locator('[data-test="bell-count"]');
  return (await badge.isHidden()) ? '' : (await badge.innerText()).trim();
}

async function waitBellCount(page, count) {
  await page.waitForFunction((want) => {
    const badge = document.querySelector('[data-test="bell-count"]');
    return badge && badge.dataset.count === String(want);
  }, count);
}

test('the caseworker sees her returned study on the bell, opens it, follows the link, and marks the approval read', async () => {
  const worker = await openBrowserPage(browser);
  const boss = await openBrowserPage(browser);
  const phone = await openBrowserPage(browser, { width: 390, height: 844 });
  const page = worker.page;
  try {
    await signIn(page, server.base, 'caseworker');
    await signIn(boss.page, server.base, 'supervisor');
    // Nothing yet: the bell is there, with no count.
    await waitBellCount(page, 0);
    assert.equal(await bellCount(page), '');
    assert.equal(await page.getAttribute('[data-test="bell"]', 'aria-label'), ar['notifications.button']);
    assert.equal(await page.getAttribute('[data-test="bell"]', 'aria-expanded'), 'false');

    // A study written and submitted through the API, returned by the supervisor.
    const c = await ok(await apiJson(page, 'POST', '/cases', { kind: 'juvenile_protection', summary: 'طفلة دون معيل', assign_me: true }), 201);
    let s = await ok(await apiJson(page, 'POST', `/cases/${c.id}/studies`, {}), 201);
    const sections = s.template_sections.map((x) => ({ key: x.key, body: `نص: ${x.title_ar}` }));
    s = await ok(await apiJson(page, 'PUT', `/studies/${s.id}`, { version: s.version, sections }));
    s = await ok(await apiJson(page, 'POST', `/studies/${s.id}/transitions`, { action: 'submit', version: s.version }));
    s = await ok(await apiJson(boss.page, 'POST', `/studies/${s.id}/transitions`, { action: 'return', version: s.version, comment: 'أكملي قسم المدرسة' }));

    // On the next page drawn the bell says one unread, in Arabic-Indic digits.
    await page.click('[data-test="nav-cases"]');
    await waitBellCount(page, 1);
    assert.equal(await bellCount(page), arabicDigits(1));
    assert.equal(await page.getAttribute('[data-test="bell"]', 'aria-label'), format(ar, 'notifications.button_unread', { count: arabicDigits(1) }));

    // Opened from the keyboard: the panel's heading takes the focus; the item says what happened to which case.
    await page.focus('[data-test="bell"]');
    await page.keyboard.press('Enter');
    const panel = page.locator('[data-test="notifications-panel"]');
    await panel.waitFor();
    assert.equal(await page.getAttribute('[data-test="bell"]', 'aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'notifications-title');
    assert.equal(await text(panel, '#notifications-title'), ar['notifications.title']);
    const item = panel.locator('[data-test="notification"][data-kind="study_returned"]');
    await item.waitFor();
    assert.equal(await item.getAttribute('data-read'), 'false');
    assert.equal(await text(item, '[data-test="notification-link"]'), format(ar, 'notifications.kind.study_returned', { reference: c.reference }));
    assert.equal(await item.locator('[data-test="notification-link"]').getAttribute('href'), `#/studies/${s.id}`);
    assert.equal(await text(item, '[data-test="notification-reference"]'), c.reference);
    assert.equal(await item.locator('[data-test="notification-reference"]').getAttribute('dir'), 'ltr');
    await shot(page, 'notifications-ar.png');
    // Escape closes it, back on the bell.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.dataset.test), 'bell');
    // A click outside closes it too.
    await page.click('[data-test="bell"]');
    await panel.waitFor();
    await page.click('#main');
    await panel.waitFor({ state: 'hidden' });

    // Following the link opens the study, closes the panel and marks it read.
    await page.click('[data-test="bell"]');
    let marked = page.waitForResponse((r) => r.url().endsWith('/api/v1/notifications/read'));
    await item.locator('[data-test="notification-link"]').click();
    await page.waitForURL(new RegExp(`#/studies/${s.id}$`));
    await page.locator('[data-test="study-title"]').waitFor();
    assert.equal(await panel.isHidden(), true);
    await waitBellCount(page, 0);
    assert.equal((await marked).status(), 204);
    let stored = await ok(await apiJson(page, 'GET', '/notifications'));
    assert.deepEqual(stored.items.map((n) => [n.kind, n.read]), [['study_returned', true]]);
    assert.equal(stored.unread_count, 0);

    // Submitted again and approved: news again, marked read with the item's own button.
    s = await ok(await apiJson(page, 'GET', `/studies/${s.id}`));
    s = await ok(await apiJson(page, 'POST', `/studies/${s.id}/transitions`, { action: 'submit', version: s.version }));
    await ok(await apiJson(boss.page, 'POST', `/studies/${s.id}/transitions`, { action: 'approve', version: s.version }));
    await page.click('[data-test="nav-home"]');
    await waitBellCount(page, 1);
    await page.click('[data-test="bell"]');
    const approved = panel.locator('[data-test="notification"][data-kind="study_approved"]');
    await approved.waitFor();
    assert.equal(await text(approved, '[data-test="notification-link"]'), format(ar, 'notifications.kind.study_approved', { reference: c.reference }));
    assert.equal(await panel.locator('[data-kind="study_returned"]').count(), 0, 'the return is over');
    const mark = approved.locator('[data-test="notification-mark"]');
    assert.equal(await mark.getAttribute('aria-label'), format(ar, 'notifications.mark_one_label', { what: format(ar, 'notifications.kind.study_approved', { reference: c.reference }) }));
    marked = page.waitForResponse((r) => r.url().endsWith('/api/v1/notifications/read'));
    await mark.focus();
    await page.keyboard.press('Enter');
    await waitBellCount(page, 0);
    assert.equal((await marked).status(), 204);
    // the button went with the item's unread state; the focus stays in the panel
    assert.equal(await page.evaluate(() => document.activeElement.id), 'notifications-title');
    assert.equal(await panel.isVisible(), true);
    await page.waitForFunction(() => document.querySelector('[data-test="notification"][data-kind="study_approved"]')?.dataset.read === 'true');
    assert.equal(await approved.locator('[data-test="notification-mark"]').count(), 0);
    stored = await ok(await apiJson(page, 'GET', '/notifications?unread=true'));
    assert.deepEqual(stored.items, []);

    // In English the same panel reads in English, the reference left to right.
    await page.keyboard.press('Escape');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.click('[data-test="bell"]');
    await panel.locator('[data-test="notification"]').first().waitFor();
    assert.equal(await text(panel, '#notifications-title'), en['notifications.title']);
    assert.equal(await text(approved, '[data-test="notification-link"]'), format(en, 'notifications.kind.study_approved', { reference: c.reference }));
    await shot(page, 'notifications-en.png');

    // At phone width the open panel is no wider than the screen.
    await signIn(phone.page, server.base, 'caseworker');
    await shot(phone.page, 'notifications-ar-phone-closed.png');
    await phone.page.click('[data-test="bell"]');
    const small = phone.page.locator('[data-test="notifications-panel"]');
    await small.locator('[data-test="notification"]').first().waitFor();
    const box = await small.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
    assert.equal(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await shot(phone.page, 'notifications-ar-phone.png');

    // The supervisor marks all read: a case registered without a worker is hers to assign within hours.
    await ok(await apiJson(page, 'POST', '/cases', { kind: 'inmate_family', summary: 'أسرة نزيل' }), 201);
    await boss.page.click('[data-test="nav-cases"]');
    await waitBellCount(boss.page, 1);
    await boss.page.click('[data-test="bell"]');
    const bossPanel = boss.page.locator('[data-test="notifications-panel"]');
    const task = bossPanel.locator('[data-test="notification"][data-kind="task_due"]');
    await task.waitFor();
    assert.match(await text(task, '[data-test="notification-link"]'), new RegExp(ar['notifications.kind.task_due'].split('«')[0]));
    marked = boss.page.waitForResponse((r) => r.url().endsWith('/api/v1/notifications/read'));
    await bossPanel.locator('[data-test="notifications-mark-all"]').click();
    await waitBellCount(boss.page, 0);
    assert.equal((await marked).status(), 204);
    assert.equal(await bossPanel.locator('[data-test="notifications-mark-all"]').isDisabled(), true);
    assert.equal((await ok(await apiJson(boss.page, 'GET', '/notifications'))).unread_count, 0);
    assert.equal(await bossPanel.locator('[data-test="notification"][data-read="false"]').count(), 0);

    for (const { problems } of [worker, boss, phone]) assert.deepEqual(problems, []);
  } finally {
    await worker.context.close();
    await boss.context.close();
    await phone.context.close();
  }
});

test('an administrator, who reads no case, has no bell', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'admin');
    assert.equal(await page.locator('[data-test="bell"]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
