'use strict';
// Homes and placements, in real Chromium and in Arabic: the demo behaviour monitor records a court measure (placement
// in a rehabilitation home for six months) on a juvenile's case from the case's "Measures and placements" tab, and
// sees it in force with its end and the monitor's reports every three months; a detention order is recorded on a
// second juvenile's case. The demo staff of the Amman education home sign in and land on their home's register
// (سجل الدار); admitting the sentenced juvenile there is refused with the server's Arabic message naming the rule
// (the home holds no sentenced juveniles) and nothing stored; the detained juvenile is admitted on the number of his
// order into a wing, and the register lists him by room, detained, due for discharge, with the counts; a movement to
// court shows on his row. The register printed (print media): the table of residents is there, the navigation, the
// header, the admission form and the buttons are not. The manager reads every home's occupancy and opens the register
// from it; the committee reads the occupancy with no link to a register. Screenshots go to $TAKAMUL_SCREENSHOTS when
// it is set: register-ar.png, register-en.png, register-print-ar.png, case-measures-ar.png, occupancy-ar.png.
// Every name here is synthetic. Run: node --test tests/browser/homes.test.js

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

let server;
let browser;
// the two juveniles' cases, shared by the tests in their order
const made = {};

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'takamul serve did not exit cleanly on SIGTERM');
});

async function shot(page, name, options = {}) {
  if (process.env.TAKAMUL_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.TAKAMUL_SCREENSHOTS, name), ...options });
}

const ammanDate = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const yearsAgo = (years) => ammanDate(-Math.round(years * 365.25));

