'use strict';
// Screenshots of the interface for a look by eye (not a test): node tests/browser/screenshot.js OUTDIR
// Saves, at 1366×768 and signed in as the demo caseworker: login-ar.png, home-ar.png and home-en.png; from the demo
// registry of `takamul demo`, persons-search-ar.png (a search with a slip in the family name, the reasons in words),
// person-ar.png and person-en.png (a person's page with the family) and person-register-ar.png (a registration
// stopped by the records it may already be), these four as tall as the whole page; and home-ar-phone.png at 390×844.
// Cases: a few cases of every kind are registered through the API with demo persons (one family-violence case
// reported 30 hours ago, assigned and in assessment, with an incident and a home visit, its first response overdue;
// another closed on the supervisor's approval); then cases-list-ar.png (the list), case-ar.png and case-en.png (that
// case's page), and home-ar.png shows the caseworker's tasks.
// Referrals: the caseworker refers two juveniles' cases to the behaviour monitors of Amman (MON-AMM), one left fifteen
// days without an answer, one accepted, and the inmate's family to the social service office of Zarqa; signed in as
// the demo monitor, referrals-ar.png (his unit's inbox),
// referral-ar.png (the referral of the protection case) and case-referred-ar.png (that case as his unit sees it).
// Social studies: the caseworker writes the social study of the protection case and submits it, the supervisor returns
// it with a comment, and the caseworker starts changing it: study-ar.png (the comment above the sections being
// written, saved as typed, and the versions); studies-search-ar.png (the studies page, a search typed without hamza
// and with ه for ة, the words found marked); study-pdf-ar.png (the first page of the server's PDF of the study, the
// copy that withholds the juvenile's name, drawn by pdftoppm).
// Data-sharing log: the supervisor then refers the family-violence case to Zarqa's office without the victim's consent
// (an override); signed in as the demo auditor, sharing-ar.png (the log of those four sharings).
// Starts its own server like the tests (see server.js for TAKAMUL_BIN, TAKAMUL_WEB_DIR, TAKAMUL_BASE_URL).

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer } = require('./server');
const { launchChromium, signIn } = require('./chromium');

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

// Demo persons (src/domain/demo/demo.c): Raghad searched with ب for ي in her family name, which brings her record
// and the one a behaviour monitor registered again; Abdullah Abu Zaid, whose page has parents, a wife, a brother
// and children; and his daughter Asmaa registered once more, which the check before registering stops.
const SEARCH_WITH_SLIP = 'رغد عادل فارس المعابطة';
const FAMILY_PERSON = 'عبد الله محمود سليم أبو زيد';
const NEW_PERSON = { 'first-name': 'أسماء', 'father-name': 'عبدالله', 'family-name': 'ابو زيد', 'birth-date': '21/9/2008' };

/** The id of the best candidate of a registry search, through the page's session. */
async function findPerson(page, base, q) {
  const response = await page.request.get(`${base}/api/v1/persons/search?${new URLSearchParams({ q, limit: '1' })}`);
  const body = await response.json();
  if (!response.ok() || !body.items || !body.items.length) throw new Error(`no demo person found for ${q}: ${JSON.stringify(body)}`);
  return body.items[0].person.id;
}

