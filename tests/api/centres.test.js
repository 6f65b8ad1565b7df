'use strict';
// Correction centres (docs/api.md, "Correction centres"): each centre's catalogue of programmes, enrolment with the
// places enforced and a waiting list that keeps its order, attendance only within the programme's dates, outcomes
// and certificates, the programmes on the inmate's case; the family's needs assessment as structured fields, family
// visits, a child staying with the inmate mother (younger than 3 at entry, the task 90 days before turning 3); the
// pre-release task, releases with their aftercare contacts on the case's follow-up schedule (the case closes only
// after them), transfers with the 48-hour family notice; and the records of one centre refused to another's workers.
// Synthetic names only.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
const S = {};
const U = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['centreworker', 'centresupervisor', 'irbidcentre', 'womencentre', 'caseworker', 'manager', 'admin']) S[name] = await api.loginAs(name);
  for (const u of (await api.request('GET', '/api/v1/units?type=correction_centre&limit=50', S.admin)).body.items) U[u.code] = u;
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (path, who = S.centreworker) => api.request('GET', path, who);
const post = (path, body, who = S.centreworker) => api.request('POST', path, { ...who, body });
const put = (path, body, who = S.centreworker) => api.request('PUT', path, { ...who, body });
const patch = (path, body, who = S.centreworker) => api.request('PATCH', path, { ...who, body });
// Dates in Amman (UTC+3), days from today.
const day = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
// A date some calendar months from another (negative: before), on the month's last day when it has no such day.
function addMonths(date, months) {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}
const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);
// The end of an Amman day as the API writes it (midnight in Amman is 21:00 UTC the evening before).
const endOfDay = (date) => `${date}T21:00:00Z`;

let serial = 0;
// A family name of letters only, one for each number: its digits spelt as letters.
const spelt = (n) => `آل ${String(n).split('').map((d) => 'ابتثجحخدذر'[Number(d)]).join('')}ي`;
const firsts = ['سامي', 'جهاد', 'مراد', 'كنان', 'قصي', 'رامز', 'عمار', 'باسل', 'إياد', 'نزار', 'هشام', 'صهيب'];
// An inmate's case registered by a centre's worker: the inmate (of sex), admitted days ago, released days from now.
async function inmate({ who = S.centreworker, centre = 'CRC-MARKA', sex = 'male', admitted = -100, release = 400 } = {}) {
  serial += 1;
  const person = await post('/api/v1/persons', { first_name: sex === 'male' ? firsts[serial % firsts.length] : 'هالة', father_name: firsts[(serial * 7) % firsts.length], grandfather_name: 'عبد الكريم', family_name: spelt(serial), sex, birth_date: '1990-05-05' }, who);
  assert.equal(person.status, 201, person.text);
  const c = await post('/api/v1/cases', { kind: 'inmate_family', summary: 'رعاية نزيل وأسرته', assign_me: true, admission_date: day(admitted), expected_release: release === null ? undefined : day(release), centre_unit_id: U[centre].id, persons: [{ person_id: person.body.id, role: 'inmate' }] }, who);
  assert.equal(c.status, 201, c.text);
  return { c: c.body, person: person.body };
}

const tasks = async (c, who = S.centreworker) => (await get(`/api/v1/cases/${c.id}/tasks`, who)).body.items;
const task = async (c, kind, who) => (await tasks(c, who)).find((t) => t.kind === kind);