async function juvenileCase(page, first, father) {
  const person = await apiJson(page, 'POST', '/persons', { first_name: first, father_name: father, grandfather_name: 'سليمان', family_name: 'العدوان', sex: 'male', birth_date: yearsAgo(15.5) });
  assert.equal(person.status, 201, JSON.stringify(person.body));
  const c = await apiJson(page, 'POST', '/cases', {
    kind: 'juvenile_conflict', summary: 'مشاجرة أمام المدرسة', legal_class: 'misdemeanour', assign_me: true,
    persons: [{ person_id: person.body.id, role: 'juvenile' }],
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return { c: c.body, person: person.body, name: `${first} ${father} سليمان العدوان` };
}

test('a behaviour monitor records a court measure on a juvenile\'s case from the case page', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'monitor');
    made.sentenced = await juvenileCase(page, 'معاذ', 'فراس');
    made.detained = await juvenileCase(page, 'قصي', 'نادر');
    const c = made.sentenced.c;

    await page.goto(`${server.base}/#/cases/${c.id}`);
    assert.equal(await text(page, '[data-test="tab-measures"]'), ar['homes.tab']);
    await page.click('[data-test="tab-measures"]');
    await page.locator('[data-test="measures-none"]').waitFor();
    await page.locator('[data-test="placements-none"]').waitFor();
    await page.click('[data-test="measure-new"] summary');
    await page.selectOption('[data-test="measure-kind"]', 'rehabilitation_home');
    await page.fill('[data-test="measure-court"]', 'محكمة أحداث عمان');
    await page.fill('[data-test="measure-number"]', '77/2026');
    // an end and a duration both: refused beside the end, nothing sent
    await page.fill('[data-test="measure-ends"]', ammanDate(60).split('-').reverse().join('/'));
    await page.fill('[data-test="measure-months"]', '٦');
    await page.click('[data-test="measure-form-submit"]');
    await page.locator('.field-invalid [data-test="measure-ends"]').waitFor();
    assert.equal((await apiJson(page, 'GET', `/cases/${c.id}/measures`)).body.items.length, 0);
    await page.fill('[data-test="measure-ends"]', '');
    await page.click('[data-test="measure-form-submit"]');
    const measure = page.locator('[data-test="measure"]');
    await measure.waitFor();
    assert.equal(await text(measure, '[data-test="measure-status"]'), ar['homes.in_force']);
    assert.ok((await text(measure, '.record-head')).includes('إيداع في دار تأهيل الأحداث'));
    const saved = (await apiJson(page, 'GET', `/cases/${c.id}/measures`)).body.items;
    assert.equal(saved.length, 1);
    assert.equal(saved[0].kind, 'rehabilitation_home');
    assert.equal(saved[0].order_number, '77/2026');
    assert.equal(saved[0].duration_months, 6);
    assert.equal(saved[0].report_months, 3);
    assert.ok((await text(measure, '[data-test="measure-period"]')).includes('٣'), 'the reports every three months');
    await shot(page, 'case-measures-ar.png', { fullPage: true });

    // the other juvenile's detention order, recorded through the API
    const order = await apiJson(page, 'POST', `/cases/${made.detained.c.id}/detention-orders`, {
      authority: 'prosecutor', order_number: 'ت/515', order_date: ammanDate(-1), starts_on: ammanDate(-1), ends_on: ammanDate(8),
    });
    assert.equal(order.status, 201, JSON.stringify(order.body));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the home\'s staff admit a juvenile from the register; a refused admission names the rule in Arabic; the register prints', async () => {
  assert.ok(made.detained, 'the cases of the first test');
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    // signed in through the form: the home's staff are taken to the register, not the home page
    await page.goto(`${server.base}/`);
    await page.locator('#username').waitFor();
    await page.fill('#username', 'homestaff');
    await page.fill('#password', 'takamul-demo-homestaff');
    await page.click('#login-submit');
    await page.locator('[data-test="register-table"]').waitFor();
    const me = (await apiJson(page, 'GET', '/me')).body.user;
    // landing on their home's register, the navigation's homes entry marked
    await page.waitForFunction((id) => window.location.hash === `#/homes/${id}`, me.unit_id);
    await page.locator('[data-test="register-table"]').waitFor();
    assert.equal(await page.locator('[data-test="nav-homes"]').getAttribute('aria-current'), 'page');
    assert.equal(await text(page, '[data-test="nav-homes"]'), ar['nav.placements']);
    assert.equal(await page.locator('[data-test="nav-section-placements"]').count(), 0);
    assert.equal(await text(page, '[data-test="register-title"]'), 'دار تربية الأحداث - عمان');
    assert.equal(await page.locator('[data-test="register-table"] tbody tr.empty-row').count(), 1);

    // the sentenced juvenile: this home holds detained juveniles only
    const admit = async (c, order) => {
      await page.fill('[data-test="admit-case"]', c.reference);
      await page.fill('[data-test="admit-order"]', order);
      await page.selectOption('[data-test="admit-room"]', { label: 'الجناح أ' });
      await page.click('[data-test="admit-form-submit"]');
    };
    await admit(made.sentenced.c, '77/2026');
    const refusal = page.locator('[data-test="admit-form"] .banner-error, [data-test="admit-form"] .field-error:not([hidden])').first();
    await refusal.waitFor();
    const shown = await refusal.innerText();
    assert.ok(shown.includes('لا تستقبل هذه الدار هذا الوضع القانوني'), shown);
    assert.equal((await apiJson(page, 'GET', `/homes/${me.unit_id}/register`)).body.count, 0);
    // the form keeps what was typed
    assert.equal(await page.inputValue('[data-test="admit-order"]'), '77/2026');

    // the detained juvenile, on his order's number
    await admit(made.detained.c, 'ت/515');
    const row = page.locator('[data-test="register-table"] tbody tr[data-placement]');
    await row.waitFor();
    assert.ok((await text(page, '.banner')).includes(made.detained.name));
    assert.equal(await row.count(), 1);
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[0], 'الجناح أ');
    assert.ok(cells[1].includes(made.detained.name));
    assert.ok(cells[1].includes(made.detained.c.reference));
    assert.equal(cells[2], ar['homes.status.detained']);
    assert.equal(cells[4], ar['homes.state.present']);
    // the room, the presence and the age band each on one line: "الجناح أ", "في الدار" and "١٥–١٨" not cut in two
    const lines = await row.evaluate((tr, band) => {
      const linesOf = (node, start, end) => {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, end);
        return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      };
      const whole = (cell) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        const tops = new Set();
        while (walker.nextNode()) if (walker.currentNode.textContent.trim()) tops.add(linesOf(walker.currentNode, 0, walker.currentNode.length) === 1 ? 'one' : 'more');
        return tops.has('more') ? 2 : 1;
      };
      const bandNode = [...tr.cells[3].childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.includes(band));
      const at = bandNode.textContent.indexOf(band);
      return [whole(tr.cells[0]), whole(tr.cells[4]), linesOf(bandNode, at, at + band.length)];
    }, ar['homes.band.15_18']);
    assert.deepEqual(lines, [1, 1, 1], `lines of the room, the presence and the age band: ${lines}`);
    assert.ok(cells[5].includes('توقيف'));
    assert.ok(cells[6].includes(ar['homes.flag_due']));
    assert.ok((await text(page, '[data-test="register-due"]')).includes(made.detained.name));
    assert.ok((await text(page, '[data-test="register-summary"]')).includes('١ من ٤٠'));
    const placement = (await apiJson(page, 'GET', `/cases/${made.detained.c.id}/placements`)).body.items[0];
    assert.equal(placement.legal_status, 'detained');
    assert.equal(placement.home_id, me.unit_id);

    // a movement: to court
    await row.locator('[data-test="resident-move"]').click();
    await page.selectOption('[data-test="move-kind"]', 'court');
    await page.fill('[data-test="move-reason"]', 'جلسة لدى محكمة صلح الأحداث');
    await page.click('[data-test="move-form-submit"]');
    await page.locator('[data-test="register-table"] [data-state="court"]').waitFor();
    await shot(page, 'register-ar.png', { fullPage: true });

    // the server's PDF of the register, from its link
    const pdf = await page.evaluate(async (href) => {
      const res = await fetch(href);
      return { status: res.status, type: res.headers.get('content-type'), head: new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5)) };
    }, await page.getAttribute('[data-test="register-pdf"]', 'href'));
    assert.deepEqual(pdf, { status: 200, type: 'application/pdf', head: '%PDF-' });

    // printed: the register's table, no navigation, header, form or buttons
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('[data-test="register-table"]').isVisible(), true);
    assert.equal(await page.locator('[data-test="register-title"]').isVisible(), true);
    for (const hidden of ['#nav', '.app-header', '[data-test="admit-card"]', '[data-test="register-print"]', '[data-test="resident-move"]']) {
      assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} printed`);
    }
    assert.equal(await page.locator('[data-test="register-pdf"]').isVisible(), false);
    await shot(page, 'register-print-ar.png', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // in English
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('[data-test="register-table"] tbody tr[data-placement]').waitFor();
    assert.equal(await text(page, '#tonight-title'), en['homes.tonight_title']);
    assert.equal(await text(page, '[data-test="register-title"]'), 'Juvenile Education Home - Amman');
    await shot(page, 'register-en.png', { fullPage: true });
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'ar');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the manager reads every home\'s occupancy and opens a register; the committee sees counts only', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'manager');
    await page.click('[data-test="nav-homes"]');
    const table = page.locator('[data-test="homes-table"]');
    await table.waitFor();
    assert.equal(await text(page, 'h1'), ar['homes.occupancy_title']);
    assert.ok(await table.locator('tbody tr').count() >= 9);
    assert.ok(!(await table.innerText()).includes(made.detained ? made.detained.name : '—'), 'no names in the occupancy');
    await shot(page, 'occupancy-ar.png', { fullPage: true });
    await table.locator('[data-test="home-link"]', { hasText: 'دار تربية الأحداث - عمان' }).click();
    await page.locator('[data-test="register-table"]').waitFor();
    if (made.detained) assert.ok((await text(page, '[data-test="register-table"] tbody')).includes(made.detained.name));
    assert.equal(await page.locator('[data-test="admit-card"]').count(), 0);
    await context.clearCookies();

    await signIn(page, server.base, 'committee');
    await page.click('[data-test="nav-homes"]');
    await page.locator('[data-test="homes-table"]').waitFor();
    assert.equal(await page.locator('[data-test="home-link"]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('from the case page: a woman sheltered on her consent, a transfer lists the other homes, a measure ended early', async () => {
  assert.ok(made.sentenced && made.detained, 'the cases of the first tests');
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    // the family-protection worker: the woman's case, her consent, then the shelter from the "Measures and placements" tab
    await signIn(page, server.base, 'caseworker');
    const woman = await apiJson(page, 'POST', '/persons', { first_name: 'رهف', father_name: 'سامي', grandfather_name: 'عودة', family_name: 'الحباشنة', sex: 'female', birth_date: yearsAgo(29) });
    assert.equal(woman.status, 201, JSON.stringify(woman.body));
    const c = (await apiJson(page, 'POST', '/cases', { kind: 'family_violence', summary: 'تهديد متكرر من الزوج', assign_me: true, persons: [{ person_id: woman.body.id, role: 'victim' }] })).body;
    await page.goto(`${server.base}/#/cases/${c.id}`);
    await page.click('[data-test="tab-measures"]');
    await page.click('[data-test="case-admit"] summary');
    // no consent yet: the form says where to record it, and the server refuses without it
    assert.ok((await text(page, '[data-test="case-admit-form"]')).includes(ar['homes.admit_no_consent']));
    const consent = await apiJson(page, 'POST', `/cases/${c.id}/consents`, { person_id: woman.body.id, method: 'written', given_on: ammanDate(0), scope: 'الإيواء في دار الوفاق الأسري' });
    assert.equal(consent.status, 201, JSON.stringify(consent.body));
    await page.reload();
    await page.click('[data-test="tab-measures"]');
    await page.click('[data-test="case-admit"] summary');
    const optionTexts = (selector) => page.locator(`${selector} option`).evaluateAll((options) => options.map((o) => o.textContent));
    const homes = await optionTexts('[data-test="case-admit-home"]');
    assert.ok(homes.some((name) => name.includes('الوفاق')), homes.join(' | '));
    assert.ok(!homes.some((name) => name.includes('تربية الأحداث')), 'a juvenile home is not offered for a woman');
    await page.selectOption('[data-test="case-admit-home"]', { label: 'دار الوفاق الأسري - عمان' });
    // her one consent is chosen; no override for a caseworker
    assert.equal(await page.inputValue('[data-test="case-admit-authority"]'), String(consent.body.id));
    assert.equal(await page.locator('[data-test="case-admit-override"]').count(), 0);
    await shot(page, 'case-shelter-ar.png', { fullPage: true });
    await page.click('[data-test="case-admit-form-submit"]');
    const placement = page.locator('[data-test="case-placement"]');
    await placement.waitFor();
    assert.ok((await text(placement, '.record-head')).includes('دار الوفاق الأسري'));
    assert.equal(await placement.locator('[data-state="present"]').count(), 1);
    assert.equal(await page.locator('[data-test="case-admit"]').count(), 0, 'no second admission while she stays');
    const stored = (await apiJson(page, 'GET', `/cases/${c.id}/placements`)).body.items;
    assert.equal(stored.length, 1);
    assert.equal(stored[0].legal_status, 'voluntary');
    assert.equal(stored[0].consent_id, consent.body.id);
    // she leaves of her own will: a discharge from the case page
    await placement.locator('[data-test="case-placement-move"]').click();
    await page.selectOption('[data-test="move-kind"]', 'discharge');
    await page.fill('[data-test="move-reason"]', 'غادرت إلى بيت أهلها بإرادتها');
    await page.selectOption('[data-test="move-discharge-reason"]', 'consent_withdrawn');
    await page.click('[data-test="move-form-submit"]');
    await page.locator('[data-test="case-placement"] [data-state="discharged"]').waitFor();
    await context.clearCookies();

    // the home's staff: a transfer lists the other homes, with the rooms of the one chosen
    await page.goto(`${server.base}/`);
    await page.locator('#username').waitFor();
    await page.fill('#username', 'homestaff');
    await page.fill('#password', 'takamul-demo-homestaff');
    await page.click('#login-submit');
    await page.locator('[data-test="register-table"] tbody tr[data-placement]').first().waitFor();
    await page.locator('[data-test="resident-move"]').first().click();
    await page.selectOption('[data-test="move-kind"]', 'transfer');
    const targets = await optionTexts('[data-test="move-to-home"]');
    assert.ok(targets.length > 3, targets.join(' | '));
    assert.ok(!targets.includes('دار تربية الأحداث - عمان'), 'not to the home itself');
    await page.click('[data-test="move-dialog"] button:has-text("' + ar['common.cancel'] + '")');
    await context.clearCookies();

    // the monitor ends the six months' measure early: the court released the juvenile
    await signIn(page, server.base, 'monitor');
    await page.goto(`${server.base}/#/cases/${made.sentenced.c.id}`);
    await page.click('[data-test="tab-measures"]');
    await page.click('[data-test="measure-end"] summary');
    await page.click('[data-test="measure-end-form-submit"]');
    await page.locator('.field-invalid [data-test="measure-end-reason-field"]').waitFor();
    await page.fill('[data-test="measure-end-reason-field"]', 'قررت المحكمة إخلاء سبيله وتسليمه لوالده');
    await page.click('[data-test="measure-end-form-submit"]');
    await page.locator('[data-test="measure-end-reason"]').waitFor();
    assert.equal(await text(page, '[data-test="measure-status"]'), ar['homes.ended']);
    const ended = (await apiJson(page, 'GET', `/cases/${made.sentenced.c.id}/measures`)).body.items[0];
    assert.equal(ended.released_on, ammanDate(0));
    assert.equal(ended.release_reason, 'قررت المحكمة إخلاء سبيله وتسليمه لوالده');
    assert.equal(await page.locator('[data-test="measure-end"]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an administrator makes a unit a home and changes its rooms and places from the unit\'s page', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'admin');
    const unit = await apiJson(page, 'POST', '/units', { code: 'SHELTER-TEST-BR', name_ar: 'دار آمنة - اختبار', name_en: 'Amina House - test', type: 'shelter', agency: 'mosd', governorate: 'zarqa' });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    await page.goto(`${server.base}/#/admin/units/${unit.body.id}`);
    const card = page.locator('[data-test="home-data"]');
    await card.locator('[data-test="home-data-form"]').waitFor();
    assert.ok((await card.innerText()).includes(ar['homes.data_none']));
    await page.selectOption('[data-test="home-type"]', 'amna_home');
    // nothing ticked: refused beside the statuses, nothing stored
    await page.click('[data-test="home-data-form-submit"]');
    await card.locator('.field-invalid').first().waitFor();
    assert.equal((await apiJson(page, 'GET', `/homes/${unit.body.id}`)).status, 404);
    await page.check('[data-test="statuses-voluntary"]');
    await page.click('[data-test="room-add"]');
    await page.locator('[data-test="room-name"]').last().fill('الطابق الأول');
    await page.click('[data-test="room-add"]');
    await page.locator('[data-test="room-name"]').last().fill('الطابق الثاني');
    await page.click('[data-test="place-add"]');
    await page.locator('[data-test="place-room"]').last().selectOption({ label: 'الطابق الأول' });
    await page.locator('[data-test="place-sex"]').last().selectOption('female');
    await page.locator('[data-test="place-band"]').last().selectOption('adult');
    await page.locator('[data-test="place-count"]').last().fill('١٢');
    await page.click('[data-test="place-add"]');
    await page.locator('[data-test="place-room"]').last().selectOption({ label: 'الطابق الثاني' });
    await page.locator('[data-test="place-sex"]').last().selectOption('female');
    await page.locator('[data-test="place-band"]').last().selectOption('adult');
    await page.locator('[data-test="place-count"]').last().fill('8');
    await page.click('[data-test="home-data-form-submit"]');
    await card.locator('.banner-success').waitFor();
    let home = (await apiJson(page, 'GET', `/homes/${unit.body.id}`)).body;
    assert.equal(home.home_type, 'amna_home');
    assert.deepEqual(home.statuses, ['voluntary']);
    assert.deepEqual(home.rooms.map((r) => r.name).sort(), ['الطابق الأول', 'الطابق الثاني']);
    assert.equal(home.capacity, 20);
    await shot(page, 'home-data-ar.png', { fullPage: true });

    // the second floor goes: its places become the home's; the first is renamed
    await page.locator('[data-test="room-remove-1"]').click();
    await page.locator('[data-test="room-name"]').first().fill('الجناح الرئيسي');
    await page.locator('[data-test="room-name"]').first().dispatchEvent('change');
    await page.click('[data-test="home-data-form-submit"]');
    await card.locator('.banner-success').waitFor();
    home = (await apiJson(page, 'GET', `/homes/${unit.body.id}`)).body;
    assert.deepEqual(home.rooms.map((r) => r.name), ['الجناح الرئيسي']);
    assert.deepEqual(home.places.map((p) => [p.room_id, p.places]).sort(), [[null, 8], [home.rooms[0].id, 12]]);
    assert.equal(home.version, 2);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the monitor makes the aftercare plan of a juvenile in a home from the case page', async () => {
  assert.ok(made.detained, 'the cases of the first tests');
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'monitor');
    const c = made.detained.c;
    await page.goto(`${server.base}/#/cases/${c.id}`);
    await page.click('[data-test="tab-measures"]');
    const card = page.locator('[data-test="aftercare-card"]');
    await card.waitFor();
    assert.equal(await text(page, '[data-test="aftercare-status"]'), ar['homes.aftercare_missing']);
    await card.locator('[data-test="release-plan-edit"] summary').click();
    await page.fill('[data-test="plan-housing"]', 'يعود إلى بيت جده في السلط');
    await page.fill('[data-test="plan-work"]', 'يكمل الصف العاشر في مدرسة السلط الثانوية');
    await page.fill('[data-test="plan-family_readiness"]', 'الجد مستعد، وزار الدار مرتين');
    await page.fill('[data-test="plan-documents"]', 'شهادة الميلاد وبطاقة المدرسة');
    await page.click('[data-test="release-plan-form-submit"]');
    await page.locator('[data-test="aftercare-status"]', { hasText: ar['homes.aftercare_done'] }).waitFor();
    const tasks = (await apiJson(page, 'GET', `/cases/${c.id}/tasks`)).body.items.map((x) => x.kind);
    assert.ok(!tasks.includes('aftercare_plan'), tasks.join(' '));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