/** An API call through a page's session (cookie and CSRF token); throws unless the answer is `expect`. */
async function call(page, base, csrf, method, apiPath, data, expect = 200) {
  const headers = { Accept: 'application/json' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const response = await page.request.fetch(`${base}/api/v1${apiPath}`, { method, headers, data });
  const body = await response.json().catch(() => null);
  if (response.status() !== expect) throw new Error(`${method} ${apiPath}: ${response.status()} ${JSON.stringify(body)}`);
  return body;
}

/**
 * Registers the demo cases through the API: the caseworker registers them, the supervisor (`boss`, another signed-in
 * page) assigns and decides closures. Returns the id of the case whose page is shown.
 */
async function registerCases(page, boss, base) {
  const ids = {};
  const csrf = (await call(page, base, null, 'GET', '/me')).csrf_token;
  const bossCsrf = (await call(boss, base, null, 'GET', '/me')).csrf_token;
  const worker = (await call(page, base, null, 'GET', '/me')).user;
  const person = (name) => findPerson(page, base, name);
  const create = (body) => call(page, base, csrf, 'POST', '/cases', body, 201);
  const assign = (c) => call(boss, base, bossCsrf, 'POST', `/cases/${c.id}/assignments`, { user_id: worker.id, role: 'caseworker' });
  const move = (c, body, who = page, token = csrf) => call(who, base, token, 'POST', `/cases/${c.id}/transitions`, { version: c.version, ...body });
  const hoursAgo = (hours) => new Date(Date.now() - hours * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const daysAgo = (days) => hoursAgo(days * 24).slice(0, 10);

  ids.protection = (await create({
    kind: 'juvenile_protection', summary: 'طفل يتيم دون معيل يبيع العلكة عند الإشارات الضوئية', reported_at: hoursAgo(100),
    protection_grounds: ['no_carer', 'street_work'],
    persons: [{ person_id: await person('عمار سامي عبد الله الكريشان'), role: 'juvenile' }, { person_id: await person('مصطفى عبد الله حسن الكريشان'), role: 'guardian' }],
  })).id;
  let jc = await create({
    kind: 'juvenile_conflict', summary: 'ضبط حدث بتهمة سرقة هاتف محمول من محل تجاري', reported_at: hoursAgo(70), act_date: daysAgo(4),
    offence: 'سرقة هاتف محمول', legal_class: 'misdemeanour', settlement_eligible: true,
    persons: [{ person_id: await person('أنس مصطفى عبد الله الكريشان'), role: 'juvenile' }],
  });
  ids.conflict = jc.id;
  jc = await assign(jc);
  jc = await move(jc, { action: 'advance', to: 'assessment' });
  await call(page, base, csrf, 'PATCH', `/cases/${jc.id}`, {
    version: jc.version, risk_level: 'medium', risk_assessment: 'أول مخالفة، والأسرة متعاونة، ويتغيب عن المدرسة',
  });
  const inmate = await create({
    kind: 'inmate_family', summary: 'نزيل أب لأربعة أطفال؛ الأسرة بلا دخل منذ إيداعه', reported_at: hoursAgo(50),
    admission_date: daysAgo(40), sentence: 'سنتان', expected_release: '2028-10-01',
    persons: [{ person_id: await person('طلال عبد الكريم ذياب الخلايلة'), role: 'inmate' }, { person_id: await person('إيمان صالح محمود الزواهرة'), role: 'family_member' }],
  });
  ids.inmate = inmate.id;
  await call(page, base, csrf, 'PATCH', `/cases/${inmate.id}`, {
    version: inmate.version, risk_level: 'low', risk_assessment: 'لا خطر على الأسرة؛ الحاجة مادية',
  });
  let closed = await create({
    kind: 'family_violence', summary: 'خلاف بين أخوين انتهى بصلح موثق', reported_at: hoursAgo(240),
    persons: [{ person_id: await person('بيان حسين علي العياصرة'), role: 'victim' }],
  });
  closed = await assign(closed);
  closed = await move(closed, { action: 'request_closure', reason: 'تمت التسوية بموافقة الطرفين ولم تعد هناك خطورة' });
  await move(closed, { action: 'approve_closure' }, boss, bossCsrf);

  // The case shown: reported 30 hours ago, so its first response is overdue.
  let c = await create({
    kind: 'family_violence',
    summary: 'بلاغ إلزامي من مركز صحي: كدمات على الذراعين والوجه، وتقول الزوجة إن زوجها يعنفها منذ أشهر',
    reported_at: hoursAgo(30),
    act_date: daysAgo(2),
    persons: [
      { person_id: await person('هيفاء جميل عودة السرحان'), role: 'victim' },
      { person_id: await person('عبد الله محمود سليم أبو زيد'), role: 'alleged_perpetrator' },
      { person_id: await person('تسنيم عبد الله محمود أبو زيد'), role: 'family_member' },
    ],
  });
  c = await assign(c);
  c = await move(c, { action: 'advance', to: 'assessment' });
  await call(page, base, csrf, 'POST', `/cases/${c.id}/incidents`, {
    occurred_on: daysAgo(2), place: 'منزل الأسرة في ماركا', violence_types: ['physical_assault', 'psychological_abuse'],
    perpetrator_relationship: 'intimate_partner', legal_class: 'misdemeanour', identified_by: 'health',
    description: 'ضرب باليد وتهديد بالطرد من المنزل أمام الأطفال',
  }, 201);
  await call(page, base, csrf, 'POST', `/cases/${c.id}/notes`, {
    kind: 'home_visit', occurred_on: daysAgo(1), participants: 'الأخصائية الاجتماعية، الضحية',
    body: 'زيارة منزلية: الضحية موجودة عند أهلها في المفرق وتطلب عدم العودة إلى المنزل حاليًا.',
  }, 201);
  ids.shown = c.id;
  return ids;
}

/**
 * Refers three cases to the behaviour monitors of Amman (the caseworker's page sends, the monitor's answers one); the
 * inmate case's referral is made fifteen days old in the database, so that it shows as stale. Returns the id of the
 * protection case's referral.
 */
async function registerReferrals(page, monitor, base, db, ids) {
  const csrf = (await call(page, base, null, 'GET', '/me')).csrf_token;
  const monitorCsrf = (await call(monitor, base, null, 'GET', '/me')).csrf_token;
  const units = (await call(page, base, null, 'GET', '/units?type=monitor_office&governorate=amman')).items;
  const to = units.find((unit) => unit.code === 'MON-AMM');
  const send = (caseId, body, unit = to) => call(page, base, csrf, 'POST', `/cases/${caseId}/referrals`, { kind: 'referral', to_unit_id: unit.id, ...body }, 201);
  // a monitors' office works juveniles' cases only: the inmate's family goes to the social service office of Zarqa
  const zarqa = (await call(page, base, null, 'GET', '/units?type=social_service_office&governorate=zarqa')).items
    .find((unit) => unit.code === 'SSO-ZAR');
  await send(ids.inmate, {
    reason: 'متابعة سلوك ابن النزيل في المدرسة بطلب من الأسرة', urgency: 'routine', sections: ['summary'],
  }, zarqa);
  const conflict = await send(ids.conflict, {
    reason: 'إشراف مراقب السلوك على الحدث خلال مدة التسوية', urgency: 'urgent', sections: ['summary', 'risk', 'persons'], services: ['rehabilitation'],
  });
  await call(monitor, base, monitorCsrf, 'POST', `/referrals/${conflict.id}/transitions`, { action: 'accept', version: conflict.version });
  const protection = await send(ids.protection, {
    reason: 'طفل يعمل في الشارع: نطلب تقريرًا اجتماعيًا عن الأسرة الممتدة ومتابعة سلوكية أسبوعية',
    urgency: 'urgent', sections: ['summary', 'persons'], services: ['psychosocial', 'education'],
  });
  // left fifteen days without an answer (with TAKAMUL_BASE_URL there is no database at hand: nothing is stale then)
  if (db) execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, `UPDATE referrals SET status_changed_at = status_changed_at - 15 * 86400, sent_at = sent_at - 15 * 86400 WHERE id = ${protection.id}`]);
  return protection.id;
}

