'use strict';
// Referrals between units in real Chromium, in Arabic: the demo caseworker of SSO-AMM refers a protection case to the
// behaviour monitors (MON-AMM) through the case page's form, sharing the summary and the persons and asking for a
// service; the demo monitor sees it on his home page and in his unit's inbox with how long it has waited, opens it,
// opens the shared case (persons shown, notes, tasks and history not), and accepts it; the caseworker sees it accepted.
// A referral unchanged for fifteen days is flagged stale. A family-violence case with an adult victim is refused
// without her consent: the server's message in the form, nothing sent, the consent recorded right there, and the same
// form, kept, then sends it; an outside provider's service is added and marked given. The police officer rejects
// another with a reason (required), and the caseworker's stale page gets the 409 message and the reason. Phone width:
// the inbox, a referral and the case's tab fit the screen. English labels.
// Run: TAKAMUL_BIN=build/takamul node --test tests/browser/referrals.test.js

const assert = require('node:assert/strict');
const { databaseSql } = require('../api/lib/pg');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, arabicDigits, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
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

const openPage = (viewport) => openBrowserPage(browser, viewport);

/** The label of a code in /codes, in `lang`. */
function codeLabel(list, code, lang = 'ar') {
  const entry = codes[list].find((item) => item.code === code);
  assert.ok(entry, `${code} not in ${list}`);
  return entry['name_' + lang];
}

/** Loads the code lists and the demo units the tests send to, through a signed-in page. */
async function loadReference(page) {
  if (codes) return;
  codes = (await apiJson(page, 'GET', '/codes')).body;
  for (const [type, code] of [['monitor_office', 'MON-AMM'], ['fjpd_office', 'FJPD-AMM'], ['social_service_office', 'SSO-AMM']]) {
    const answer = await apiJson(page, 'GET', `/units?type=${type}&governorate=amman&limit=200`);
    assert.equal(answer.status, 200);
    U[code] = answer.body.items.find((unit) => unit.code === code);
    assert.ok(U[code], `the demo has ${code}`);
  }
}

/** Registers a person and a case through the API; returns the case. */
async function registerCase(page, kind, person, extra = {}) {
  const made = await apiJson(page, 'POST', '/persons', { father_name: 'خالد', family_name: 'العمري', ...person });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const principal = kind === 'family_violence' ? 'victim' : 'juvenile';
  const created = await apiJson(page, 'POST', '/cases', { kind, persons: [{ person_id: made.body.id, role: principal }], ...extra });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { c: created.body, person: made.body };
}

/** Opens a case's "Referrals and services" tab and waits for the referral form's units. */
async function openReferralsTab(page, caseId) {
  await page.goto(`${server.base}/#/cases/${caseId}`);
  await page.click('[data-test="tab-referrals"]');
  await page.locator('[data-test="referral-send"]').waitFor();
  // the units that work cases of its kind (the monitors for a juvenile's, the family protection office for any)
  await page.locator(`[data-test="referral-to-unit"] option[value="${U['FJPD-AMM'].id}"]`).waitFor({ state: 'attached' });
}

/** True when the page is no wider than the window. */
function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

