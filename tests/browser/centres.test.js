'use strict';
// Correction centres, in real Chromium and in Arabic: the demo social worker of Marka's centre opens her centre's
// programmes from the navigation, adds a programme of two places, and on its page enrols an inmate from the centre's
// inmate cases; a second inmate fills the last place, and a third, refused when the programme is full, shows the
// server's Arabic message and is then put on the waiting list, first in its order. She records a week's attendance of
// the first inmate (a day unticked), and the row shows it; the programme's list printed (print media): the table is
// there, the navigation, the header, the enrolment form and the buttons are not. The inmate's case shows the
// programme on its "Programmes and family" tab, where she assesses the family's needs; another centre's worker is
// told the programme is not hers. The women's centre's worker records a child with an inmate mother, decides where
// the child goes and records the mother's transfer. Screenshots
// go to $TAKAMUL_SCREENSHOTS when it is set: programme-ar.png, programme-print-ar.png, programme-en.png,
// programmes-ar.png, case-centre-ar.png, case-child-ar.png; and the manager reads every centre's programmes, the first
// column headed "centre" (programmes-all-ar.png, programmes-all-en.png). Every name here is synthetic. Run: node --test tests/browser/centres.test.js

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, apiJson: apiThroughPage, interfaceStrings, format } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

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

async function shot(page, name, options = {}) {
  if (process.env.TAKAMUL_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.TAKAMUL_SCREENSHOTS, name), ...options });
}

const ammanDate = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const typed = (date) => date.split('-').reverse().join('/');

