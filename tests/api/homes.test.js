'use strict';
// Homes and placements (docs/api.md, "Homes and placements"): admission only on a court order in force or a consent,
// every separation rule refused with its code, capacity and a supervisor's override, the movements of a stay with the
// family's 48-hour notice, the register, the occupancy with no names, and care-home staff who see their own home's
// residents only. Synthetic names only.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');
const { pdfText } = require('./lib/pdf');

let srv;
let api;
const S = {};
const H = {};

before(async () => {
  // counts of two and more shown outside the unit, for the homes' statistics below
  srv = await startServer({ extraArgs: ['--set', 'statistics_small_count=2'] });
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'admin', 'manager', 'committee', 'homestaff']) S[name] = await api.loginAs(name);
  for (const h of (await api.request('GET', '/api/v1/homes', S.manager)).body.items) H[h.name_en] = h;
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (path, who = S.caseworker) => api.request('GET', path, who);
const post = (path, body, who = S.caseworker) => api.request('POST', path, { ...who, body });
const day = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const now = (minutes = 0) => new Date(Date.now() + minutes * 60e3).toISOString().replace(/\.\d+Z$/, 'Z');
const yearsAgo = (years) => day(-Math.round(years * 365.25));
const court = { court: 'محكمة أحداث عمان', order_number: '21/2026', order_date: day(-1) };

let serial = 0;
const fathers = ['سالم', 'خالد', 'عمر', 'يوسف', 'محمود', 'إبراهيم', 'حسن', 'علي', 'أحمد', 'ماهر', 'نبيل', 'عادل', 'فيصل', 'طارق', 'وليد', 'رائد', 'باسم', 'سمير', 'جمال', 'هاني', 'زياد', 'مازن', 'نادر', 'كمال', 'فراس', 'غسان', 'منذر', 'عصام', 'بسام', 'ناصر'];
const grandfathers = ['عبد الرحمن', 'سليمان', 'موسى', 'عيسى', 'داود'];
// A juvenile's case with its person (sex, age in years), and the measure asked for (a detention, or a kind of measure).
async function juvenile({ sex = 'male', age = 16, kind = 'juvenile_conflict', measure = 'detention', start = -1 } = {}) {
  serial += 1;
  const person = await post('/api/v1/persons', { first_name: sex === 'male' ? 'يزن' : 'سلمى', father_name: fathers[serial % fathers.length], grandfather_name: grandfathers[Math.floor(serial / fathers.length) % grandfathers.length], family_name: 'المومني', sex, birth_date: yearsAgo(age) });
  assert.equal(person.status, 201, person.text);
  const c = await post('/api/v1/cases', { kind, summary: 'حالة للاختبار', assign_me: true, legal_class: kind === 'juvenile_conflict' ? 'misdemeanour' : undefined, persons: [{ person_id: person.body.id, role: 'juvenile' }] });
  assert.equal(c.status, 201, c.text);
  let m = null;
  if (measure === 'detention') m = await post(`/api/v1/cases/${c.body.id}/measures`, { kind: 'detention', authority: 'prosecutor', order_number: `${serial}/2026`, order_date: day(start), starts_on: day(start), ends_on: day(start + 9) });
  else if (measure) m = await post(`/api/v1/cases/${c.body.id}/measures`, { kind: measure, ...court, starts_on: day(start), duration_months: 12 });
  if (m) assert.equal(m.status, 201, m.text);
  return { c: c.body, person: person.body, measure: m && m.body };
}

const admit = (j, home, extra = {}, who = S.caseworker) => post(`/api/v1/cases/${j.c.id}/placements`, { person_id: j.person.id, home_id: home.id, measure_id: j.measure ? j.measure.id : null, admitted_at: now(-60), ...extra }, who);
const room = (home, name) => home.rooms.find((r) => r.name === name).id;

// A home of the administrator's making on a new unit: its type, statuses and places.
async function newHome(unitType, homeType, statuses, places, rooms = null) {
  serial += 1;
  const unit = await post('/api/v1/units', { code: `TEST-HOME-${serial}`, name_ar: `دار اختبار ${serial}`, name_en: `Test home ${serial}`, type: unitType, agency: 'mosd', governorate: 'amman' }, S.admin);
  assert.equal(unit.status, 201, unit.text);
  const home = await post('/api/v1/homes', { unit_id: unit.body.id, home_type: homeType, statuses, places, rooms }, S.admin);
  assert.equal(home.status, 201, home.text);
  return home.body;
}