/** The supervisor (`boss`, a signed-in page) refers the family-violence case to MON-AMM without the victim's consent. */
async function registerOverride(boss, base, caseId) {
  const csrf = (await call(boss, base, null, 'GET', '/me')).csrf_token;
  const units = (await call(boss, base, null, 'GET', '/units?type=social_service_office&governorate=zarqa')).items;
  const to = units.find((unit) => unit.code === 'SSO-ZAR');
  await call(boss, base, csrf, 'POST', `/cases/${caseId}/referrals`, {
    kind: 'referral', to_unit_id: to.id, urgency: 'emergency', sections: ['summary', 'persons', 'incidents'],
    reason: 'متابعة سلوك الابن بعد العنف في المنزل', override_reason: 'خطر داهم على حياة الضحية والموافقة متعذرة الآن',
  }, 201);
}

// The social study of the protection case, section by section.
const STUDY = {
  family: 'يعيش الطفل عمار (١١ سنة) مع عمه مصطفى في جبل النزهة بعد وفاة والديه في حادث سير قبل سنتين.\nالعم متزوج وله خمسة أبناء، ويعمل سائقًا بأجر يومي.',
  circumstances: 'تسكن الأسرة في بيت مستأجر من غرفتين، والدخل لا يكفي الحاجات الأساسية، ولا تتلقى الأسرة معونة منتظمة.',
  upbringing: 'الحي مكتظ وفيه أطفال يعملون في الشوارع، ويقضي الطفل معظم يومه خارج البيت دون رقابة.',
  school: 'انقطع عن المدرسة في الصف الرابع، ويقرأ ويكتب بصعوبة.',
  health: 'لا أمراض مزمنة؛ يعاني من نقص في الوزن وتسوس في الأسنان.',
  assessment: 'الطفل محتاج إلى الحماية والرعاية وفق المادة (٣٣) من قانون الأحداث. يوصى بإبقائه لدى عمه مع إشراف مراقب السلوك، وإلحاقه ببرنامج تعليم غير نظامي، وربط الأسرة بصندوق المعونة الوطنية.',
};

