'use strict';
// The person registry in real Chromium, as the demo caseworker in Arabic: registering two persons through the form
// (Arabic-Indic digits accepted), linking them as son and father through the family picker and seeing the link from
// both sides, the duplicate warning of POST /persons/check before a copy is registered, the 409 on a national number
// already held (with a link to its holder), the search in another order and spelling, a version conflict while
// editing, removing a link; then the same pages in English; and that an administrator gets no person pages. Merging:
// a supervisor merges a duplicate through the dialog (search, the two records side by side, a reason, a version
// conflict on the way), sees the moved family link and the history, opens the merged record and undoes the merge; a
// caseworker sees the history but no merge or undo button; refusals of the server are shown in Arabic.
// A slip in a search is explained with the word as typed (on the demo registry of `takamul demo`).
// Expects a fresh database (the default: server.js starts one). Run: node --test tests/browser/

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./server');
const { launchChromium, signIn, openBrowserPage } = require('./chromium');
const { text, format, arabicDigits, apiJson: apiThroughPage, interfaceStrings, inEachLanguage } = require('./page_helpers');
const apiJson = (page, ...args) => apiThroughPage(page, server.base, ...args);

const ar = interfaceStrings('ar');
const en = interfaceStrings('en');
const ARABIC = /[\u0600-\u06FF]/;
const ASCII_DIGIT = /[0-9]/;

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

const openPage = (viewport) => openBrowserPage(browser, viewport);

/** A 10-digit national number not used before in this database. */
function freshNationalId() {
  return `9${String(Date.now()).slice(-9)}`;
}

/** Fills the registration form. `person` holds the field values by the form's test ids. */
async function fillPerson(page, person) {
  const form = page.locator('[data-test="person-create"]');
  await form.waitFor();
  for (const [testId, value] of Object.entries(person.text || {})) await form.locator(`[data-test="${testId}"]`).first().fill(value);
  for (const [testId, value] of Object.entries(person.select || {})) await form.locator(`[data-test="${testId}"]`).selectOption(value);
}

/** The id of the person whose page is shown, from the address. */
async function personIdOfPage(page) {
  await page.locator('[data-test="person-details"]').waitFor();
  const match = /#\/persons\/([0-9]+)$/.exec(page.url());
  assert.ok(match, `not on a person page: ${page.url()}`);
  return Number(match[1]);
}

