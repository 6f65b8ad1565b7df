'use strict';
// The person registry (docs/api.md, "Persons"): registering with every field, names kept as typed, Arabic-Indic
// digits, duplicate national and document numbers, validation, PATCH with versions, family links in both
// directions, access by role, the audit rows, and the merges of a person (GET /persons/{id}/merges). Every name here
// is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, cliOk } = require('./lib/server');
const { client, assertError, ARABIC } = require('./lib/client');

let srv;
let api;
let cw; // caseworker: cookie session with CSRF token
let auditor;
let highestId = 0; // the highest person id answered 201 so far

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  cw = await api.loginAs('caseworker');
  auditor = await api.loginAs('auditor');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

let nidCounter = 0;
/** A fresh 10-digit national number. */
const nextNid = () => String(2000000000 + ++nidCounter * 7);
let docCounter = 0;
/** A fresh document number. */
const nextDoc = () => `N${String(100000 + ++docCounter)}`;
/** The same digits written with Arabic-Indic digits (U+0660–U+0669). */
const indic = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x660 + Number(d)));

/** A minimal valid person body (required fields only) with extra fields merged in. */
const minimal = (extra = {}) => ({ first_name: 'ليلى', father_name: 'خالد', family_name: 'الحمدان', sex: 'female', ...extra });

/** POST /persons; remembers the highest id answered 201. */
async function postPerson(body, auth = cw, headers) {
  const r = await api.request('POST', '/api/v1/persons', { ...auth, body, headers });
  if (r.status === 201 && r.body && r.body.id > highestId) highestId = r.body.id;
  return r;
}

/** Registers a person and asserts 201; returns the record. */
async function createPerson(body, auth = cw) {
  const r = await postPerson(body, auth);
  assert.equal(r.status, 201, `POST /persons: ${r.status} ${r.text}`);
  return r.body;
}

const getPerson = (id, auth = cw) => api.request('GET', `/api/v1/persons/${id}`, auth);
const patchPerson = (id, body, auth = cw) => api.request('PATCH', `/api/v1/persons/${id}`, { ...auth, body });
const getFamily = (id, auth = cw) => api.request('GET', `/api/v1/persons/${id}/family`, auth);
const addLink = (id, body, auth = cw) => api.request('POST', `/api/v1/persons/${id}/family`, { ...auth, body });
const removeLink = (id, linkId, auth = cw) => api.request('DELETE', `/api/v1/persons/${id}/family/${linkId}`, auth);

/** Reads a person and asserts 200; returns the record. */
async function readPerson(id) {
  const r = await getPerson(id);
  assert.equal(r.status, 200, `GET /persons/${id}: ${r.status} ${r.text}`);
  return r.body;
}

/** Reads a family and asserts 200; returns the items. */
async function readFamily(id) {
  const r = await getFamily(id);
  assert.equal(r.status, 200, `GET /persons/${id}/family: ${r.status} ${r.text}`);
  assert.equal(r.body.person_id, id);
  assert.ok(Array.isArray(r.body.items), r.text);
  return r.body.items;
}

/** Asserts that no person was stored since the last 201: the next id does not exist. */
async function assertNothingStored(what) {
  const r = await getPerson(highestId + 1);
  assert.equal(r.status, 404, `${what}: a person was stored as id ${highestId + 1}: ${r.text}`);
}

