'use strict';
// Launches Debian's Chromium through playwright-core (no browser is ever downloaded), and signs in through the page.

const { chromium } = require('playwright-core');
const { demoPassword } = require('./server');
const { totp } = require('./page_helpers');

const CHROMIUM = process.env.TAKAMUL_CHROMIUM || '/usr/bin/chromium';

/** A headless Chromium; close it when done. */
function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens base in `page`, signs in as a demo user through the login form, and waits for the home page.
 */
async function signIn(page, base, username, password = demoPassword(username)) {
  await page.goto(`${base}/`);
  await page.locator('#username').waitFor();
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
  await page.locator('#user-name').waitFor();
}

/**
 * Signs in as a demo user whose role needs a second factor (a server with `second_factor_roles` set): held on the
 * set-up page, sets it up from the key shown under the QR code as an authenticator app would, takes note of the
 * recovery codes and goes on to the home page. Resolves the key (for a later sign-in with a code).
 */
async function signInSettingUpSecondFactor(page, base, username, password = demoPassword(username)) {
  await page.goto(`${base}/`);
  await page.locator('#username').waitFor();
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
  await page.click('[data-test="second-factor-begin"]');
  const secret = (await page.locator('[data-test="second-factor-secret"]').innerText()).replace(/\s+/g, '');
  await page.fill('[data-test="second-factor-code"]', totp(secret));
  await page.click('[data-test="second-factor-form-submit"]');
  await page.click('[data-test="second-factor-done"]');
  await page.locator('#user-name').waitFor();
  return secret;
}

/**
 * Signs in through the login form with a one-time password (one an administrator set), chooses newPassword on the
 * page that then opens instead of any other, and waits for the home page.
 */
async function signInReplacingOneTimePassword(page, base, username, oneTime, newPassword) {
  await page.goto(`${base}/`);
  await page.locator('#username').waitFor();
  await page.fill('#username', username);
  await page.fill('#password', oneTime);
  await page.click('#login-submit');
  await page.locator('[data-test="one-time-password-page"]').waitFor();
  await page.fill('[data-test="current-password"]', oneTime);
  await page.fill('[data-test="new-password"]', newPassword);
  await page.fill('[data-test="confirm-password"]', newPassword);
  await page.click('[data-test="password-form-submit"]');
  await page.locator('#user-name').waitFor();
}

/**
 * A fresh browser context (its own cookies and localStorage) and page. `problems` collects script errors, console errors (CSP violations among them),
 * interface files that did not load, and API answers of 500 or more. The browser's time zone is Amman's unless
 * `timezoneId` says otherwise (to show that the interface gives Amman times wherever the browser is); its language is
 * Chromium's own unless `locale` names one (en-US: a browser that writes dates month first).
 */
async function openBrowserPage(browser, viewport = { width: 1366, height: 768 }, { timezoneId = 'Asia/Amman', locale } = {}) {
  const context = await browser.newContext({ viewport, timezoneId, ...(locale ? { locale } : {}) });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Refusals the interface expects (401 before login, 400/409 shown to the user) are logged by Chromium as
    // "Failed to load resource"; other failures are caught below by their status.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    const isApi = url.pathname.startsWith('/api/');
    if ((!isApi && response.status() >= 400) || response.status() >= 500) problems.push(`${response.status()} for ${url.pathname}`);
  });
  return { context, page, problems };
}

module.exports = { launchChromium, signIn, signInSettingUpSecondFactor, signInReplacingOneTimePassword, openBrowserPage };