test('the caseworker refers a protection case to the behaviour monitors, who see it on the home page and in the inbox, open the shared case and accept it', async () => {
  const worker = await openPage();
  const monitor = await openPage();
  try {
    const page = worker.page;
    const firstInbox = page.waitForResponse((response) => response.url().includes('/api/v1/referrals?'));
    await signIn(page, server.base, 'caseworker');
    await loadReference(page);
    const { c, person } = await registerCase(page, 'juvenile_protection',
      { first_name: 'سلمى', sex: 'female', birth_date: '2015-06-01' },
      { summary: 'طفلة بلا معيل تبيع المناديل عند الإشارات', protection_grounds: ['no_carer'] });
    const note = await apiJson(page, 'POST', `/cases/${c.id}/notes`, { kind: 'note', occurred_on: new Date().toISOString().slice(0, 10), body: 'ملاحظة داخلية لا تُشارَك' });
    assert.equal(note.status, 201, JSON.stringify(note.body));

    // The navigation's Referrals link is a working one now, and the old placeholder address leads to it.
    assert.equal(await page.locator('[data-test="nav-section-referrals"]').count(), 0);
    assert.equal(await text(page, '[data-test="nav-referrals"]'), ar['nav.referrals']);
    // Nothing waits for the caseworker's unit: once her inbox has answered, no referrals panel on her home page.
    assert.deepEqual((await (await firstInbox).json()).items, []);
    assert.equal(await page.locator('[data-test="home-referrals"]').isVisible(), false);

    // The case's tab: no referral yet; the form offers the other units (not the case's own) and no transfer to her.
    await openReferralsTab(page, c.id);
    assert.equal(await text(page, '[data-test="tab-referrals"]'), ar['cases.tab.referrals']);
    assert.equal(await text(page, '[data-test="case-referrals"] .empty-row'), ar['case_referrals.none']);
    assert.equal(await page.locator(`[data-test="referral-to-unit"] option[value="${U['SSO-AMM'].id}"]`).count(), 0, 'the case\'s own unit is offered');
    // only units that work a child's protection case: never the joint committee, a headquarters or a shelter for women
    const offeredTypes = await page.locator('[data-test="referral-to-unit"] optgroup').evaluateAll((groups) => groups.map((g) => g.label));
    for (const type of ['committee', 'headquarters', 'shelter', 'correction_centre']) {
      assert.ok(!offeredTypes.includes(codeLabel('unit_types', type)), `${type} offered: ${offeredTypes}`);
    }
    assert.ok(offeredTypes.includes(codeLabel('unit_types', 'monitor_office')), offeredTypes.join());
    assert.deepEqual(await page.locator('[data-test="referral-kind-select"] option').evaluateAll((options) => options.map((o) => o.value)), ['referral']);
    assert.equal(await page.locator('[data-test="referral-override"]').count(), 0, 'a caseworker is offered the override');
    assert.equal(await page.locator('[data-test="consents-section"]').count(), 0, 'consents shown on a child\'s protection case');

    // An empty reason is refused beside its field, nothing sent.
    await page.selectOption('[data-test="referral-to-unit"]', String(U['MON-AMM'].id));
    await page.click('[data-test="referral-send-submit"]');
    await page.locator('[data-test="referral-reason-input"][aria-invalid="true"]').waitFor();
    assert.equal((await apiJson(page, 'GET', `/cases/${c.id}/referrals`)).body.items.length, 0);

    await page.selectOption('[data-test="referral-urgency-select"]', 'urgent');
    await page.fill('[data-test="referral-reason-input"]', 'متابعة سلوكية للطفلة وأسرتها الممتدة');
    assert.equal(await page.isChecked('[data-test="sections-summary"]'), true, 'the summary is offered first');
    await page.check('[data-test="sections-persons"]');
    await page.check('[data-test="services-psychosocial"]');
    await page.click('[data-test="referral-send-submit"]');
    const sent = page.locator('[data-test="banner-success"]');
    await sent.waitFor();
    assert.equal(await sent.innerText(), format(ar, 'case_referrals.sent', { unit: U['MON-AMM'].name_ar }));
    assert.equal(await page.getAttribute('[data-test="tab-referrals"]', 'aria-selected'), 'true', 'the page is drawn again on the same tab');
    const stored = (await apiJson(page, 'GET', `/cases/${c.id}/referrals`)).body.items;
    assert.equal(stored.length, 1);
    const referral = stored[0];
    assert.deepEqual([referral.kind, referral.to_unit_id, referral.urgency, referral.status, referral.consent_basis], ['referral', U['MON-AMM'].id, 'urgent', 'pending', 'child']);
    assert.deepEqual(referral.sections, ['summary', 'persons']);
    const row = page.locator(`[data-test="case-referral"]`).first();
    assert.equal(await row.locator('[data-test="case-referral-unit"]').innerText(), U['MON-AMM'].name_ar);
    assert.equal(await row.locator('[data-test="referral-status"]').innerText(), codeLabel('referral_statuses', 'pending'));
    assert.equal(await row.locator('[data-test="case-referral-link"]').getAttribute('href'), `#/referrals/${referral.id}`);
    // the service asked for, on the case as the monitors' and "referred"
    const service = page.locator('[data-test="case-services"] [data-test="service"]').first();
    assert.equal(await service.getAttribute('data-type'), 'psychosocial');
    assert.equal(await service.locator('[data-test="service-status"]').innerText(), codeLabel('service_statuses', 'referred'));
    assert.equal(await service.locator('[data-test="service-unit"]').innerText(), U['MON-AMM'].name_ar);

    // The monitor: the new referral on his home page, from the caseworker's unit.
    const mpage = monitor.page;
    await signIn(mpage, server.base, 'monitor');
    const panel = mpage.locator('[data-test="home-referrals"]');
    await panel.locator(`[data-test="home-referral"][data-referral-id="${referral.id}"]`).waitFor();
    assert.equal(await text(mpage, '#home-referrals-title'), ar['home.referrals_title']);
    assert.equal(await text(mpage, '[data-test="home-referral-from"]'), U['SSO-AMM'].name_ar);
    assert.match(await text(mpage, '[data-test="home-referral-link"]'), new RegExp(c.reference));

    // The inbox: the row with the case, the sending unit, the urgency, the status and the waiting time.
    await mpage.click('[data-test="all-referrals"]');
    const inboxRow = mpage.locator(`[data-test="referrals-table-incoming"] [data-test="referral-row"][data-referral-id="${referral.id}"]`);
    await inboxRow.waitFor();
    assert.equal(await text(mpage, 'h1'), ar['referrals.title']);
    assert.equal(await mpage.getAttribute('[data-test="tab-incoming"]', 'aria-selected'), 'true');
    assert.equal(await inboxRow.locator('[data-test="referral-case"]').innerText(), c.reference);
    assert.equal(await inboxRow.locator('[data-test="referral-link"]').innerText(), codeLabel('referral_kinds', 'referral'));
    assert.equal(await inboxRow.locator('[data-test="referral-unit"]').innerText(), U['SSO-AMM'].name_ar);
    assert.equal(await inboxRow.locator('[data-test="referral-urgency"]').innerText(), codeLabel('referral_urgencies', 'urgent'));
    assert.equal(await inboxRow.locator('[data-test="referral-status"]').innerText(), codeLabel('referral_statuses', 'pending'));
    assert.equal(await inboxRow.locator('[data-test="waited"]').innerText(), ar['referrals.waited.under_hour']);
    assert.equal(await inboxRow.locator('[data-test="stale"]').count(), 0);
    // the outgoing box holds nothing of his unit's
    await mpage.click('[data-test="tab-outgoing"]');
    await mpage.locator('[data-test="referrals-table-outgoing"] .empty-row').waitFor();
    await mpage.click('[data-test="tab-incoming"]');

    // Fifteen days without a change: flagged stale, the waiting time in days.
    databaseSql(server.db, `UPDATE referrals SET status_changed_at = status_changed_at - 15 * 86400 WHERE id = ${referral.id}`);
    await mpage.check('[data-test="filter-waiting"]');
    await mpage.locator(`[data-test="referrals-table-incoming"] [data-test="referral-row"][data-referral-id="${referral.id}"] [data-test="stale"]`).waitFor();
    assert.equal(await inboxRow.locator('[data-test="stale"]').innerText(), ar['referrals.stale']);
    assert.equal(await inboxRow.locator('[data-test="waited"]').innerText(), format(ar, 'referrals.waited.day.many', { n: arabicDigits(15) }));

    // The referral: everything it says, and the receiving side's buttons only.
    await inboxRow.locator('[data-test="referral-link"]').click();
    await mpage.locator('[data-test="referral-details"]').waitFor();
    assert.match(await text(mpage, '[data-test="referral-title"]'), new RegExp(c.reference));
    assert.equal(await text(mpage, '[data-test="referral-reason"]'), 'متابعة سلوكية للطفلة وأسرتها الممتدة');
    assert.equal(await text(mpage, '[data-test="referral-from"]'), U['SSO-AMM'].name_ar);
    assert.equal(await text(mpage, '[data-test="referral-to"]'), U['MON-AMM'].name_ar);
    assert.deepEqual(await mpage.locator('[data-test="referral-sections"] li').allInnerTexts(), [codeLabel('case_sections', 'summary'), codeLabel('case_sections', 'persons')]);
    assert.equal(await text(mpage, '[data-test="referral-basis"]'), ar['referrals.basis.child']);
    // the receiving unit is told which unit sent it, never who
    const sentBy = await text(mpage, '[data-test="referral-sent"]');
    assert.ok(sentBy.includes(U['SSO-AMM'].name_ar), sentBy);
    assert.doesNotMatch(sentBy, /ريم عبد الله الحسن/);
    assert.equal(await mpage.locator('[data-test="referral-decided"]').count(), 0);
    assert.equal(await mpage.locator('.case-meta [data-test="stale"]').count(), 1);
    const asked = mpage.locator('[data-test="referral-service-list"] [data-test="service"]');
    assert.equal(await asked.count(), 1);
    assert.equal(await asked.locator('[data-test="service-type"]').innerText(), codeLabel('service_types', 'psychosocial'));
    assert.equal(await asked.locator('[data-test="service-status"]').innerText(), codeLabel('service_statuses', 'referred'));
    assert.equal(await mpage.locator('[data-test="referral-accept"]').count(), 1);
    assert.equal(await mpage.locator('[data-test="referral-reject"]').count(), 1);
    assert.equal(await mpage.locator('[data-test="referral-revoke"]').count(), 0, 'the receiver may revoke');
    assert.equal(await mpage.locator('[data-test="referral-complete"]').count(), 0, 'a pending referral can be completed');
    const referralUrl = mpage.url();

    // The shared case: the banner, the summary and the persons; no notes, tasks, history, edit or actions.
    await mpage.click('[data-test="open-case"]');
    await mpage.locator('[data-test="referred-banner"]').waitFor();
    assert.equal(await text(mpage, '.referred-banner-title'), ar['cases.referred_banner']);
    assert.equal(await mpage.locator('[data-test="referred-referral"]').getAttribute('href'), `#/referrals/${referral.id}`);
    assert.equal(await text(mpage, '[data-test="shared-sections"]'), [codeLabel('case_sections', 'summary'), codeLabel('case_sections', 'persons')].join(ar['common.list_separator']));
    assert.equal(await text(mpage, '[data-test="case-reference"]'), c.reference);
    assert.equal(await text(mpage, '[data-test="summary"]'), 'طفلة بلا معيل تبيع المناديل عند الإشارات');
    const tabs = await mpage.locator('[role="tab"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-test')));
    assert.deepEqual(tabs, ['tab-summary', 'tab-persons']);
    for (const absent of ['edit-case', 'case-actions', 'advance', 'assignments', 'risk', 'summary-tasks']) {
      assert.equal(await mpage.locator(`[data-test="${absent}"]`).count(), 0, `${absent} shown on a shared case`);
    }
    await mpage.click('[data-test="tab-persons"]');
    const shownPerson = mpage.locator(`[data-test="panel-persons"] [data-test="case-person"][data-person-id="${person.id}"]`);
    await shownPerson.waitFor();
    assert.equal(await shownPerson.locator('[data-test="case-person-role"]').innerText(), codeLabel('case_person_roles', 'juvenile'));
    assert.equal(await mpage.locator('[data-test="case-person-remove"]').count(), 0);
    assert.equal(await mpage.locator('[data-test="case-person-adder"]').count(), 0);
    assert.equal(await mpage.locator('text=ملاحظة داخلية لا تُشارَك').count(), 0, 'an unshared note reached the page');

    // He accepts it: the page says so, and offers to complete it instead.
    await mpage.goto(referralUrl);
    await mpage.click('[data-test="referral-accept"]');
    await mpage.locator('[data-test="banner-success"]').waitFor();
    assert.equal(await text(mpage, '[data-test="banner-success"]'), ar['referrals.accepted']);
    assert.equal(await mpage.getAttribute('.case-meta [data-test="referral-status"]', 'data-status'), 'accepted');
    assert.equal(await mpage.locator('[data-test="referral-accept"]').count(), 0);
    assert.equal(await mpage.locator('[data-test="referral-complete"]').count(), 1);
    assert.match(await text(mpage, '[data-test="referral-decided"]'), /سامي خالد العمري/);
    assert.equal(await mpage.locator('[data-test="stale"]').count(), 0, 'a referral that just changed is stale');

    // The caseworker sees it accepted, on the case and in her unit's outgoing box.
    await page.reload();
    await page.click('[data-test="tab-referrals"]');
    await page.locator('[data-test="case-referral"]').first().waitFor();
    assert.equal(await page.getAttribute('[data-test="case-referral"] [data-test="referral-status"]', 'data-status'), 'accepted');
    assert.equal(await text(page, '[data-test="case-referral"] [data-test="referral-status"]'), codeLabel('referral_statuses', 'accepted'));
    await page.goto(`${server.base}/#/referrals`);
    await page.click('[data-test="tab-outgoing"]');
    const outRow = page.locator(`[data-test="referrals-table-outgoing"] [data-test="referral-row"][data-referral-id="${referral.id}"]`);
    await outRow.waitFor();
    assert.equal(await outRow.locator('[data-test="referral-unit"]').innerText(), U['MON-AMM'].name_ar);
    assert.equal(await outRow.locator('[data-test="referral-status"]').getAttribute('data-status'), 'accepted');
    // the sender's referral page offers to revoke it, not to accept it
    await outRow.locator('[data-test="referral-link"]').click();
    await page.locator('[data-test="referral-details"]').waitFor();
    assert.equal(await page.locator('[data-test="referral-revoke"]').count(), 1);
    assert.equal(await page.locator('[data-test="referral-accept"]').count(), 0);
    assert.equal(await page.locator('[data-test="referral-complete"]').count(), 0);

    assert.deepEqual(worker.problems, []);
    assert.deepEqual(monitor.problems, []);
  } finally {
    await worker.context.close();
    await monitor.context.close();
  }
});

