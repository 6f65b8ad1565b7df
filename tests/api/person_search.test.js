'use strict';
// Person search (docs/api.md, "Persons" → "Search"): a small synthetic registry in which the right person must rank
// first for every spelling variant the units write (hamza forms, ى/ي, ة/ه, ؤ, ئ, tatweel, diacritics, invisible marks,
// presentation forms, compound names, the article, family-first order, a missing grandfather, slips of one letter,
// national numbers in Arabic-Indic digits or with one slip), and must not confuse siblings, a father and his son,
// محمد/محمود, عبدالله/عبدالإله, or two people with the same name born in different years. Also the reasons, the sex
// filter, limits, errors, access, the audit row, and POST /persons/check. Every name and number here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
let cw; // caseworker: cookie session with CSRF token
let auditor;
let admin;

/** The registry, by a short key: each registration body. */
const PEOPLE = {
  // A family: a father, two sons and a daughter sharing father, grandfather and family names.
  khatibFather: { first_name: 'أحمد', father_name: 'سليمان', grandfather_name: 'يوسف', family_name: 'الخطيب', sex: 'male', birth_date: '1958-04-10', national_id: '2581110001' },
  khatibMohammad: { first_name: 'محمد', father_name: 'أحمد', grandfather_name: 'سليمان', family_name: 'الخطيب', sex: 'male', birth_date: '1984-02-15', national_id: '2841110002' },
  khatibKhaled: { first_name: 'خالد', father_name: 'أحمد', grandfather_name: 'سليمان', family_name: 'الخطيب', sex: 'male', birth_date: '1987-07-01' },
  khatibFatima: { first_name: 'فاطمة', father_name: 'أحمد', grandfather_name: 'سليمان', family_name: 'الخطيب', sex: 'female', birth_date: '1991-11-20' },
  // The grandson, named after his grandfather: first and family name the same as the grandfather's.
  khatibGrandson: { first_name: 'أحمد', father_name: 'محمد', grandfather_name: 'أحمد', family_name: 'الخطيب', sex: 'male', birth_date: '2010-01-25' },
  // Two different people with the same four-part name.
  najjarOld: { first_name: 'يوسف', father_name: 'إبراهيم', grandfather_name: 'علي', family_name: 'النجار', sex: 'male', birth_year: 1970, birth_year_estimated: true },
  najjarYoung: { first_name: 'يوسف', father_name: 'إبراهيم', grandfather_name: 'علي', family_name: 'النجار', sex: 'male', birth_date: '1995-05-05', national_id: '2951117777' },
  // محمد and محمود: brothers, and محمود in common use elsewhere.
  omariMohammad: { first_name: 'محمد', father_name: 'سالم', grandfather_name: 'عيسى', family_name: 'العمري', sex: 'male', birth_date: '1980-01-12' },
  omariMahmoud: { first_name: 'محمود', father_name: 'سالم', grandfather_name: 'عيسى', family_name: 'العمري', sex: 'male', birth_date: '1982-03-03' },
  rifaiMahmoud: { first_name: 'محمود', father_name: 'عارف', grandfather_name: 'نمر', family_name: 'الرفاعي', sex: 'male', birth_date: '1969-09-09' },
  shammariYaser: { first_name: 'ياسر', father_name: 'محمود', grandfather_name: 'حمدان', family_name: 'الشمري', sex: 'male', birth_date: '1990-06-06' },
  kurdiHind: { first_name: 'هند', father_name: 'محمود', grandfather_name: 'راشد', family_name: 'الكردي', sex: 'female', birth_date: '1994-04-04' },
  // عبدالله and عبدالإله: brothers, and عبدالإله in common use elsewhere.
  zoubiAbdullah: { first_name: 'عبد الله', father_name: 'فيصل', grandfather_name: 'محمود', family_name: 'الزعبي', sex: 'male', birth_date: '1975-02-02', national_id: '2751113579' },
  zoubiAbdulilah: { first_name: 'عبدالإله', father_name: 'فيصل', grandfather_name: 'محمود', family_name: 'الزعبي', sex: 'male', birth_date: '1978-08-08' },
  saadiNader: { first_name: 'نادر', father_name: 'عبد الإله', grandfather_name: 'صالح', family_name: 'السعدي', sex: 'male', birth_date: '1999-01-01' },
  hauraniSalma: { first_name: 'سلمى', father_name: 'عبدالإله', grandfather_name: 'منير', family_name: 'الحوراني', sex: 'female', birth_date: '2001-02-02' },
  // The family name with and without the article.
  hamoudAl: { first_name: 'سامر', father_name: 'ماجد', grandfather_name: 'خليل', family_name: 'الحمود', sex: 'male', birth_date: '1989-10-10' },
  hamoudBare: { first_name: 'ريم', father_name: 'عادل', grandfather_name: 'جميل', family_name: 'حمود', sex: 'female', birth_date: '1993-12-12' },
  // Compound first names.
  abdulrahman: { first_name: 'عبد الرحمن', father_name: 'ناصر', grandfather_name: 'عيسى', family_name: 'الطراونة', sex: 'male', birth_date: '1979-05-15' },
  izzaddin: { first_name: 'عز الدين', father_name: 'محمد', grandfather_name: 'طه', family_name: 'العزام', sex: 'male', birth_date: '1985-05-25' },
  abubakr: { first_name: 'أبو بكر', father_name: 'عمر', grandfather_name: 'حسين', family_name: 'الصمادي', sex: 'male', birth_date: '1986-06-16' },
  // Letter variants.
  ibrahim: { first_name: 'إبراهيم', father_name: 'خليل', grandfather_name: 'موسى', family_name: 'الشريف', sex: 'male', birth_date: '1966-03-30' },
  muminiAhmad: { first_name: 'احمد', father_name: 'رشيد', grandfather_name: 'كمال', family_name: 'المومني', sex: 'male', birth_date: '1972-07-27' },
  usama: { first_name: 'أسامة', father_name: 'نبيل', grandfather_name: 'شاكر', family_name: 'الدويري', sex: 'male', birth_date: '1983-08-18' },
  layla: { first_name: 'ليلى', father_name: 'مصطفى', grandfather_name: 'حسن', family_name: 'العلي', sex: 'female', birth_date: '1992-09-29', national_id: '2921118642' },
  momen: { first_name: 'مؤمن', father_name: 'رائد', grandfather_name: 'سعيد', family_name: 'البدور', sex: 'male', birth_date: '1996-10-01' },
  hayel: { first_name: 'هايل', father_name: 'نزار', grandfather_name: 'عودة', family_name: 'العتوم', sex: 'male', birth_date: '1961-11-11' },
  thamer: { first_name: 'ثامر', father_name: 'وليد', grandfather_name: 'فهد', family_name: 'المجالي', sex: 'male', birth_date: '1981-04-21' },
  samir: { first_name: 'سمير', father_name: 'جمال', grandfather_name: 'عوض', family_name: 'القضاة', sex: 'male', birth_date: '1977-12-07' },
  // A family name of the form بني X, and a compound first name outside the joining rules (نور الهدى).
  baniHani: { first_name: 'سلامة', father_name: 'عواد', grandfather_name: 'مفلح', family_name: 'بني هاني', sex: 'male', birth_date: '1974-03-03' },
  hanani: { first_name: 'سلامة', father_name: 'عواد', grandfather_name: 'مفلح', family_name: 'الهاني', sex: 'male', birth_date: '1950-03-03' },
  nourAlhuda: { first_name: 'نور الهدى', father_name: 'فراس', grandfather_name: 'عدنان', family_name: 'الرواشدة', sex: 'female', birth_date: '2004-06-06' },
  nourRawashdeh: { first_name: 'نور', father_name: 'هدى', grandfather_name: 'فراس', family_name: 'الرواشدة', sex: 'female', birth_date: '1999-06-06' },
  // A son whose record lacks the grandfather's name, and his father: "رامز سعد خليل الحديد" is the son
  // (رامز بن سعد بن خليل), though its last three words are the father's name.
  hadidFather: { first_name: 'سعد', father_name: 'خليل', grandfather_name: 'ياسين', family_name: 'الحديد', sex: 'male', birth_date: '1950-01-01' },
  hadidSon: { first_name: 'رامز', father_name: 'سعد', family_name: 'الحديد', sex: 'male', birth_date: '1980-01-01' },
  // حمد carried by one person only, and حامد by nobody: still two names (from the built-in list of given names).
  hamad: { first_name: 'حمد', father_name: 'نايف', grandfather_name: 'مثقال', family_name: 'الخرابشة', sex: 'male', birth_date: '1968-08-08' },
  // A rare first name, for a search by the first name alone.
  ghadeer: { first_name: 'غدير', father_name: 'منذر', grandfather_name: 'سالم', family_name: 'الفايز', sex: 'female', birth_date: '1997-07-07' },
  // A large family for the default limit (12 persons sharing a family name).
  ...Object.fromEntries(
    ['عمر', 'زيد', 'ليث', 'رامي', 'هاني', 'نبيل', 'وائل', 'باسل', 'طارق', 'معاذ', 'جمانة', 'رنا'].map((first, i) => [
      `hiyari${i}`,
      { first_name: first, father_name: i % 2 ? 'منصور' : 'غازي', grandfather_name: 'عطا', family_name: 'الحياري',
        sex: i >= 10 ? 'female' : 'male', birth_date: `${1960 + i * 3}-01-0${1 + (i % 9)}` },
    ]),
  ),
};

