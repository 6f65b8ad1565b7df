'use strict';
// `takamul demo` (src/domain/demo/demo.c): beside the organisation and the demo users, a registry of synthetic persons in
// about twelve families, registered and linked by demo users through the registry's own rules (audited as theirs),
// national numbers that cannot be real (they begin with 000), family links seen from both sides, a likely duplicate
// that the search and the check before registering bring together, and a second run that changes nothing.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, cli } = require('./lib/server');
const { client } = require('./lib/client');

let srv;
let api;
let cw; // caseworker
let auditor;
let admin;
/** Every person of the demo registry, by id order (read before any test adds one). */
let persons = [];

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  cw = await api.loginAs('caseworker');
  auditor = await api.loginAs('auditor');
  admin = await api.loginAs('admin');
  // There is no list of persons: the demo's ids are read from 1 up to the first that is not there.
  for (let id = 1; id < 1000; id++) {
    const r = await api.request('GET', `/api/v1/persons/${id}`, cw);
    if (r.status === 404) break;
    assert.equal(r.status, 200, r.text);
    persons.push(r.body);
  }
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const search = async (q) => {
  const r = await api.request('GET', `/api/v1/persons/search?${new URLSearchParams({ q })}`, cw);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
};

const familyOf = async (id) => {
  const r = await api.request('GET', `/api/v1/persons/${id}/family`, cw);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
};

/** The one demo person with this full name. */
function named(fullName) {
  const found = persons.filter((p) => p.full_name === fullName);
  assert.equal(found.length, 1, `${fullName}: ${found.length} demo persons`);
  return found[0];
}

test('the demo registry: 60–80 persons in at least 12 families across the 12 governorates, every one synthetic', () => {
  assert.ok(persons.length >= 60 && persons.length <= 80, `${persons.length} demo persons`);
  const families = new Set(persons.map((p) => p.family_name));
  assert.ok(families.size >= 12, `${families.size} family names`);
  assert.equal(new Set(persons.map((p) => p.governorate)).size, 12);
  const numbered = persons.filter((p) => p.national_id);
  assert.ok(numbered.length >= persons.length * 0.8, `${numbered.length} of ${persons.length} with a national number`);
  for (const p of numbered) assert.match(p.national_id, /^000[0-9]{7}$/, p.full_name);
  for (const p of persons) {
    assert.ok(p.sex === 'female' || p.sex === 'male', p.full_name);
    assert.ok(p.birth_year >= 1900, `${p.full_name} has no birth year`);
    assert.equal(p.status, 'active');
    for (const phone of p.phones || []) assert.match(phone, /^070[0-9]{7}$/, `${p.full_name}: ${phone}`);
  }
  // The shapes of names the search must handle.
  assert.ok(families.has('بني عطية') && families.has('أبو زيد') && families.has('أبو رمان'));
  assert.ok(persons.some((p) => p.first_name === 'نور الهدى') && persons.some((p) => p.first_name === 'عبد الله'));
  assert.ok(persons.filter((p) => !p.grandfather_name).length >= 3, 'records without a grandfather');
  assert.ok(persons.some((p) => p.nationality === 'SY' && p.document_type === 'refugee_card' && !p.national_id));
});

test('registered by the demo users, each audited as theirs', async () => {
  const users = new Map();
  for (const username of ['caseworker', 'officer', 'monitor']) {
    const [user] = await api.findUsers(admin, username);
    assert.ok(user, username);
    users.set(user.id, username);
  }
  for (const p of persons) assert.ok(users.has(p.created_by), `${p.full_name} created by ${p.created_by}`);
  assert.ok(persons.some((p) => users.get(p.created_by) !== 'caseworker'), 'every demo person registered by the caseworker');
  const rows = await api.listAll('/api/v1/audit?action=person.create', auditor);
  assert.equal(rows.length, persons.length);
  for (const row of rows) {
    assert.ok(['caseworker', 'officer', 'monitor'].includes(row.username), JSON.stringify(row));
    const person = persons.find((p) => String(p.id) === String(row.object_id));
    assert.ok(person, JSON.stringify(row));
    assert.equal(row.username, users.get(person.created_by));
  }
  const links = await api.listAll('/api/v1/audit?action=person.link.add', auditor);
  assert.ok(links.length >= persons.length, `${links.length} person.link.add rows`);
  assert.ok(links.every((row) => row.username === 'caseworker'));
});