async function newProgramme(fields = {}, who = S.centreworker) {
  const r = await post('/api/v1/programmes', { kind: 'vocational', name: `ورشة ${serial++}`, provider: 'ministry', places: 2, schedule: 'الأحد والثلاثاء', starts_on: day(-20), ends_on: day(60), ...fields }, who);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('each centre keeps its own catalogue: its workers see theirs, managers all, others none', async () => {
  const marka = (await get('/api/v1/programmes')).body.items;
  assert.ok(marka.length >= 4, `${marka.length} demo programmes of Marka`);
  assert.ok(marka.every((p) => p.centre_id === U['CRC-MARKA'].id));
  assert.ok(marka.every((p) => p.free === Math.max(0, p.places - p.enrolled)));
  const irbid = (await get('/api/v1/programmes', S.irbidcentre)).body.items;
  assert.ok(irbid.length >= 2 && irbid.every((p) => p.centre_id === U['CRC-IRBID'].id));
  assertError(await get(`/api/v1/programmes?centre_id=${U['CRC-MARKA'].id}`, S.irbidcentre), 403, 'centre.own_workers');
  assertError(await get('/api/v1/programmes', S.caseworker), 403, 'centre.own_workers');
  const all = (await get('/api/v1/programmes', S.manager)).body.items;
  assert.ok(all.length >= marka.length + irbid.length);
  assert.ok(!JSON.stringify(all).includes('person_name'));
  assertError(await get(`/api/v1/programmes/${marka[0].id}`, S.irbidcentre), 404, 'not_found');
  assertError(await get(`/api/v1/programmes/${marka[0].id}/enrolments`, S.manager), 403, 'centre.own_workers');
});

test('a programme: its kind, provider, places and dates checked; changed only at its version', async () => {
  assertError(await post('/api/v1/programmes', { kind: 'knitting', name: 'x', provider: 'ministry', places: 5, starts_on: day(0), ends_on: day(9) }), 400, 'field.code', ['kind']);
  assertError(await post('/api/v1/programmes', { kind: 'education', name: 'x', provider: 'organisation', places: 5, starts_on: day(0), ends_on: day(9) }), 400, 'field.required', ['provider_name']);
  assertError(await post('/api/v1/programmes', { kind: 'education', name: 'x', provider: 'ministry', places: 5, starts_on: day(9), ends_on: day(0) }), 400, 'programme.ends_before_start', ['ends_on']);
  assertError(await post('/api/v1/programmes', { kind: 'education', name: 'x', provider: 'ministry', places: 5, starts_on: '2026-02-30', ends_on: day(9) }), 400, 'field.date', ['starts_on']);
  assertError(await post('/api/v1/programmes', { kind: 'education', name: 'x', provider: 'ministry', places: 0, starts_on: day(0), ends_on: day(9) }), 400, 'field.invalid', ['places']);
  assertError(await post('/api/v1/programmes', { kind: 'education', name: 'x', provider: 'ministry', places: 5, starts_on: day(0), ends_on: day(9) }, S.caseworker), 403, 'centre.own_workers');
  const p = await newProgramme({ kind: 'life_skills', provider: 'organisation', provider_name: 'جمعية الأمل' });
  assert.equal(p.centre_id, U['CRC-MARKA'].id);
  assert.equal(p.free, 2);
  const changed = await patch(`/api/v1/programmes/${p.id}`, { version: p.version, places: 3 });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.places, 3);
  assertError(await patch(`/api/v1/programmes/${p.id}`, { version: p.version, places: 4 }), 409, 'version.conflict', ['version']);
  assertError(await patch(`/api/v1/programmes/${p.id}`, { version: changed.body.version, places: 4 }, S.irbidcentre), 404, 'not_found');
});

