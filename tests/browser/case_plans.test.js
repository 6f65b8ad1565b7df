'use strict';
// What a social worker plans on a family-violence case, in real Chromium and in Arabic: the risk factors answered one
// by one with the suggested level shown as they are answered, a level decided otherwise only with a reason; the
// safety plan written and changed (a new version kept); a goal of the case plan added and achieved with its outcome;
// an incident corrected with a reason and its earlier values shown. Screenshots go to $TAKAMUL_SCREENSHOTS when set.
// Every name here is synthetic.

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

const ammanDate = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
// a 'YYYY-MM-DD' date as it is typed: day/month/year
const typed = (day) => day.split('-').reverse().join('/');

test('a caseworker assesses the risk factor by factor, writes the safety plan, sets a goal and corrects an incident', async () => {
  const { context, page, problems } = await openBrowserPage(browser);
  try {
    await signIn(page, server.base, 'caseworker');
    const csrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;
    const made = await apiJson(page, 'POST', '/cases', { kind: 'family_violence', summary: 'عنف من الزوج وتهديد', assign_me: true }, csrf);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const c = made.body;
    const incident = await apiJson(page, 'POST', `/cases/${c.id}/incidents`, { occurred_on: ammanDate(-3), violence_types: ['physical_assault'], place: 'المنزل' }, csrf);
    assert.equal(incident.status, 201, JSON.stringify(incident.body));

    // Risk: two factors suggest medium; a threat to kill makes it high
    await page.goto(`${server.base}/#/cases/${c.id}`);
    await page.click('[data-test="tab-risk"]');
    const form = page.locator('[data-test="risk-form"]');
    await form.waitFor();
    await page.check('[data-test="factor-escalation-yes"]');
    await page.check('[data-test="factor-controlling-yes"]');
    assert.equal(await page.getAttribute('[data-test="risk-suggested"] [data-level]', 'data-level'), 'medium');
    await page.check('[data-test="factor-death_threats-yes"]');
    await page.check('[data-test="factor-weapon-no"]');
    assert.equal(await page.getAttribute('[data-test="risk-suggested"] [data-level]', 'data-level'), 'high');
    // choosing low asks for a reason
    await page.selectOption('[data-test="risk-level"]', 'low');
    await page.click('[data-test="risk-form-submit"]');
    await page.locator('[data-test="risk-override-reason"][aria-invalid="true"]').waitFor();
    await page.selectOption('[data-test="risk-level"]', '');
    await page.click('[data-test="risk-form-submit"]');
    await page.locator('[data-test="risk-latest"] [data-level="high"]').waitFor();
    const stored = (await apiJson(page, 'GET', `/cases/${c.id}`)).body;
    assert.equal(stored.risk_level, 'high');
    assert.deepEqual((await apiJson(page, 'GET', `/cases/${c.id}/risk-assessments`)).body.items[0].absent, ['weapon']);

    // the safety plan, then changed: version 2
    await page.click('[data-test="tab-risk"]');
    await page.fill('[data-test="safety-input-safe_place"]', 'بيت أختها في الزرقاء');
    await page.fill('[data-test="safety-input-actions"]', 'حقيبة جاهزة فيها الوثائق، والاتصال بالرقم ٩١١');
    await page.click('[data-test="safety-form-submit"]');
    await page.locator('[data-test="safety-safe_place"]').waitFor();
    await page.click('[data-test="tab-risk"]');
    await page.locator('[data-test="safety-card"] details summary').click();
    await page.fill('[data-test="safety-input-safe_place"]', 'دار الوفاق الأسري');
    await page.click('[data-test="safety-form-submit"]');
    await page.locator('[data-test="safety-safe_place"]', { hasText: 'دار الوفاق الأسري' }).waitFor();
    assert.match(await text(page, '[data-test="safety-version"]'), /٢|2/);
    await shot(page, 'case-risk-ar.png');

    // a goal of the case plan, then achieved
    await page.click('[data-test="tab-plan"]');
    await page.fill('[data-test="goal-input"]', 'سكن آمن للناجية وأطفالها');
    await page.check('[data-test="goal_services-shelter"]');
    await page.fill('[data-test="goal-responsible"]', 'الأخصائية ومديرية التنمية');
    await page.fill('[data-test="goal-review-input"]', typed(ammanDate(14)));
    await page.click('[data-test="goal-form-submit"]');
    const goal = page.locator('[data-test="goal"]');
    await goal.waitFor();
    assert.equal(await goal.getAttribute('data-status'), 'open');
    await page.click('[data-test="tab-plan"]');
    await page.click('[data-test="goal-achieved"]');
    await page.fill('[data-test="goal-outcome"]', 'انتقلت إلى سكن مستأجر قرب أهلها');
    await page.click('[data-test="goal-outcome-form-submit"]');
    await page.locator('[data-test="goal"][data-status="achieved"]').waitFor();
    await shot(page, 'case-plan-ar.png');

    // the incident corrected; its earlier date kept
    await page.click('[data-test="tab-incidents"]');
    await page.click('[data-test="incident-correct"]');
    await page.fill('[data-test="correct-date"]', typed(ammanDate(-4)));
    await page.fill('[data-test="correct-reason"]', 'أخطأت في التاريخ عند التسجيل');
    await page.click('[data-test="correct-form-submit"]');
    await page.click('[data-test="tab-incidents"]');
    await page.click('[data-test="incident-history"]');
    const revision = page.locator('[data-test="incident-revision"]');
    await revision.waitFor();
    assert.match(await revision.innerText(), /أخطأت في التاريخ/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