test('a family seen from both sides: spouse, parents, children and a brother; grandparents across two families', async () => {
  const abdullah = named('عبد الله محمود سليم أبو زيد');
  const family = await familyOf(abdullah.id);
  const by = (relation) => family.filter((l) => l.relation === relation).map((l) => l.relative.full_name).sort();
  assert.deepEqual(by('spouse'), ['هيفاء جميل عودة السرحان']);
  assert.deepEqual(by('parent'), ['آمنة حسن الشياب', 'محمود سليم عبد القادر أبو زيد']);
  assert.deepEqual(by('child'), ['أسماء عبد الله محمود أبو زيد', 'تسنيم عبد الله محمود أبو زيد', 'يوسف عبد الله محمود أبو زيد']);
  assert.deepEqual(by('sibling'), ['خالد محمود سليم أبو زيد']);
  const wife = family.find((l) => l.relation === 'spouse').relative;
  const back = await familyOf(wife.id);
  assert.ok(back.some((l) => l.relation === 'spouse' && l.relative.id === abdullah.id), 'no spouse link back');
  // A granddaughter of two demo families: her father's parents and her mother's.
  const layan = named('ليان معتز حسين العياصرة');
  const grandparents = (await familyOf(layan.id)).filter((l) => l.relation === 'grandparent').map((l) => l.relative.family_name);
  assert.deepEqual(grandparents.sort(), ['العياصرة', 'العياصرة', 'بني عطية', 'الزيود'].sort());
});

test('the likely duplicates: the search and the check before registering bring the two records together', async () => {
  const items = await search('اسماء عبدالله ابو زيد');
  const top = items.slice(0, 2).map((it) => it.person);
  assert.equal(top.length, 2);
  assert.ok(top.every((p) => p.birth_date === '2008-09-21' && p.first_name.endsWith('سماء')), JSON.stringify(top));
  assert.notEqual(top[0].full_name, top[1].full_name, 'the two records are spelled alike');
  assert.equal(top.filter((p) => p.national_id).length, 1, 'one of the two has the national number');
  const check = await api.request('POST', '/api/v1/persons/check', {
    ...cw,
    body: { first_name: 'أسماء', father_name: 'عبد الله', family_name: 'أبو زيد', sex: 'female', birth_date: '2008-09-21' },
  });
  assert.equal(check.status, 200, check.text);
  const likely = check.body.items.filter((it) => it.score >= 0.75).map((it) => it.person.id).sort();
  assert.deepEqual(likely, top.map((p) => p.id).sort());
  // A slip in the family name (ب for ي) still finds both records of Raghad first.
  const raghad = await search('رغد عادل المعابطة');
  assert.deepEqual(raghad.slice(0, 2).map((it) => it.person.first_name), ['رغد', 'رغد']);
  for (const it of raghad.slice(0, 2)) {
    assert.ok(it.reasons.some((r) => r.part === 'family' && r.match === 'spelling'), JSON.stringify(it.reasons));
  }
});

test('demo on a database that has it refuses with demo.not_empty and adds nothing', async () => {
  const r = cli(['demo', '--db', srv.db]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /demo\.not_empty/);
  const next = await api.request('GET', `/api/v1/persons/${persons.length + 1}`, cw);
  assert.equal(next.status, 404, next.text);
  const rows = await api.listAll('/api/v1/audit?action=person.create', auditor);
  assert.equal(rows.length, persons.length);
});