/**
 * The caseworker writes the protection case's study and submits it; the supervisor (`boss`) returns it with a
 * comment. Returns the study's id.
 */
async function registerStudy(page, boss, base, caseId) {
  const csrf = (await call(page, base, null, 'GET', '/me')).csrf_token;
  const bossCsrf = (await call(boss, base, null, 'GET', '/me')).csrf_token;
  let study = await call(page, base, csrf, 'POST', `/cases/${caseId}/studies`, {}, 201);
  study = await call(page, base, csrf, 'PUT', `/studies/${study.id}`, { version: study.version, sections: Object.entries(STUDY).map(([key, body]) => ({ key, body })) });
  study = await call(page, base, csrf, 'POST', `/studies/${study.id}/transitions`, { action: 'submit', version: study.version });
  await call(boss, base, bossCsrf, 'POST', `/studies/${study.id}/transitions`, {
    action: 'return', version: study.version, comment: 'وضّح مصدر دخل العم بالأرقام، واذكر رأي الطفل نفسه في البقاء لدى عمه.',
  });
  return study.id;
}

/** Switches the interface's language with the header button and waits for the page to be drawn again. */
async function switchLanguage(page, lang, ready) {
  await page.click('#lang-switch');
  await page.waitForFunction((want) => document.documentElement.lang === want, lang);
  await page.locator(ready).first().waitFor();
}

