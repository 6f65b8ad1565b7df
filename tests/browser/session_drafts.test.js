'use strict';
// The end of a session and the text being typed, in real Chromium, on a server whose sessions end after IDLE_SECONDS
// without a request: the warning comes before the end (an alertdialog that does not block the page, with a countdown,
// in Arabic and in English, and fitting a phone), and "stay signed in" keeps the session past the end it announced. A
// note typed and left while the session ends is in the note form again after the same user signs in again (the page
// she was on, the notes tab, a note saying it was put back); saving it clears the draft; another user who then signs
// in on the same tab sees nothing of it, and nor does anyone after a logout. The registration of a case, a person's
// form and a closing request keep their unsaved text through a reload, and "discard" puts a form back as it was; an
// edit form puts back only the fields the user changed, and says when someone else changed the record meanwhile.
// Screenshots of the warning go to $TAKAMUL_SCREENSHOTS when it is set.
// Run: node --test tests/browser/session_drafts.test.js

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer, demoPassword } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');

// A request through the page's session, to the server the page is on.
const apiJson = (page, ...args) => apiThroughPage(page, new URL(page.url()).origin, ...args);
const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

// The idle time of the test server: the warning comes a third of it before the end (session_timer.js).
const IDLE_SECONDS = 15;
// Waits for the warning allow twice that: the notification bell, polling once for a click made, may extend a session
// once.
// A demo person (src/domain/demo/demo.c).
const VICTIM = 'هيفاء جميل عودة السرحان';
const SHOTS = process.env.TAKAMUL_SCREENSHOTS || null;

let server; // sessions end after IDLE_SECONDS without a request
let roomy; // the default 30 minutes, for the forms' own tests
let browser;

before(async () => {
  [server, roomy] = await Promise.all([startServer({ settings: { session_idle_seconds: IDLE_SECONDS } }), startServer()]);
  browser = await launchChromium();
  if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  if (browser) await browser.close();
  for (const s of [server, roomy]) {
    if (s) assert.equal(await s.stop(), 0, 'takamul serve did not exit cleanly on SIGTERM');
  }
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, name) });
}

/** The keys and texts of the drafts the page's tab keeps. */
function drafts(page) {
  return page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('takamul.draft.')).map((key) => [key, sessionStorage.getItem(key)]));
}