test('enrolment: places enforced, a waiting list that keeps its order, a freed place to its first', async () => {
  const p = await newProgramme({ places: 2 });
  const inmates = [];
  for (let i = 0; i < 4; i++) inmates.push(await inmate());
  const enrol = (x, extra = {}, who = S.centreworker) => post(`/api/v1/programmes/${p.id}/enrolments`, { case_id: x.c.id, ...extra }, who);
  const first = await enrol(inmates[0], { enrolled_on: day(-10) });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.status, 'enrolled');
  assert.equal(first.body.person_id, inmates[0].person.id);
  assert.equal(first.body.enrolled_on, day(-10));
  assertError(await enrol(inmates[0]), 409, 'programme.already_enrolled', ['person_id']);
  const second = await enrol(inmates[1], { enrolled_on: day(-10) });
  assert.equal(second.body.status, 'enrolled');
  // full: refused naming the waiting list, nothing stored
  assertError(await enrol(inmates[2]), 409, 'programme.full', ['waiting_list']);
  let list = (await get(`/api/v1/programmes/${p.id}/enrolments`)).body;
  assert.equal(list.items.length, 2);
  assert.equal(list.programme.free, 0);
  const third = await enrol(inmates[2], { waiting_list: true });
  assert.equal(third.status, 201, third.text);
  assert.equal(third.body.status, 'waiting');
  assert.equal(third.body.position, 1);
  const fourth = await enrol(inmates[3], { waiting_list: true });
  assert.equal(fourth.body.position, 2);
  list = (await get(`/api/v1/programmes/${p.id}/enrolments`)).body;
  assert.deepEqual(list.items.map((e) => e.status), ['enrolled', 'enrolled', 'waiting', 'waiting']);
  assert.equal(list.programme.waiting, 2);
  // dropping out needs a reason; the place goes to the first who waits, the other moves up
  assertError(await patch(`/api/v1/enrolments/${first.body.id}`, { version: first.body.version, outcome: 'dropped' }), 400, 'field.required', ['reason']);
  const dropped = await patch(`/api/v1/enrolments/${first.body.id}`, { version: first.body.version, outcome: 'dropped', reason: 'رفض الاستمرار' });
  assert.equal(dropped.status, 200, dropped.text);
  assert.equal(dropped.body.status, 'dropped');
  assertError(await patch(`/api/v1/enrolments/${first.body.id}`, { version: first.body.version, outcome: 'completed' }), 409, 'version.conflict', ['version']);
  list = (await get(`/api/v1/programmes/${p.id}/enrolments`)).body;
  const byCase = Object.fromEntries(list.items.map((e) => [e.case_id, e]));
  assert.equal(byCase[inmates[2].c.id].status, 'enrolled');
  assert.equal(byCase[inmates[2].c.id].enrolled_on, day(0));
  assert.equal(byCase[inmates[3].c.id].status, 'waiting');
  assert.equal(byCase[inmates[3].c.id].position, 1);
  const history = (await get(`/api/v1/cases/${inmates[2].c.id}/history`)).body.items.map((h) => h.action);
  assert.ok(history.includes('case.programme.waiting_list') && history.includes('case.programme.from_waiting_list'), history.join());
  // another centre's inmate is not enrolled here
  const irbid = await inmate({ who: S.irbidcentre, centre: 'CRC-IRBID' });
  assertError(await enrol(irbid), 404, 'not_found');
  assertError(await enrol(irbid, {}, S.irbidcentre), 404, 'not_found');
});

test('attendance: within the programme and the enrolment, a week at a time, all or none; the outcome and certificate', async () => {
  const p = await newProgramme({ places: 5, starts_on: day(-12), ends_on: day(30) });
  const x = await inmate();
  const e = (await post(`/api/v1/programmes/${p.id}/enrolments`, { case_id: x.c.id, enrolled_on: day(-12) })).body;
  const attend = (sessions, id = e.id, who = S.centreworker) => post(`/api/v1/enrolments/${id}/attendance`, { sessions }, who);
  const week = [-7, -6, -5, -4, -3].map((d, i) => ({ date: day(d), present: i !== 2 }));
  const r = await attend(week);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.sessions, 5);
  assert.equal(r.body.present, 4);
  assert.deepEqual(r.body.attendance.map((a) => a.date), week.map((s) => s.date));
  // a date before the programme starts: refused naming the date, and nothing of the batch stored
  assertError(await attend([{ date: day(-2), present: true }, { date: day(-13), present: true }]), 400, 'programme.date_outside', ['date']);
  assertError(await attend([{ date: day(1), present: true }]), 400, 'case.in_future', ['date']);
  assertError(await attend([{ date: 'yesterday', present: true }]), 400, 'field.date', ['date']);
  assertError(await attend([{ date: day(-2) }]), 400, 'field.required', ['present']);
  assertError(await attend([{ date: day(-2), present: true }, { date: day(-2), present: false }]), 400, 'programme.date_twice', ['date']);
  assertError(await attend([]), 400, 'field.required', ['sessions']);
  assert.equal((await get(`/api/v1/enrolments/${e.id}/attendance`)).body.sessions, 5);
  // recorded again: the session's record is replaced
  await attend([{ date: day(-5), present: true, note: 'حضر متأخراً' }]);
  const read = (await get(`/api/v1/enrolments/${e.id}/attendance`)).body;
  assert.equal(read.present, 5);
  assert.equal(read.attendance.find((a) => a.date === day(-5)).note, 'حضر متأخراً');
  // another centre's worker reads nothing of it
  assertError(await get(`/api/v1/enrolments/${e.id}/attendance`, S.irbidcentre), 404, 'not_found');
  assertError(await attend(week, e.id, S.irbidcentre), 404, 'not_found');
  // a certificate only for a completed programme; completed with one
  assertError(await patch(`/api/v1/enrolments/${e.id}`, { version: read.version, outcome: 'dropped', reason: 'x', certificate: 'A-1' }), 400, 'programme.certificate_completed', ['certificate']);
  const done = await patch(`/api/v1/enrolments/${e.id}`, { version: read.version, outcome: 'completed', outcome_on: day(-1), certificate: 'شهادة رقم ١٤/٢٠٢٦' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.certificate, 'شهادة رقم ١٤/٢٠٢٦');
  assertError(await attend([{ date: day(0), present: true }]), 400, 'programme.date_outside_enrolment', ['date']);
  // the inmate's case shows every programme taken
  const taken = (await get(`/api/v1/cases/${x.c.id}/programmes`)).body.items;
  assert.deepEqual(taken.map((t) => [t.programme_id, t.status]), [[p.id, 'completed']]);
  assertError(await get(`/api/v1/cases/${x.c.id}/programmes`, S.irbidcentre), 404, 'not_found');
});

