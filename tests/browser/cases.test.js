'use strict';
// Cases in real Chromium, in Arabic: the demo caseworker registers a family-violence case through the form, with the
// victim and the alleged perpetrator found in the demo registry of `takamul demo`, and sees the case page with the
// 24-hour first response among the tasks; moving on without a worker is refused with the server's Arabic message and
// a way to the workers; the demo supervisor assigns her from the unit's social workers; she moves the case to
// assessment and sees the stage change and the history row; her home page lists the task with a link to the case.
// Also: a child under 12 cannot be the juvenile of a case in conflict with the law (the message beside the persons,
// the form kept, nothing registered); a reporter confidential to a worker not assigned; notes, an incident, a closure
// request returned and approved by the supervisor; the overdue badge in the list and in the tasks; the English page;
// an administrator gets no case pages; an inmate's edit form refusing a future notice beside its field, and a new
// centre as the transfer.
// Expects the demo data (server.js starts a fresh demo database). Run: node --test tests/browser/cases.test.js

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, arabicDigits, codeLabel, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');
const ASCII_DIGIT = /[0-9]/;

// Demo persons (src/domain/demo/demo.c): Haifa and her husband Abdullah Abu Zaid, and their daughter Tasneem, born 2015.
const VICTIM = 'هيفاء جميل عودة السرحان';
const PERPETRATOR = 'عبد الله محمود سليم أبو زيد';
const CHILD = 'تسنيم عبد الله محمود أبو زيد';
const REPORTER = 'سهى خليل إبراهيم الضمور';
// The server's messages (src/api/messages.c), as the Arabic interface must show them.
const NEEDS_ASSIGNMENT_AR = 'لا يمكن الانتقال قبل تعيين الحالة لأحد العاملين';
const UNDER_12_AR = 'لا تُسجّل حالة حدث مخالف للقانون لطفل دون الثانية عشرة عند الفعل: سجّلها حالة حدث محتاج للحماية أو الرعاية';

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

/** The id of the best candidate of a registry search, through the page's session. */
async function findPerson(page, q) {
  const answer = await apiJson(page, 'GET', `/persons/search?${new URLSearchParams({ q, limit: '1' })}`);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.items[0].person.full_name, q, `the demo registry should hold ${q}`);
  return answer.body.items[0].person.id;
}

/** Finds a person with the picker of the registration form and adds them with `role` (or the role offered). */
async function addPerson(page, name, personId, role) {
  await page.fill('[data-test="new-case-person-search"]', name);
  await page.click('[data-test="new-case-person-search-button"]');
  const candidate = page.locator(`[data-test="new-case-person-candidate"][data-person-id="${personId}"]`);
  await candidate.waitFor();
  await candidate.check();
  if (role) await page.selectOption('[data-test="new-case-person-role"]', role);
  await page.click('[data-test="new-case-person-add"]');
  await page.locator(`[data-test="new-case-persons"] [data-test="case-person"][data-person-id="${personId}"]`).waitFor();
}

/** The id of the case whose page is shown, from the address. */
async function caseIdOfPage(page) {
  await page.locator('[data-test="case-title"]').waitFor();
  const match = /#\/cases\/([0-9]+)$/.exec(page.url());
  assert.ok(match, `not on a case page: ${page.url()}`);
  return Number(match[1]);
}

/** The time `iso` as the Arabic interface shows it (date and time in Amman), formatted by the page's own Intl; the
 * time of day is kept on one line (a no-break space before ص or م). */
