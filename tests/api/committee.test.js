'use strict';
// The joint committee (docs/api.md, "The joint committee"): observations raised by units, whose cases only the raising
// unit's workers are given; meetings numbered per year, prepared by the secretary, outcomes written only while a
// meeting sits, open items carried to the next meeting with a mark, minutes as an Arabic PDF approved at a later
// meeting and read-only after; recommendations broken into actions owned by units, progress reports by the owners,
// the register's statuses, the due and overdue actions; who may do each; and the committee refused any case or
// person. Synthetic names only.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');
const { pdfText } = require('./lib/pdf');

let srv;
let api;
const S = {};
const U = {};

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  for (const name of ['caseworker', 'supervisor', 'officer', 'homestaff', 'manager', 'committee', 'secretary', 'auditor', 'admin']) S[name] = await api.loginAs(name);
  const units = await api.request('GET', '/api/v1/units?limit=200', S.committee);
  assert.equal(units.status, 200, units.text);
  for (const u of units.body.items) U[u.code] = u.id;
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const get = (p, who = S.committee) => api.request('GET', p, who);
const post = (p, body, who = S.committee) => api.request('POST', p, { ...who, body });
const patch = (p, body, who = S.committee) => api.request('PATCH', p, { ...who, body });
const day = (days) => new Date(Date.now() + 3 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

async function pdfOf(p, who) {
  const res = await fetch(srv.base + p, { headers: { Cookie: who.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), buffer: Buffer.from(await res.arrayBuffer()) };
}

let serial = 0;
// A case of the caseworker's unit, with its juvenile.
async function aCase() {
  serial += 1;
  const person = await post('/api/v1/persons', { first_name: 'يزن', father_name: ['سالم', 'خالد', 'عمر', 'يوسف'][serial % 4], grandfather_name: 'موسى', family_name: 'اللجنة', sex: 'male', birth_date: day(-16 * 365) }, S.caseworker);
  assert.equal(person.status, 201, person.text);
  const c = await post('/api/v1/cases', { kind: 'juvenile_conflict', summary: 'حالة للاختبار', assign_me: true, legal_class: 'misdemeanour', persons: [{ person_id: person.body.id, role: 'juvenile' }] }, S.caseworker);
  assert.equal(c.status, 201, c.text);
  return { c: c.body, person: person.body };
}

const observation = (extra = {}, who = S.officer) => post('/api/v1/observations', { category: 'homes', governorate: 'amman', units: [U['HOME-EDU-AMM']], description: 'ملاحظة للاختبار عن الدور', evidence: 'ملخص الوحدة', ...extra }, who);

// A meeting planned by the secretary and opened.
async function openMeeting(daysFromNow = 0) {
  const m = await post('/api/v1/meetings', { held_on: day(daysFromNow), place: 'قاعة الاجتماعات' }, S.secretary);
  assert.equal(m.status, 201, m.text);
  const opened = await post(`/api/v1/meetings/${m.body.id}/transitions`, { action: 'open', version: m.body.version }, S.secretary);
  assert.equal(opened.status, 200, opened.text);
  return opened.body;
}

// Closes every meeting still open, so that each test starts from meetings at rest.
async function closeOpenMeetings() {
  for (const m of (await get('/api/v1/meetings')).body.items) {
    if (m.status === 'open') assert.equal((await post(`/api/v1/meetings/${m.id}/transitions`, { action: 'close', version: m.version }, S.secretary)).status, 200);
  }
}

test('the demo: three meetings numbered in their year, two with approved minutes, the register and the actions due', async () => {
  const meetings = (await get('/api/v1/meetings')).body.items;
  assert.equal(meetings.length, 3);
  assert.equal(meetings.filter((m) => m.minutes_approved).length, 2);
  const third = meetings.find((m) => !m.minutes_approved);
  const full = (await get(`/api/v1/meetings/${third.id}`)).body;
  assert.ok(full.members.some((m) => m.agency === 'psd' && m.secretary), JSON.stringify(full.members));
  assert.ok(full.members.some((m) => m.agency === 'mosd' && !m.present), 'an absent member of the ministry');
  assert.ok(full.agenda.some((i) => i.carried && i.carried_from_meeting), 'an item carried from the second meeting');
  const register = (await get('/api/v1/recommendations')).body.items;
  assert.deepEqual(register.map((r) => r.status).sort(), ['in_progress', 'past_due']);
  const all = (await get('/api/v1/actions?scope=all')).body.items;
  assert.ok(all.some((a) => a.state === 'overdue') && all.some((a) => a.state === 'due'), JSON.stringify(all));
  const mine = (await get('/api/v1/actions', S.homestaff)).body.items;
  assert.deepEqual(mine.map((a) => a.state).sort(), ['due', 'overdue']);
  assert.ok(mine.every((a) => a.owner_unit_id === U['HOME-EDU-AMM']));
  assert.equal((await get('/api/v1/actions', S.officer)).body.items.length, 0, 'the police office completed its action');
  const observations = (await get('/api/v1/observations')).body.items;
  assert.ok(observations.some((o) => o.unit_agency === 'psd' && o.category === 'homes'));
  assert.ok(observations.some((o) => o.unit_agency === 'mosd' && o.category === 'homes'));
});

test('a unit raises an observation pointing to its cases: its workers follow them, the committee sees only how many', async () => {
  const { c, person } = await aCase();
  const made = await post('/api/v1/observations', { category: 'deadlines', governorate: 'amman', units: [U['FJPD-AMM']], description: 'تأخر وصول تقرير الدراسة', evidence: 'حالتان تأخرتا أسبوعاً', case_ids: [c.id] }, S.caseworker);
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.status, 'new');
  assert.deepEqual(made.body.cases, [{ case_id: c.id, reference: c.reference }]);
  assert.equal((await get(`/api/v1/observations/${made.body.id}`, S.supervisor)).body.cases.length, 1, 'a colleague of the unit');
  const seen = await get(`/api/v1/observations/${made.body.id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.body.cases, null);
  assert.equal(seen.body.case_count, 1);
  assert.equal(seen.body.evidence, 'حالتان تأخرتا أسبوعاً');
  assert.ok(!seen.text.includes(c.reference) && !seen.text.includes(String(person.first_name)), 'no reference or name reaches the committee');
  // the committee is refused the case and the person, even knowing their ids
  assertError(await get(`/api/v1/cases/${c.id}`), 403, 'auth.forbidden');
  assertError(await get(`/api/v1/persons/${person.id}`), 403, 'auth.forbidden');
  assertError(await get(`/api/v1/cases/${c.id}`, S.auditor), 403, 'auth.forbidden');
  // another unit neither reads it nor finds it in its list; the auditor reads it without the cases
  assertError(await get(`/api/v1/observations/${made.body.id}`, S.officer), 404, 'not_found');
  assert.ok(!(await get('/api/v1/observations', S.officer)).body.items.some((o) => o.id === made.body.id));
  assert.equal((await get(`/api/v1/observations/${made.body.id}`, S.auditor)).body.cases, null);
  // a case one does not see cannot be pointed to
  assertError(await observation({ case_ids: [c.id] }), 400, 'committee.case');
  assertError(await get('/api/v1/observations', S.admin), 403, 'auth.forbidden');
  assertError(await observation({}, S.admin), 403, 'auth.forbidden');
});

test('bad observations name their field and store nothing', async () => {
  const before = (await get('/api/v1/observations')).body.items.length;
  assertError(await observation({ category: 'weather' }), 400, 'field.code', ['category']);
  assertError(await observation({ governorate: 'paris' }), 400, 'field.code', ['governorate']);
  assertError(await observation({ description: '' }), 400, 'field.required', ['description']);
  assertError(await observation({ units: [999999] }), 400, 'committee.unit', ['units']);
  assertError(await observation({ extra: 1 }), 400, 'field.unknown', ['extra']);
  assertError(await get('/api/v1/observations?category=weather'), 400, 'query.invalid', ['category']);
  assert.equal((await get('/api/v1/observations')).body.items.length, before);
});

test('the unit edits its observation while new; the committee dismisses it with a reason and takes it up again', async () => {
  const made = (await observation()).body;
  const edited = await patch(`/api/v1/observations/${made.id}`, { version: made.version, description: 'وصف معدّل' }, S.officer);
  assert.equal(edited.status, 200, edited.text);
  assertError(await patch(`/api/v1/observations/${made.id}`, { version: made.version, description: 'قديم' }, S.officer), 409, 'version.conflict');
  assertError(await patch(`/api/v1/observations/${made.id}`, { version: edited.body.version, description: 'x' }), 403, 'auth.forbidden');
  assertError(await patch(`/api/v1/observations/${made.id}`, { version: edited.body.version, status: 'dismissed' }, S.officer), 403, 'auth.forbidden');
  assertError(await patch(`/api/v1/observations/${made.id}`, { version: edited.body.version, status: 'dismissed' }), 400, 'field.required', ['dismissed_reason']);
  assertError(await patch(`/api/v1/observations/${made.id}`, { version: edited.body.version, status: 'dismissed', dismissed_reason: 'x' }, S.auditor), 403, 'auth.forbidden');
  const dismissed = await patch(`/api/v1/observations/${made.id}`, { version: edited.body.version, status: 'dismissed', dismissed_reason: 'عولجت في اللجنة الفرعية' });
  assert.equal(dismissed.status, 200, dismissed.text);
  assert.equal(dismissed.body.status, 'dismissed');
  assert.equal(dismissed.body.dismissed_reason, 'عولجت في اللجنة الفرعية');
  assertError(await patch(`/api/v1/observations/${made.id}`, { version: dismissed.body.version, description: 'x' }, S.officer), 409, 'observation.taken_up');
  const again = await patch(`/api/v1/observations/${made.id}`, { version: dismissed.body.version, status: 'new' });
  assert.equal(again.body.status, 'new');
  assert.deepEqual(again.body.history.map((h) => h.event), ['raise', 'edit', 'dismiss', 'reopen']);
  const audit = await get(`/api/v1/audit?object_type=observation&object_id=${made.id}`, S.auditor);
  assert.ok(audit.body.items.some((a) => a.action === 'observation.dismiss'), audit.text);
});

test('a meeting: the secretary prepares it, outcomes only while it sits, a recommendation with two actions, minutes read-only once approved', async () => {
  await closeOpenMeetings();
  const o = (await observation({ description: 'لا تُبلَّغ الأسرة بنقل الحدث في موعده' })).body;
  assertError(await post('/api/v1/meetings', { held_on: day(0), place: 'قاعة' }), 403, 'committee.secretary_only');
  assertError(await post('/api/v1/meetings', { held_on: day(0), place: 'قاعة' }, S.officer), 403, 'auth.forbidden');
  assertError(await post('/api/v1/meetings', { held_on: '2026-02-30', place: 'قاعة' }, S.secretary), 400, 'field.date', ['held_on']);
  const m = await post('/api/v1/meetings', { held_on: day(0), place: 'قاعة الاجتماعات' }, S.secretary);
  assert.equal(m.status, 201, m.text);
  const year = Number(day(0).slice(0, 4));
  const sameYear = (await get('/api/v1/meetings')).body.items.filter((x) => x.year === year && x.id !== m.body.id);
  assert.equal(m.body.number, Math.max(0, ...sameYear.map((x) => x.number)) + 1, 'numbered after the last of its year');
  assert.equal(m.body.members.length, 2);
  // the secretary puts the observation on the agenda
  assertError(await post(`/api/v1/meetings/${m.body.id}/agenda`, { kind: 'observation', observation_id: o.id }), 403, 'committee.secretary_only');
  const item = await post(`/api/v1/meetings/${m.body.id}/agenda`, { kind: 'observation', observation_id: o.id }, S.secretary);
  assert.equal(item.status, 201, item.text);
  assert.equal(item.body.title, o.description);
  assert.equal((await get(`/api/v1/observations/${o.id}`)).body.status, 'on_agenda');
  const agenda = await get(`/api/v1/meetings/${m.body.id}/agenda`, S.auditor);
  assert.ok(agenda.body.items.some((i) => i.id === item.body.id));
  // nothing is decided before it sits
  assertError(await post(`/api/v1/meetings/${m.body.id}/agenda/${item.body.id}/outcome`, { version: item.body.version, outcome: 'decision', text: 'قرار' }), 409, 'meeting.not_open');
  const rec = { item_id: item.body.id, text: 'إبلاغ الأسرة بنقل الحدث خلال يومين بنموذج موحد', target_agency: 'mosd', target_unit_id: U['HOME-EDU-AMM'], priority: 'high', due_on: day(90) };
  assertError(await post('/api/v1/recommendations', rec), 409, 'meeting.not_open');
  let meeting = (await get(`/api/v1/meetings/${m.body.id}`)).body;
  assertError(await post(`/api/v1/meetings/${m.body.id}/transitions`, { action: 'open', version: meeting.version }), 403, 'committee.secretary_only');
  meeting = (await post(`/api/v1/meetings/${m.body.id}/transitions`, { action: 'open', version: meeting.version }, S.secretary)).body;
  assert.equal(meeting.status, 'open');
  // the members present
  const present = await patch(`/api/v1/meetings/${m.body.id}`, { version: meeting.version, present: [meeting.members[0].user_id] }, S.secretary);
  assert.equal(present.status, 200, present.text);
  assert.deepEqual(present.body.members.map((x) => x.present).sort(), [false, true]);
  assertError(await patch(`/api/v1/meetings/${m.body.id}`, { version: present.body.version, present: [999999] }, S.secretary), 400, 'committee.not_member', ['present']);
  // the recommendation and its two actions
  assertError(await post('/api/v1/recommendations', rec, S.officer), 403, 'auth.forbidden');
  assertError(await post('/api/v1/recommendations', { ...rec, priority: 'urgent' }), 400, 'field.code', ['priority']);
  assertError(await post('/api/v1/recommendations', { ...rec, target_agency: 'psd' }), 400, 'committee.unit_agency', ['target_unit_id']);
  const r = await post('/api/v1/recommendations', rec);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.status, 'in_progress');
  assert.equal(r.body.category, 'homes');
  assert.equal((await get(`/api/v1/observations/${o.id}`)).body.status, 'recommended');
  const a1 = await post(`/api/v1/recommendations/${r.body.id}/actions`, { text: 'اعتماد نموذج الإبلاغ', owner_unit_id: U['MOSD-HQ'], responsible: 'مدير مديرية الأسرة', due_on: day(30) });
  const a2 = await post(`/api/v1/recommendations/${r.body.id}/actions`, { text: 'تدريب موظفي الدار على النموذج', owner_unit_id: U['HOME-EDU-AMM'], responsible: 'مدير الدار', due_on: day(60) });
  assert.equal(a1.status, 201, a1.text);
  assert.equal(a2.status, 201, a2.text);
  assertError(await post(`/api/v1/recommendations/${r.body.id}/actions`, { text: 'x', owner_unit_id: U['MOSD-HQ'], responsible: 'x', due_on: day(5) }, S.homestaff), 403, 'auth.forbidden');
  assertError(await post(`/api/v1/recommendations/${r.body.id}/actions`, { text: 'x', owner_unit_id: U['MOSD-HQ'], responsible: 'x', due_on: 'soon' }), 400, 'field.date', ['due_on']);
  assert.equal((await get(`/api/v1/recommendations/${r.body.id}/actions`)).body.items.length, 2);
  // another item ends in a decision, written by a member; a third is left open
  const other = (await post(`/api/v1/meetings/${m.body.id}/agenda`, { kind: 'other', title: 'تقرير غرفة المراقبة المركزية' }, S.secretary)).body;
  const left = (await post(`/api/v1/meetings/${m.body.id}/agenda`, { kind: 'other', title: 'بند يُرحَّل' }, S.secretary)).body;
  assertError(await post(`/api/v1/meetings/${m.body.id}/agenda/${other.id}/outcome`, { version: other.version, outcome: 'decision', text: 'قرار' }, S.officer), 403, 'auth.forbidden');
  assertError(await post(`/api/v1/meetings/${m.body.id}/agenda/${other.id}/outcome`, { version: other.version, outcome: 'vote', text: 'قرار' }), 400, 'field.code', ['outcome']);
  const decided = await post(`/api/v1/meetings/${m.body.id}/agenda/${other.id}/outcome`, { version: other.version, outcome: 'decision', text: 'قررت اللجنة تشكيل فريق لتقصي الحقائق في دور الرعاية' });
  assert.equal(decided.status, 200, decided.text);
  assertError(await post(`/api/v1/meetings/${m.body.id}/agenda/${other.id}/outcome`, { version: other.version, outcome: 'decision', text: 'قديم' }), 409, 'version.conflict');
  assertError(await post(`/api/v1/meetings/${m.body.id}/agenda/${item.body.id}/outcome`, { version: 2, outcome: 'information', text: 'x' }), 409, 'meeting.item_recommended');
  // the demo's third meeting's minutes are approved here, while this one sits
  const third = (await get('/api/v1/meetings')).body.items.find((x) => x.status === 'closed' && !x.minutes_approved);
  assertError(await post(`/api/v1/meetings/${third.id}/transitions`, { action: 'approve_minutes', version: third.version, at_meeting_id: m.body.id }, S.committee), 403, 'committee.secretary_only');
  assertError(await post(`/api/v1/meetings/${m.body.id}/transitions`, { action: 'approve_minutes', version: (await get(`/api/v1/meetings/${m.body.id}`)).body.version, at_meeting_id: third.id }, S.secretary), 409, 'meeting.not_closed');
  const approved = await post(`/api/v1/meetings/${third.id}/transitions`, { action: 'approve_minutes', version: third.version, at_meeting_id: m.body.id }, S.secretary);
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.body.minutes_approved, true);
  assert.equal(approved.body.minutes_approved_in.id, m.body.id);
  assertError(await patch(`/api/v1/meetings/${third.id}`, { version: approved.body.version, notes: 'تصحيح' }, S.secretary), 409, 'meeting.minutes_approved');
  assertError(await post(`/api/v1/meetings/${third.id}/transitions`, { action: 'approve_minutes', version: approved.body.version, at_meeting_id: m.body.id }, S.secretary), 409, 'meeting.minutes_approved');
  // closing: no more outcomes; the minutes are a draft until approved, and hold the decision in Arabic
  meeting = (await get(`/api/v1/meetings/${m.body.id}`)).body;
  const closed = await post(`/api/v1/meetings/${m.body.id}/transitions`, { action: 'close', version: meeting.version }, S.secretary);
  assert.equal(closed.status, 200, closed.text);
  assertError(await post(`/api/v1/meetings/${m.body.id}/agenda/${left.id}/outcome`, { version: left.version, outcome: 'information', text: 'متأخر' }), 409, 'meeting.not_open');
  assertError(await post(`/api/v1/meetings/${m.body.id}/agenda`, { kind: 'other', title: 'متأخر' }, S.secretary), 409, 'meeting.closed');
  const pdf = await pdfOf(`/api/v1/meetings/${m.body.id}/minutes`, S.committee);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, 'application/pdf');
  const text = pdfText(pdf.buffer);
  assert.ok(text.includes(`محضر الاجتماع رقم ${meeting.number}/${meeting.year}`), text);
  assert.ok(text.includes('قررت اللجنة تشكيل فريق لتقصي الحقائق في دور الرعاية'), text);
  assert.ok(text.includes('إبلاغ الأسرة بنقل الحدث خلال يومين بنموذج موحد'), text);
  assert.ok(text.includes('لم يُعتمد المحضر بعد'), 'a draft until approved');
  assert.equal((await pdfOf(`/api/v1/meetings/${m.body.id}/minutes`, S.auditor)).status, 200);
  assert.equal((await pdfOf(`/api/v1/meetings/${m.body.id}/minutes`, S.officer)).status, 403);
  const thirdPdf = pdfText((await pdfOf(`/api/v1/meetings/${third.id}/minutes`, S.committee)).buffer);
  assert.ok(!thirdPdf.includes('لم يُعتمد المحضر بعد') && thirdPdf.includes('اعتُمد المحضر في الاجتماع رقم'), thirdPdf);
  // the next meeting carries the item left open, with its mark
  const next = await post('/api/v1/meetings', { held_on: day(1), place: 'قاعة الاجتماعات' }, S.secretary);
  assert.equal(next.status, 201, next.text);
  const carried = next.body.agenda.find((i) => i.carried_from === left.id);
  assert.ok(carried, JSON.stringify(next.body.agenda));
  assert.deepEqual(carried.carried_from_meeting, { number: meeting.number, year: meeting.year });
  assert.equal(carried.title, 'بند يُرحَّل');
  assert.ok(!next.body.agenda.some((i) => i.carried_from === other.id), 'a decided item stays where it was decided');
  const history = (await get(`/api/v1/meetings/${m.body.id}`)).body.history.map((h) => h.event);
  for (const e of ['plan', 'open', 'agenda_add', 'recommendation', 'outcome', 'close']) assert.ok(history.includes(e), `${e} in ${history}`);
});

test('actions: the owner reports progress, due and overdue tasks, the committee reads but does not report', async () => {
  await closeOpenMeetings();
  const meeting = await openMeeting(2);
  const item = (await post(`/api/v1/meetings/${meeting.id}/agenda`, { kind: 'other', title: 'بند الإجراءات' }, S.secretary)).body;
  const r = (await post('/api/v1/recommendations', { item_id: item.id, text: 'توصية الإجراءات', target_agency: 'psd', target_unit_id: U['FJPD-AMM'], priority: 'low', due_on: day(100) })).body;
  const addAction = async (due, unit = 'SSO-AMM') => {
    const res = await post(`/api/v1/recommendations/${r.id}/actions`, { text: `إجراء ${due}`, owner_unit_id: U[unit], responsible: 'رئيس المكتب', due_on: day(due) });
    assert.equal(res.status, 201, res.text);
    return res.body;
  };
  const soon = await addAction(10);
  const later = await addAction(60);
  const late = await addAction(-1);
  assert.equal(soon.state, 'due');
  assert.equal(later.state, 'upcoming');
  assert.equal(late.state, 'overdue');
  const mine = (await get('/api/v1/actions?scope=mine', S.caseworker)).body.items;
  assert.ok(mine.some((a) => a.id === soon.id && a.state === 'due'));
  assert.ok(mine.some((a) => a.id === late.id && a.state === 'overdue'));
  assert.ok(!mine.some((a) => a.id === later.id), 'not due until 30 days before its date');
  assert.ok((await get('/api/v1/actions?scope=all')).body.items.some((a) => a.id === late.id));
  assertError(await get('/api/v1/actions?scope=all', S.caseworker), 403, 'auth.forbidden');
  assertError(await get('/api/v1/actions?scope=everything'), 400, 'query.invalid', ['scope']);
  // who reports
  assertError(await post(`/api/v1/actions/${late.id}/reports`, { text: 'تقرير' }, S.officer), 404, 'not_found');
  assertError(await post(`/api/v1/actions/${late.id}/reports`, { text: 'تقرير' }), 403, 'committee.owner_only');
  assertError(await post(`/api/v1/actions/${late.id}/reports`, { text: '' }, S.caseworker), 400, 'field.required', ['text']);
  const progress = await post(`/api/v1/actions/${late.id}/reports`, { text: 'أُنجز نصف العمل' }, S.caseworker);
  assert.equal(progress.status, 201, progress.text);
  assert.equal((await get(`/api/v1/actions/${late.id}`, S.caseworker)).body.state, 'overdue', 'a report that does not complete it leaves it overdue');
  const done = await post(`/api/v1/actions/${late.id}/reports`, { text: 'أُنجز الإجراء', completed: true }, S.supervisor);
  assert.equal(done.status, 201, done.text);
  const read = await get(`/api/v1/actions/${late.id}`, S.auditor);
  assert.equal(read.body.state, 'completed');
  assert.deepEqual(read.body.reports.map((p) => p.completed), [false, true]);
  assert.ok(!(await get('/api/v1/actions?scope=mine', S.caseworker)).body.items.some((a) => a.id === late.id));
  assertError(await post(`/api/v1/actions/${late.id}/reports`, { text: 'مرة أخرى' }, S.caseworker), 409, 'action.completed');
  assertError(await get(`/api/v1/actions/${late.id}`, S.officer), 404, 'not_found');
  // the owner reads the recommendation of its action; a unit owning none does not
  assert.equal((await get(`/api/v1/recommendations/${r.id}`, S.caseworker)).status, 200);
  assertError(await get(`/api/v1/recommendations/${r.id}`, S.homestaff), 404, 'not_found');
  assertError(await get('/api/v1/recommendations', S.caseworker), 403, 'auth.forbidden');
  const history = (await get(`/api/v1/actions/${late.id}`)).body;
  assert.equal(history.report_count, 2);
  await post(`/api/v1/meetings/${meeting.id}/transitions`, { action: 'close', version: (await get(`/api/v1/meetings/${meeting.id}`)).body.version }, S.secretary);
});

test('the register: statuses as audit practice follows them, filters, closing with a reason', async () => {
  await closeOpenMeetings();
  const meeting = await openMeeting(3);
  const item = (await post(`/api/v1/meetings/${meeting.id}/agenda`, { kind: 'other', title: 'بند السجل' }, S.secretary)).body;
  const r = (await post('/api/v1/recommendations', { item_id: item.id, text: 'توصية للسجل', target_agency: 'psd', priority: 'medium', due_on: day(-5) })).body;
  assert.equal(r.status, 'past_due');
  const a = (await post(`/api/v1/recommendations/${r.id}/actions`, { text: 'إجراء', owner_unit_id: U['FJPD-AMM'], responsible: 'ضابط', due_on: day(5) })).body;
  assert.ok((await get('/api/v1/recommendations?status=past_due&agency=psd')).body.items.some((x) => x.id === r.id));
  assert.ok(!(await get('/api/v1/recommendations?status=in_progress')).body.items.some((x) => x.id === r.id));
  assert.ok(!(await get('/api/v1/recommendations?agency=mosd')).body.items.some((x) => x.id === r.id));
  assert.ok((await get(`/api/v1/recommendations?due_from=${day(-6)}&due_to=${day(-4)}`)).body.items.some((x) => x.id === r.id));
  assert.ok((await get('/api/v1/recommendations?category=homes&governorate=amman')).body.items.length >= 2);
  assertError(await get('/api/v1/recommendations?status=done'), 400, 'query.invalid', ['status']);
  assertError(await get('/api/v1/recommendations?due_from=tomorrow'), 400, 'query.invalid', ['due_from']);
  assertError(await patch(`/api/v1/recommendations/${r.id}`, { version: r.version, state: 'not_implemented' }), 400, 'field.required', ['state_reason']);
  assertError(await patch(`/api/v1/recommendations/${r.id}`, { version: r.version, state: 'implemented' }, S.auditor), 403, 'auth.forbidden');
  assertError(await patch(`/api/v1/recommendations/${r.id}`, { version: r.version, state: 'forgotten' }), 400, 'field.code', ['state']);
  const closed = await patch(`/api/v1/recommendations/${r.id}`, { version: r.version, state: 'not_implemented', state_reason: 'لا موازنة هذا العام' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.body.status, 'not_implemented');
  assert.equal(closed.body.state_reason, 'لا موازنة هذا العام');
  assertError(await patch(`/api/v1/recommendations/${r.id}`, { version: r.version, state: 'implemented' }), 409, 'version.conflict');
  assertError(await patch(`/api/v1/recommendations/${r.id}`, { version: closed.body.version, text: 'تعديل' }), 409, 'recommendation.closed');
  assertError(await post(`/api/v1/actions/${a.id}/reports`, { text: 'تقرير' }, S.officer), 409, 'recommendation.closed');
  assert.ok((await get('/api/v1/recommendations?status=not_implemented')).body.items.some((x) => x.id === r.id));
  const reopened = await patch(`/api/v1/recommendations/${r.id}`, { version: closed.body.version, state: 'open' });
  const done = await patch(`/api/v1/recommendations/${r.id}`, { version: reopened.body.version, state: 'implemented' });
  assert.equal(done.body.status, 'implemented');
  assert.equal(done.body.closed_on, day(0));
  assert.deepEqual(done.body.history.map((h) => h.event), ['add', 'action_add', 'not_implemented', 'open', 'implemented']);
  await post(`/api/v1/meetings/${meeting.id}/transitions`, { action: 'close', version: (await get(`/api/v1/meetings/${meeting.id}`)).body.version }, S.secretary);
});

test('nobody else sees committee records; the administrator names the secretary', async () => {
  for (const who of [S.caseworker, S.officer, S.manager, S.admin]) {
    assertError(await get('/api/v1/meetings', who), 403, 'auth.forbidden');
    assertError(await get('/api/v1/recommendations', who), 403, 'auth.forbidden');
  }
  assertError(await get('/api/v1/meetings/1/agenda', S.manager), 403, 'auth.forbidden');
  assert.equal((await get('/api/v1/meetings', S.auditor)).status, 200);
  assertError(await post('/api/v1/meetings', { held_on: day(0), place: 'x' }, S.auditor), 403, 'auth.forbidden');
  const members = (await get('/api/v1/committee/members')).body.items;
  const member = members.find((m) => !m.secretary);
  assertError(await api.request('PUT', `/api/v1/committee/members/${member.user_id}`, { ...S.committee, body: { secretary: true } }), 403, 'auth.forbidden');
  const officerId = (await api.findUsers(S.admin, 'officer'))[0].id;
  assertError(await api.request('PUT', `/api/v1/committee/members/${officerId}`, { ...S.admin, body: { secretary: true } }), 400, 'committee.not_member', ['user_id']);
  const set = await api.request('PUT', `/api/v1/committee/members/${member.user_id}`, { ...S.admin, body: { secretary: true } });
  assert.equal(set.status, 200, set.text);
  assert.equal((await get('/api/v1/committee/members')).body.secretary, true);
  await api.request('PUT', `/api/v1/committee/members/${member.user_id}`, { ...S.admin, body: { secretary: false } });
  assert.equal((await get('/api/v1/committee/members')).body.secretary, false);
  const denied = await get('/api/v1/audit?action=access.denied', S.auditor);
  assert.ok(denied.body.items.length > 0);
});

test('the register exported as CSV and XLSX with its filters, on the log of data exports; the committee and auditors only', async () => {
  const register = (await get('/api/v1/recommendations')).body.items;
  const res = await fetch(`${srv.base}/api/v1/recommendations/export?format=csv`, { headers: { Cookie: S.committee.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  const csv = Buffer.from(await res.arrayBuffer()).toString('utf8');
  assert.ok(csv.startsWith('\ufeff'), 'a byte order mark for spreadsheets');
  const lines = csv.slice(1).trim().split(/\r?\n/);
  assert.equal(lines.length, register.length + 1, csv);
  assert.ok(lines[0].startsWith('الاجتماع,التوصية'), lines[0]);
  assert.ok(register.every((r) => csv.includes(r.due_on)));
  const filtered = await fetch(`${srv.base}/api/v1/recommendations/export?format=csv&status=past_due`, { headers: { Cookie: S.committee.cookie } });
  assert.equal(Buffer.from(await filtered.arrayBuffer()).toString('utf8').trim().split(/\r?\n/).length, register.filter((r) => r.status === 'past_due').length + 1);
  const xlsx = await fetch(`${srv.base}/api/v1/recommendations/export?format=xlsx`, { headers: { Cookie: S.auditor.cookie } });
  assert.equal(xlsx.status, 200);
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString('latin1'), 'PK');
  assertError(await get('/api/v1/recommendations/export?format=pdf'), 400, 'query.invalid', ['format']);
  assertError(await get('/api/v1/recommendations/export'), 400, 'field.required', ['format']);
  assertError(await get('/api/v1/recommendations/export?format=csv&status=lost'), 400, 'query.invalid', ['status']);
  assert.equal((await get('/api/v1/recommendations/export?format=csv', S.officer)).status, 403);
  const log = (await get('/api/v1/data-exports', S.auditor)).body.items.filter((e) => e.what === 'recommendations');
  assert.ok(log.length >= 3, JSON.stringify(log.slice(0, 2)));
  assert.ok(log.some((e) => e.format === 'xlsx') && log.some((e) => /status=past_due/.test(e.filters)), JSON.stringify(log));
});

test('the recommendations in the statistics: the register\'s statuses counted, for the committee\'s national figures', async () => {
  const register = (await get('/api/v1/recommendations')).body.items;
  const today = new Date(Date.now() + 3 * 3600e3).toISOString().slice(0, 10);
  const r = await get(`/api/v1/statistics/recommendations?by=status&from=${day(-365)}&to=${today}`);
  assert.equal(r.status, 200, r.text);
  const cells = {};
  for (const c of r.body.cells) cells[c.status] = c.value;
  const expected = {};
  for (const x of register) expected[x.status] = (expected[x.status] || 0) + 1;
  // the committee's figures leave the unit: a count of 1 to 4 shows as suppressed, never as the number
  for (const [status, n] of Object.entries(expected)) {
    const cell = r.body.cells.find((c) => c.status === status);
    if (n >= 5) assert.equal(cells[status], n, status);
    else assert.ok(cell && cell.suppressed, `${status}: ${JSON.stringify(cell)}`);
  }
});