test('the family needs assessment: structured fields, checked, at its version; family visits', async () => {
  const x = await inmate();
  const path = `/api/v1/cases/${x.c.id}/family-assessment`;
  assertError(await get(path), 404, 'centre.no_assessment');
  const body = { dependants: 4, children: 3, children_in_school: 2, monthly_income: 0, income_sources: ['none'], housing: 'rented', health: ['chronic_illness'], risks: ['eviction', 'school_dropout'], notes: 'الأم تعمل أحياناً' };
  assertError(await put(path, { ...body, children_in_school: 4 }), 400, 'centre.children_in_school', ['children_in_school']);
  assertError(await put(path, { ...body, children: 5 }), 400, 'centre.children_dependants', ['children']);
  assertError(await put(path, { ...body, housing: 'castle' }), 400, 'field.code', ['housing']);
  assertError(await put(path, { ...body, risks: ['dragons'] }), 400, 'field.code', ['risks']);
  assertError(await put(path, { ...body, dependants: -1 }), 400, 'field.invalid', ['dependants']);
  assertError(await get(path), 404, 'centre.no_assessment');
  const saved = await put(path, body);
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.body.version, 1);
  assert.deepEqual(saved.body.risks, ['eviction', 'school_dropout']);
  assert.equal(saved.body.monthly_income, 0);
  assertError(await put(path, body), 409, 'version.conflict', ['version']);
  const again = await put(path, { ...body, version: 1, monthly_income: null, housing: 'with_relatives' });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.version, 2);
  assert.equal(again.body.monthly_income, null);
  assertError(await put(path, { ...body, version: 1 }), 409, 'version.conflict', ['version']);
  assertError(await get(path, S.irbidcentre), 404, 'not_found');
  // only the centre's workers change it (the case's readers read it)
  assert.equal((await get(path, S.centresupervisor)).status, 200);
  // family visits
  const visits = `/api/v1/cases/${x.c.id}/visits`;
  assertError(await post(visits, { visited_on: day(2), arrangement: 'arranged', visitors: 'الزوجة' }), 400, 'case.in_future', ['visited_on']);
  assertError(await post(visits, { visited_on: day(-2), arrangement: 'secret', visitors: 'الزوجة' }), 400, 'field.code', ['arrangement']);
  const v = await post(visits, { visited_on: day(-2), arrangement: 'facilitated', visitors: 'الزوجة وطفلان', notes: 'زيارة في قاعة الأسرة' });
  assert.equal(v.status, 201, v.text);
  assert.deepEqual((await get(visits)).body.items.map((i) => i.visitors), ['الزوجة وطفلان']);
  const history = (await get(`/api/v1/cases/${x.c.id}/history`)).body.items.map((h) => h.action);
  assert.ok(history.includes('case.family_assessment.save') && history.includes('case.family_visit.add'));
  // not on another kind of case
  const other = await post('/api/v1/cases', { kind: 'family_violence', summary: 'x', assign_me: true }, S.caseworker);
  assertError(await get(`/api/v1/cases/${other.body.id}/family-assessment`, S.caseworker), 400, 'centre.kind');
});

