'use strict';
// The audit log (#/audit) in real Chromium, as the demo auditor: the kinds of record and the actions in Arabic (in
// English after the switch), never their codes; the record-type filter offers every kind the log holds, cases,
// referrals and studies among them, and narrows the rows to one; the action filter finds an action by its Arabic
// label, typed in full, loosely (no hamza, ه for ة) or in part, and says so beside the field when the words fit
// several actions or none, without asking the server; a record's number narrows the log to that record; the time
// filters take a day typed day/month/year in Arabic-Indic digits and send the start and the end of that day in Amman
// as UTC. Auditors do not read cases, so no row links to one. Every action and kind of record the server logs has its
// words in both languages (none shown as its code).
// Expects the demo data (server.js starts a fresh demo database). Run: node --test tests/browser/audit.test.js

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, arabicDigits, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

// A demo person (src/domain/demo/demo.c).
const VICTIM = 'هيفاء جميل عودة السرحان';
// Every kind of record the server's audit rows name (src/domain, src/api/dispatch.c).
const OBJECT_TYPES = ['case', 'referral', 'study', 'person', 'merge', 'user', 'unit', 'audit', 'data_sharing'];

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

/** Today in Amman, 'YYYY-MM-DD'. */
function ammanToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Amman', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Submits the audit filter and resolves the query of the request it makes. */
async function filter(page) {
  const response = page.waitForResponse((r) => r.url().includes('/api/v1/audit?'));
  await page.click('[data-test="audit-filter-submit"]');
  const query = new URL((await response).url()).searchParams;
  await page.waitForFunction(() => document.querySelector('[data-test="audit-filter"]').getAttribute('aria-busy') === 'false');
  return query;
}

/** The values of attribute `name` of every element matching `selector` in the table. */
function attributes(page, selector, name) {
  return page.locator(`[data-test="audit-table"] ${selector}`).evaluateAll((nodes, attr) => nodes.map((node) => node.getAttribute(attr)), name);
}