/** Registered persons by key: the 201 records. */
const P = {};
/** key by id, for messages. */
const keyOf = new Map();

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  cw = await api.loginAs('caseworker');
  auditor = await api.loginAs('auditor');
  admin = await api.loginAs('admin');
  for (const [key, body] of Object.entries(PEOPLE)) {
    const r = await api.request('POST', '/api/v1/persons', { ...cw, body });
    assert.equal(r.status, 201, `POST /persons ${key}: ${r.status} ${r.text}`);
    P[key] = r.body;
    keyOf.set(r.body.id, key);
  }
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

/** GET /persons/search with the given parameters (as the caseworker unless auth is given). */
function searchRaw(params, auth = cw) {
  const qs = new URLSearchParams(params).toString();
  return api.request('GET', `/api/v1/persons/search?${qs}`, auth);
}

/** Searches and asserts 200 with an items array; returns the items. */
async function search(params) {
  const r = await searchRaw(params);
  assert.equal(r.status, 200, `search ${JSON.stringify(params)}: ${r.status} ${r.text}`);
  assert.ok(r.body && Array.isArray(r.body.items), r.text);
  return r.body.items;
}

/** The ranking as readable lines, for failure messages. */
function ranking(items) {
  if (!items.length) return '  (no results)';
  return items
    .map((it, i) => {
      const reasons = it.reasons.map((x) => `${x.query}→${x.part}:${x.match}:${x.similarity}`).join(', ');
      return `  #${i + 1} ${keyOf.get(it.person.id) || it.person.id} "${it.person.full_name}" (${it.person.birth_year}) ` +
        `score=${it.score} nid=${it.national_id_match} [${reasons}]`;
    })
    .join('\n');
}