test('the demo homes and the occupancy: places by sex and age band, no names, for managers and the committee', async () => {
  const edu = H['Juvenile Education Home - Amman'];
  assert.ok(edu, 'the education home of Amman');
  assert.deepEqual(edu.statuses, ['detained']);
  assert.equal(edu.rooms.length, 2);
  assert.ok(edu.capacity >= 30);
  assert.ok(Object.keys(H).length >= 9);
  const occupancy = (await get('/api/v1/homes', S.committee)).body.items;
  assert.ok(occupancy.every((h) => !('residents_list' in h) && typeof h.residents === 'number' && Array.isArray(h.places)));
  assert.ok(occupancy.every((h) => h.places.every((p) => p.free === Math.max(0, p.places - p.occupied))));
  assert.ok(!JSON.stringify(occupancy).includes('person_name'));
  // a home only on a unit of its type; the administrator only
  assertError(await post('/api/v1/homes', { unit_id: edu.id, home_type: 'amna_home', places: [] }, S.admin), 400, 'home.unit_type', ['home_type']);
  assert.equal((await post('/api/v1/homes', { unit_id: edu.id, home_type: 'juvenile_education_home', places: [] }, S.caseworker)).status, 403);
});

test('admission only on a court order in force, into a home that holds its status; girls only with girls', async () => {
  const edu = H['Juvenile Education Home - Amman'];
  const noOrder = await juvenile({ measure: null });
  assertError(await admit(noOrder, edu), 409, 'placement.no_order', ['measure_id']);
  const supervised = await juvenile({ measure: 'judicial_supervision' });
  assertError(await admit(supervised, edu), 409, 'placement.no_order', ['measure_id']);
  const detained = await juvenile();
  assertError(await admit(detained, H['Juvenile Rehabilitation Home - Amman']), 409, 'placement.status_not_held', ['home_id']);
  const girl = await juvenile({ sex: 'female' });
  assertError(await admit(girl, edu), 409, 'placement.girls_with_girls', ['home_id']);
  assertError(await admit(detained, edu, { admitted_at: now(60) }), 400, 'case.in_future', ['admitted_at']);
  assertError(await admit(detained, edu, { admitted_at: 'tonight' }), 400, 'field.time', ['admitted_at']);
  assert.equal((await get(`/api/v1/cases/${detained.c.id}/placements`)).body.items.length, 0);
  const ok = await admit(detained, edu, { room_id: room(edu, 'الجناح ب') });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.legal_status, 'detained');
  assert.equal(ok.body.age_band, '15_18');
  assert.equal(ok.body.state, 'present');
  assert.equal(ok.body.room_name, 'الجناح ب');
  assertError(await admit(detained, edu), 409, 'placement.open');
  const history = (await get(`/api/v1/cases/${detained.c.id}/history`)).body.items;
  assert.ok(history.some((h) => h.action === 'case.placement.admit'));
  const audit = (await get(`/api/v1/audit?action=case.placement.admit`, await api.loginAs('auditor'))).body.items;
  assert.ok(audit.some((a) => String(a.object_id) === String(detained.c.id)));
});

test('detained apart from sentenced, protection apart from conflict with the law, never a juvenile with adults', async () => {
  const girls = H["Girls' Education and Rehabilitation Home - Amman"];
  const a = await juvenile({ sex: 'female', age: 15 });
  assert.equal((await admit(a, girls, { room_id: room(girls, 'جناح الموقوفات') })).status, 201);
  const b = await juvenile({ sex: 'female', age: 15, measure: 'rehabilitation_home', start: -3 });
  assertError(await admit(b, girls, { room_id: room(girls, 'جناح الموقوفات') }), 409, 'placement.detained_with_sentenced', ['home_id']);
  const inOwn = await admit(b, girls, { room_id: room(girls, 'جناح المحكومات') });
  assert.equal(inOwn.status, 201, inOwn.text);
  assert.equal(inOwn.body.legal_status, 'sentenced');

  const mixed = await newHome('juvenile_care_home', 'juvenile_care_home', ['protection', 'detained'], [{ sex: 'male', age_band: '15_18', places: 5 }]);
  const boy = await juvenile();
  assert.equal((await admit(boy, mixed)).status, 201);
  const child = await juvenile({ kind: 'juvenile_protection', measure: 'care_home' });
  assertError(await admit(child, mixed), 409, 'placement.protection_with_conflict', ['home_id']);

  const shelter = await newHome('shelter', 'amna_home', ['voluntary', 'protection'], [{ sex: 'female', age_band: 'adult', places: 5 }, { sex: 'female', age_band: '15_18', places: 5 }]);
  const girl = await juvenile({ sex: 'female', kind: 'juvenile_protection', measure: 'care_home' });
  assertError(await admit(girl, shelter), 409, 'placement.juvenile_with_adults', ['home_id']);
});

