'use strict';
// The data-sharing log in real Chromium: the demo caseworker (SSO-AMM) refers two juvenile protection cases to the
// behaviour monitors (MON-AMM) through the API, one sharing the summary and the persons, the other the summary alone,
// and the supervisor refers an adult victim's case without her consent (an override). The demo auditor opens the log
// from the navigation, in a browser set to UTC: the explanation at the top, every row newest first with the time in
// Amman, the event, the case's reference (no link: auditors do not open cases), the units, the sections, the persons,
// the basis in words (the override marked) and the user; filters by one case's number (typed in Arabic-Indic digits)
// and sees only its row, then by its reference, a number that is not one refused beside its field without asking the server, and clears the
// filter; the page in English. A caseworker has no such navigation entry, gets the "not allowed" page at #/sharing
// without the interface asking the server, and the API refuses her.
// Run: TAKAMUL_BIN=build/takamul node --test tests/browser/sharing.test.js

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, arabicDigits, codeLabel: labelOf, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

let server;
let browser;
let codes;
const U = {};

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'takamul serve did not exit cleanly on SIGTERM');
});

/** The label of a code in /codes, in `lang`. */
const codeLabel = (list, code, lang = 'ar') => labelOf(codes, list, code, lang);

/** Registers a person and a case through the API; returns {c, person}. */
async function registerCase(page, kind, person, extra = {}) {
  const made = await apiJson(page, 'POST', '/persons', { father_name: 'خالد', family_name: 'العمري', ...person });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const principal = kind === 'family_violence' ? 'victim' : 'juvenile';
  const created = await apiJson(page, 'POST', '/cases', { kind, persons: [{ person_id: made.body.id, role: principal }], ...extra });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { c: created.body, person: made.body };
}

