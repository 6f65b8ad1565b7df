'use strict';
// The pages of the roles that sign in with a second factor (supervisors, managers, auditors, administrators, records
// officers: docs/security.md "Second factor"), on an office screen 1200 pixels wide, in Arabic and in English: each
// signs in with the code of an authenticator app on a server that asks it of them, and every page of their
// navigation, drawn with the demo's data, neither scrolls sideways nor hides part of a table to the side, and keeps
// every button and form control inside the page's main area. `$TAKAMUL_SCREENSHOTS` (a directory) keeps each page as
// wide-<user>-<page>-<lang>.png. Every name here is synthetic.

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signInSettingUpSecondFactor, openBrowserPage } = require('./chromium');
const { inEachLanguage } = require('./page_helpers');

let server;
let browser;

before(async () => {
  // the roles of the default setting (728: supervisors, managers, auditors, administrators, records officers), and
  // demo cases enough for full lists, referrals and the data-sharing log
  server = await startServer({ demoCases: 20, settings: { second_factor_roles: 728 } });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'takamul serve did not exit cleanly on SIGTERM');
});

// Each demo user whose role needs the factor, with the pages their navigation must offer at least (the test visits
// every page it offers).
const ROLES = [
  { user: 'supervisor', pages: ['#/home', '#/persons', '#/cases', '#/tasks', '#/referrals', '#/studies', '#/statistics', '#/committee'] },
  { user: 'manager', pages: ['#/home', '#/cases', '#/homes', '#/programmes', '#/statistics', '#/committee'] },
  { user: 'auditor', pages: ['#/home', '#/audit', '#/sharing', '#/emergency'] },
  { user: 'admin', pages: ['#/home', '#/admin/users', '#/admin/units'] },
  { user: 'records', pages: ['#/home', '#/records'] },
];
const ACCOUNT_PAGES = ['#/password', '#/second-factor', '#/sessions'];

// What shows that a page's data has come: a row of its list, where the demo gives it rows.
const DRAWN = {
  '#/cases': '[data-test="cases-table"] tbody tr:not(.empty-row)',
  '#/programmes': '[data-test="programmes-table"] tbody tr:not(.empty-row)',
  '#/sharing': '[data-test="sharing-table"] [data-test="sharing-event"]',
  '#/admin/users': '[data-test="users-table"] tbody tr:not(.empty-row)',
  '#/admin/units': '[data-test="units-table"] [data-test="unit-link"]',
};

async function shot(page, name) {
  if (process.env.TAKAMUL_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.TAKAMUL_SCREENSHOTS, name), fullPage: true });
}

/** Counts the page's requests in flight, for waiting until none has been for a moment. */
function trackRequests(page) {
  const inFlight = new Set();
  page.on('request', (request) => inFlight.add(request));
  page.on('requestfinished', (request) => inFlight.delete(request));
  page.on('requestfailed', (request) => inFlight.delete(request));
  return async () => {
    let quietSince = Date.now();
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      if (inFlight.size) quietSince = Date.now();
      else if (Date.now() - quietSince >= 250) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`requests still in flight: ${[...inFlight].map((r) => r.url()).join(', ')}`);
  };
}

/** What sticks out of the page as drawn: {page, tables: [..], controls: [..]}, in pixels. */
function measureLayout() {
  const scroller = document.scrollingElement;
  const main = document.querySelector('main');
  const area = main.getBoundingClientRect();
  const name = (el) => el.dataset.test || el.getAttribute('name') || el.id || el.textContent.trim().slice(0, 30) || el.tagName;
  const tables = [];
  for (const wrap of main.querySelectorAll('.table-wrap')) {
    const hidden = wrap.scrollWidth - wrap.clientWidth;
    if (hidden > 1) tables.push(`${wrap.querySelector('[data-test]')?.dataset.test || 'a table'} hides ${hidden}px`);
  }
  const controls = [];
  for (const el of main.querySelectorAll('button, input, select, textarea, .button, h1')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || el.closest('.table-wrap')) continue; // a table's own controls: counted with the table
    const out = Math.max(box.right - area.right, area.left - box.left);
    if (out > 1) controls.push(`${name(el)} sticks out ${Math.round(out)}px`);
  }
  return { page: scroller.scrollWidth - scroller.clientWidth, tables, controls };
}

for (const { user, pages } of ROLES) {
  test(`at 1200 pixels every page of the ${user}, signed in with a second factor, fits the screen in Arabic and English`, async () => {
    const { context, page, problems } = await openBrowserPage(browser, { width: 1200, height: 800 });
    try {
      const quiet = trackRequests(page);
      await signInSettingUpSecondFactor(page, server.base, user);
      const offered = await page.locator('#nav a.nav-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      for (const hash of [...pages, ...ACCOUNT_PAGES]) assert.ok(offered.includes(hash), `the ${user}'s navigation has no ${hash}: ${offered.join(' ')}`);
      await inEachLanguage(page, async (lang) => {
        for (const hash of offered) {
          await page.goto(`${server.base}/${hash}`);
          await page.locator('main h1').first().waitFor();
          if (DRAWN[hash]) await page.locator(DRAWN[hash]).first().waitFor();
          await quiet();
          // nothing still saying it is loading (a tab not shown may keep its own)
          await page.waitForFunction(() => [...document.querySelectorAll('main .loading')].every((el) => !el.checkVisibility()));
          const layout = await page.evaluate(measureLayout);
          await shot(page, `wide-${user}-${hash.replace(/[#/]+/g, '-').replace(/^-/, '')}-${lang}.png`);
          const where = `${user}, ${hash}, ${lang}`;
          assert.ok(layout.page <= 1, `${where}: the page is ${layout.page}px wider than the screen`);
          assert.deepEqual(layout.tables, [], `${where}: a table scrolls sideways`);
          assert.deepEqual(layout.controls, [], `${where}: a control is outside the page`);
        }
      });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