test('a woman in a shelter by her consent, which she may withdraw; capacity and the supervisor\'s override', async () => {
  const amina = H['Amina House'];
  const woman = await post('/api/v1/persons', { first_name: 'منى', father_name: 'خليل', family_name: 'الرواشدة', sex: 'female', birth_date: '1990-04-02' });
  const c = (await post('/api/v1/cases', { kind: 'family_violence', summary: 'حالة', assign_me: true, persons: [{ person_id: woman.body.id, role: 'victim' }] })).body;
  const w = { c, person: woman.body, measure: null };
  assertError(await admit(w, amina), 409, 'placement.no_consent', ['consent_id']);
  const consent = await post(`/api/v1/cases/${c.id}/consents`, { person_id: woman.body.id, method: 'written', given_on: day(0), scope: 'الإيواء في دار آمنة' });
  assert.equal(consent.status, 201, consent.text);
  const placed = await admit(w, amina, { consent_id: consent.body.id });
  assert.equal(placed.status, 201, placed.text);
  assert.equal(placed.body.legal_status, 'voluntary');
  assert.equal(placed.body.age_band, 'adult');
  // leaving is voluntary
  const left = await post(`/api/v1/placements/${placed.body.id}/movements`, { version: placed.body.version, kind: 'discharge', at: now(), reason: 'غادرت بإرادتها', discharge_reason: 'consent_withdrawn' });
  assert.equal(left.status, 201, left.text);
  assert.equal(left.body.placement.state, 'discharged');

  const small = await newHome('juvenile_education_home', 'juvenile_education_home', ['detained'], [{ sex: 'male', age_band: '12_15', places: 1 }]);
  const first = await juvenile({ age: 13 });
  assert.equal((await admit(first, small)).status, 201);
  const second = await juvenile({ age: 13 });
  assertError(await admit(second, small), 409, 'placement.capacity', ['home_id']);
  assertError(await admit(second, small, { override_reason: 'لا مكان آخر الليلة' }), 403, 'placement.override_supervisor', ['override_reason']);
  const older = await juvenile({ age: 16 });
  assertError(await admit(older, small), 409, 'placement.age_band', ['home_id']);
  const over = await admit(second, small, { override_reason: 'لا مكان آخر الليلة' }, S.supervisor);
  assert.equal(over.status, 201, over.text);
  assert.equal(over.body.capacity_override, 'لا مكان آخر الليلة');
  const listed = (await get('/api/v1/homes', S.manager)).body.items.find((h) => h.id === small.id);
  assert.equal(listed.capacity_overrides, 1);
  assert.equal(listed.residents, 2);
});

