'use strict';
// One-time passwords in the web pages: a user whose password an administrator set is taken, after signing in, to the
// "choose your new password" page and nowhere else (no navigation; other addresses lead back to it) until they have
// chosen their own; then they go on to the page they first asked for. An administrator's reset through the user's
// page makes the password one-time again. Run: node --test tests/browser/

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { interfaceStrings } = require('./page_helpers');

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

/** Signs in over the API (not through a page); returns {cookie, csrf}. */
async function apiLogin(username, password) {
  const response = await fetch(`${server.base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(response.status, 200, `login ${username}: ${response.status}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: (await response.json()).csrf_token };
}

/** A request over the API with an apiLogin session; returns {status, body}. */
async function apiCall(session, method, apiPath, body) {
  const headers = { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${server.base}/api/v1${apiPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function text(page, selector) {
  return (await page.locator(selector).innerText()).trim();
}

async function submitLogin(page, username, password) {
  await page.goto(`${server.base}/`);
  await page.locator('#username').waitFor();
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
}

test('a password the administrator set leads only to the choose-your-password page, then on to the page asked for', async () => {
  const admin = await apiLogin('admin', 'takamul-demo-admin');
  const caseworker = (await apiCall(admin, 'GET', '/users?q=caseworker')).body.items.find((u) => u.username === 'caseworker');
  const username = `one-time-${Date.now().toString(36)}`.slice(0, 32);
  const fullName = 'نور الهدى سامي الخطيب';
  const oneTime = 'Given-By-Admin-2026';
  const created = await apiCall(admin, 'POST', '/users', { username, full_name: fullName, unit_id: caseworker.unit_id, roles: ['caseworker'], password: oneTime });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.must_change_password, true);

  const { context, page, problems } = await openBrowserPage(browser);
  try {
    // Asked for the cases list before signing in: the password page comes first.
    await page.goto(`${server.base}/#/cases`);
    await page.locator('#username').waitFor();
    await page.fill('#username', username);
    await page.fill('#password', oneTime);
    await page.click('#login-submit');
    const card = page.locator('[data-test="one-time-password-page"]');
    await card.waitFor();
    assert.equal(await text(page, 'h1'), ar['password.one_time_title']);
    assert.ok((await text(page, '.login-intro')).includes(ar['password.one_time_lead']));
    assert.equal(await page.title(), `${ar['password.one_time_title']} — ${ar['app.name']}`);
    assert.equal(await page.locator('label[for]', { hasText: ar['password.one_time_current'] }).count(), 1);
    // Nothing of the user's work: no navigation, no home page; logout and the language switch are there.
    assert.equal(await page.locator('[data-test="nav"]').count(), 0);
    assert.equal(await page.locator('#user-name').count(), 0);
    assert.equal(await text(page, '#logout'), ar['nav.logout']);
    // Another address leads back to the page.
    await page.goto(`${server.base}/#/persons`);
    await card.waitFor();
    assert.equal(await page.locator('[data-test="nav"]').count(), 0);

    // A wrong temporary password: the server's Arabic message beside the field, the typed values kept.
    await page.fill('[data-test="current-password"]', 'Not-The-Temporary-1');
    await page.fill('[data-test="new-password"]', 'Only-Mine-Password-2026');
    await page.fill('[data-test="confirm-password"]', 'Only-Mine-Password-2026');
    await page.click('[data-test="password-form-submit"]');
    await page.locator('[data-test="current-password"][aria-invalid="true"]').waitFor();
    const errorId = (await page.locator('[data-test="current-password"]').getAttribute('aria-describedby')).split(' ')[0];
    const message = await text(page, `[id="${errorId}"]`);
    assert.match(message, ARABIC);
    assert.equal(await page.inputValue('[data-test="new-password"]'), 'Only-Mine-Password-2026');
    // The same password again is refused before it is sent.
    await page.fill('[data-test="current-password"]', oneTime);
    await page.fill('[data-test="new-password"]', oneTime);
    await page.fill('[data-test="confirm-password"]', oneTime);
    await page.click('[data-test="password-form-submit"]');
    await page.locator('[data-test="new-password"][aria-invalid="true"]').waitFor();
    assert.ok((await page.locator('.field-error:visible').allInnerTexts()).includes(ar['password.same_as_current']));

    // The right one: on to the page first asked for (the second address), with the navigation.
    await page.fill('[data-test="new-password"]', 'Only-Mine-Password-2026');
    await page.fill('[data-test="confirm-password"]', 'Only-Mine-Password-2026');
    await page.click('[data-test="password-form-submit"]');
    await page.locator('[data-test="nav"]').waitFor();
    await page.waitForFunction(() => window.location.hash === '#/persons');
    await page.locator('[data-page="persons"]').waitFor();
    assert.equal(await page.locator('[data-test="one-time-password-page"]').count(), 0);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    assert.equal(me.user.must_change_password, false);
    await page.click('[data-test="nav-home"]');
    assert.equal(await text(page, '#user-name'), fullName);

    // Signed out and in again with the user's own password: straight to the home page.
    await page.click('#logout');
    await page.locator('#username').waitFor();
    await signIn(page, server.base, username, 'Only-Mine-Password-2026');
    assert.equal(await page.locator('[data-test="one-time-password-page"]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a reset on the administrator\'s page makes the password one-time again; the page is in English too', async () => {
  const adminSession = await apiLogin('admin', 'takamul-demo-admin');
  const caseworker = (await apiCall(adminSession, 'GET', '/users?q=caseworker')).body.items.find((u) => u.username === 'caseworker');
  const username = `reset-${Date.now().toString(36)}`.slice(0, 32);
  const created = await apiCall(adminSession, 'POST', '/users', { username, full_name: 'رامي خليل العمري', unit_id: caseworker.unit_id, roles: ['caseworker'], password: 'First-From-Admin-2026' });
  assert.equal(created.status, 201);

  const admin = await openBrowserPage(browser);
  try {
    await signIn(admin.page, server.base, 'admin');
    await admin.page.goto(`${server.base}/#/admin/users/${created.body.id}`);
    await admin.page.locator('[data-test="user-password-state"]').waitFor();
    assert.equal(await text(admin.page, '[data-test="user-password-state"]'), ar['users.password_temporary']);
    await admin.page.fill('[data-test="reset-password"]', 'Reset-From-Admin-2026');
    await admin.page.fill('[data-test="reset-password-confirm"]', 'Reset-From-Admin-2026');
    await admin.page.click('[data-test="user-reset-password-submit"]');
    const done = admin.page.locator('[data-test="user-reset-password"] [data-test="banner-success"]');
    await done.waitFor();
    assert.equal(await done.innerText(), ar['users.reset_done']);
    assert.equal(await text(admin.page, '[data-test="user-password-state"]'), ar['users.password_temporary']);
    assert.deepEqual(admin.problems, []);
  } finally {
    await admin.context.close();
  }

  const { context, page, problems } = await openBrowserPage(browser);
  try {
    // The first password no longer works; the reset one opens the password page, here switched to English.
    await submitLogin(page, username, 'First-From-Admin-2026');
    await page.locator('[data-test="banner-error"]').waitFor();
    await page.fill('#password', 'Reset-From-Admin-2026');
    await page.click('#login-submit');
    await page.locator('[data-test="one-time-password-page"]').waitFor();
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('[data-test="one-time-password-page"]').waitFor();
    assert.equal(await text(page, 'h1'), en['password.one_time_title']);
    assert.equal(await page.locator('[data-test="nav"]').count(), 0);
    // The API itself refuses everything else meanwhile.
    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/v1/codes', { headers: { 'Accept-Language': 'en' } });
      return { status: response.status, body: await response.json() };
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'auth.password_change_required');
    // Logging out from the password page works.
    await page.click('#logout');
    await page.locator('#username').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), en['login.logged_out']);
    const after = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    assert.equal(after, 401);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
