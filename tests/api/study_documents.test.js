'use strict';
// Social studies as documents, lists and search (docs/api.md, "Social studies"): the document for the court (an
// approved study, names in full) and the copy (a juvenile's name withheld in the parties and in the text), both as
// JSON and as a tagged PDF made by the server whose Arabic reads back with pdftotext as written; the lists of a
// user's studies and of those waiting for their review; the Arabic-aware search over the text, limited to what the
// user may see; the follow-up report whose approval moves the juvenile's three-monthly report on. Every name here is
// synthetic.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { popplerTool, pdfText } = require('./lib/pdf');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { databaseSql } = require('./lib/pg');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'manager', 'admin', 'auditor']) S[name] = await api.loginAs(name);
  const units = await api.listUnits(S.admin);
  const make = async (code, roles, fullName) => {
    const made = await api.createUser(S.admin, { unit_id: units.find((u) => u.code === code).id, roles, full_name: fullName });
    return api.login(made.username, made.password);
  };
  S.colleague = await make('SSO-AMM', ['caseworker'], 'زميلة في المكتب');
  S.otherUnit = await make('SSO-IRB', ['caseworker'], 'أخصائي إربد');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

async function person(first, extra = {}) {
  const body = { first_name: first, father_name: 'عبد الرحيم', family_name: 'الطراونة', sex: 'male', ...extra };
  const r = await api.request('POST', '/api/v1/persons', { ...S.caseworker, body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// a juvenile in conflict with the law, 14 at the act, with his mother and a reporter
async function juvenileCase(first = 'يزن') {
  const juvenile = await person(first, { birth_date: '2012-03-01' });
  const mother = await person('سلمى', { sex: 'female', father_name: 'محمود', family_name: 'الخوالدة', birth_date: '1985-01-01' });
  const reporter = await person('مبلّغ', { family_name: 'المجالي', birth_date: '1970-01-01' });
  const sibling = await person('ريم', { sex: 'female', father_name: 'عبد الرحيم', family_name: 'الطراونة' });
  const r = await api.request('POST', '/api/v1/cases', {
    ...S.caseworker,
    body: {
      kind: 'juvenile_conflict', act_date: '2026-05-01', offence: 'مشاجرة', legal_class: 'misdemeanour', summary: 'حالة حدث للدراسة',
      persons: [{ person_id: juvenile.id, role: 'juvenile' }, { person_id: mother.id, role: 'guardian' }, { person_id: reporter.id, role: 'reporter' },
        { person_id: sibling.id, role: 'family_member' }],
    },
  });
  assert.equal(r.status, 201, r.text);
  return { c: r.body, juvenile, mother, reporter, sibling };
}

async function newStudy(c, body = {}, who = S.caseworker) {
  const r = await api.request('POST', `/api/v1/cases/${c.id}/studies`, { ...who, body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function save(s, texts, who = S.caseworker) {
  const sections = s.template_sections.map((x) => ({ key: x.key, body: texts[x.key] || `نص قسم ${x.title_ar}` }));
  const r = await api.request('PUT', `/api/v1/studies/${s.id}`, { ...who, body: { version: s.version, sections } });
  assert.equal(r.status, 200, r.text);
  return { ...r.body, template_sections: s.template_sections };
}

async function act(s, action, who, extra = {}) {
  const r = await api.request('POST', `/api/v1/studies/${s.id}/transitions`, { ...who, body: { action, version: s.version, ...extra } });
  assert.equal(r.status, 200, r.text);
  return { ...r.body, template_sections: s.template_sections };
}

const family = (first) => `يعيش الحدث ${first} الطراونة مع والدته سلمى، ووالد ${first} يعمل خارج المحافظة. العلاقة بين ${first} وأمّه جيدة.`;
const FAMILY = family('يزن');
const SCHOOL = 'ملتحق بالمدرسة في الصف التاسع، وتحصيله الدراسي متوسط، ويتغيّب أحياناً.';

// A study written in full on a new juvenile case, submitted and approved (unless told otherwise).
async function writtenStudy({ approve = true, first = 'يزن' } = {}) {
  const made = await juvenileCase(first);
  let s = await newStudy(made.c);
  s = await save(s, { family: family(first), school: SCHOOL, act: 'أبلغ عن الواقعة الجار مبلّغ المجالي (المجالي سابقاً).' });
  if (approve) {
    s = await act(s, 'submit', S.caseworker);
    s = await act(s, 'approve', S.supervisor);
  }
  return { ...made, s };
}

// The pages of a PDF drawn small (pdftoppm): for each, whether any of its pixels has the red of the draft mark.
function pagesMarked(buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takamul-study-pages-'));
  try {
    fs.writeFileSync(path.join(dir, 'study.pdf'), buffer);
    execFileSync('pdftoppm', ['-r', '18', path.join(dir, 'study.pdf'), path.join(dir, 'page')]);
    return fs.readdirSync(dir).filter((f) => f.endsWith('.ppm')).sort().map((f) => {
      const ppm = fs.readFileSync(path.join(dir, f));
      // P6, width, height, 255, then the pixels as red, green, blue
      const header = ppm.toString('latin1', 0, 32).match(/^P6\s+\d+\s+\d+\s+255\s/);
      for (let i = header[0].length; i + 2 < ppm.length; i += 3) {
        if (ppm[i] - ppm[i + 1] >= 10 && ppm[i] - ppm[i + 2] >= 10) return true;
      }
      return false;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// pdftotext puts the characters of a right-to-left line in the order of their places, then reads ، . : and digits
// as left-to-right numbers, which carry the space between them and the Arabic word after them to their other side:
// "سلمى، ووالد" comes out as "سلمى ،ووالد", "المادة ١١ من" as "المادة  ١١من", from any PDF. The spaces beside them
// alone are left out of the comparison; every letter, mark and ligature, and every other space, is compared as
// written.
const besideStops = (text) => text.replace(/ *([،.:]|[0-9\u0660-\u0669]+) */g, '$1');

// Each of the sentences is in the text, whole, after the one before it.
function assertReadsInOrder(text, sentences, what) {
  const read = besideStops(text);
  let from = 0;
  for (const sentence of sentences) {
    const at = read.indexOf(besideStops(sentence), from);
    assert.ok(at >= 0, `${what} does not read back, or not in its place: ${sentence}\n${text}`);
    from = at + besideStops(sentence).length;
  }
}

async function download(url, who) {
  const res = await fetch(srv.base + url, { headers: { cookie: who.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
}

test('the copy withholds a juvenile\'s name in the parties and the text; the court\'s document, of an approved study only, names him', async () => {
  const { c, s } = await writtenStudy({ approve: false });
  const copy = await api.request('GET', `/api/v1/studies/${s.id}/document?purpose=copy`, S.caseworker);
  assert.equal(copy.status, 200, copy.text);
  assert.equal(copy.body.purpose, 'copy');
  assert.equal(copy.body.case_reference, c.reference);
  assert.equal(copy.body.template.code, 'juvenile');
  // every person of the case is withheld and written by role: the juvenile, his sister, his mother the guardian
  assert.deepEqual(copy.body.parties.map((p) => [p.role, p.name, p.juvenile]).sort(),
    [['family_member', 'إحدى أفراد الأسرة', true], ['guardian', 'ولية الأمر', true], ['juvenile', 'الحدث', true]]);
  assert.ok(!copy.body.parties.some((p) => p.role === 'reporter'), 'the reporter is never a party of the document');
  const family = copy.body.sections.find((x) => x.key === 'family');
  // "the juvenile Yazan Tarawneh" becomes "the juvenile" once; his mother is named by her role
  assert.equal(family.body, 'يعيش الحدث مع والدته ولية الأمر، ووالد الحدث يعمل خارج المحافظة. العلاقة بين الحدث وأمّه جيدة.');
  assert.equal(copy.body.sections.find((x) => x.key === 'school').body, SCHOOL);
  // the reporter, never a party, is withheld where the text names him
  assert.equal(copy.body.sections.find((x) => x.key === 'act').body, 'أبلغ عن الواقعة الجار المبلّغ (م. سابقاً).');
  assert.ok(!JSON.stringify(copy.body).includes('يزن'), 'the juvenile\'s first name is somewhere in the copy');
  // the default purpose is the copy
  assert.equal((await api.request('GET', `/api/v1/studies/${s.id}/document`, S.caseworker)).body.purpose, 'copy');
  // a draft goes to no court
  assertError(await api.request('GET', `/api/v1/studies/${s.id}/document?purpose=court`, S.caseworker), 409, 'study.not_approved');
  assertError(await api.request('GET', `/api/v1/studies/${s.id}/document?purpose=court&format=pdf`, S.caseworker), 409, 'study.not_approved');
  let approved = await act(s, 'submit', S.caseworker);
  approved = await act(approved, 'approve', S.supervisor);
  const court = await api.request('GET', `/api/v1/studies/${s.id}/document?purpose=court`, S.supervisor);
  assert.equal(court.status, 200, court.text);
  assert.equal(court.body.purpose, 'court');
  assert.ok(court.body.parties.some((p) => p.role === 'juvenile' && p.name === 'يزن عبد الرحيم الطراونة' && !p.juvenile));
  assert.equal(court.body.sections.find((x) => x.key === 'family').body, FAMILY);
  assert.equal(court.body.sections.find((x) => x.key === 'act').body, 'أبلغ عن الواقعة الجار مبلّغ المجالي (المجالي سابقاً).');
  assert.ok(court.body.parties.some((p) => p.role === 'family_member' && p.name === 'ريم عبد الرحيم الطراونة'));
  assert.equal(court.body.reviewed_by_name, S.supervisor.user.full_name);
  assert.ok(court.body.submitted_at && court.body.reviewed_at && court.body.generated_at);
  // bad input, and who may not
  assertError(await api.request('GET', `/api/v1/studies/${s.id}/document?purpose=press`, S.caseworker), 400, 'query.invalid', ['purpose']);
  assertError(await api.request('GET', `/api/v1/studies/${s.id}/document?format=docx`, S.caseworker), 400, 'query.invalid', ['format']);
  assertError(await api.request('GET', `/api/v1/studies/${s.id}/document`, S.otherUnit), 404, 'not_found');
  assertError(await api.request('GET', `/api/v1/studies/${s.id}/document`, S.admin), 403, 'auth.forbidden');
  // each document made is in the audit log, with its purpose
  const courts = await api.listAll(`/api/v1/audit?action=study.document.court&object_type=study&object_id=${s.id}`, S.auditor);
  assert.equal(courts.length, 1);
  assert.ok((await api.listAll(`/api/v1/audit?action=study.document.copy&object_type=study&object_id=${s.id}`, S.auditor)).length >= 2);
});

test('the PDF: made by the server, tagged, its Arabic reads back with pdftotext as written, in order; the copy never carries the juvenile\'s name', async () => {
  const { c, s } = await writtenStudy({ first: 'قصي' });
  const court = await download(`/api/v1/studies/${s.id}/document?purpose=court&format=pdf`, S.caseworker);
  assert.equal(court.status, 200, court.body.toString());
  assert.equal(court.type, 'application/pdf');
  assert.equal(court.disposition, `attachment; filename="study-${c.reference}-court.pdf"`);
  assert.equal(court.body.subarray(0, 5).toString(), '%PDF-');
  const courtText = pdfText(court.body);
  // lam-alef ligatures (الاجتماعية، الأحداث، إلى، لا), marks (أمّه، مقدَّمة، مبلّغ، سابقاً), names, in reading order
  assertReadsInOrder(courtText, [
    'المملكة الأردنية الهاشمية — وزارة التنمية الاجتماعية',
    'دراسة اجتماعية لحدث (المادة ١١ من قانون الأحداث)',
    'وثيقة مقدَّمة إلى المحكمة — سرية، لا يجوز نشرها',
    c.reference,
    'قصي عبد الرحيم الطراونة',
    'الحدث وأسرته',
    family('قصي'),
    SCHOOL,
    'ظروف ارتكاب الفعل',
    'أبلغ عن الواقعة الجار مبلّغ المجالي (المجالي سابقاً).',
    'التوقيع والتاريخ',
  ], 'the court\'s PDF');
  assert.ok(!courtText.includes('مسودة'), 'an approved study is marked as a draft');
  // a tagged PDF: the document's title, headings, paragraphs and tables are its structure
  assert.match(popplerTool('pdfinfo', [], court.body), /^Tagged:\s+yes$/m);
  const structure = popplerTool('pdfinfo', ['-struct'], court.body);
  for (const element of ['Document', 'H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD']) {
    assert.match(structure, new RegExp(`^\\s*${element}\\b`, 'm'), `no ${element} in the structure:\n${structure}`);
  }
  const headings = structure.split('\n').filter((line) => /^\s*H2\b/.test(line)).length;
  assert.equal(headings, 1 + s.template_sections.length, 'the parties and each section under a heading of its own');

  const copy = await download(`/api/v1/studies/${s.id}/document?purpose=copy&format=pdf`, S.caseworker);
  assert.equal(copy.status, 200);
  assert.equal(copy.disposition, `attachment; filename="study-${c.reference}-copy.pdf"`);
  const copyText = pdfText(copy.body);
  assertReadsInOrder(copyText, [
    'نسخة — أسماء الأشخاص محجوبة',
    'يعيش الحدث مع والدته ولية الأمر، ووالد الحدث يعمل خارج المحافظة. العلاقة بين الحدث وأمّه جيدة.',
  ], 'the copy');
  assert.ok(!copyText.includes('قصي'), 'the juvenile\'s name is in the copy');
  assert.ok(!copyText.includes('الطراونة'), 'the juvenile\'s family name is in the copy');
  assert.ok(courtText.includes('الطراونة'), 'the check for the family name cannot fail');

  // a draft's PDF says so in its particulars and is marked across every page (drawn in red; not written, so that
  // its slanting letters do not come between the lines of the text)
  const draft = await writtenStudy({ approve: false });
  const draftPdf = await download(`/api/v1/studies/${draft.s.id}/document?format=pdf`, S.caseworker);
  assert.equal(draftPdf.status, 200);
  const draftText = pdfText(draftPdf.body);
  assertReadsInOrder(draftText, ['حالة الدراسة: مسودة', 'الحدث وأسرته'], 'the draft');
  const marked = pagesMarked(draftPdf.body);
  assert.ok(marked.length >= 2 && marked.every(Boolean), `pages marked: ${marked}`);
  assert.ok(!pagesMarked(court.body).some(Boolean), 'the court\'s document is marked as a draft');
  // another unit gets no PDF either
  const refused = await download(`/api/v1/studies/${s.id}/document?format=pdf`, S.otherUnit);
  assert.equal(refused.status, 404);
  assert.match(refused.type, /application\/json/);
});

// Every default-ignorable code point (Unicode's Default_Ignorable_Code_Point): drawn as nothing by the PDF's fonts.
const invisible = /\p{Default_Ignorable_Code_Point}/gu;

test('a juvenile\'s name with invisible characters inside it, stored before they were refused, is withheld from the copy, JSON and PDF; new text with one is refused', async () => {
  const { s } = await writtenStudy({ approve: false, first: 'قصي' });
  // new text: refused, naming the section; the invisible characters Arabic and mixed-direction text use pass
  for (const body of ['يعيش الحدث قص\u2060ي مع والدته.', 'قصي\u{E0041}\u{E007F}', 'ق\u034fصي', 'نص\ufeff', 'نص\u00ad', 'نص\u202eمعكوس\u202c']) {
    const refused = await api.request('PUT', `/api/v1/studies/${s.id}`, { ...S.caseworker, body: { version: s.version, sections: [{ key: 'family', body }] } });
    assertError(refused, 400, 'field.invisible', ['family']);
  }
  const kept = await api.request('PUT', `/api/v1/studies/${s.id}`, {
    ...S.caseworker, body: { version: s.version, sections: [{ key: 'school', body: 'مي\u200cسون \u2068Amman\u2069 \u200fمدرسة\u200e \u061c' }] },
  });
  assert.equal(kept.status, 200, kept.text);
  assertError(await api.request('GET', `/api/v1/studies?q=${encodeURIComponent('مدر\u2060سة')}`, S.caseworker), 400, 'field.invisible', ['q']);

  // text stored before (or imported): the name with a word joiner, an invisible operator, a grapheme joiner, tags,
  // a Hangul filler, a soft hyphen, a byte-order mark, a Mongolian vowel separator, a variation selector
  const stored = 'يعيش الحدث قص\u2060ي الطراونة مع والدته، ووالد \u2063ق\u034fصي يعمل. العلاقة بين قصي\u{E0041}\u{E0020} وأمّه جيدة. '
    + 'رأى ق\u3164صي ال\u00adطراو\ufeffنة و\u180eقصي\u2060الطراونة وقص\ufe0fي.';
  const quoted = stored.replace(/'/g, "''");
  databaseSql(srv.db, `UPDATE study_sections SET body = '${quoted}' WHERE study_id = ${s.id} AND key = 'family'`);
  const copy = await api.request('GET', `/api/v1/studies/${s.id}/document?purpose=copy`, S.caseworker);
  assert.equal(copy.status, 200, copy.text);
  const family = copy.body.sections.find((x) => x.key === 'family').body;
  assert.equal(family, 'يعيش الحدث مع والدته، ووالد الحدث يعمل. العلاقة بين الحدث وأمّه جيدة. رأى الحدث و\u180eالحدث\u2060ط. والحدث.');
  for (const name of ['قصي', 'الطراونة', 'طراونة']) {
    assert.ok(!JSON.stringify(copy.body).replace(invisible, '').includes(name), `the copy's JSON holds ${name}`);
  }
  const pdf = await download(`/api/v1/studies/${s.id}/document?purpose=copy&format=pdf`, S.caseworker);
  assert.equal(pdf.status, 200);
  const read = pdfText(pdf.body).replace(invisible, '');
  assert.ok(read.includes('يعيش الحدث مع والدته'), read.slice(0, 400));
  for (const name of ['قصي', 'الطراونة', 'طراونة']) assert.ok(!read.includes(name), `the copy's PDF holds ${name}`);
  // the check can fail: the court's document (of the text as stored) reads the name back
  const approved = await act(await act({ ...s, version: kept.body.version }, 'submit', S.caseworker), 'approve', S.supervisor);
  assert.equal(approved.status, 'approved');
  const full = await download(`/api/v1/studies/${s.id}/document?purpose=court&format=pdf`, S.caseworker);
  assert.ok(pdfText(full.body).replace(invisible, '').includes('يعيش الحدث قصي الطراونة'), 'the court\'s PDF does not read the name back');
});

test('lists: my studies, those waiting for my review, all I may see, by status, page by page; another unit sees none of them', async () => {
  const mine = await writtenStudy({ approve: false });
  const submitted = await act(mine.s, 'submit', S.caseworker);
  const colleagueCase = await juvenileCase('ليث');
  const theirs = await newStudy(colleagueCase.c, {}, S.caseworker);
  const ids = (r) => r.body.items.map((x) => x.id);

  const myList = await api.request('GET', '/api/v1/studies?mine=true', S.caseworker);
  assert.equal(myList.status, 200, myList.text);
  assert.ok(ids(myList).includes(submitted.id) && ids(myList).includes(theirs.id));
  assert.ok(myList.body.items.every((x) => x.author_id === S.caseworker.user.id));
  const item = myList.body.items.find((x) => x.id === submitted.id);
  assert.equal(item.case_reference, mine.c.reference);
  assert.equal(item.template_name_ar, 'دراسة اجتماعية لحدث (المادة ١١ من قانون الأحداث)');
  assert.equal(item.status, 'submitted');
  assert.equal(item.snippet, null);
  assert.equal((await api.request('GET', '/api/v1/studies?mine=true', S.colleague)).body.items.length, 0);

  // the supervisor's queue: submitted, of the unit, not written by them
  const queue = await api.request('GET', '/api/v1/studies?review=true', S.supervisor);
  assert.ok(ids(queue).includes(submitted.id));
  assert.ok(!ids(queue).includes(theirs.id), 'a draft is in the review queue');
  assert.ok(queue.body.items.every((x) => x.status === 'submitted'));
  assert.equal((await api.request('GET', '/api/v1/studies?review=true', S.caseworker)).body.items.length, 0, 'a social worker has a review queue');

  const drafts = await api.request('GET', '/api/v1/studies?status=draft', S.colleague);
  assert.ok(ids(drafts).includes(theirs.id) && !ids(drafts).includes(submitted.id), 'the unit\'s colleague does not see its drafts');
  // pages, newest first
  const first = await api.request('GET', '/api/v1/studies?limit=1', S.caseworker);
  assert.equal(first.body.items.length, 1);
  assert.ok(first.body.next_cursor);
  const second = await api.request('GET', `/api/v1/studies?limit=1&cursor=${first.body.next_cursor}`, S.caseworker);
  assert.ok(second.body.items[0].id < first.body.items[0].id);

  assert.equal((await api.request('GET', '/api/v1/studies', S.otherUnit)).body.items.length, 0);
  assert.ok(ids(await api.request('GET', '/api/v1/studies', S.manager)).includes(submitted.id), 'the manager reads the agency\'s studies');
  assertError(await api.request('GET', '/api/v1/studies', S.admin), 403, 'auth.forbidden');
  assertError(await api.request('GET', '/api/v1/studies?status=lost', S.caseworker), 400, 'query.invalid', ['status']);
  assertError(await api.request('GET', '/api/v1/studies?mine=yes', S.caseworker), 400, 'query.invalid', ['mine']);
  assertError(await api.request('GET', '/api/v1/studies?cursor=x', S.caseworker), 400, 'query.invalid', ['cursor']);
});

test('search: Arabic spelled otherwise finds the text, the match is marked, and only studies the user may see come back', async () => {
  const { s } = await writtenStudy({ approve: false });
  const unique = 'الكاراتيه';
  let written = await save(s, { upbringing: `يمارس رياضة ${unique} في نادي الحي ثلاث مرات أسبوعياً.` });
  // a study of another unit with the same word
  const irbid = await person('عمر', { birth_date: '2012-01-01' });
  const other = await api.request('POST', '/api/v1/cases', {
    ...S.otherUnit, body: { kind: 'juvenile_protection', act_date: '2026-05-01', protection_grounds: ['street_work'], persons: [{ person_id: irbid.id, role: 'juvenile' }] },
  });
  assert.equal(other.status, 201, other.text);
  const otherStudy = await newStudy(other.body, {}, S.otherUnit);
  await save(otherStudy, { family: `يحب ${unique} كثيراً.` }, S.otherUnit);

  const search = (q, who = S.caseworker) => api.request('GET', `/api/v1/studies?q=${encodeURIComponent(q)}`, who);
  for (const q of ['كاراتيه', 'الكاراتية', 'بالكاراتيه', 'كارات', 'رياضه الكاراتيه', 'نادي']) {
    const r = await search(q);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((x) => x.id), [written.id], `searching ${q}`);
    assert.equal(r.body.next_cursor, null);
  }
  const hit = (await search('كاراتيه')).body.items[0];
  assert.equal(hit.section, 'upbringing');
  assert.deepEqual(hit.snippet.filter((p) => p.match).map((p) => p.text), [unique]);
  assert.equal(hit.snippet.map((p) => p.text).join(''), `يمارس رياضة ${unique} في نادي الحي ثلاث مرات أسبوعياً.`);
  // diacritics and hamza typed, or not
  assert.equal((await search('أُسبوعيا')).body.items[0].id, written.id);
  // every word must match
  assert.equal((await search('كاراتيه سباحة')).body.items.length, 0);
  // the other unit finds its own, never ours
  assert.deepEqual((await search('كاراتيه', S.otherUnit)).body.items.map((x) => x.id), [otherStudy.id]);
  // a change of the text changes what is found
  written = await save(written, { upbringing: 'يمارس السباحة.' });
  assert.equal((await search('كاراتيه')).body.items.length, 0);
  assert.equal((await search('السباحه')).body.items[0].id, written.id);
  // the words may be in different sections; guillemets are punctuation
  written = await save(written, { upbringing: 'يحب الزرافة.', school: 'رأى «البطريق» في الحديقة.' });
  assert.deepEqual((await search('زرافة بطريق')).body.items.map((x) => x.id), [written.id]);
  assert.equal((await search('زرافة بطريق')).body.items[0].section, 'upbringing');
  assert.deepEqual((await search('البطريق')).body.items.map((x) => x.id), [written.id]);
  assert.equal((await search('البطريق')).body.items[0].section, 'school');
  assertError(await search('واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة'), 400, 'search.too_many_words', ['q']);
  assertError(await api.request('GET', '/api/v1/studies?status=draft,submitted', S.caseworker), 400, 'query.invalid', ['status']);
  // a term that begins more than 32 words of the index is searched as a prefix: the same studies come back
  const many = Array.from({ length: 40 }, (_, i) => `قيدكم${i + 1}`).join(' ');
  written = await save(written, { upbringing: `يمارس السباحة. ${many}` });
  assert.deepEqual((await search('قيدكم')).body.items.map((x) => x.id), [written.id]);
  assert.deepEqual((await search('قيدكم3')).body.items.map((x) => x.id), [written.id]);
  assert.deepEqual((await search('قيدكم سباحة')).body.items.map((x) => x.id), [written.id]);
  // marks piled on one letter are refused (they read as nothing and would cost the PDF's layout dearly)
  const piled = await api.request('PUT', `/api/v1/studies/${written.id}`, {
    ...S.caseworker, body: { version: written.version, sections: [{ key: 'school', body: `ب${'\u064e'.repeat(5)} مدرسة` }] },
  });
  assertError(piled, 400, 'field.marks', ['school']);
  const fine = await api.request('PUT', `/api/v1/studies/${written.id}`, {
    ...S.caseworker, body: { version: written.version, sections: [{ key: 'school', body: 'شدّةٌ وحركاتٌ عاديّة' }] },
  });
  assert.equal(fine.status, 200, fine.text);
  // too short, too long
  assertError(await search('ي'), 400, 'search.too_short', ['q']);
  assertError(await search('، .'), 400, 'search.too_short', ['q']);
  assertError(await search('ب'.repeat(201)), 400, 'query.invalid', ['q']);
  const audited = await api.listAll('/api/v1/audit?action=study.search', S.auditor);
  assert.ok(audited.length >= 8, `audited searches: ${audited.length}`);
});

test('follow-up reports: a template of juvenile cases; approving one, or the study, moves the three-monthly monitor report on', async () => {
  const templates = (await api.request('GET', '/api/v1/study-templates?kind=juvenile_protection', S.caseworker)).body.items;
  assert.deepEqual(templates.map((t) => t.code), ['juvenile', 'followup_report']);
  assert.deepEqual(templates[1].sections.map((x) => x.key), ['period', 'progress', 'family', 'education', 'recommendation']);
  assert.deepEqual((await api.request('GET', '/api/v1/study-templates?kind=family_violence', S.caseworker)).body.items.map((t) => t.code), ['fv_settlement']);

  const { c, s } = await writtenStudy({ approve: false });
  // the case moves to its plan: the monitor's report falls due three months after registration
  let current = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  const assign = await api.request('POST', `/api/v1/cases/${c.id}/assignments`, { ...S.supervisor, body: { user_id: S.caseworker.user.id, role: 'caseworker' } });
  assert.equal(assign.status, 200, assign.text);
  current = assign.body;
  for (const to of ['assessment', 'case_plan']) {
    const body = { action: 'advance', to, version: current.version };
    if (to === 'case_plan') {
      const risk = await api.request('PATCH', `/api/v1/cases/${c.id}`, { ...S.caseworker, body: { version: current.version, risk_level: 'low', risk_assessment: 'لا خطر' } });
      assert.equal(risk.status, 200, risk.text);
      body.version = risk.body.version;
    }
    const moved = await api.request('POST', `/api/v1/cases/${c.id}/transitions`, { ...S.caseworker, body });
    assert.equal(moved.status, 200, moved.text);
    current = moved.body;
  }
  const due = async () => (await api.request('GET', `/api/v1/cases/${c.id}/tasks`, S.caseworker)).body.items.find((t) => t.kind === 'monitor_report');
  // the monitor reports only while a measure that calls for reports is in force: judicial supervision
  assert.equal(await due(), undefined, 'a monitor_report task with no measure in force');
  const started = new Date(Date.now() + 3 * 3600e3 - 20 * 86400e3).toISOString().slice(0, 10);
  const measure = await api.request('POST', `/api/v1/cases/${c.id}/measures`, { ...S.caseworker, body: { kind: 'judicial_supervision', court: 'محكمة صلح الأحداث', order_number: '31/2026', order_date: started, starts_on: started, duration_months: 12 } });
  assert.equal(measure.status, 201, measure.text);
  assert.equal(measure.body.report_months, 3);
  const before = await due();
  assert.ok(before, 'no monitor_report task under judicial supervision');
  let approved = await act(s, 'submit', S.caseworker);
  approved = await act(approved, 'approve', S.supervisor);
  const today = new Date(Date.now() + 3 * 3600e3).toISOString().slice(0, 10);
  const after = (await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body;
  assert.equal(after.last_monitor_report, today);
  const moved = await due();
  // three calendar months on, by the end of that day in Amman (the month's last day when it has no such day)
  const [y, m, d] = today.split('-').map(Number);
  const last = new Date(Date.UTC(y, m + 3, 0)).getUTCDate();
  const due3 = new Date(Date.UTC(y, m + 2, Math.min(d, last))).toISOString().slice(0, 10);
  assert.equal(moved.due_on, due3);
  assert.equal(Date.parse(moved.due_at), Date.parse(`${due3}T00:00:00+03:00`) + 86400e3);
  const history = (await api.request('GET', `/api/v1/cases/${c.id}/history`, S.caseworker)).body.items;
  assert.ok(history.some((h) => h.action === 'case.update' && h.detail === 'last_monitor_report'));

  // the follow-up report is written the same way
  let report = await newStudy(c, { template: 'followup_report' });
  assert.equal(report.template, 'followup_report');
  assert.deepEqual(report.template_sections.map((x) => x.key), ['period', 'progress', 'family', 'education', 'recommendation']);
  report = await save(report, { progress: 'تحسن سلوك الحدث خلال الأشهر الثلاثة.' });
  report = await act(report, 'submit', S.caseworker);
  report = await act(report, 'approve', S.supervisor);
  assert.equal(report.status, 'approved');
  assert.equal((await api.request('GET', `/api/v1/cases/${c.id}`, S.caseworker)).body.last_monitor_report, today);
  // not for other kinds
  const fv = await api.request('POST', '/api/v1/cases', { ...S.caseworker, body: { kind: 'family_violence', summary: 'حالة' } });
  assertError(await api.request('POST', `/api/v1/cases/${fv.body.id}/studies`, { ...S.caseworker, body: { template: 'followup_report' } }), 400, 'study.template_kind', ['template']);
});

