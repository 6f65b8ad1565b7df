'use strict';
// Social studies in real Chromium, in Arabic: the demo caseworker starts a study on a juvenile protection case from the
// case's "Social studies" tab, types into its sections (saved by itself: the page is reloaded and the text is there; a
// save made elsewhere meanwhile is refused with a reload), tries to submit with sections empty (the server's message
// beside each), fills them and submits; the demo supervisor returns it with a comment (required, in the dialog); the
// caseworker sees the comment, changes a section and submits again; the supervisor approves; the page is read only and
// says who approved it; the versions list shows the two submissions and "compare with the previous" marks the one
// section changed, with its lines removed and added; printed, the page shows the study's copy from the server alone.
// The study page fits a phone.
// Expects the demo data (server.js starts a fresh demo database). Run: node --test tests/browser/studies.test.js

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

const KEYS = ['family', 'circumstances', 'upbringing', 'school', 'health', 'assessment'];
const FAMILY_1 = 'يعيش الطفل مع جدته لأمه في حي نزال.\nالأب متوفى والأم متزوجة في محافظة أخرى.';
const FAMILY_2 = 'يعيش الطفل مع جدته لأمه في حي نزال.\nالأب متوفى، والأم متزوجة في الزرقاء وتزوره شهريًا.\nدخل الأسرة من معونة صندوق المعونة الوطنية.';
const COMMENT = 'وضّح علاقة الأم بالطفل ومصدر دخل الأسرة في قسم الأسرة.';

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

const section = (page, key) => page.locator(`[data-test="study-section"][data-key="${key}"]`);
const input = (page, key) => section(page, key).locator('textarea');

async function waitSaved(page) {
  await page.locator('[data-test="save-state"][data-state="saved"]').waitFor();
}

