'use strict';
// Screenshots of the interface for a look by eye (not a test): node tests/browser/screenshot.js OUTDIR
// Saves, at 1366×768 and signed in as the demo caseworker: login-ar.png, home-ar.png and home-en.png; from the demo
// registry of `takamul demo`, persons-search-ar.png (a search with a slip in the family name, the reasons in words),
// person-ar.png and person-en.png (a person's page with the family) and person-register-ar.png (a registration
// stopped by the records it may already be), these four as tall as the whole page; and home-ar-phone.png at 390×844.
// Starts its own server like the tests (see server.js for TAKAMUL_BIN, TAKAMUL_WEB_DIR, TAKAMUL_BASE_URL).

const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('./server');
const { launchChromium, signIn } = require('./chromium');

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

// Demo persons (src/domain/demo.c): Raghad searched with ب for ي in her family name, which brings her record
// and the one a behaviour monitor registered again; Abdullah Abu Zaid, whose page has parents, a wife, a brother
// and children; and his daughter Asmaa registered once more, which the check before registering stops.
const SEARCH_WITH_SLIP = 'رغد عادل فارس المعابطة';
const FAMILY_PERSON = 'عبد الله محمود سليم أبو زيد';
const NEW_PERSON = { 'first-name': 'أسماء', 'father-name': 'عبدالله', 'family-name': 'ابو زيد', 'birth-day': '21', 'birth-month': '9', 'birth-year': '2008' };

/** The id of the best candidate of a registry search, through the page's session. */
async function findPerson(page, base, q) {
  const response = await page.request.get(`${base}/api/v1/persons/search?${new URLSearchParams({ q, limit: '1' })}`);
  const body = await response.json();
  if (!response.ok() || !body.items || !body.items.length) throw new Error(`no demo person found for ${q}: ${JSON.stringify(body)}`);
  return body.items[0].person.id;
}

/** Switches the interface's language with the header button and waits for the page to be drawn again. */
async function switchLanguage(page, lang, ready) {
  await page.click('#lang-switch');
  await page.waitForFunction((want) => document.documentElement.lang === want, lang);
  await page.locator(ready).first().waitFor();
}

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
    const shot = async (page, name, { wholePage = false } = {}) => {
      // Fonts are loaded before the picture is taken, so the Arabic face is the one shown.
      await page.evaluate(() => document.fonts.ready);
      const viewport = page.viewportSize();
      if (wholePage) {
        // The window is made as tall as the page: a full-page capture would cut the side navigation, which is
        // only as tall as the window.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
      }
      const file = path.join(outDir, name);
      await page.screenshot({ path: file });
      if (wholePage) await page.setViewportSize(viewport);
      console.log(file);
    };

    const desktop = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Amman' });
    const page = await desktop.newPage();
    await page.goto(`${server.base}/`);
    await page.locator('#username').waitFor();
    await shot(page, 'login-ar.png');
    await signIn(page, server.base, 'caseworker');
    await shot(page, 'home-ar.png');
    await switchLanguage(page, 'en', '#user-name');
    await shot(page, 'home-en.png');
    await switchLanguage(page, 'ar', '#user-name');

    await page.goto(`${server.base}/#/persons`);
    await page.locator('[data-test="search-q"]').fill(SEARCH_WITH_SLIP);
    await page.click('[data-test="persons-search-submit"]');
    await page.locator('[data-test="persons-table"] [data-test="reasons"]').first().waitFor();
    await page.mouse.move(0, 0);
    await shot(page, 'persons-search-ar.png', { wholePage: true });

    const id = await findPerson(page, server.base, FAMILY_PERSON);
    await page.goto(`${server.base}/#/persons/${id}`);
    await page.locator('[data-test="family-member"]').first().waitFor();
    await shot(page, 'person-ar.png', { wholePage: true });
    await switchLanguage(page, 'en', '[data-test="family-member"]');
    await shot(page, 'person-en.png', { wholePage: true });
    await switchLanguage(page, 'ar', '[data-test="family-member"]');

    await page.goto(`${server.base}/#/persons/new`);
    const form = page.locator('[data-test="person-create"]');
    for (const [testId, value] of Object.entries(NEW_PERSON)) await form.locator(`[data-test="${testId}"]`).first().fill(value);
    await form.locator('[data-test="sex"]').selectOption('female');
    await page.click('[data-test="person-create-submit"]');
    await page.locator('[data-test="duplicates"] [data-test="candidate"]').first().waitFor();
    await shot(page, 'person-register-ar.png', { wholePage: true });
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
