'use strict';
// Journeys that used to break, played end to end in real Chromium, in Arabic: the caseworker registers a walk-in
// case and takes it herself on the form; the behaviour monitor accepts a referral asking for a social study, opens
// the case, writes the study and submits it, and the sending office's supervisor approves it; the monitors'
// supervisor accepting one names the monitor who writes it. Screenshots of each last step go to
// $TAKAMUL_SCREENSHOTS when it is set. Every name here is synthetic.

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
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

test('the caseworker registers a walk-in case and takes it herself: it is in her cases and her tasks', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    await page.goto(`${server.base}/#/cases/new`);
    await page.locator('[data-test="kind-family_violence"]').check();
    await page.locator('[data-test="case-create"] textarea[name="summary"]').fill('حضرت بنفسها إلى المكتب بعد اعتداء من زوجها');
    const assignMe = page.locator('[data-test="assign-me"]');
    assert.equal(await assignMe.isChecked(), true, 'the form does not offer the case to its author');
    await page.locator('[data-test="case-create"] button[type="submit"]').click();
    await page.waitForURL(/#\/cases\/\d+$/);
    const caseId = Number(page.url().match(/#\/cases\/(\d+)$/)[1]);
    const mine = page.locator('[data-test="assignment"][data-role="caseworker"] [data-test="assignment-name"]');
    await mine.waitFor();
    const me = (await apiJson(page, 'GET', '/me')).body.user;
    assert.equal(await mine.innerText(), me.full_name);
    const tasks = (await apiJson(page, 'GET', '/tasks?scope=mine&limit=200')).body.items;
    assert.ok(tasks.some((task) => task.case_id === caseId), 'the new case is not among her tasks');
    await shot(page, 'journey-walk-in-ar.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the monitor asked for a social study accepts the referral, writes the study on the case, and the supervisor approves it', async () => {
  const worker = await openBrowserPage(browser);
  const monitor = await openBrowserPage(browser);
  const boss = await openBrowserPage(browser);
  try {
    await signIn(worker.page, server.base, 'caseworker');
    const csrf = (await apiJson(worker.page, 'GET', '/me')).body.csrf_token;
    const monitors = (await apiJson(worker.page, 'GET', '/units?type=monitor_office&governorate=amman')).body.items[0];
    const child = await apiJson(worker.page, 'POST', '/persons', { first_name: 'معاذ', father_name: 'فراس', family_name: 'الطوالبة', sex: 'male', birth_date: '2011-06-06' }, csrf);
    assert.equal(child.status, 201, JSON.stringify(child.body));
    const made = await apiJson(worker.page, 'POST', '/cases', { kind: 'juvenile_conflict', summary: 'حدث متهم بإيذاء زميله', act_date: '2026-11-25', legal_class: 'misdemeanour', persons: [{ person_id: child.body.id, role: 'juvenile' }], assign_me: true }, csrf);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const toUnit = monitors.id;
    const sent = await apiJson(worker.page, 'POST', `/cases/${made.body.id}/referrals`, { kind: 'referral', to_unit_id: toUnit, reason: 'دراسة اجتماعية للحدث للنيابة', urgency: 'urgent', sections: ['summary', 'persons'], services: ['social_study'] }, csrf);
    assert.equal(sent.status, 201, JSON.stringify(sent.body));

    // the monitor accepts it on its page, and is told he now works the case
    const page = monitor.page;
    await signIn(page, server.base, 'monitor');
    await page.goto(`${server.base}/#/referrals/${sent.body.id}`);
    await page.locator('[data-test="referral-accept"]').click();
    await page.locator('[data-test="banner-success"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), ar['referrals.accepted_study_self']);
    // the case: all of it, with its studies tab
    await page.click('[data-test="open-case"]');
    await page.waitForURL(/#\/cases\/\d+$/);
    await page.click('[data-test="tab-studies"]');
    const panel = page.locator('[data-test="panel-studies"]');
    await panel.locator('[data-test="study-new"]').click();
    await page.waitForURL(/#\/studies\/\d+$/);
    const studyId = page.url().match(/#\/studies\/(\d+)$/)[1];
    const sections = page.locator('[data-test="study-section"] textarea');
    await sections.first().waitFor();
    const count = await sections.count();
    for (let i = 0; i < count; i++) await sections.nth(i).fill(`ما لاحظه المراقب في القسم ${i + 1}: الحدث يعيش مع والديه وإخوته الثلاثة.`);
    await page.locator('[data-test="save-state"][data-state="saved"]').waitFor();
    await page.click('[data-test="study-submit"]');
    await page.locator('[data-test="study-status"]').filter({ hasText: ar['studies.status.submitted'] }).waitFor();

    // the sending office's supervisor approves it
    await signIn(boss.page, server.base, 'supervisor');
    await boss.page.goto(`${server.base}/#/studies/${studyId}`);
    await boss.page.click('[data-test="study-approve"]');
    await boss.page.locator('[data-test="study-approved"]').waitFor();
    await shot(boss.page, 'journey-study-approved-ar.png');
    assert.deepEqual(monitor.problems, []);
    assert.deepEqual(boss.problems, []);
  } finally {
    await worker.context.close();
    await monitor.context.close();
    await boss.context.close();
  }
});

test('a repeat victim does not look new: her cases are found by her name as another spells it, and her page lists them', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    const csrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;
    const victim = await apiJson(page, 'POST', '/persons', { first_name: 'آمنة', father_name: 'عبد الله', family_name: 'المعايطة', sex: 'female', birth_date: '1993-03-03' }, csrf);
    assert.equal(victim.status, 201, JSON.stringify(victim.body));
    const made = await apiJson(page, 'POST', '/cases', { kind: 'family_violence', summary: 'بلاغ سابق', persons: [{ person_id: victim.body.id, role: 'victim' }], assign_me: true }, csrf);
    assert.equal(made.status, 201, JSON.stringify(made.body));

    // the list: her name typed without hamza, joined, with ه for ة
    await page.goto(`${server.base}/#/cases`);
    await page.fill('[data-test="filter-q"]', 'امنه عبدالله المعايطه');
    await page.click('[data-test="cases-filter-submit"]');
    const row = page.locator(`[data-test="case-link"][data-case-id="${made.body.id}"]`);
    await row.waitFor();
    // the filtered answer replaces the whole list: wait for it to be the only row
    await page.waitForFunction(() => document.querySelectorAll('[data-test="cases-table"] [data-test="case-link"]').length === 1);
    assert.equal(await text(page, '[data-test="case-principal"]'), 'آمنة عبد الله المعايطة');
    assert.equal(await text(page, '[data-test="case-worker"]'), (await apiJson(page, 'GET', '/me')).body.user.full_name);
    // by its reference, in small letters
    await page.fill('[data-test="filter-q"]', made.body.reference.toLowerCase());
    await page.click('[data-test="cases-filter-submit"]');
    await page.locator(`[data-test="cases-table"] [data-test="case-link"][data-case-id="${made.body.id}"]`).waitFor();

    // her page lists the case
    await page.goto(`${server.base}/#/persons/${victim.body.id}`);
    const listed = page.locator(`[data-test="person-cases"] [data-test="person-case"][data-case-id="${made.body.id}"]`);
    await listed.waitFor();
    assert.equal(await listed.locator('[data-test="person-case-link"]').innerText(), made.body.reference);
    await shot(page, 'journey-person-cases-ar.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('registering a girl typed as a boy by a slip: the check shows the girl already registered, marked as of the other sex', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    const csrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;
    const her = await apiJson(page, 'POST', '/persons', { first_name: 'تسنيم', father_name: 'وليد', family_name: 'الربابعة', sex: 'female', birth_year: 2013, birth_year_estimated: true }, csrf);
    assert.equal(her.status, 201, JSON.stringify(her.body));
    await page.goto(`${server.base}/#/persons/new`);
    const form = page.locator('[data-test="person-create"]');
    await form.waitFor();
    for (const [testId, value] of [['first-name', 'تسنيم'], ['father-name', 'وليد'], ['family-name', 'الربابعه'], ['birth-date', '2013']]) {
      await form.locator(`[data-test="${testId}"]`).first().fill(value);
    }
    await form.locator('[data-test="sex"]').selectOption('male');
    await page.click('[data-test="person-create-submit"]');
    const candidate = page.locator(`[data-test="duplicates"] [data-test="candidate"][data-person-id="${her.body.id}"]`);
    await candidate.waitFor();
    // she is recorded as a girl: the warning speaks of her in the feminine
    assert.equal(await candidate.locator('[data-test="candidate-sex-differs"]').innerText(), ar['persons.sex_differs.female']);
    await shot(page, 'journey-duplicate-other-sex-ar.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('on a phone, in Arabic and English: the new pages fit the screen (a case\'s plan and risk tabs, the task list, a person\'s cases, the case search)', async () => {
  const { context, page, problems } = await openBrowserPage(browser, { width: 390, height: 844 });
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  try {
    await signIn(page, server.base, 'caseworker');
    const csrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;
    const victim = await apiJson(page, 'POST', '/persons', { first_name: 'ميس', father_name: 'غازي', family_name: 'الفايز', sex: 'female', birth_date: '1990-09-09' }, csrf);
    const made = await apiJson(page, 'POST', '/cases', { kind: 'family_violence', summary: 'بلاغ', persons: [{ person_id: victim.body.id, role: 'victim' }], assign_me: true }, csrf);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    for (const language of ['ar', 'en']) {
      if (language === 'en') {
        await page.click('#lang-switch');
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
      for (const [hash, ready] of [
        [`#/cases/${made.body.id}`, '[data-test="case-title"]'],
        ['#/tasks', '[data-test="tasks-count"]'],
        [`#/persons/${victim.body.id}`, '[data-test="person-cases"]'],
        ['#/cases', '[data-test="filter-q"]'],
      ]) {
        await page.goto(`${server.base}/${hash}`);
        await page.locator(ready).waitFor();
        assert.ok(await fits(), `${hash} is wider than a phone in ${language}`);
      }
      await page.goto(`${server.base}/#/cases/${made.body.id}`);
      for (const tab of ['risk', 'plan']) {
        await page.click(`[data-test="tab-${tab}"]`);
        await page.locator(tab === 'risk' ? '[data-test="risk-form"]' : '[data-test="goal-form"]').waitFor();
        assert.ok(await fits(), `the ${tab} tab is wider than a phone in ${language}`);
      }
    }
    await shot(page, 'journey-phone-plan-en.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