test('caseworker registers, links and finds persons, is warned of duplicates, in Arabic then English', async () => {
  const { context, page, problems } = await openPage();
  const nationalId = freshNationalId();
  const nameA = { first: 'محمد', father: 'أحمد', grandfather: 'عبد الله', family: 'الخطيب' };
  const fullA = 'محمد أحمد عبد الله الخطيب';
  const fullB = 'أحمد عبد الله سليم الخطيب';
  try {
    await signIn(page, server.base, 'caseworker');
    const csrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;

    // The navigation's registry link is a working one (no "soon" badge), and leads to the search page.
    const navLink = page.locator('[data-test="nav-persons"]');
    assert.equal(await navLink.innerText(), ar['nav.persons']);
    assert.equal(await page.locator('[data-test="nav-section-persons"]').count(), 0);
    await navLink.click();
    await page.locator('[data-test="persons-search"]').waitFor();
    assert.equal(await text(page, 'h1'), ar['persons.title']);
    assert.equal(await navLink.getAttribute('aria-current'), 'page');
    assert.equal(await page.getAttribute('[data-test="search-q"]', 'placeholder'), 'محمد أحمد الخطيب');

    // An empty registration marks the required fields without sending anything.
    await page.click('[data-test="new-person"]');
    const form = page.locator('[data-test="person-create"]');
    await form.waitFor();
    assert.equal(await text(page, 'h1'), ar['persons.new']);
    await page.click('[data-test="person-create-submit"]');
    await page.locator('[data-test="first-name"][aria-invalid="true"]').waitFor();
    for (const testId of ['father-name', 'family-name', 'sex']) {
      assert.equal(await page.getAttribute(`[data-test="${testId}"]`, 'aria-invalid'), 'true', `${testId} not marked`);
    }
    assert.equal(await page.getAttribute('[data-test="grandfather-name"]', 'aria-invalid'), null);

    // Person A, with the national number and the date of birth typed in Arabic-Indic digits.
    await fillPerson(page, {
      text: {
        'first-name': nameA.first,
        'father-name': nameA.father,
        'grandfather-name': nameA.grandfather,
        'family-name': nameA.family,
        'national-id': arabicDigits(nationalId),
        'birth-date': arabicDigits('2/3/1986'),
        phone: '079 123 4567',
      },
      select: { sex: 'male', nationality: 'JO', governorate: 'amman' },
    });
    await page.click('[data-test="person-create-submit"]');
    const idA = await personIdOfPage(page);
    assert.equal(await page.locator('[data-test="duplicates"]:visible').count(), 0);
    assert.equal(await text(page, '[data-test="banner-success"]'), ar['persons.created']);
    assert.equal(await text(page, 'h1'), fullA);
    assert.equal(await text(page, '[data-test="name-grandfather_name"]'), nameA.grandfather);
    // a national number (and a phone) in Western digits as on Jordanian forms, left to right; the rest of an Arabic
    // page in Arabic-Indic digits
    assert.equal(await text(page, '[data-test="national-id"]'), nationalId);
    assert.equal(await page.locator('[data-test="national-id"] bdi').getAttribute('dir'), 'ltr');
    const otherDigits = await page.locator('[data-test="person-details"]').evaluate((node) => {
      const copy = node.cloneNode(true);
      for (const number of copy.querySelectorAll('.number-text')) number.remove();
      return copy.textContent;
    });
    assert.doesNotMatch(otherDigits, ASCII_DIGIT, 'Arabic pages show Arabic-Indic digits');
    const storedA = (await apiJson(page, 'GET', `/persons/${idA}`)).body;
    assert.equal(storedA.national_id, nationalId);
    assert.equal(storedA.birth_date, '1986-03-02');
    assert.equal(storedA.grandfather_name, nameA.grandfather);
    assert.deepEqual(storedA.phones, ['0791234567']);
    assert.equal(storedA.governorate, 'amman');
    assert.equal(storedA.nationality, 'JO');

    // Person B, A's father, with an estimated birth year only.
    await page.goto(`${server.base}/#/persons/new`);
    await fillPerson(page, {
      text: { 'first-name': 'أحمد', 'father-name': 'عبد الله', 'grandfather-name': 'سليم', 'family-name': 'الخطيب', 'birth-date': '1958' },
      select: { sex: 'male' },
    });
    assert.ok(await page.isChecked('[data-test="birth-year-estimated"]'), 'a year alone is an estimate by default');
    await page.click('[data-test="person-create-submit"]');
    await Promise.race([page.locator('[data-test="person-details"]').waitFor(), page.locator('[data-test="duplicates"]:visible').waitFor()]);
    if (await page.locator('[data-test="duplicates"]:visible').count()) await page.click('[data-test="register-anyway"]');
    const idB = await personIdOfPage(page);
    assert.equal(await text(page, 'h1'), fullB);
    assert.ok((await text(page, '[data-test="birth"]')).includes(ar['persons.estimated']));
    const storedB = (await apiJson(page, 'GET', `/persons/${idB}`)).body;
    assert.equal(storedB.birth_year, 1958);
    assert.equal(storedB.birth_year_estimated, true);
    assert.equal(storedB.birth_date, null);

    // On A's page: add B as parent through the family picker.
    await page.goto(`${server.base}/#/persons/${idA}`);
    await page.locator('[data-test="family-empty"]').waitFor();
    await page.fill('[data-test="family-search"]', 'احمد عبدالله الخطيب');
    await page.click('[data-test="family-search-button"]');
    const choice = page.locator(`[data-test="family-candidate"][data-person-id="${idB}"]`);
    await choice.waitFor();
    assert.equal(await page.locator(`[data-test="family-candidate"][data-person-id="${idA}"]`).count(), 0, 'a person is not offered as their own relative');
    await choice.check();
    await page.selectOption('[data-test="relation"]', 'parent');
    await page.click('[data-test="family-add-submit"]');
    const parentGroup = page.locator('[data-test="family-group-parent"]');
    await parentGroup.waitFor();
    assert.equal(await text(page, '[data-test="family-group-parent"] h3'), ar['relation_group.parent']);
    assert.equal(await parentGroup.locator('[data-test="relative-link"]').innerText(), fullB);
    assert.equal(await parentGroup.locator('[data-test="relation-label"]').innerText(), ar['relation.parent.male']);
    const familyA = (await apiJson(page, 'GET', `/persons/${idA}/family`)).body;
    assert.deepEqual(familyA.items.map((link) => [link.relation, link.relative.id]), [['parent', idB]]);

    // On B's page, A is a child.
    await parentGroup.locator('[data-test="relative-link"]').click();
    await page.waitForFunction((id) => window.location.hash === `#/persons/${id}`, idB);
    const childGroup = page.locator('[data-test="family-group-child"]');
    await childGroup.waitFor();
    assert.equal(await text(page, '[data-test="family-group-child"] h3'), ar['relation_group.child']);
    assert.equal(await childGroup.locator('[data-test="relative-link"]').innerText(), fullA);
    assert.equal(await childGroup.locator('[data-test="relation-label"]').innerText(), ar['relation.child.male']);
    assert.equal(await childGroup.locator('[data-test="relative-link"]').getAttribute('href'), `#/persons/${idA}`);

    // A's name (other spellings) and birth year: the check lists A before anything is registered.
    await page.goto(`${server.base}/#/persons/new`);
    const copy = {
      text: { 'first-name': 'محمد', 'father-name': 'احمد', 'grandfather-name': 'عبدالله', 'family-name': 'الخطيب', 'birth-date': '1986' },
      select: { sex: 'male' },
    };
    await fillPerson(page, copy);
    await page.click('[data-test="person-create-submit"]');
    const duplicates = page.locator('[data-test="duplicates"]');
    await duplicates.waitFor();
    assert.equal(await text(page, '#duplicates-title'), ar['persons.maybe_registered']);
    const candidateA = duplicates.locator(`[data-test="candidate"][data-person-id="${idA}"]`);
    assert.equal(await candidateA.count(), 1, 'A is not among the candidates');
    assert.equal(await duplicates.locator('[data-test="candidate"]').first().getAttribute('data-person-id'), String(idA));
    assert.equal(await candidateA.locator('[data-test="open-candidate"]').getAttribute('href'), `#/persons/${idA}`);
    assert.ok((await candidateA.innerText()).includes(fullA));
    assert.ok((await candidateA.locator('[data-test="reasons"]').innerText()).includes(`${ar['persons.part.first']}: ${ar['persons.match.exact']}`));
    assert.ok(page.url().endsWith('#/persons/new'), 'nothing registered yet');
    const sameName = (await apiJson(page, 'GET', `/persons/search?q=${encodeURIComponent(fullA)}&limit=50`)).body;
    assert.equal(sameName.items.filter((hit) => hit.person.full_name === fullA).length, 1, 'a copy of A was registered');

    // With A's national number as well: the check names it, and registering anyway is refused beside the number
    // with a link to A, keeping everything typed.
    await page.fill('[data-test="national-id"]', nationalId);
    await page.click('[data-test="person-create-submit"]');
    await duplicates.locator(`[data-test="candidate"][data-person-id="${idA}"] [data-match="national_id_exact"]`).waitFor();
    assert.equal(await text(page, `[data-test="candidate"][data-person-id="${idA}"] [data-match="national_id_exact"]`), ar['persons.nid_match.exact']);
    await page.click('[data-test="register-anyway"]');
    await page.locator('[data-test="national-id"][aria-invalid="true"]').waitFor();
    const errorId = (await page.getAttribute('[data-test="national-id"]', 'aria-describedby')).split(' ')[0];
    const numberError = page.locator(`[id="${errorId}"]`);
    assert.match(await numberError.innerText(), ARABIC);
    assert.doesNotMatch(await numberError.innerText(), /national_id|[{}"]/, 'raw field names or JSON shown');
    assert.equal(await numberError.locator('[data-test="existing-person"]').getAttribute('href'), `#/persons/${idA}`);
    for (const [testId, value] of Object.entries(copy.text)) assert.equal(await page.inputValue(`[data-test="${testId}"]`), value);
    assert.equal(await page.inputValue('[data-test="national-id"]'), nationalId);
    assert.equal(await page.inputValue('[data-test="sex"]'), 'male');
    const holders = (await apiJson(page, 'GET', `/persons/search?national_id=${nationalId}`)).body;
    assert.equal(holders.items.filter((hit) => hit.national_id_match === 'exact').length, 1);
    await numberError.locator('[data-test="existing-person"]').click();
    await page.waitForFunction((id) => window.location.hash === `#/persons/${id}`, idA);
    await page.locator('h1', { hasText: fullA }).waitFor();

    // The search: family name first, without the hamza, finds A first; a click on the row opens A.
    await page.click('[data-test="nav-persons"]');
    await page.fill('[data-test="search-q"]', 'الخطيب محمد احمد');
    await page.click('[data-test="persons-search-submit"]');
    const rows = page.locator('[data-test="persons-table"] tbody tr');
    await rows.first().locator('[data-test="person-link"]').waitFor();
    assert.equal(await rows.first().locator('[data-test="person-link"]').getAttribute('data-person-id'), String(idA));
    assert.equal(await rows.first().locator('[data-test="person-link"]').innerText(), fullA);
    const firstRow = await rows.first().innerText();
    assert.ok(firstRow.includes(nationalId), firstRow);
    assert.ok(firstRow.includes(`${ar['persons.part.family']}: ${ar['persons.match.exact']}`), firstRow);
    assert.ok(firstRow.includes(`${ar['persons.part.father']}: ${ar['persons.match.exact']}`), firstRow);
    assert.match(await text(page, '[data-test="persons-table"] tbody tr [data-test="score"]'), /[\u0660-\u0669]/);
    await rows.first().locator('td').nth(3).click();
    await page.waitForFunction((id) => window.location.hash === `#/persons/${id}`, idA);
    await page.locator('[data-test="person-details"]').waitFor();

    // Editing while someone else changes the record: 409, the typed value stays, Reload shows the other change.
    await page.click('[data-test="edit-person"]');
    await page.locator('[data-test="person-edit"]').waitFor();
    const current = (await apiJson(page, 'GET', `/persons/${idA}`)).body;
    const elsewhere = await apiJson(page, 'PATCH', `/persons/${idA}`, { version: current.version, address: 'عمان، جبل الحسين' }, csrf);
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    await page.fill('[data-test="address"]', 'الزرقاء، حي معصوم');
    await page.click('[data-test="person-edit-submit"]');
    const conflict = page.locator('[data-test="person-edit"] [data-test="banner-error"]');
    await conflict.waitFor();
    assert.ok((await conflict.innerText()).includes(ar['error.conflict']));
    assert.equal(await page.inputValue('[data-test="address"]'), 'الزرقاء، حي معصوم');
    assert.equal(await page.inputValue('[data-test="first-name"]'), nameA.first);
    await conflict.getByRole('button', { name: ar['common.reload'] }).click();
    await page.waitForFunction(() => document.querySelector('[data-test="address"]')?.value === 'عمان، جبل الحسين');

    // English: the same pages with English labels, left to right, ASCII digits.
    await page.goto(`${server.base}/#/persons/${idA}`);
    await page.locator('[data-test="family-group-parent"]').waitFor();
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en' && document.documentElement.dir === 'ltr');
    await page.locator('#person-details-title', { hasText: en['persons.details'] }).waitFor();
    assert.equal(await text(page, 'h1'), fullA, 'names stay as typed');
    assert.equal(await text(page, '[data-test="nav-persons"]'), en['nav.persons']);
    assert.equal(await text(page, '#family-title'), en['family.title']);
    assert.equal(await text(page, '[data-test="family-group-parent"] h3'), en['relation_group.parent']);
    assert.equal(await text(page, '[data-test="family-group-parent"] [data-test="relation-label"]'), 'Father');
    assert.equal(await text(page, '[data-test="national-id"]'), nationalId);
    assert.equal(await text(page, '[data-test="edit-person"]'), en['persons.edit']);
    assert.equal(await text(page, '#family-add-title'), en['family.add']);
    const relationOptions = await page.locator('[data-test="relation"] option').allInnerTexts();
    for (const relation of ['Spouse', 'Parent', 'Child', 'Sibling', 'Grandparent', 'Grandchild', 'Relative', 'Guardian', 'Ward']) {
      assert.ok(relationOptions.includes(relation), `relation ${relation} missing: ${relationOptions}`);
    }
    assert.doesNotMatch(await text(page, '[data-test="person-details"] dl'), /[\u0660-\u0669]/);

    await page.click('[data-test="nav-persons"]');
    await page.locator('[data-test="persons-search"]').waitFor();
    assert.equal(await text(page, 'h1'), en['persons.title']);
    assert.equal(await text(page, '[data-test="new-person"]'), en['persons.new']);
    await page.locator('[data-test="persons-table"] tbody tr [data-test="person-link"]').first().waitFor();
    const headers = await page.locator('[data-test="persons-table"] thead th').allInnerTexts();
    assert.deepEqual(headers.map((header) => header.trim()), [
      en['persons.full_name'], en['persons.national_id'], en['persons.birth_year'], en['persons.sex'],
      en['persons.governorate'], en['persons.score'], en['persons.reasons'],
    ]);
    const englishRow = await page.locator('[data-test="persons-table"] tbody tr').first().innerText();
    assert.ok(englishRow.includes(`${en['persons.part.family']}: ${en['persons.match.exact']}`), englishRow);
    assert.ok(englishRow.includes('Male') && englishRow.includes('Amman'), englishRow);

    // Removing the link, after a confirmation, removes it from both persons.
    await page.goto(`${server.base}/#/persons/${idB}`);
    await page.locator('[data-test="family-group-child"]').waitFor();
    await page.click('[data-test="remove-link"]');
    assert.equal(await page.locator('[data-test="family-group-child"]').count(), 1, 'removed before the confirmation');
    await page.click('[data-test="confirm-remove"]');
    await page.locator('[data-test="family-empty"]').waitFor();
    assert.equal(await text(page, '[data-test="family-empty"]'), en['family.empty']);
    assert.deepEqual((await apiJson(page, 'GET', `/persons/${idA}/family`)).body.items, []);

    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the registry works on a phone-sized screen', async () => {
  const { context, page, problems } = await openPage({ width: 390, height: 844 });
  try {
    await signIn(page, server.base, 'officer');
    await page.goto(`${server.base}/#/persons/new`);
    await page.locator('[data-test="person-create"]').waitFor();
    // Nothing sticks out sideways: the page is no wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the registration form is ${overflow}px wider than the screen`);
    await page.goto(`${server.base}/#/persons`);
    await page.fill('[data-test="search-q"]', 'الخطيب');
    await page.click('[data-test="persons-search-submit"]');
    await page.locator('[data-test="persons-table"] [data-test="person-link"]').first().waitFor();
    const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(pageOverflow <= 0, `the search page is ${pageOverflow}px wider than the screen`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('on a screen 1200 pixels wide the search table fits beside the menu, in Arabic and in English', async () => {
  const { context, page, problems } = await openPage({ width: 1200, height: 800 });
  try {
    await signIn(page, server.base, 'caseworker');
    await inEachLanguage(page, async (lang) => {
      await page.goto(`${server.base}/#/persons`);
      // the demo registry's المعايطة family: long names, numbers, estimated years and several reasons a row
      await page.fill('[data-test="search-q"]', 'رغد عادل فارس المعابطة');
      await page.click('[data-test="persons-search-submit"]');
      await page.locator('[data-test="persons-table"] [data-test="reasons"]').first().waitFor();
      const hidden = await page.evaluate(() => {
        const wrap = document.querySelector('[data-test="persons-table"]').closest('.table-wrap');
        return wrap.scrollWidth - wrap.clientWidth;
      });
      assert.ok(hidden <= 0, `${lang}: ${hidden}px of the search table are hidden to the side`);
    });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('beside the navigation at 800 and 1024 pixels the search form keeps to the page, in Arabic and in English', async () => {
  for (const width of [800, 1024]) {
    const { context, page, problems } = await openPage({ width, height: 800 });
    try {
      await signIn(page, server.base, 'caseworker');
      await inEachLanguage(page, async (lang) => {
        await page.goto(`${server.base}/#/persons`);
        await page.locator('[data-test="search-sex"]').waitFor();
        const layout = await page.evaluate(() => {
          const form = document.querySelector('[data-test="persons-search"]').getBoundingClientRect();
          const sticking = [...document.querySelectorAll('[data-test="persons-search"] input, [data-test="persons-search"] select')]
            .map((el) => Math.round(Math.max(el.getBoundingClientRect().right - form.right, form.left - el.getBoundingClientRect().left)))
            .filter((out) => out > 1);
          return { page: document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth, sticking, nav: !!document.querySelector('#nav')?.checkVisibility() };
        });
        assert.ok(layout.nav, `${width} ${lang}: the navigation is not beside the page`);
        assert.ok(layout.page <= 1, `${width} ${lang}: the search page is ${layout.page}px wider than the screen`);
        assert.deepEqual(layout.sticking, [], `${width} ${lang}: fields stick out of the search form`);
      });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test('a slip in a name is explained with the word as the user typed it, not as the search folded it', async () => {
  const { context, page, problems } = await openPage();
  try {
    // The demo registry (takamul demo) holds رغد عادل فارس المعايطة; ب for ي is the slip, and the typed ة
    // is folded to ه by the search.
    await signIn(page, server.base, 'caseworker');
    await page.goto(`${server.base}/#/persons`);
    await page.fill('[data-test="search-q"]', 'رغد عادل المعابطة');
    await page.click('[data-test="persons-search-submit"]');
    const reason = page.locator('[data-test="persons-table"] tbody tr').first().locator('[data-match="spelling"][data-part="family"]');
    await reason.waitFor();
    assert.equal(await reason.locator('.reason-word').innerText(), 'المعابطة');
    assert.ok((await reason.innerText()).startsWith(`${ar['persons.part.family']}: ${ar['persons.match.spelling']}`));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an administrator gets no person pages', async () => {
  const { context, page, problems } = await openPage();
  try {
    await signIn(page, server.base, 'admin');
    assert.equal(await page.locator('[data-test="nav-persons"]').count(), 0);
    assert.equal(await page.locator('[data-test="nav-section-persons"]').count(), 0);
    let personCalls = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/v1/persons')) personCalls += 1;
    });
    for (const hash of ['#/persons', '#/persons/new', '#/persons/1', '#/persons/1/edit', '#/section/persons']) {
      await page.goto(`${server.base}/${hash}`);
      await page.locator('h1', { hasText: ar['error.forbidden_title'] }).waitFor();
      assert.equal(await page.locator('[data-test="persons-search"], [data-test="person-create"], [data-test="person-details"]').count(), 0, hash);
    }
    assert.equal(personCalls, 0, 'the interface asked the API for persons on behalf of an administrator');
    // The API refuses too, whatever the interface shows.
    const refused = await apiJson(page, 'GET', '/persons/search?q=%D8%A7%D9%84%D8%AE%D8%B7%D9%8A%D8%A8');
    assert.equal(refused.status, 403);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** Registers a person through the API (as the page's user) and asserts 201; returns the record. */
async function registerPerson(page, csrf, body) {
  const answer = await apiJson(page, 'POST', '/persons', body, csrf);
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

const isolated = (text) => `\u2068${text}\u2069`;

test('a supervisor merges a duplicate with a reason, sees the moved family link and the history, and undoes the merge', async () => {
  const { context, page, problems } = await openPage();
  const keptNames = { first_name: 'سلمى', father_name: 'محمود', grandfather_name: 'حسن', family_name: 'العمري' };
  const fullKept = 'سلمى محمود حسن العمري';
  const fullCopy = 'سلمى محمود العمري';
  const fullMother = 'فاطمة علي يوسف العمري';
  const nationalId = freshNationalId();
  try {
    await signIn(page, server.base, 'supervisor');
    const me = (await apiJson(page, 'GET', '/me')).body;
    const csrf = me.csrf_token;
    const kept = await registerPerson(page, csrf, {
      ...keptNames, sex: 'female', national_id: nationalId, birth_date: '1990-05-04', governorate: 'irbid', phones: ['0791112223'],
    });
    const copy = await registerPerson(page, csrf, {
      first_name: 'سلمى', father_name: 'محمود', family_name: 'العمري', sex: 'female', birth_year: 1990, birth_year_estimated: true,
      governorate: 'irbid', phones: ['0795556667'],
    });
    const mother = await registerPerson(page, csrf, {
      first_name: 'فاطمة', father_name: 'علي', grandfather_name: 'يوسف', family_name: 'العمري', sex: 'female', birth_year: 1962, birth_year_estimated: true,
    });
    const linked = await apiJson(page, 'POST', `/persons/${copy.id}/family`, { relative_id: mother.id, relation: 'parent' }, csrf);
    assert.equal(linked.status, 201, JSON.stringify(linked.body));

    await page.goto(`${server.base}/#/persons/${kept.id}`);
    await page.locator('[data-test="family-empty"]').waitFor();
    assert.equal(await page.locator('[data-test="merge-history"]').count(), 0, 'a record never merged shows no history');
    const start = page.locator('[data-test="merge-start"]');
    assert.equal(await start.innerText(), ar['merge.start']);
    await start.click();
    const dialog = page.locator('[data-test="merge-dialog"]');
    await dialog.waitFor();
    assert.equal(await dialog.locator('h2').innerText(), ar['merge.title']);
    assert.ok(await dialog.evaluate((node) => node.open && node.matches(':modal')), 'the merge dialog is not modal');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-test')), 'merge-search', 'focus is not in the search box');

    // Nothing chosen yet: the dialog says to search first and asks for the reason, and nothing is sent.
    await dialog.locator('[data-test="merge-form-submit"]').click();
    await dialog.locator('[data-test="merge-duplicate"] .field-error', { hasText: ar['merge.search_first'] }).waitFor();
    assert.equal(await dialog.locator('[data-test="merge-reason"]').getAttribute('aria-invalid'), 'true');

    // The search offers the duplicate, never the record itself; choosing it shows both side by side.
    await dialog.locator('[data-test="merge-search"]').fill('سلمى محمود العمري');
    await dialog.locator('[data-test="merge-search-button"]').click();
    const candidate = dialog.locator(`[data-test="merge-candidate"][data-person-id="${copy.id}"]`);
    await candidate.waitFor();
    assert.equal(await dialog.locator(`[data-test="merge-candidate"][data-person-id="${kept.id}"]`).count(), 0, 'the record is offered as its own duplicate');
    await candidate.check();
    const table = dialog.locator('[data-test="merge-compare-table"]');
    await table.waitFor();
    assert.equal(await table.locator('[data-test="compare-kept-heading"]').innerText(), ar['merge.kept_column']);
    assert.equal(await table.locator('[data-test="compare-merged-heading"]').innerText(), ar['merge.merged_column']);
    const rowCells = async (field) => table.locator(`[data-test="compare-row"][data-field="${field}"] td`).allInnerTexts();
    assert.deepEqual(await rowCells('full_name'), [fullKept, fullCopy]);
    assert.deepEqual(await rowCells('national_id'), [nationalId, ar['persons.not_recorded_short']]);
    assert.deepEqual(await rowCells('sex'), [ar['sex.female'], ar['sex.female']]);
    assert.deepEqual((await rowCells('phones')).map((cell) => cell.trim()), ['0791112223', '0795556667']);
    const differs = async (field) => table.locator(`[data-test="compare-row"][data-field="${field}"]`).getAttribute('data-differs');
    assert.equal(await differs('national_id'), 'true');
    assert.equal(await differs('phones'), 'true');
    assert.equal(await differs('sex'), 'false');
    assert.equal(await differs('governorate'), 'false');
    assert.ok((await table.locator('[data-test="compare-row"][data-field="national_id"] th').innerText()).includes(ar['merge.differs']));

    // The reason is required.
    await dialog.locator('[data-test="merge-form-submit"]').click();
    await dialog.locator('[data-test="merge-reason"][aria-invalid="true"]').waitFor();
    assert.equal((await apiJson(page, 'GET', `/persons/${copy.id}`)).body.status, 'active', 'merged without a reason');

    // The duplicate changes elsewhere before the merge is confirmed: 409, nothing merged, the comparison shows the
    // change, the message is Arabic; confirming again merges.
    const current = (await apiJson(page, 'GET', `/persons/${copy.id}`)).body;
    const elsewhere = await apiJson(page, 'PATCH', `/persons/${copy.id}`, { version: current.version, national_id: freshNationalId().replace(/^9/, '8') }, csrf);
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    await dialog.locator('[data-test="merge-reason"]').fill('السجل نفسه مسجل مرتين، مرة دون الرقم الوطني');
    await dialog.locator('[data-test="merge-form-submit"]').click();
    const conflict = dialog.locator('[data-test="banner-error"]');
    await conflict.waitFor();
    assert.equal(await conflict.innerText(), ar['merge.conflict']);
    assert.deepEqual(await rowCells('national_id'), [nationalId, elsewhere.body.national_id]);
    assert.equal((await apiJson(page, 'GET', `/persons/${copy.id}`)).body.status, 'active', 'merged despite the conflict');
    assert.equal(await dialog.locator('[data-test="merge-reason"]').inputValue(), 'السجل نفسه مسجل مرتين، مرة دون الرقم الوطني');
    await dialog.locator('[data-test="merge-form-submit"]').click();

    // The kept record's page again: the mother came with the duplicate, and the history names it.
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-test="merge-history"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), format(ar, 'merge.done', { name: isolated(fullCopy) }));
    assert.equal(await text(page, 'h1'), fullKept);
    const parentGroup = page.locator('[data-test="family-group-parent"]');
    assert.equal(await parentGroup.locator('[data-test="relative-link"]').innerText(), fullMother);
    assert.equal(await parentGroup.locator('[data-test="relation-label"]').innerText(), ar['relation.parent.female']);
    const item = page.locator('[data-test="merge-item"]');
    assert.equal(await item.count(), 1);
    assert.equal(await item.getAttribute('data-state'), 'in_force');
    assert.equal(await item.locator('[data-test="merge-state"]').innerText(), ar['merge.state_in_force']);
    assert.equal(await item.locator('[data-test="merge-other"]').innerText(), fullCopy);
    assert.equal(await item.locator('[data-test="merge-other"]').getAttribute('href'), `#/persons/${copy.id}`);
    const itemText = await item.innerText();
    for (const expected of [me.user.full_name, 'السجل نفسه مسجل مرتين، مرة دون الرقم الوطني', ar['merge.by'], ar['merge.reason_label']]) {
      assert.ok(itemText.includes(expected), `${expected} not in: ${itemText}`);
    }
    assert.doesNotMatch(itemText, ASCII_DIGIT, 'dates in the Arabic history should use Arabic-Indic digits');
    const stored = (await apiJson(page, 'GET', `/persons/${copy.id}`)).body;
    assert.equal(stored.status, 'merged');
    assert.equal(stored.merged_into, kept.id);

    // The merged record says where it went, who merged it, when and why; it cannot be edited or merged into.
    await item.locator('[data-test="merge-other"]').click();
    await page.waitForFunction((id) => window.location.hash === `#/persons/${id}`, copy.id);
    const note = page.locator('[data-test="merged-note"]');
    await note.waitFor();
    assert.equal(await note.locator('[data-test="merged-into"]').getAttribute('href'), `#/persons/${kept.id}`);
    assert.equal(await note.locator('[data-test="merged-into"]').innerText(), fullKept);
    const detail = await note.locator('[data-test="merged-detail"]').innerText();
    assert.ok(detail.includes(me.user.full_name) && detail.includes('مرة دون الرقم الوطني'), detail);
    assert.equal(await page.locator('[data-test="edit-person"]').count(), 0);
    assert.equal(await page.locator('[data-test="merge-start"]').count(), 0);
    assert.equal(await page.locator('[data-test="family-empty"]').count(), 1, 'the family did not move away');
    const mergedItem = page.locator('[data-test="merge-item"]');
    assert.equal(await mergedItem.locator('[data-test="merge-other"]').innerText(), fullKept);

    // Undo, with a reason: the record is active again, with its mother back; the history keeps the undone merge.
    await mergedItem.locator('[data-test="undo-merge"]').click();
    const undoBox = page.locator('[data-test="undo-box"]');
    await undoBox.waitFor();
    assert.ok((await undoBox.innerText()).includes(fullCopy));
    await undoBox.locator('[data-test="undo-form-submit"]').click();
    await undoBox.locator('[data-test="undo-reason"][aria-invalid="true"]').waitFor();
    assert.equal((await apiJson(page, 'GET', `/persons/${copy.id}`)).body.status, 'merged', 'undone without a reason');
    await undoBox.locator('[data-test="undo-reason"]').fill('تبيّن أنهما أختان توأم');
    await undoBox.locator('[data-test="undo-form-submit"]').click();
    await page.locator('[data-test="edit-person"]').waitFor();
    assert.equal(await text(page, '[data-test="banner-success"]'), format(ar, 'merge.undone', { name: isolated(fullCopy) }));
    assert.equal(await page.locator('[data-test="merged-note"]').count(), 0);
    assert.equal(await page.locator('[data-test="merge-start"]').count(), 1);
    assert.equal(await page.locator('[data-test="family-group-parent"] [data-test="relative-link"]').innerText(), fullMother);
    assert.equal(await page.locator('[data-test="merge-item"]').getAttribute('data-state'), 'undone');
    assert.equal(await text(page, '[data-test="merge-item"] [data-test="merge-state"]'), ar['merge.state_undone']);
    assert.ok((await text(page, '[data-test="merge-item"]')).includes('تبيّن أنهما أختان توأم'));
    assert.equal(await page.locator('[data-test="undo-merge"]').count(), 0, 'an undone merge offers another undo');
    assert.equal((await apiJson(page, 'GET', `/persons/${copy.id}`)).body.status, 'active');
    assert.deepEqual((await apiJson(page, 'GET', `/persons/${kept.id}/family`)).body.items, []);

    // The API's history says the same.
    const merges = (await apiJson(page, 'GET', `/persons/${copy.id}/merges`)).body.items;
    assert.equal(merges.length, 1);
    assert.notEqual(merges[0].undone_at, null);

    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a caseworker sees the merge history and the merged note, but no merge or undo button', async () => {
  const supervisor = await openPage();
  const { context, page, problems } = await openPage();
  try {
    await signIn(supervisor.page, server.base, 'supervisor');
    const csrf = (await apiJson(supervisor.page, 'GET', '/me')).body.csrf_token;
    const kept = await registerPerson(supervisor.page, csrf, { first_name: 'عمر', father_name: 'يوسف', family_name: 'الرواشدة', sex: 'male' });
    const copy = await registerPerson(supervisor.page, csrf, { first_name: 'عمر', father_name: 'يوسف', family_name: 'الرواشده', sex: 'male' });
    const merged = await apiJson(supervisor.page, 'POST', `/persons/${kept.id}/merge`, { version: kept.version, merge_id: copy.id, merge_version: copy.version, reason: 'مكرر' }, csrf);
    assert.equal(merged.status, 200, JSON.stringify(merged.body));

    await signIn(page, server.base, 'caseworker');
    await page.goto(`${server.base}/#/persons/${kept.id}`);
    await page.locator('[data-test="merge-history"]').waitFor();
    assert.equal(await page.locator('[data-test="edit-person"]').count(), 1);
    assert.equal(await page.locator('[data-test="merge-start"]').count(), 0, 'a caseworker is offered the merge');
    assert.equal(await page.locator('[data-test="merge-item"]').getAttribute('data-state'), 'in_force');
    assert.equal(await page.locator('[data-test="undo-merge"]').count(), 0, 'a caseworker is offered the undo');

    await page.goto(`${server.base}/#/persons/${copy.id}`);
    await page.locator('[data-test="merged-note"]').waitFor();
    assert.equal(await page.locator('[data-test="merged-note"] [data-test="merged-into"]').innerText(), 'عمر يوسف الرواشدة');
    assert.equal(await page.locator('[data-test="merge-history"] [data-test="merge-item"]').count(), 1);
    assert.equal(await page.locator('[data-test="undo-merge"], [data-test="merge-start"]').count(), 0);

    // The API refuses the caseworker too.
    const cwCsrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;
    const refused = await apiJson(page, 'POST', `/persons/merges/${merged.body.merge.id}/undo`, { reason: 'محاولة' }, cwCsrf);
    assert.equal(refused.status, 403);
    assert.deepEqual(problems, []);
    assert.deepEqual(supervisor.problems, []);
  } finally {
    await context.close();
    await supervisor.context.close();
  }
});

test('a merge or an undo refused by the server is explained in the user\'s language, and nothing changes', async () => {
  const { context, page, problems } = await openPage();
  try {
    await signIn(page, server.base, 'supervisor');
    const csrf = (await apiJson(page, 'GET', '/me')).body.csrf_token;
    const kept = await registerPerson(page, csrf, { first_name: 'ليث', father_name: 'سامي', family_name: 'القضاة', sex: 'male' });
    const copy = await registerPerson(page, csrf, { first_name: 'ليث', father_name: 'سامي', family_name: 'القضاه', sex: 'male' });
    const other = await registerPerson(page, csrf, { first_name: 'ليث', father_name: 'سامي', grandfather_name: 'خالد', family_name: 'القضاة', sex: 'male' });

    // The duplicate is merged into another record while the dialog is open: 409 person.merged, in Arabic.
    await page.goto(`${server.base}/#/persons/${kept.id}`);
    await page.click('[data-test="merge-start"]');
    const dialog = page.locator('[data-test="merge-dialog"]');
    await dialog.locator('[data-test="merge-search"]').fill('ليث سامي القضاه');
    await dialog.locator('[data-test="merge-search-button"]').click();
    await dialog.locator(`[data-test="merge-candidate"][data-person-id="${copy.id}"]`).check();
    await dialog.locator('[data-test="merge-reason"]').fill('مكرر');
    const elsewhere = await apiJson(page, 'POST', `/persons/${other.id}/merge`, { version: other.version, merge_id: copy.id, merge_version: copy.version, reason: 'دمج من مكان آخر' }, csrf);
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    await dialog.locator('[data-test="merge-form-submit"]').click();
    const refusal = dialog.locator('[data-test="banner-error"]');
    await refusal.waitFor();
    const refusalText = await refusal.innerText();
    assert.match(refusalText, ARABIC);
    assert.doesNotMatch(refusalText, /person\.merged|[{}"]/, 'a code or JSON shown to the user');
    assert.equal(await dialog.locator('[data-test="merge-reason"]').inputValue(), 'مكرر');
    assert.deepEqual((await apiJson(page, 'GET', `/persons/${kept.id}/merges`)).body.items, []);

    // Escape closes the dialog and nothing was merged into this record.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-test="merge-history"]').count(), 0);

    // The merge is undone elsewhere while its page is open: 409 person.merge_undone, in Arabic; the history then
    // shows it undone once the page is drawn again.
    await page.goto(`${server.base}/#/persons/${other.id}`);
    await page.locator('[data-test="merge-item"][data-state="in_force"]').waitFor();
    const undoneElsewhere = await apiJson(page, 'POST', `/persons/merges/${elsewhere.body.merge.id}/undo`, { reason: 'من مكان آخر' }, csrf);
    assert.equal(undoneElsewhere.status, 200, JSON.stringify(undoneElsewhere.body));
    await page.click('[data-test="undo-merge"]');
    await page.fill('[data-test="undo-reason"]', 'تراجع');
    await page.click('[data-test="undo-form-submit"]');
    const undoRefusal = page.locator('[data-test="undo-box"] [data-test="banner-error"]');
    await undoRefusal.waitFor();
    assert.match(await undoRefusal.innerText(), ARABIC);
    assert.doesNotMatch(await undoRefusal.innerText(), /person\.merge_undone|[{}"]/);
    const merges = (await apiJson(page, 'GET', `/persons/${other.id}/merges`)).body.items;
    assert.equal(merges[0].undo_reason, 'من مكان آخر', 'the second undo overwrote the first');
    await page.reload();
    await page.locator('[data-test="merge-item"][data-state="undone"]').waitFor();
    assert.equal(await page.locator('[data-test="undo-merge"]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a person of a restricted case the caseworker does not see: her identity, a note saying why, no edit or merge', async () => {
  const supervisor = await openPage();
  const { context, page, problems } = await openPage();
  try {
    await signIn(supervisor.page, server.base, 'supervisor');
    const csrf = (await apiJson(supervisor.page, 'GET', '/me')).body.csrf_token;
    const victim = await registerPerson(supervisor.page, csrf, { first_name: 'وعد', father_name: 'سامي', family_name: 'القضاة', sex: 'female', birth_date: '1991-03-03', address: 'حي سري في عمان', phones: ['0795550001'] });
    const made = await apiJson(supervisor.page, 'POST', '/cases', { kind: 'family_violence', sensitivity: 'restricted', summary: 'حالة مقيدة', persons: [{ person_id: victim.id, role: 'victim' }] }, csrf);
    assert.equal(made.status, 201, JSON.stringify(made.body));

    await signIn(page, server.base, 'caseworker');
    await page.goto(`${server.base}/#/persons/${victim.id}`);
    await page.locator('[data-test="person-details"]').waitFor();
    assert.equal(await text(page, '[data-test="person-title"]'), 'وعد سامي القضاة');
    assert.equal(await text(page, '[data-test="banner-info"]'), ar['persons.withheld']);
    assert.equal(await page.locator('[data-test="address"]').count(), 0, 'her address is shown');
    assert.ok(!(await page.content()).includes('0795550001'), 'her phone is on the page');
    assert.equal(await page.locator('[data-test="edit-person"], [data-test="merge-start"]').count(), 0);

    // the supervisor of her case sees it all, and may change it
    await supervisor.page.goto(`${server.base}/#/persons/${victim.id}`);
    await supervisor.page.locator('[data-test="address"]').waitFor();
    assert.equal(await supervisor.page.locator('[data-test="banner-info"]').count(), 0);
    assert.equal(await supervisor.page.locator('[data-test="edit-person"]').count(), 1);
    assert.deepEqual(problems, []);
    assert.deepEqual(supervisor.problems, []);
  } finally {
    await context.close();
    await supervisor.context.close();
  }
});
