'use strict';
// The social studies page (#/studies) and a study as a document, in real Chromium. In Arabic: the demo caseworker
// finds the studies she wrote under "My studies" (newest first, not the supervisor's) and filters them by status; the
// demo supervisor finds the study she submitted under "To review", counted on its tab and on his home page, but not
// the one he wrote and submitted himself; a search typed another way (no hamza, ه for ة) finds the study, names the
// section and marks the words found. The study page prints a copy whose document never shows the juvenile's name
// (initials instead, marked withheld), and the court's version only once the study is approved (disabled until then,
// saying why), with the full name; the PDF links answer application/pdf. A juvenile case offers both templates for a
// new draft, and a case with a behaviour monitor's report due says when, starts a follow-up report, and once it is
// approved the next one is due three months on. In English at phone width: the page fits and reads in English; more
// rows come by "load more".
// Expects the demo data (server.js starts a fresh demo database). Run: node --test tests/browser/studies_list.test.js

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, arabicDigits, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

// The juvenile of the first case and his father, the guardian: a copy withholds both (written by role), the court's version names them.
const JUVENILE = { first_name: 'يزن', father_name: 'خالد', grandfather_name: 'محمود', family_name: 'الطراونة', sex: 'male', birth_date: '2012-05-10' };
const JUVENILE_NAME = 'يزن خالد محمود الطراونة';
const GUARDIAN = { first_name: 'خالد', father_name: 'محمود', grandfather_name: 'سالم', family_name: 'الطراونة', sex: 'male', birth_date: '1979-02-01' };
// The section the search finds, and the search typed another way: no hamza on إصلاح, ه for the ة of ورشة.
const SCHOOL = 'ترك يزن المدرسة في الصف السادس، ويعمل منذ سنة في ورشة إصلاح سيارات في المنطقة الصناعية.';
const SEARCH = 'ورشه اصلاح';

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

/** Registers a person through the API; returns the person. */
async function registerPerson(page, person) {
  const made = await apiJson(page, 'POST', '/persons', person);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body;
}

