'use strict';
// Screenshots of the interface for a look by eye (not a test): node tests/browser/screenshot.js OUTDIR
// Saves login-ar.png, home-ar.png and home-en.png at 1366×768, and home-ar-phone.png at 390×844, signed in as the
// demo caseworker. Starts its own server like the tests (see server.js for TAKAMUL_BIN, TAKAMUL_WEB_DIR, TAKAMUL_BASE_URL).

const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('./server');
const { launchChromium, signIn } = require('./chromium');

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

async function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node tests/browser/screenshot.js OUTDIR');
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer();
  let browser;
  try {
    browser = await launchChromium();
    const shot = async (page, name) => {
      // Fonts are loaded before the picture is taken, so the Arabic face is the one shown.
      await page.evaluate(() => document.fonts.ready);
      const file = path.join(outDir, name);
      await page.screenshot({ path: file });
      console.log(file);
    };

    const desktop = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Amman' });
    const page = await desktop.newPage();
    await page.goto(`${server.base}/`);
    await page.locator('#username').waitFor();
    await shot(page, 'login-ar.png');
    await signIn(page, server.base, 'caseworker');
    await shot(page, 'home-ar.png');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('#user-name').waitFor();
    await shot(page, 'home-en.png');
    await desktop.close();

    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, timezoneId: 'Asia/Amman' });
    const phonePage = await phone.newPage();
    await signIn(phonePage, server.base, 'caseworker');
    await shot(phonePage, 'home-ar-phone.png');
    await phone.close();
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
