// takamul import persons: rows checked like registrations, rejected rows listed with their line and reason, the rest
// stored with batch audit rows; a running server finds the imported persons at its next search.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { cli, startServer } = require('./lib/server');
const { databaseSql } = require('./lib/pg');
const { client } = require('./lib/client');

let server;
let api;
let bearer;

before(async () => {
  server = await startServer();
  api = client(server.base);
  const token = cli(['user', 'token', '--db', server.db, '--set', 'second_factor_roles=0', 'caseworker']);
  assert.equal(token.status, 0, token.stderr);
  bearer = token.stdout.trim();
});

after(async () => {
  if (server) await server.stop();
});

function writeCsv(name, text) {
  const file = path.join(server.dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const header = 'first_name,father_name,grandfather_name,family_name,national_id,birth_date,birth_year,' +
  'birth_year_estimated,sex,governorate,phones\n';

test('good rows are stored, bad rows are listed with their line and reason, exit status 1', async () => {
  const file = writeCsv('mixed.csv', '\ufeff' + header +
    'رامي,وليد,سمير,الدباس,٩٩١٢٣٤٥٦٧٠,1991-04-05,,,male,amman,٠٧٩٥٥٥١٢٣٤;0777000111\n' +
    'منى,وليد,سمير,الدباس,,,1988,yes,female,zarqa,\n' +
    'سامر1,وليد,,الدباس,,,,,male,amman,\n' +
    'هند,وليد,,الدباس,9912345670,,,,female,amman,\n' +
    '"وليد, الكبير",سمير,,الدباس,,2030-01-01,,,male,amman,\n' +
    'ريم,وليد,,الدباس,,2023-02-30,,,female,amman,\n' +
    '"جود ""الصغيرة""",وليد,,الدباس,,,,,female,amman,\n' +
    'تالا,وليد,,الدباس,,,,,female,nowhere,\n');
  const r = cli(['import', 'persons', '--db', server.db, file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^line 4: first_name: person\.name_invalid$/m);
  assert.match(r.stdout, /^line 5: national_id: person\.duplicate_national_id$/m);
  assert.match(r.stdout, /^line 6: first_name: person\.name_invalid$/m);
  assert.match(r.stdout, /^line 7: birth_date: field\.invalid$/m);
  assert.match(r.stdout, /^line 8: first_name: person\.name_invalid$/m);
  assert.match(r.stdout, /^line 9: governorate: field\.invalid$/m);
  assert.match(r.stdout, /imported 2 persons, rejected 6 rows/);

  const found = await api.request('GET', '/api/v1/persons/search?q=' + encodeURIComponent('رامي وليد الدباس'),
    { bearer });
  assert.equal(found.status, 200, found.text);
  const first = found.body.items[0].person;
  assert.equal(first.first_name, 'رامي');
  assert.equal(first.national_id, '9912345670');
  assert.deepEqual(first.phones, ['0795551234', '0777000111']);
  assert.equal(first.birth_year, 1991);
  const mona = await api.request('GET', '/api/v1/persons/search?q=' + encodeURIComponent('منى وليد الدباس'),
    { bearer });
  assert.equal(mona.body.items[0].person.birth_year, 1988);
  assert.equal(mona.body.items[0].person.birth_year_estimated, true);
});

test('an unknown or missing column stops the import before anything is stored, exit status 2', async () => {
  const unknown = writeCsv('unknown.csv', 'first_name,father_name,family_name,sex,surname\nعلا,باسم,الخوري,female,x\n');
  let r = cli(['import', 'persons', '--db', server.db, unknown]);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /import\.unknown_column \(surname/);
  const missing = writeCsv('missing.csv', 'first_name,father_name,family_name\nعلا,باسم,الخوري\n');
  r = cli(['import', 'persons', '--db', server.db, missing]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /import\.missing_column \(sex/);
  const search = await api.request('GET', '/api/v1/persons/search?q=' + encodeURIComponent('علا باسم الخوري'),
    { bearer });
  assert.equal(search.body.items.length, 0, 'nothing may be stored from a refused file');
});

test('a quote left open is reported, with the rows before it stored', async () => {
  const file = writeCsv('open.csv', header + 'بشرى,نادر,,الصمادي,,,,,female,irbid,\n"غدير,نادر,,الصمادي,,,,,female,irbid,\n');
  const r = cli(['import', 'persons', '--db', server.db, file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^line 3: row: import\.open_quote$/m);
  assert.match(r.stdout, /imported 1 persons, rejected 1 rows/);
});

test('each batch writes one person.import audit row naming its ids, and the chain holds', async () => {
  const auditor = cli(['user', 'token', '--db', server.db, '--set', 'second_factor_roles=0', 'auditor']).stdout.trim();
  const rows = await api.request('GET', '/api/v1/audit?action=person.import', { bearer: auditor });
  assert.equal(rows.status, 200, rows.text);
  assert.ok(rows.body.items.length >= 2, rows.text);
  assert.match(rows.body.items[rows.body.items.length - 1].detail, /^import: 2 persons, ids \d+ to \d+$/);
  assert.equal(rows.body.items[0].username, '(console)');
  const verify = cli(['audit', 'verify', '--db', server.db]);
  assert.equal(verify.status, 0, verify.stdout);
});

test('a file of several chunks: every rejected row reported once, in the order of the file, the rest stored', () => {
  // 4,321 rows: the chunks (1,000 rows) are read while those before them are stored; bad rows and a national number
  // repeated across a chunk's edge must still come out in the file's order, each once
  const firsts = ['سامي', 'رنا', 'خالد', 'ليلى', 'عمر', 'هبة', 'زيد', 'نور'];
  let text = header;
  const expected = [];
  for (let i = 0; i < 4321; i++) {
    const line = i + 2;
    const national = String(9800000000 + (i === 1500 ? 999 : i));
    if (i % 997 === 13) {
      text += `${firsts[i % 8]},وليد,,الحوراني,,,,,unknown,amman,\n`;
      expected.push(`line ${line}: sex: field.invalid`);
    } else if (i === 1500) {
      // the number of row 999, stored in the chunk before
      text += `${firsts[i % 8]},وليد,,الحوراني,${national},,,,male,amman,\n`;
      expected.push(`line ${line}: national_id: person.duplicate_national_id`);
    } else {
      text += `${firsts[i % 8]},وليد,سالم,الحوراني,${national},,${1950 + (i % 60)},,${i % 2 ? 'female' : 'male'},amman,\n`;
    }
  }
  const r = cli(['import', 'persons', '--db', server.db, writeCsv('chunks.csv', text)]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const reported = r.stdout.split('\n').filter((l) => l.startsWith('line '));
  assert.deepEqual(reported, expected);
  assert.match(r.stdout, new RegExp(`imported ${4321 - expected.length} persons, rejected ${expected.length} rows`));
});

test('rows the database refuses, in several chunks and twice in one: each refused alone, the rest stored and found',
  async () => {
    // 5,200 rows in six chunks. The database refuses a number already held by an active person: one stored by an
    // earlier import (row 10), one repeated inside the same chunk (rows 2,005 and 2,010: the first is kept), two in
    // one chunk (rows 3,100 and 3,900) and one in the last chunk, a document number as well. A chunk with a refused
    // row goes again row by row; the chunks without one go in one piece; either way the order of the file is kept.
    const docHeader = 'first_name,father_name,family_name,national_id,document_type,document_number,sex,governorate\n';
    const firsts = ['سامي', 'رنا', 'خالد', 'ليلى', 'عمر', 'هبة', 'زيد', 'نور'];
    let text = docHeader;
    const expected = [];
    for (let i = 0; i < 5200; i++) {
      const line = i + 2;
      let national = String(9700000000 + i);
      let family = 'العبادي';
      let doc = '';
      if (i === 10) national = '9912345670'; // stored by the first test's import
      if (i === 2010) national = String(9700000000 + 2005);
      if (i === 3100 || i === 3900) national = String(9700000000 + 1200);
      if (i === 2500) family = 'البرغوثي'; // in a chunk without a refused row
      if (i === 2007) family = 'الطراونة'; // in a chunk stored row by row
      if (i === 5000) doc = 'passport,P7700001';
      if (i === 5150) { national = ''; doc = 'passport,P7700001'; }
      const sex = i % 2 ? 'female' : 'male';
      text += `${firsts[i % 8]},وليد,${family},${national},${doc || ','},${sex},${i % 3 ? 'karak' : 'irbid'}\n`;
      if (i === 10 || i === 2010 || i === 3100 || i === 3900) {
        expected.push(`line ${line}: national_id: person.duplicate_national_id`);
      } else if (i === 5150) {
        expected.push(`line ${line}: document_number: person.duplicate_document`);
      }
    }
    const r = cli(['import', 'persons', '--db', server.db, writeCsv('refused.csv', text)]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const reported = r.stdout.split('\n').filter((l) => l.startsWith('line '));
    assert.deepEqual(reported, expected);
    assert.match(r.stdout, new RegExp(`imported ${5200 - expected.length} persons, rejected ${expected.length} rows`));

    // each person stored is named by one row of the change feed (other servers' indexes follow it), none more: a
    // chunk stored in one go by one row for its range of ids, a chunk stored row by row by a row each; the ids go
    // in the order of the file
    const family = "family_name = 'العبادي'";
    const names = `p.id >= c.person_id AND p.id <= CASE WHEN c.last_person_id IS NULL THEN c.person_id
      ELSE c.last_person_id END`;
    assert.equal(databaseSql(server.db, `SELECT count(*) FROM persons p WHERE ${family} AND (SELECT count(*)
      FROM person_changes c WHERE ${names} AND c.kind = 'create') <> 1`), '0');
    assert.equal(databaseSql(server.db, `SELECT count(*) FROM person_changes c WHERE c.kind = 'create'
      AND NOT EXISTS (SELECT 1 FROM persons p WHERE ${names})`), '0');
    assert.ok(Number(databaseSql(server.db, `SELECT count(*) FROM person_changes c WHERE c.kind = 'create'
      AND c.last_person_id > c.person_id`)) >= 1, 'a chunk stored in one go has one row of the feed');
    assert.equal(databaseSql(server.db, `SELECT count(*) FROM persons WHERE ${family}`), String(5200 - 2 - 5));
    assert.equal(databaseSql(server.db, `SELECT count(*) FROM (SELECT id, lag(id) OVER (ORDER BY national_id) AS before
      FROM persons WHERE ${family} AND national_id LIKE '97000%') x WHERE x.before > x.id`), '0');
    // the running server finds persons of both kinds of chunk at its next search
    for (const [i, family] of [[2500, 'البرغوثي'], [2007, 'الطراونة']]) {
      const name = `${firsts[i % 8]} وليد ${family}`;
      const found = await api.request('GET', '/api/v1/persons/search?q=' + encodeURIComponent(name), { bearer });
      assert.equal(found.status, 200, found.text);
      const exact = found.body.items.filter((item) => item.person.family_name === family);
      assert.equal(exact.length, 1, found.text);
      assert.equal(exact[0].person.first_name, firsts[i % 8]);
      assert.equal(exact[0].person.national_id, String(9700000000 + i));
    }
    // a registration after the import gets an id of its own (the ids the import took are behind it)
    const made = await api.request('POST', '/api/v1/persons', {
      bearer,
      body: { first_name: 'غيث', father_name: 'وليد', family_name: 'العبادي', sex: 'male', national_id: '9700099999' },
    });
    assert.equal(made.status, 201, made.text);
    const again = await api.request('POST', '/api/v1/persons', {
      bearer,
      body: { first_name: 'غيث', father_name: 'وليد', family_name: 'العبادي', sex: 'male', national_id: '9700001200' },
    });
    assert.equal(again.status, 409, again.text);
    const verify = cli(['audit', 'verify', '--db', server.db]);
    assert.equal(verify.status, 0, verify.stdout);
  });

test('free text with a backslash and a line break is stored as written (COPY escapes them)', async () => {
  const file = writeCsv('text.csv', 'first_name,father_name,family_name,sex,address,notes\n' +
    'ياسمين,وليد,القضاة,female,"عمارة 5\\ب الطابق 2","سطر أول\nسطر ثان \\n"\n');
  const r = cli(['import', 'persons', '--db', server.db, file]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const found = await api.request('GET', '/api/v1/persons/search?q=' + encodeURIComponent('ياسمين وليد القضاة'),
    { bearer });
  assert.equal(found.status, 200, found.text);
  const item = found.body.items.find((i) => i.person.family_name === 'القضاة');
  assert.ok(item, found.text);
  const person = await api.request('GET', `/api/v1/persons/${item.person.id}`, { bearer });
  assert.equal(person.status, 200, person.text);
  assert.equal(person.body.address, 'عمارة 5\\ب الطابق 2');
  assert.equal(person.body.notes, 'سطر أول\nسطر ثان \\n');
});