/**
 * Asserts that the person under `key` is first, with a score strictly above every other result (a tie decided by
 * the order of registration is not a ranking). With `exact`, every word of the query must also have matched a part
 * as "exact" (the same after folding), so that a folding rule lost cannot hide behind the typo tolerance.
 * Returns the items.
 */
async function assertFirst(params, key, { exact = false } = {}) {
  const items = await search(params);
  const want = P[key].id;
  const what = `search ${JSON.stringify(params)}: expected ${key} "${P[key].full_name}" first\n${ranking(items)}`;
  assert.ok(items.length > 0, what);
  assert.equal(items[0].person.id, want, what);
  if (items.length > 1) assert.ok(items[1].score < items[0].score, `tied for first: ${what}`);
  if (exact) {
    const reasons = items[0].reasons;
    assert.ok(reasons.length > 0 && reasons.every((x) => x.match === 'exact' && x.similarity === 1),
      `not every word matched exactly: ${what}`);
  }
  return items;
}

const EXACT = { exact: true };

/** Asserts that `other`, when present, ranks strictly below `key` (by position and by score). */
function assertBelow(items, key, other, params) {
  const what = `search ${JSON.stringify(params)}: ${other} must rank strictly below ${key}\n${ranking(items)}`;
  const a = items.findIndex((it) => it.person.id === P[key].id);
  const b = items.findIndex((it) => it.person.id === P[other].id);
  assert.ok(a >= 0, what);
  if (b >= 0) {
    assert.ok(b > a, what);
    assert.ok(items[b].score < items[a].score, what);
  }
  return b;
}

const indic = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x660 + Number(d)));

// ---------------------------------------------------------------------------------------------------------------
// 1. The answer's shape

test('a search answers 200 with items holding score, reasons, national_id_match and the person', async () => {
  const items = await assertFirst({ q: 'محمد أحمد سليمان الخطيب' }, 'khatibMohammad');
  for (const it of items) {
    assert.equal(typeof it.score, 'number');
    assert.ok(it.score > 0 && it.score <= 1, `score ${it.score}`);
    assert.equal(it.national_id_match, null);
    assert.ok(Array.isArray(it.reasons));
    assert.equal(typeof it.person.id, 'number');
    assert.equal(typeof it.person.full_name, 'string');
  }
  // best first
  for (let i = 1; i < items.length; i++) assert.ok(items[i].score <= items[i - 1].score, ranking(items));
  assert.deepEqual(items[0].person, P.khatibMohammad);
  assert.equal(items[0].score, 1);
});

