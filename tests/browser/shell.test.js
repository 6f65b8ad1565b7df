'use strict';
// The web interface in real Chromium: Arabic by default (RTL), the switch to English (LTR) and that it is remembered,
// the home page's user, unit and roles, logout; the admin navigation and creating a user through the admin pages
// (field errors from the API beside their fields, nothing typed lost, the 409 message), and that a caseworker sees no
// admin navigation; the side navigation as tall as a long page; the strings of each area the same in Arabic and
// English. Run: node --test tests/browser/

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer, demoPassword } = require('./server');
const { launchChromium, signIn, signInReplacingOneTimePassword, openBrowserPage } = require('./chromium');
const { interfaceStrings, interfaceStringFiles } = require('./page_helpers');

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');
const ARABIC = /[\u0600-\u06FF]/;

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

const openPage = (viewport) => openBrowserPage(browser, viewport);

async function htmlLangDir(page) {
  return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
}

async function text(page, selector) {
  return (await page.locator(selector).innerText()).trim();
}

/** GET or other request through the page's context, so it carries the page's session cookie. */
async function apiJson(page, method, apiPath, body, csrf) {
  const headers = { Accept: 'application/json' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const response = await page.request.fetch(`${server.base}/api/v1${apiPath}`, { method, headers, data: body });
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  return { status: response.status(), body: json };
}

function codeLabel(codes, code, lang) {
  const entry = codes.roles.find((role) => role.code === code);
  assert.ok(entry, `role ${code} is not in /api/v1/codes`);
  return entry[`name_${lang}`];
}

test('Arabic by default, switch to English is remembered, logout returns to the login page', async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.goto(`${server.base}/`);
    await page.locator('#username').waitFor();
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    assert.equal(await text(page, 'h1'), ar['login.title']);
    assert.equal(await text(page, '#lang-switch'), 'English');
    assert.equal(await page.locator('label[for="username"]').innerText(), `${ar['login.username']} ${ar['form.required_mark']}`);

    // A wrong password is refused with a message in Arabic and the user name kept.
    await page.fill('#username', 'caseworker');
    await page.fill('#password', 'not-the-password');
    await page.click('#login-submit');
    const refusal = page.locator('[data-test="banner-error"]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), ARABIC);
    assert.doesNotMatch(await refusal.innerText(), /[{}"]/, 'raw JSON shown to the user');
    assert.equal(await page.inputValue('#username'), 'caseworker');

    await page.fill('#password', demoPassword('caseworker'));
    await page.click('#login-submit');
    await page.locator('#user-name').waitFor();

    const me = await apiJson(page, 'GET', '/me');
    assert.equal(me.status, 200);
    const codes = (await apiJson(page, 'GET', '/codes')).body;
    const user = me.body.user;
    assert.equal(user.username, 'caseworker');
    assert.match(user.full_name, ARABIC, 'the demo caseworker should have an Arabic full name');

    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    assert.equal(await text(page, '#user-name'), user.full_name);
    assert.equal(await text(page, 'h1'), ar['home.welcome'].replace('{name}', user.full_name));
    assert.match(user.unit.name_ar, ARABIC);
    assert.equal(await text(page, '#user-unit'), user.unit.name_ar);
    // her role in the form that agrees with her (she is a woman), else the label of /codes
    assert.equal(user.sex, 'female');
    assert.equal(await text(page, '#user-roles'), ar['role.caseworker.female']);
    assert.notEqual(ar['role.caseworker.female'], codeLabel(codes, 'caseworker', 'ar'));
    assert.equal(await text(page, '[data-test="nav-home"]'), ar['nav.home']);
    assert.equal(await text(page, '#logout'), ar['nav.logout']);
    assert.equal(await page.locator('[data-test="my-tasks"]').count(), 1);
    // the links under the tasks are apart, not read as one link
    const allTasks = await page.locator('[data-test="all-tasks"]').boundingBox();
    const allCases = await page.locator('[data-test="all-cases"]').boundingBox();
    assert.ok(allTasks.x - (allCases.x + allCases.width) >= 16, `the tasks' links are ${allTasks.x - (allCases.x + allCases.width)}px apart`);
    // The navigation sits at the start side: on the right in Arabic.
    const navBox = await page.locator('#nav').boundingBox();
    const mainBox = await page.locator('#main').boundingBox();
    assert.ok(navBox.x > mainBox.x, 'in Arabic the navigation should be to the right of the content');

    // Every section is built: none says it is to come.
    assert.equal(await page.locator('#nav .nav-badge, [data-test^="nav-section-"]').count(), 0);

    // English.
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
    await page.locator('#user-unit').waitFor();
    assert.equal(await text(page, '#lang-switch'), 'العربية');
    assert.equal(await text(page, '#logout'), 'Log out');
    assert.equal(await text(page, '[data-test="nav-home"]'), 'Home');
    assert.equal(await text(page, 'h1'), `Welcome, ${user.full_name}`);
    assert.equal(await text(page, '#user-name'), user.full_name);
    assert.equal(await text(page, '#user-unit'), user.unit.name_en);
    assert.equal(await text(page, '#user-roles'), codeLabel(codes, 'caseworker', 'en'));
    assert.equal(await text(page, '#tasks-title'), en['home.tasks_title']);
    const navBoxEn = await page.locator('#nav').boundingBox();
    const mainBoxEn = await page.locator('#main').boundingBox();
    assert.ok(navBoxEn.x < mainBoxEn.x, 'in English the navigation should be to the left of the content');

    // Remembered across a reload.
    await page.reload();
    await page.locator('#user-name').waitFor();
    assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
    assert.equal(await page.evaluate(() => window.localStorage.getItem('takamul.lang')), 'en');
    assert.equal(await text(page, '#logout'), 'Log out');
    assert.equal(await text(page, '#user-unit'), user.unit.name_en);

    // Logout.
    await page.click('#logout');
    await page.locator('#username').waitFor();
    assert.equal(await text(page, 'h1'), en['login.title']);
    assert.equal(await text(page, '[data-test="banner-success"]'), en['login.logged_out']);
    assert.equal(await page.locator('#user-name').count(), 0);
    const after = await apiJson(page, 'GET', '/me');
    assert.equal(after.status, 401);
    assert.equal(after.body.error.code, 'auth.required');

    // A signed-out visit to an inner page lands on the login page.
    await page.goto(`${server.base}/#/home`);
    await page.locator('#username').waitFor();
    assert.equal(await page.locator('#user-name').count(), 0);

    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('admin sees the admin navigation and creates a user; a caseworker sees no admin navigation', async () => {
  const { context, page, problems } = await openPage();
  const username = `browser-${Date.now().toString(36)}`.slice(0, 32);
  const fullName = 'سلمى خالد عبد الرحيم العمري';
  const password = 'Browser-test-password-2026';
  try {
    await signIn(page, server.base, 'admin');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    assert.equal(await text(page, '[data-test="nav-admin-users"]'), ar['nav.admin_users']);
    assert.equal(await text(page, '[data-test="nav-admin-units"]'), ar['nav.admin_units']);

    // The caseworker's unit, to give the new user.
    const listed = await apiJson(page, 'GET', '/users?q=caseworker');
    assert.equal(listed.status, 200);
    const caseworker = listed.body.items.find((item) => item.username === 'caseworker');
    assert.ok(caseworker, 'demo user caseworker not listed');

    await page.click('[data-test="nav-admin-users"]');
    const table = page.locator('[data-test="users-table"]');
    await table.waitFor();
    assert.ok(await table.locator('[data-test="user-link"]', { hasText: 'caseworker' }).count() >= 1);
    assert.equal(await text(page, 'h1'), ar['users.title']);

    await page.click('[data-test="new-user"]');
    const form = page.locator('[data-test="user-create"]');
    await form.waitFor();

    // An empty submit marks the required fields in Arabic without calling the server.
    await page.click('[data-test="user-create-submit"]');
    await page.locator('[data-test="username"][aria-invalid="true"]').waitFor();
    const requiredErrors = await form.locator('.field-error:visible').allInnerTexts();
    assert.ok(requiredErrors.length >= 5, `expected an error beside each required field, got ${requiredErrors}`);
    assert.ok(requiredErrors.every((message) => message === ar['form.field_required']));

    // The server refuses a malformed user name: its message is shown beside the field and nothing typed is lost.
    await page.fill('[data-test="username"]', 'Not Valid!');
    await page.fill('[data-test="full-name"]', fullName);
    await page.selectOption('[data-test="unit"]', String(caseworker.unit_id));
    await page.check('[data-test="roles-caseworker"]');
    await page.fill('[data-test="new-password"]', password);
    await page.fill('[data-test="confirm-password"]', password);
    await page.click('[data-test="user-create-submit"]');
    await page.locator('[data-test="username"][aria-invalid="true"]').waitFor();
    const usernameErrorId = await page.locator('[data-test="username"]').getAttribute('aria-describedby');
    const usernameError = (await page.locator(`[id="${usernameErrorId.split(' ')[0]}"]`).innerText()).trim();
    assert.match(usernameError, ARABIC, `the user name error should be in Arabic: ${usernameError}`);
    assert.equal(await page.inputValue('[data-test="username"]'), 'Not Valid!');
    assert.equal(await page.inputValue('[data-test="full-name"]'), fullName);
    assert.equal(await page.inputValue('[data-test="unit"]'), String(caseworker.unit_id));
    assert.ok(await page.isChecked('[data-test="roles-caseworker"]'));
    assert.equal(await page.inputValue('[data-test="new-password"]'), password);
    const notCreated = await apiJson(page, 'GET', `/users?q=${encodeURIComponent('Not Valid')}`);
    assert.equal(notCreated.body.items.length, 0);

    await page.fill('[data-test="username"]', username);
    await page.click('[data-test="user-create-submit"]');
    await page.locator('[data-test="banner-success"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), ar['users.created'].replace('{username}', username));
    await table.locator('[data-test="user-link"]', { hasText: username }).waitFor();

    const found = await apiJson(page, 'GET', `/users?q=${username}`);
    const created = found.body.items.find((item) => item.username === username);
    assert.ok(created, `user ${username} not found through the API after creating it in the page`);
    assert.equal(created.full_name, fullName);
    assert.equal(created.unit_id, caseworker.unit_id);
    assert.deepEqual(created.roles, ['caseworker']);
    assert.equal(created.status, 'active');

    // Someone else changes the user while the admin edits: the save is refused with the 409 message, the typed value
    // stays, and reloading shows the other change.
    await table.locator('[data-test="user-link"]', { hasText: username }).click();
    await page.locator('[data-test="user-edit"]').waitFor();
    const csrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;
    const current = (await apiJson(page, 'GET', `/users/${created.id}`)).body;
    const elsewhere = await apiJson(page, 'PATCH', `/users/${created.id}`, { version: current.version, full_name: `${fullName} أ` }, csrf);
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    await page.fill('[data-test="user-edit"] [data-test="full-name"]', `${fullName} ب`);
    await page.click('[data-test="user-edit-submit"]');
    const conflict = page.locator('[data-test="user-edit"] [data-test="banner-error"]');
    await conflict.waitFor();
    assert.ok((await conflict.innerText()).includes(ar['error.conflict']), await conflict.innerText());
    assert.equal(await page.inputValue('[data-test="user-edit"] [data-test="full-name"]'), `${fullName} ب`);
    await conflict.getByRole('button', { name: ar['common.reload'] }).click();
    await page.waitForFunction(
      (expected) => document.querySelector('[data-test="user-edit"] [data-test="full-name"]')?.value === expected,
      `${fullName} أ`,
    );

    // The new user signs in with the password the admin gave, which only lets them choose their own.
    const second = await openPage();
    try {
      await signInReplacingOneTimePassword(second.page, server.base, username, password, 'Chosen-By-The-User-2026');
      assert.equal(await text(second.page, '#user-name'), `${fullName} أ`);
      assert.equal(await second.page.locator('[data-test="nav-admin-users"]').count(), 0);
      assert.deepEqual(second.problems, []);
    } finally {
      await second.context.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }

  // A caseworker: no admin or audit navigation, and the admin page itself is refused.
  const worker = await openPage();
  try {
    await signIn(worker.page, server.base, 'caseworker');
    assert.equal(await worker.page.locator('[data-test="nav-home"]').count(), 1);
    assert.equal(await worker.page.locator('[data-test="nav-admin-users"]').count(), 0);
    assert.equal(await worker.page.locator('[data-test="nav-admin-units"]').count(), 0);
    assert.equal(await worker.page.locator('[data-test="nav-audit"]').count(), 0);
    assert.equal(await worker.page.locator('[data-test="nav-group-admin"]').count(), 0);
    await worker.page.goto(`${server.base}/#/admin/users`);
    await worker.page.locator('h1', { hasText: ar['error.forbidden_title'] }).waitFor();
    assert.equal(await worker.page.locator('[data-test="users-table"]').count(), 0);
    assert.deepEqual(worker.problems, []);
  } finally {
    await worker.context.close();
  }
});

// The side navigation holds no group without links (the administrator has no casework section). It is a column as
// tall as the page: on a page longer than the window, its box (its background and border) goes from the header down to
// the bottom of the document; scrolled to the end, the window's lower edge on the navigation's side is the navigation,
// and its links stay in view below the header. In Arabic (on the right) and in English (on the left).
test('the side navigation has no empty group and runs down the whole of a long page, its links kept in view, in Arabic and English', async () => {
  const { context, page, problems } = await openPage({ width: 1200, height: 600 });
  try {
    await signIn(page, server.base, 'admin');
    // the administrator has no section of casework: no group title stands over no link
    const groups = await page.locator('#nav .nav-group').evaluateAll((all) => all.map((g) => [g.dataset.test, g.querySelectorAll('a.nav-link').length]));
    assert.deepEqual(groups.filter(([, links]) => links === 0), [], 'a navigation group without links');
    assert.equal(await page.locator('[data-test="nav-group-sections"]').count(), 0);
    for (const lang of ['ar', 'en']) {
      if (lang === 'en') {
        await page.click('#lang-switch');
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
      await page.goto(`${server.base}/#/admin/units`);
      await page.locator('[data-test="units-table"] [data-test="unit-link"]').first().waitFor();
      const drawn = await page.evaluate(async () => {
        const scroller = document.scrollingElement;
        const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        window.scrollTo(0, 0);
        await frame();
        // the box drawn with the navigation's background, from the top of the page, before any scrolling
        const column = document.querySelector('#nav').getBoundingClientRect();
        const header = document.querySelector('.app-header').getBoundingClientRect();
        window.scrollTo(0, scroller.scrollHeight);
        await frame();
        const nav = document.querySelector('#nav').getBoundingClientRect();
        const home = document.querySelector('[data-test="nav-home"]').getBoundingClientRect();
        const atEdge = document.elementFromPoint(nav.left + nav.width / 2, window.innerHeight - 4);
        return {
          documentHeight: scroller.scrollHeight,
          windowHeight: window.innerHeight,
          navTop: column.top,
          headerBottom: header.bottom,
          navBottom: column.bottom,
          edgeIsNav: !!(atEdge && atEdge.closest('#nav')),
          homeInView: home.top >= header.bottom - 1 && home.bottom <= window.innerHeight,
        };
      });
      const where = `${lang}, #/admin/units`;
      assert.ok(drawn.documentHeight > drawn.windowHeight * 1.5, `${where}: the page (${drawn.documentHeight}px) is not long enough to show it`);
      assert.ok(Math.abs(drawn.navTop - drawn.headerBottom) <= 1, `${where}: the navigation starts at ${drawn.navTop}px, the header ends at ${drawn.headerBottom}px`);
      assert.ok(drawn.navBottom >= drawn.documentHeight - 1, `${where}: the navigation's box ends at ${drawn.navBottom}px of the page's ${drawn.documentHeight}px`);
      assert.ok(drawn.edgeIsNav, `${where}: the window's lower edge on the navigation's side is not the navigation`);
      assert.ok(drawn.homeInView, `${where}: the navigation's links scrolled out of view`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// The strings are in one file per area and language (web/i18n/<lang>/<area>.json), which web/i18n.js merges. Each
// area has the same keys in Arabic and English, apart from the forms that agree with a person's gender ("key.female",
// "key.male") and the plural forms beside "key.other" ("key.two", "key.few", …), which only a language that has them
// defines. No key is defined twice, in one file or across areas; web/i18n.js loads every area; the server sends each
// file as it is in web/.
test('the strings of each area: the same keys in Arabic and English, each key once, all loaded and served', async () => {
  const web = path.join(__dirname, '..', '..', 'web');
  const files = { ar: interfaceStringFiles('ar'), en: interfaceStringFiles('en') };
  const areas = Object.keys(files.ar);
  assert.ok(areas.includes('common'), 'web/i18n/ar/ holds the areas');
  assert.deepEqual(Object.keys(files.en), areas, 'Arabic and English have the same areas');
  const loaded = /const AREAS = \[([^\]]*)\]/.exec(fs.readFileSync(path.join(web, 'i18n.js'), 'utf8'));
  assert.ok(loaded, 'web/i18n.js names the areas it loads');
  assert.deepEqual(loaded[1].match(/[\w-]+/g).sort(), [...areas].sort(), 'web/i18n.js loads every area, and only those');

  const gendered = /\.(female|male)$/;
  for (const lang of ['ar', 'en']) {
    const definedIn = new Map();
    for (const area of areas) {
      const file = `i18n/${lang}/${area}.json`;
      const strings = files[lang][area];
      const keys = [...fs.readFileSync(path.join(web, file), 'utf8').matchAll(/^\s*"((?:[^"\\]|\\.)*)"\s*:/gm)].map((m) => m[1]);
      assert.equal(keys.length, Object.keys(strings).length, `${file} defines no key twice`);
      for (const key of keys) {
        assert.ok(!definedIn.has(key), `${key} is defined in both ${definedIn.get(key)} and ${file}`);
        definedIn.set(key, file);
      }
      const response = await fetch(`${server.base}/${file}`);
      assert.equal(response.status, 200, `${file} is served`);
      assert.deepEqual(await response.json(), strings, `the server sends ${file} as it is in web/`);
    }
  }
  // The plural forms a language's rules choose between ("key.one", "key.few", …) beside "key.other".
  const plural = /\.(zero|one|two|few|many)$/;
  const common = (strings) => Object.keys(strings)
    .filter((key) => !gendered.test(key) && !(plural.test(key) && Object.hasOwn(strings, key.replace(plural, '.other'))))
    .sort();
  for (const area of areas) assert.deepEqual(common(files.en[area]), common(files.ar[area]), `the keys of ${area} in English and Arabic`);
});