test('movements: transfer with the family\'s 48-hour notice, absence, hospital, court, leave, discharge; a stale version refused', async () => {
  const edu = H['Juvenile Education Home - Amman'];
  const irbid = H['Juvenile Education Home - Irbid'];
  const j = await juvenile();
  let p = (await admit(j, edu, { room_id: room(edu, 'الجناح أ') })).body;
  const move = (body, who = S.caseworker) => post(`/api/v1/placements/${p.id}/movements`, { version: p.version, at: now(), ...body }, who);
  assertError(await move({ kind: 'transfer', reason: 'اكتظاظ' }), 400, 'field.required', ['to_home_id']);
  assertError(await move({ kind: 'transfer', to_home_id: irbid.id, reason: 'قرب الأسرة', version: p.version + 1 }), 409, 'version.conflict', ['version']);
  assertError(await move({ kind: 'teleport', reason: 'x' }), 400, 'field.code', ['kind']);
  let r = await move({ kind: 'transfer', to_home_id: irbid.id, reason: 'قرب سكن الأسرة' });
  assert.equal(r.status, 201, r.text);
  p = r.body.placement;
  assert.equal(p.home_id, irbid.id);
  let notice = (await get(`/api/v1/cases/${j.c.id}/tasks`)).body.items.find((t) => t.kind === 'family_notice');
  assert.ok(notice, 'a family notice task after the transfer');
  assert.ok(Math.abs(Date.parse(notice.due_at) - Date.parse(p.transferred_at) - 48 * 3600e3) < 2000);
  r = await move({ kind: 'family_notice', reason: 'اتصال هاتفي مع الأب' });
  assert.equal(r.status, 201, r.text);
  p = r.body.placement;
  notice = (await get(`/api/v1/cases/${j.c.id}/tasks`)).body.items.find((t) => t.kind === 'family_notice');
  assert.equal(notice, undefined);
  // home leave is for the sentenced
  assertError(await move({ kind: 'leave', reason: 'زيارة الأسرة', expected_return_at: now(3 * 24 * 60) }), 409, 'placement.leave_sentenced_only', ['kind']);
  for (const kind of ['absence', 'hospital', 'court']) {
    r = await move({ kind, reason: `سبب ${kind}` });
    assert.equal(r.status, 201, r.text);
    p = r.body.placement;
    assertError(await move({ kind: 'hospital', reason: 'x' }), 409, 'placement.not_present', ['kind']);
    r = await move({ kind: 'return' });
    assert.equal(r.status, 201, r.text);
    p = r.body.placement;
    assert.equal(p.state, 'present');
  }
  assertError(await move({ kind: 'return' }), 409, 'placement.not_away', ['kind']);
  assertError(await move({ kind: 'discharge', reason: 'انتهاء التوقيف' }), 400, 'field.required', ['discharge_reason']);
  r = await move({ kind: 'discharge', reason: 'قرار المحكمة', discharge_reason: 'court_release' });
  assert.equal(r.status, 201, r.text);
  p = r.body.placement;
  assertError(await move({ kind: 'absence', reason: 'x' }), 409, 'placement.discharged', ['kind']);
  const kinds = (await get(`/api/v1/placements/${p.id}/movements`)).body.items.map((m) => m.kind);
  assert.deepEqual(kinds, ['admission', 'transfer', 'family_notice', 'absence', 'return', 'hospital', 'return', 'court', 'return', 'discharge']);
  const history = (await get(`/api/v1/cases/${j.c.id}/history`)).body.items.map((h) => h.action);
  assert.ok(history.includes('case.placement.transfer') && history.includes('case.placement.discharge'));

  // a sentenced juvenile's leave: a week at most
  const s = await juvenile({ measure: 'rehabilitation_home', start: -10 });
  p = (await admit(s, H['Juvenile Rehabilitation Home - Amman'])).body;
  assertError(await move({ kind: 'leave', reason: 'زيارة الأسرة', expected_return_at: now(8 * 24 * 60) }), 409, 'placement.leave_too_long', ['kind']);
  r = await move({ kind: 'leave', reason: 'زيارة الأسرة', expected_return_at: now(5 * 24 * 60) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.placement.state, 'leave');
});

test('the register: tonight by room, due for discharge, overstays, absences; its own staff only, every read audited', async () => {
  const edu = H['Juvenile Education Home - Amman'];
  const irbid = H['Juvenile Education Home - Irbid'];
  const here = await juvenile();
  const hp = (await admit(here, edu, { room_id: room(edu, 'الجناح ب') })).body;
  const there = await juvenile();
  assert.equal((await admit(there, irbid)).status, 201);
  // an overstay: the detention released yesterday, the boy still in
  const late = await juvenile({ start: -5 });
  const lp = (await admit(late, edu, { room_id: room(edu, 'الجناح ب') })).body;
  const released = await post(`/api/v1/cases/${late.c.id}/measures/${late.measure.id}/end`, { version: late.measure.version, ended_on: day(-1), reason: 'إخلاء سبيل' });
  assert.equal(released.status, 200, released.text);
  // an absence
  const away = await post(`/api/v1/placements/${hp.id}/movements`, { version: hp.version, kind: 'absence', at: now(), reason: 'لم يعد من المدرسة' });
  assert.equal(away.status, 201, away.text);

  const reg = await get(`/api/v1/homes/${edu.id}/register`, S.homestaff);
  assert.equal(reg.status, 200, reg.text);
  const mine = reg.body.residents.find((r) => r.id === hp.id);
  assert.equal(mine.room_name, 'الجناح ب');
  assert.equal(mine.measure_kind, 'detention');
  assert.equal(mine.state, 'absent');
  assert.ok(mine.person_name.includes('يزن'));
  assert.ok(reg.body.due_for_discharge.includes(hp.id));
  assert.ok(reg.body.overstays.includes(lp.id));
  assert.ok(reg.body.absences.includes(hp.id));
  assert.ok(reg.body.by_status.detained >= 2);
  assert.ok(reg.body.home.places.some((p) => p.occupied >= 2));
  // the staff of one home see its residents' cases, not another home's (404)
  assert.equal((await get(`/api/v1/cases/${here.c.id}`, S.homestaff)).status, 200);
  assert.equal((await get(`/api/v1/cases/${there.c.id}`, S.homestaff)).status, 404);
  assert.equal((await get(`/api/v1/homes/${irbid.id}/register`, S.homestaff)).status, 404);
  const listed = (await get('/api/v1/cases?limit=200', S.homestaff)).body.items.map((c) => c.id);
  assert.ok(listed.includes(here.c.id) && !listed.includes(there.c.id));
  // the manager reads every register; the committee none
  assert.equal((await get(`/api/v1/homes/${irbid.id}/register`, S.manager)).status, 200);
  assert.equal((await get(`/api/v1/homes/${irbid.id}/register`, S.committee)).status, 404);
  const audit = (await get(`/api/v1/audit?action=home.register.read`, await api.loginAs('auditor'))).body.items;
  assert.ok(audit.filter((a) => a.outcome === 'ok').length >= 2);
  assert.ok(audit.some((a) => a.outcome === 'denied'));
});

test('the home staff admit on the decision number they are shown, the resident being the case\'s one juvenile', async () => {
  const edu = H['Juvenile Education Home - Amman'];
  const j = await juvenile({ age: 14 });
  // the staff do not see the case before it is theirs
  assert.equal((await get(`/api/v1/cases/${j.c.id}`, S.homestaff)).status, 404);
  assertError(await post(`/api/v1/cases/${j.c.id}/placements`, { home_id: edu.id, order_number: 'no-such/1', admitted_at: now(-5) }, S.homestaff), 409, 'placement.no_order', ['order_number']);
  const ok = await post(`/api/v1/cases/${j.c.id}/placements`, { home_id: edu.id, room_id: room(edu, 'الجناح أ'), order_number: j.measure.order_number, admitted_at: now(-5) }, S.homestaff);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.person_id, j.person.id);
  assert.equal(ok.body.measure_id, j.measure.id);
  assert.equal(ok.body.legal_status, 'detained');
  assert.equal((await get(`/api/v1/cases/${j.c.id}`, S.homestaff)).status, 200);
});