test('an adult survivor\'s case is not referred without her consent: the message in the form, the consent recorded there, then sent', async () => {
  const worker = await openPage();
  try {
    const page = worker.page;
    await signIn(page, server.base, 'caseworker');
    await loadReference(page);
    const { c, person } = await registerCase(page, 'family_violence',
      { first_name: 'منى', sex: 'female', birth_date: '1990-04-02' },
      { summary: 'عنف من الزوج؛ تطلب الناجية مأوى آمنًا' });

    await openReferralsTab(page, c.id);
    await page.locator('[data-test="consents-section"] [data-test="consents-empty"]').waitFor();
    await page.selectOption('[data-test="referral-to-unit"]', String(U['FJPD-AMM'].id));
    await page.selectOption('[data-test="referral-urgency-select"]', 'emergency');
    await page.fill('[data-test="referral-reason-input"]', 'حماية شرطية عاجلة للناجية');
    await page.check('[data-test="services-police_protection"]');
    await page.click('[data-test="referral-send-submit"]');

    // Refused: the server's own message, prominent in the form, with the way to record her consent; nothing sent.
    const box = page.locator('[data-test="consent-required"]');
    await box.waitFor();
    const refusal = await apiJson(page, 'POST', `/cases/${c.id}/referrals`, { kind: 'referral', to_unit_id: U['FJPD-AMM'].id, reason: 'x', urgency: 'routine', sections: ['summary'] });
    assert.equal(refusal.status, 400);
    assert.equal(refusal.body.error.code, 'referral.consent_required');
    assert.equal(await text(page, '[data-test="consent-required-message"]'), refusal.body.error.fields.consent.message);
    assert.equal(await text(page, '.consent-required-title'), ar['case_referrals.consent_required_title']);
    assert.match(await box.innerText(), /منى خالد العمري/, 'the victim without consent is named');
    assert.equal((await apiJson(page, 'GET', `/cases/${c.id}/referrals`)).body.items.length, 0, 'a refused referral was stored');
    assert.equal(await page.locator('[data-test="banner-success"]').count(), 0);

    // Her consent, recorded in the box: the person offered first is the victim.
    await page.click('[data-test="consent-required-record"]');
    await page.locator('[data-test="consent-inline"]').waitFor();
    assert.equal(await page.inputValue('[data-test="consent-inline-person"]'), String(person.id));
    await page.selectOption('[data-test="consent-inline-method"]', 'verbal');
    await page.fill('[data-test="consent-inline-scope"]', 'إحالة إلى حماية الأسرة لتوفير الحماية');
    await page.click('[data-test="consent-inline-submit"]');
    await page.locator('[data-test="consent-required-done"]').waitFor();
    assert.match(await text(page, '[data-test="consent-required-done"]'), /منى خالد العمري/);
    // the consents list shows it in force, and the form kept what was typed
    const consent = page.locator(`[data-test="consents"] [data-test="consent"][data-person-id="${person.id}"]`);
    await consent.waitFor();
    assert.equal(await consent.getAttribute('data-withdrawn'), 'false');
    assert.equal(await consent.locator('[data-test="consent-state"]').innerText(), ar['consents.in_force']);
    const consents = (await apiJson(page, 'GET', `/cases/${c.id}/consents`)).body.items;
    assert.deepEqual(consents.map((k) => [k.person_id, k.method, k.withdrawn]), [[person.id, 'verbal', false]]);
    assert.equal(await page.inputValue('[data-test="referral-reason-input"]'), 'حماية شرطية عاجلة للناجية');
    assert.equal(await page.inputValue('[data-test="referral-to-unit"]'), String(U['FJPD-AMM'].id));
    assert.equal(await page.isChecked('[data-test="services-police_protection"]'), true);

    // Sent again: on her consent.
    await page.click('[data-test="referral-send-submit"]');
    await page.locator('[data-test="banner-success"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), format(ar, 'case_referrals.sent', { unit: U['FJPD-AMM'].name_ar }));
    const stored = (await apiJson(page, 'GET', `/cases/${c.id}/referrals`)).body.items;
    assert.equal(stored.length, 1);
    assert.equal(stored[0].consent_basis, 'consent');
    assert.equal(stored[0].urgency, 'emergency');
    await page.locator('[data-test="case-referral"]').first().waitFor();
    assert.equal(await page.getAttribute('[data-test="case-referral"] [data-test="referral-urgency"]', 'data-urgency'), 'emergency');
    // The case's own plan: a service of an outside provider, then recorded as given through its dialog.
    await page.selectOption('[data-test="service-type-select"]', 'legal_aid');
    assert.equal(await page.inputValue('[data-test="service-who"]'), 'provider');
    await page.click('[data-test="service-add-submit"]');
    await page.locator('[data-test="service-provider-input"][aria-invalid="true"]').waitFor();
    await page.fill('[data-test="service-provider-input"]', 'جمعية مساعدة قانونية');
    await page.click('[data-test="service-add-submit"]');
    const legal = page.locator('[data-test="case-services"] [data-test="service"][data-type="legal_aid"]');
    await legal.waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), format(ar, 'services.added', { type: codeLabel('service_types', 'legal_aid') }));
    assert.equal(await legal.locator('[data-test="service-provider"]').innerText(), 'جمعية مساعدة قانونية');
    assert.equal(await legal.getAttribute('data-status'), 'planned');
    await legal.locator('[data-test="service-change-open"]').click();
    await page.locator('[data-test="service-change-dialog"]').waitFor();
    await page.selectOption('[data-test="service-change-status"]', 'provided');
    await page.fill('[data-test="service-change-notes"]', 'عُيّن محامٍ للناجية');
    await page.click('[data-test="service-change-submit"]');
    await page.locator('[data-test="case-services"] [data-test="service"][data-type="legal_aid"][data-status="provided"]').waitFor();
    assert.equal(await text(page, '[data-test="case-services"] [data-type="legal_aid"] [data-test="service-notes"]'), 'عُيّن محامٍ للناجية');
    const services = (await apiJson(page, 'GET', `/cases/${c.id}/services`)).body.items;
    assert.deepEqual(services.map((x) => [x.type, x.status]).sort(), [['legal_aid', 'provided'], ['police_protection', 'referred']]);

    // the history says what happened, in words
    await page.click('[data-test="tab-history"]');
    const actions = await page.locator('[data-test="history-action"]').allInnerTexts();
    assert.ok(actions.includes(ar['history.case.referral.send']), `history: ${actions}`);
    assert.ok(actions.includes(ar['history.case.consent.add']), `history: ${actions}`);

    assert.deepEqual(worker.problems, []);
  } finally {
    await worker.context.close();
  }
});

