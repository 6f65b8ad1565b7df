// Person search among namesakes, over HTTP: 6,000 persons named "محمد محمد … المجالي" (one clan, one first name
// for the son and the father, as common as they are in Jordan) and one "محمد محمد معتز المجالي" born 2021. Whatever
// the limit, he is first; a larger limit's answer begins with a smaller one's; the check before registering finds
// him; the answer says it was not truncated. Every name here is synthetic.
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
let moataz;
// more than the 4,096 candidates the search once stopped at: the one asked for is imported last, so he comes last
// in every list of his names
const NAMESAKES = 6000;

const GRANDFATHERS = ['أحمد', 'علي', 'خالد', 'عمر', 'يوسف', 'حسن', 'سامي', 'زيد', 'فارس', 'أنس', 'بلال', 'حمزة',
  'طارق', 'عماد', 'عادل', 'جمال', 'رامي', 'سامر', 'وليد', 'نبيل', 'هاني', 'ماهر', 'فادي', 'رائد', 'إياد', 'أيمن',
  'محمد', 'محمود', 'عبد الله', 'إبراهيم', 'سليمان', 'منصور', 'فيصل', 'ياسين', 'موسى', 'عيسى', 'صالح'];

before(async () => {
  server = await startServer();
  api = client(server.base);
  const token = cli(['user', 'token', '--db', server.db, '--set', 'second_factor_roles=0', 'caseworker']);
  assert.equal(token.status, 0, token.stderr);
  bearer = token.stdout.trim();
  let csv = 'first_name,father_name,grandfather_name,family_name,birth_year,sex\n';
  for (let i = 0; i < NAMESAKES; i++) {
    csv += `محمد,محمد,${GRANDFATHERS[i % GRANDFATHERS.length]},المجالي,${1950 + (i % 74)},male\n`;
  }
  csv += 'محمد,محمد,معتز,المجالي,2021,male\n';
  const file = path.join(server.dir, 'namesakes.csv');
  fs.writeFileSync(file, csv);
  const r = cli(['import', 'persons', '--db', server.db, file]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const found = await search({ q: 'محمد محمد معتز المجالي', birth_year: '2021', sex: 'male', limit: '1' });
  moataz = found.items[0].person.id;
  assert.equal(found.items[0].person.grandfather_name, 'معتز');
});

after(async () => {
  if (server) await server.stop();
});

async function search(params) {
  const r = await api.request('GET', '/api/v1/persons/search?' + new URLSearchParams(params), { bearer });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.truncated, false);
  return r.body;
}

test('the one of that exact name and year is first at every limit, among 6,000 namesakes', async () => {
  for (const limit of [1, 3, 5, 10, 20, 50]) {
    const body = await search({ q: 'محمد محمد معتز المجالي', birth_year: '2021', sex: 'male', limit: String(limit) });
    assert.equal(body.items.length, limit);
    assert.equal(body.items[0].person.id, moataz, `limit ${limit}`);
    assert.equal(body.items[0].score, 1);
  }
});

test('without the year, written otherwise, he is still first: the only one of that complete name', async () => {
  for (const limit of [1, 10, 50]) {
    const body = await search({ q: 'محمد  محمد معتز  المجالى', limit: String(limit) });
    assert.equal(body.items[0].person.id, moataz, `limit ${limit}`);
  }
});

test('a smaller limit gives the first part of a larger one', async () => {
  for (const q of ['محمد محمد المجالي', 'محمد المجالي', 'محمد محمد خالد المجالي', 'المجالي محمد محمد']) {
    const large = await search({ q, limit: '50' });
    for (const limit of [1, 5, 10, 20]) {
      const small = await search({ q, limit: String(limit) });
      assert.deepEqual(small.items.map((h) => [h.person.id, h.score]),
        large.items.slice(0, limit).map((h) => [h.person.id, h.score]), `${q} with limit ${limit}`);
    }
  }
});

test('the check before registering finds him first', async () => {
  const r = await api.request('POST', '/api/v1/persons/check', {
    bearer,
    body: { first_name: 'محمد', father_name: 'محمد', grandfather_name: 'معتز', family_name: 'المجالي', sex: 'male',
      birth_year: 2021 },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items[0].person.id, moataz);
});

test('a search that stops at search_work_limit says so, and one that does not, does not', async () => {
  const small = await startServer({ db: server.db, dir: server.dir, extraArgs: ['--set', 'search_work_limit=100'] });
  try {
    const other = client(small.base);
    const common = await other.request('GET', '/api/v1/persons/search?' +
      new URLSearchParams({ q: 'محمد المجالي', birth_year: '1980', limit: '20' }), { bearer });
    assert.equal(common.status, 200, common.text);
    assert.equal(common.body.truncated, true);
    assert.equal(common.body.items.length, 20);
    // his complete name is read before any long list: found whole, nothing cut that could matter
    const whole = await other.request('GET', '/api/v1/persons/search?' +
      new URLSearchParams({ q: 'محمد محمد معتز المجالي', birth_year: '2021', limit: '1' }), { bearer });
    assert.equal(whole.body.items[0].person.id, moataz);
  } finally {
    await small.stop();
  }
});
