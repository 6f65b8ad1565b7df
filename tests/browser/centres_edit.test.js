'use strict';
// Correction centres, corrections from the web in real Chromium: Marka's centre worker edits a programme (its places
// and schedule) at its version, and when the programme changed under her the page says so in Arabic and reloads it;
// the women's centre worker records the day a child left her inmate mother and where she went, a day before her entry
// refused beside the field. Screenshots go to $TAKAMUL_SCREENSHOTS when it is set: programme-edit-ar.png,
// programme-edit-en.png, child-left-ar.png. Every name here is synthetic.
// Run: node --test tests/browser/centres_edit.test.js

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

test('a centre worker edits a programme at its version; a stale version is said in Arabic and reloaded', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'centreworker');
    const made = await apiJson(page, 'POST', '/programmes', { name: 'الخط العربي', kind: 'education', provider: 'ministry', places: 6, schedule: 'الأحد ٩:٠٠', starts_on: ammanDate(-5), ends_on: ammanDate(60) });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const p = made.body;
    await page.goto(`${server.base}/#/programmes/${p.id}`);
    await page.click('[data-test="programme-edit-open"]');
    assert.equal(await page.inputValue('[data-test="programme-edit-places"]'), '6');
    await page.fill('[data-test="programme-edit-places"]', '8');
    await page.fill('[data-test="programme-edit-schedule"]', 'الأحد والثلاثاء ٩:٠٠–١١:٠٠');
    await page.fill('[data-test="programme-edit-ends"]', typed(ammanDate(90)));
    await shot(page, 'programme-edit-ar.png', { fullPage: true });
    await page.click('[data-test="programme-edit-submit"]');
    await page.locator('[data-test="banner-success"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), ar['centres.programme_saved']);
    const saved = (await apiJson(page, 'GET', `/programmes/${p.id}`)).body;
    assert.equal(saved.places, 8);
    assert.equal(saved.schedule, 'الأحد والثلاثاء ٩:٠٠–١١:٠٠');
    assert.equal(saved.ends_on, ammanDate(90));
    assert.equal(saved.version, p.version + 1);
    assert.ok((await text(page, '[data-test="programme-summary"]')).includes('٨') || (await text(page, '[data-test="programme-summary"]')).includes('8'));

    // bad input: the end before the start, named beside the field, nothing stored
    await page.click('[data-test="programme-edit-open"]');
    await page.fill('[data-test="programme-edit-ends"]', typed(ammanDate(-30)));
    await page.click('[data-test="programme-edit-submit"]');
    await page.locator('[data-test="programme-edit"] .field-error:not([hidden])').first().waitFor();
    assert.equal((await apiJson(page, 'GET', `/programmes/${p.id}`)).body.ends_on, ammanDate(90));

    // another change lands meanwhile: the form's version is stale
    await page.fill('[data-test="programme-edit-ends"]', typed(ammanDate(100)));
    const other = await apiJson(page, 'PATCH', `/programmes/${p.id}`, { version: saved.version, name: 'الخط العربي والزخرفة' });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    await page.click('[data-test="programme-edit-submit"]');
    const error = page.locator('[data-test="programme-edit"] [data-test="banner-error"]');
    await error.waitFor();
    assert.ok((await error.innerText()).includes(ar['common.reload']), await error.innerText());
    await error.locator('button').click();
    await page.waitForFunction(() => (document.querySelector('[data-test="programme-title"]') || {}).textContent === 'الخط العربي والزخرفة');
    assert.equal((await apiJson(page, 'GET', `/programmes/${p.id}`)).body.ends_on, ammanDate(90), 'the stale form overwrote nothing');

    // in English
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.click('[data-test="programme-edit-open"]');
    assert.equal(await text(page, '[data-test="programme-edit-open"]'), en['centres.programme_edit_title']);
    await shot(page, 'programme-edit-en.png', { fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the women\'s centre records the day a child left her mother and where she went', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'womencentre');
    const me = (await apiJson(page, 'GET', '/me')).body.user;
    const mother = await apiJson(page, 'POST', '/persons', { first_name: 'عبير', father_name: 'ناصر', grandfather_name: 'سليم', family_name: 'القضاة', sex: 'female', birth_date: '1992-02-10' });
    const child = await apiJson(page, 'POST', '/persons', { first_name: 'ليان', father_name: 'رائد', grandfather_name: 'حسن', family_name: 'الشوبكي', sex: 'female', birth_date: ammanDate(-2 * 365 - 300) });
    const c = await apiJson(page, 'POST', '/cases', {
      kind: 'inmate_family', summary: 'نزيلة وطفلتها', assign_me: true, admission_date: ammanDate(-200), expected_release: ammanDate(400), centre_unit_id: me.unit_id,
      persons: [{ person_id: mother.body.id, role: 'inmate' }],
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const added = await apiJson(page, 'POST', `/cases/${c.body.id}/children`, { person_id: child.body.id, entered_on: ammanDate(-200) });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    await page.goto(`${server.base}/#/cases/${c.body.id}`);
    await page.click('[data-test="tab-centre"]');
    await page.click('[data-test="child-leave-card"] summary');
    // a day before she came with her mother is refused beside the field
    await page.fill('[data-test="child-left-on"]', typed(ammanDate(-300)));
    await page.selectOption('[data-test="child-left-to"]', 'family');
    await page.click('[data-test="child-leave-submit"]');
    await page.locator('[data-test="child-leave"] .field-error:not([hidden])').first().waitFor();
    assert.equal((await apiJson(page, 'GET', `/cases/${c.body.id}/children`)).body.items[0].left_on, null);
    await page.fill('[data-test="child-left-on"]', typed(ammanDate(-1)));
    await page.fill('[data-test="child-left-notes"]', 'استلمتها جدتها لأمها');
    await page.click('[data-test="child-leave-submit"]');
    const left = page.locator('[data-test="child-left"]');
    await left.waitFor();
    assert.ok((await left.innerText()).length > 0);
    assert.ok((await text(page, '[data-test="centre-children"]')).includes('استلمتها جدتها لأمها'));
    assert.equal(await text(page, '[data-test="child-next"]'), ar['centres.next_place.family']);
    assert.equal(await page.locator('[data-test="child-leave-card"]').count(), 0, 'the form is gone once she left');
    const kept = (await apiJson(page, 'GET', `/cases/${c.body.id}/children`)).body.items[0];
    assert.equal(kept.left_on, ammanDate(-1));
    assert.equal(kept.next_place, 'family');
    await shot(page, 'child-left-ar.png', { fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