/** Asserts a 400 (or other) error whose code names field, both at the top and in fields. */
function assertFieldError(r, status, code, field, what) {
  assertError(r, status, code, [field]);
  assert.equal(r.body.error.fields[field].code, code, `${what}: fields.${field}: ${r.text}`);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Registering

test('a caseworker registers a person with every field: 201, each field as documented, version 1; GET is the same', async () => {
  const nid = nextNid();
  const doc = nextDoc();
  const body = {
    first_name: 'سَلْمَى', // with diacritics
    father_name: 'عبد الرَّحمن',
    grandfather_name: 'يوسـف', // with tatweel
    family_name: 'الـعـلـي',
    latin_name: 'Salma Al-Ali',
    national_id: nid,
    document_type: 'passport',
    document_number: doc,
    birth_date: '1990-05-17',
    sex: 'female',
    nationality: 'JO',
    governorate: 'irbid',
    address: 'إربد، حي الروضة، شارع 12',
    phones: ['0791234567', '+962 79-555-0101'],
    disability: 'visual',
    notes: 'ملاحظة أولى\nسطر ثان',
  };
  const r = await postPerson(body);
  assert.equal(r.status, 201, r.text);
  const p = r.body;
  assert.ok(Number.isInteger(p.id) && p.id > 0, `id: ${p.id}`);
  const expected = {
    ...body,
    id: p.id,
    full_name: 'سَلْمَى عبد الرَّحمن يوسـف الـعـلـي',
    phones: ['0791234567', '+962795550101'],
    birth_year: 1990,
    birth_year_estimated: false,
    status: 'active',
    merged_into: null,
    created_by: cw.user.id,
    updated_by: cw.user.id,
    version: 1,
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
  assert.deepEqual(p, expected);
  assert.match(p.created_at, ISO_TIME);
  assert.match(p.updated_at, ISO_TIME);
  assert.deepEqual(await readPerson(p.id), p, 'GET answers differently from the 201');
});

test('names are kept exactly as typed: diacritics, tatweel, joiners, decomposed hamza; full_name without a grandfather', async () => {
  const body = minimal({
    first_name: 'مَيْ\u200cسون', // zero-width non-joiner
    father_name: 'عبد الله', // a space
    family_name: 'آل-سعيد', // a hyphen
    grandfather_name: null,
    sex: 'female',
  });
  const p = await createPerson(body);
  assert.equal(p.first_name, 'مَيْ\u200cسون');
  assert.equal(p.father_name, 'عبد الله');
  assert.equal(p.family_name, 'آل-سعيد');
  assert.equal(p.grandfather_name, null);
  assert.equal(p.full_name, 'مَيْ\u200cسون عبد الله آل-سعيد');

  // U+0627 U+0654 (alef + combining hamza above) would become U+0623 under NFC: it must come back unchanged.
  const decomposed = 'ا\u0654سماء';
  const q = await createPerson(minimal({ first_name: decomposed, family_name: 'الـحـداد' }));
  assert.equal(Buffer.from((await readPerson(q.id)).first_name).toString('hex'), Buffer.from(decomposed).toString('hex'));
  assert.equal(q.family_name, 'الـحـداد');

  // 60 characters is the limit and is accepted.
  const sixty = 'ب'.repeat(60);
  assert.equal((await createPerson(minimal({ family_name: sixty }))).family_name, sixty);
});

test('optional fields left out come back as null, phones as [], birth_year_estimated false', async () => {
  const p = await createPerson(minimal({ sex: 'male', first_name: 'عمر' }));
  for (const f of ['grandfather_name', 'latin_name', 'national_id', 'document_type', 'document_number', 'birth_date',
    'birth_year', 'nationality', 'governorate', 'address', 'disability', 'notes', 'merged_into']) {
    assert.equal(p[f], null, `${f}: ${JSON.stringify(p[f])}`);
  }
  assert.deepEqual(p.phones, []);
  assert.equal(p.birth_year_estimated, false);
  assert.equal(p.full_name, 'عمر خالد الحمدان');
});

test('an estimated birth year without a date is recorded', async () => {
  const p = await createPerson(minimal({ birth_year: 1975, birth_year_estimated: true }));
  assert.equal(p.birth_date, null);
  assert.equal(p.birth_year, 1975);
  assert.equal(p.birth_year_estimated, true);
  assert.deepEqual(await readPerson(p.id), p);
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Digits

test('Arabic-Indic digits in national_id and phones are stored as ASCII; spaces and dashes in phones dropped', async () => {
  const nid = nextNid();
  const p = await createPerson(minimal({
    national_id: indic(nid),
    phones: [indic('079 123-4567'), `+${indic('962')} ${indic('77')}-${indic('000')} ${indic('1111')}`, '06-555 12 34'],
  }));
  assert.equal(p.national_id, nid);
  assert.deepEqual(p.phones, ['0791234567', '+962770001111', '065551234']);
  const g = await readPerson(p.id);
  assert.equal(g.national_id, nid);
  assert.deepEqual(g.phones, ['0791234567', '+962770001111', '065551234']);
});

// ---------------------------------------------------------------------------------------------------------------
// 3. Duplicates

test('the same national number again is 409 person.duplicate_national_id naming the first; nothing stored', async () => {
  const nid = nextNid();
  const first = await createPerson(minimal({ national_id: nid, first_name: 'هالة' }));
  for (const sent of [nid, indic(nid)]) {
    const r = await postPerson(minimal({ national_id: sent, first_name: 'رنا', family_name: 'المصري', phones: ['0788880001'] }));
    assertFieldError(r, 409, 'person.duplicate_national_id', 'national_id', sent);
    assert.deepEqual(r.body.error.existing, { type: 'person', id: first.id, href: `/api/v1/persons/${first.id}` }, r.text);
    await assertNothingStored(`duplicate national id ${sent}`);
  }
  assert.deepEqual(await readPerson(first.id), first, 'the first person changed');
});

test('the same document type and number again is 409 person.duplicate_document naming the first; nothing stored', async () => {
  const doc = nextDoc();
  const first = await createPerson(minimal({ document_type: 'refugee_card', document_number: doc }));
  const r = await postPerson(minimal({ first_name: 'دانة', document_type: 'refugee_card', document_number: doc, national_id: nextNid() }));
  assertError(r, 409, 'person.duplicate_document');
  assert.deepEqual(r.body.error.existing, { type: 'person', id: first.id, href: `/api/v1/persons/${first.id}` }, r.text);
  await assertNothingStored('duplicate document');
  assert.deepEqual(await readPerson(first.id), first, 'the first person changed');
  // The number is unique together with its type: the same number on another type of document is another document.
  const other = await createPerson(minimal({ document_type: 'passport', document_number: doc }));
  assert.equal(other.document_number, doc);
});

// ---------------------------------------------------------------------------------------------------------------
// 4. Validation

const nextYear = new Date().getUTCFullYear() + 1;
const longName = 'س'.repeat(61);

/** [what, body, code, field] — each must be 400 with code naming field, and store nothing. */
const invalidBodies = () => {
  const omit = (field) => {
    const b = minimal({ national_id: nextNid() });
    delete b[field];
    return b;
  };
  return [
    ['missing first_name', omit('first_name'), 'field.required', 'first_name'],
    ['missing father_name', omit('father_name'), 'field.required', 'father_name'],
    ['missing family_name', omit('family_name'), 'field.required', 'family_name'],
    ['missing sex', omit('sex'), 'field.required', 'sex'],
    ['empty first_name', minimal({ first_name: '' }), 'field.required', 'first_name'],
    ['a name with digits', minimal({ first_name: 'سلمى2' }), 'person.name_invalid', 'first_name'],
    ['a name with Arabic-Indic digits', minimal({ father_name: 'خالد٣' }), 'person.name_invalid', 'father_name'],
    ['a name with <', minimal({ family_name: 'الحمدان<' }), 'person.name_invalid', 'family_name'],
    ['a grandfather name with <script>', minimal({ grandfather_name: '<script>' }), 'person.name_invalid', 'grandfather_name'],
    ['a name with a word joiner inside', minimal({ first_name: 'سل\u2060مى' }), 'field.invisible', 'first_name'],
    ['a name with a combining grapheme joiner', minimal({ family_name: 'الحم\u034fدان' }), 'field.invisible', 'family_name'],
    ['a name with a tag character', minimal({ father_name: 'خالد\u{E0041}' }), 'field.invisible', 'father_name'],
    ['a name with a Hangul filler', minimal({ grandfather_name: 'عبد\u3164الله' }), 'field.invisible', 'grandfather_name'],
    ['a name with a right-to-left mark (kept in text, not in a name)', minimal({ first_name: 'سلمى\u200f' }), 'person.name_invalid', 'first_name'],
    ['notes with a byte-order mark', minimal({ notes: 'ملاحظة\ufeff' }), 'field.invisible', 'notes'],
    ['an address with a right-to-left override', minimal({ address: 'عمان \u202eشارع\u202c' }), 'field.invisible', 'address'],
    ['a 61-character name', minimal({ first_name: longName }), 'field.too_long', 'first_name'],
    ['a 61-character grandfather name', minimal({ grandfather_name: longName }), 'field.too_long', 'grandfather_name'],
    ['national_id of 9 digits', minimal({ national_id: '200000001' }), 'person.national_id_format', 'national_id'],
    ['national_id of 11 digits', minimal({ national_id: '20000000011' }), 'person.national_id_format', 'national_id'],
    ['national_id with letters', minimal({ national_id: '20000abc01' }), 'person.national_id_format', 'national_id'],
    ['birth_date in the future', minimal({ birth_date: `${nextYear}-01-01` }), 'person.birth_in_future', 'birth_date'],
    ['impossible birth_date 2025-02-30', minimal({ birth_date: '2025-02-30' }), 'field.invalid', 'birth_date'],
    ['birth_date not YYYY-MM-DD', minimal({ birth_date: '17/05/1990' }), 'field.invalid', 'birth_date'],
    ['birth_year 2999', minimal({ birth_year: 2999, birth_year_estimated: true }), 'person.birth_in_future', 'birth_year'],
    ['birth_year 1800', minimal({ birth_year: 1800, birth_year_estimated: true }), 'field.invalid', 'birth_year'],
    ['document_type without a number', minimal({ document_type: 'passport' }), 'field.required', 'document_number'],
    ['document_number without a type', minimal({ document_number: nextDoc() }), 'field.required', 'document_type'],
    ['unknown document_type', minimal({ document_type: 'driving_licence', document_number: nextDoc() }), 'field.invalid', 'document_type'],
    ['unknown governorate', minimal({ governorate: 'gaza' }), 'field.invalid', 'governorate'],
    ['unknown disability', minimal({ disability: 'blind' }), 'field.invalid', 'disability'],
    ['unknown sex', minimal({ sex: 'unknown' }), 'field.invalid', 'sex'],
    ['an address of 301 characters', minimal({ address: 'ع'.repeat(301) }), 'field.too_long', 'address'],
    ['notes of 2001 characters', minimal({ notes: 'ع'.repeat(2001) }), 'field.too_long', 'notes'],
    ['a document number of 2 characters', minimal({ document_type: 'other', document_number: 'AB' }), 'field.invalid', 'document_number'],
    ['a phone of 3 digits', minimal({ phones: ['0791234567', '123'] }), 'person.phone_invalid', 'phones'],
    ['a phone of 16 digits', minimal({ phones: ['1234567890123456'] }), 'person.phone_invalid', 'phones'],
    ['a phone with letters', minimal({ phones: ['07912345ab'] }), 'person.phone_invalid', 'phones'],
    ['a phone with + not leading', minimal({ phones: ['0791+234567'] }), 'person.phone_invalid', 'phones'],
    ['an unknown field', minimal({ religion: 'x' }), 'field.unknown', 'religion'],
    ['version on POST', minimal({ version: 1 }), 'field.unknown', 'version'],
    ['sex as a number', minimal({ sex: 1 }), 'field.type', 'sex'],
    ['phones as a string', minimal({ phones: '0791234567' }), 'field.type', 'phones'],
    ['birth_year_estimated as "yes"', minimal({ birth_year: 1980, birth_year_estimated: 'yes' }), 'field.type', 'birth_year_estimated'],
    ['birth_year as a string', minimal({ birth_year: '1980' }), 'field.type', 'birth_year'],
    ['first_name as null', minimal({ first_name: null }), 'field.type', 'first_name'],
  ];
};

for (const [what, body, code, field] of invalidBodies()) {
  test(`validation: ${what} is 400 ${code} naming ${field}, nothing stored`, async () => {
    const r = await postPerson(body);
    assertFieldError(r, 400, code, field, what);
    await assertNothingStored(what);
  });
}

test('validation: nationality "jordan" is 400 naming nationality, nothing stored', async () => {
  // A two-letter code is documented; either field.invalid (format) or field.too_long (length) describes it.
  const r = await postPerson(minimal({ nationality: 'jordan' }));
  assert.equal(r.status, 400, r.text);
  assert.ok(['field.invalid', 'field.too_long'].includes(r.body.error.code), r.text);
  assert.ok(r.body.error.fields && r.body.error.fields.nationality, r.text);
  await assertNothingStored('nationality jordan');
});

test('validation: 6 phones is 400 naming phones, nothing stored; 5 are accepted', async () => {
  const six = ['0791000001', '0791000002', '0791000003', '0791000004', '0791000005', '0791000006'];
  const r = await postPerson(minimal({ phones: six }));
  assert.equal(r.status, 400, r.text);
  assert.ok(['field.invalid', 'field.too_long'].includes(r.body.error.code), r.text);
  assert.ok(r.body.error.fields && r.body.error.fields.phones, r.text);
  await assertNothingStored('6 phones');
  assert.deepEqual((await createPerson(minimal({ phones: six.slice(0, 5) }))).phones, six.slice(0, 5));
});

test('validation: several faults in one body are all named in fields', async () => {
  const r = await postPerson({ first_name: 'سلمى1', father_name: 'خالد', family_name: 'الحمدان', sex: 'female',
    national_id: '123', governorate: 'nowhere' });
  assert.equal(r.status, 400, r.text);
  for (const f of ['first_name', 'national_id', 'governorate']) assert.ok(r.body.error.fields[f], `${f} not named: ${r.text}`);
  await assertNothingStored('several faults');
});

test('error messages are Arabic by default and English with Accept-Language: en', async () => {
  const dupNid = nextNid();
  await createPerson(minimal({ national_id: dupNid }));
  const cases = [
    ['field.required', minimal({ first_name: undefined })],
    ['person.name_invalid', minimal({ first_name: 'سلمى<' })],
    ['person.national_id_format', minimal({ national_id: '12' })],
    ['person.birth_in_future', minimal({ birth_year: 2999 })],
    ['person.phone_invalid', minimal({ phones: ['12'] })],
    ['person.duplicate_national_id', minimal({ national_id: dupNid })],
    ['field.unknown', minimal({ colour: 'x' })],
  ];
  for (const [code, body] of cases) {
    const ar = await postPerson(body);
    assert.equal(ar.body && ar.body.error.code, code, ar.text);
    assert.match(ar.body.error.message, ARABIC, `${code}: default message not Arabic: ${ar.text}`);
    const en = await postPerson(body, cw, { 'Accept-Language': 'en' });
    assert.equal(en.body && en.body.error.code, code, en.text);
    assert.doesNotMatch(en.body.error.message, ARABIC, `${code}: English message holds Arabic: ${en.text}`);
    assert.match(en.body.error.message, /[A-Za-z]{3}/, `${code}: English message: ${en.text}`);
    for (const f of Object.values(en.body.error.fields || {})) assert.doesNotMatch(f.message, ARABIC, en.text);
  }
  await assertNothingStored('message checks');
});

test('GET of a person that does not exist is 404 not_found', async () => {
  assertError(await getPerson(999999), 404, 'not_found');
});

// ---------------------------------------------------------------------------------------------------------------
// 5. PATCH

/** A person with most fields set, for the PATCH tests. */
const fullPerson = () => createPerson({
  first_name: 'نَوال', father_name: 'سمير', grandfather_name: 'فـؤاد', family_name: 'القاسم', latin_name: 'Nawal',
  national_id: nextNid(), document_type: 'passport', document_number: nextDoc(), birth_date: '1985-11-03',
  sex: 'female', nationality: 'SY', governorate: 'zarqa', address: 'الزرقاء', phones: ['0797000001'],
  disability: 'hearing', notes: 'ملاحظة',
});

/** Asserts that b equals a except for the named keys. */
function assertSameExcept(a, b, keys, what) {
  const strip = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
  assert.deepEqual(strip(b), strip(a), what);
}

test('PATCH without version is 400 field.required naming version; nothing changes', async () => {
  const p = await fullPerson();
  assertFieldError(await patchPerson(p.id, { address: 'عمان' }), 400, 'field.required', 'version', 'no version');
  assert.deepEqual(await readPerson(p.id), p);
});

test('PATCH changes only the fields sent and returns the next version', async () => {
  const p = await fullPerson();
  const r = await patchPerson(p.id, { version: 1, address: 'عمان، ماركا', first_name: 'نـوال' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.version, 2);
  assert.equal(r.body.address, 'عمان، ماركا');
  assert.equal(r.body.first_name, 'نـوال');
  assert.equal(r.body.full_name, 'نـوال سمير فـؤاد القاسم');
  assert.match(r.body.updated_at, ISO_TIME);
  assertSameExcept(p, r.body, ['version', 'address', 'first_name', 'full_name', 'updated_at', 'updated_by'], 'other fields changed');
  assert.deepEqual(await readPerson(p.id), r.body);
});

test('PATCH of document_number alone keeps document_type', async () => {
  const p = await fullPerson();
  const doc = nextDoc();
  const r = await patchPerson(p.id, { version: 1, document_number: doc });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.document_type, 'passport');
  assert.equal(r.body.document_number, doc);
  assertSameExcept(p, r.body, ['version', 'document_number', 'updated_at', 'updated_by'], 'other fields changed');
});

test('PATCH of document_type alone keeps document_number', async () => {
  const p = await fullPerson();
  const r = await patchPerson(p.id, { version: 1, document_type: 'residence_permit' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.document_type, 'residence_permit');
  assert.equal(r.body.document_number, p.document_number);
});

test('PATCH of birth_year_estimated alone keeps the birth year', async () => {
  const p = await createPerson(minimal({ birth_year: 1970, birth_year_estimated: false }));
  const r = await patchPerson(p.id, { version: 1, birth_year_estimated: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.birth_year, 1970, `birth year lost: ${r.text}`);
  assert.equal(r.body.birth_year_estimated, true);
  assert.deepEqual(await readPerson(p.id), r.body);
});

test('PATCH of birth_year_estimated alone keeps the birth date', async () => {
  const p = await fullPerson();
  const r = await patchPerson(p.id, { version: 1, birth_year_estimated: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.birth_date, '1985-11-03', `birth date lost: ${r.text}`);
  assert.equal(r.body.birth_year, 1985, `birth year lost: ${r.text}`);
});

test('PATCH with null clears optional fields', async () => {
  const p = await fullPerson();
  const r = await patchPerson(p.id, {
    version: 1, grandfather_name: null, latin_name: null, national_id: null, document_type: null,
    document_number: null, nationality: null, governorate: null, address: null, disability: null, notes: null,
  });
  assert.equal(r.status, 200, r.text);
  for (const f of ['grandfather_name', 'latin_name', 'national_id', 'document_type', 'document_number', 'nationality',
    'governorate', 'address', 'disability', 'notes']) {
    assert.equal(r.body[f], null, `${f} not cleared: ${r.text}`);
  }
  assert.equal(r.body.full_name, 'نَوال سمير القاسم');
  assertSameExcept(p, r.body, ['version', 'grandfather_name', 'latin_name', 'national_id', 'document_type',
    'document_number', 'nationality', 'governorate', 'address', 'disability', 'notes', 'full_name', 'updated_at',
    'updated_by'], 'other fields changed');
  assert.deepEqual(await readPerson(p.id), r.body);
});

test('PATCH with phones [] clears the phones; a new list replaces them', async () => {
  const p = await fullPerson();
  const r = await patchPerson(p.id, { version: 1, phones: [] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.phones, []);
  const s = await patchPerson(p.id, { version: 2, phones: ['0797 111 222', indic('0788333444')] });
  assert.equal(s.status, 200, s.text);
  assert.deepEqual(s.body.phones, ['0797111222', '0788333444']);
  assert.deepEqual((await readPerson(p.id)).phones, ['0797111222', '0788333444']);
});

test('PATCH with phones null clears the phones ("a field sent as null is cleared")', async () => {
  const p = await fullPerson();
  const r = await patchPerson(p.id, { version: 1, phones: null });
  assert.equal(r.status, 200, `phones: null: ${r.text}`);
  assert.deepEqual(r.body.phones, []);
});

test('PATCH with a stale version is 409 version.conflict and the record is unchanged', async () => {
  const p = await fullPerson();
  const ok = await patchPerson(p.id, { version: 1, notes: 'التعديل الأول' });
  assert.equal(ok.status, 200, ok.text);
  const r = await patchPerson(p.id, { version: 1, notes: 'تعديل متأخر', address: 'إربد' });
  assertFieldError(r, 409, 'version.conflict', 'version', 'stale version');
  assert.deepEqual(await readPerson(p.id), ok.body);
});

test('PATCH with an invalid value is 400 and the record is unchanged', async () => {
  const p = await fullPerson();
  assertFieldError(await patchPerson(p.id, { version: 1, national_id: '12345' }), 400, 'person.national_id_format', 'national_id', 'bad nid');
  assertFieldError(await patchPerson(p.id, { version: 1, first_name: 'نوال9' }), 400, 'person.name_invalid', 'first_name', 'bad name');
  assertError(await patchPerson(p.id, { version: 1, first_name: null }), 400, 'field.type', ['first_name']);
  assertFieldError(await patchPerson(p.id, { version: 1, colour: 'x' }), 400, 'field.unknown', 'colour', 'unknown');
  assert.deepEqual(await readPerson(p.id), p);
});

test('PATCH with a birth year and no date clears the birth date', async () => {
  const p = await fullPerson();
  assert.equal(p.birth_date, '1985-11-03');
  const r = await patchPerson(p.id, { version: 1, birth_year: 1984, birth_year_estimated: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.birth_date, null);
  assert.equal(r.body.birth_year, 1984);
  assert.equal(r.body.birth_year_estimated, true);
  // A date sent again sets the year and ends the estimate.
  const s = await patchPerson(p.id, { version: 2, birth_date: '1986-01-31' });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.birth_year, 1986);
  assert.equal(s.body.birth_year_estimated, false);
});

test('PATCH national_id to another person\'s is 409 person.duplicate_national_id; own number in Arabic-Indic digits is fine', async () => {
  const a = await fullPerson();
  const b = await fullPerson();
  const r = await patchPerson(b.id, { version: 1, national_id: indic(a.national_id) });
  assertFieldError(r, 409, 'person.duplicate_national_id', 'national_id', 'patch dup nid');
  assert.deepEqual(r.body.error.existing, { type: 'person', id: a.id, href: `/api/v1/persons/${a.id}` }, r.text);
  assert.deepEqual(await readPerson(b.id), b);
  const d = await patchPerson(b.id, { version: 1, document_type: a.document_type, document_number: a.document_number });
  assertError(d, 409, 'person.duplicate_document');
  assert.equal(d.body.error.existing && d.body.error.existing.id, a.id, d.text);
  assert.deepEqual(await readPerson(b.id), b);
  const own = await patchPerson(b.id, { version: 1, national_id: indic(b.national_id) });
  assert.equal(own.status, 200, own.text);
  assert.equal(own.body.national_id, b.national_id);
});

test('PATCH of a person that does not exist is 404 not_found', async () => {
  assertError(await patchPerson(999999, { version: 1, notes: 'x' }), 404, 'not_found');
});

// ---------------------------------------------------------------------------------------------------------------
// 6. Family

const person = (first, sex = 'male') => createPerson(minimal({ first_name: first, sex }));

test('family: B linked as parent of A is 201 with the family; A shows B as parent, B shows A as child', async () => {
  const a = await person('زياد');
  const b = await person('منصور');
  const r = await addLink(a.id, { relative_id: b.id, relation: 'parent', degree: null });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.person_id, a.id);
  assert.equal(r.body.items.length, 1, r.text);
  const link = r.body.items[0];
  assert.ok(Number.isInteger(link.id), r.text);
  assert.equal(link.relation, 'parent');
  assert.equal(link.degree, null);
  assert.match(link.created_at, ISO_TIME);
  assert.equal(link.relative.id, b.id);
  assert.equal(link.relative.full_name, b.full_name);

  const fa = await readFamily(a.id);
  assert.deepEqual(fa.map((l) => [l.relation, l.relative.id]), [['parent', b.id]]);
  const fb = await readFamily(b.id);
  assert.deepEqual(fb.map((l) => [l.relation, l.relative.id, l.degree]), [['child', a.id, null]]);
});

test('family: each relation writes its inverse on the relative', async () => {
  const inverses = {
    spouse: 'spouse', parent: 'child', child: 'parent', sibling: 'sibling', grandparent: 'grandchild',
    grandchild: 'grandparent', guardian: 'ward', ward: 'guardian', relative: 'relative',
  };
  for (const [relation, inverse] of Object.entries(inverses)) {
    const a = await person('سامر');
    const b = await person('سامية', 'female');
    const r = await addLink(a.id, { relative_id: b.id, relation });
    assert.equal(r.status, 201, `${relation}: ${r.text}`);
    assert.deepEqual((await readFamily(a.id)).map((l) => [l.relation, l.relative.id]), [[relation, b.id]], relation);
    assert.deepEqual((await readFamily(b.id)).map((l) => [l.relation, l.relative.id]), [[inverse, a.id]], relation);
  }
});

test('family: a relative with degree 2 is kept with its degree on both sides; degree on another relation is field.invalid', async () => {
  const a = await person('وليد');
  const b = await person('وفاء', 'female');
  const r = await addLink(a.id, { relative_id: b.id, relation: 'relative', degree: 2 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.items[0].degree, 2);
  assert.deepEqual((await readFamily(b.id)).map((l) => [l.relation, l.degree]), [['relative', 2]]);

  const c = await person('كمال');
  assertFieldError(await addLink(a.id, { relative_id: c.id, relation: 'sibling', degree: 2 }), 400, 'field.invalid', 'degree', 'degree on sibling');
  assertFieldError(await addLink(a.id, { relative_id: c.id, relation: 'relative', degree: 7 }), 400, 'field.invalid', 'degree', 'degree 7');
  assertFieldError(await addLink(a.id, { relative_id: c.id, relation: 'relative', degree: '2' }), 400, 'field.type', 'degree', 'degree string');
  assert.deepEqual(await readFamily(c.id), [], 'a refused link was stored');
});

test('family: refused links — self, twice, unknown relative, unknown relation, missing person — store nothing', async () => {
  const a = await person('رامي');
  const b = await person('رامز');
  assertFieldError(await addLink(a.id, { relative_id: a.id, relation: 'sibling' }), 400, 'person.link_self', 'relative_id', 'self');
  assert.deepEqual(await readFamily(a.id), []);

  assert.equal((await addLink(a.id, { relative_id: b.id, relation: 'sibling' })).status, 201);
  assertError(await addLink(a.id, { relative_id: b.id, relation: 'sibling' }), 409, 'conflict.exists');
  // The same link stated from the other side is the same link.
  assertError(await addLink(b.id, { relative_id: a.id, relation: 'sibling' }), 409, 'conflict.exists');
  assert.equal((await readFamily(a.id)).length, 1);
  assert.equal((await readFamily(b.id)).length, 1);

  assertFieldError(await addLink(a.id, { relative_id: 999999, relation: 'parent' }), 400, 'field.invalid', 'relative_id', 'unknown relative');
  assertFieldError(await addLink(a.id, { relative_id: b.id, relation: 'cousin' }), 400, 'field.invalid', 'relation', 'unknown relation');
  assertFieldError(await addLink(a.id, { relation: 'parent' }), 400, 'field.required', 'relative_id', 'no relative_id');
  assertFieldError(await addLink(a.id, { relative_id: b.id }), 400, 'field.required', 'relation', 'no relation');
  assertFieldError(await addLink(a.id, { relative_id: b.id, relation: 'parent', note: 'x' }), 400, 'field.unknown', 'note', 'unknown field');
  assert.equal((await readFamily(a.id)).length, 1);

  assertError(await addLink(999999, { relative_id: a.id, relation: 'parent' }), 404, 'not_found');
  assertError(await getFamily(999999), 404, 'not_found');
  assert.equal((await readFamily(a.id)).length, 1);
});

test('family: DELETE removes the link and its inverse (204); again is 404; through another person is 404', async () => {
  const a = await person('باسل');
  const b = await person('بشرى', 'female');
  const c = await person('بكر');
  const r = await addLink(a.id, { relative_id: b.id, relation: 'guardian' });
  assert.equal(r.status, 201, r.text);
  const linkAB = r.body.items[0].id;
  const linkBA = (await readFamily(b.id))[0].id;
  assert.notEqual(linkAB, linkBA);

  // A link cannot be removed through a person it does not belong to, not even the relative.
  assertError(await removeLink(c.id, linkAB), 404, 'not_found');
  assertError(await removeLink(b.id, linkAB), 404, 'not_found');
  assertError(await removeLink(a.id, linkBA), 404, 'not_found');
  assert.equal((await readFamily(a.id)).length, 1, 'link removed through another person');
  assert.equal((await readFamily(b.id)).length, 1, 'inverse removed through another person');

  const d = await removeLink(a.id, linkAB);
  assert.equal(d.status, 204, d.text);
  assert.deepEqual(await readFamily(a.id), []);
  assert.deepEqual(await readFamily(b.id), [], 'the inverse link is still there');
  assertError(await removeLink(a.id, linkAB), 404, 'not_found');
  assertError(await removeLink(b.id, linkBA), 404, 'not_found');

  // Removing from the relative's side removes both too.
  const again = await addLink(a.id, { relative_id: b.id, relation: 'guardian' });
  assert.equal(again.status, 201, again.text);
  const inverse = (await readFamily(b.id))[0];
  assert.equal(inverse.relation, 'ward');
  assert.equal((await removeLink(b.id, inverse.id)).status, 204);
  assert.deepEqual(await readFamily(a.id), []);
  assert.deepEqual(await readFamily(b.id), []);
});

// ---------------------------------------------------------------------------------------------------------------
// 7. Access

test('admin, auditor and committee get 403 auth.forbidden on persons and family; nothing stored', async () => {
  const a = await person('جمال');
  const b = await person('جميلة', 'female');
  const linked = await addLink(a.id, { relative_id: b.id, relation: 'spouse' });
  assert.equal(linked.status, 201, linked.text);
  const linkId = linked.body.items[0].id;
  for (const name of ['admin', 'auditor', 'committee']) {
    const s = await api.loginAs(name);
    assertError(await getPerson(a.id, s), 403, 'auth.forbidden');
    assertError(await postPerson(minimal({ national_id: nextNid() }), s), 403, 'auth.forbidden');
    await assertNothingStored(`${name} POST`);
    assertError(await patchPerson(a.id, { version: 1, notes: 'x' }, s), 403, 'auth.forbidden');
    assertError(await getFamily(a.id, s), 403, 'auth.forbidden');
    const c = await person('جابر');
    assertError(await addLink(a.id, { relative_id: c.id, relation: 'sibling' }, s), 403, 'auth.forbidden');
    assertError(await removeLink(a.id, linkId, s), 403, 'auth.forbidden');
    assertError(await getPerson(999999, s), 403, 'auth.forbidden');
  }
  assert.deepEqual(await readPerson(a.id), a);
  assert.deepEqual((await readFamily(a.id)).map((l) => [l.id, l.relation, l.relative.id]), [[linkId, 'spouse', b.id]]);
});

test('monitor, officer, supervisor and manager read and write persons and family', async () => {
  const a = await person('حازم');
  for (const name of ['monitor', 'officer', 'supervisor', 'manager']) {
    const s = await api.loginAs(name);
    const g = await getPerson(a.id, s);
    assert.equal(g.status, 200, `${name}: ${g.text}`);
    assert.equal(g.body.id, a.id);
    assert.equal((await getFamily(a.id, s)).status, 200, name);
    const p = await postPerson(minimal({ first_name: 'حلا', sex: 'female' }), s);
    assert.equal(p.status, 201, `${name}: ${p.text}`);
    assert.equal(p.body.created_by, s.user.id);
    const l = await addLink(a.id, { relative_id: p.body.id, relation: 'sibling' }, s);
    assert.equal(l.status, 201, `${name}: ${l.text}`);
  }
  assert.equal((await readFamily(a.id)).length, 4);
});

test('without a session persons and family are 401 auth.required', async () => {
  const a = await person('عادل');
  assertError(await getPerson(a.id, {}), 401, 'auth.required');
  assertError(await getFamily(a.id, {}), 401, 'auth.required');
  assertError(await postPerson(minimal(), {}), 401, 'auth.required');
  assertError(await patchPerson(a.id, { version: 1, notes: 'x' }, {}), 401, 'auth.required');
  await assertNothingStored('POST without a session');
  assert.deepEqual(await readPerson(a.id), a);
});

test('cookie writes without X-CSRF-Token are 403 csrf.missing, with a wrong one csrf.invalid; nothing stored', async () => {
  const a = await person('صالح');
  const b = await person('صفاء', 'female');
  const noCsrf = { cookie: cw.cookie };
  const badCsrf = { cookie: cw.cookie, csrf: `${cw.csrf}x` };
  assertError(await postPerson(minimal(), noCsrf), 403, 'csrf.missing');
  assertError(await postPerson(minimal(), badCsrf), 403, 'csrf.invalid');
  await assertNothingStored('POST without CSRF');
  assertError(await patchPerson(a.id, { version: 1, notes: 'x' }, noCsrf), 403, 'csrf.missing');
  assert.deepEqual(await readPerson(a.id), a);
  assertError(await addLink(a.id, { relative_id: b.id, relation: 'sibling' }, noCsrf), 403, 'csrf.missing');
  assert.deepEqual(await readFamily(a.id), []);
  const l = await addLink(a.id, { relative_id: b.id, relation: 'sibling' });
  assert.equal(l.status, 201, l.text);
  assertError(await removeLink(a.id, l.body.items[0].id, noCsrf), 403, 'csrf.missing');
  assert.equal((await readFamily(a.id)).length, 1);
});

test('a bearer token writes persons without a CSRF token', async () => {
  const out = cliOk(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', 'caseworker']).trim();
  const token = out.split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.ok(token, `no token in: ${out}`);
  const r = await postPerson(minimal({ first_name: 'تالا', national_id: nextNid() }), { bearer: token });
  assert.equal(r.status, 201, r.text);
  assert.equal((await getPerson(r.body.id, { bearer: token })).status, 200);
});

// ---------------------------------------------------------------------------------------------------------------
// 8. Audit

test('audit: create, read, update, family read and link add/remove rows with outcome ok, and no number or name in any row', async () => {
  const nid = nextNid();
  const names = { first_name: 'ميسلون', father_name: 'عبد الغفور', grandfather_name: 'طاهـر', family_name: 'الزعبلاوي' };
  const phone = '0796543210';
  const p = await createPerson({ ...names, national_id: indic(nid), sex: 'female', phones: [phone], notes: 'نص سري للحالة' });
  const rel = await createPerson(minimal({ first_name: 'قمر', national_id: nextNid() }));
  await readPerson(p.id);
  const u = await patchPerson(p.id, { version: 1, address: 'المفرق' });
  assert.equal(u.status, 200, u.text);
  await readFamily(p.id);
  const l = await addLink(p.id, { relative_id: rel.id, relation: 'child' });
  assert.equal(l.status, 201, l.text);
  assert.equal((await removeLink(p.id, l.body.items[0].id)).status, 204);

  const rows = await api.listAll(`/api/v1/audit?object_type=person&object_id=${p.id}`, auditor);
  const actions = new Set(rows.map((row) => row.action));
  for (const action of ['person.create', 'person.read', 'person.update', 'person.family.read', 'person.link.add', 'person.link.remove']) {
    assert.ok(actions.has(action), `no ${action} row for person ${p.id}: ${JSON.stringify(rows)}`);
  }
  for (const row of rows) {
    assert.equal(row.object_type, 'person');
    assert.equal(row.object_id, String(p.id));
    assert.equal(row.outcome, 'ok', JSON.stringify(row));
    assert.equal(row.username, 'caseworker', JSON.stringify(row));
    assert.equal(row.user_id, cw.user.id);
  }

  const all = JSON.stringify(await api.listAll('/api/v1/audit', auditor));
  for (const secret of [nid, indic(nid), phone, 'نص سري', ...Object.values(names), 'الزعبلاوي', 'ميسلون']) {
    assert.ok(!all.includes(secret), `the audit log holds ${secret}`);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// 9. Merges of a person

const MERGE_KEYS = ['id', 'kept_id', 'merged_id', 'reason', 'merged_by', 'merged_by_name', 'merged_by_sex', 'merged_at',
  'undone_at', 'undone_by', 'undone_by_name', 'undone_by_sex', 'undo_reason'].sort();

let supervisor;
/** The demo supervisor's session, logged in once. */
async function supervisorSession() {
  if (!supervisor) supervisor = await api.loginAs('supervisor');
  return supervisor;
}

const getMerges = (id, auth = cw) => api.request('GET', `/api/v1/persons/${id}/merges`, auth);

/** Reads a person's merges and asserts 200 and the envelope; returns the items. */
async function readMerges(id, auth = cw) {
  const r = await getMerges(id, auth);
  assert.equal(r.status, 200, `GET /persons/${id}/merges: ${r.status} ${r.text}`);
  assert.deepEqual(Object.keys(r.body).sort(), ['items', 'person_id'], r.text);
  assert.equal(r.body.person_id, id);
  assert.ok(Array.isArray(r.body.items), r.text);
  for (const item of r.body.items) assert.deepEqual(Object.keys(item).sort(), MERGE_KEYS, JSON.stringify(item));
  return r.body.items;
}

/** Merges merged into kept as the supervisor (both at their current versions) and asserts 200; returns the merge. */
async function mergeInto(kept, merged, reason) {
  const sup = await supervisorSession();
  const [k, m] = [await readPerson(kept.id), await readPerson(merged.id)];
  const r = await api.request('POST', `/api/v1/persons/${kept.id}/merge`, {
    ...sup,
    body: { version: k.version, merge_id: m.id, merge_version: m.version, reason },
  });
  assert.equal(r.status, 200, `merge ${merged.id} into ${kept.id}: ${r.status} ${r.text}`);
  return r.body.merge;
}

async function undoMerge(mergeId, reason) {
  const r = await api.request('POST', `/api/v1/persons/merges/${mergeId}/undo`, { ...(await supervisorSession()), body: { reason } });
  assert.equal(r.status, 200, `undo ${mergeId}: ${r.status} ${r.text}`);
  return r.body;
}

test('merges: a person never merged has an empty list', async () => {
  const a = await person('نبيل');
  assert.deepEqual(await readMerges(a.id), []);
});

test('merges: listed on the kept and the merged record alike, with who, when and why; family moved; undo shows undone_at', async () => {
  const sup = await supervisorSession();
  const kept = await person('معاذ');
  const copy = await person('معاذ');
  const sister = await person('رنا', 'female');
  const bystander = await person('رامي');
  const linked = await addLink(copy.id, { relative_id: sister.id, relation: 'sibling' });
  assert.equal(linked.status, 201, linked.text);

  const merge = await mergeInto(kept, copy, 'السجل نفسه مسجل مرتين');
  assert.equal(merge.kept_id, kept.id);
  assert.equal(merge.merged_id, copy.id);
  assert.equal(merge.merged_by, sup.user.id);
  assert.equal(merge.merged_by_name, sup.user.full_name);
  assert.match(merge.merged_at, ISO_TIME);
  assert.equal(merge.undone_at, null);

  // The same merge object on both sides, read by a caseworker; nothing on an unrelated record.
  const onKept = await readMerges(kept.id);
  assert.deepEqual(onKept, [merge]);
  assert.deepEqual(await readMerges(copy.id), [merge]);
  assert.deepEqual(await readMerges(bystander.id), []);
  assert.deepEqual(await readMerges(sister.id), [], 'a relative of the merged record is not part of the merge');
  assert.equal(onKept[0].reason, 'السجل نفسه مسجل مرتين');
  assert.equal(onKept[0].undone_by, null);
  assert.equal(onKept[0].undone_by_name, null);
  assert.equal(onKept[0].undo_reason, null);
  const merged = await readPerson(copy.id);
  assert.equal(merged.status, 'merged');
  assert.equal(merged.merged_into, kept.id);
  assert.deepEqual((await readFamily(kept.id)).map((l) => [l.relation, l.relative.id]), [['sibling', sister.id]]);

  // The undo is kept in the list, on both sides, with who, when and why.
  const undone = await undoMerge(merge.id, 'دمج خاطئ: شخصان مختلفان');
  assert.equal(undone.person.id, copy.id);
  assert.equal(undone.person.status, 'active');
  const afterUndo = await readMerges(kept.id);
  assert.equal(afterUndo.length, 1);
  assert.equal(afterUndo[0].id, merge.id);
  assert.match(afterUndo[0].undone_at, ISO_TIME);
  assert.equal(afterUndo[0].undone_by, sup.user.id);
  assert.equal(afterUndo[0].undone_by_name, sup.user.full_name);
  assert.equal(afterUndo[0].undo_reason, 'دمج خاطئ: شخصان مختلفان');
  assert.equal(afterUndo[0].merged_at, merge.merged_at);
  assert.deepEqual(afterUndo, [undone.merge]);
  const one = await api.request('GET', `/api/v1/persons/merges/${merge.id}`, cw);
  assert.equal(one.status, 200, one.text);
  assert.deepEqual(one.body, afterUndo[0], 'GET /persons/merges/{id} and the list differ');
  assert.deepEqual(await readMerges(copy.id), afterUndo);
  assert.equal((await readPerson(copy.id)).status, 'active');
  assert.deepEqual((await readFamily(kept.id)).map((l) => l.relative.id), []);
  assert.deepEqual((await readFamily(copy.id)).map((l) => l.relative.id), [sister.id]);
});

test('merges: newest first, and a record that was both merged and kept lists both', async () => {
  const a = await person('وليد');
  const b = await person('وليد');
  const c = await person('وليد');
  const first = await mergeInto(a, b, 'أول دمج');
  await undoMerge(first.id, 'تراجع');
  const second = await mergeInto(b, c, 'ثاني دمج');
  const third = await mergeInto(a, b, 'ثالث دمج');
  assert.deepEqual((await readMerges(a.id)).map((m) => m.id), [third.id, first.id]);
  assert.deepEqual((await readMerges(b.id)).map((m) => m.id), [third.id, second.id, first.id]);
  assert.deepEqual((await readMerges(c.id)).map((m) => [m.id, m.kept_id, m.merged_id]), [[second.id, b.id, c.id]]);
  const onB = await readMerges(b.id);
  assert.notEqual(onB[2].undone_at, null, 'the undone merge lost its undo');
  assert.equal(onB[0].undone_at, null);
  assert.equal(onB[1].undone_at, null);
});

test('merges: a person that does not exist is 404 not_found; a malformed id is 404', async () => {
  assertError(await getMerges(highestId + 1000), 404, 'not_found');
  assertError(await api.request('GET', '/api/v1/persons/0/merges', cw), 404, 'not_found');
  assertError(await api.request('GET', '/api/v1/persons/x1/merges', cw), 404, 'not_found');
});

test('merges: working roles read the list; admin, auditor and committee get 403, no session 401; only a supervisor merges', async () => {
  const a = await person('سامر');
  const b = await person('سامر');
  const merge = await mergeInto(a, b, 'مكرر');
  for (const name of ['caseworker', 'monitor', 'officer', 'supervisor', 'manager']) {
    const s = name === 'caseworker' ? cw : await api.loginAs(name);
    assert.deepEqual((await readMerges(a.id, s)).map((m) => m.id), [merge.id], name);
  }
  for (const name of ['admin', 'auditor', 'committee']) {
    const s = await api.loginAs(name);
    assertError(await getMerges(a.id, s), 403, 'auth.forbidden');
    assertError(await getMerges(highestId + 1000, s), 403, 'auth.forbidden');
  }
  assertError(await getMerges(a.id, {}), 401, 'auth.required');

  // The interface offers merge and undo to supervisors only; the API refuses everyone else too.
  const c = await person('سامر');
  const d = await person('سامر');
  const body = { version: c.version, merge_id: d.id, merge_version: d.version, reason: 'مكرر' };
  for (const name of ['caseworker', 'manager']) {
    const s = name === 'caseworker' ? cw : await api.loginAs(name);
    assertError(await api.request('POST', `/api/v1/persons/${c.id}/merge`, { ...s, body }), 403, 'auth.forbidden');
    assertError(await api.request('POST', `/api/v1/persons/merges/${merge.id}/undo`, { ...s, body: { reason: 'x' } }), 403, 'auth.forbidden');
  }
  assert.deepEqual(await readMerges(c.id), []);
  assert.equal((await readPerson(d.id)).status, 'active');
  assert.equal((await readMerges(a.id))[0].undone_at, null);
});

test('merges: reading the list writes a person.merges.read row for the person', async () => {
  const a = await person('مهند');
  await readMerges(a.id);
  const rows = await api.listAll(`/api/v1/audit?action=person.merges.read&object_type=person&object_id=${a.id}`, auditor);
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0].outcome, 'ok');
  assert.equal(rows[0].username, 'caseworker');
  assert.equal(rows[0].user_id, cw.user.id);
  // A person that does not exist is not recorded as read.
  assertError(await getMerges(highestId + 1000), 404, 'not_found');
  const missing = await api.listAll(`/api/v1/audit?action=person.merges.read&object_id=${highestId + 1000}`, auditor);
  assert.deepEqual(missing, []);
});

test('text that JSON must escape comes back exactly, in the record and in a search answer, escaped in the text', async () => {
  // quotes, a backslash, a new line, a tab, markup, a line separator (U+2028) and Arabic, in a note of several lines
  const notes = 'قال: "لا" \\ ثم سطر\nثانٍ\tبعد مسافة </script><b>x</b> \u2028 نهاية';
  const p = await createPerson(minimal({ first_name: 'زكريا', father_name: 'يوسف', family_name: 'العتيبات', notes }));
  assert.equal(p.notes, notes);
  const r = await getPerson(p.id);
  assert.equal(r.status, 200);
  assert.equal(r.body.notes, notes);
  // written as JSON escapes them, never raw
  assert.ok(r.text.includes('"notes":"قال: \\"لا\\" \\\\ ثم سطر\\nثانٍ\\tبعد'), r.text);
  assert.ok(!r.text.includes('\n') && !r.text.includes('\t'), 'no raw new line or tab in the text');
  const q = encodeURIComponent('زكريا يوسف العتيبات');
  const s = await api.request('GET', `/api/v1/persons/search?q=${q}&limit=5`, cw);
  assert.equal(s.status, 200, s.text);
  const hit = s.body.items.find((item) => item.person && item.person.id === p.id);
  assert.ok(hit, s.text);
  assert.equal(hit.person.notes, notes);
  assert.ok(!s.text.includes('\n'), 'no raw new line in the search answer');
});
