'use strict';
// The statistics page, in real Chromium and in Arabic: the caseworker registers family-violence and inmates' cases;
// the supervisor of her office opens #/statistics (الإحصاءات) from the navigation: the charts are drawn (SVG, with
// Arabic month names and Arabic-Indic digits on their axes), and the table under each holds the same numbers as its
// chart, with the month's count the one registered; the digits can be switched to Western ones; the chart downloads
// as SVG and PNG; the CSV link gives the export. The committee's page has no unit filter and its tables hide small
// counts. The English page reads left to right. Screenshots go to $TAKAMUL_SCREENSHOTS when it is set:
// statistics-ar.png, statistics-en.png. Synthetic names only. Run: node --test tests/browser/statistics.test.js

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { apiJson: apiThroughPage, interfaceStrings, arabicDigits } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');

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

async function shot(page, name) {
  if (process.env.TAKAMUL_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.TAKAMUL_SCREENSHOTS, name), fullPage: true });
}

const ammanDate = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const westernDigits = (text) => text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));

// The numbers of a panel's chart (data-series: one array per series) and of its table (the rows above the total).
async function chartAndTable(panel) {
  const series = JSON.parse(await panel.locator('[data-test="chart"]').getAttribute('data-series'));
  const rows = await panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  return { series, rows: rows.slice(0, -1), total: rows[rows.length - 1] };
}