test('a child with the inmate mother: younger than 3 at entry, the task 90 days before turning 3', async () => {
  const mother = await inmate({ who: S.womencentre, centre: 'CRC-JUWEIDEH', sex: 'female' });
  const child = async (birth) => (await post('/api/v1/persons', { first_name: 'لين', father_name: 'مهند', grandfather_name: 'سالم', family_name: spelt(1000 + serial++), sex: 'female', birth_date: birth }, S.womencentre)).body;
  const path = `/api/v1/cases/${mother.c.id}/children`;
  const older = await child(day(-Math.round(3.5 * 365.25)));
  assertError(await post(path, { person_id: older.id, entered_on: day(-10) }, S.womencentre), 400, 'centre.child_too_old', ['birth_date']);
  const born = day(-2 * 365 - 30);
  const young = await child(born);
  assertError(await post(path, { person_id: young.id, entered_on: day(-2 * 365 - 60) }, S.womencentre), 400, 'centre.child_not_born', ['entered_on']);
  assert.equal(await task(mother.c, 'child_plan', S.womencentre), undefined);
  const r = await post(path, { person_id: young.id, entered_on: day(-100) }, S.womencentre);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.birth_date, born);
  assertError(await post(path, { person_id: young.id, entered_on: day(-100) }, S.womencentre), 409, 'centre.child_recorded', ['person_id']);
  const t = await task(mother.c, 'child_plan', S.womencentre);
  assert.ok(t, 'the task to plan where the child goes');
  assert.equal(t.due_at, endOfDay(addDays(addMonths(born, 36), -90)));
  // a father is not the mother
  const father = await inmate();
  const baby = await child(day(-200));
  assertError(await post(`/api/v1/cases/${father.c.id}/children`, { person_id: baby.id }), 400, 'centre.mother', ['mother_id']);
  // decided: to the family; the task goes
  assertError(await patch(`${path}/${r.body.id}`, { version: r.body.version, next_place: 'orphanage' }, S.womencentre), 400, 'field.code', ['next_place']);
  const decided = await patch(`${path}/${r.body.id}`, { version: r.body.version, next_place: 'family', notes: 'تنتقل إلى جدتها' }, S.womencentre);
  assert.equal(decided.status, 200, decided.text);
  assert.equal(decided.body.next_place, 'family');
  assertError(await patch(`${path}/${r.body.id}`, { version: r.body.version, next_place: 'care_home' }, S.womencentre), 409, 'version.conflict', ['version']);
  assert.equal(await task(mother.c, 'child_plan', S.womencentre), undefined);
  // a child at risk referred to a protection case of a social service office: the two cases linked
  const protection = await post('/api/v1/cases', { kind: 'juvenile_protection', summary: 'طفلة نزيلة بحاجة إلى رعاية', assign_me: true, protection_grounds: ['no_carer'], persons: [{ person_id: young.id, role: 'juvenile' }] }, S.caseworker);
  assert.equal(protection.status, 201, protection.text);
  const link = (id, version) => patch(`${path}/${r.body.id}`, { version, protection_case_id: id }, S.womencentre);
  assertError(await link(mother.c.id, decided.body.version), 400, 'centre.protection_case', ['protection_case_id']);
  assertError(await link(999999, decided.body.version), 400, 'centre.protection_case', ['protection_case_id']);
  const linked = await link(protection.body.id, decided.body.version);
  assert.equal(linked.status, 200, linked.text);
  assert.equal(linked.body.protection_case_reference, protection.body.reference);
  const theirs = (await get(`/api/v1/cases/${protection.body.id}/history`, S.caseworker)).body.items;
  assert.ok(theirs.some((h) => h.action === 'case.linked_inmate_case' && h.detail === mother.c.reference), JSON.stringify(theirs));
  const ours = (await get(`/api/v1/cases/${mother.c.id}/history`, S.womencentre)).body.items;
  assert.ok(ours.some((h) => h.action === 'case.child.protection_link' && h.detail === protection.body.reference));
});