test('the home staff admit by the case reference the order carries; a wrong reference or order tells them nothing more', async () => {
  const edu = H['Juvenile Education Home - Amman'];
  const j = await juvenile({ age: 15 });
  const other = await juvenile({ age: 15 });
  const body = (extra) => ({ room_id: room(edu, 'الجناح أ'), admitted_at: now(-5), ...extra });
  // an unknown reference, another case's order, a measure id instead of the order's number: all the same refusal
  for (const wrong of [
    { case_reference: 'JC-2026-999999', order_number: j.measure.order_number },
    { case_reference: j.c.reference, order_number: other.measure.order_number },
    { case_reference: j.c.reference.toLowerCase(), order_number: 'no-such/1' },
  ]) assertError(await post(`/api/v1/homes/${edu.id}/admissions`, body(wrong), S.homestaff), 409, 'placement.no_order', ['order_number']);
  assertError(await post(`/api/v1/cases/${j.c.id}/placements`, { home_id: edu.id, measure_id: j.measure.id, admitted_at: now(-5) }, S.homestaff), 409, 'placement.no_order', ['order_number']);
  assertError(await post(`/api/v1/cases/999999999/placements`, { home_id: edu.id, order_number: 'x', admitted_at: now(-5) }, S.homestaff), 409, 'placement.no_order', ['order_number']);
  assertError(await post(`/api/v1/homes/${edu.id}/admissions`, body({ order_number: j.measure.order_number }), S.homestaff), 400, 'field.required', ['case_reference']);
  assert.equal((await get(`/api/v1/homes/${edu.id}/register`, S.homestaff)).body.residents.filter((r) => r.case_id === j.c.id).length, 0);
  // the reference as printed, in any case of letters
  const ok = await post(`/api/v1/homes/${edu.id}/admissions`, body({ case_reference: j.c.reference.toLowerCase(), order_number: j.measure.order_number }), S.homestaff);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.case_id, j.c.id);
  assert.equal(ok.body.home_id, edu.id);
  assert.equal(ok.body.legal_status, 'detained');
  // a worker who cannot see a case is told it is not found
  assertError(await post(`/api/v1/homes/${edu.id}/admissions`, body({ case_reference: 'JC-2026-999999', order_number: '1' })), 404, 'not_found', ['case_reference']);
});

