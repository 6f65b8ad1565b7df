'use strict';
// Two-step sign-in in real Chromium, in Arabic (docs/security.md "Second factor"): the demo supervisor, whose role
// needs a second factor, signs in and is held on its page; sets it up from the QR code the server drew (the code is
// worked out here from the key shown under it, as an authenticator app does, the key's groups of four each whole on a
// line and the steps counted in Arabic-Indic digits); sees the ten recovery codes once and
// goes on to the page first asked for. Signed out and in again, the password is not enough: the page asks for the code, a wrong
// one is refused in Arabic and the field emptied, the right one signs in. Screenshots go to $TAKAMUL_SCREENSHOTS when
// it is set: second-factor-ar.png, login-code-ar.png. Run: node --test tests/browser/second_factor.test.js

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, openBrowserPage } = require('./chromium');
const { text, interfaceStrings, totp } = require('./page_helpers');

const ar = interfaceStrings('ar');
let server;
let browser;

before(async () => {
  server = await startServer({ settings: { second_factor_roles: 88 } });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'takamul serve did not exit cleanly on SIGTERM');
});

async function shot(page, name) {
  if (process.env.TAKAMUL_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.TAKAMUL_SCREENSHOTS, name), fullPage: true });
}

async function typeLogin(page, password) {
  await page.goto(`${server.base}/`);
  await page.locator('#username').waitFor();
  await page.fill('#username', 'supervisor');
  await page.fill('#password', password);
  await page.click('#login-submit');
}