/** Registers a case through the API; returns it. */
async function registerCase(page, body) {
  const created = await apiJson(page, 'POST', '/cases', body);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

/**
 * Starts a study on the case (on `template`, else the default), writes every section (the texts of `texts` by key,
 * the others a sentence of their own) and, with submit, submits it. Returns the study as the API then gives it.
 */
async function writeStudy(page, caseId, { template, texts = {}, submit = false } = {}) {
  const made = await apiJson(page, 'POST', `/cases/${caseId}/studies`, template ? { template } : {});
  assert.equal(made.status, 201, JSON.stringify(made.body));
  let study = made.body;
  const sections = study.template_sections.map((s) => ({ key: s.key, body: texts[s.key] || `نص قسم «${s.title_ar}» في دراسة الاختبار.` }));
  const saved = await apiJson(page, 'PUT', `/studies/${study.id}`, { version: study.version, sections });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  study = saved.body;
  if (submit) study = await transition(page, study, 'submit');
  return (await apiJson(page, 'GET', `/studies/${study.id}`)).body;
}

/** A study's transition through the API; returns the study after it. */
async function transition(page, study, action, extra = {}) {
  const answer = await apiJson(page, 'POST', `/studies/${study.id}/transitions`, { action, version: study.version, ...extra });
  assert.equal(answer.status, 200, `${action}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The ids of the rows of a list of studies, in order. */
function rowIds(scope, list) {
  return scope.locator(`[data-test="studies-table-${list}"] [data-test="study-row"]`).evaluateAll((rows) => rows.map((row) => Number(row.dataset.studyId)));
}

/** Opens #/studies and the tab `list`, and waits for its rows (or its empty row). */
async function openList(page, list) {
  await page.goto(`${server.base}/#/studies`);
  await page.locator(`[data-test="tab-${list}"]`).click();
  await page.locator(`[data-test="studies-table-${list}"]`).waitFor();
}

/**
 * Replaces window.print with a recorder of what would be printed: [{purpose, text}] in window.__printed. Like
 * Chromium's, it sends beforeprint and afterprint before it returns.
 */
async function recordPrints(page) {
  await page.evaluate(() => {
    window.__printed = [];
    window.print = () => {
      window.dispatchEvent(new Event('beforeprint'));
      const doc = document.querySelector('[data-test="study-print"] [data-test="print-document"]');
      window.__printed.push({ purpose: doc ? doc.dataset.purpose : null, text: document.querySelector('[data-test="study-print"]').textContent });
      window.dispatchEvent(new Event('afterprint'));
    };
  });
}

async function lastPrint(page, count) {
  await page.waitForFunction((n) => window.__printed && window.__printed.length === n, count);
  return page.evaluate(() => window.__printed[window.__printed.length - 1]);
}

const widthOf = (page) => page.evaluate(() => document.documentElement.scrollWidth);

const S = {};

test('the lists of studies: mine, to review (not one\'s own), a search spelled another way, the status', async () => {
  const worker = await openBrowserPage(browser);
  const boss = await openBrowserPage(browser);
  const page = worker.page;
  const bp = boss.page;
  try {
    await signIn(page, server.base, 'caseworker');
    await signIn(bp, server.base, 'supervisor');
    S.me = (await apiJson(page, 'GET', '/me')).body.user;
    S.boss = (await apiJson(bp, 'GET', '/me')).body.user;
    const juvenile = await registerPerson(page, JUVENILE);
    const guardian = await registerPerson(page, GUARDIAN);
    S.case = await registerCase(page, {
      kind: 'juvenile_protection',
      summary: 'حدث يعمل في ورشة بدل المدرسة',
      persons: [{ person_id: juvenile.id, role: 'juvenile' }, { person_id: guardian.id, role: 'guardian' }],
    });
    const other = await registerCase(page, { kind: 'juvenile_protection', summary: 'حالة ثانية للاختبار' });
    // A: the caseworker's, submitted; B: hers, a draft; C: the supervisor's own, submitted (with the same words).
    const familyText = `يعيش ${JUVENILE.first_name} مع والده في ماركا الشمالية، والأم متوفاة منذ ثلاث سنوات.`;
    S.a = await writeStudy(page, S.case.id, { texts: { family: familyText, school: SCHOOL }, submit: true });
    S.b = await writeStudy(page, other.id);
    const bossCase = await registerCase(bp, { kind: 'inmate_family', summary: 'أسرة نزيل بلا دخل' });
    S.c = await writeStudy(bp, bossCase.id, { texts: { needs: 'يعمل الابن الأكبر في ورشة إصلاح أحذية بعد المدرسة.' }, submit: true });

    // The navigation has the page (no longer "soon"); "My studies": hers, newest first, not the supervisor's.
    await page.goto(`${server.base}/#/home`);
    await page.locator('[data-test="nav-studies"]').click();
    await page.waitForURL(/#\/studies$/);
    assert.equal(await page.locator('[data-test="nav-studies"]').getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('[data-test="nav-studies"] .nav-badge').count(), 0);
    assert.equal(await page.locator('[data-test="nav-section-studies"]').count(), 0);
    assert.equal(await text(page, 'h1'), ar['studies.title']);
    assert.equal(await page.locator('[data-test="tab-review"]').count(), 0, 'a caseworker reviews nothing');
    await page.locator('[data-test="studies-table-mine"] [data-test="study-row"]').first().waitFor();
    assert.equal(await page.locator('[data-test="tab-mine"]').getAttribute('aria-selected'), 'true');
    assert.deepEqual(await rowIds(page, 'mine'), [S.b.id, S.a.id]);
    const rowA = page.locator(`[data-test="studies-table-mine"] [data-test="study-row"][data-study-id="${S.a.id}"]`);
    assert.equal(await text(rowA, '[data-test="study-link"]'), S.a.template_name_ar);
    assert.equal(await rowA.locator('[data-test="study-link"]').getAttribute('href'), `#/studies/${S.a.id}`);
    assert.equal(await text(rowA, '[data-test="study-case"]'), S.case.reference);
    assert.equal(await rowA.locator('[data-test="study-status"]').getAttribute('data-status'), 'submitted');
    assert.equal(await text(rowA, '[data-test="study-author"]'), S.me.full_name);
    assert.equal(await text(page, '[data-test="panel-mine"] [data-test="studies-count"]'), format(ar, 'studies.shown', { count: arabicDigits(2) }));

    // The status: drafts only.
    await page.locator('[data-test="studies-status"]').selectOption('draft');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="studies-table-mine"] [data-test="study-row"]').length === 1);
    assert.deepEqual(await rowIds(page, 'mine'), [S.b.id]);
    await page.locator('[data-test="studies-status"]').selectOption('approved');
    await page.locator('[data-test="studies-table-mine"] .empty-row').waitFor();
    assert.equal(await text(page, '[data-test="studies-table-mine"] .empty-row'), format(ar, 'studies.empty_status.mine', { status: ar['studies.status.approved'] }));
    await page.click('[data-test="studies-clear"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="studies-table-mine"] [data-test="study-row"]').length === 2);

    // A search typed another way finds A among hers (not the supervisor's), naming the section, the words marked.
    await page.fill('[data-test="studies-q"]', SEARCH);
    await page.click('[data-test="studies-search-submit"]');
    await page.locator('[data-test="studies-table-mine"] [data-test="study-snippet"]').first().waitFor();
    assert.deepEqual(await rowIds(page, 'mine'), [S.a.id]);
    const school = S.a.template_sections.find((s) => s.key === 'school');
    assert.equal(await text(page, '[data-test="studies-table-mine"] [data-test="study-found-section"]'), school.title_ar);
    const snippet = page.locator('[data-test="studies-table-mine"] [data-test="study-snippet"]');
    const marks = await snippet.locator('mark').allInnerTexts();
    assert.ok(marks.some((m) => m.startsWith('ورشة')), `ورشة marked: ${JSON.stringify(marks)}`);
    assert.ok(marks.some((m) => m.startsWith('إصلاح')), `إصلاح marked: ${JSON.stringify(marks)}`);
    assert.ok(!marks.some((m) => m.includes('المدرسة')), 'only the words searched are marked');
    // the words around, as the section has them (word for word, no two run together)
    const around = (await snippet.innerText()).replace(/…/g, '').replace(/\s+/g, ' ').trim();
    assert.ok(around.length > 10 && SCHOOL.includes(around), `the snippet is the section's own text: ${around}`);
    assert.equal(await text(page, '[data-test="panel-mine"] [data-test="studies-count"]'), format(ar, 'studies.search_count', { count: arabicDigits(1) }));
    // the whole row opens the study
    await snippet.click();
    await page.waitForURL(new RegExp(`#/studies/${S.a.id}$`));
    await page.locator('[data-test="study-title"]').waitFor();
    // coming back keeps the search
    await page.goBack();
    await page.locator('[data-test="studies-table-mine"] [data-test="study-snippet"]').first().waitFor();
    assert.equal(await page.inputValue('[data-test="studies-q"]'), SEARCH);
    // a search of one letter is refused beside the box, without asking the server
    await page.fill('[data-test="studies-q"]', 'ـوَ');
    await page.click('[data-test="studies-search-submit"]');
    await page.locator('[data-test="studies-q"][aria-invalid="true"]').waitFor();
    assert.equal(await text(page, '[data-test="studies-search"] .field-error'), ar['studies.search_short']);
    await page.click('[data-test="studies-clear"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="studies-table-mine"] [data-test="study-row"]').length === 2);

    // The supervisor: his home page counts the study waiting; "To review" lists A, not his own C.
    await bp.reload();
    await bp.locator('[data-test="home-studies"]:not([hidden])').waitFor();
    assert.equal(await text(bp, '[data-test="home-studies-count"]'), format(ar, 'home.studies_count', { count: arabicDigits(1) }));
    await bp.click('[data-test="home-studies-link"]');
    await bp.waitForURL(/#\/studies\/review$/);
    await bp.locator('[data-test="studies-table-review"] [data-test="study-row"]').first().waitFor();
    assert.equal(await bp.locator('[data-test="tab-review"]').getAttribute('aria-selected'), 'true');
    assert.deepEqual(await rowIds(bp, 'review'), [S.a.id]);
    await bp.locator('[data-test="review-count"]:not([hidden])').waitFor();
    assert.equal(await text(bp, '[data-test="review-count"]'), arabicDigits(1));
    assert.equal((await text(bp, '[data-test="tab-review"]')).replace(/\s+/g, ''), (ar['studies.tab.review'] + arabicDigits(1)).replace(/\s+/g, ''));
    // his own, submitted, is under "My studies", and all three under "All I can see"
    await bp.click('[data-test="tab-mine"]');
    await bp.locator('[data-test="studies-table-mine"] [data-test="study-row"]').first().waitFor();
    assert.deepEqual(await rowIds(bp, 'mine'), [S.c.id]);
    await bp.click('[data-test="tab-all"]');
    await bp.locator('[data-test="studies-table-all"] [data-test="study-row"]').first().waitFor();
    const all = await rowIds(bp, 'all');
    for (const id of [S.a.id, S.b.id, S.c.id]) assert.ok(all.includes(id), `study ${id} among all: ${all}`);
    assert.deepEqual(all.filter((id) => [S.a.id, S.b.id, S.c.id].includes(id)), [S.c.id, S.b.id, S.a.id], 'newest first');
    // the same search over all: his and hers
    await bp.fill('[data-test="studies-q"]', SEARCH);
    await bp.click('[data-test="studies-search-submit"]');
    await bp.locator('[data-test="studies-table-all"] [data-test="study-snippet"]').first().waitFor();
    assert.deepEqual((await rowIds(bp, 'all')).sort(), [S.a.id, S.c.id].sort());
    assert.equal(await text(bp, '[data-test="panel-all"] [data-test="studies-count"]'), format(ar, 'studies.search_count', { count: arabicDigits(2) }));
    // a search that finds nothing says so
    await bp.fill('[data-test="studies-q"]', 'زرافة');
    await bp.click('[data-test="studies-search-submit"]');
    await bp.locator('[data-test="studies-table-all"] .empty-row').waitFor();
    assert.equal(await text(bp, '[data-test="studies-table-all"] .empty-row'), format(ar, 'studies.search_none', { q: 'زرافة' }));
    await bp.click('[data-test="studies-clear"]');

    assert.deepEqual(worker.problems, []);
    assert.deepEqual(boss.problems, []);
  } finally {
    await worker.context.close();
    await boss.context.close();
  }
});

test('a study printed as a copy withholds the juvenile\'s name; the court\'s version, once approved, has it; the PDFs', async () => {
  assert.ok(S.a, 'the first test wrote the study');
  const worker = await openBrowserPage(browser);
  const boss = await openBrowserPage(browser);
  const page = worker.page;
  try {
    await signIn(page, server.base, 'caseworker');
    await signIn(boss.page, server.base, 'supervisor');
    await page.goto(`${server.base}/#/studies/${S.a.id}`);
    await page.locator('[data-test="study-output"]').waitFor();

    // Submitted, not approved: the court's print and PDF are unavailable, saying why.
    const court = page.locator('[data-test="study-print-court"]');
    assert.equal(await court.isDisabled(), true);
    assert.equal(await text(page, '[data-test="study-court-why"]'), ar['studies.court_needs_approval']);
    assert.equal(await court.getAttribute('aria-describedby'), await page.locator('[data-test="study-court-why"]').getAttribute('id'));
    assert.equal(await page.locator('[data-test="study-pdf-court"]').getAttribute('href'), null);
    assert.equal(await page.locator('[data-test="study-pdf-court"]').getAttribute('aria-disabled'), 'true');

    // The browser's own Print prints the copy (read once the page is drawn): the line saying so, the persons, the
    // sections; never the juvenile's name.
    await page.locator('[data-test="study-print"] [data-test="print-document"][data-purpose="copy"]').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    const view = page.locator('[data-test="study-print"]');
    assert.equal(await view.isVisible(), true);
    assert.equal(await page.isVisible('[data-test="study-output"]'), false);
    assert.equal(await text(view, '[data-test="print-purpose"]'), ar['studies.doc.line.copy']);
    assert.equal(await text(view, '[data-test="print-reference"]'), S.case.reference);
    assert.equal(await text(view, '[data-test="print-unit"]'), S.me.unit.name_ar);
    assert.equal(await text(view, '[data-test="print-not-approved"]'), ar['studies.doc.not_approved']);
    const copyText = await view.innerText();
    assert.ok(!copyText.includes(JUVENILE_NAME), 'the copy never shows the juvenile\'s full name');
    assert.ok(!copyText.includes(JUVENILE.first_name), 'nor his first name');
    assert.ok(copyText.includes('ورشة إصلاح سيارات'), 'the sections are there');
    const parties = view.locator('[data-test="print-party"]');
    assert.equal(await parties.count(), 2);
    const juvenileRow = view.locator('[data-test="print-party"][data-role="juvenile"]');
    assert.equal(await juvenileRow.getAttribute('data-withheld'), 'true');
    assert.ok(!(await text(juvenileRow, '[data-test="print-party-name"]')).includes(JUVENILE.first_name));
    assert.match(await juvenileRow.innerText(), new RegExp(ar['studies.doc.withheld'].replace(/[()]/g, '\\$&')));
    assert.match(await juvenileRow.innerText(), /ذكر/);
    // every person of the case is withheld in a copy, written by role
    const guardianRow = view.locator('[data-test="print-party"][data-role="guardian"]');
    assert.equal(await guardianRow.getAttribute('data-withheld'), 'true');
    // the persons as the document gives them, in its order
    const copyDoc = (await apiJson(page, 'GET', `/studies/${S.a.id}/document?purpose=copy`)).body;
    assert.deepEqual(await parties.evaluateAll((rows) => rows.map((row) => [row.dataset.role, row.querySelector('[data-test="print-party-name"]').textContent])), copyDoc.parties.map((p) => [p.role, p.name]));
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await view.isVisible(), false);

    // The copy's button prints the copy read afresh.
    await recordPrints(page);
    await page.click('[data-test="study-print-copy"]');
    let printed = await lastPrint(page, 1);
    assert.equal(printed.purpose, 'copy');
    assert.ok(printed.text.includes(ar['studies.doc.line.copy']));
    assert.ok(!printed.text.includes(JUVENILE.first_name));

    // The copy's PDF.
    const copyPdf = await page.request.get(new URL(await page.locator('[data-test="study-pdf-copy"]').getAttribute('href'), server.base).href);
    assert.equal(copyPdf.status(), 200);
    assert.match(copyPdf.headers()['content-type'], /^application\/pdf/);
    assert.match(copyPdf.headers()['content-disposition'] || '', /attachment/);
    assert.equal((await copyPdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(await page.locator('[data-test="study-pdf-copy"]').getAttribute('download'), '');

    // Approved, the court's version: the full names and the confidential line; the copy still withholds them.
    await transition(boss.page, (await apiJson(boss.page, 'GET', `/studies/${S.a.id}`)).body, 'approve');
    await page.reload();
    await page.locator('[data-test="study-approved"]').waitFor();
    assert.equal(await page.locator('[data-test="study-print-court"]').isDisabled(), false);
    assert.equal(await page.locator('[data-test="study-court-why"]').count(), 0);
    // approved, the browser's own Print still prints the copy
    await page.locator('[data-test="study-print"] [data-test="print-document"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('[data-test="study-print"] [data-test="print-document"]').getAttribute('data-purpose'), 'copy');
    assert.ok(!(await page.locator('[data-test="study-print"]').textContent()).includes(JUVENILE.first_name));
    await recordPrints(page);
    await page.click('[data-test="study-print-court"]');
    printed = await lastPrint(page, 1);
    assert.equal(printed.purpose, 'court');
    assert.ok(printed.text.includes(ar['studies.doc.line.court']), 'the court\'s line');
    assert.ok(printed.text.includes(JUVENILE_NAME), 'the court\'s version names the juvenile');
    assert.ok(printed.text.includes('خالد محمود سالم الطراونة'), 'and his guardian');
    assert.ok(printed.text.includes(`يعيش ${JUVENILE.first_name} مع والده`), 'and keeps the text as written');
    assert.ok(printed.text.includes(S.boss.full_name), 'and the supervisor who approved it');
    assert.ok(!printed.text.includes(ar['studies.doc.not_approved']), 'approved, it is not marked as a draft');
    await page.click('[data-test="study-print-copy"]');
    printed = await lastPrint(page, 2);
    assert.equal(printed.purpose, 'copy');
    assert.ok(!printed.text.includes(JUVENILE.first_name));
    // after the court's print, the browser's own Print prints the copy again
    await page.click('[data-test="study-print-court"]');
    await lastPrint(page, 3);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('[data-test="study-print"] [data-test="print-document"]').getAttribute('data-purpose'), 'copy');
    assert.equal(await text(page, '[data-test="print-purpose"]'), ar['studies.doc.line.copy']);
    assert.ok(!(await page.locator('[data-test="study-print"]').innerText()).includes(JUVENILE.first_name));
    await page.emulateMedia({ media: 'screen' });
    const courtHref = await page.locator('[data-test="study-pdf-court"]').getAttribute('href');
    assert.match(courtHref, /purpose=court/);
    const courtPdf = await page.request.get(new URL(courtHref, server.base).href);
    assert.equal(courtPdf.status(), 200);
    assert.match(courtPdf.headers()['content-type'], /^application\/pdf/);
    assert.match(courtPdf.headers()['content-disposition'] || '', /court/);
    assert.equal((await courtPdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');

    assert.deepEqual(worker.problems, []);
    assert.deepEqual(boss.problems, []);
  } finally {
    await worker.context.close();
    await boss.context.close();
  }
});

test('a juvenile case offers both templates, says when the follow-up report is due, and approving one moves it on', async () => {
  const worker = await openBrowserPage(browser);
  const boss = await openBrowserPage(browser);
  const page = worker.page;
  const bp = boss.page;
  try {
    await signIn(page, server.base, 'caseworker');
    await signIn(bp, server.base, 'supervisor');
    const me = (await apiJson(page, 'GET', '/me')).body.user;
    const child = await registerPerson(page, { first_name: 'ليث', father_name: 'عمر', family_name: 'المجالي', sex: 'male', birth_date: '2011-03-03' });
    let c = await registerCase(page, { kind: 'juvenile_conflict', summary: 'حدث في خلاف مع القانون', offence: 'إيذاء بسيط', persons: [{ person_id: child.id, role: 'juvenile' }] });
    // to the case plan: assigned, assessed, with a report last made 100 days ago (so the next one is late)
    let answer = await apiJson(bp, 'POST', `/cases/${c.id}/assignments`, { user_id: me.id, role: 'caseworker' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    c = answer.body;
    answer = await apiJson(page, 'POST', `/cases/${c.id}/transitions`, { version: c.version, action: 'advance', to: 'assessment' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const past = new Date(Date.now() - 100 * 86400 * 1000).toISOString().slice(0, 10);
    answer = await apiJson(page, 'PATCH', `/cases/${c.id}`, { version: answer.body.version, risk_level: 'medium', risk_assessment: 'يتغيب عن المدرسة', last_monitor_report: past });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    answer = await apiJson(page, 'POST', `/cases/${c.id}/transitions`, { version: answer.body.version, action: 'advance', to: 'case_plan' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    // the court's judicial supervision, which calls for the monitor's reports
    const started = new Date(Date.now() - 200 * 86400 * 1000).toISOString().slice(0, 10);
    answer = await apiJson(page, 'POST', `/cases/${c.id}/measures`, { kind: 'judicial_supervision', court: 'محكمة صلح الأحداث', order_number: '12/2026', order_date: started, starts_on: started, duration_months: 12 });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const taskOf = async () => ((await apiJson(page, 'GET', `/cases/${c.id}/tasks`)).body.items || []).find((task) => task.kind === 'monitor_report');
    const due = await taskOf();
    assert.ok(due && due.overdue, `a late monitor_report task: ${JSON.stringify(due)}`);
    const templates = (await apiJson(page, 'GET', '/study-templates?kind=juvenile_conflict')).body.items;
    const followup = templates.find((tpl) => tpl.code === 'followup_report');
    assert.ok(followup, 'the follow-up report is a template of juvenile cases');

    // The studies tab: a choice of the kind's templates, and the report due (late), with the button that starts it.
    await page.goto(`${server.base}/#/cases/${c.id}`);
    await page.click('[data-test="tab-studies"]');
    const panel = page.locator('[data-test="panel-studies"]');
    await panel.locator('[data-test="study-template"]').waitFor();
    assert.deepEqual(await panel.locator('[data-test="study-template"] option').allInnerTexts(), templates.map((tpl) => tpl.name_ar));
    const hint = panel.locator('[data-test="followup-hint"]');
    assert.equal(await hint.getAttribute('data-overdue'), 'true');
    assert.match(await text(hint, '.followup-hint-text'), new RegExp(ar['studies.followup_overdue']));
    assert.equal(await hint.locator('[data-test="followup-due"]').getAttribute('datetime'), due.due_at);
    // the tasks tab says it too
    await page.click('[data-test="tab-tasks"]');
    await page.locator('[data-test="panel-tasks"] [data-test="followup-hint"] [data-test="followup-start"]').waitFor();
    await page.click('[data-test="tab-studies"]');

    // A new draft on the template chosen.
    await panel.locator('[data-test="study-template"]').selectOption('followup_report');
    await panel.locator('[data-test="study-new"]').click();
    await page.waitForURL(/#\/studies\/\d+$/);
    const firstId = Number(page.url().match(/(\d+)$/)[1]);
    assert.equal((await apiJson(page, 'GET', `/studies/${firstId}`)).body.template, 'followup_report');
    assert.equal(await text(page, '[data-test="study-title"]'), followup.name_ar);

    // The hint then opens the report being written instead of starting another.
    await page.goto(`${server.base}/#/cases/${c.id}`);
    await page.click('[data-test="tab-studies"]');
    await panel.locator('[data-test="followup-open"]').waitFor();
    assert.equal(await panel.locator('[data-test="followup-open"]').getAttribute('href'), `#/studies/${firstId}`);
    assert.equal(await panel.locator('[data-test="followup-start"]').count(), 0);

    // Written, submitted and approved: the next report is due three months after today.
    let study = (await apiJson(page, 'GET', `/studies/${firstId}`)).body;
    const saved = await apiJson(page, 'PUT', `/studies/${firstId}`, { version: study.version, sections: study.template_sections.map((s) => ({ key: s.key, body: `متابعة: ${s.title_ar}.` })) });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    study = await transition(page, saved.body, 'submit');
    await transition(bp, study, 'approve');
    const next = await taskOf();
    assert.ok(next && !next.overdue && next.due_at > due.due_at, `the task moved on: ${JSON.stringify(next)}`);
    await page.reload();
    await page.click('[data-test="tab-studies"]');
    await panel.locator('[data-test="followup-start"]').waitFor();
    assert.equal(await panel.locator('[data-test="followup-hint"]').getAttribute('data-overdue'), 'false');
    assert.match(await text(panel.locator('[data-test="followup-hint"]'), '.followup-hint-text'), new RegExp(ar['studies.followup_due']));
    // the juvenile's social study, not yet written, is due beside it
    assert.match(await text(panel.locator('[data-test="social-study-hint"]'), '.followup-hint-text'), new RegExp(ar['studies.social_study_due']));
    assert.equal(await panel.locator('[data-test="social-study-start"]').count(), 1);
    assert.equal(await panel.locator('[data-test="followup-due"]').getAttribute('datetime'), next.due_at);
    // the button starts a follow-up report
    await panel.locator('[data-test="followup-start"]').click();
    await page.waitForURL(/#\/studies\/\d+$/);
    const secondId = Number(page.url().match(/(\d+)$/)[1]);
    assert.notEqual(secondId, firstId);
    assert.equal((await apiJson(page, 'GET', `/studies/${secondId}`)).body.template, 'followup_report');

    // A family-violence case has one template: one button, no choice, no report due.
    const fv = await registerCase(page, { kind: 'family_violence', summary: 'حالة عنف أسري للاختبار' });
    await page.goto(`${server.base}/#/cases/${fv.id}`);
    await page.click('[data-test="tab-studies"]');
    await panel.locator('[data-test="study-new"]').waitFor();
    assert.equal(await panel.locator('[data-test="study-template"]').count(), 0);
    assert.equal(await panel.locator('[data-test="followup-hint"]').count(), 0);

    assert.deepEqual(worker.problems, []);
    assert.deepEqual(boss.problems, []);
  } finally {
    await worker.context.close();
    await boss.context.close();
  }
});

test('in English at phone width: the studies page fits, reads in English, and brings more rows', async () => {
  const { context, page, problems } = await openBrowserPage(browser, { width: 390, height: 844 });
  try {
    await signIn(page, server.base, 'supervisor');
    // more than a page of his own drafts
    const c = await registerCase(page, { kind: 'family_violence', summary: 'حالة لدراسات كثيرة' });
    const ids = [];
    for (let i = 0; i < 52; i += 1) {
      const made = await apiJson(page, 'POST', `/cases/${c.id}/studies`, {});
      assert.equal(made.status, 201, JSON.stringify(made.body));
      ids.push(made.body.id);
    }
    await page.click('#lang-switch');
    await page.locator('html[lang="en"]').waitFor();
    await page.goto(`${server.base}/#/studies/mine`);
    await page.locator('[data-test="studies-table-mine"] [data-test="study-row"]').first().waitFor();
    assert.equal(await text(page, 'h1'), en['studies.title']);
    assert.equal(await text(page, '[data-test="tab-mine"]'), en['studies.tab.mine']);
    assert.match(await text(page, '[data-test="tab-review"]'), new RegExp('^' + en['studies.tab.review']));
    assert.equal(await text(page, '[data-test="tab-all"]'), en['studies.tab.all']);
    assert.equal(await page.locator('[data-test="studies-table-mine"] [data-test="study-row"]').count(), 50);
    assert.equal(await text(page, '[data-test="panel-mine"] [data-test="studies-count"]'), format(en, 'studies.shown', { count: 50 }));
    const first = page.locator('[data-test="studies-table-mine"] [data-test="study-row"]').first();
    assert.equal(await first.getAttribute('data-study-id'), String(ids[ids.length - 1]));
    assert.equal(await first.locator('[data-test="study-status"]').innerText(), en['studies.status.draft']);
    // on a phone each row is a card, every cell under its heading
    assert.equal(await first.locator('td').first().getAttribute('data-label'), en['studies.column.study']);
    assert.ok((await widthOf(page)) <= 390, `the studies page is ${await widthOf(page)}px wide on a 390px screen`);
    await page.click('[data-test="panel-mine"] [data-test="load-more"]');
    await page.locator('[data-test="panel-mine"] [data-test="load-more"]').waitFor({ state: 'hidden' });
    const listed = await rowIds(page, 'mine');
    assert.deepEqual(listed.filter((id) => ids.includes(id)), [...ids].reverse(), 'newest first, no row twice');

    // A search in Arabic from the English page, its words marked; the page still fits.
    await page.fill('[data-test="studies-q"]', SEARCH);
    await page.click('[data-test="studies-search-submit"]');
    await page.click('[data-test="tab-all"]');
    await page.locator('[data-test="studies-table-all"] mark').first().waitFor();
    assert.equal(await page.locator('[data-test="studies-table-all"] td.cell-found').first().getAttribute('data-label'), en['studies.column.found']);
    assert.ok((await widthOf(page)) <= 390, `the search results are ${await widthOf(page)}px wide on a 390px screen`);

    // The study page's print and download card in English, on a phone.
    await page.goto(`${server.base}/#/studies/${ids[0]}`);
    await page.locator('[data-test="study-output"]').waitFor();
    assert.equal(await text(page, '[data-test="study-print-copy"]'), en['studies.print_copy']);
    assert.equal(await text(page, '[data-test="study-print-court"]'), en['studies.print_court']);
    assert.equal(await text(page, '[data-test="study-court-why"]'), en['studies.court_needs_approval']);
    assert.ok((await widthOf(page)) <= 390, `the study page is ${await widthOf(page)}px wide on a 390px screen`);
    await page.locator('[data-test="study-print"] [data-test="print-document"]').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await text(page, '[data-test="print-purpose"]'), en['studies.doc.line.copy']);
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