test('the register printed by the server: an Arabic PDF of tonight\'s residents, the places, the overstays; audited as printed', async () => {
  const edu = H['Juvenile Education Home - Amman'];
  const late = await juvenile({ start: -5 });
  assert.equal((await admit(late, edu, { room_id: room(edu, 'الجناح أ') })).status, 201);
  const ended = await post(`/api/v1/cases/${late.c.id}/measures/${late.measure.id}/end`, { version: late.measure.version, ended_on: day(-1), reason: 'إخلاء سبيل' });
  assert.equal(ended.status, 200, ended.text);
  const res = await fetch(`${srv.base}/api/v1/homes/${edu.id}/register?format=pdf`, { headers: { cookie: S.homestaff.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), /register-\d+-\d{4}-\d\d-\d\d\.pdf/);
  const text = pdfText(Buffer.from(await res.arrayBuffer()));
  for (const words of ['سجل الدار', 'دار تربية الأحداث', 'المقيمون الليلة', 'الطاقة الاستيعابية والإشغال', 'تجاوز مدة التدبير', late.c.reference]) {
    assert.ok(text.includes(words), `${words} not in the PDF:\n${text}`);
  }
  assert.ok(text.includes(late.person.first_name), 'the resident by name');
  // its own staff and managers only, as the register; a format it does not know is refused
  assert.equal((await get(`/api/v1/homes/${edu.id}/register?format=pdf`, S.caseworker)).status, 404);
  assertError(await get(`/api/v1/homes/${edu.id}/register?format=docx`, S.homestaff), 400, 'query.invalid', ['format']);
  const audit = (await get('/api/v1/audit?action=home.register.read', await api.loginAs('auditor'))).body.items;
  assert.ok(audit.some((a) => String(a.object_id) === String(edu.id) && a.detail === 'pdf' && a.outcome === 'ok'), JSON.stringify(audit.slice(0, 3)));
});

test('an administrator changes a home: statuses, rooms renamed, added and removed, places replaced; what residents hold stays', async () => {
  const home = await newHome('juvenile_education_home', 'juvenile_education_home', ['detained'], [{ room: 1, sex: 'male', age_band: '15_18', places: 2 }, { room: 2, sex: 'male', age_band: '12_15', places: 2 }], ['الجناح الشرقي', 'الجناح الغربي']);
  const east = room(home, 'الجناح الشرقي');
  const west = room(home, 'الجناح الغربي');
  const patch = (body, who = S.admin) => api.request('PATCH', `/api/v1/homes/${home.id}`, { ...who, body });
  // the two rooms swap their names, a third is added, the places are given anew
  const changed = await patch({
    version: home.version, statuses: ['detained', 'sentenced'],
    rooms: [{ id: east, name: 'الجناح الغربي' }, { id: west, name: 'الجناح الشرقي' }, { name: 'جناح العزل الصحي' }],
    places: [{ room: 1, sex: 'male', age_band: '15_18', places: 6 }, { room: 2, sex: 'male', age_band: '12_15', places: 4 }, { room: 3, sex: 'male', age_band: '15_18', places: 1 }],
  });
  assert.equal(changed.status, 200, changed.text);
  assert.deepEqual(changed.body.statuses, ['detained', 'sentenced']);
  assert.equal(room(changed.body, 'الجناح الغربي'), east);
  assert.equal(room(changed.body, 'الجناح الشرقي'), west);
  assert.equal(changed.body.capacity, 11);
  assert.equal(changed.body.version, home.version + 1);
  // a stale version, another user than an administrator, bad input: refused, nothing changed
  const again = (extra = {}) => ({ version: changed.body.version, statuses: ['detained'], rooms: changed.body.rooms.map((r) => ({ id: r.id, name: r.name })), places: [{ room: 1, sex: 'male', age_band: '15_18', places: 6 }], ...extra });
  assertError(await patch({ ...again(), version: home.version }), 409, 'version.conflict');
  assert.equal((await patch(again(), S.manager)).status, 403);
  assertError(await patch(again({ statuses: ['jailed'] })), 400, 'field.code', ['statuses']);
  assertError(await patch(again({ rooms: [{ name: 'أ' }, { name: 'أ' }] })), 400, 'home.room_twice', ['rooms']);
  assertError(await patch(again({ rooms: [{ id: room(H['Juvenile Education Home - Amman'], 'الجناح أ'), name: 'غريب' }] })), 400, 'home.no_room', ['rooms']);
  assertError(await patch(again({ places: [{ room: 1, sex: 'male', age_band: '15_18', places: 1 }, { room: 1, sex: 'male', age_band: '15_18', places: 2 }] })), 400, 'home.places_twice', ['places']);
  assertError(await patch(again({ places: [{ room: 9, sex: 'male', age_band: '15_18', places: 1 }] })), 400, 'field.invalid', ['places']);
  assert.equal((await get(`/api/v1/homes/${home.id}`, S.manager)).body.version, changed.body.version);

  // a resident in the west room: his status stays, his room stays; an empty room may go
  const j = await juvenile({ age: 16 });
  assert.equal((await admit(j, changed.body, { room_id: east })).status, 201);
  assertError(await patch(again({ statuses: ['sentenced'] })), 409, 'home.status_in_use', ['statuses']);
  // fewer places in his room than the residents there tonight: refused
  const eastAt = changed.body.rooms.findIndex((r) => r.id === east) + 1;
  const roomsAll = changed.body.rooms.map((r) => ({ id: r.id, name: r.name }));
  assertError(await patch(again({ rooms: roomsAll, places: [{ room: eastAt, sex: 'male', age_band: '15_18', places: 0 }] })), 409, 'home.places_in_use', ['places']);
  assertError(await patch(again({ rooms: roomsAll, places: [{ room: eastAt, sex: 'female', age_band: '15_18', places: 6 }] })), 409, 'home.places_in_use', ['places']);
  const withoutEast = changed.body.rooms.filter((r) => r.id !== east).map((r) => ({ id: r.id, name: r.name }));
  assertError(await patch(again({ rooms: withoutEast, places: [] })), 409, 'home.room_in_use', ['rooms']);
  const kept = changed.body.rooms.filter((r) => r.name !== 'جناح العزل الصحي').map((r) => ({ id: r.id, name: r.name }));
  const keptEast = kept.findIndex((r) => r.id === east) + 1;
  const fewer = await patch(again({ rooms: kept, places: [{ room: keptEast, sex: 'male', age_band: '15_18', places: 6 }] }));
  assert.equal(fewer.status, 200, fewer.text);
  assert.equal(fewer.body.rooms.length, 2);
  const audit = (await get('/api/v1/audit?action=home.update', await api.loginAs('auditor'))).body.items;
  assert.ok(audit.filter((a) => String(a.object_id) === String(home.id)).length >= 2);
});

test('a juvenile held on a detention order is held on its renewal; none is admitted on an order of a released detention', async () => {
  const edu = H['Juvenile Education Home - Amman'];
  const j = await juvenile({ start: -4 }); // an order from four days ago to the fifth day ahead
  const placed = await admit(j, edu, { room_id: room(edu, 'الجناح أ') });
  assert.equal(placed.status, 201, placed.text);
  // the prosecutor renews from the day after the first order's last: the placement rests on the renewal
  const ends = j.measure.ends_on;
  const next = (d) => new Date(Date.parse(`${d}T00:00:00Z`) + 86400e3).toISOString().slice(0, 10);
  const plus = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);
  const renewal = await post(`/api/v1/cases/${j.c.id}/detention-orders`, { authority: 'prosecutor', order_number: 'ت/77', order_date: day(0), starts_on: next(ends), ends_on: plus(ends, 10), renews_id: j.measure.id });
  assert.equal(renewal.status, 201, renewal.text);
  const now = (await get(`/api/v1/cases/${j.c.id}/placements`)).body.items[0];
  assert.equal(now.measure_id, renewal.body.id);
  assert.equal(now.version, placed.body.version + 1, 'a change made on the placement before the renewal is refused');
  assertError(await post(`/api/v1/placements/${now.id}/movements`, { version: placed.body.version, kind: 'court', at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), reason: 'جلسة' }), 409, 'version.conflict');
  assert.equal(now.measure_ends_on, plus(ends, 10));
  // released: recorded on the newest order, it ends the first too; discharged, he is not admitted again on it
  const released = await post(`/api/v1/cases/${j.c.id}/detention-orders/${renewal.body.id}/release`, { version: renewal.body.version, released_on: day(0), reason: 'إخلاء سبيل بكفالة' });
  assert.equal(released.status, 200, released.text);
  const left = await post(`/api/v1/placements/${now.id}/movements`, { version: now.version, kind: 'discharge', at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), reason: 'إخلاء سبيل', discharge_reason: 'court_release' });
  assert.equal(left.status, 201, left.text);
  assertError(await admit(j, edu, { room_id: room(edu, 'الجناح أ') }), 409, 'placement.no_order', ['measure_id']);
  assertError(await admit({ ...j, measure: renewal.body }, edu, { room_id: room(edu, 'الجناح أ') }), 409, 'placement.no_order', ['measure_id']);
});