test('the pre-release plan: a task six months before the release, or at admission when the sentence is shorter', async () => {
  const long = await inmate({ admitted: -30, release: 400 });
  let t = await task(long.c, 'pre_release_plan');
  assert.ok(t);
  assert.equal(t.due_at, endOfDay(addMonths(day(400), -6)));
  const short = await inmate({ admitted: -30, release: 120 });
  t = await task(short.c, 'pre_release_plan');
  assert.equal(t.due_at, endOfDay(day(-30)), 'due at admission when less than six months remain');
  const none = await inmate({ release: null });
  assert.equal(await task(none.c, 'pre_release_plan'), undefined);
  const path = `/api/v1/cases/${long.c.id}/release-plan`;
  assertError(await get(path), 404, 'centre.no_release_plan');
  assertError(await put(path, { housing: 'منزل الأسرة', work: 'ورشة', family_readiness: 'جاهزة' }), 400, 'field.required', ['documents']);
  const plan = await put(path, { housing: 'منزل الأسرة', work: 'ورشة نجارة', family_readiness: 'جاهزة', documents: 'الهوية', referrals: 'صندوق المعونة الوطنية' });
  assert.equal(plan.status, 200, plan.text);
  assert.equal(await task(long.c, 'pre_release_plan'), undefined);
  assertError(await put(path, { housing: 'x', work: 'x', family_readiness: 'x', documents: 'x' }), 409, 'version.conflict', ['version']);
});