function shownTime(page, iso, locale = 'ar-JO-u-nu-arab') {
  return page.evaluate(([value, loc]) => new Intl.DateTimeFormat(loc, {
    timeZone: 'Asia/Amman', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(new Date(value)).replace(/ ([صم])$/, '\u00a0$1'), [iso, locale]);
}

test('a caseworker registers a family-violence case, the supervisor assigns her, she moves it to assessment', async () => {
  const worker = await openPage();
  const boss = await openPage();
  const page = worker.page;
  try {
    await signIn(page, server.base, 'caseworker');
    const me = (await apiJson(page, 'GET', '/me')).body.user;
    const codes = (await apiJson(page, 'GET', '/codes')).body;
    const victimId = await findPerson(page, VICTIM);
    const perpetratorId = await findPerson(page, PERPETRATOR);

    // The cases link replaced the placeholder section, and the old address leads to the list.
    const navLink = page.locator('[data-test="nav-cases"]');
    assert.equal(await navLink.innerText(), ar['nav.cases']);
    assert.equal(await page.locator('[data-test="nav-section-cases"]').count(), 0);
    await page.goto(`${server.base}/#/section/cases`);
    await page.locator('[data-test="cases-filter"]').waitFor();
    assert.equal(await text(page, 'h1'), ar['cases.title']);
    assert.equal(await navLink.getAttribute('aria-current'), 'page');

    // An empty registration marks the kind without sending anything.
    await page.click('[data-test="new-case"]');
    await page.locator('[data-test="case-create"]').waitFor();
    assert.equal(await text(page, 'h1'), ar['cases.new']);
    await page.click('[data-test="case-create-submit"]');
    await page.locator('[data-test="case-kind"][aria-invalid="true"]').waitFor();
    assert.equal(await text(page, '[data-test="case-create"] [data-test="banner-error"]'), ar['error.fix_fields']);

    // The kind first: its label comes from /codes; family violence asks for no fields of its own.
    await page.check('[data-test="kind-family_violence"]');
    assert.match(await text(page, '[data-test="case-kind"]'), new RegExp(codeLabel(codes, 'case_kinds', 'juvenile_protection')));
    assert.equal(await page.locator('[data-test="case-offence"]').isVisible(), false);
    assert.equal(await page.locator('[data-test="case-sensitivity"]').count(), 0, 'only a supervisor is offered the sensitivity');
    await page.fill('[data-test="case-summary"]', 'بلاغ إلزامي من مركز صحي: كدمات على الذراعين');
    // reported_at defaults to now, in Amman time: the day as day/month/year and the time, in Arabic-Indic digits.
    const nowInAmman = await page.evaluate(() => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Amman', dateStyle: 'short', timeStyle: 'short' }).format(new Date()).replace(' ', 'T'));
    const [nowYear, nowMonth, nowDay] = nowInAmman.slice(0, 10).split('-');
    assert.equal(await page.inputValue('[data-test="case-reported-at"]'), arabicDigits(`${nowDay}/${nowMonth}/${nowYear}`));
    assert.equal((await page.inputValue('[data-test="case-reported-at-time"]')).slice(0, 2), arabicDigits(nowInAmman.slice(11, 13)));

    // The victim (the role offered first for this kind) and the alleged perpetrator, from the registry.
    await addPerson(page, VICTIM, victimId);
    assert.equal(await text(page, `[data-test="new-case-persons"] [data-person-id="${victimId}"] [data-test="case-person-role"]`), codeLabel(codes, 'case_person_roles', 'victim'));
    await addPerson(page, PERPETRATOR, perpetratorId, 'alleged_perpetrator');
    assert.equal(await page.locator('[data-test="new-case-persons"] [data-test="case-person"]').count(), 2);

    // offered to take it herself (journeys.test.js); here she leaves it to the supervisor
    assert.equal(await page.isChecked('[data-test="assign-me"]'), true);
    await page.uncheck('[data-test="assign-me"]');
    await page.click('[data-test="case-create-submit"]');
    const id = await caseIdOfPage(page);
    const stored = (await apiJson(page, 'GET', `/cases/${id}`)).body;
    assert.match(stored.reference, /^FV-\d{4}-\d{6}$/);
    assert.equal(stored.kind, 'family_violence');
    assert.equal(stored.summary, 'بلاغ إلزامي من مركز صحي: كدمات على الذراعين');
    assert.ok(Math.abs(Date.parse(stored.reported_at) - Date.now()) < 120000, 'reported_at is now, sent as UTC');
    const persons = (await apiJson(page, 'GET', `/cases/${id}/persons`)).body.items;
    assert.deepEqual(persons.map((p) => [p.person.id, p.role]).sort(), [[perpetratorId, 'alleged_perpetrator'], [victimId, 'victim']].sort());

    // The case page: the reference, the flash, the kind, the stage, the progress at registration.
    assert.equal(await text(page, '[data-test="case-reference"]'), stored.reference);
    assert.equal(await text(page, '[data-test="banner-success"]'), format(ar, 'cases.created', { reference: `\u2066${stored.reference}\u2069` }));
    assert.equal(await text(page, '[data-test="case-kind"]'), codeLabel(codes, 'case_kinds', 'family_violence'));
    assert.equal(await page.getAttribute('[data-test="stage-tag"]', 'data-stage'), 'registration');
    assert.equal(await page.getAttribute('[data-test="stage-progress"] [aria-current="step"]', 'data-stage'), 'registration');
    assert.equal(await text(page, '[data-test="case-unit"]'), me.unit.name_ar);
    assert.equal(await text(page, '[data-test="no-assignment"]'), ar['cases.no_assignment_ask']);
    assert.equal(await text(page, '[data-test="take-case"]'), ar['cases.take']);

    // Persons tab: both, with their roles and links to the registry.
    await page.click('[data-test="tab-persons"]');
    const victimRow = page.locator(`[data-test="panel-persons"] [data-test="case-person"][data-person-id="${victimId}"]`);
    await victimRow.waitFor();
    assert.equal(await victimRow.locator('[data-test="case-person-link"]').innerText(), VICTIM);
    assert.equal(await victimRow.locator('[data-test="case-person-link"]').getAttribute('href'), `#/persons/${victimId}`);
    assert.equal(await page.locator('[data-test="principal-missing"]').count(), 0);

    // Tasks tab: the first response within 24 h of the report, in Amman time; the 3 h assignment too.
    await page.click('[data-test="tab-tasks"]');
    const firstResponse = page.locator('[data-test="case-tasks"] [data-test="task"]', { has: page.locator('[data-kind="first_response"]') });
    await firstResponse.waitFor();
    assert.equal(await firstResponse.locator('[data-test="task-kind"]').innerText(), codeLabel(codes, 'task_kinds', 'first_response'));
    const due = new Date(Date.parse(stored.reported_at) + 24 * 3600 * 1000).toISOString();
    assert.equal(await firstResponse.locator('[data-test="task-due"]').innerText(), await shownTime(page, due));
    assert.equal(await page.locator('[data-test="case-tasks"] [data-kind="assignment"]').count(), 1);
    assert.equal(await page.locator('[data-test="case-tasks"] [data-test="overdue-badge"]').count(), 0);
    assert.equal(await text(page, '[data-test="tab-tasks"]'), format(ar, 'cases.tab_count', { label: ar['cases.tab.tasks'], count: arabicDigits(2) }));

    // Moving on without a worker: refused with the server's Arabic message, and a way to the workers.
    await page.click('[data-test="advance"]');
    const refusal = page.locator('[data-test="banner-error"]');
    await refusal.waitFor();
    assert.equal(await refusal.locator('.banner-text').innerText(), NEEDS_ASSIGNMENT_AR);
    assert.equal(await refusal.locator('button').innerText(), ar['cases.go_assignments']);
    await refusal.locator('button').click();
    assert.equal(await page.getAttribute('[data-test="tab-summary"]', 'aria-selected'), 'true');
    assert.equal(await page.getAttribute('[data-test="stage-tag"]', 'data-stage'), 'registration');
    assert.equal((await apiJson(page, 'GET', `/cases/${id}`)).body.stage, 'registration');

    // The supervisor assigns the caseworker, chosen among the unit's social workers.
    await signIn(boss.page, server.base, 'supervisor');
    await boss.page.goto(`${server.base}/#/cases/${id}`);
    await boss.page.locator('[data-test="assign"]').waitFor();
    assert.equal(await boss.page.inputValue('[data-test="assign-role"]'), 'caseworker');
    await boss.page.locator(`[data-test="assign-user"] option[value="${me.id}"]`).waitFor({ state: 'attached' });
    assert.equal(await boss.page.locator(`[data-test="assign-user"] option[value="${me.id}"]`).innerText(), me.full_name);
    await boss.page.selectOption('[data-test="assign-user"]', String(me.id));
    await boss.page.click('[data-test="assign-submit"]');
    await boss.page.locator('[data-test="assignment"][data-role="caseworker"]').waitFor();
    assert.equal(await text(boss.page, '[data-test="assignment-name"]'), me.full_name);
    // she is a woman: the verb and her title agree with her
    assert.equal(me.sex, 'female');
    assert.equal(await text(boss.page, '[data-test="banner-success"]'), format(ar, 'cases.assigned_done.female', { name: me.full_name, role: ar['assignment_role.caseworker.female'] }));
    const assigned = (await apiJson(boss.page, 'GET', `/cases/${id}`)).body;
    assert.deepEqual(assigned.assignments.map((a) => [a.user_id, a.role]), [[me.id, 'caseworker']]);
    assert.equal(await boss.page.locator('[data-test="request-closure"]').count(), 1);

    // The caseworker moves the case to assessment: the stage, the progress and the history change.
    await page.reload();
    await page.locator('[data-test="assignment"]').waitFor();
    await page.click('[data-test="advance"]');
    await page.locator('[data-test="stage-tag"][data-stage="assessment"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), format(ar, 'cases.moved', { stage: codeLabel(codes, 'case_stages', 'assessment') }));
    assert.equal(await page.getAttribute('[data-test="stage-progress"] [aria-current="step"]', 'data-stage'), 'assessment');
    assert.equal(await page.getAttribute('[data-test="advance"]', 'data-to'), 'case_plan');
    assert.equal((await apiJson(page, 'GET', `/cases/${id}`)).body.stage, 'assessment');
    await page.click('[data-test="tab-history"]');
    const latest = page.locator('[data-test="history-item"]').first();
    assert.equal(await latest.getAttribute('data-action'), 'case.advance');
    assert.equal(await latest.locator('[data-test="history-action"]').innerText(), ar['history.case.advance']);
    assert.equal(await latest.locator('[data-test="history-detail"]').innerText(), format(ar, 'history.stage_move', {
      from: codeLabel(codes, 'case_stages', 'registration'), to: codeLabel(codes, 'case_stages', 'assessment'),
    }));
    assert.match(await latest.innerText(), new RegExp(me.full_name));
    assert.equal(await page.locator('[data-test="history-item"][data-action="case.assign"]').count(), 1);

    // Her home page lists the first response on this case, with a link to it.
    await page.click('[data-test="nav-home"]');
    const homeTask = page.locator('[data-test="my-tasks"] [data-test="task"]', { has: page.locator(`a[href="#/cases/${id}"]`) });
    await homeTask.waitFor();
    assert.equal(await homeTask.locator('[data-test="task-kind"]').innerText(), codeLabel(codes, 'task_kinds', 'first_response'));
    assert.equal(await homeTask.locator('[data-test="task-case"]').innerText(), stored.reference);
    await homeTask.locator('[data-test="task-case"]').click();
    await page.locator('[data-test="case-title"]').waitFor();
    assert.equal(await text(page, '[data-test="case-reference"]'), stored.reference);

    // Moving on from assessment needs a risk level: the server's message, and a way to record it.
    await page.click('[data-test="advance"]');
    const noRisk = page.locator('[data-test="banner-error"]');
    await noRisk.waitFor();
    assert.match(await noRisk.innerText(), /الخطورة/);
    assert.equal(await noRisk.locator('button').innerText(), ar['cases.go_risk']);

    // Recording the risk on the edit page: a level needs its assessment; a change made elsewhere meanwhile gives the
    // 409 message with the typed values kept, and Reload shows the other change.
    await noRisk.locator('button').click();
    await page.locator('[data-test="case-edit"]').waitFor();
    await page.selectOption('[data-test="case-risk-level"]', 'high');
    await page.click('[data-test="case-edit-submit"]');
    await page.locator('[data-test="case-risk-assessment"][aria-invalid="true"]').waitFor();
    assert.match(await text(page, '[data-test="case-edit"]'), new RegExp(ar['cases.risk_needs_assessment']));
    await page.fill('[data-test="case-risk-assessment"]', 'تهديد بالقتل وخوف الضحية على حياتها');
    const current = (await apiJson(page, 'GET', `/cases/${id}`)).body;
    const elsewhere = await apiJson(page, 'PATCH', `/cases/${id}`, { version: current.version, summary: 'تعديل من مكان آخر' }, (await apiJson(page, 'GET', '/me')).body.csrf_token);
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    await page.click('[data-test="case-edit-submit"]');
    const conflict = page.locator('[data-test="case-edit"] [data-test="banner-error"]');
    await conflict.waitFor();
    assert.equal(await conflict.locator('.banner-text').innerText(), ar['error.conflict']);
    assert.equal(await page.inputValue('[data-test="case-risk-assessment"]'), 'تهديد بالقتل وخوف الضحية على حياتها');
    await conflict.locator('button').click();
    await page.waitForFunction(() => document.querySelector('[data-test="case-summary"]').value === 'تعديل من مكان آخر');
    await page.selectOption('[data-test="case-risk-level"]', 'high');
    await page.fill('[data-test="case-risk-assessment"]', 'تهديد بالقتل وخوف الضحية على حياتها');
    await page.click('[data-test="case-edit-submit"]');
    await page.locator('[data-test="case-title"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), ar['common.saved']);
    assert.equal(await page.getAttribute('[data-test="risk"] [data-risk]', 'data-risk'), 'high');
    assert.equal(await text(page, '[data-test="risk-assessment"]'), 'تهديد بالقتل وخوف الضحية على حياتها');
    const saved = (await apiJson(page, 'GET', `/cases/${id}`)).body;
    assert.equal(saved.risk_level, 'high');
    assert.equal(saved.summary, 'تعديل من مكان آخر');
    // With the risk assessed, the first response is no longer a task.
    assert.equal((await apiJson(page, 'GET', `/cases/${id}/tasks`)).body.items.some((task) => task.kind === 'first_response'), false);
    await page.click('[data-test="advance"]');
    await page.locator('[data-test="stage-tag"][data-stage="case_plan"]').waitFor();

    // In the list: the case, its kind, stage and unit; a filter on another stage leaves it out.
    await page.goto(`${server.base}/#/cases`);
    const listed = page.locator(`[data-test="cases-table"] [data-test="case-link"][data-case-id="${id}"]`);
    await listed.waitFor();
    assert.equal(await listed.innerText(), stored.reference);
    const row = page.locator('[data-test="cases-table"] tr', { has: page.locator(`[data-case-id="${id}"]`) });
    assert.match(await row.innerText(), new RegExp(codeLabel(codes, 'case_stages', 'case_plan')));
    assert.match(await row.innerText(), new RegExp(me.unit.name_ar));
    await page.selectOption('[data-test="filter-stage"]', 'registration');
    await page.click('[data-test="cases-filter-submit"]');
    await page.locator('[data-test="case-count"]').waitFor();
    await page.waitForFunction((caseId) => !document.querySelector(`[data-test="case-link"][data-case-id="${caseId}"]`), id);

    assert.deepEqual(worker.problems, []);
    assert.deepEqual(boss.problems, []);
  } finally {
    await worker.context.close();
    await boss.context.close();
  }
});

test('a child under 12 cannot be the juvenile of a case in conflict with the law: the message beside the persons, the form kept', async () => {
  const { context, page, problems } = await openPage();
  try {
    await signIn(page, server.base, 'caseworker');
    const childId = await findPerson(page, CHILD);
    const before = (await apiJson(page, 'GET', '/cases?kind=juvenile_conflict')).body.items.length;
    await page.goto(`${server.base}/#/cases/new`);
    await page.locator('[data-test="case-create"]').waitFor();
    await page.check('[data-test="kind-juvenile_conflict"]');
    // The fields of this kind appear: the offence and its legal class.
    await page.locator('[data-test="case-offence"]').waitFor();
    await page.fill('[data-test="case-offence"]', 'سرقة دراجة هوائية');
    await page.selectOption('[data-test="case-legal-class"]', 'misdemeanour');
    await page.fill('[data-test="case-summary"]', 'ضبط طفلة بحوزتها دراجة مسروقة');
    await page.fill('[data-test="new-case-person-search"]', CHILD);
    await page.click('[data-test="new-case-person-search-button"]');
    await page.locator(`[data-test="new-case-person-candidate"][data-person-id="${childId}"]`).check();
    assert.equal(await page.inputValue('[data-test="new-case-person-role"]'), 'juvenile', 'the juvenile is the role offered first');

    // Submitting with the person chosen but not added says so, and sends nothing.
    await page.click('[data-test="case-create-submit"]');
    await page.locator('[data-test="case-persons"][aria-invalid="true"]').waitFor();
    assert.match(await text(page, '[data-test="case-persons"]'), new RegExp(ar['cases.person_not_added'].slice(0, 20)));

    await page.click('[data-test="new-case-person-add"]');
    await page.click('[data-test="case-create-submit"]');
    const message = page.locator('[data-test="case-persons"] .field-error').last();
    await page.locator('[data-test="case-persons"][aria-invalid="true"]').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test="case-persons"] .field-error')].some((node) => !node.hidden && node.textContent.includes('الثانية عشرة')));
    assert.equal((await message.innerText()).trim(), UNDER_12_AR);
    assert.equal(await text(page, '[data-test="case-create"] [data-test="banner-error"]'), ar['error.fix_fields']);
    // Nothing was registered, and nothing typed was lost.
    assert.equal(page.url().endsWith('#/cases/new'), true);
    assert.equal(await page.inputValue('[data-test="case-offence"]'), 'سرقة دراجة هوائية');
    assert.equal(await page.inputValue('[data-test="case-summary"]'), 'ضبط طفلة بحوزتها دراجة مسروقة');
    assert.equal(await page.locator(`[data-test="new-case-persons"] [data-person-id="${childId}"]`).count(), 1);
    assert.equal((await apiJson(page, 'GET', '/cases?kind=juvenile_conflict')).body.items.length, before);

    // As a case of a juvenile in need of protection she can be registered, with the grounds of art. 33.
    await page.check('[data-test="kind-juvenile_protection"]');
    assert.equal(await page.locator('[data-test="case-offence"]').isVisible(), false);
    await page.check('[data-test="protection_grounds-under_12_offence"]');
    await page.click('[data-test="case-create-submit"]');
    const id = await caseIdOfPage(page);
    const stored = (await apiJson(page, 'GET', `/cases/${id}`)).body;
    assert.equal(stored.kind, 'juvenile_protection');
    assert.deepEqual(stored.protection_grounds, ['under_12_offence']);
    assert.equal(stored.offence, undefined, 'the fields of the other kind are not sent');
    // her band by age at the act is shown beside her name
    await page.click('[data-test="tab-persons"]');
    const bandTag = page.locator('[data-test="panel-persons"] [data-test="juvenile-band"]');
    await bandTag.waitFor();
    assert.equal(await bandTag.getAttribute('data-band'), 'child');
    assert.match(await bandTag.innerText(), /دون الثانية عشرة/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an inmate case: the correction centre picked by name, shown by name on the case page; a future notice refused beside its field; a new centre is the transfer', async () => {
  const { context, page, problems } = await openPage();
  try {
    await signIn(page, server.base, 'caseworker');
    const centres = (await apiJson(page, 'GET', '/units?type=correction_centre&limit=200')).body.items;
    assert.ok(centres.length > 1, 'the demo has correction centres');
    const centre = centres[centres.length - 1];
    await page.goto(`${server.base}/#/cases/new`);
    await page.locator('[data-test="case-create"]').waitFor();
    await page.check('[data-test="kind-inmate_family"]');
    await page.locator('[data-test="case-centre-unit-id"]').waitFor();
    const offered = await page.locator('[data-test="case-centre-unit-id"] option').allInnerTexts();
    assert.ok(offered.includes(centre.name_ar), `${centre.name_ar} not offered: ${offered.join(' | ')}`);
    await page.selectOption('[data-test="case-centre-unit-id"]', String(centre.id));
    await page.fill('[data-test="case-sentence"]', 'ثلاث سنوات');
    await page.click('[data-test="case-create-submit"]');
    const id = await caseIdOfPage(page);
    const stored = (await apiJson(page, 'GET', `/cases/${id}`)).body;
    assert.equal(stored.centre_unit_id, centre.id);
    await page.waitForFunction((name) => document.body.innerText.includes(name), centre.name_ar);

    // The edit form says which times cannot be in the future and that a new centre is the transfer; a notice dated
    // tomorrow is refused with the server's message beside the field, the typed values kept.
    await page.goto(`${server.base}/#/cases/${id}/edit`);
    await page.locator('[data-test="case-edit"]').waitFor();
    const form = await text(page, '[data-test="case-edit"]');
    assert.ok(form.includes(ar['cases.hint.transferred_at']), 'no hint that the centre change is the transfer');
    assert.ok(form.includes(ar['cases.hint.past_time']), 'no hint that the notice cannot be in the future');
    const tomorrow = new Date(Date.now() + 27 * 3600 * 1000).toISOString();
    await page.fill('[data-test="case-family-notified-at"]', `${tomorrow.slice(8, 10)}/${tomorrow.slice(5, 7)}/${tomorrow.slice(0, 4)}`);
    await page.fill('[data-test="case-family-notified-at-time"]', '10:00');
    await page.click('[data-test="case-edit-submit"]');
    await page.locator('[data-test="case-family-notified-at"][aria-invalid="true"]').waitFor();
    assert.ok((await text(page, '[data-test="case-edit"]')).includes('لا يمكن أن يكون التاريخ في المستقبل'), 'the server\'s message is not shown');
    assert.equal((await apiJson(page, 'GET', `/cases/${id}`)).body.version, stored.version, 'a refused notice was stored');
    // moved to another centre, the notice cleared: saved, the transfer is now and the family's 48 hours run
    const other = centres.find((c) => c.id !== centre.id);
    await page.fill('[data-test="case-family-notified-at"]', '');
    await page.fill('[data-test="case-family-notified-at-time"]', '');
    await page.selectOption('[data-test="case-centre-unit-id"]', String(other.id));
    const asked = Math.floor(Date.now() / 1000) * 1000;
    await page.click('[data-test="case-edit-submit"]');
    await page.locator('[data-test="case-title"]').waitFor();
    const moved = (await apiJson(page, 'GET', `/cases/${id}`)).body;
    assert.equal(moved.centre_unit_id, other.id);
    assert.ok(Date.parse(moved.transferred_at) >= asked, `transferred_at ${moved.transferred_at}`);
    const notice = (await apiJson(page, 'GET', `/cases/${id}/tasks`)).body.items.find((t) => t.kind === 'family_notice');
    assert.equal(Date.parse(notice.due_at), Date.parse(moved.transferred_at) + 48 * 3600 * 1000);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('notes, an incident, a closure returned then approved by the supervisor; overdue tasks marked; the page in English', async () => {
  const worker = await openPage();
  const boss = await openPage();
  const page = worker.page;
  try {
    await signIn(page, server.base, 'caseworker');
    await signIn(boss.page, server.base, 'supervisor');
    const me = (await apiJson(page, 'GET', '/me')).body;
    const csrf = me.csrf_token;
    const codes = (await apiJson(page, 'GET', '/codes')).body;
    const victimId = await findPerson(page, VICTIM);
    // Reported three days ago: the first response is overdue.
    const reportedAt = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const reporterId = await findPerson(page, REPORTER);
    const created = await apiJson(page, 'POST', '/cases', {
      kind: 'family_violence', summary: 'بلاغ متأخر', reported_at: reportedAt,
      persons: [{ person_id: victimId, role: 'victim' }, { person_id: reporterId, role: 'reporter' }],
    }, csrf);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const c = created.body;
    const fresh = await apiJson(page, 'POST', '/cases', { kind: 'family_violence', summary: 'بلاغ جديد' }, csrf);
    assert.equal(fresh.status, 201);

    // The list marks the late case and not the new one.
    await page.goto(`${server.base}/#/cases`);
    const lateRow = page.locator('[data-test="cases-table"] tr', { has: page.locator(`[data-case-id="${c.id}"]`) });
    await lateRow.waitFor();
    assert.equal(await lateRow.locator('[data-test="overdue-badge"]').innerText(), ar['cases.overdue']);
    const freshRow = page.locator('[data-test="cases-table"] tr', { has: page.locator(`[data-case-id="${fresh.body.id}"]`) });
    assert.equal(await freshRow.locator('[data-test="overdue-badge"]').count(), 0);
    await page.check('[data-test="filter-overdue"]');
    await page.click('[data-test="cases-filter-submit"]');
    await page.waitForFunction((freshId) => !document.querySelector(`[data-case-id="${freshId}"]`), fresh.body.id);
    assert.equal(await page.locator(`[data-test="cases-table"] [data-case-id="${c.id}"]`).count(), 1);

    // The reporter's identity: confidential to a worker not assigned to the case, known to the supervisor.
    await page.goto(`${server.base}/#/cases/${c.id}`);
    await page.click('[data-test="tab-persons"]');
    const hidden = page.locator('[data-test="panel-persons"] [data-test="case-person"][data-role="reporter"]');
    await hidden.waitFor();
    assert.equal(await hidden.locator('[data-test="case-person-confidential"]').innerText(), ar['cases.person_confidential']);
    assert.doesNotMatch(await hidden.innerText(), new RegExp(REPORTER));
    await boss.page.goto(`${server.base}/#/cases/${c.id}`);
    await boss.page.click('[data-test="tab-persons"]');
    const known = boss.page.locator('[data-test="panel-persons"] [data-test="case-person"][data-role="reporter"] [data-test="case-person-link"]');
    await known.waitFor();
    assert.equal(await known.innerText(), REPORTER);

    // The case's tasks: the first response overdue, in red.
    await page.click('[data-test="tab-tasks"]');
    const late = page.locator('[data-test="case-tasks"] tr.row-overdue', { has: page.locator('[data-kind="first_response"]') });
    await late.waitFor();
    assert.equal(await late.locator('[data-test="overdue-badge"]').innerText(), ar['cases.overdue']);

    // A session note (what a case plan needs later) and an incident.
    await page.click('[data-test="tab-notes"]');
    await page.selectOption('[data-test="note-kind"]', 'session');
    await page.fill('[data-test="note-participants"]', 'الضحية والأخصائية');
    await page.fill('[data-test="note-body-input"]', 'جلسة أولى: وُضعت خطة السلامة');
    await page.click('[data-test="note-add-submit"]');
    await page.locator('[data-test="notes"] [data-test="note"][data-kind="session"]').waitFor();
    assert.equal(await page.getAttribute('[data-test="tab-notes"]', 'aria-selected'), 'true', 'the page is drawn again on the same tab');
    assert.equal(await text(page, '[data-test="note-body"]'), 'جلسة أولى: وُضعت خطة السلامة');
    assert.match(await text(page, '[data-test="note"]'), new RegExp(me.user.full_name));
    assert.match(await text(page, '[data-test="note"]'), new RegExp(codeLabel(codes, 'note_kinds', 'session')));

    await page.click('[data-test="tab-incidents"]');
    await page.click('[data-test="incident-add-submit"]');
    await page.locator('[data-test="incident-add"] fieldset[aria-invalid="true"]').waitFor();
    await page.check('[data-test="violence_types-physical_assault"]');
    await page.check('[data-test="violence_types-psychological_abuse"]');
    await page.selectOption('[data-test="incident-relationship"]', 'intimate_partner');
    await page.fill('[data-test="incident-place"]', 'المنزل');
    await page.click('[data-test="incident-add-submit"]');
    const incident = page.locator('[data-test="incidents"] [data-test="incident"]');
    await incident.waitFor();
    assert.deepEqual(await incident.locator('[data-test="incident-types"] li').allInnerTexts(), [
      codeLabel(codes, 'violence_types', 'physical_assault'), codeLabel(codes, 'violence_types', 'psychological_abuse'),
    ]);
    assert.match(await incident.innerText(), new RegExp(codeLabel(codes, 'perpetrator_relationships', 'intimate_partner')));

    // A closure asked for without a reason is refused beside the reason; with one, it awaits the supervisor.
    await page.click('[data-test="request-closure"]');
    await page.locator('[data-test="closure-request"]').waitFor();
    await page.click('[data-test="closure-request-form-submit"]');
    await page.locator('[data-test="closure-request-text"][aria-invalid="true"]').waitFor();
    await page.fill('[data-test="closure-request-text"]', 'انتقلت الأسرة إلى محافظة أخرى');
    await page.click('[data-test="closure-request-form-submit"]');
    await page.locator('[data-test="closure-notice"]').waitFor();
    assert.equal(await text(page, '[data-test="closure-reason"]'), 'انتقلت الأسرة إلى محافظة أخرى');
    assert.equal(await page.locator('[data-test="advance"]').count(), 0, 'no move while a closure awaits its decision');
    assert.equal(await page.locator('[data-test="approve-closure"]').count(), 0, 'a caseworker does not approve');

    // The supervisor returns it with a comment, then (asked again) approves it.
    await boss.page.reload();
    await boss.page.click('[data-test="return-closure"]');
    await boss.page.fill('[data-test="closure-return-text"]', 'أكملوا التقييم أولًا');
    await boss.page.click('[data-test="closure-return-form-submit"]');
    await boss.page.locator('[data-test="banner-success"]').waitFor();
    assert.equal(await text(boss.page, '[data-test="banner-success"]'), ar['cases.closure_returned_done']);
    assert.equal(await boss.page.locator('[data-test="closure-notice"]').count(), 0);
    const returned = (await apiJson(boss.page, 'GET', `/cases/${c.id}`)).body;
    const asked = await apiJson(page, 'POST', `/cases/${c.id}/transitions`, { version: returned.version, action: 'request_closure', reason: 'اكتمل العمل' }, csrf);
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    await boss.page.reload();
    await boss.page.click('[data-test="approve-closure"]');
    await boss.page.click('[data-test="closure-approve-form-submit"]');
    await boss.page.locator('[data-test="stage-tag"][data-stage="closed"]').waitFor();
    assert.equal(await text(boss.page, '[data-test="banner-success"]'), ar['cases.closed_done']);
    assert.equal(await boss.page.locator('[data-test="reopen"]').count(), 1);
    assert.equal(await boss.page.locator('[data-test="edit-case"]').count(), 0, 'a closed case is not edited');

    // The caseworker's page in English: labels, the closed stage, ASCII digits.
    await page.reload();
    await page.locator('[data-test="stage-tag"][data-stage="closed"]').waitFor();
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('[data-test="case-title"]').waitFor();
    assert.equal(await text(page, '[data-test="stage-tag"]'), codeLabel(codes, 'case_stages', 'closed', 'en'));
    assert.equal(await text(page, '[data-test="case-kind"]'), codeLabel(codes, 'case_kinds', 'family_violence', 'en'));
    assert.equal(await text(page, '[data-test="tab-notes"]'), format(en, 'cases.tab_count', { label: en['cases.tab.notes'], count: '1' }));
    assert.equal(await text(page, '[data-test="tab-history"]'), en['cases.tab.history']);
    await page.click('[data-test="tab-history"]');
    assert.equal(await text(page, '[data-test="history-item"] [data-test="history-action"]'), en['history.case.approve_closure']);
    assert.equal(await page.locator('[data-test="reopen"]').count(), 0, 'only a supervisor reopens');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'ar');
    await page.locator('[data-test="case-title"]').waitFor();
    assert.doesNotMatch(await text(page, '[data-test="stage-progress"]'), ASCII_DIGIT);

    assert.deepEqual(worker.problems, []);
    assert.deepEqual(boss.problems, []);
  } finally {
    await worker.context.close();
    await boss.context.close();
  }
});

test('an administrator has no case pages, and the case list fits a phone', async () => {
  const admin = await openPage();
  const phone = await openPage({ width: 390, height: 844 });
  try {
    await signIn(admin.page, server.base, 'admin');
    assert.equal(await admin.page.locator('[data-test="nav-cases"]').count(), 0);
    assert.equal(await admin.page.locator('[data-test="my-tasks"]').count(), 0);
    for (const hash of ['#/cases', '#/cases/new', '#/cases/1']) {
      await admin.page.goto(`${server.base}/${hash}`);
      await admin.page.locator('[data-page] h1').waitFor();
      assert.equal(await text(admin.page, 'h1'), ar['error.forbidden_title'], hash);
    }
    assert.deepEqual(admin.problems, []);

    await signIn(phone.page, server.base, 'caseworker');
    for (const hash of ['#/cases', '#/cases/new']) {
      await phone.page.goto(`${server.base}/${hash}`);
      await phone.page.locator('[data-test="cases-filter"], [data-test="case-create"]').first().waitFor();
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${hash} is ${width}px wide on a 390px screen`);
    }
    assert.deepEqual(phone.problems, []);
  } finally {
    await admin.context.close();
    await phone.context.close();
  }
});

/**
 * How the tab row of the case page sits: the page's and the row's widths, the tabs outside the row's box and whether
 * the chosen one is inside it (within a pixel: a row scrolled to its end may leave a fraction of one out).
 */
function tabRow(page) {
  return page.evaluate(() => {
    const row = document.querySelector('[data-test="case-details"]').closest('.tabs').querySelector('[role="tablist"]');
    const box = row.getBoundingClientRect();
    const outside = [...row.querySelectorAll('[role="tab"]')]
      .filter((tab) => {
        const r = tab.getBoundingClientRect();
        return r.left < box.left - 1 || r.right > box.right + 1;
      })
      .map((tab) => tab.dataset.test);
    const selected = row.querySelector('[aria-selected="true"]').getBoundingClientRect();
    return {
      page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
      row: [row.scrollWidth, row.clientWidth],
      tabs: row.querySelectorAll('[role="tab"]').length,
      outside,
      selectedInView: selected.left >= box.left - 1 && selected.right <= box.right + 1,
    };
  });
}

test('the tabs of a case page: at 1366×768 they wrap within the page, in Arabic and in English; on a phone the row scrolls to the chosen tab', async () => {
  const desktop = await openPage({ width: 1366, height: 768 });
  const phone = await openPage({ width: 390, height: 844 });
  try {
    const page = desktop.page;
    await signIn(page, server.base, 'caseworker');
    await signIn(phone.page, server.base, 'caseworker');
    // A family-violence case has every tab (eleven): more than one line holds at this width.
    const created = await apiJson(page, 'POST', '/cases', {
      kind: 'family_violence', summary: 'بلاغ من مدرسة: آثار ضرب على يدي الطالبة',
      persons: [{ person_id: await findPerson(page, VICTIM), role: 'victim' }, { person_id: await findPerson(page, PERPETRATOR), role: 'alleged_perpetrator' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    for (const lang of ['ar', 'en']) {
      for (const { page: shown } of [desktop, phone]) {
        await shown.evaluate((chosen) => window.localStorage.setItem('takamul.lang', chosen), lang);
        await shown.goto(`${server.base}/#/cases/${created.body.id}`);
        await shown.reload();
        await shown.locator('[data-test="case-details"]').waitFor();
        assert.equal(await shown.evaluate(() => document.documentElement.lang), lang);
      }

      const wide = await tabRow(page);
      assert.ok(wide.tabs >= 10, `${wide.tabs} tabs`);
      assert.ok(wide.page[0] <= wide.page[1], `${lang}: the page is ${wide.page[0]}px wide in a ${wide.page[1]}px window`);
      assert.ok(wide.row[0] <= wide.row[1], `${lang}: the tab row holds ${wide.row[0]}px in ${wide.row[1]}px`);
      assert.deepEqual(wide.outside, [], `${lang}: tabs cut off at 1366px`);

      // On a phone the row scrolls sideways inside the page, and the chosen tab is brought into view, whichever way
      // the row reads.
      const narrow = await tabRow(phone.page);
      assert.ok(narrow.page[0] <= narrow.page[1], `${lang}: the page is ${narrow.page[0]}px wide on a 390px screen`);
      assert.ok(narrow.row[0] > narrow.row[1], `${lang}: the tab row scrolls on a phone`);
      await phone.page.focus('[data-test="tab-summary"]');
      await phone.page.keyboard.press('End');
      assert.equal(await phone.page.getAttribute('[data-test="tab-history"]', 'aria-selected'), 'true');
      assert.ok((await tabRow(phone.page)).selectedInView, `${lang}: the last tab scrolled into view`);
      await phone.page.keyboard.press('Home');
      assert.equal(await phone.page.getAttribute('[data-test="tab-summary"]', 'aria-selected'), 'true');
      assert.ok((await tabRow(phone.page)).selectedInView, `${lang}: the first tab scrolled back into view`);
    }
    assert.deepEqual(desktop.problems, []);
    assert.deepEqual(phone.problems, []);
  } finally {
    await desktop.context.close();
    await phone.context.close();
  }
});
