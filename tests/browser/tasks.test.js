'use strict';
// The tasks in real Chromium, on a demo with many cases: the home page's card gives the real counts (not the twenty
// rows it shows first), most urgent first, more rows on request, and a link to the whole list; the task list page
// filters by kind and pages on. Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, apiJson: apiThroughPage, interfaceStrings, inEachLanguage } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');

let server;
let browser;

before(async () => {
  server = await startServer({ demoCases: 130 });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'takamul serve did not exit cleanly on SIGTERM');
});

const arabicDigits = (value) => String(value).replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

test('the home page counts every task of mine, shows the most urgent first, brings more, and leads to the whole list', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    const answer = (await apiJson(page, 'GET', '/tasks?scope=mine&limit=20')).body;
    assert.ok(answer.total > 20, `the demo gives the caseworker only ${answer.total} tasks`);
    await page.goto(`${server.base}/#/home`);
    const count = page.locator('[data-test="my-tasks-count"]');
    await count.waitFor();
    const shown = await count.innerText();
    assert.ok(shown.includes(arabicDigits(answer.total)), `the count is not the total ${answer.total}: ${shown}`);
    if (answer.overdue) assert.ok(shown.includes(arabicDigits(answer.overdue)), shown);
    const rows = page.locator('[data-test="my-tasks-table"] [data-test="task"]');
    assert.equal(await rows.count(), 20);
    // the first row is the most urgent one the API gives
    assert.equal(await rows.first().locator('[data-test="task-case"]').innerText(), answer.items[0].case_reference);
    await page.click('[data-test="my-tasks-more"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="my-tasks-table"] [data-test="task"]').length > 20);
    // the whole list, filtered by a kind
    await page.click('[data-test="all-tasks"]');
    await page.locator('[data-test="tasks-filter"]').waitFor();
    await page.locator('[data-test="tasks-count"]').waitFor();
    const kind = answer.items[0].kind;
    await page.selectOption('[data-test="tasks-kind"]', kind);
    await page.click('[data-test="tasks-filter-submit"]');
    const byKind = (await apiJson(page, 'GET', `/tasks?scope=mine&kind=${kind}&limit=1`)).body;
    await page.waitForFunction((total) => (document.querySelector('[data-test="tasks-count"]') || {}).textContent?.includes(total), arabicDigits(byKind.total));
    const kinds = await page.locator('[data-test="tasks-table"] [data-test="task-kind"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.kind));
    assert.ok(kinds.length > 0 && kinds.every((k) => k === kind), kinds.join());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('on a screen 1200 pixels wide the home page keeps its cards side by side without anything sticking out', async () => {
  const { context, page, problems } = await openBrowserPage(browser, { width: 1200, height: 800 });
  try {
    await signIn(page, server.base, 'caseworker');
    await inEachLanguage(page, async (lang) => {
      // the demo caseworker's tasks: long task names, case kinds, dates with times and overdue marks
      await page.locator('[data-test="my-tasks"] [data-test="task"]').first().waitFor();
      const layout = await page.evaluate(() => {
        const tasks = document.querySelector('[data-test="my-tasks"]').getBoundingClientRect();
        const profile = document.querySelector('[data-test="profile"]').getBoundingClientRect();
        const wrap = document.querySelector('[data-test="my-tasks"] .table-wrap');
        return {
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          table: wrap.scrollWidth - wrap.clientWidth,
          overlap: Math.max(0, Math.min(tasks.right, profile.right) - Math.max(tasks.left, profile.left)),
          sideBySide: Math.abs(tasks.top - profile.top) < 2,
        };
      });
      assert.equal(layout.page, 0, `${lang}: the page is ${layout.page}px wider than the screen`);
      assert.equal(layout.table, 0, `${lang}: ${layout.table}px of the tasks table are hidden to the side`);
      assert.ok(layout.sideBySide, `${lang}: the tasks and the user's details are no longer side by side`);
      assert.equal(layout.overlap, 0, `${lang}: the tasks card runs ${layout.overlap}px under the user's details`);
    });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