test('a juvenile of 16 in a home: the aftercare plan is a task until it is made; leaving care plans the aftercare visits, and the case waits for them', async () => {
  const edu = H['Juvenile Education Home - Amman'];
  const j = await juvenile({ age: 16.5 });
  const placed = await admit(j, edu, { room_id: room(edu, 'الجناح أ') });
  assert.equal(placed.status, 201, placed.text);
  const tasks = async () => (await get(`/api/v1/cases/${j.c.id}/tasks`)).body.items.map((t) => t.kind);
  assert.ok((await tasks()).includes('aftercare_plan'), JSON.stringify(await tasks()));
  // under 16: due 30 days after the 16th birthday, not before
  const young = await juvenile({ age: 14 });
  assert.equal((await admit(young, edu, { room_id: room(edu, 'الجناح أ') })).status, 201);
  const later = (await get(`/api/v1/cases/${young.c.id}/tasks`)).body.items.find((t) => t.kind === 'aftercare_plan');
  assert.ok(later && Date.parse(later.due_at) > Date.now() + (2 * 365 - 5) * 86400e3, JSON.stringify(later));
  // the plan made: the task ends
  const plan = await api.request('PUT', `/api/v1/cases/${j.c.id}/release-plan`, { ...S.caseworker, body: { housing: 'يعود إلى بيت خاله في الزرقاء', work: 'يكمل التدريب المهني في النجارة', family_readiness: 'الخال مستعد ويزور أسبوعيًا', documents: 'بطاقة الأحوال والشهادة المدرسية' } });
  assert.equal(plan.status, 200, plan.text);
  assert.ok(!(await tasks()).includes('aftercare_plan'), JSON.stringify((await get(`/api/v1/cases/${j.c.id}/tasks`)).body.items));
  // leaving care at the end of the measure: the aftercare visits at 1, 3 and 6 months; the case waits for them
  const p = (await get(`/api/v1/cases/${j.c.id}/placements`)).body.items[0];
  const left = await post(`/api/v1/placements/${p.id}/movements`, { version: p.version, kind: 'discharge', at: now(), reason: 'انتهى التدبير', discharge_reason: 'end_of_measure' });
  assert.equal(left.status, 201, left.text);
  const followups = (await get(`/api/v1/cases/${j.c.id}/followups`)).body.items.filter((f) => f.status === 'planned');
  assert.equal(followups.length, 3, JSON.stringify(followups));
  const c = (await get(`/api/v1/cases/${j.c.id}`)).body;
  assertError(await post(`/api/v1/cases/${j.c.id}/transitions`, { version: c.version, action: 'request_closure', reason: 'غادر الدار' }), 409, 'centre.aftercare_open');
  // moved on to a correction centre at 18: no aftercare from the home
  const older = await juvenile({ age: 17.9 });
  const op = (await admit(older, edu, { room_id: room(edu, 'الجناح أ') })).body;
  assert.equal((await post(`/api/v1/placements/${op.id}/movements`, { version: op.version, kind: 'discharge', at: now(), reason: 'بلغ الثامنة عشرة', discharge_reason: 'age_18_transfer' })).status, 201);
  assert.equal((await get(`/api/v1/cases/${older.c.id}/followups`)).body.items.length, 0);
});

