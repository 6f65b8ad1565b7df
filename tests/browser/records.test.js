'use strict';
// The records officer's page in real Chromium (docs/security.md "Sealing at 18", "Retention and erasure"): a juvenile
// who is 18 now has a closed case of the social service office; the daily job (takamul records daily) seals it; a
// worker records a person's request for erasure on the person's page; the records officer sees the sealed case by
// its number and unit with no name, records a court order (a reference in the wrong format refused beside the field),
// and the reader named reads the case under the sealed banner; the officer refuses the erasure of a person with an
// open case, with the reason; two years on (libfaketime, for the daily job alone), a closed family-violence case past
// its retention is kept with a reason and listed among the decisions taken. In Arabic, then the page in English. Before
// that, on the fresh database, each of the page's lists is under its title and says it is empty. Screenshots go to
// $TAKAMUL_SCREENSHOTS when it is set: records-ar.png, records-en.png, case-sealed-ar.png.
// Run: node --test tests/browser/records.test.js

const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { test, before, after } = require('node:test');
const { startServer, binaryPath } = require('./server');
const { withKey } = require('../api/lib/pg');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');

const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

/** libfaketime's multithreaded library, where Debian's faketime package puts it (make test installs it). */
const FAKETIME = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']
  .map((dir) => path.join(dir, 'faketime', 'libfaketimeMT.so.1'))
  .find((lib) => fs.existsSync(lib));
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

async function shot(page, name) {
  if (process.env.TAKAMUL_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.TAKAMUL_SCREENSHOTS, name), fullPage: true });
}