async function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node tests/browser/screenshot.js OUTDIR');
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer();
  let browser;
  try {
    browser = await launchChromium();
    const shot = async (page, name, { wholePage = false } = {}) => {
      // Fonts are loaded before the picture is taken, so the Arabic face is the one shown.
      await page.evaluate(() => document.fonts.ready);
      const viewport = page.viewportSize();
      if (wholePage) {
        // The window is made as tall as the page: a full-page capture would cut the side navigation, which is
        // only as tall as the window.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
      }
      const file = path.join(outDir, name);
      await page.screenshot({ path: file });
      if (wholePage) await page.setViewportSize(viewport);
      console.log(file);
    };

    const desktop = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Amman' });
    const page = await desktop.newPage();
    await page.goto(`${server.base}/`);
    await page.locator('#username').waitFor();
    await shot(page, 'login-ar.png');
    await signIn(page, server.base, 'caseworker');
    const supervisor = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Amman' });
    const bossPage = await supervisor.newPage();
    await signIn(bossPage, server.base, 'supervisor');
    const ids = await registerCases(page, bossPage, server.base);
    const caseId = ids.shown;
    await supervisor.close();
    await page.reload();
    await page.locator('[data-test="my-tasks"] [data-test="task"]').first().waitFor();
    await shot(page, 'home-ar.png');
    await switchLanguage(page, 'en', '#user-name');
    await shot(page, 'home-en.png');
    await switchLanguage(page, 'ar', '#user-name');

    await page.goto(`${server.base}/#/persons`);
    await page.locator('[data-test="search-q"]').fill(SEARCH_WITH_SLIP);
    await page.click('[data-test="persons-search-submit"]');
    await page.locator('[data-test="persons-table"] [data-test="reasons"]').first().waitFor();
    await page.mouse.move(0, 0);
    await shot(page, 'persons-search-ar.png', { wholePage: true });

    const id = await findPerson(page, server.base, FAMILY_PERSON);
    await page.goto(`${server.base}/#/persons/${id}`);
    await page.locator('[data-test="family-member"]').first().waitFor();
    await shot(page, 'person-ar.png', { wholePage: true });
    await switchLanguage(page, 'en', '[data-test="family-member"]');
    await shot(page, 'person-en.png', { wholePage: true });
    await switchLanguage(page, 'ar', '[data-test="family-member"]');

    await page.goto(`${server.base}/#/cases`);
    await page.locator('[data-test="cases-table"] [data-test="case-link"]').first().waitFor();
    await page.mouse.move(0, 0);
    await shot(page, 'cases-list-ar.png', { wholePage: true });
    await page.goto(`${server.base}/#/cases/${caseId}`);
    await page.locator('[data-test="case-details"]').waitFor();
    await shot(page, 'case-ar.png', { wholePage: true });
    await switchLanguage(page, 'en', '[data-test="case-details"]');
    await shot(page, 'case-en.png', { wholePage: true });
    await switchLanguage(page, 'ar', '[data-test="case-details"]');

    await page.goto(`${server.base}/#/persons/new`);
    const form = page.locator('[data-test="person-create"]');
    for (const [testId, value] of Object.entries(NEW_PERSON)) await form.locator(`[data-test="${testId}"]`).first().fill(value);
    await form.locator('[data-test="sex"]').selectOption('female');
    await page.click('[data-test="person-create-submit"]');
    await page.locator('[data-test="duplicates"] [data-test="candidate"]').first().waitFor();
    await shot(page, 'person-register-ar.png', { wholePage: true });

    const monitorContext = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Amman' });
    const monitorPage = await monitorContext.newPage();
    await signIn(monitorPage, server.base, 'monitor');
    const referralId = await registerReferrals(page, monitorPage, server.base, server.db, ids);
    await monitorPage.goto(`${server.base}/#/referrals`);
    await monitorPage.locator('[data-test="referrals-table-incoming"] [data-test="referral-row"]').nth(1).waitFor();
    await monitorPage.mouse.move(0, 0);
    await shot(monitorPage, 'referrals-ar.png', { wholePage: true });
    await monitorPage.goto(`${server.base}/#/referrals/${referralId}`);
    await monitorPage.locator('[data-test="referral-details"]').waitFor();
    await shot(monitorPage, 'referral-ar.png', { wholePage: true });
    await monitorPage.click('[data-test="open-case"]');
    await monitorPage.locator('[data-test="referred-banner"]').waitFor();
    await shot(monitorPage, 'case-referred-ar.png', { wholePage: true });
    await monitorContext.close();

    const bossAgain = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Amman' });
    const overridePage = await bossAgain.newPage();
    await signIn(overridePage, server.base, 'supervisor');
    await registerOverride(overridePage, server.base, caseId);
    await bossAgain.close();
    const auditorContext = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Amman' });
    const auditorPage = await auditorContext.newPage();
    await signIn(auditorPage, server.base, 'auditor');
    await auditorPage.click('[data-test="nav-sharing"]');
    await auditorPage.locator('[data-test="sharing-table"] [data-test="sharing-row"]').nth(3).waitFor();
    await auditorPage.mouse.move(0, 0);
    await shot(auditorPage, 'sharing-ar.png', { wholePage: true });
    await auditorContext.close();

    const studyBoss = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Amman' });
    const studyBossPage = await studyBoss.newPage();
    await signIn(studyBossPage, server.base, 'supervisor');
    const studyId = await registerStudy(page, studyBossPage, server.base, ids.protection);
    await studyBoss.close();
    await page.goto(`${server.base}/#/studies/${studyId}`);
    const family = page.locator('[data-test="study-section"][data-key="family"] textarea');
    await family.waitFor();
    await family.fill(`${STUDY.family}\nدخل العم نحو ٣٠٠ دينار في الشهر، وإيجار البيت ١٥٠ دينارًا.`);
    await page.locator('[data-test="save-state"][data-state="saved"]').waitFor();
    await page.mouse.move(0, 0);
    await shot(page, 'study-ar.png', { wholePage: true });

    // The studies page: a search typed another way (no hamza, ه for ة), the words found marked.
    await page.goto(`${server.base}/#/studies/all`);
    await page.fill('[data-test="studies-q"]', 'مدرسه رابع');
    await page.click('[data-test="studies-search-submit"]');
    await page.locator('[data-test="studies-table-all"] [data-test="study-snippet"] mark').first().waitFor();
    await page.mouse.move(0, 0);
    await shot(page, 'studies-search-ar.png');
    // The study as the server's PDF, a copy with the juvenile's name withheld: its first page (pdftoppm).
    const pdf = await page.request.get(`${server.base}/api/v1/studies/${studyId}/document?purpose=copy&format=pdf`);
    const pdfFile = path.join(outDir, 'study-copy.pdf');
    fs.writeFileSync(pdfFile, await pdf.body());
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', pdfFile, path.join(outDir, 'study-pdf-ar')]);
    fs.unlinkSync(pdfFile);
    console.log(path.join(outDir, 'study-pdf-ar.png'));
    await desktop.close();

    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, timezoneId: 'Asia/Amman' });
    const phonePage = await phone.newPage();
    await signIn(phonePage, server.base, 'caseworker');
    await shot(phonePage, 'home-ar-phone.png');
    await phone.close();
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