test('a name nobody has answers 200 with no items', async () => {
  assert.deepEqual(await search({ q: 'زكريا قاسم البرغوثي' }), []);
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Spelling variants: the right person first

test('hamza forms: احمد finds أحمد (and أحمد finds احمد)', async () => {
  await assertFirst({ q: 'احمد سليمان الخطيب' }, 'khatibFather', EXACT);
  await assertFirst({ q: 'أحمد رشيد المومني' }, 'muminiAhmad', EXACT);
  await assertFirst({ q: 'اسامه نبيل الدويري' }, 'usama', EXACT);
});

test('hamza forms: ابراهيم finds إبراهيم, and آ/أ/إ/ا in any part', async () => {
  await assertFirst({ q: 'ابراهيم خليل الشريف' }, 'ibrahim', EXACT);
  await assertFirst({ q: 'آبراهيم خليل موسى الشريف' }, 'ibrahim', EXACT);
  await assertFirst({ q: 'يوسف أبراهيم علي النجار', birth_year: '1995' }, 'najjarYoung', EXACT);
});

test('ى/ي: ليلي مصطفي finds ليلى مصطفى', async () => {
  await assertFirst({ q: 'ليلي مصطفي العلي' }, 'layla', EXACT);
  await assertFirst({ q: 'ليلى مصطفى حسن العلي' }, 'layla', EXACT);
});

test('ة/ه: فاطمه finds فاطمة, الطراونه finds الطراونة', async () => {
  await assertFirst({ q: 'فاطمه احمد الخطيب' }, 'khatibFatima', EXACT);
  await assertFirst({ q: 'عبدالرحمن ناصر الطراونه' }, 'abdulrahman', EXACT);
});

test('ؤ/و: مومن finds مؤمن', async () => {
  await assertFirst({ q: 'مومن رائد البدور' }, 'momen', EXACT);
});

test('ئ/ي: رايد finds رائد, هائل finds هايل', async () => {
  await assertFirst({ q: 'مؤمن رايد البدور' }, 'momen', EXACT);
  await assertFirst({ q: 'هائل نزار العتوم' }, 'hayel', EXACT);
});

test('tatweel and diacritics are ignored', async () => {
  await assertFirst({ q: 'مُحَمَّد أحـــمد الخـطـيـب' }, 'khatibMohammad', EXACT);
  await assertFirst({ q: 'خَالِد أَحْمَد سُلَيْمَان الخَطِيب' }, 'khatibKhaled', EXACT);
});

test('a zero-width non-joiner and a right-to-left mark pasted into the query are ignored', async () => {
  await assertFirst({ q: '\u200fمح\u200cمد احمد الخطيب\u200f' }, 'khatibMohammad', EXACT);
  await assertFirst({ q: 'خا\u200cلد \u200fاحمد الخطيب' }, 'khatibKhaled', EXACT);
});

test('every other invisible character pasted into the query is ignored too (a word joiner, an invisible operator, a grapheme joiner, tags, a filler, a byte-order mark)', async () => {
  await assertFirst({ q: 'مح\u2060مد اح\u{E0041}\u{E007F}مد الخ\u034fطي\u2062ب\ufeff' }, 'khatibMohammad', EXACT);
  await assertFirst({ q: 'خا\u3164لد \u00adاحمد الخطيب\u180e' }, 'khatibKhaled', EXACT);
});

test('presentation-form letters (U+FEE3 U+FEA4 U+FEE4 U+FEAA for محمد) are read as the letters', async () => {
  await assertFirst({ q: '\ufee3\ufea4\ufee4\ufeaa احمد الخطيب' }, 'khatibMohammad', EXACT);
});

test('عبد الله written joined or apart finds the same person', async () => {
  await assertFirst({ q: 'عبدالله فيصل الزعبي' }, 'zoubiAbdullah', EXACT); // stored apart
  await assertFirst({ q: 'عبد الله فيصل الزعبي' }, 'zoubiAbdullah', EXACT);
  await assertFirst({ q: 'عبدالرحمن ناصر الطراونة' }, 'abdulrahman', EXACT); // stored apart
  await assertFirst({ q: 'عبد الرحمن ناصر عيسى الطراونة' }, 'abdulrahman', EXACT);
  await assertFirst({ q: 'نادر عبدالإله السعدي' }, 'saadiNader', EXACT); // stored apart, as a father name
  await assertFirst({ q: 'سلمى عبد الإله الحوراني' }, 'hauraniSalma', EXACT); // stored joined
});

test('ابو بكر written apart or joined finds أبو بكر', async () => {
  await assertFirst({ q: 'ابو بكر عمر الصمادي' }, 'abubakr', EXACT);
  await assertFirst({ q: 'ابوبكر عمر الصمادي' }, 'abubakr', EXACT);
});

test('عز الدين joined, and بن between the parts, are read as the name', async () => {
  await assertFirst({ q: 'عزالدين محمد العزام' }, 'izzaddin', EXACT);
  await assertFirst({ q: 'عز الدين محمد طه العزام' }, 'izzaddin', EXACT);
  await assertFirst({ q: 'محمد بن احمد بن سليمان الخطيب' }, 'khatibMohammad', EXACT);
});

test('the article dropped (حمود for الحمود) or added (الحمود for حمود)', async () => {
  await assertFirst({ q: 'سامر ماجد حمود' }, 'hamoudAl');
  await assertFirst({ q: 'ريم عادل الحمود' }, 'hamoudBare');
  await assertFirst({ q: 'محمد احمد خطيب' }, 'khatibMohammad');
});

test('family-first order: "الخطيب محمد" and "الخطيب محمد احمد"', async () => {
  await assertFirst({ q: 'الخطيب محمد' }, 'khatibMohammad');
  await assertFirst({ q: 'الخطيب محمد احمد' }, 'khatibMohammad');
  await assertFirst({ q: 'الخطيب خالد' }, 'khatibKhaled');
});

test('grandfather missing from the query, or present', async () => {
  await assertFirst({ q: 'محمد احمد الخطيب' }, 'khatibMohammad');
  await assertFirst({ q: 'محمد احمد سليمان الخطيب' }, 'khatibMohammad');
  await assertFirst({ q: 'سامر ماجد الحمود' }, 'hamoudAl');
});

test('one dot slip: حالد finds خالد, تامر finds ثامر', async () => {
  await assertFirst({ q: 'حالد احمد الخطيب' }, 'khatibKhaled');
  await assertFirst({ q: 'تامر وليد المجالي' }, 'thamer');
});

test('a dropped letter in a long name: ابرهيم finds ابراهيم, الخطب finds الخطيب', async () => {
  await assertFirst({ q: 'ابرهيم خليل الشريف' }, 'ibrahim');
  await assertFirst({ q: 'خالد احمد الخطب' }, 'khatibKhaled'); // the family name missing a letter
});

test('a dropped letter in a four-letter name: خلد finds خالد (a letter added, خاليد, is tolerated too)', async () => {
  await assertFirst({ q: 'خاليد احمد الخطيب' }, 'khatibKhaled');
  await assertFirst({ q: 'خلد احمد الخطيب' }, 'khatibKhaled');
});

test('a doubled letter: محممد finds محمد', async () => {
  await assertFirst({ q: 'محممد احمد الخطيب' }, 'khatibMohammad');
});

test('two swapped neighbours: سيمر finds سمير', async () => {
  await assertFirst({ q: 'سيمر جمال القضاه' }, 'samir');
});

// ---------------------------------------------------------------------------------------------------------------
// 3. National numbers

test('national_id alone: the exact number finds its holder first, national_id_match "exact"', async () => {
  const items = await assertFirst({ national_id: '2921118642' }, 'layla');
  assert.equal(items[0].national_id_match, 'exact', ranking(items));
});

test('national_id in Arabic-Indic digits is the same number: "exact"', async () => {
  const items = await assertFirst({ national_id: indic('2921118642') }, 'layla');
  assert.equal(items[0].national_id_match, 'exact', ranking(items));
  const withName = await assertFirst({ q: 'ليلى العلي', national_id: indic('2921118642') }, 'layla');
  assert.equal(withName[0].national_id_match, 'exact', ranking(withName));
});

test('a one-digit slip in national_id finds the holder: "near"', async () => {
  for (const slip of ['2921118643', '2921118042', '3921118642', indic('2921118643')]) {
    const items = await assertFirst({ national_id: slip }, 'layla');
    assert.equal(items[0].national_id_match, 'near', `${slip}\n${ranking(items)}`);
  }
  // two neighbours swapped
  const swapped = await assertFirst({ national_id: '2921118624' }, 'layla');
  assert.equal(swapped[0].national_id_match, 'near', ranking(swapped));
});

test('with a name and a number: the holder of the exact number first; a near number still "near"', async () => {
  const exact = await assertFirst({ q: 'محمد احمد الخطيب', national_id: '2841110002' }, 'khatibMohammad');
  assert.equal(exact[0].national_id_match, 'exact');
  const near = await assertFirst({ q: 'محمد احمد الخطيب', national_id: '2841110009' }, 'khatibMohammad');
  assert.equal(near[0].national_id_match, 'near');
  // the father's number with his son's name: the number's holder is there and marked exact
  const items = await search({ q: 'محمد احمد الخطيب', national_id: '2581110001' });
  const father = items.find((it) => it.person.id === P.khatibFather.id);
  assert.ok(father, ranking(items));
  assert.equal(father.national_id_match, 'exact');
  const son = items.find((it) => it.person.id === P.khatibMohammad.id);
  assert.ok(son, ranking(items));
  assert.equal(son.national_id_match, null);
});

test('two people with the same name: the national number (exact or one slip away) ranks its holder first', async () => {
  const q = 'يوسف ابراهيم علي النجار';
  const exact = await assertFirst({ q, national_id: '2951117777' }, 'najjarYoung');
  assert.equal(exact[0].national_id_match, 'exact');
  assertBelow(exact, 'najjarYoung', 'najjarOld', `${q} + exact number`);
  const near = await assertFirst({ q, national_id: '2951117771' }, 'najjarYoung');
  assert.equal(near[0].national_id_match, 'near');
  assertBelow(near, 'najjarYoung', 'najjarOld', `${q} + near number`);
});

test('a number nobody holds, nor one slip away, finds nobody', async () => {
  assert.deepEqual(await search({ national_id: '1234567890' }), []);
});

// ---------------------------------------------------------------------------------------------------------------
// 4. Not confusing people

test('بني X written apart (or بنى) finds the family name بني X, above الهاني', async () => {
  for (const q of ['سلامة عواد بني هاني', 'سلامة عواد مفلح بنى هاني', 'سلامه بني هاني']) {
    const items = await assertFirst({ q }, 'baniHani');
    assertBelow(items, 'baniHani', 'hanani', q);
  }
});

test('a compound first name outside the joining rules: "نور الهدى فراس الرواشدة" finds نور الهدى, not نور هدى', async () => {
  const q = 'نور الهدى فراس الرواشدة';
  const items = await assertFirst({ q }, 'nourAlhuda');
  assertBelow(items, 'nourAlhuda', 'nourRawashdeh', q);
  const reason = items[0].reasons.find((x) => x.part === 'first');
  assert.equal(reason && reason.query, 'نورالهدي', ranking(items));
  // and the two words read as two names still find نور هدى
  await assertFirst({ q: 'نور هدى فراس الرواشدة' }, 'nourRawashdeh');
});

test('a grandfather unknown to the record: "رامز سعد خليل الحديد" ranks the son above his father سعد خليل', async () => {
  const q = 'رامز سعد خليل الحديد';
  const items = await assertFirst({ q }, 'hadidSon');
  assertBelow(items, 'hadidSon', 'hadidFather', q);
  await assertFirst({ q: 'سعد خليل الحديد' }, 'hadidFather');
});

test('in a registry too small to show it, حامد and حمد are still two names: other_name, not a slip', async () => {
  const q = 'حامد نايف الخرابشة';
  const items = await search({ q });
  const hit = items.find((it) => it.person.id === P.hamad.id);
  assert.ok(hit, ranking(items));
  const first = hit.reasons.find((x) => x.part === 'first');
  assert.ok(first && first.match === 'other_name' && first.similarity < 0.7, ranking(items));
  // a slip of a name that is not a listed name stays a slip
  const slip = await assertFirst({ q: 'حمد نايف الخرابشه' }, 'hamad');
  assert.equal(slip[0].reasons.find((x) => x.part === 'family').match, 'exact', ranking(slip));
});

test('a first name alone finds the persons with that first name', async () => {
  const items = await assertFirst({ q: 'غدير' }, 'ghadeer');
  assert.equal(items[0].reasons[0].part, 'first', ranking(items));
  await assertFirst({ q: 'غدبر' }, 'ghadeer'); // with a dot slip
});

test('siblings: each sibling ranks first for their own name, above the brother', async () => {
  const khaled = await assertFirst({ q: 'خالد احمد الخطيب' }, 'khatibKhaled');
  assertBelow(khaled, 'khatibKhaled', 'khatibMohammad', 'خالد احمد الخطيب');
  const mohammad = await assertFirst({ q: 'محمد احمد الخطيب' }, 'khatibMohammad');
  assertBelow(mohammad, 'khatibMohammad', 'khatibKhaled', 'محمد احمد الخطيب');
  const fatima = await assertFirst({ q: 'فاطمة احمد سليمان الخطيب' }, 'khatibFatima');
  assertBelow(fatima, 'khatibFatima', 'khatibKhaled', 'فاطمة احمد سليمان الخطيب');
});

test('a father and his son: "محمد احمد الخطيب" ranks the son above the father named احمد, and back', async () => {
  const son = await assertFirst({ q: 'محمد احمد الخطيب' }, 'khatibMohammad');
  assertBelow(son, 'khatibMohammad', 'khatibFather', 'محمد احمد الخطيب');
  const father = await assertFirst({ q: 'احمد سليمان يوسف الخطيب' }, 'khatibFather');
  for (const child of ['khatibMohammad', 'khatibKhaled', 'khatibFatima']) {
    assertBelow(father, 'khatibFather', child, 'احمد سليمان يوسف الخطيب');
  }
  const short = await assertFirst({ q: 'احمد سليمان الخطيب' }, 'khatibFather');
  assertBelow(short, 'khatibFather', 'khatibMohammad', 'احمد سليمان الخطيب');
  assertBelow(short, 'khatibFather', 'khatibGrandson', 'احمد سليمان الخطيب');
});

test('a grandson named after his grandfather: "احمد محمد الخطيب" ranks the grandson above his father and grandfather', async () => {
  const q = 'احمد محمد الخطيب';
  const items = await assertFirst({ q }, 'khatibGrandson');
  assertBelow(items, 'khatibGrandson', 'khatibMohammad', q);
  assertBelow(items, 'khatibGrandson', 'khatibFather', q);
  // the grandfather and the grandson share first and family name: their birth year tells them apart
  await assertFirst({ q: 'احمد الخطيب', birth_year: '1958' }, 'khatibFather');
  await assertFirst({ q: 'احمد الخطيب', birth_year: '2010' }, 'khatibGrandson');
});

// Both names are in common use here (محمد in 4 persons, محمود in 5), so the other one is matched as other_name,
// and, being another name rather than a slip, less alike than any one-letter slip (at worst 0.7, an unrelated letter).
test('محمد and محمود are different names: the exact one first, the other strictly below (as other_name)', async () => {
  const q1 = 'محمد سالم العمري';
  const a = await assertFirst({ q: q1 }, 'omariMohammad');
  const b = assertBelow(a, 'omariMohammad', 'omariMahmoud', q1);
  if (b >= 0) {
    const first = a[b].reasons.find((x) => x.part === 'first');
    assert.ok(!first || (first.match === 'other_name' && first.similarity < 0.7), `${q1}: محمود matched as ${JSON.stringify(first)}\n${ranking(a)}`);
  }
  const q2 = 'محمود سالم عيسى العمري';
  const c = await assertFirst({ q: q2 }, 'omariMahmoud');
  const d = assertBelow(c, 'omariMahmoud', 'omariMohammad', q2);
  if (d >= 0) {
    const first = c[d].reasons.find((x) => x.part === 'first');
    assert.ok(!first || (first.match === 'other_name' && first.similarity < 0.7), `${q2}: محمد matched as ${JSON.stringify(first)}\n${ranking(c)}`);
  }
});

test('عبدالله and عبدالإله are different names: the exact one first, the other strictly below', async () => {
  for (const q of ['عبدالله فيصل الزعبي', 'عبد الله فيصل محمود الزعبي']) {
    const items = await assertFirst({ q }, 'zoubiAbdullah');
    assertBelow(items, 'zoubiAbdullah', 'zoubiAbdulilah', q);
  }
  for (const q of ['عبدالإله فيصل الزعبي', 'عبد الاله فيصل محمود الزعبي']) {
    const items = await assertFirst({ q }, 'zoubiAbdulilah');
    assertBelow(items, 'zoubiAbdulilah', 'zoubiAbdullah', q);
  }
});

test('two people with the same name: birth_year ranks the right one first, in both directions', async () => {
  const q = 'يوسف ابراهيم علي النجار';
  const plain = await search({ q });
  const ids = plain.slice(0, 2).map((it) => it.person.id).sort((x, y) => x - y);
  assert.deepEqual(ids, [P.najjarOld.id, P.najjarYoung.id].sort((x, y) => x - y), ranking(plain));
  const old = await assertFirst({ q, birth_year: '1970' }, 'najjarOld');
  assertBelow(old, 'najjarOld', 'najjarYoung', `${q} 1970`);
  const young = await assertFirst({ q, birth_year: '1995' }, 'najjarYoung');
  assertBelow(young, 'najjarYoung', 'najjarOld', `${q} 1995`);
  // a year off by one still ranks the right one first
  await assertFirst({ q, birth_year: '1971' }, 'najjarOld');
  await assertFirst({ q, birth_year: '1994' }, 'najjarYoung');
});

// ---------------------------------------------------------------------------------------------------------------
// 5. Reasons

test('reasons name the parts (first, father, grandfather, family) and the kind of match', async () => {
  const items = await assertFirst({ q: 'حالد احمد سليمان الخطيب' }, 'khatibKhaled');
  const reasons = items[0].reasons;
  const byPart = Object.fromEntries(reasons.map((x) => [x.part, x]));
  assert.deepEqual(Object.keys(byPart).sort(), ['family', 'father', 'first', 'grandfather'], JSON.stringify(reasons));
  assert.equal(byPart.first.query, 'حالد');
  assert.equal(byPart.first.match, 'spelling');
  assert.ok(byPart.first.similarity > 0 && byPart.first.similarity < 1, JSON.stringify(byPart.first));
  assert.equal(byPart.father.query, 'احمد');
  assert.equal(byPart.father.match, 'exact');
  assert.equal(byPart.father.similarity, 1);
  assert.equal(byPart.grandfather.query, 'سليمان');
  assert.equal(byPart.grandfather.match, 'exact');
  assert.equal(byPart.family.query, 'الخطيب');
  assert.equal(byPart.family.match, 'exact');
  assert.equal(byPart.family.similarity, 1);
  for (const x of reasons) assert.ok(['exact', 'article', 'spelling', 'other_name'].includes(x.match), JSON.stringify(x));
});

test('reasons: family-first order is aligned to the parts; the article is match "article"', async () => {
  const items = await assertFirst({ q: 'الخطيب محمد' }, 'khatibMohammad');
  const parts = Object.fromEntries(items[0].reasons.map((x) => [x.query, x.part]));
  assert.deepEqual(parts, { الخطيب: 'family', محمد: 'first' }, JSON.stringify(items[0].reasons));

  const dropped = await assertFirst({ q: 'سامر ماجد حمود' }, 'hamoudAl');
  const family = dropped[0].reasons.find((x) => x.part === 'family');
  assert.ok(family, JSON.stringify(dropped[0].reasons));
  assert.equal(family.match, 'article', JSON.stringify(family));
  const added = await assertFirst({ q: 'ريم عادل الحمود' }, 'hamoudBare');
  const family2 = added[0].reasons.find((x) => x.part === 'family');
  assert.ok(family2, JSON.stringify(added[0].reasons));
  assert.equal(family2.match, 'article', JSON.stringify(family2));
});

test('reasons: a query word matching no part of the person is not given a reason', async () => {
  // محمد is not a part of the father's name
  const items = await search({ q: 'محمد احمد الخطيب' });
  const father = items.find((it) => it.person.id === P.khatibFather.id);
  assert.ok(father, ranking(items));
  assert.ok(!father.reasons.some((x) => x.query === 'محمد'), JSON.stringify(father.reasons));
  const first = father.reasons.find((x) => x.query === 'احمد');
  assert.equal(first && first.part, 'first', JSON.stringify(father.reasons));
});

// ---------------------------------------------------------------------------------------------------------------
// 6. Filters and limits

test('sex filter keeps only that sex', async () => {
  const all = await search({ q: 'احمد سليمان الخطيب' });
  assert.ok(all.some((it) => it.person.id === P.khatibFatima.id), ranking(all));
  assert.ok(all.some((it) => it.person.sex === 'male'), ranking(all));
  const female = await search({ q: 'احمد سليمان الخطيب', sex: 'female' });
  assert.ok(female.length > 0, ranking(female));
  assert.ok(female.every((it) => it.person.sex === 'female'), ranking(female));
  assert.equal(female[0].person.id, P.khatibFatima.id, ranking(female));
  const male = await search({ q: 'احمد سليمان الخطيب', sex: 'male' });
  assert.ok(male.length > 0);
  assert.ok(male.every((it) => it.person.sex === 'male'), ranking(male));
  assert.ok(!male.some((it) => it.person.id === P.khatibFatima.id), ranking(male));
  assertError(await searchRaw({ q: 'احمد الخطيب', sex: 'other' }), 400, 'query.invalid', ['sex']);
});

test('limit caps the number of results; without limit at most 10', async () => {
  const all = await search({ q: 'الحياري', limit: '50' });
  assert.equal(all.length, 12, ranking(all));
  assert.equal((await search({ q: 'الحياري', limit: '3' })).length, 3);
  assert.equal((await search({ q: 'الحياري', limit: '1' })).length, 1);
  const three = await search({ q: 'الحياري', limit: '3' });
  assert.deepEqual(three.map((it) => it.person.id), all.slice(0, 3).map((it) => it.person.id));
  const byDefault = await search({ q: 'الحياري' });
  assert.equal(byDefault.length, 10, `documented default limit is 10, got ${byDefault.length}`);
  assertError(await searchRaw({ q: 'الحياري', limit: '0' }), 400, 'query.invalid', ['limit']);
  assertError(await searchRaw({ q: 'الحياري', limit: 'ten' }), 400, 'query.invalid', ['limit']);
});

// ---------------------------------------------------------------------------------------------------------------
// 7. Errors and access

test('q and national_id both missing (or empty): 400 field.required naming q', async () => {
  for (const params of [{}, { q: '' }, { q: '', national_id: '' }, { birth_year: '1980' }, { sex: 'male' }]) {
    const r = await searchRaw(params);
    assertError(r, 400, 'field.required', ['q']);
    assert.equal(r.body.error.fields.q.code, 'field.required', r.text);
  }
});

test('birth_year=abc: 400 query.invalid naming birth_year', async () => {
  for (const bad of ['abc', '19x0', '-1980', '1800']) {
    const r = await searchRaw({ q: 'محمد احمد الخطيب', birth_year: bad });
    assertError(r, 400, 'query.invalid', ['birth_year']);
  }
});

test('admin, auditor and committee get 403 auth.forbidden; without a session 401', async () => {
  assertError(await searchRaw({ q: 'محمد احمد الخطيب' }, admin), 403, 'auth.forbidden');
  assertError(await searchRaw({ q: 'محمد احمد الخطيب' }, auditor), 403, 'auth.forbidden');
  const committee = await api.loginAs('committee');
  assertError(await searchRaw({ q: 'محمد احمد الخطيب' }, committee), 403, 'auth.forbidden');
  assertError(await searchRaw({ q: 'محمد احمد الخطيب' }, {}), 401, 'auth.required');
  const check = await api.request('POST', '/api/v1/persons/check', { ...admin, body: PEOPLE.khatibKhaled });
  assertError(check, 403, 'auth.forbidden');
});

test('every search writes one person.search audit row (read as the auditor)', async () => {
  const rows = async () => api.listAll('/api/v1/audit?action=person.search', auditor);
  const before = await rows();
  const newest = before.length ? Number(before[0].id) : 0;
  await search({ q: 'محمد احمد الخطيب' });
  await search({ q: 'زكريا قاسم البرغوثي' }); // no results
  await search({ national_id: '2921118642' });
  await search({ q: 'الحياري', sex: 'female', limit: '2' });
  const after = await rows();
  const added = after.filter((row) => Number(row.id) > newest);
  assert.equal(added.length, 4, JSON.stringify(added));
  for (const row of added) {
    assert.equal(row.action, 'person.search');
    assert.equal(row.username, 'caseworker');
    assert.equal(row.user_id, cw.user.id);
    assert.equal(row.outcome, 'ok');
  }
  // the query itself (a name, a number) is not in the audit log
  const all = JSON.stringify(after);
  for (const secret of ['زكريا', '2921118642', 'الحياري']) assert.ok(!all.includes(secret), `audit holds ${secret}`);
});

// ---------------------------------------------------------------------------------------------------------------
// 8. POST /persons/check

test('POST /persons/check with a new registration\'s fields returns the existing person first; nothing stored', async () => {
  const fresh = {
    first_name: 'مُحمّد', father_name: 'احمد', grandfather_name: 'سليمان', family_name: 'الخطيب',
    sex: 'male', birth_date: '1984-02-15', governorate: 'amman',
  };
  const r = await api.request('POST', '/api/v1/persons/check', { ...cw, body: fresh });
  assert.equal(r.status, 200, r.text);
  const items = r.body.items;
  assert.equal(items[0] && items[0].person.id, P.khatibMohammad.id, ranking(items || []));
  assert.ok(items.length < 2 || items[1].score < items[0].score, ranking(items));
  assertBelow(items, 'khatibMohammad', 'khatibKhaled', 'check');

  // with a national number in Arabic-Indic digits and a spelling variant of the name
  const byNumber = await api.request('POST', '/api/v1/persons/check', {
    ...cw,
    body: { first_name: 'ليلي', father_name: 'مصطفي', family_name: 'العلي', sex: 'female', national_id: indic('2921118642') },
  });
  assert.equal(byNumber.status, 200, byNumber.text);
  assert.equal(byNumber.body.items[0].person.id, P.layla.id, ranking(byNumber.body.items));
  assert.equal(byNumber.body.items[0].national_id_match, 'exact');

  // the two same-named men: the birth year of the registration picks the right one
  const young = await api.request('POST', '/api/v1/persons/check', { ...cw, body: { ...PEOPLE.najjarYoung } });
  assert.equal(young.status, 200, young.text);
  const youngItems = young.body.items;
  assert.equal(youngItems[0] && youngItems[0].person.id, P.najjarYoung.id, ranking(youngItems));
  assertBelow(youngItems, 'najjarYoung', 'najjarOld', 'check');

  // nothing was registered by the checks: still one محمد احمد سليمان الخطيب
  const same = (await search({ q: 'محمد احمد سليمان الخطيب', limit: '50' })).filter((it) => it.score === 1);
  assert.deepEqual(same.map((it) => it.person.id), [P.khatibMohammad.id], ranking(same));
});