test('a caseworker writes a study that saves itself, submits it, gets it back with a comment, and the supervisor approves it', async () => {
  const worker = await openBrowserPage(browser);
  const boss = await openBrowserPage(browser);
  const page = worker.page;
  try {
    await signIn(page, server.base, 'caseworker');
    await signIn(boss.page, server.base, 'supervisor');
    const me = (await apiJson(page, 'GET', '/me')).body;
    const bossMe = (await apiJson(boss.page, 'GET', '/me')).body;
    const created = await apiJson(page, 'POST', '/cases', { kind: 'juvenile_protection', summary: 'طفل دون معيل يبيع المناديل عند الإشارات' }, me.csrf_token);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const caseId = created.body.id;

    // The case's tab: no study yet, and the button that starts one.
    await page.goto(`${server.base}/#/cases/${caseId}`);
    await page.click('[data-test="tab-studies"]');
    const panel = page.locator('[data-test="panel-studies"]');
    await panel.locator('[data-test="study-new"]').waitFor();
    assert.match(await text(page, '[data-test="tab-studies"]'), new RegExp(ar['cases.tab.studies']));
    assert.equal(await text(panel, '[data-test="case-studies"] .empty-row'), ar['studies.empty']);
    await panel.locator('[data-test="study-new"]').click();
    await page.waitForURL(/#\/studies\/\d+$/);
    const studyId = page.url().match(/#\/studies\/(\d+)$/)[1];
    await input(page, 'family').waitFor();
    let stored = (await apiJson(page, 'GET', `/studies/${studyId}`)).body;
    assert.equal(await text(page, '[data-test="study-title"]'), stored.template_name_ar);
    assert.equal(await text(page, '[data-test="study-status"]'), ar['studies.status.draft']);
    assert.equal(await text(page, '[data-test="study-author"]'), me.user.full_name);
    assert.equal(await text(page, '[data-test="study-case"]'), created.body.reference);
    // the sections of the template, in its order, each titled
    assert.deepEqual(await page.locator('[data-test="study-section"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.key)), KEYS);
    assert.equal(await section(page, 'health').locator('label').innerText(), stored.template_sections[4].title_ar);
    assert.equal(await input(page, 'family').getAttribute('dir'), 'auto');

    // Typing saves by itself a moment after it stops; leaving a field saves it at once.
    await input(page, 'family').fill(FAMILY_1);
    await page.locator('[data-test="save-state"][data-state="saving"], [data-test="save-state"][data-state="saved"]').first().waitFor();
    await waitSaved(page);
    assert.equal(await text(page, '[data-test="save-state"]'), ar['studies.save.saved']);
    await input(page, 'school').fill('منقطع عن المدرسة منذ الصف الرابع.');
    await input(page, 'family').focus();
    await page.waitForFunction((id) => fetch(`/api/v1/studies/${id}`).then((r) => r.json()).then((s) => Boolean(s.sections.school)), studyId);
    stored = (await apiJson(page, 'GET', `/studies/${studyId}`)).body;
    assert.deepEqual(stored.sections, { family: FAMILY_1, school: 'منقطع عن المدرسة منذ الصف الرابع.' });

    // What was typed is on the server: a reload finds it.
    await page.reload();
    await input(page, 'family').waitFor();
    assert.equal(await input(page, 'family').inputValue(), FAMILY_1);
    assert.equal(await input(page, 'school').inputValue(), 'منقطع عن المدرسة منذ الصف الرابع.');

    // Saved elsewhere meanwhile: the next save is refused with a message and a reload, which shows the other text.
    stored = (await apiJson(page, 'GET', `/studies/${studyId}`)).body;
    const elsewhere = await apiJson(page, 'PUT', `/studies/${studyId}`, { version: stored.version, sections: [{ key: 'health', body: 'بصحة جيدة.' }] }, me.csrf_token);
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    await input(page, 'upbringing').fill('نص من نافذة قديمة');
    await page.locator('[data-test="save-state"][data-state="failed"]').waitFor();
    const conflict = page.locator('[data-test="banner-error"]');
    assert.match(await conflict.innerText(), new RegExp(ar['studies.save.conflict'].slice(0, 20)));
    assert.equal((await apiJson(page, 'GET', `/studies/${studyId}`)).body.sections.upbringing, undefined);
    await conflict.locator('button').click();
    // the page drawn again from the server (the old page's fields are there until then: wait for the new text)
    await page.waitForFunction((want) => {
      const field = document.querySelector('[data-test="study-section"][data-key="health"] textarea');
      return field && field.value === want;
    }, 'بصحة جيدة.');
    assert.equal(await input(page, 'health').inputValue(), 'بصحة جيدة.');
    assert.equal(await input(page, 'upbringing').inputValue(), '');

    // Submitting with sections empty: the server's message beside each empty one, nothing submitted.
    await page.click('[data-test="study-submit"]');
    await section(page, 'upbringing').locator('.field-error').filter({ hasText: /\S/ }).waitFor();
    for (const key of ['circumstances', 'upbringing', 'assessment']) {
      assert.equal(await input(page, key).getAttribute('aria-invalid'), 'true', key);
      assert.ok((await section(page, key).locator('.field-error').innerText()).trim().length > 0, key);
    }
    for (const key of ['family', 'school', 'health']) assert.equal(await input(page, key).getAttribute('aria-invalid'), null, key);
    assert.equal((await apiJson(page, 'GET', `/studies/${studyId}`)).body.status, 'draft');

    // Every section written: typing clears the mark; submitted (the last typing saved first).
    await input(page, 'circumstances').fill('يبيع المناديل عند الإشارات الضوئية مساءً.');
    assert.equal(await input(page, 'circumstances').getAttribute('aria-invalid'), null);
    await input(page, 'upbringing').fill('تربيه جدته المسنة دون رقابة كافية.');
    await input(page, 'assessment').fill('يوصى بإلحاقه ببرنامج تعليم غير نظامي ومتابعة أسبوعية.');
    await page.click('[data-test="study-submit"]');
    await page.locator('[data-test="study-status"][data-status="submitted"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), ar['studies.submitted']);
    assert.equal(await page.locator('[data-test="study-section"] textarea').count(), 0, 'a submitted study is read only');
    stored = (await apiJson(page, 'GET', `/studies/${studyId}`)).body;
    assert.equal(stored.sections.assessment, 'يوصى بإلحاقه ببرنامج تعليم غير نظامي ومتابعة أسبوعية.');
    assert.equal(stored.submissions, 1);

    // The supervisor returns it: the comment is required.
    const bp = boss.page;
    await bp.goto(`${server.base}/#/studies/${studyId}`);
    await bp.locator('[data-test="study-return"]').click();
    await bp.locator('[data-test="study-return-dialog"]').waitFor();
    await bp.click('[data-test="study-return-form-submit"]');
    await bp.locator('[data-test="study-return-comment"][aria-invalid="true"]').waitFor();
    await bp.fill('[data-test="study-return-comment"]', COMMENT);
    await bp.click('[data-test="study-return-form-submit"]');
    await bp.locator('[data-test="study-status"][data-status="returned"]').waitFor();
    // the author, the demo caseworker, is a woman: "to her who wrote it"
    assert.equal(await text(bp, '[data-test="banner-success"]'), ar['studies.returned_done.female']);

    // The caseworker sees the comment, changes the family section and submits again.
    await page.reload();
    await page.locator('[data-test="study-comment"]').waitFor();
    assert.equal(await text(page, '[data-test="study-comment-text"]'), COMMENT);
    assert.match(await text(page, '[data-test="study-comment"]'), new RegExp(bossMe.user.full_name));
    assert.equal(await text(page, '[data-test="study-status"]'), ar['studies.status.returned']);
    await input(page, 'family').fill(FAMILY_2);
    await waitSaved(page);
    assert.equal(await text(page, '[data-test="study-submit"]'), ar['studies.resubmit']);
    await page.click('[data-test="study-submit"]');
    await page.locator('[data-test="study-status"][data-status="submitted"]').waitFor();

    // The supervisor approves.
    await bp.reload();
    await bp.locator('[data-test="study-approve"]').click();
    await bp.locator('[data-test="study-status"][data-status="approved"]').waitFor();
    assert.equal(await text(bp, '[data-test="banner-success"]'), ar['studies.approved_done']);

    // Approved: read only, saying so and who approved it.
    await page.reload();
    await page.locator('[data-test="study-approved"]').waitFor();
    assert.match(await text(page, '[data-test="study-approved"]'), new RegExp(ar['studies.status.approved']));
    assert.match(await text(page, '[data-test="study-approved"]'), new RegExp(bossMe.user.full_name));
    assert.equal(await text(page, '[data-test="study-reviewer"]').then((s) => s.startsWith(bossMe.user.full_name)), true);
    assert.equal(await page.locator('textarea').count(), 0);
    assert.equal(await page.locator('[data-test="study-submit"], [data-test="study-approve"], [data-test="study-return"]').count(), 0);
    assert.equal(await text(page, '[data-test="study-section"][data-key="family"] [data-test="study-section-text"]'), FAMILY_2.replace(/\n/g, '\n'));

    // The versions: two, newest first, with their outcomes and the comment; version 2 against 1 marks the family only.
    const versions = page.locator('[data-test="study-version"]');
    assert.equal(await versions.count(), 2);
    assert.deepEqual(await versions.evaluateAll((nodes) => nodes.map((n) => n.dataset.number)), ['2', '1']);
    assert.equal(await versions.nth(0).locator('[data-test="version-outcome"]').getAttribute('data-outcome'), 'approved');
    assert.equal(await versions.nth(1).locator('[data-test="version-outcome"]').getAttribute('data-outcome'), 'returned');
    assert.equal(await text(versions.nth(1), '[data-test="version-comment"]'), COMMENT);
    await versions.nth(0).locator('[data-test="compare-previous"]').click();
    await page.locator('[data-test="compare-section"]').first().waitFor();
    const changed = await page.locator('[data-test="compare-section"]').evaluateAll((nodes) => nodes.filter((n) => n.dataset.changed === 'true').map((n) => n.dataset.key));
    assert.deepEqual(changed, ['family']);
    assert.equal(await text(page, '[data-test="compare-summary"]'), format(ar, 'studies.changed_count', { count: '١' }));
    const family = page.locator('[data-test="compare-section"][data-key="family"]');
    const lines = await family.locator('.diff-line').evaluateAll((nodes) => nodes.map((n) => [n.dataset.op, n.querySelector('span[dir="auto"]').textContent]));
    assert.deepEqual(lines, [
      [' ', 'يعيش الطفل مع جدته لأمه في حي نزال.'],
      ['-', 'الأب متوفى والأم متزوجة في محافظة أخرى.'],
      ['+', 'الأب متوفى، والأم متزوجة في الزرقاء وتزوره شهريًا.'],
      ['+', 'دخل الأسرة من معونة صندوق المعونة الوطنية.'],
    ]);

    // Printed: the document alone (the form, the nav and the buttons hidden), read from the server as a copy (names
    // withheld), with the sections as approved and the signature block.
    assert.equal(await page.isVisible('[data-test="study-print-copy"]'), true);
    await page.locator('[data-test="study-print"] [data-test="print-document"]').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('[data-test="study-print"]'), true);
    assert.equal(await page.isVisible('#nav'), false);
    assert.equal(await page.isVisible('[data-test="study-output"]'), false);
    assert.equal(await page.isVisible('[data-test="study-print-copy"]'), false);
    assert.equal(await page.isVisible('[data-test="study-versions-section"]'), false);
    const printed = await text(page, '[data-test="study-print"]');
    assert.equal(await text(page, '[data-test="print-purpose"]'), ar['studies.doc.line.copy']);
    assert.equal(await text(page, '[data-test="print-reference"]'), created.body.reference);
    assert.deepEqual(await page.locator('[data-test="print-section"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.key)), KEYS);
    assert.equal(await text(page, '[data-test="print-section"][data-key="school"] p'), 'منقطع عن المدرسة منذ الصف الرابع.');
    assert.match(printed, new RegExp(ar['studies.sign_supervisor']));
    assert.match(printed, new RegExp(bossMe.user.full_name));
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.isVisible('[data-test="study-print"]'), false);

    // The case's tab lists it, approved, by its author.
    await page.goto(`${server.base}/#/cases/${caseId}`);
    await page.click('[data-test="tab-studies"]');
    const listed = page.locator('[data-test="case-studies"] tbody tr');
    await listed.first().locator('[data-test="study-link"]').waitFor();
    assert.equal(await listed.count(), 1);
    assert.equal(await listed.first().locator('[data-test="study-status"]').getAttribute('data-status'), 'approved');
    assert.match(await listed.first().innerText(), new RegExp(me.user.full_name));
    // and the case's history tells the study's course in words
    await page.click('[data-test="tab-history"]');
    await page.locator('[data-test="history-item"][data-action="case.study.approve"]').waitFor();
    assert.equal(await text(page, '[data-test="history-item"][data-action="case.study.approve"] [data-test="history-action"]'), ar['history.case.study.approve']);
    assert.equal(await page.locator('[data-test="history-item"][data-action="case.study.submit"]').count(), 2);

    // In English.
    await page.goto(`${server.base}/#/studies/${studyId}`);
    await page.locator('[data-test="study-approved"]').waitFor();
    await page.click('#lang-switch');
    await page.locator('html[lang="en"]').waitFor();
    await page.locator('[data-test="study-print"]').waitFor({ state: 'attached' });
    assert.equal(await text(page, '[data-test="study-status"]'), en['studies.status.approved']);
    assert.equal(await text(page, '[data-test="study-versions-section"] h2'), en['studies.versions']);
    await page.click('#lang-switch');
    await page.locator('html[lang="ar"]').waitFor();

    assert.deepEqual(worker.problems, []);
    assert.deepEqual(boss.problems, []);
  } finally {
    await worker.context.close();
    await boss.context.close();
  }
});

test('the study page being written fits a phone', async () => {
  const { context, page, problems } = await openBrowserPage(browser, { width: 390, height: 844 });
  try {
    await signIn(page, server.base, 'caseworker');
    const me = (await apiJson(page, 'GET', '/me')).body;
    const created = await apiJson(page, 'POST', '/cases', { kind: 'juvenile_protection', summary: 'حالة على شاشة هاتف' }, me.csrf_token);
    const study = await apiJson(page, 'POST', `/cases/${created.body.id}/studies`, {}, me.csrf_token);
    assert.equal(study.status, 201, JSON.stringify(study.body));
    await page.goto(`${server.base}/#/studies/${study.body.id}`);
    await input(page, 'family').waitFor();
    await input(page, 'family').fill('نص طويل '.repeat(40));
    await waitSaved(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the study page is ${width}px wide on a 390px screen`);
    await page.goto(`${server.base}/#/cases/${created.body.id}`);
    await page.click('[data-test="tab-studies"]');
    await page.locator('[data-test="study-link"]').waitFor();
    const caseWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(caseWidth <= 390, `the studies tab is ${caseWidth}px wide on a 390px screen`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