/** A family-violence case of the demo caseworker's unit, registered through the API; its id. */
async function newCase(page, summary) {
  const found = await apiJson(page, 'GET', `/persons/search?${new URLSearchParams({ q: VICTIM, limit: '1' })}`);
  assert.equal(found.status, 200, JSON.stringify(found.body));
  const created = await apiJson(page, 'POST', '/cases', {
    kind: 'family_violence', summary, persons: [{ person_id: found.body.items[0].person.id, role: 'victim' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

/** Signs in through the login form already on screen (after a session ended), without opening the start page. */
async function signInAgain(page, username) {
  await page.locator('#username').waitFor();
  await page.fill('#username', username);
  await page.fill('#password', demoPassword(username));
  await page.click('#login-submit');
}

test('the warning comes before the idle end, and "stay signed in" keeps the session past it; in English and on a phone too', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    const warning = page.locator('[data-test="session-warning"]');
    // nothing is said while the session has time
    assert.equal(await warning.count(), 0);
    await warning.waitFor({ timeout: 2 * IDLE_SECONDS * 1000 });
    const appeared = Date.now();
    assert.equal(await warning.getAttribute('role'), 'alertdialog');
    assert.equal(await warning.getAttribute('aria-modal'), 'false');
    assert.equal(await warning.getAttribute('data-kind'), 'idle');
    const titleId = await warning.getAttribute('aria-labelledby');
    assert.equal(await text(page, `[id="${titleId}"]`), ar['session.warning_title']);
    const sentence = await text(page, '[data-test="session-warning-text"]');
    const [before, afterTime] = ar['session.warning_text'].split('{time}');
    assert.ok(sentence.startsWith(before.trim()) && sentence.endsWith(afterTime.trim()), sentence);
    // a countdown in Arabic-Indic digits that goes down
    const first = await text(page, '[data-test="session-warning-count"]');
    assert.match(first, /^[٠-٩]:[٠-٩]{2}$/);
    await sleep(1200);
    assert.notEqual(await text(page, '[data-test="session-warning-count"]'), first);
    assert.equal(await text(page, '[data-test="session-stay"]'), ar['session.stay']);
    // the page behind stays usable: the box does not block it
    assert.equal(await page.locator('dialog[open]').count(), 0);
    assert.equal(await page.locator('[data-test="session-announcer"]').getAttribute('role'), 'alert');
    await shot(page, 'session-warning-ar.png');

    // "stay signed in" is one GET /me, whose answer moves the end a whole idle time on
    const [extended] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/me'),
      page.click('[data-test="session-stay"]'),
    ]);
    assert.equal(extended.status(), 200);
    assert.ok(Number(extended.headers()['takamul-session-expires-in']) >= IDLE_SECONDS - 1, JSON.stringify(extended.headers()));
    await warning.waitFor({ state: 'detached' });
    // past the end the warning announced (a third of the idle time after it came), the session is alive
    const lead = (IDLE_SECONDS * 1000) / 3;
    await sleep(Math.max(0, appeared + lead + 2000 - Date.now()));
    assert.equal(await page.locator('[data-test="login-page"]').count(), 0, 'the sign-in page came although the session was extended');
    await page.click('[data-test="nav-cases"]');
    await page.locator('[data-page="cases"] h1').waitFor();
    assert.equal(await page.locator('[data-test="login-page"]').count(), 0);

    // in English, then at phone width
    await page.click('#lang-switch');
    await page.locator('html[lang="en"]').waitFor();
    await warning.waitFor({ timeout: 2 * IDLE_SECONDS * 1000 });
    assert.equal(await text(page, `[id="${await warning.getAttribute('aria-labelledby')}"]`), en['session.warning_title']);
    assert.equal(await text(page, '[data-test="session-stay"]'), en['session.stay']);
    assert.match(await text(page, '[data-test="session-warning-count"]'), /^[0-9]:[0-9]{2}$/);
    await shot(page, 'session-warning-en.png');
    await page.click('[data-test="session-stay"]');
    await warning.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('#lang-switch');
    await page.locator('html[lang="ar"]').waitFor();
    await warning.waitFor({ timeout: 2 * IDLE_SECONDS * 1000 });
    const box = await warning.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the warning is ${box.x}…${box.x + box.width} px on a 390 px screen`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
    await shot(page, 'session-warning-ar-phone.png');
    // the button is reached and pressed from the keyboard
    await page.focus('[data-test="session-stay"]');
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'detached' });

    // while a modal dialog holds the page, the warning comes inside it (else it would be inert) and still works
    await page.setViewportSize({ width: 1366, height: 768 });
    const id = await newCase(page, 'حالة لاختبار التنبيه فوق نافذة حوار');
    await page.goto(`${server.base}/#/cases/${id}`);
    await page.click('[data-test="request-closure"]');
    await page.fill('[data-test="closure-request-text"]', 'سبب يُكتب ببطء');
    await page.locator('dialog[open] [data-test="session-warning"]').waitFor({ timeout: 2 * IDLE_SECONDS * 1000 });
    // typing in a field, the keys stay in the field: the warning does not take the focus
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-test')), 'closure-request-text');
    await page.click('[data-test="session-stay"]');
    await warning.waitFor({ state: 'detached' });
    assert.equal(await page.isVisible('[data-test="closure-request"]'), true, 'the dialog is still open');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-test')), 'closure-request-text', 'focus is back in the field');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a note typed while the session ends is there again after signing in; saving clears it; another user and a logout leave nothing', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    const id = await newCase(page, 'حالة لاختبار حفظ النص عند انتهاء الجلسة');
    await page.goto(`${server.base}/#/cases/${id}`);
    await page.click('[data-test="tab-notes"]');
    const body = 'زيارة منزلية: الأم متعاونة والأطفال بخير، وتقرر موعد متابعة بعد أسبوع.';
    await page.fill('[data-test="note-participants"]', 'الأم والجدة');
    await page.fill('[data-test="note-body-input"]', body);
    // a draft is kept under the user, the form and the case; the text itself is not in localStorage
    const kept = await drafts(page);
    assert.equal(kept.length, 1);
    assert.match(kept[0][0], new RegExp(`^takamul\\.draft\\.[0-9]+\\.note/${id}$`));
    assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes('زيارة'));

    // left alone: the warning, then the end, and the sign-in page says what happened
    await page.locator('[data-test="session-warning"]').waitFor({ timeout: 2 * IDLE_SECONDS * 1000 });
    // (the notification bell may poll once more for the keys typed, which extends the session once)
    await page.locator('[data-test="login-page"]').waitFor({ timeout: 4 * IDLE_SECONDS * 1000 });
    assert.match(await text(page, '[data-test="login-page"] [data-test="banner-info"]'), new RegExp(ar['login.session_ended'].slice(0, 12)));
    assert.equal((await apiJson(page, 'GET', '/me')).status, 401);
    assert.equal(await page.locator('[data-test="session-warning"]').count(), 0);

    // the same user signs in again: back on the case, on the notes tab, with the text and a note saying so
    await signInAgain(page, 'caseworker');
    await page.locator('[data-test="note-add"] [data-test="draft-restored"]').waitFor();
    assert.equal(new URL(page.url()).hash, `#/cases/${id}`);
    assert.equal(await page.getAttribute('[data-test="tab-notes"]', 'aria-selected'), 'true');
    assert.equal(await page.inputValue('[data-test="note-body-input"]'), body);
    assert.equal(await page.inputValue('[data-test="note-participants"]'), 'الأم والجدة');
    assert.match(await text(page, '[data-test="draft-restored"]'), new RegExp(ar['drafts.restored'].split('{time}')[0].trim().slice(0, 20)));
    assert.equal(await text(page, '[data-test="draft-discard"]'), ar['drafts.discard']);
    await page.locator('[data-test="note-add"]').scrollIntoViewIfNeeded();
    await shot(page, 'draft-restored-ar.png');

    // a reload opens the case on the tab whose form holds the draft
    await page.reload();
    await page.locator('[data-test="note-add"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.getAttribute('[data-test="tab-notes"]', 'aria-selected'), 'true');
    assert.equal(await page.inputValue('[data-test="note-body-input"]'), body);

    // saved: the note is on the case, the form is empty and the draft gone
    await page.click('[data-test="note-add-submit"]');
    await page.locator('[data-test="notes"] [data-test="note"]').waitFor();
    assert.equal(await text(page, '[data-test="notes"] [data-test="note-body"]'), body);
    assert.equal(await page.inputValue('[data-test="note-body-input"]'), '');
    assert.equal(await page.locator('[data-test="draft-restored"]').count(), 0);
    assert.deepEqual(await drafts(page), []);
    await page.reload();
    await page.locator('[data-test="case-title"]').waitFor();
    assert.equal(await page.locator('[data-test="draft-restored"]').count(), 0);

    // typed again and left: the supervisor signs in on the same tab, and finds neither her page nor her text
    await page.click('[data-test="tab-notes"]');
    const secret = 'نص لم يُحفظ لا يراه مستخدم آخر';
    await page.fill('[data-test="note-body-input"]', secret);
    assert.equal((await drafts(page)).length, 1);
    await page.locator('[data-test="login-page"]').waitFor({ timeout: 5 * IDLE_SECONDS * 1000 });
    await signInAgain(page, 'supervisor');
    await page.locator('#user-name').waitFor();
    assert.equal(new URL(page.url()).hash, '#/home', 'another user is taken home, not to the page of the one before');
    assert.deepEqual(await drafts(page), [], 'the drafts of the user before are wiped');
    await page.goto(`${server.base}/#/cases/${id}`);
    await page.click('[data-test="tab-notes"]');
    assert.equal(await page.inputValue('[data-test="note-body-input"]'), '');
    assert.equal(await page.locator('[data-test="draft-restored"]').count(), 0);
    assert.ok(!(await page.content()).includes(secret));

    // a logout wipes the drafts too
    await page.fill('[data-test="note-body-input"]', 'ملاحظة المشرف قبل الخروج');
    assert.equal((await drafts(page)).length, 1);
    await page.click('#logout');
    await page.locator('[data-test="login-page"]').waitFor();
    assert.deepEqual(await drafts(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('forms keep their unsaved text through a reload: a new case, a person, a closing request; discard; an edit puts back only what was changed', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  const base = roomy.base;
  try {
    await signIn(page, base, 'caseworker');

    // a new case: the kind, the summary and a kind's own field
    await page.goto(`${base}/#/cases/new`);
    await page.click('[data-test="kind-juvenile_conflict"]');
    await page.fill('[data-test="case-summary"]', 'حدث متهم بالسرقة من متجر');
    await page.fill('[data-test="case-offence"]', 'سرقة');
    await page.reload();
    await page.locator('[data-test="case-create"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.isChecked('[data-test="kind-juvenile_conflict"]'), true);
    assert.equal(await page.inputValue('[data-test="case-summary"]'), 'حدث متهم بالسرقة من متجر');
    assert.equal(await page.inputValue('[data-test="case-offence"]'), 'سرقة');
    assert.equal(await page.isVisible('[data-test="case-offence"]'), true, 'the fields of the kind put back are shown');
    // discard: the form as it was drawn, the draft gone
    await page.click('[data-test="draft-discard"]');
    await page.locator('[data-test="draft-discarded"]').waitFor();
    assert.equal(await page.inputValue('[data-test="case-summary"]'), '');
    assert.equal(await page.isChecked('[data-test="kind-juvenile_conflict"]'), false);
    assert.deepEqual(await drafts(page), []);
    await page.reload();
    await page.locator('[data-test="case-create"]').waitFor();
    assert.equal(await page.locator('[data-test="draft-restored"]').count(), 0);

    // a person's registration, in English; the password of no form is ever kept (the login's is not a draft)
    await page.click('#lang-switch');
    await page.locator('html[lang="en"]').waitFor();
    await page.goto(`${base}/#/persons/new`);
    await page.fill('[data-test="first-name"]', 'سلمى');
    await page.fill('[data-test="family-name"]', 'العلي');
    await page.fill('[data-test="notes"]', 'Prefers to be called in the morning.');
    await page.reload();
    await page.locator('[data-test="person-create"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.inputValue('[data-test="first-name"]'), 'سلمى');
    assert.equal(await page.inputValue('[data-test="notes"]'), 'Prefers to be called in the morning.');
    assert.match(await text(page, '[data-test="draft-restored"]'), new RegExp(en['drafts.restored'].split(',')[0]));
    assert.equal(await text(page, '[data-test="draft-discard"]'), en['drafts.discard']);
    await page.click('#lang-switch');
    await page.locator('html[lang="ar"]').waitFor();

    // the closing request of a case, a dialog: put back when the dialog opens again
    const id = await newCase(page, 'حالة لاختبار طلب الإغلاق');
    await page.goto(`${base}/#/cases/${id}`);
    await page.click('[data-test="request-closure"]');
    await page.fill('[data-test="closure-request-text"]', 'انتهت الخطة وتحققت أهدافها');
    await page.reload();
    await page.locator('[data-test="case-title"]').waitFor();
    await page.click('[data-test="request-closure"]');
    await page.locator('[data-test="closure-request"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.inputValue('[data-test="closure-request-text"]'), 'انتهت الخطة وتحققت أهدافها');
    await page.click('[data-test="closure-request-form-submit"]');
    await page.locator('[data-test="closure-requested"]').waitFor();
    assert.ok(!(await drafts(page)).some(([key]) => key.includes('case_request_closure')), 'the request sent, its draft is gone');

    // an incident: a checkbox, a text and a long text; the case opened afresh shows the incidents tab
    const third = await newCase(page, 'حالة لاختبار الحادثة والإحالة');
    await page.goto(`${base}/#/cases/${third}`);
    await page.click('[data-test="tab-incidents"]');
    await page.check('[data-test="violence_types-physical_assault"]');
    await page.fill('[data-test="incident-place"]', 'المنزل');
    await page.fill('[data-test="incident-description"]', 'دفعها الزوج أثناء شجار');
    // a referral: the unit, chosen from a list that comes later, and the reason
    await page.click('[data-test="tab-referrals"]');
    await page.locator('[data-test="referral-to-unit"]:enabled').waitFor();
    const unitValue = await page.locator('[data-test="referral-to-unit"] option:not([value=""])').first().getAttribute('value');
    await page.selectOption('[data-test="referral-to-unit"]', unitValue);
    await page.fill('[data-test="referral-reason-input"]', 'تحتاج الأسرة إلى متابعة نفسية');
    await page.reload();
    await page.locator('[data-test="incident-add"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.getAttribute('[data-test="tab-incidents"]', 'aria-selected'), 'true');
    assert.equal(await page.isChecked('[data-test="violence_types-physical_assault"]'), true);
    assert.equal(await page.inputValue('[data-test="incident-place"]'), 'المنزل');
    assert.equal(await page.inputValue('[data-test="incident-description"]'), 'دفعها الزوج أثناء شجار');
    await page.click('[data-test="tab-referrals"]');
    await page.locator('[data-test="referral-send"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.inputValue('[data-test="referral-reason-input"]'), 'تحتاج الأسرة إلى متابعة نفسية');
    await page.locator('[data-test="referral-to-unit"]:enabled').waitFor();
    assert.equal(await page.inputValue('[data-test="referral-to-unit"]'), unitValue, 'the unit is chosen once the list has come');
    await page.click('[data-test="tab-incidents"]');
    await page.click('[data-test="incident-add-submit"]');
    await page.locator('[data-test="incidents"] [data-test="incident"]').waitFor();
    assert.ok(!(await drafts(page)).some(([key]) => key.includes('incident/')), 'the incident saved, its draft is gone');
    assert.ok((await drafts(page)).some(([key]) => key.endsWith(`referral/${third}`)), 'the referral not sent is still kept');

    // the risk and safety tab: a factor answered and the safety plan; the case plan's goal. Once a plan is saved its
    // form is folded away, unless it holds text put back
    await page.click('[data-test="tab-risk"]');
    await page.check('[data-test="factor-escalation-yes"]');
    await page.fill('[data-test="safety-input-safe_place"]', 'بيت أختها في الزرقاء');
    await page.click('[data-test="tab-plan"]');
    await page.fill('[data-test="goal-input"]', 'سكن آمن للناجية وأطفالها');
    await page.reload();
    await page.locator('[data-test="case-title"]').waitFor();
    await page.click('[data-test="tab-risk"]');
    await page.locator('[data-test="risk-form"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.isChecked('[data-test="factor-escalation-yes"]'), true);
    assert.equal(await page.inputValue('[data-test="safety-input-safe_place"]'), 'بيت أختها في الزرقاء');
    await page.click('[data-test="safety-form-submit"]');
    await page.locator('[data-test="safety-version"]').waitFor();
    assert.ok(!(await drafts(page)).some(([key]) => key.includes('safety_plan/')));
    await page.click('[data-test="tab-risk"]');
    await page.click('[data-test="safety-card"] summary');
    await page.fill('[data-test="safety-input-contacts"]', 'الأخت: رقمها في الملف');
    await page.reload();
    await page.locator('[data-test="case-title"]').waitFor();
    await page.click('[data-test="tab-risk"]');
    await page.locator('[data-test="safety-form"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.isVisible('[data-test="safety-input-contacts"]'), true, 'the folded form is open with the text put back');
    await page.click('[data-test="tab-plan"]');
    await page.locator('[data-test="goal-form"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.inputValue('[data-test="goal-input"]'), 'سكن آمن للناجية وأطفالها');
    await page.click('[data-test="goal-form"] [data-test="draft-discard"]');
    await page.click('[data-test="tab-risk"]');
    await page.click('[data-test="safety-form"] [data-test="draft-discard"]');
    await page.click('[data-test="risk-form"] [data-test="draft-discard"]');

    // editing a case: the summary typed is put back; a field changed elsewhere meanwhile shows the other change, and
    // a change to the field typed in is pointed out
    const other = await newCase(page, 'ملخص أول');
    await page.goto(`${base}/#/cases/${other}/edit`);
    await page.fill('[data-test="case-summary"]', 'ملخص كتبته العاملة');
    const record = (await apiJson(page, 'GET', `/cases/${other}`)).body;
    const changed = await apiJson(page, 'PATCH', `/cases/${other}`, { version: record.version, governorate: 'irbid' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    await page.reload();
    await page.locator('[data-test="case-edit"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.inputValue('[data-test="case-summary"]'), 'ملخص كتبته العاملة');
    assert.equal(await page.inputValue('[data-test="case-governorate"]'), 'irbid', 'a field not typed in shows the record as it is now');
    assert.equal(await page.locator('[data-test="draft-restored"] strong').count(), 0);
    const again = (await apiJson(page, 'GET', `/cases/${other}`)).body;
    assert.equal((await apiJson(page, 'PATCH', `/cases/${other}`, { version: again.version, summary: 'ملخص غيّره المشرف' })).status, 200);
    await page.reload();
    await page.locator('[data-test="case-edit"] [data-test="draft-restored"]').waitFor();
    assert.equal(await page.inputValue('[data-test="case-summary"]'), 'ملخص كتبته العاملة');
    assert.equal(await text(page, '[data-test="draft-restored"] strong'), ar['drafts.changed_meanwhile']);
    await page.click('[data-test="case-edit-submit"]');
    await page.locator('[data-test="case-title"]').waitFor();
    assert.equal((await apiJson(page, 'GET', `/cases/${other}`)).body.governorate, 'irbid', 'the other change is not undone');
    assert.equal((await apiJson(page, 'GET', `/cases/${other}`)).body.summary, 'ملخص كتبته العاملة');
    // the edit saved, only the person's registration and the referral, not sent, are still kept
    assert.deepEqual((await drafts(page)).map(([key]) => key.replace(/^takamul\.draft\.[0-9]+\./, '')).sort(), ['person_new', `referral/${third}`]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('near the absolute end the warning says the session cannot be extended, and can be closed', async () => {
  // sessions of at most a minute, whatever their use: the absolute end comes before the idle end
  const short = await startServer({ settings: { session_max_seconds: 60 } });
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, short.base, 'caseworker');
    const me = (await apiJson(page, 'GET', '/me')).body;
    assert.equal(me.session_expires_at, me.session_absolute_expires_at);
    const warning = page.locator('[data-test="session-warning"]');
    await warning.waitFor();
    assert.equal(await warning.getAttribute('data-kind'), 'absolute');
    assert.equal(await text(page, `[id="${await warning.getAttribute('aria-labelledby')}"]`), ar['session.limit_title']);
    const [start] = ar['session.limit_text'].split('{time}');
    assert.ok((await text(page, '[data-test="session-warning-text"]')).startsWith(start.trim()));
    assert.equal(await page.isVisible('[data-test="session-stay"]'), false, 'nothing extends the session: no "stay signed in"');
    assert.equal(await text(page, '[data-test="session-warning-close"]'), ar['common.close']);
    await shot(page, 'session-limit-ar.png');
    // a request does not bring back a warning the user closed
    await page.click('[data-test="session-warning-close"]');
    await warning.waitFor({ state: 'detached' });
    await page.click('[data-test="nav-cases"]');
    await page.locator('[data-page="cases"] h1').waitFor();
    await sleep(1500);
    assert.equal(await warning.count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    assert.equal(await short.stop(), 0);
  }
});
