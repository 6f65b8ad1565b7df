'use strict';
// A person search that stops at its work limit says so on the page, in Arabic and in English, and the check before
// registering shows the candidates with the same warning rather than let a copy through as "no match". The server
// runs with search_work_limit=16 and the registry holds thirty namesakes "سامر وليد … الدباس" (synthetic).
// Run: node --test tests/browser/

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');
const GRANDFATHERS = ['أحمد', 'علي', 'خالد', 'عمر', 'يوسف', 'حسن', 'سامي', 'زيد', 'فارس', 'أنس'];

let server;
let browser;

before(async () => {
  server = await startServer({ settings: { search_work_limit: 16 } });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'takamul serve did not exit cleanly on SIGTERM');
});

test('the search and the check before registering say when they stopped early', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    const csrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;
    for (let i = 0; i < 30; i++) {
      const created = await apiJson(page, 'POST', '/persons', {
        first_name: 'سامر', father_name: 'وليد', grandfather_name: GRANDFATHERS[i % GRANDFATHERS.length],
        family_name: 'الدباس', sex: 'male', birth_year: 1970 + i,
      }, csrf);
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }

    await page.click('[data-test="nav-persons"]');
    await page.fill('[data-test="search-q"]', 'سامر الدباس');
    await page.click('[data-test="persons-search-submit"]');
    const notice = page.locator('[data-test="search-truncated"]');
    await notice.waitFor();
    assert.equal(await notice.innerText(), ar['persons.search_truncated']);

    // a search that does not stop early says nothing of the kind
    await page.fill('[data-test="search-q"]', 'زكريا قاسم البرغوثي');
    await page.click('[data-test="persons-search-submit"]');
    await page.locator('[data-test="result-count"]').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-test="search-truncated"]'));

    // registering one more namesake: the candidates are shown, with the warning
    await page.goto(`${server.base}/#/persons/new`);
    const form = page.locator('[data-test="person-create"]');
    await form.waitFor();
    await form.locator('[data-test="first-name"]').fill('سامر');
    await form.locator('[data-test="father-name"]').fill('وليد');
    await form.locator('[data-test="family-name"]').fill('الدباس');
    await form.locator('[data-test="sex"]').selectOption('male');
    await form.locator('[data-test="person-create-submit"]').click();
    await page.locator('[data-test="candidate"]').first().waitFor();
    assert.equal(await page.locator('[data-test="search-truncated"]').innerText(), ar['persons.search_truncated']);

    // in English
    await page.goto(`${server.base}/#/persons`);
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.fill('[data-test="search-q"]', 'سامر الدباس');
    await page.click('[data-test="persons-search-submit"]');
    await notice.waitFor();
    assert.equal(await notice.innerText(), en['persons.search_truncated']);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
