'use strict';
// Break-glass in real Chromium, in Arabic (docs/security.md "Break-glass"): the police officer, not allowed a
// restricted case of the ministry's office, finds it not found; opens it by emergency access with a reason and his
// words; reads it under a red banner that counts down, read only; the case's supervisor sees who opened it and allows
// changes; the officer ends the access and the case is not found again; the auditor, told by the bell, marks the use
// justified on the review page. Screenshots go to $TAKAMUL_SCREENSHOTS when it is set: break-glass-ar.png,
// break-glass-review-ar.png. Run: node --test tests/browser/break_glass.test.js

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');

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

test('an officer opens a restricted case by emergency access; the supervisor allows changes; the auditor reviews it', async () => {
  const supervisor = await openBrowserPage(browser);
  await signIn(supervisor.page, server.base, 'supervisor');
  const made = await apiJson(supervisor.page, 'POST', '/cases', { kind: 'family_violence', summary: 'تهديد بالقتل، الضحية في المستشفى', sensitivity: 'restricted' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const c = made.body;

  const officer = await openBrowserPage(browser);
  const page = officer.page;
  await signIn(page, server.base, 'officer');
  await page.goto(`${server.base}/#/cases/${c.id}`);
  const card = page.locator('[data-test="break-glass"]');
  await card.waitFor();
  await card.locator('summary').click();
  // no reason, no words: refused beside the fields, nothing opened
  await page.click('[data-test="break-glass-form-submit"]');
  await page.locator('.field-invalid [data-test="break-glass-reason"]').waitFor();
  await page.selectOption('[data-test="break-glass-reason"]', 'danger_to_life');
  await page.fill('[data-test="break-glass-explanation"]', 'اتصلت الضحية من المستشفى الساعة الثانية فجرًا وتحتاج إلى إيواء الليلة');
  await page.click('[data-test="break-glass-form-submit"]');
  const banner = page.locator('[data-test="break-glass-banner"]');
  await banner.waitFor();
  assert.ok((await banner.innerText()).includes(ar['break_glass.banner_read']));
  const first = await text(page, '[data-test="break-glass-left"]');
  await page.waitForFunction((before) => document.querySelector('[data-test="break-glass-left"]').textContent !== before, first);
  assert.equal(await page.locator('[data-test="edit-case"]').count(), 0, 'read only: no edit');
  assert.ok((await text(page, '[data-test="case-title"]')).includes(c.reference));
  await shot(page, 'break-glass-ar.png');

  // the supervisor sees who opened it and allows changes
  await supervisor.page.goto(`${server.base}/#/cases/${c.id}`);
  const use = supervisor.page.locator('[data-test="break-glass-use"]');
  await use.waitFor();
  assert.ok((await use.innerText()).includes('محمود يوسف الزعبي'));
  await supervisor.page.click('[data-test="break-glass-allow-write"]');
  await supervisor.page.locator('[data-test="break-glass-use"]', { hasText: ar['break_glass.write_allowed'] }).waitFor();
  await page.reload();
  await page.locator('[data-test="break-glass-banner"]', { hasText: ar['break_glass.banner_write'] }).waitFor();

  // he ends it: not found again
  await page.click('[data-test="break-glass-end"]');
  await page.locator('[data-test="break-glass"]').waitFor();
  assert.equal((await apiJson(page, 'GET', `/cases/${c.id}`)).status, 404);

  // the auditor: told by the bell, reviews it
  const auditor = await openBrowserPage(browser);
  await signIn(auditor.page, server.base, 'auditor');
  await auditor.page.locator('[data-test="bell-count"]:not([hidden])').waitFor();
  await auditor.page.goto(`${server.base}/#/emergency/${c.id}`);
  const row = auditor.page.locator(`[data-test="break-glass-table"] tbody tr.row-highlight`);
  await row.waitFor();
  assert.ok((await row.innerText()).includes(c.reference));
  await row.locator('[data-test="break-glass-not-justified"]').click();
  await row.locator('.field-error:not([hidden])').waitFor();
  await row.locator('[data-test="break-glass-justified"]').click();
  await auditor.page.locator('.banner-success').waitFor();
  await auditor.page.click('[data-test="break-glass-toggle"]');
  await auditor.page.locator('[data-test="break-glass-verdict"]').first().waitFor();
  assert.equal(await auditor.page.locator('[data-test="break-glass-verdict"]').first().innerText(), ar['break_glass.review.justified']);
  await shot(auditor.page, 'break-glass-review-ar.png');
  for (const p of [supervisor, officer, auditor]) {
    assert.deepEqual(p.problems.filter((x) => !x.includes('404')), []);
    await p.context.close();
  }
});