test('the police officer rejects a referral with a reason, the caseworker reads it; the pages fit a phone; English labels', async () => {
  const worker = await openPage();
  const officer = await openPage({ width: 390, height: 844 });
  try {
    const page = worker.page;
    await signIn(page, server.base, 'caseworker');
    await loadReference(page);
    const { c } = await registerCase(page, 'juvenile_protection',
      { first_name: 'يزن', sex: 'male', birth_date: '2013-03-03' },
      { summary: 'طفل تعرّض لإهمال شديد', protection_grounds: ['no_carer'] });
    const sent = await apiJson(page, 'POST', `/cases/${c.id}/referrals`, {
      kind: 'referral', to_unit_id: U['FJPD-AMM'].id, reason: 'تحقيق في الإهمال', urgency: 'routine', sections: ['summary'],
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const referral = sent.body;

    // The caseworker has the referral open while the officer decides.
    await page.goto(`${server.base}/#/referrals/${referral.id}`);
    await page.locator('[data-test="referral-revoke"]').waitFor();

    // At phone width: the inbox and the referral are no wider than the screen.
    const opage = officer.page;
    await signIn(opage, server.base, 'officer');
    await opage.goto(`${server.base}/#/referrals`);
    await opage.locator(`[data-test="referral-row"][data-referral-id="${referral.id}"]`).waitFor();
    assert.ok(await fitsWidth(opage), 'the inbox is wider than a phone');
    await opage.locator(`[data-test="referral-row"][data-referral-id="${referral.id}"] [data-test="referral-link"]`).click();
    await opage.locator('[data-test="referral-details"]').waitFor();
    assert.ok(await fitsWidth(opage), 'the referral page is wider than a phone');

    // Rejecting needs a reason: an empty one is refused beside the field, the referral still pending.
    await opage.click('[data-test="referral-reject"]');
    const dialog = opage.locator('[data-test="referral-reject-dialog"]');
    await dialog.waitFor();
    await dialog.locator('[data-test="referral-reject-form-submit"]').click();
    await dialog.locator('[data-test="referral-reject-reason"][aria-invalid="true"]').waitFor();
    assert.equal((await apiJson(opage, 'GET', `/referrals/${referral.id}`)).body.status, 'pending');
    await dialog.locator('[data-test="referral-reject-reason"]').fill('الحالة خارج اختصاص القسم؛ تُحال إلى الشرطة المجتمعية');
    await dialog.locator('[data-test="referral-reject-form-submit"]').click();
    await opage.locator('[data-test="banner-success"]').waitFor();
    assert.equal(await text(opage, '[data-test="banner-success"]'), ar['referrals.rejected']);
    assert.equal(await opage.getAttribute('.case-meta [data-test="referral-status"]', 'data-status'), 'rejected');
    assert.equal(await opage.locator('[data-test="open-case"]').count(), 0, 'a rejected referral still opens the case to the receiver');
    assert.equal(await opage.locator('[data-test="referral-actions"]').count(), 0);
    assert.equal((await apiJson(opage, 'GET', `/cases/${c.id}`)).status, 404, 'the officer still sees the case');

    // The caseworker, on her page drawn before the rejection, revokes: refused (409), the page drawn again with the
    // server's message, the rejection and its reason.
    await page.click('[data-test="referral-revoke"]');
    await page.locator('[data-test="referral-revoke-dialog"]').waitFor();
    await page.click('[data-test="referral-revoke-form-submit"]');
    const refusal = page.locator('[data-test="banner-error"]');
    await refusal.waitFor();
    const direct = await apiJson(page, 'POST', `/referrals/${referral.id}/transitions`, { action: 'revoke', version: referral.version });
    assert.equal(direct.status, 409);
    assert.equal(await refusal.innerText(), direct.body.error.message);
    assert.equal(await page.getAttribute('.case-meta [data-test="referral-status"]', 'data-status'), 'rejected');
    assert.equal(await text(page, '[data-test="referral-status-reason"]'), 'الحالة خارج اختصاص القسم؛ تُحال إلى الشرطة المجتمعية');
    assert.equal(await text(page, '.details-row:has([data-test="referral-status-reason"]) dt'), ar['referrals.reject_reason']);
    assert.match(await text(page, '[data-test="referral-decided"]'), /محمود يوسف الزعبي/);
    assert.equal(await page.locator('[data-test="referral-revoke"]').count(), 0, 'a rejected referral can be revoked');

    // The case's tab at phone width fits, and English labels.
    await opage.close();
    const phone = await openPage({ width: 390, height: 844 });
    try {
      await signIn(phone.page, server.base, 'caseworker');
      await phone.page.goto(`${server.base}/#/cases/${c.id}`);
      await phone.page.click('[data-test="tab-referrals"]');
      await phone.page.locator('[data-test="case-referral"]').waitFor();
      assert.ok(await fitsWidth(phone.page), 'the case\'s referrals tab is wider than a phone');
      await phone.page.click('#lang-switch');
      await phone.page.waitForFunction(() => document.documentElement.lang === 'en');
      await phone.page.locator('[data-test="case-referral"]').waitFor();
      assert.equal(await text(phone.page, '[data-test="tab-referrals"]'), en['cases.tab.referrals']);
      assert.equal(await text(phone.page, '[data-test="case-referral"] [data-test="referral-status"]'), codeLabel('referral_statuses', 'rejected', 'en'));
      assert.equal(await text(phone.page, '#referral-new-title'), en['case_referrals.new']);
      assert.ok(await fitsWidth(phone.page), 'the English tab is wider than a phone');
      assert.deepEqual(phone.problems, []);
    } finally {
      await phone.context.close();
    }
    assert.deepEqual(worker.problems, []);
    assert.deepEqual(officer.problems, []);
  } finally {
    await worker.context.close();
    await officer.context.close();
  }
});