test('the homes\' statistics: admissions, discharges and residents past their order, for the manager, home by home', async () => {
  const home = await newHome('juvenile_care_home', 'juvenile_care_home', ['detained'], [{ sex: 'male', age_band: '15_18', places: 6 }]);
  const stat = async (indicator, by) => {
    const r = await get(`/api/v1/statistics/${indicator}?by=${by}&unit_id=${home.id}`, S.manager);
    assert.equal(r.status, 200, r.text);
    const out = { total: r.body.total.value };
    r.body.cells.forEach((cell) => { out[r.body.by.map((dim) => cell[dim]).join('/')] = cell.value; });
    return out;
  };
  const boys = [await juvenile({ start: -5 }), await juvenile({ start: -5 }), await juvenile({ start: -5 })];
  const placed = [];
  for (const boy of boys) {
    const p = await admit(boy, home);
    assert.equal(p.status, 201, p.text);
    placed.push(p.body);
  }
  let moves = await stat('homes_moves', 'status');
  assert.equal(moves.admitted, 3);
  assert.equal(moves.discharged || 0, 0);
  assert.equal((await stat('homes_overstays', 'unit')).total, 0);
  // two released by the prosecutor yesterday, still in the home: past their order
  for (const boy of boys.slice(0, 2)) {
    const r = await post(`/api/v1/cases/${boy.c.id}/measures/${boy.measure.id}/end`, { version: boy.measure.version, ended_on: day(-1), reason: 'إخلاء سبيل' });
    assert.equal(r.status, 200, r.text);
  }
  const over = await stat('homes_overstays', 'unit');
  assert.equal(over[String(home.id)], 2);
  assert.equal((await get('/api/v1/homes', S.manager)).body.items.find((h) => h.id === home.id).overstays, 2, 'the homes list agrees');
  // both leave: discharged, and none past the order any more
  for (const p of placed.slice(0, 2)) {
    const r = await post(`/api/v1/placements/${p.id}/movements`, { version: p.version, kind: 'discharge', at: now(), reason: 'إخلاء سبيل', discharge_reason: 'court_release' });
    assert.equal(r.status, 201, r.text);
  }
  moves = await stat('homes_moves', 'status,sex');
  assert.equal(moves['admitted/male'], 3);
  assert.equal(moves['discharged/male'], 2);
  assert.equal((await stat('homes_overstays', 'unit')).total, 0);
  // the committee sees the nation's figures, never a home by name
  assert.equal((await get(`/api/v1/statistics/homes_moves?by=unit`, S.committee)).status, 403);
  assert.equal((await get(`/api/v1/statistics/homes_overstays?by=sex`, S.committee)).status, 200);
});