test('release: aftercare contacts at 1, 3 and 6 months on the follow-up schedule; the case closes only after them', async () => {
  const p = await newProgramme({ places: 1 });
  const x = await inmate({ admitted: -200, release: 10 });
  const waiting = await inmate();
  await post(`/api/v1/programmes/${p.id}/enrolments`, { case_id: x.c.id });
  await post(`/api/v1/programmes/${p.id}/enrolments`, { case_id: waiting.c.id, waiting_list: true });
  const releases = `/api/v1/cases/${x.c.id}/releases`;
  assertError(await post(releases, { kind: 'release', on: day(3) }), 400, 'case.in_future', ['on']);
  assertError(await post(releases, { kind: 'release', on: day(-300) }), 400, 'centre.before_admission', ['on']);
  assertError(await post(releases, { kind: 'pardon', on: day(-1) }), 400, 'field.code', ['kind']);
  const on = day(-2);
  const r = await post(releases, { kind: 'conditional_release', on, notes: 'إفراج شرطي بعد ثلثي المدة' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.aftercare_months, 6);
  assertError(await post(releases, { kind: 'release', on: day(-1) }), 409, 'centre.released', ['kind']);
  const followups = (await get(`/api/v1/cases/${x.c.id}/followups`)).body.items;
  const due = [1, 3, 6].map((m) => addMonths(on, m));
  assert.deepEqual(followups.filter((f) => f.status === 'planned').map((f) => f.due_on), due);
  assert.equal((await task(x.c, 'follow_up')).due_at, endOfDay(due[0]));
  assert.equal(await task(x.c, 'pre_release_plan'), undefined, 'released: no pre-release task');
  // the programme ended with the release; the place went to the one waiting
  assert.equal((await get(`/api/v1/cases/${x.c.id}/programmes`)).body.items[0].status, 'released');
  assert.equal((await get(`/api/v1/cases/${waiting.c.id}/programmes`)).body.items[0].status, 'enrolled');
  // closure waits for the aftercare
  let c = (await get(`/api/v1/cases/${x.c.id}`)).body;
  assertError(await post(`/api/v1/cases/${x.c.id}/transitions`, { version: c.version, action: 'request_closure', reason: 'أفرج عنه' }), 409, 'centre.aftercare_open');
  for (const f of followups) {
    const cancelled = await post(`/api/v1/cases/${x.c.id}/followups/${f.id}/cancel`, { reason: 'انتقل خارج المملكة' });
    assert.equal(cancelled.status, 200, cancelled.text);
  }
  c = (await get(`/api/v1/cases/${x.c.id}`)).body;
  const closing = await post(`/api/v1/cases/${x.c.id}/transitions`, { version: c.version, action: 'request_closure', reason: 'انتهت الرعاية اللاحقة' });
  assert.equal(closing.status, 200, closing.text);
  // a closure asked before the release is not approved while the aftercare runs
  const y = await inmate({ admitted: -200, release: 10 });
  let yc = (await get(`/api/v1/cases/${y.c.id}`)).body;
  const asked = await post(`/api/v1/cases/${y.c.id}/transitions`, { version: yc.version, action: 'request_closure', reason: 'نقل الملف' });
  assert.equal(asked.status, 200, asked.text);
  assert.equal((await post(`/api/v1/cases/${y.c.id}/releases`, { kind: 'release', on: day(-1) })).status, 201);
  yc = (await get(`/api/v1/cases/${y.c.id}`)).body;
  assertError(await post(`/api/v1/cases/${y.c.id}/transitions`, { version: yc.version, action: 'approve_closure' }, S.centresupervisor), 409, 'centre.aftercare_open');
});

test('a transfer to another centre: recorded, the programmes ended, the family told within 48 hours', async () => {
  const x = await inmate();
  const p = await newProgramme({ places: 3 });
  await post(`/api/v1/programmes/${p.id}/enrolments`, { case_id: x.c.id });
  const releases = `/api/v1/cases/${x.c.id}/releases`;
  assertError(await post(releases, { kind: 'transfer', on: day(0) }), 400, 'field.required', ['to_centre_id']);
  assertError(await post(releases, { kind: 'transfer', on: day(0), to_centre_id: U['CRC-MARKA'].id }), 400, 'centre.same_centre', ['to_centre_id']);
  const r = await post(releases, { kind: 'transfer', on: day(0), to_centre_id: U['CRC-IRBID'].id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.aftercare_months, null);
  const c = (await get(`/api/v1/cases/${x.c.id}`)).body;
  assert.equal(c.centre_unit_id, U['CRC-IRBID'].id);
  assert.ok(await task(x.c, 'family_notice'), 'the 48-hour notice to the family');
  assert.equal((await get(`/api/v1/cases/${x.c.id}/programmes`)).body.items[0].status, 'transferred');
});

test('only the centre\'s own workers change its records, through the usual case access', async () => {
  const x = await inmate();
  // a caseworker of an office cannot see the centre's case at all
  assertError(await get(`/api/v1/cases/${x.c.id}/family-assessment`, S.caseworker), 404, 'not_found');
  assertError(await post(`/api/v1/cases/${x.c.id}/visits`, { visited_on: day(-1), arrangement: 'arranged', visitors: 'x' }, S.irbidcentre), 404, 'not_found');
  assertError(await put(`/api/v1/cases/${x.c.id}/release-plan`, { housing: 'x', work: 'x', family_readiness: 'x', documents: 'x' }, S.womencentre), 404, 'not_found');
  // the centre's supervisor works them as its social workers do
  const v = await post(`/api/v1/cases/${x.c.id}/visits`, { visited_on: day(-1), arrangement: 'arranged', visitors: 'الأم' }, S.centresupervisor);
  assert.equal(v.status, 201, v.text);
  // refusals are audited
  const denied = (await api.request('GET', `/api/v1/audit?object_type=case&object_id=${x.c.id}&outcome=denied`, await api.loginAs('auditor'))).body.items;
  assert.ok(denied.length >= 2, `${denied.length} refusals audited`);
});

test('programme completion in the statistics: the centre\'s enrolments by their status, counted exactly for its supervisor', async () => {
  const centre = S.centresupervisor.user.unit_id;
  const count = async () => {
    const r = await get(`/api/v1/statistics/programme_completion?by=status&unit_id=${centre}&from=${day(-30)}&to=${day(0)}`, S.centresupervisor);
    assert.equal(r.status, 200, r.text);
    const cells = {};
    for (const c of r.body.cells) cells[c.status] = c.value;
    return cells;
  };
  // the enrolments of this centre made in the period, by status, as the API lists them
  const programmes = (await get(`/api/v1/programmes?centre_id=${centre}`, S.centresupervisor)).body.items;
  const expected = {};
  for (const p of programmes) {
    for (const e of (await get(`/api/v1/programmes/${p.id}/enrolments`, S.centresupervisor)).body.items) {
      expected[e.status] = (expected[e.status] || 0) + 1; // every one was made today, by the tests above
    }
  }
  assert.ok(Object.keys(expected).length, `the tests above enrolled inmates here: ${JSON.stringify(programmes.map((p) => p.id))}`);
  const cells = await count();
  for (const [status, n] of Object.entries(expected)) assert.equal(cells[status], n, `${status}: ${JSON.stringify(cells)}`);
});
