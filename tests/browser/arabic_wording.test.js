'use strict';
// Arabic that reads as native (STYLE.md, the web interface), in real Chromium, in Arabic: sentences naming a member of
// staff agree with her sex (the demo supervisor Hala returns a study and its author reads "أعادت المشرفة"); the
// administrator records a user's sex in the user form; a sentence naming the behaviour monitors' office reads right
// whatever the unit's name ("مراقبو السلوك" never after "إلى"); a time of day never leaves "ص"/"م" alone on a line;
// a monitor's study is signed by "مراقب السلوك" in print, a social worker's by "الأخصائية الاجتماعية"; a submit with
// sections empty names them by their titles, never by their keys; national numbers and case references are in
// Western digits (left to right) with the Arabic interface's Arabic-Indic digits. Every name here is synthetic.
// Screenshots of these places when $TAKAMUL_SCREENSHOTS names a directory.
// Run: TAKAMUL_BIN=build/takamul node --test tests/browser/arabic_wording.test.js

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');

let server;
let browser;
const U = {};

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

/** A page signed in as the demo user `username`, with its problems (script and console errors) collected. */
async function signedIn(username, viewport) {
  const opened = await openBrowserPage(browser, viewport);
  await signIn(opened.page, server.base, username);
  return opened;
}

/** The demo units by code, read through a signed-in page. */
async function loadUnits(page) {
  if (U['MON-AMM']) return;
  for (const type of ['monitor_office', 'social_service_office']) {
    const answer = await apiJson(page, 'GET', `/units?type=${type}&governorate=amman&limit=200`);
    assert.equal(answer.status, 200);
    for (const unit of answer.body.items) U[unit.code] = unit;
  }
  assert.ok(U['MON-AMM'] && U['SSO-AMM']);
}

