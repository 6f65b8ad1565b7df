'use strict';
// The joint committee, in real Chromium and in Arabic: the demo police officer (a juvenile police office) raises an
// observation about the Amman education home; the committee's secretary plans a meeting, puts the observation on its
// agenda and opens it; the meeting turns the observation into a recommendation with two actions, one owned by the
// police office; the secretary closes the meeting; the officer finds the action on his home page and reports
// progress on it; the minutes, a PDF made by the server, hold the recommendation in Arabic. The committee reads the
// observation with no case and no name. Screenshots go to $TAKAMUL_SCREENSHOTS when it is set: committee-*.png.
// Every name here is synthetic. Run: node --test tests/browser/committee.test.js

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, apiJson: apiThroughPage, interfaceStrings } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');

let server;
let browser;
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
const typed = (date) => date.split('-').reverse().join('/');
const DESCRIPTION = 'لا تصل ملفات الأحداث المنقولين إلى دار تربية الأحداث مع الحدث فيتأخر تسجيلهم.';
const RECOMMENDATION = 'إرسال ملف الحدث مع أمر النقل إلى الدار في اليوم نفسه.';

async function unitId(page, code) {
  const units = await apiJson(page, 'GET', '/units?limit=200');
  return units.body.items.find((u) => u.code === code).id;
}

test('a police unit raises an observation; the committee reads it without cases or names', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'officer');
    await page.click('[data-test="nav-committee"]');
    await page.locator('[data-test="observation-form"]').waitFor();
    assert.equal(await text(page, 'h1'), ar['committee.observations_title']);
    made.home = await unitId(page, 'HOME-EDU-AMM');
    made.police = await unitId(page, 'FJPD-AMM');
    // a required field left empty: named beside it, nothing sent
    await page.click('[data-test="observation-form-submit"]');
    await page.locator('.field-invalid [data-test="observation-category"]').waitFor();
    await page.selectOption('[data-test="observation-category"]', 'homes');
    await page.selectOption('[data-test="observation-governorate"]', 'amman');
    await page.selectOption('[data-test="observation-unit"]', String(made.home));
    await page.fill('[data-test="observation-description"]', DESCRIPTION);
    await page.fill('[data-test="observation-evidence"]', 'ثلاثة أحداث نُقلوا هذا الشهر دون ملفاتهم.');
    await shot(page, 'committee-observation-form-ar.png', { fullPage: true });
    await page.click('[data-test="observation-form-submit"]');
    await page.locator('[data-test="observation-text"]').waitFor();
    assert.equal(await text(page, '[data-test="observation-text"]'), DESCRIPTION);
    assert.equal(await page.locator('[data-test="observation-status"][data-status="new"]').count(), 1);
    made.observation = Number(page.url().split('/').pop());
    assert.ok(made.observation > 0);
    await context.clearCookies();

    await signIn(page, server.base, 'committee');
    await page.click('[data-test="nav-committee"]');
    const row = page.locator('[data-test="observations-table"] tr', { hasText: DESCRIPTION });
    await row.waitFor();
    await row.locator('[data-test="observation-link"]').click();
    await page.locator('[data-test="observation-cases-withheld"]').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the secretary puts it on a meeting\'s agenda; the meeting turns it into a recommendation with two actions', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'secretary');
    await page.click('[data-test="nav-committee"]');
    await page.click('[data-test="committee-tab-meetings"]');
    await page.locator('[data-test="meeting-form"]').waitFor();
    await page.fill('[data-test="meeting-date"]', typed(ammanDate(0)));
    await page.fill('[data-test="meeting-place"]', 'مبنى الوزارة - قاعة الاجتماعات');
    await page.click('[data-test="meeting-form-submit"]');
    await page.locator('[data-test="agenda-form"]').waitFor();
    made.meeting = Number(page.url().split('/').pop());
    // the demo's open items come onto the agenda marked as carried
    assert.ok(await page.locator('[data-test="item-carried"]').count() >= 1);
    await page.selectOption('[data-test="agenda-kind"]', 'observation');
    await page.selectOption('[data-test="agenda-observation"]', String(made.observation));
    await page.click('[data-test="agenda-form-submit"]');
    const item = page.locator('[data-test="agenda-item"]', { hasText: DESCRIPTION });
    await item.waitFor();
    await page.click('[data-test="meeting-open"]');
    await page.locator('[data-test="meeting-status"][data-status="open"]').waitFor();
    await shot(page, 'committee-meeting-ar.png', { fullPage: true });

    await item.locator('[data-test="item-recommend-button"]').click();
    await page.locator('[data-test="recommendation-dialog"]').waitFor();
    await page.fill('[data-test="recommendation-text"]', RECOMMENDATION);
    await page.selectOption('[data-test="recommendation-agency"]', 'mosd');
    await page.selectOption('[data-test="recommendation-unit"]', String(made.home));
    await page.selectOption('[data-test="recommendation-priority"]', 'high');
    await page.fill('[data-test="recommendation-due"]', typed(ammanDate(90)));
    await page.click('[data-test="recommendation-form-submit"]');
    await page.locator('[data-test="recommendation-body"]').waitFor();
    assert.equal(await text(page, '[data-test="recommendation-body"]'), RECOMMENDATION);
    made.recommendation = Number(page.url().split('/').pop());

    const addAction = async (what, owner, responsible, due) => {
      await page.fill('[data-test="action-text"]', what);
      await page.selectOption('[data-test="action-owner"]', String(owner));
      await page.fill('[data-test="action-responsible"]', responsible);
      await page.fill('[data-test="action-due"]', typed(due));
      await page.click('[data-test="action-form-submit"]');
      await page.locator('[data-test="recommendation-actions"] tr', { hasText: what }).waitFor();
    };
    await addAction('تعميم على أقسام الأحداث بإرسال الملف مع أمر النقل.', made.police, 'رئيس قسم الأحداث', ammanDate(20));
    await addAction('تسجيل استلام الملف في سجل الدار.', made.home, 'مدير الدار', ammanDate(60));
    assert.equal(await page.locator('[data-test="recommendation-actions"] tbody tr').count(), 2);
    await shot(page, 'committee-recommendation-ar.png', { fullPage: true });

    // the observation is now turned into recommendations; the meeting is closed
    await page.goto(`${server.base}/#/committee/meetings/${made.meeting}`);
    await page.locator('[data-test="agenda-item"] [data-test="item-recommendation"]', { hasText: RECOMMENDATION }).waitFor();
    await page.click('[data-test="meeting-close"]');
    await page.locator('[data-test="meeting-status"][data-status="closed"]').waitFor();
    assert.equal(await page.locator('[data-test="item-recommend-button"]').count(), 0, 'no outcome once closed');
    const observation = await apiJson(page, 'GET', `/observations/${made.observation}`);
    assert.equal(observation.body.status, 'recommended');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the owner reports progress from the home page; the minutes PDF holds the decision in Arabic', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'officer');
    const card = page.locator('[data-test="home-committee-actions"]');
    await card.waitFor();
    await shot(page, 'committee-home-ar.png', { fullPage: true });
    await card.locator('[data-test="action-link"]').first().click();
    await page.locator('[data-test="report-form"]').waitFor();
    await page.fill('[data-test="report-text"]', 'صدر التعميم إلى أقسام الأحداث في عمان.');
    await page.click('[data-test="report-form-submit"]');
    await page.locator('[data-test="action-report"]', { hasText: 'صدر التعميم' }).waitFor();
    // the English page, the same keys
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.locator('h2', { hasText: en['committee.reports_title'] }).waitFor();
    await shot(page, 'committee-action-en.png', { fullPage: true });
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'ar');
    await context.clearCookies();

    await signIn(page, server.base, 'committee');
    await page.goto(`${server.base}/#/committee/meetings/${made.meeting}`);
    const link = page.locator('[data-test="minutes-pdf"]');
    await link.waitFor();
    const response = await page.request.get(server.base + (await link.getAttribute('href')));
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    const file = path.join(os.tmpdir(), `takamul-minutes-${process.pid}.pdf`);
    fs.writeFileSync(file, await response.body());
    try {
      const pdf = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u202A-\u202C]/g, '').replace(/([^\n])\n(?=[^\n])/g, '$1 ');
      assert.ok(pdf.includes(RECOMMENDATION), pdf);
      assert.ok(pdf.includes('محضر الاجتماع رقم'), pdf);
      assert.ok(pdf.includes(DESCRIPTION), pdf);
    } finally {
      fs.unlinkSync(file);
    }
    await page.click('[data-test="committee-tab-recommendations"]');
    await page.locator('[data-test="register-table"] tr', { hasText: RECOMMENDATION }).waitFor();
    await shot(page, 'committee-register-ar.png', { fullPage: true });
    // the register as a spreadsheet, with the recommendation in it
    const exported = await page.evaluate(async (href) => {
      const res = await fetch(href);
      return { status: res.status, text: new TextDecoder().decode(await res.arrayBuffer()) };
    }, await page.getAttribute('[data-test="register-csv"]', 'href'));
    assert.equal(exported.status, 200);
    assert.ok(exported.text.includes(RECOMMENDATION), exported.text.slice(0, 300));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// Text the units typed, shown in the English page: an Arabic observation or recommendation in the lists runs right