test('the supervisor\'s statistics in Arabic: the charts are drawn and each table matches its chart', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  await signIn(page, server.base, 'caseworker');
  const kinds = ['family_violence', 'family_violence', 'family_violence', 'inmate_family', 'inmate_family', 'family_violence'];
  for (const [i, kind] of kinds.entries()) {
    const person = await apiJson(page, 'POST', '/persons', { first_name: 'نور', father_name: ['سامي', 'خالد', 'عمر', 'باسل', 'فراس', 'معن'][i], family_name: 'العبادي', sex: i % 2 ? 'male' : 'female', birth_date: '1990-03-03' });
    assert.equal(person.status, 201, JSON.stringify(person.body));
    const c = await apiJson(page, 'POST', '/cases', { kind, summary: 'حالة لصفحة الإحصاءات', assign_me: true, persons: [{ person_id: person.body.id, role: kind === 'inmate_family' ? 'inmate' : 'victim' }] });
    assert.equal(c.status, 201, JSON.stringify(c.body));
  }
  await context.clearCookies();
  await signIn(page, server.base, 'supervisor');
  await page.click('[data-test="nav-statistics"]');
  await page.locator('h1.page-title', { hasText: ar['statistics.title'] }).waitFor();
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');

  const monthly = page.locator('[data-test="panel-cases_new-month"]');
  await monthly.locator('[data-test="chart"] svg path').first().waitFor({ state: 'attached' });
  // the chart is drawn: an SVG with its line and Arabic month names in Arabic-Indic digits on its axis
  const svgText = await monthly.locator('[data-test="chart"] svg').evaluate((svg) => svg.textContent);
  assert.match(svgText, /[\u0660-\u0669]/, 'Arabic-Indic digits on the axes');
  assert.match(svgText, /كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين/, 'Arabic month names');
  // the table matches the chart, row by row; this month holds the six registered
  const { series, rows, total } = await chartAndTable(monthly);
  assert.equal(series.length, 1);
  assert.equal(rows.length, series[0].length);
  rows.forEach((row, i) => assert.equal(Number(westernDigits(row[1])), series[0][i], `row ${row[0]}`));
  assert.equal(rows[rows.length - 1][1], arabicDigits(6));
  assert.equal(total[0], ar['statistics.total']);
  assert.equal(Number(westernDigits(total[1])), series[0].reduce((a, b) => a + (b || 0), 0));

  // the open cases by kind: bars, and the table's numbers the same
  const open = page.locator('[data-test="panel-cases_open-kind"]');
  await open.locator('[data-test="chart"] svg path').first().waitFor({ state: 'attached' });
  const bars = await chartAndTable(open);
  bars.rows.forEach((row, i) => assert.equal(Number(westernDigits(row[1])), bars.series[0][i]));
  assert.ok(bars.rows.some((row) => row[0] === 'عنف أسري' && row[1] === arabicDigits(4)), JSON.stringify(bars.rows));

  // the supervisor's own unit: exact numbers, said so
  assert.equal((await page.locator('[data-test="stat-scope"]').innerText()).trim(), ar['statistics.exact_note']);
  // an office holds no home: none of the homes' panels
  assert.equal(await page.locator('[data-test^="panel-homes_"]').count(), 0);

  // Western digits when chosen
  await page.selectOption('[data-test="stat-digits"]', 'latn');
  await page.click('[data-test="stat-filter-submit"]');
  await page.locator('[data-test="panel-cases_new-month"] tbody tr:last-child td:nth-child(2)', { hasText: /^[0-9]+$/ }).waitFor();

  // each chart downloads as SVG and as PNG
  const [svg] = await Promise.all([page.waitForEvent('download'), monthly.locator('[data-test="chart-svg"]').click()]);
  assert.match(svg.suggestedFilename(), /^cases_new-.*\.svg$/);
  const svgFile = fs.readFileSync(await svg.path(), 'utf8');
  assert.match(svgFile, /<svg/);
  const [png] = await Promise.all([page.waitForEvent('download'), monthly.locator('[data-test="chart-png"]').click()]);
  assert.match(png.suggestedFilename(), /^cases_new-.*\.png$/);
  const pngBytes = fs.readFileSync(await png.path());
  assert.equal(pngBytes.subarray(1, 4).toString('latin1'), 'PNG');
  // and the table as CSV
  const [csv] = await Promise.all([page.waitForEvent('download'), monthly.locator('[data-test="export-csv"]').click()]);
  assert.match(csv.suggestedFilename(), /\.csv$/);
  const csvBytes = fs.readFileSync(await csv.path());
  assert.deepEqual([...csvBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);

  await page.selectOption('[data-test="stat-digits"]', 'arab');
  await page.click('[data-test="stat-filter-submit"]');
  await page.locator('[data-test="panel-cases_new-month"] tbody tr:last-child td:nth-child(2)', { hasText: /^[\u0660-\u0669]+$/ }).waitFor();
  await shot(page, 'statistics-ar.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the committee\'s page: national figures, no unit to choose, small counts hidden; and in English', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  await signIn(page, server.base, 'committee');
  await page.goto(`${server.base}/#/statistics`);
  const byKind = page.locator('[data-test="panel-cases_open-kind"]');
  await byKind.locator('[data-test="chart"] svg path').first().waitFor({ state: 'attached' });
  assert.equal(await page.locator('[data-test="stat-unit"]').count(), 0);
  // the nation's homes: their occupancy, their admissions and discharges, and those past their order
  for (const id of ['panel-homes_occupancy-sex-age_band', 'panel-homes_moves-status-sex', 'panel-homes_overstays-sex-age_band']) {
    assert.equal(await page.locator(`[data-test="${id}"]`).count(), 1, id);
  }
  const rows = (await chartAndTable(byKind)).rows;
  // the two inmates' families are fewer than five: hidden, and never shown as a number below five
  assert.ok(rows.some((row) => row[1] === '\u2066<٥\u2069'), JSON.stringify(rows));
  for (const row of rows) {
    const n = Number(westernDigits(row[1]));
    assert.ok(Number.isNaN(n) || n === 0 || n >= 5, JSON.stringify(row));
  }
  // the breakdown by another dimension redraws the bars
  await page.selectOption('[data-test="stat-breakdown"]', 'sex');
  await page.locator('[data-test="panel-cases_new-sex"] [data-test="chart"] svg path').first().waitFor({ state: 'attached' });
  await page.click('[data-test="lang-switch"]').catch(async () => {
    await page.evaluate(() => localStorage.setItem('takamul.lang', 'en'));
    await page.reload();
  });
  await page.locator('h1.page-title', { hasText: 'Statistics' }).waitFor();
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  await page.locator('[data-test="panel-cases_new-month"] [data-test="chart"] svg path').first().waitFor({ state: 'attached' });
  const svgText = await page.locator('[data-test="panel-cases_new-month"] [data-test="chart"] svg').evaluate((svg) => svg.textContent);
  assert.match(svgText, /January|February|March|April|May|June|July|August|September|October|November|December/);
  await shot(page, 'statistics-en.png');
  assert.deepEqual(problems, []);
  await context.close();
});