/** A juvenile protection case of a girl born in 2015 (a child under 12), registered through the API. */
async function girlsCase(page, first = 'جنى') {
  const person = await apiJson(page, 'POST', '/persons', {
    first_name: first, father_name: 'عامر', grandfather_name: 'سليم', family_name: 'الشرمان', sex: 'female', birth_date: '2015-03-09',
    national_id: '000' + String(Date.now()).slice(-7),
  });
  assert.equal(person.status, 201, JSON.stringify(person.body));
  const created = await apiJson(page, 'POST', '/cases', {
    kind: 'juvenile_protection', summary: 'طفلة تحتاج إلى الرعاية', protection_grounds: ['no_carer'],
    persons: [{ person_id: person.body.id, role: 'juvenile' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { c: created.body, person: person.body };
}

/** A study of the case by the page's user, every section written, submitted. */
async function submittedStudy(page, c) {
  const made = await apiJson(page, 'POST', `/cases/${c.id}/studies`, { template: 'juvenile' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const sections = made.body.template_sections.map((s) => ({ key: s.key, body: `ما كُتب في قسم ${s.title_ar}` }));
  const saved = await apiJson(page, 'PUT', `/studies/${made.body.id}`, { version: made.body.version, sections });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const submitted = await apiJson(page, 'POST', `/studies/${made.body.id}/transitions`, { action: 'submit', version: saved.body.version });
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
  return submitted.body;
}

/** The text of the study's print document (shown only in print), once it is drawn. */
async function printed(page, selector) {
  await page.locator('[data-test="study-print"] [data-test="print-document"]').waitFor({ state: 'attached' });
  return page.locator(`[data-test="study-print"] ${selector}`).first().evaluate((node) => node.textContent.trim());
}

test('a female supervisor returns a study: its author reads the feminine verbs, and her own title in print', async () => {
  const writer = await signedIn('caseworker');
  const reviewer = await signedIn('supervisor');
  try {
    const { c } = await girlsCase(writer.page);
    const study = await submittedStudy(writer.page, c);
    const hala = (await apiJson(reviewer.page, 'GET', '/me')).body.user;
    assert.equal(hala.sex, 'female');
    const returned = await apiJson(reviewer.page, 'POST', `/studies/${study.id}/transitions`, { action: 'return', version: study.version, comment: 'أضيفي ما قالته المعلمة عن حضور الطفلة.' });
    assert.equal(returned.status, 200, JSON.stringify(returned.body));

    const page = writer.page;
    await page.goto(`${server.base}/#/studies/${study.id}`);
    const comment = page.locator('[data-test="study-comment"]');
    await comment.waitFor();
    const title = await text(comment, '.study-comment-title');
    assert.equal(title, format(ar, 'studies.returned_by.female', { name: hala.full_name }));
    assert.match(title, /^أعادت المشرفة /);
    assert.doesNotMatch(title, /أعاد المشرف /);
    // the reviewer's row and the versions: "راجعتها", "أعادتها", and the author's own "قدّمتها"
    assert.match(await text(page, '[data-test="study-details"]'), new RegExp(ar['studies.reviewed_by.female']));
    const version = page.locator('[data-test="study-version"]').first();
    assert.match(await version.innerText(), new RegExp(`${ar['studies.submitted_by.female']}[\\s\\S]*${ar['studies.returned_by_short.female']}`));
    // in print, the author is "الأخصائية الاجتماعية"
    assert.equal(await printed(page, '[data-test="print-sign-author"]'), ar['studies.sign_author.caseworker.female']);
    await shot(page, 'wording-study-returned-ar.png');
    assert.deepEqual(writer.problems, []);
  } finally {
    await writer.context.close();
    await reviewer.context.close();
  }
});

test('the administrator records a user\'s sex in the user form', async () => {
  const admin = await signedIn('admin');
  try {
    const page = admin.page;
    await page.goto(`${server.base}/#/admin/users/new`);
    await page.locator('[data-test="username"]').waitFor();
    assert.equal(await text(page, 'label[for="' + await page.locator('[data-test="sex"]').getAttribute('id') + '"]'), ar['users.sex']);
    const username = 'muna.' + Date.now().toString(36);
    await page.fill('[data-test="username"]', username);
    await page.fill('[data-test="full-name"]', 'منى سالم الدعجة');
    await page.selectOption('[data-test="sex"]', 'female');
    await page.selectOption('[data-test="unit"]', String((await apiJson(page, 'GET', '/units?type=social_service_office&governorate=amman')).body.items[0].id));
    await page.check('input[name="roles"][value="caseworker"]');
    await page.fill('[data-test="new-password"]', 'Wording-Test-Pass-7x');
    await page.fill('[data-test="confirm-password"]', 'Wording-Test-Pass-7x');
    await page.click('[data-test="user-create-submit"]');
    await page.locator('[data-test="users-table"]').waitFor();
    const found = (await apiJson(page, 'GET', `/users?q=${username}`)).body.items.find((u) => u.username === username);
    assert.ok(found, 'the user was made');
    assert.equal(found.sex, 'female');
    // her row says she never signed in, in the feminine, and her roles agree with her
    const row = page.locator('[data-test="users-table"] tr', { hasText: username });
    assert.match(await row.innerText(), new RegExp(ar['users.never.female']));
    assert.match(await row.innerText(), new RegExp(ar['role.caseworker.female']));
    // changed on her page
    await page.goto(`${server.base}/#/admin/users/${found.id}`);
    await page.locator('[data-test="sex"]').waitFor();
    assert.equal(await page.inputValue('[data-test="sex"]'), 'female');
    await page.selectOption('[data-test="sex"]', '');
    await page.click('[data-test="user-edit-submit"]');
    await page.locator('[data-test="banner-success"]').waitFor();
    assert.equal((await apiJson(page, 'GET', `/users/${found.id}`)).body.sex, null);
    await shot(page, 'wording-user-form-ar.png');
    assert.deepEqual(admin.problems, []);
  } finally {
    await admin.context.close();
  }
});

test('a referral to the behaviour monitors\' office reads right; a time never leaves ص or م alone on a line', async () => {
  const worker = await signedIn('caseworker');
  const monitor = await signedIn('monitor');
  try {
    const page = worker.page;
    await loadUnits(page);
    const { c } = await girlsCase(page, 'ريتاج');
    await page.goto(`${server.base}/#/cases/${c.id}`);
    await page.click('[data-test="tab-referrals"]');
    await page.locator(`[data-test="referral-to-unit"] option[value="${U['MON-AMM'].id}"]`).waitFor({ state: 'attached' });
    await page.selectOption('[data-test="referral-to-unit"]', String(U['MON-AMM'].id));
    await page.fill('[data-test="referral-reason-input"]', 'متابعة سلوكية للطفلة');
    await page.click('[data-test="referral-send-submit"]');
    const sent = page.locator('[data-test="banner-success"]');
    await sent.waitFor();
    const sentence = await sent.innerText();
    assert.match(U['MON-AMM'].name_ar, /^مراقبو السلوك/, 'the demo\'s monitors\' office is named in the nominative');
    assert.equal(sentence, format(ar, 'case_referrals.sent', { unit: U['MON-AMM'].name_ar }));
    assert.doesNotMatch(sentence, /(إلى|من|لدى|في) مراقبو/, 'a preposition before a nominative unit name');
    await shot(page, 'wording-referral-sent-ar.png');

    // the monitor's home page: the sending office after "من:"
    const mpage = monitor.page;
    await mpage.goto(`${server.base}/#/`);
    const from = mpage.locator('[data-test="home-referral-from"]').first();
    await from.waitFor();
    const line = await from.locator('..').innerText();
    assert.equal(line, `${ar['home.referral_from']} ${U['SSO-AMM'].name_ar}`);

    // every time shown on the case (its history, its tasks) keeps the hour and its marker together
    await page.click('[data-test="tab-history"]');
    await page.locator('[data-test="history"] time').first().waitFor();
    const times = await page.locator('time').evaluateAll((nodes) => nodes.map((node) => node.textContent));
    const clock = times.filter((value) => /[صم]$/.test(value));
    assert.ok(clock.length > 0, `no time with ص or م: ${JSON.stringify(times)}`);
    for (const value of clock) {
      assert.match(value, /[\u0660-\u0669]\u00a0[صم]$/, `the marker may wrap alone: ${JSON.stringify(value)}`);
      assert.doesNotMatch(value.slice(value.search(/[\u0660-\u0669]+:/)), /[ \t\n]/, `a breaking space in the time: ${JSON.stringify(value)}`);
    }
    // drawn in a column too narrow for it, the marker stays on the line of its hour
    const lines = await page.locator('[data-test="history"] time').first().evaluate((node) => {
      const probe = node.cloneNode(true);
      probe.style.display = 'inline-block';
      probe.style.width = '3em';
      document.body.append(probe);
      const marker = document.createRange();
      const textNode = probe.firstChild;
      marker.setStart(textNode, textNode.length - 1);
      marker.setEnd(textNode, textNode.length);
      const hour = document.createRange();
      const at = textNode.data.search(/[\u0660-\u0669]+:/);
      hour.setStart(textNode, at);
      hour.setEnd(textNode, at + 1);
      const tops = [marker.getBoundingClientRect().top, hour.getBoundingClientRect().top];
      probe.remove();
      return tops;
    });
    assert.ok(Math.abs(lines[0] - lines[1]) < 2, `the marker is on another line than the hour: ${lines}`);
    await shot(page, 'wording-history-ar.png');
    assert.deepEqual(worker.problems, []);
    assert.deepEqual(monitor.problems, []);
  } finally {
    await worker.context.close();
    await monitor.context.close();
  }
});

test('a behaviour monitor\'s study is signed "مراقب السلوك" in print, not "الأخصائي الاجتماعي"', async () => {
  const worker = await signedIn('caseworker');
  const monitor = await signedIn('monitor');
  try {
    await loadUnits(worker.page);
    const { c } = await girlsCase(worker.page, 'لانا');
    const asked = await apiJson(worker.page, 'POST', `/cases/${c.id}/referrals`, {
      kind: 'referral', to_unit_id: U['MON-AMM'].id, reason: 'دراسة اجتماعية للطفلة', urgency: 'routine',
      sections: ['summary', 'persons'], services: ['social_study'],
    });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const page = monitor.page;
    const accepted = await apiJson(page, 'POST', `/referrals/${asked.body.id}/transitions`, { action: 'accept', version: asked.body.version });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const study = await submittedStudy(page, c);
    assert.equal(study.author_role, 'monitor');
    await page.goto(`${server.base}/#/studies/${study.id}`);
    await page.locator('[data-test="study-details"]').waitFor();
    assert.equal(await printed(page, '[data-test="print-sign-author"]'), ar['studies.sign_author.monitor']);
    const signatures = await printed(page, '.signatures');
    assert.doesNotMatch(signatures, new RegExp(ar['studies.sign_author.caseworker']));
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'wording-study-print-monitor-ar.png');
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(monitor.problems, []);
  } finally {
    await worker.context.close();
    await monitor.context.close();
  }
});

test('a submit with sections empty names them by their titles, never by their keys', async () => {
  const writer = await signedIn('caseworker');
  try {
    const page = writer.page;
    const { c } = await girlsCase(page, 'سما');
    const made = await apiJson(page, 'POST', `/cases/${c.id}/studies`, { template: 'juvenile' });
    assert.equal(made.status, 201);
    const keys = made.body.template_sections.map((s) => s.key);
    await page.goto(`${server.base}/#/studies/${made.body.id}`);
    await page.locator('[data-test="study-section-input"]').first().waitFor();
    await page.fill(`[data-test="study-section-input"][data-key="${keys[0]}"]`, 'تعيش الطفلة مع خالتها.');
    await page.click('[data-test="study-submit"]');
    const refused = page.locator('[data-test="banner-error"]');
    await refused.waitFor();
    const message = await refused.innerText();
    for (const key of keys) assert.doesNotMatch(message, new RegExp(`\\b${key}\\b`), `the key ${key} is shown: ${message}`);
    assert.doesNotMatch(message, /[A-Za-z_]/, `Latin letters in the Arabic message: ${message}`);
    // the empty sections by their titles, and each marked beside its field
    for (const section of made.body.template_sections.slice(1)) assert.ok(message.includes(section.title_ar), `${section.title_ar} not named: ${message}`);
    assert.ok(!message.includes(made.body.template_sections[0].title_ar), 'the written section is named');
    assert.equal(await page.locator('[data-test="study-section-input"][aria-invalid="true"]').count(), keys.length - 1);
    await shot(page, 'wording-study-submit-empty-ar.png');
    assert.deepEqual(writer.problems, []);
  } finally {
    await writer.context.close();
  }
});

test('national numbers and case references are in Western digits, left to right, with Arabic-Indic digits chosen', async () => {
  const worker = await signedIn('caseworker');
  try {
    const page = worker.page;
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    const { c, person } = await girlsCase(page, 'تالين');
    assert.match(person.national_id, /^[0-9]{10}$/);
    // the rest of the page reads in Arabic-Indic digits (the user's choice)
    await page.goto(`${server.base}/#/persons/${person.id}`);
    const nid = page.locator('[data-test="national-id"] bdi');
    await nid.waitFor();
    assert.equal(await nid.innerText(), person.national_id);
    assert.equal(await nid.getAttribute('dir'), 'ltr');
    assert.match(await text(page, '[data-test="person-cases"]'), new RegExp(c.reference));
    // the cases' card stands apart from the details and family cards above it
    const grid = await page.locator('.person-grid').boundingBox();
    const casesCard = await page.locator('[data-test="person-cases"]').boundingBox();
    assert.ok(casesCard.y - (grid.y + grid.height) >= 16, `the cases' card is ${casesCard.y - (grid.y + grid.height)}px below the cards above`);
    assert.match(await page.locator('main').innerText(), /[\u0660-\u0669]/, 'no Arabic-Indic digits anywhere on the page');
    await shot(page, 'wording-person-digits-ar.png');

    // the search results
    await page.goto(`${server.base}/#/persons`);
    await page.fill('[data-test="search-national-id"]', person.national_id);
    await page.click('[data-test="persons-search-submit"]');
    const hit = page.locator('[data-test="search-results"] .number-text').first();
    await hit.waitFor();
    assert.equal(await hit.innerText(), person.national_id);

    // the case: its reference in the title and the list, the girl's number among her facts, her band in the feminine
    await page.goto(`${server.base}/#/cases/${c.id}`);
    const reference = page.locator('[data-test="case-reference"]');
    await reference.waitFor();
    assert.equal(await reference.innerText(), c.reference);
    assert.equal(await reference.getAttribute('dir'), 'ltr');
    await page.click('[data-test="tab-persons"]');
    const girl = page.locator(`[data-test="case-person"][data-person-id="${person.id}"]`);
    await girl.waitFor();
    assert.equal(await girl.locator('.number-text').innerText(), person.national_id);
    const band = await text(girl, '[data-test="juvenile-band"]');
    assert.match(band, /^طفلة دون الثانية عشرة /, band);
    assert.equal(band, format(ar, 'cases.band.child.female', { age: band.match(/[\u0660-\u0669]+/)[0] }));
    await shot(page, 'wording-case-digits-ar.png');
    await page.goto(`${server.base}/#/cases`);
    const listed = page.locator(`[data-test="case-link"][data-case-id="${c.id}"]`);
    await listed.waitFor();
    assert.equal(await listed.innerText(), c.reference);
    assert.deepEqual(worker.problems, []);
  } finally {
    await worker.context.close();
  }
});