/** Refers a case to MON-AMM through the API. */
async function refer(page, c, body) {
  const sent = await apiJson(page, 'POST', `/cases/${c.id}/referrals`, {
    kind: 'referral', to_unit_id: U['MON-AMM'].id, reason: 'متابعة سلوكية أسبوعية للطفل', urgency: 'routine', ...body,
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  return sent.body;
}

/** The log's rows on screen: [{id, caseId}] in order. */
function rowsOnScreen(page) {
  return page.locator('[data-test="sharing-table"] [data-test="sharing-row"]').evaluateAll((rows) => rows.map((row) => ({
    id: row.getAttribute('data-id'),
    caseId: row.getAttribute('data-case-id'),
  })));
}

test('the auditor reads the data-sharing log: every referral with its units, sections, persons, basis and user, filtered by case, in Arabic and English; a caseworker may not', async () => {
  // The sharing: two children's cases referred by the caseworker, an adult's by the supervisor's override.
  const worker = await openBrowserPage(browser);
  let child;
  let second;
  let adult;
  try {
    await signIn(worker.page, server.base, 'caseworker');
    codes = (await apiJson(worker.page, 'GET', '/codes')).body;
    for (const [type, code] of [['monitor_office', 'MON-AMM'], ['social_service_office', 'SSO-AMM'], ['fjpd_office', 'FJPD-AMM']]) {
      const answer = await apiJson(worker.page, 'GET', `/units?type=${type}&governorate=amman&limit=200`);
      assert.equal(answer.status, 200);
      U[code] = answer.body.items.find((unit) => unit.code === code);
      assert.ok(U[code], `the demo has ${code}`);
    }
    // (the second case registered first, so that no case's number is its log row's number)
    second = await registerCase(worker.page, 'juvenile_protection', { first_name: 'يزن', sex: 'male', birth_date: '2013-02-11' },
      { summary: 'طفل يتغيب عن المدرسة ويعمل في ورشة', protection_grounds: ['no_carer'] });
    child = await registerCase(worker.page, 'juvenile_protection', { first_name: 'سلمى', sex: 'female', birth_date: '2015-06-01' },
      { summary: 'طفلة بلا معيل تبيع المناديل عند الإشارات', protection_grounds: ['no_carer'] });
    child.referral = await refer(worker.page, child.c, { sections: ['summary', 'persons'] });
    assert.equal(child.referral.consent_basis, 'child');
    await refer(worker.page, second.c, { sections: ['summary'] });
    adult = await registerCase(worker.page, 'family_violence', { first_name: 'منى', sex: 'female', birth_date: '1990-04-02' },
      { summary: 'عنف جسدي متكرر من الزوج' });
  } finally {
    await worker.context.close();
  }
  const boss = await openBrowserPage(browser);
  try {
    await signIn(boss.page, server.base, 'supervisor');
    // (to the family protection office: behaviour monitors work juveniles' cases only)
    const overridden = await refer(boss.page, adult.c, { to_unit_id: U['FJPD-AMM'].id, sections: ['summary'], override_reason: 'خطر داهم على حياتها والموافقة متعذرة الآن' });
    assert.equal(overridden.consent_basis, 'override');
  } finally {
    await boss.context.close();
  }

  // The auditor, in a browser set to UTC: the times shown must still be Amman's.
  const auditor = await openBrowserPage(browser, undefined, { timezoneId: 'UTC' });
  const page = auditor.page;
  try {
    await signIn(page, server.base, 'auditor');
    const entry = page.locator('[data-test="nav-group-audit"] [data-test="nav-sharing"]');
    assert.equal((await entry.innerText()).trim(), ar['nav.sharing']);
    assert.equal(await page.locator('[data-test="nav-group-audit"] [data-test="nav-audit"]').count(), 1, 'the audit log is beside it');
    await entry.click();
    await page.locator('[data-test="sharing-table"] [data-test="sharing-row"]').first().waitFor();
    assert.equal(new URL(page.url()).hash, '#/sharing');
    assert.equal(await entry.getAttribute('aria-current'), 'page');
    assert.equal(await text(page, 'h1'), ar['sharing.title']);
    assert.equal(await page.title(), `${ar['nav.sharing']} — ${ar['app.name']}`);
    assert.equal(await text(page, '[data-test="sharing-lead"]'), format(ar, 'sharing.lead', { year: arabicDigits(2023), article: arabicDigits(14) }));
    assert.deepEqual(
      await page.locator('[data-test="sharing-table"] thead th').allInnerTexts(),
      ['sharing.at', 'sharing.event', 'sharing.case', 'sharing.units', 'sharing.sections', 'sharing.persons', 'sharing.basis', 'sharing.user'].map((key) => ar[key]),
    );

    // Newest first: the override, the second child, the first child; and the API says the same.
    const log = await apiJson(page, 'GET', '/data-sharing');
    assert.equal(log.status, 200);
    assert.equal(log.body.items.length, 3);
    const shown = await rowsOnScreen(page);
    assert.deepEqual(shown.map((row) => row.id), log.body.items.map((item) => String(item.id)));
    assert.deepEqual(shown.map((row) => row.caseId), [adult.c.id, second.c.id, child.c.id].map(String));
    assert.equal(await text(page, '[data-test="sharing-count"]'), format(ar, 'sharing.shown', { count: arabicDigits(3) }));
    assert.equal(await page.locator('[data-test="sharing-table"] [data-test="load-more"]').count(), 0);
    assert.equal(await page.locator('[data-test="load-more"]').isVisible(), false, 'no more rows to load');

    // The child's row, in full.
    const item = log.body.items.find((row) => row.case_id === child.c.id);
    assert.notEqual(item.id, item.case_id);
    const row = page.locator(`[data-test="sharing-row"][data-case-id="${child.c.id}"]`);
    const time = row.locator('[data-test="sharing-at"]');
    assert.equal(await time.getAttribute('datetime'), item.at);
    const inZone = (zone, parts) => page.evaluate(([at, tz, withDate]) => new Intl.DateTimeFormat('ar-JO-u-nu-arab', {
      timeZone: tz, ...(withDate ? { year: 'numeric', month: 'short', day: 'numeric' } : {}), hour: '2-digit', minute: '2-digit',
    }).format(new Date(at)).replace(/ ([صم])$/, '\u00a0$1'), [item.at, zone, parts === 'full']);
    assert.equal(await time.getAttribute('title'), await inZone('Asia/Amman', 'full'));
    const clock = await text(row, '[data-test="sharing-time"]');
    assert.equal(clock, await inZone('Asia/Amman'));
    assert.notEqual(clock, await inZone('UTC'), 'the time is the browser\'s, not Amman\'s');
    assert.equal(await text(row, '[data-test="sharing-event"]'), ar['sharing.event.referral_sent']);
    assert.equal(await text(row, '[data-test="sharing-case"]'), child.c.reference);
    assert.equal(await text(row, '[data-test="sharing-case-id"]'), '#' + child.c.id);
    assert.equal(await row.locator('a').count(), 0, 'an auditor is offered a link into the case');
    assert.equal(await text(row, '[data-test="sharing-from"]'), U['SSO-AMM'].name_ar);
    assert.equal(await text(row, '[data-test="sharing-to"]'), U['MON-AMM'].name_ar);
    assert.deepEqual(await row.locator('[data-test="sharing-sections"] li').allInnerTexts(), ['summary', 'persons'].map((code) => codeLabel('case_sections', code)));
    assert.equal(await row.locator('[data-test="sharing-persons"]').getAttribute('data-count'), '1');
    assert.match(await text(row, '[data-test="sharing-persons"]'), new RegExp('^' + ar['sharing.persons_count.one']));
    assert.equal(await text(row, '[data-test="sharing-person-ids"]'), '#' + child.person.id);
    const basis = row.locator('[data-test="sharing-basis"]');
    assert.equal(await basis.getAttribute('data-basis'), 'child');
    assert.equal((await basis.innerText()).trim(), ar['sharing.basis.child']);
    assert.equal(await basis.getAttribute('title'), ar['referrals.basis.child']);
    assert.equal(await text(row, '[data-test="sharing-user"]'), 'caseworker');
    assert.equal(await row.evaluate((tr) => tr.classList.contains('row-override')), false);

    // The second child: the summary alone, no persons' data.
    const secondRow = page.locator(`[data-test="sharing-row"][data-case-id="${second.c.id}"]`);
    assert.deepEqual(await secondRow.locator('[data-test="sharing-sections"] li').allInnerTexts(), [codeLabel('case_sections', 'summary')]);
    assert.equal(await secondRow.locator('[data-test="sharing-persons"]').getAttribute('data-count'), '0');
    assert.equal(await secondRow.locator('[data-test="sharing-person-ids"]').count(), 0);

    // The supervisor's override stands out: its row, its tag, its words, its user.
    const overrideRow = page.locator(`[data-test="sharing-row"][data-case-id="${adult.c.id}"]`);
    const overrideBasis = overrideRow.locator('[data-test="sharing-basis"]');
    assert.equal(await overrideBasis.getAttribute('data-basis'), 'override');
    assert.equal((await overrideBasis.innerText()).trim(), ar['sharing.basis.override']);
    assert.equal(await overrideBasis.evaluate((tag) => tag.classList.contains('tag-danger')), true);
    assert.equal(await overrideRow.evaluate((tr) => tr.classList.contains('row-override')), true);
    const colours = await page.evaluate(([a, b]) => [a, b].map((caseId) => getComputedStyle(document.querySelector(`[data-test="sharing-row"][data-case-id="${caseId}"] td`)).backgroundColor), [adult.c.id, child.c.id]);
    assert.notEqual(colours[0], colours[1], 'the override\'s row looks like the others');
    assert.equal(await text(overrideRow, '[data-test="sharing-user"]'), 'supervisor');

    // Filtered by the first child's case number, typed in Arabic-Indic digits: only its row.
    const filtered = page.waitForResponse((response) => response.url().includes('/api/v1/data-sharing?'));
    await page.fill('[data-test="sharing-case-filter"]', arabicDigits(child.c.id));
    await page.click('[data-test="sharing-filter-submit"]');
    const answer = await filtered;
    assert.equal(new URL(answer.url()).searchParams.get('case_id'), String(child.c.id), 'the case number was not sent in ASCII digits');
    assert.equal(answer.status(), 200);
    await page.waitForFunction((id) => {
      const rows = [...document.querySelectorAll('[data-test="sharing-table"] [data-test="sharing-row"]')];
      return rows.length && rows.every((tr) => tr.getAttribute('data-case-id') === id);
    }, String(child.c.id));
    assert.deepEqual(await rowsOnScreen(page), [{ id: String(item.id), caseId: String(child.c.id) }]);
    assert.equal(await text(page, '[data-test="sharing-count"]'), format(ar, 'sharing.shown', { count: arabicDigits(1) }));

    // A number that is not one: refused beside its field, and the server is not asked.
    let asked = 0;
    const count = (request) => {
      if (request.url().includes('/api/v1/data-sharing')) asked += 1;
    };
    page.on('request', count);
    await page.fill('[data-test="sharing-case-filter"]', 'ح١٢');
    await page.click('[data-test="sharing-filter-submit"]');
    const fieldError = page.locator('[data-test="sharing-filter"] .field-error:not(:empty)').first();
    await fieldError.waitFor();
    assert.equal((await fieldError.innerText()).trim(), ar['sharing.case_id_invalid']);
    assert.equal(await page.locator('[data-test="sharing-case-filter"]').getAttribute('aria-invalid'), 'true');
    page.off('request', count);
    assert.equal(asked, 0, 'the interface asked the server with a case number that is not one');
    assert.deepEqual(await rowsOnScreen(page), [{ id: String(item.id), caseId: String(child.c.id) }], 'the refused filter changed the rows');

    // A case with no sharing: the empty state.
    await page.fill('[data-test="sharing-case-filter"]', String(adult.c.id + 1000));
    await page.click('[data-test="sharing-filter-submit"]');
    await page.locator('[data-test="sharing-table"] .empty-row').waitFor();
    assert.equal(await text(page, '[data-test="sharing-table"] .empty-row'), ar['sharing.empty']);

    // By the case's reference, as the table shows it (typed in small letters): its row alone.
    const byReference = page.waitForResponse((response) => response.url().includes('/api/v1/data-sharing?'));
    await page.fill('[data-test="sharing-case-filter"]', child.c.reference.toLowerCase());
    await page.click('[data-test="sharing-filter-submit"]');
    const referenceAnswer = await byReference;
    assert.equal(new URL(referenceAnswer.url()).searchParams.get('case_reference'), child.c.reference.toLowerCase());
    assert.equal(new URL(referenceAnswer.url()).searchParams.get('case_id'), null);
    await page.waitForFunction((id) => {
      const rows = [...document.querySelectorAll('[data-test="sharing-table"] [data-test="sharing-row"]')];
      return rows.length === 1 && rows[0].getAttribute('data-case-id') === id;
    }, String(child.c.id));

    // Cleared: every row again.
    await page.fill('[data-test="sharing-case-filter"]', String(child.c.id));
    await page.click('[data-test="sharing-filter-submit"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="sharing-table"] [data-test="sharing-row"]').length === 1);
    await page.click('[data-test="sharing-clear"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="sharing-table"] [data-test="sharing-row"]').length === 3);
    assert.equal(await page.inputValue('[data-test="sharing-case-filter"]'), '');

    // In English, filtered again by the first child's case.
    await page.fill('[data-test="sharing-case-filter"]', String(child.c.id));
    await page.click('[data-test="sharing-filter-submit"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="sharing-table"] [data-test="sharing-row"]').length === 1);
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('h1', { hasText: en['sharing.title'] }).waitFor();
    await page.locator('[data-test="sharing-table"] [data-test="sharing-row"]').first().waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.equal((await page.locator('[data-test="nav-sharing"]').innerText()).trim(), en['nav.sharing']);
    assert.equal(await text(page, '[data-test="sharing-lead"]'), format(en, 'sharing.lead', { year: '2023', article: '14' }));
    assert.equal(await page.inputValue('[data-test="sharing-case-filter"]'), String(child.c.id), 'the filter was lost');
    assert.deepEqual(await rowsOnScreen(page), [{ id: String(item.id), caseId: String(child.c.id) }]);
    assert.deepEqual(
      await page.locator('[data-test="sharing-table"] thead th').allInnerTexts(),
      ['sharing.at', 'sharing.event', 'sharing.case', 'sharing.units', 'sharing.sections', 'sharing.persons', 'sharing.basis', 'sharing.user'].map((key) => en[key]),
    );
    const enRow = page.locator(`[data-test="sharing-row"][data-case-id="${child.c.id}"]`);
    assert.equal(await text(enRow, '[data-test="sharing-event"]'), en['sharing.event.referral_sent']);
    assert.equal(await text(enRow, '[data-test="sharing-from"]'), U['SSO-AMM'].name_en);
    assert.equal(await text(enRow, '[data-test="sharing-to"]'), U['MON-AMM'].name_en);
    assert.deepEqual(await enRow.locator('[data-test="sharing-sections"] li').allInnerTexts(), ['summary', 'persons'].map((code) => codeLabel('case_sections', code, 'en')));
    assert.match(await text(enRow, '[data-test="sharing-persons"]'), /^1 person\b/);
    assert.equal(await text(enRow, '[data-test="sharing-basis"]'), en['sharing.basis.child']);
    assert.equal(await enRow.locator('[data-test="sharing-at"]').getAttribute('title'), await page.evaluate((at) => new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Amman', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    }).format(new Date(at)), item.at));
    assert.equal(await text(enRow, '[data-test="sharing-time"]'), await page.evaluate((at) => new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Amman', hour: '2-digit', minute: '2-digit',
    }).format(new Date(at)), item.at));
    assert.equal(await text(page, '[data-test="sharing-count"]'), format(en, 'sharing.shown', { count: '1' }));

    // Reading the log is itself audited.
    const audited = await apiJson(page, 'GET', '/audit?action=sharing.read');
    assert.equal(audited.status, 200);
    assert.ok(audited.body.items.some((entry2) => entry2.username === 'auditor'), 'reading the sharing log was not audited');
    assert.deepEqual(auditor.problems, []);
  } finally {
    await auditor.context.close();
  }

  // A caseworker: no entry in the navigation, the "not allowed" page without asking the server, and the API's 403.
  const other = await openBrowserPage(browser);
  try {
    await signIn(other.page, server.base, 'caseworker');
    assert.equal(await other.page.locator('[data-test="nav-sharing"]').count(), 0);
    assert.equal(await other.page.locator('[data-test="nav-group-audit"]').count(), 0);
    let asked = 0;
    other.page.on('request', (request) => {
      if (request.url().includes('/api/v1/data-sharing')) asked += 1;
    });
    await other.page.goto(`${server.base}/#/sharing`);
    await other.page.locator('h1', { hasText: ar['error.forbidden_title'] }).waitFor();
    assert.equal(await text(other.page, '[data-page="sharing"] .banner'), ar['error.forbidden_page']);
    assert.equal(await other.page.locator('[data-test="sharing-table"]').count(), 0);
    assert.equal(asked, 0, 'the interface asked the server for the log');
    const refused = await apiJson(other.page, 'GET', '/data-sharing');
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'auth.forbidden');
    assert.deepEqual(other.problems, []);
  } finally {
    await other.context.close();
  }
});