test('the auditor reads the log with record kinds and actions in Arabic, finds an action by its Arabic label and filters by kind and day', async () => {
  const worker = await openBrowserPage(browser);
  const auditor = await openBrowserPage(browser);
  const page = auditor.page;
  try {
    // A case with a note, written by the caseworker: case.create and case.note.add rows about case #id.
    await signIn(worker.page, server.base, 'caseworker');
    const found = await apiJson(worker.page, 'GET', `/persons/search?${new URLSearchParams({ q: VICTIM, limit: '1' })}`);
    const made = await apiJson(worker.page, 'POST', '/cases', {
      kind: 'family_violence', summary: 'بلاغ لتجربة سجل التدقيق', persons: [{ person_id: found.body.items[0].person.id, role: 'victim' }], assign_me: true,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = made.body.id;
    const note = await apiJson(worker.page, 'POST', `/cases/${id}/notes`, { kind: 'call', occurred_on: ammanToday(), body: 'اتصال للتجربة' });
    assert.equal(note.status, 201, JSON.stringify(note.body));

    await signIn(page, server.base, 'auditor');
    await page.click('[data-test="nav-audit"]');
    await page.locator('[data-test="audit-table"] tbody tr').first().waitFor();

    // The kinds of record: every one the log holds, in Arabic, in the filter and in the rows.
    const offered = await page.locator('[data-test="audit-object-type"] option').evaluateAll((options) => options.map((o) => [o.value, o.textContent]));
    assert.deepEqual(offered, [['', ar['common.all']], ...OBJECT_TYPES.map((type) => [type, ar['audit.object.' + type]])]);
    const kinds = await page.locator('[data-test="audit-table"] [data-test="audit-object"]').evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-type'), node.querySelector('[data-test="audit-object-type"]').textContent]));
    assert.ok(kinds.length > 0);
    for (const [type, label] of kinds) assert.equal(label, ar['audit.object.' + type], `${type} shown as ${label}`);
    // the actions in words, none as its code
    const actions = await page.locator('[data-test="audit-table"] [data-test="audit-action-label"]').evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-action'), node.textContent]));
    for (const [code, label] of actions) assert.equal(label, ar['audit.action.' + code], `${code} shown as ${label}`);
    assert.doesNotMatch(await text(page, '[data-test="audit-table"] tbody'), /\b(case|person|user|unit|session)\b/);
    // the suggestions are the Arabic labels, one for each action
    const suggestions = await page.locator('#audit-actions option').evaluateAll((options) => options.map((o) => o.value));
    assert.ok(suggestions.includes(ar['audit.action.case.note.add']));
    assert.equal(new Set(suggestions).size, suggestions.length, 'two actions share a label');
    assert.ok(suggestions.every((label) => !/^[a-z_.]+$/.test(label)), 'an action offered by its code');

    // Only cases: the type filter sends case and every row is about a case, shown as "حالة #id", without a link.
    await page.selectOption('[data-test="audit-object-type"]', 'case');
    assert.equal((await filter(page)).get('object_type'), 'case');
    const types = await attributes(page, '[data-test="audit-object"]', 'data-type');
    assert.ok(types.length > 0);
    assert.deepEqual([...new Set(types)], ['case']);
    const caseRow = page.locator('[data-test="audit-table"] tbody tr', { has: page.locator('[data-action="case.note.add"]') }).first();
    assert.equal(await text(caseRow, '[data-test="audit-object-type"]'), ar['audit.object.case']);
    assert.equal(await text(caseRow, '[data-test="audit-object-id"]'), `#${id}`);
    assert.equal(await page.locator('[data-test="audit-table"] a').count(), 0, 'an auditor is offered a link into a case');

    // The action by its Arabic label: sent as its code, every row that action.
    await page.selectOption('[data-test="audit-object-type"]', '');
    await page.fill('[data-test="audit-action"]', ar['audit.action.case.note.add']);
    assert.equal((await filter(page)).get('action'), 'case.note.add');
    assert.deepEqual([...new Set(await attributes(page, '[data-test="audit-action-label"]', 'data-action'))], ['case.note.add']);
    assert.equal(await page.inputValue('[data-test="audit-action"]'), ar['audit.action.case.note.add']);
    // typed loosely (no hamza, ه for ة), or a part that fits one action only
    await page.fill('[data-test="audit-action"]', 'اضافه ملاحظه الى حاله');
    assert.equal((await filter(page)).get('action'), 'case.note.add');
    await page.fill('[data-test="audit-action"]', 'ملاحظة إلى');
    assert.equal((await filter(page)).get('action'), 'case.note.add');

    // Words that fit several actions, or none: said beside the field, nothing asked of the server.
    let asked = 0;
    const count = (request) => {
      if (request.url().includes('/api/v1/audit?')) asked += 1;
    };
    page.on('request', count);
    await page.fill('[data-test="audit-action"]', 'حالة');
    await page.click('[data-test="audit-filter-submit"]');
    const actionError = page.locator('.field', { has: page.locator('[data-test="audit-action"]') }).locator('.field-error');
    await actionError.waitFor();
    const several = Object.keys(ar).filter((key) => key.startsWith('audit.action.') && ar[key].includes('حالة')).length;
    assert.equal((await actionError.innerText()).trim(), format(ar, 'audit.action_several', { count: arabicDigits(several) }));
    assert.equal(await page.getAttribute('[data-test="audit-action"]', 'aria-invalid'), 'true');
    await page.fill('[data-test="audit-action"]', 'طباعة شيء غير موجود');
    await page.click('[data-test="audit-filter-submit"]');
    await page.waitForFunction((wanted) => [...document.querySelectorAll('.field-error')].some((node) => node.textContent === wanted), ar['audit.action_unknown']);
    assert.equal(asked, 0);
    page.off('request', count);

    // A record's number narrows the log to that record, whatever its action.
    await page.fill('[data-test="audit-action"]', '');
    await filter(page);
    const narrowed = page.waitForRequest((r) => r.url().includes('/api/v1/audit?') && r.url().includes('object_id'));
    await page.locator('[data-test="audit-table"] tbody tr', { has: page.locator('[data-action="case.note.add"]') }).first().locator('[data-test="audit-object-id"]').click();
    const narrowQuery = new URL((await narrowed).url()).searchParams;
    assert.equal(narrowQuery.get('object_type'), 'case');
    assert.equal(narrowQuery.get('object_id'), String(id));
    await page.locator('[data-test="audit-table"] [data-action="case.create"]').first().waitFor();
    assert.equal(await page.inputValue('[data-test="audit-object-id-filter"]'), String(id));
    assert.equal(await page.inputValue('[data-test="audit-object-type"]'), 'case');

    // A day typed in Arabic-Indic digits: from its start to its end in Amman, sent as UTC.
    const today = ammanToday();
    const [year, month, day] = today.split('-');
    const dayStart = new Date(Date.parse(`${today}T00:00:00Z`) - 3 * 3600 * 1000).toISOString().replace('.000', '');
    const dayEnd = new Date(Date.parse(`${today}T23:59:59Z`) - 3 * 3600 * 1000).toISOString().replace('.000', '');
    await page.fill('[data-test="audit-from"]', arabicDigits(`${day}/${month}/${year}`));
    await page.fill('[data-test="audit-to"]', arabicDigits(`${day}/${month}/${year}`));
    const byDay = await filter(page);
    assert.equal(byDay.get('from'), dayStart);
    assert.equal(byDay.get('to'), dayEnd);
    assert.ok(await page.locator('[data-test="audit-table"] [data-action="case.note.add"]').count() > 0);
    // with a time, and a bad one refused beside it
    await page.fill('[data-test="audit-from-time"]', '٢٥:٠٠');
    await page.press('[data-test="audit-from-time"]', 'Tab');
    assert.equal(await text(page.locator('fieldset', { has: page.locator('[data-test="audit-from"]') }), '.field-error'), ar['form.time_format']);
    await page.fill('[data-test="audit-from-time"]', '٠٨:١٥');
    assert.equal((await filter(page)).get('from'), new Date(Date.parse(`${today}T08:15:00Z`) - 3 * 3600 * 1000).toISOString().replace('.000', ''));

    // In English: the same filters, the kinds and actions in English, an action found by its English label.
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('[data-test="audit-table"] tbody tr').first().waitFor();
    assert.equal(await page.inputValue('[data-test="audit-from"]'), `${day}/${month}/${year}`);
    const cleared = page.waitForResponse((r) => r.url().includes('/api/v1/audit?'));
    await page.click('[data-test="audit-clear"]');
    await cleared;
    await page.fill('[data-test="audit-action"]', 'note added');
    assert.equal((await filter(page)).get('action'), 'case.note.add');
    assert.equal(await text(page, '[data-test="audit-table"] [data-test="audit-action-label"]'), en['audit.action.case.note.add']);
    assert.equal(await text(page, '[data-test="audit-table"] [data-test="audit-object-type"]'), en['audit.object.case']);
    assert.deepEqual(auditor.problems, []);
  } finally {
    await worker.context.close();
    await auditor.context.close();
  }
});

// Every action the server writes to the log (each `domain_audit_read`, `domain_audit_change` and
// `domain_audit_read_outcome` in src/, a choice of two codes counted as both) and every kind of record it names has
// its words in Arabic and in English, and the action filter offers it: a code the interface shows as it is would be an
// English word in the Arabic page. Then, in the page: after the committee has read the homes' occupancy and the
// statistics, the auditor's log shows those rows in Arabic words, as the filter finds them.
test('every action and kind of record the server logs has its words in Arabic and English, shown in the log', async () => {
  const src = path.join(__dirname, '..', '..', 'src');
  const files = fs.readdirSync(src, { recursive: true }).filter((name) => name.endsWith('.c')).map((name) => fs.readFileSync(path.join(src, name), 'utf8'));
  const code = '"([a-z_]+(?:\\.[a-z_]+)+)"';
  const call = new RegExp(`domain_audit_(?:read|change|read_outcome)\\(\\s*ctx,\\s*(?:[a-z_]+\\s*\\?\\s*)?${code}(?:\\s*:\\s*${code})?,\\s*(?:"([a-z_]+)")?`, 'g');
  const actions = new Set();
  const kinds = new Set();
  for (const file of files) {
    for (const [, first, second, kind] of file.matchAll(call)) {
      actions.add(first);
      if (second) actions.add(second);
      if (kind) kinds.add(kind);
    }
  }
  assert.ok(actions.size > 100 && actions.has('statistics.read') && actions.has('case.unseal'), `the server's actions found: ${[...actions].join(' ')}`);
  assert.ok(kinds.has('home') && kinds.has('statistics'), `the kinds found: ${[...kinds].join(' ')}`);
  for (const [lang, strings] of [['ar', ar], ['en', en]]) {
    const unworded = [...actions].filter((action) => !Object.hasOwn(strings, 'audit.action.' + action) && !Object.hasOwn(strings, 'history.' + action));
    assert.deepEqual(unworded, [], `actions without words in ${lang}`);
    assert.deepEqual([...kinds].filter((kind) => !Object.hasOwn(strings, 'audit.object.' + kind)), [], `kinds of record without words in ${lang}`);
  }

  const committee = await openBrowserPage(browser);
  const auditor = await openBrowserPage(browser);
  try {
    await signIn(committee.page, server.base, 'committee');
    assert.equal((await apiJson(committee.page, 'GET', '/homes')).status, 200);
    assert.equal((await apiJson(committee.page, 'GET', '/statistics/cases_open?by=kind')).status, 200);
    await signIn(auditor.page, server.base, 'auditor');
    const page = auditor.page;
    await page.goto(`${server.base}/#/audit`);
    await page.locator('[data-test="audit-table"] tbody tr').first().waitFor();
    const suggestions = await page.locator('#audit-actions option').evaluateAll((options) => options.map((o) => o.value));
    for (const action of ['home.occupancy.read', 'statistics.read']) {
      assert.ok(suggestions.includes(ar['audit.action.' + action]), `${action} offered by the filter`);
      const row = page.locator('[data-test="audit-table"] tbody tr', { has: page.locator(`[data-action="${action}"]`) }).first();
      await row.waitFor();
      assert.equal(await text(row, '[data-test="audit-action-label"]'), ar['audit.action.' + action]);
    }
    const rows = await page.locator('[data-test="audit-table"] [data-test="audit-object"]').evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-type'), node.querySelector('[data-test="audit-object-type"]').textContent]));
    assert.ok(rows.some(([type]) => type === 'home'), 'the occupancy read is about homes');
    for (const [type, label] of rows) assert.equal(label, ar['audit.object.' + type], `${type} shown as ${label}`);
    assert.deepEqual([...committee.problems, ...auditor.problems], []);
  } finally {
    await committee.context.close();
    await auditor.context.close();
  }
});