/** A birth date `years` years and a few days before today (in Amman). */
function bornYearsAgo(years, days = 3) {
  const d = new Date(Date.now() + 3 * 3600e3 - days * 86400e3);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

// The page's five lists, each a card under its title, shown (not only the table's caption, which the eye never
// sees), each saying it is empty on a fresh database; in Arabic and in English.
test('the records officer\'s lists each have a title and say when they are empty, in Arabic and English', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'records');
    const lists = [
      ['sealed', 'records.sealed_title', 'records.sealed_none'],
      ['orders', 'records.orders_title', 'records.orders_none'],
      ['retention', 'records.retention_title', 'records.retention_none'],
      ['retention-decided', 'records.decided_title', 'records.decided_none'],
      ['erasure', 'records.erasure_title', 'records.erasure_none'],
    ];
    for (const [lang, strings] of [['ar', ar], ['en', en]]) {
      if (lang === 'en') {
        await page.click('#lang-switch');
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
      await page.goto(`${server.base}/#/records`);
      await page.locator('#erasure').waitFor();
      for (const [id, title, none] of lists) {
        const card = page.locator(`main section.card#${id}`);
        const heading = card.locator(':scope > h2');
        assert.equal(await heading.isVisible(), true, `${lang}: the ${id} list has no title shown`);
        assert.equal((await heading.innerText()).trim(), strings[title]);
        assert.equal(await card.getAttribute('aria-labelledby'), await heading.getAttribute('id'));
        assert.equal((await card.locator('.empty-row').innerText()).trim(), strings[none]);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the records officer sees a sealed case without a name, records a court order, and refuses an erasure with its reason', async () => {
  const worker = await openBrowserPage(browser);
  await signIn(worker.page, server.base, 'caseworker');
  const post = (p, body, page = worker.page) => apiJson(page, 'POST', p, body);
  const juvenile = await post('/persons', { first_name: 'عمرو', father_name: 'زياد', grandfather_name: 'صبحي', family_name: 'الدباس', sex: 'male', birth_date: bornYearsAgo(18) });
  assert.equal(juvenile.status, 201, JSON.stringify(juvenile.body));
  const father = await post('/persons', { first_name: 'زياد', father_name: 'صبحي', family_name: 'الدباس', sex: 'male', birth_date: '1975-02-02' });
  assert.equal(father.status, 201, JSON.stringify(father.body));
  assert.equal((await post(`/persons/${father.body.id}/family`, { relative_id: juvenile.body.id, relation: 'child' })).status, 201);
  // the act two months ago, at 17
  const made = await post('/cases', { kind: 'juvenile_conflict', summary: 'سرقة بسيطة', act_date: bornYearsAgo(0, 60), legal_class: 'misdemeanour', persons: [{ person_id: juvenile.body.id, role: 'juvenile' }] });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  let c = made.body;
  c = (await post(`/cases/${c.id}/transitions`, { version: c.version, action: 'request_closure', reason: 'انتهى التدبير' })).body;
  const supervisor = await openBrowserPage(browser);
  await signIn(supervisor.page, server.base, 'supervisor');
  c = (await post(`/cases/${c.id}/transitions`, { version: c.version, action: 'approve_closure' }, supervisor.page)).body;
  assert.equal(c.stage, 'closed');
  const adult = await post('/persons', { first_name: 'منى', father_name: 'جمال', family_name: 'العمري', sex: 'female', birth_date: '1988-04-04' });
  assert.equal((await post('/cases', { kind: 'family_violence', summary: 'حالة مفتوحة', persons: [{ person_id: adult.body.id, role: 'victim' }] })).status, 201);
  // a family-violence case closed today, past its retention two years on
  const survivor = await post('/persons', { first_name: 'ريم', father_name: 'خالد', family_name: 'الحياري', sex: 'female', birth_date: '1990-05-05' });
  let closed = (await post('/cases', { kind: 'family_violence', summary: 'حالة أغلقت', persons: [{ person_id: survivor.body.id, role: 'victim' }] })).body;
  closed = (await post(`/cases/${closed.id}/transitions`, { version: closed.version, action: 'request_closure', reason: 'انتهت الخدمة' })).body;
  closed = (await post(`/cases/${closed.id}/transitions`, { version: closed.version, action: 'approve_closure' }, supervisor.page)).body;
  assert.equal(closed.stage, 'closed');

  // the daily job, run now
  const out = execFileSync(binaryPath(), withKey(['records', 'daily', '--db', server.db]), { encoding: 'utf8' });
  assert.match(out, /sealed 1 juvenile records/);
  assert.equal((await apiJson(worker.page, 'GET', `/cases/${c.id}`)).status, 404);
  // another unit's worker on the father's page: his son's relation, and that a sealed record exists, nothing of it
  const other = await openBrowserPage(browser);
  await signIn(other.page, server.base, 'irbidcentre');
  await other.page.goto(`${server.base}/#/persons/${father.body.id}`);
  const sealedRelative = other.page.locator('[data-test="family-member"][data-sealed="true"]');
  await sealedRelative.waitFor();
  assert.equal(await sealedRelative.locator('[data-test="relative-sealed"]').innerText(), ar['records.sealed_relative']);
  assert.ok(!(await other.page.locator('[data-test="family"]').innerText()).includes('عمرو'), 'the family list names the sealed juvenile');
  await other.context.close();

  // the worker records the adult's request for erasure on her page
  await worker.page.goto(`${server.base}/#/persons/${adult.body.id}`);
  await worker.page.locator('[data-test="erasure-card"] summary').click();
  await worker.page.fill('[data-test="erasure-basis"]', 'طلبت السيدة كتابياً محو بياناتها من السجل');
  await worker.page.click('[data-test="erasure-request-submit"]');
  await worker.page.locator('[data-test="erasure-card"] .banner-success').waitFor();

  // the records officer
  const officer = await openBrowserPage(browser);
  const page = officer.page;
  await signIn(page, server.base, 'records');
  await page.click('[data-test="nav-records"]');
  const row = page.locator('[data-test="sealed-table"] tbody tr', { hasText: c.reference });
  await row.waitFor();
  assert.ok(!(await page.locator('[data-test="sealed-table"]').innerText()).includes('عمرو'), 'the sealed list names the juvenile');
  await row.locator('[data-test="record-order"]').click();
  await page.selectOption('[data-test="order-court"]', 'juvenile_amman');
  await page.fill('[data-test="order-reference"]', '125-2026');
  await page.fill('[data-test="order-purpose"]', 'طلب المحكمة الاطلاع على الملف في قضية منظورة');
  await page.fill('[data-test="order-reader"]', 'supervisor');
  await page.click('[data-test="order-form-submit"]');
  await page.locator('.field-invalid [data-test="order-reference"]').waitFor();
  assert.equal((await apiJson(page, 'GET', '/seal-orders')).body.items.length, 0, 'a wrong order was stored');
  await page.fill('[data-test="order-reference"]', '125/2026');
  await page.click('[data-test="order-form-submit"]');
  await page.locator('.banner-success').waitFor();
  await page.locator('[data-test="orders-table"] tbody tr', { hasText: '125/2026' }).waitFor();

  // the erasure of a person with an open case is refused, with the reason
  const erasure = page.locator('[data-test="erasure-table"] tbody tr').first();
  await erasure.locator('[data-test="erasure-decision"]').selectOption('erase');
  await erasure.locator('[data-test="erasure-form-submit"]').click();
  await erasure.locator('.banner-error').waitFor();
  assert.ok((await erasure.innerText()).includes(ar['records.erase']));
  await erasure.locator('[data-test="erasure-decision"]').selectOption('refuse');
  await erasure.locator('[data-test="erasure-refusal"]').selectOption('open_case');
  await erasure.locator('[data-test="erasure-form-submit"]').click();
  await page.locator('[data-test="erasure-state"]').waitFor();
  assert.ok((await page.locator('[data-test="erasure-state"]').innerText()).includes(ar['records.erasure_refused']));

  // two years on (the daily job alone runs on the faked clock), with a retention of one year: the officer keeps the
  // closed case with a reason, and it moves to the decisions taken
  const later = new Date(Date.now() + 2 * 365 * 86400e3).toISOString().slice(0, 19).replace('T', ' ');
  const listed = execFileSync(binaryPath(), withKey(['records', 'daily', '--db', server.db, '--set', 'retention_years_family_violence=1']), {
    encoding: 'utf8',
    env: { ...process.env, LD_PRELOAD: FAKETIME, FAKETIME: `@${later}`, ASAN_OPTIONS: [process.env.ASAN_OPTIONS, 'verify_asan_link_order=0'].filter(Boolean).join(':') },
  });
  assert.match(listed, /listed [1-9]/);
  await page.reload();
  const review = page.locator('[data-test="retention-table"] tbody tr', { hasText: closed.reference });
  await review.waitFor();
  assert.equal(await page.locator('[data-test="retention-decided-table"] tbody tr', { hasText: closed.reference }).count(), 0);
  await review.locator('summary').click();
  await review.locator('[data-test="keep-reason"]').fill('دعوى منظورة أمام المحكمة تستدعي بقاء الملف');
  await review.locator('[data-test="keep"]').click();
  const decided = page.locator('[data-test="retention-decided-table"] tbody tr', { hasText: closed.reference });
  await decided.waitFor();
  assert.equal(await decided.locator('[data-test="retention-decision"]').getAttribute('data-state'), 'kept');
  assert.ok((await decided.innerText()).includes('دعوى منظورة أمام المحكمة'), await decided.innerText());
  assert.equal(await page.locator('[data-test="retention-table"] tbody tr', { hasText: closed.reference }).count(), 0);
  await shot(page, 'records-ar.png');

  // the reader named reads the case, under the sealed banner, read only
  await supervisor.page.goto(`${server.base}/#/cases/${c.id}`);
  await supervisor.page.locator('.banner-info', { hasText: 'سجل حدث مختوم' }).waitFor();
  // the banner names the order that opened it: its court and number
  const sealedBanner = await supervisor.page.locator('.banner-info', { hasText: 'سجل حدث مختوم' }).innerText();
  assert.ok(sealedBanner.includes('125/2026') || sealedBanner.includes('١٢٥/٢٠٢٦'), sealedBanner);
  assert.ok(sealedBanner.includes('أمر المحكمة'), sealedBanner);
  assert.equal(await supervisor.page.locator('[data-test="edit-case"]').count(), 0, 'read only: no edit');
  await shot(supervisor.page, 'case-sealed-ar.png');

  // the same page in English
  await page.evaluate(() => localStorage.setItem('takamul.lang', 'en'));
  await page.reload();
  await page.locator('h1', { hasText: en['nav.records'] }).waitFor();
  await page.locator('[data-test="sealed-table"] tbody tr', { hasText: c.reference }).waitFor();
  await shot(page, 'records-en.png');

  for (const p of [worker, supervisor, officer]) {
    assert.deepEqual(p.problems.filter((x) => !x.includes('404') && !x.includes('409') && !x.includes('400')), []);
    await p.context.close();
  }
});
