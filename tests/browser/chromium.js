'use strict';
// Launches Debian's Chromium through playwright-core (no browser is ever downloaded), and signs in through the page.

const { chromium } = require('playwright-core');
const { demoPassword } = require('./server');

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

module.exports = { launchChromium, signIn };