// to left (its full stop at its end, on the left), not laid out as an English line. (In Arabic first: an
// observation's history, a list without numbers, stays without.)
test('an observation\'s history has no numbers in Arabic; in English, the observations and the recommendations register show Arabic text right to left', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'committee');
    // in Arabic, an observation's history is a list without numbers (the Arabic-Indic count is for numbered lists)
    await page.goto(`${server.base}/#/committee`);
    await page.locator('[data-test="observation-link"]').first().click();
    const history = page.locator('[data-test="committee-history"]');
    await history.waitFor();
    assert.equal(await history.evaluate((ol) => getComputedStyle(ol).listStyleType), 'none');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    for (const [hash, link] of [['#/committee', 'observation-link'], ['#/committee/recommendations', 'recommendation-link']]) {
      await page.goto(`${server.base}/${hash}`);
      await page.locator(`[data-test="${link}"]`).first().waitFor();
      const directions = await page.locator(`[data-test="${link}"]`).evaluateAll((links) => links.map((a) => {
        const text = a.firstElementChild || a;
        return [text.textContent.trim().slice(0, 20), getComputedStyle(text).direction];
      }));
      assert.ok(directions.length > 0);
      for (const [text, direction] of directions) assert.equal(direction, /[\u0600-\u06FF]/.test(text) ? 'rtl' : 'ltr', `${hash}: "${text}" laid out ${direction}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