// An inmate's case of the worker's centre, registered through the API in the page's session.
async function inmateCase(page, first, father, centreId) {
  const person = await apiJson(page, 'POST', '/persons', { first_name: first, father_name: father, grandfather_name: 'مصطفى', family_name: 'الحمايدة', sex: 'male', birth_date: '1989-03-04' });
  assert.equal(person.status, 201, JSON.stringify(person.body));
  const c = await apiJson(page, 'POST', '/cases', {
    kind: 'inmate_family', summary: 'رعاية نزيل وأسرته', assign_me: true, admission_date: ammanDate(-90), expected_release: ammanDate(500), centre_unit_id: centreId,
    persons: [{ person_id: person.body.id, role: 'inmate' }],
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return { c: c.body, person: person.body, name: `${first} ${father} مصطفى الحمايدة` };
}

test('the women\'s centre records a child with the inmate mother, decides where the child goes, and records a transfer', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'womencentre');
    const me = (await apiJson(page, 'GET', '/me')).body.user;
    const mother = await apiJson(page, 'POST', '/persons', { first_name: 'نسرين', father_name: 'عادل', grandfather_name: 'مصطفى', family_name: 'الطراونة', sex: 'female', birth_date: '1994-07-08' });
    const child = await apiJson(page, 'POST', '/persons', { first_name: 'تالين', father_name: 'وسيم', grandfather_name: 'فهد', family_name: 'الرفاعي', sex: 'female', birth_date: ammanDate(-2 * 365) });
    const c = await apiJson(page, 'POST', '/cases', {
      kind: 'inmate_family', summary: 'نزيلة وطفلتها', assign_me: true, admission_date: ammanDate(-60), expected_release: ammanDate(700), centre_unit_id: me.unit_id,
      persons: [{ person_id: mother.body.id, role: 'inmate' }],
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    await page.goto(`${server.base}/#/cases/${c.body.id}`);
    await page.click('[data-test="tab-centre"]');
    await page.click('[data-test="child-new"] summary');
    await page.fill('[data-test="child-search"]', 'تالين وسيم فهد الرفاعي');
    await page.click('[data-test="child-search-button"]');
    await page.locator('[data-test="child-candidate"]').first().click();
    await page.fill('[data-test="child-entered"]', typed(ammanDate(-60)));
    await page.click('[data-test="child-add"]');
    const item = page.locator('[data-test="centre-children"] li');
    await item.waitFor();
    assert.ok((await item.innerText()).includes('تالين'));
    const task = (await apiJson(page, 'GET', `/cases/${c.body.id}/tasks`)).body.items.find((x) => x.kind === 'child_plan');
    assert.ok(task, 'the task to decide where the child goes');
    await page.selectOption('[data-test="child-next-place"]', 'family');
    await page.click('[data-test="child-next-save"]');
    await page.waitForFunction(() => {
      const next = document.querySelector('[data-test="centre-children"] [data-test="child-next"]');
      return next && !document.querySelector('[data-test="child-next-place"]');
    });
    assert.equal(await text(page, '[data-test="child-next"]'), ar['centres.next_place.family']);
    assert.equal((await apiJson(page, 'GET', `/cases/${c.body.id}/tasks`)).body.items.find((x) => x.kind === 'child_plan'), undefined);
    await shot(page, 'case-child-ar.png', { fullPage: true });
    // transferred to Marka's centre: recorded, and the family's 48-hour notice falls due
    await page.click('[data-test="release-new"] summary');
    await page.selectOption('[data-test="release-kind"]', 'transfer');
    await page.selectOption('[data-test="release-to"]', { label: 'مركز إصلاح وتأهيل ماركا' });
    await page.click('[data-test="release-form-submit"]');
    await page.locator('[data-test="centre-releases"] li').waitFor();
    assert.ok((await text(page, '[data-test="centre-releases"]')).includes('مركز إصلاح وتأهيل ماركا'));
    assert.ok((await apiJson(page, 'GET', `/cases/${c.body.id}/tasks`)).body.items.some((x) => x.kind === 'family_notice'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a centre\'s social worker enrols inmates, keeps a waiting list, records a week\'s attendance and prints the list', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'centreworker');
    const me = (await apiJson(page, 'GET', '/me')).body.user;
    const inmates = [];
    for (const [first, father] of [['يزن', 'خالد'], ['عمرو', 'سمير'], ['مالك', 'جواد']]) inmates.push(await inmateCase(page, first, father, me.unit_id));

    // the navigation's entry, and the centre's catalogue
    assert.equal(await text(page, '[data-test="nav-programmes"]'), ar['centres.nav']);
    await page.click('[data-test="nav-programmes"]');
    await page.locator('[data-test="programmes-table"]').waitFor();
    assert.ok((await text(page, '[data-test="programmes-title"]')).includes('مركز إصلاح وتأهيل ماركا'));
    await shot(page, 'programmes-ar.png', { fullPage: true });

    // a new programme of two places
    await page.fill('[data-test="programme-name"]', 'صيانة الهواتف المحمولة');
    await page.selectOption('[data-test="programme-kind"]', 'vocational');
    await page.selectOption('[data-test="programme-provider"]', 'organisation');
    await page.fill('[data-test="programme-provider-name"]', 'جمعية المهارات');
    await page.fill('[data-test="programme-places"]', '2');
    await page.fill('[data-test="programme-schedule"]', 'السبت والاثنين ١٠:٠٠–١٢:٠٠');
    await page.fill('[data-test="programme-starts"]', typed(ammanDate(-10)));
    await page.fill('[data-test="programme-ends"]', typed(ammanDate(80)));
    await page.click('[data-test="programme-form-submit"]');
    const link = page.locator('[data-test="programme-link"]', { hasText: 'صيانة الهواتف المحمولة' });
    await link.waitFor();
    await link.click();
    await page.locator('[data-test="enrol-form"]').waitFor();
    assert.equal(await text(page, '[data-test="programme-title"]'), 'صيانة الهواتف المحمولة');
    const programmeId = Number(/#\/programmes\/(\d+)/.exec(page.url())[1]);

    // enrolled from the first day of the programme, twice
    const enrol = async (x) => {
      await page.selectOption('[data-test="enrol-case"]', String(x.c.id));
      await page.fill('[data-test="enrol-on"]', typed(ammanDate(-10)));
      await page.click('[data-test="enrol-form-submit"]');
    };
    await enrol(inmates[0]);
    await page.locator(`[data-test="enrolments-table"] tbody tr[data-enrolment]`).first().waitFor();
    assert.ok((await text(page, '.banner')).includes(inmates[0].name));
    await enrol(inmates[1]);
    await page.waitForFunction(() => document.querySelectorAll('[data-test="enrolments-table"] tbody tr[data-enrolment]').length === 2);
    // the third: the programme is full, refused in Arabic with nothing stored
    await page.selectOption('[data-test="enrol-case"]', String(inmates[2].c.id));
    await page.uncheck('[data-test="enrol-waiting"]');
    await page.click('[data-test="enrol-form-submit"]');
    // the message beside the waiting list's box, which is what to change
    const refusal = page.locator('[data-test="enrol-form"] .field-error:not([hidden])', { hasText: 'البرنامج مكتمل العدد' });
    await refusal.waitFor();
    assert.ok((await refusal.innerText()).includes('أضف النزيل إلى قائمة الانتظار'));
    assert.equal((await apiJson(page, 'GET', `/programmes/${programmeId}/enrolments`)).body.items.length, 2);
    // then put on the waiting list
    await page.check('[data-test="enrol-waiting"]');
    await page.click('[data-test="enrol-form-submit"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="enrolments-table"] tbody tr[data-enrolment]').length === 3);
    const waiting = page.locator('[data-test="enrolments-table"] tbody tr', { has: page.locator('[data-status="waiting"]') });
    assert.ok((await text(waiting, '[data-test="enrolment-name"]')).includes(inmates[2].name));
    assert.equal(await text(waiting, '[data-test="enrolment-position"]'), format(ar, 'centres.position', { n: '١' }));
    assert.ok((await text(page, '[data-test="programme-summary"]')).includes(format(ar, 'centres.summary', { places: '٢', enrolled: '٢', free: '٠', waiting: '١' }).split(' · ')[2]));

    // a week's attendance of the first: every day ticked but one
    const enrolments = (await apiJson(page, 'GET', `/programmes/${programmeId}/enrolments`)).body.items;
    const first = enrolments.find((e) => e.case_id === inmates[0].c.id);
    const row = page.locator(`[data-test="enrolments-table"] tbody tr[data-enrolment="${first.id}"]`);
    await row.locator('[data-test="enrolment-attend"]').click();
    await page.locator('[data-test="attend-dialog"]').waitFor();
    const boxes = page.locator('[data-test="attend-form"] input[type="checkbox"]');
    assert.equal(await boxes.count(), 7, 'the last seven days, all within the programme');
    await page.uncheck(`[data-test="attend-${ammanDate(-3)}"]`);
    await page.click('[data-test="attend-form-submit"]');
    await page.locator('[data-test="attend-dialog"]').waitFor({ state: 'detached' });
    await page.waitForFunction((id) => {
      const cell = document.querySelector(`tr[data-enrolment="${id}"] [data-test="enrolment-attendance"]`);
      return cell && cell.textContent.includes('٦');
    }, first.id);
    assert.equal(await text(row, '[data-test="enrolment-attendance"]'), format(ar, 'centres.attendance_of', { present: '٦', sessions: '٧' }));
    const saved = (await apiJson(page, 'GET', `/enrolments/${first.id}/attendance`)).body;
    assert.equal(saved.attendance.length, 7);
    assert.equal(saved.attendance.find((a) => a.date === ammanDate(-3)).present, false);
    await shot(page, 'programme-ar.png', { fullPage: true });

    // printed: the programme's list, no navigation, header, form or buttons
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('[data-test="enrolments-table"]').isVisible(), true);
    assert.equal(await page.locator('[data-test="programme-title"]').isVisible(), true);
    for (const hidden of ['#nav', '.app-header', '[data-test="enrol-card"]', '[data-test="programme-print"]', '[data-test="enrolment-attend"]']) {
      assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} printed`);
    }
    await shot(page, 'programme-print-ar.png', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // in English, the same list
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('[data-test="enrol-form"]').waitFor();
    assert.equal(await text(page, '[data-test="programme-print"]'), en['centres.print']);
    await shot(page, 'programme-en.png', { fullPage: true });
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'ar');

    // the inmate's case shows the programme taken
    await page.goto(`${server.base}/#/cases/${inmates[0].c.id}`);
    await page.click('[data-test="tab-centre"]');
    const taken = page.locator('[data-test="case-programmes"] tbody tr');
    await taken.first().waitFor();
    assert.ok((await taken.first().innerText()).includes('صيانة الهواتف المحمولة'));
    assert.equal(await text(page, '[data-test="family-none"]'), ar['centres.family_none']);
    // the family's needs assessed from the tab: counts, housing and risks as fields
    await page.click('[data-test="family-edit"] summary');
    await page.fill('[data-test="family-dependants"]', '٤');
    await page.fill('[data-test="family-children"]', '3');
    await page.fill('[data-test="family-children_in_school"]', '2');
    await page.check('[data-test="income_sources-aid_fund"]');
    await page.selectOption('[data-test="family-housing"]', 'rented');
    await page.check('[data-test="risks-eviction"]');
    await page.click('[data-test="family-form-submit"]');
    await page.locator('[data-test="family-assessment"]').waitFor();
    const assessed = (await apiJson(page, 'GET', `/cases/${inmates[0].c.id}/family-assessment`)).body;
    assert.deepEqual([assessed.dependants, assessed.children, assessed.children_in_school, assessed.housing], [4, 3, 2, 'rented']);
    assert.deepEqual(assessed.risks, ['eviction']);
    assert.ok((await text(page, '[data-test="family-assessment"]')).includes(ar['centres.risk.eviction']));
    await shot(page, 'case-centre-ar.png', { fullPage: true });
    assert.deepEqual(problems, []);

    // another centre's worker: the programme is not hers
    const other = await browser.newContext({ locale: 'ar', timezoneId: 'Asia/Amman' });
    const otherPage = await other.newPage();
    await signIn(otherPage, server.base, 'irbidcentre');
    await otherPage.goto(`${server.base}/#/programmes/${programmeId}`);
    await otherPage.locator('.banner-error').waitFor();
    assert.equal(await text(otherPage, '.banner-error'), ar['centres.forbidden']);
    assert.equal(await otherPage.locator('[data-test="enrolments-table"]').count(), 0);
    await other.close();
  } finally {
    await context.close();
  }
});

// The ministry's manager reads every centre's programmes under a title that says so: the table's first column is the
// centre, headed by its column's name (never the page's caption), and each row's first cell names the programme's
// centre, in Arabic and in English; on a phone each row's card labels it the same way.
test('the manager reads every centre\'s programmes, the first column headed "centre" in Arabic and English', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'manager');
    const items = (await apiJson(page, 'GET', '/programmes')).body.items;
    assert.ok(new Set(items.map((p) => p.centre_name_ar)).size > 1, 'the demo has programmes in more than one centre');
    for (const [lang, strings] of [['ar', ar], ['en', en]]) {
      if (lang === 'en') {
        await page.click('#lang-switch');
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
      await page.goto(`${server.base}/#/programmes`);
      await page.locator('[data-test="programmes-table"] tbody tr:not(.empty-row)').first().waitFor();
      // the page reads as every centre's, not one centre's
      assert.equal(await text(page, '[data-test="programmes-title"]'), strings['centres.programmes_all_title']);
      const headings = await page.locator('[data-test="programmes-table"] thead th').allInnerTexts();
      assert.deepEqual(headings.slice(0, 2).map((s) => s.trim()), [strings['centres.col_centre'], strings['centres.col_name']]);
      assert.notEqual(strings['centres.col_centre'], strings['centres.all_programmes']);
      const firstCells = await page.locator('[data-test="programmes-table"] tbody tr td:first-child').allInnerTexts();
      assert.deepEqual(firstCells.map((s) => s.trim()), items.map((p) => p[`centre_name_${lang}`]));
      const label = await page.locator('[data-test="programmes-table"] tbody tr td:first-child').first().getAttribute('data-label');
      assert.equal(label, strings['centres.col_centre']);
      await shot(page, `programmes-all-${lang}.png`, { fullPage: true });
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