test('a supervisor sets up two-step sign-in, then signs in with the code', async () => {
  const { page, problems } = await openBrowserPage(browser);
  const password = 'takamul-demo-supervisor';
  await typeLogin(page, password);
  // held on the page of the second factor: no navigation, only it
  await page.waitForFunction(() => window.location.hash === '#/second-factor');
  assert.equal(await text(page, 'h1'), ar['second_factor.title']);
  assert.ok((await text(page, '[data-test="second-factor-status"]')).includes(ar['second_factor.required']));
  assert.equal(await page.locator('#nav').count(), 0);
  await page.goto(`${server.base}/#/cases`);
  await page.waitForFunction(() => window.location.hash === '#/second-factor');

  await page.click('[data-test="second-factor-begin"]');
  const qr = page.locator('[data-test="second-factor-qr"]');
  await qr.waitFor();
  const box = await qr.boundingBox();
  assert.ok(box.width > 100 && box.height > 100, 'the QR code is drawn');
  const secret = (await text(page, '[data-test="second-factor-secret"]')).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  // the key's groups of four each kept whole on a line, and the steps counted in Arabic-Indic digits
  const cutGroups = await page.locator('[data-test="second-factor-secret"]').evaluate((code) => {
    const node = code.firstChild;
    const cut = [];
    for (const match of node.textContent.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size > 1) cut.push(match[0]);
    }
    return cut;
  });
  assert.deepEqual(cutGroups, [], 'groups of the key cut across two lines');
  assert.equal(await page.locator('ol.steps').evaluate((ol) => getComputedStyle(ol).listStyleType), 'arabic-indic');
  await shot(page, 'second-factor-ar.png');
  // a code that is not six digits: refused beside the field, nothing sent
  await page.fill('[data-test="second-factor-code"]', '12ab');
  await page.click('[data-test="second-factor-form-submit"]');
  await page.locator('.field-invalid [data-test="second-factor-code"]').waitFor();
  // in Arabic-Indic digits, as typed on an Arabic keyboard
  const code = totp(secret).replace(/[0-9]/g, (d) => '٠١٢٣٤٥٦٧٨٩'[d]);
  await page.fill('[data-test="second-factor-code"]', code);
  await page.click('[data-test="second-factor-form-submit"]');
  const codes = page.locator('[data-test="recovery-codes"] li');
  await codes.first().waitFor();
  assert.equal(await codes.count(), 10);
  await page.click('[data-test="second-factor-done"]');
  // on to the page first asked for, with the navigation
  await page.waitForFunction(() => window.location.hash === '#/cases');
  await page.locator('#nav').waitFor();

  // signed out and in again: the code after the password
  await page.click('[data-test="logout"]');
  await page.locator('#username').waitFor();
  await typeLogin(page, password);
  const field = page.locator('[data-test="login-code"]');
  await field.waitFor();
  assert.ok((await text(page, '[data-test="login-form"] .banner')).includes(ar['login.code_needed']));
  await page.fill('[data-test="login-code"]', '000000');
  await page.click('#login-submit');
  await page.locator('[data-test="login-form"] .banner-error').waitFor();
  assert.ok((await text(page, '[data-test="login-form"] .banner-error')).includes('الرمز غير صحيح'));
  assert.equal(await page.inputValue('[data-test="login-code"]'), '');
  await shot(page, 'login-code-ar.png');
  await page.fill('[data-test="login-code"]', totp(secret, Date.now() / 1000 + 30));
  await page.click('#login-submit');
  await page.locator('#user-name').waitFor();
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('an administrator resets the supervisor\'s two-step sign-in from the user\'s page; the supervisor sets it up again', async () => {
  const { page, problems } = await openBrowserPage(browser);
  await page.goto(`${server.base}/`);
  await page.locator('#username').waitFor();
  await page.fill('#username', 'admin');
  await page.fill('#password', 'takamul-demo-admin');
  await page.click('#login-submit');
  await page.locator('#user-name').waitFor();
  const users = await page.evaluate(async () => (await (await fetch('/api/v1/users?q=supervisor&limit=5')).json()).items);
  const supervisor = users.find((u) => u.username === 'supervisor');
  await page.goto(`${server.base}/#/admin/users/${supervisor.id}`);
  await page.click('[data-test="second-factor-reset"]');
  await page.click('[data-test="confirm-second-factor-reset"]');
  await page.locator('[data-test="user-second-factor"] .banner-success').waitFor();
  await page.click('[data-test="logout"]');
  await page.locator('#username').waitFor();
  // the password alone signs the supervisor in again, held on the set-up page
  await typeLogin(page, 'takamul-demo-supervisor');
  await page.waitForFunction(() => window.location.hash === '#/second-factor');
  await page.locator('[data-test="second-factor-begin"]').waitFor();
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('the sessions page lists the browsers signed in, and ends one; the home page tells the sign-in before', async () => {
  const office = await openBrowserPage(browser);
  const other = await openBrowserPage(browser);
  for (const { page } of [other, office]) {
    await page.goto(`${server.base}/`);
    await page.locator('#username').waitFor();
    await page.fill('#username', 'caseworker');
    await page.fill('#password', 'takamul-demo-caseworker');
    await page.click('#login-submit');
    await page.locator('#user-name').waitFor();
  }
  const page = office.page;
  // the sign-in before was the other browser's, a browser the account had not used
  const previous = page.locator('[data-test="previous-login"]');
  assert.ok((await previous.innerText()).includes('127.0.0.1'));
  assert.equal(await page.locator('[data-test="previous-login-new"]').count(), 1);
  await page.click('[data-test="nav-sessions"]');
  const rows = page.locator('[data-test="sessions-table"] tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  assert.ok((await page.locator('[data-test="sessions-table"]').innerText()).includes(ar['sessions.this_one']));
  // the other browser's session ended from here
  const otherRow = rows.filter({ hasNotText: ar['sessions.this_one'] });
  await otherRow.locator('[data-test="session-end"]').click();
  await page.locator('.banner-success').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-test="sessions-table"] tbody tr').length === 1);
  assert.equal(await other.page.evaluate(async () => (await fetch('/api/v1/me')).status), 401);
  assert.deepEqual(office.problems, []);
  await office.context.close();
  await other.context.close();
});
