// takamul import persons: rows checked like registrations, rejected rows listed with their line and reason, the rest
// stored with batch audit rows; a running server finds the imported persons at its next search.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { cli, startServer } = require('./lib/server');
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
