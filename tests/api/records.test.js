'use strict';
// Sealed juvenile records, retention and erasure (issue 21, items 3 and 4), on servers whose clock is set by
// libfaketime (Debian's faketime package; the test is skipped without it). One database lives through three days:
// on 9 March 2027 (Amman) a juvenile born on 10 March 2009 is 17 and his closed case is seen as any; the server
// restarted at 00:30 on 10 March 2027 in Amman seals it at start-up (a server down on the birthday still seals), and
// the case leaves every list, search and duplicate check outside its unit, while a juvenile case still open at 18
// stays open to its workers; a records officer reads it through a court order
// and lifts the seal. A year later, with family-violence retention set to one year, the daily job lists a closed
// case; its anonymisation leaves the statistics' counts equal and the audit chain verifiable. Erasure is refused for
// an open case. Every name here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after, describe } = require('node:test');
const { LIB, atMoment } = require('./lib/clock');
const { startServer, cli } = require('./lib/server');
const { client, assertError } = require('./lib/client');

describe('sealing at 18, court orders, retention and erasure', { skip: LIB ? false : 'libfaketime is not installed (Debian package faketime)' }, () => {
  let srv;
  let db;
  let dir;
  let api;
  const S = {};
  const K = {}; // the records of the story, by name

  async function serve(utc, extraArgs = []) {
    if (srv) await srv.stop();
    srv = await atMoment(utc, () => startServer(db ? { db, dir, extraArgs } : { extraArgs }));
    db = srv.db;
    dir = srv.dir;
    api = client(srv.base);
    for (const who of ['caseworker', 'supervisor', 'records', 'auditor', 'admin']) S[who] = await api.loginAs(who);
    if (K.irbid) S.irbid = await api.login(K.irbid.username, K.irbid.password);
  }

  after(async () => {
    if (srv) {
      await srv.stop();
      srv.cleanup();
    }
  });

  const get = (p, who = S.caseworker) => api.request('GET', p, who);
  const post = (p, body, who = S.caseworker) => api.request('POST', p, { ...who, body });
  async function person(first, extra) {
    const r = await post('/api/v1/persons', { first_name: first, father_name: 'فراس', grandfather_name: 'عارف', family_name: 'القطامين', sex: 'male', ...extra });
    assert.equal(r.status, 201, r.text);
    return r.body;
  }
  async function move(c, action, extra = {}, who = S.caseworker) {
    const r = await post(`/api/v1/cases/${c.id}/transitions`, { version: c.version, action, ...extra }, who);
    assert.equal(r.status, 200, `${action}: ${r.text}`);
    return r.body;
  }
  const listed = async (p, id, who = S.caseworker) => {
    const r = await get(p, who);
    assert.equal(r.status, 200, r.text);
    return r.body.items.some((x) => x.id === id || x.case_id === id);
  };
  // the closed cases of March 2027 by kind and sex, by unit and governorate, and by age band
  const closedInMarch = async () => {
    const out = {};
    for (const by of ['month,kind', 'kind,sex', 'unit,governorate', 'age_band']) {
      const r = await get(`/api/v1/statistics/cases_closed?by=${by}&from=2027-03-01&to=2027-03-31`, S.supervisor);
      assert.equal(r.status, 200, r.text);
      out[by] = { cells: r.body.cells, total: r.body.total };
    }
    return out;
  };

  before(async () => {
    await serve('2027-03-09T09:00:00Z');
    const r = await api.createUser(S.admin, { unit_id: (await api.listUnits(S.admin)).find((u) => u.code === 'SSO-IRB').id, roles: ['caseworker'], full_name: 'أخصائي إربد للتجربة' });
    K.irbid = r;
    S.irbid = await api.login(r.username, r.password);
  });

  test('the day before the 18th birthday: the juvenile\'s case is seen as any other', async () => {
    K.juvenile = await person('يزن', { birth_date: '2009-03-10', national_id: '2009031001' });
    const c = await post('/api/v1/cases', { kind: 'juvenile_conflict', summary: 'مشاجرة في المدرسة', act_date: '2026-12-01', legal_class: 'misdemeanour', assign_me: true, persons: [{ person_id: K.juvenile.id, role: 'juvenile' }] });
    assert.equal(c.status, 201, c.text);
    K.sealedCase = await move(c.body, 'request_closure', { reason: 'نُفذ التدبير وانتهت المتابعة' });
    // the tasks of an open case are listed: this one is closed before his birthday, the other stays open past it
    K.openJuvenile = await person('ليث', { birth_date: '2009-03-10' });
    const still = await post('/api/v1/cases', { kind: 'juvenile_conflict', summary: 'تدبير تأهيلي مستمر حتى إنهاء الدراسة', act_date: '2026-11-01', legal_class: 'misdemeanour', assign_me: true, persons: [{ person_id: K.openJuvenile.id, role: 'juvenile' }] });
    assert.equal(still.status, 201, still.text);
    K.openCase = still.body;
    // a family-violence case closed today, for retention, and a person with an open case, for erasure
    const victim = await person('سامر', { birth_date: '1990-05-05' });
    let fv = (await post('/api/v1/cases', { kind: 'family_violence', summary: 'نص حر عن الحادثة يجب أن يُمحى', persons: [{ person_id: victim.id, role: 'victim' }] })).body;
    fv = await move(fv, 'request_closure', { reason: 'بلاغ مكرر عن الأسرة نفسها' });
    fv = await move(fv, 'approve_closure', {}, S.supervisor);
    assert.equal(fv.stage, 'closed');
    K.closed = fv;
    K.victim = victim;
    K.open = await person('معاذ', { birth_date: '1985-01-01' });
    const open = await post('/api/v1/cases', { kind: 'family_violence', summary: 'حالة مفتوحة', persons: [{ person_id: K.open.id, role: 'victim' }] });
    assert.equal(open.status, 201, open.text);

    let tasks = (await get('/api/v1/tasks?scope=all', S.supervisor)).body.items;
    assert.ok(tasks.some((t) => t.case_id === K.sealedCase.id), 'the juvenile\'s case has no task to hide');
    K.sealedCase = await move(K.sealedCase, 'approve_closure', {}, S.supervisor);
    assert.equal(K.sealedCase.stage, 'closed');
    assert.equal((await get(`/api/v1/cases/${K.sealedCase.id}`)).status, 200);
    assert.ok(await listed('/api/v1/cases?kind=juvenile_conflict', K.sealedCase.id));
    tasks = (await get('/api/v1/tasks?scope=all', S.supervisor)).body.items;
    assert.ok(tasks.some((t) => t.case_id === K.openCase.id), 'the open juvenile case has no task to hide');
    const theirs = await get(`/api/v1/persons/${K.juvenile.id}/cases`);
    assert.ok(theirs.body.items.some((c) => c.id === K.sealedCase.id), theirs.text);
    const sealed = await get('/api/v1/sealed-records', S.records);
    assert.equal(sealed.status, 200, sealed.text);
    assert.ok(!sealed.body.items.some((s) => s.case_id === K.sealedCase.id), 'sealed the day before the birthday');
  });

  test('the birthday: the server started at 00:30 in Amman seals the case, and it leaves every list and search', async () => {
    await serve('2027-03-09T21:30:00Z');
    const id = K.sealedCase.id;
    assertError(await get(`/api/v1/cases/${id}`), 404, 'not_found');
    assertError(await get(`/api/v1/cases/${id}`, S.supervisor), 404, 'not_found');
    assert.ok(!(await listed('/api/v1/cases?kind=juvenile_conflict', id)), 'the case list shows it');
    assert.ok(!(await listed('/api/v1/cases?kind=juvenile_conflict', id, S.supervisor)), 'the supervisor\'s list shows it');
    // a case still open at 18 (a placement kept to 20, aftercare) is not sealed until it closes
    assert.equal((await get(`/api/v1/cases/${K.openCase.id}`)).status, 200);
    const tasks = (await get('/api/v1/tasks?scope=all', S.supervisor)).body.items;
    assert.ok(tasks.some((t) => t.case_id === K.openCase.id), 'the open case\'s tasks went');
    const theirs = await get(`/api/v1/persons/${K.juvenile.id}/cases`);
    assert.equal(theirs.status, 200, theirs.text);
    assert.ok(!theirs.body.items.some((c) => c.id === id), 'the person\'s cases show it');
    assert.equal(theirs.body.hidden_count, 0, 'the count of hidden cases betrays it');
    assertError(await post(`/api/v1/cases/${id}/break-glass`, { reason: 'danger_to_life', explanation: 'طارئ يهدد حياة الحدث الآن' }, S.irbid), 404, 'not_found');

    // another unit: search and duplicate check say only that a sealed record exists
    const search = await get(`/api/v1/persons/search?q=${encodeURIComponent('يزن فراس عارف القطامين')}`, S.irbid);
    assert.equal(search.status, 200, search.text);
    const hit = search.body.items.find((h) => h.sealed);
    assert.ok(hit, `no sealed marker: ${search.text}`);
    assert.deepEqual(Object.keys(hit), ['sealed']);
    assert.ok(!search.text.includes(String(K.juvenile.national_id)) && !search.body.items.some((h) => h.person && h.person.id === K.juvenile.id));
    const check = await post('/api/v1/persons/check', { first_name: 'يزن', father_name: 'فراس', family_name: 'القطامين', sex: 'male', national_id: '2009031001' }, S.irbid);
    assert.equal(check.status, 200, check.text);
    assert.ok(check.body.items.some((h) => h.sealed), check.text);
    assert.ok(!check.text.includes('يزن') && !check.text.includes('2009031001'), 'the check names the sealed person');
    assertError(await get(`/api/v1/persons/${K.juvenile.id}`, S.irbid), 404, 'not_found');
    // the owning unit still finds its person
    const own = await get(`/api/v1/persons/search?q=${encodeURIComponent('يزن فراس القطامين')}`);
    assert.ok(own.body.items.some((h) => h.person && h.person.id === K.juvenile.id), own.text);

    // the records officer's list: by number and unit, no name
    const sealed = await get('/api/v1/sealed-records', S.records);
    assert.equal(sealed.status, 200, sealed.text);
    const row = sealed.body.items.find((s) => s.case_id === id);
    assert.ok(row, sealed.text);
    assert.equal(row.reference, K.sealedCase.reference);
    assert.ok(!sealed.text.includes('يزن'), 'the list names the juvenile');
    assertError(await get('/api/v1/sealed-records'), 403, 'auth.forbidden');
  });

  test('a court order: a wrong reference is refused with nothing stored; a right one opens the case to its reader, audited', async () => {
    const id = K.sealedCase.id;
    const base = { kind: 'read', court: 'juvenile_amman', order: '125/2027', purpose: 'طلب المحكمة الاطلاع على الملف في قضية جديدة', reader: 'supervisor', days: 7 };
    const before = (await get('/api/v1/seal-orders', S.records)).body.items.length;
    for (const [change, code, field] of [
      [{ order: '125-2027' }, 'seal.order_format', 'order'],
      [{ order: '125/27' }, 'seal.order_format', 'order'],
      [{ order: '125/2031' }, 'seal.order_format', 'order'],
      [{ order: 'ا/2027' }, 'seal.order_format', 'order'],
      [{ court: 'amman_magistrate_xyz' }, 'field.code', 'court'],
      [{ purpose: 'قصير' }, 'seal.purpose_short', 'purpose'],
      [{ reader: 'nobody-of-that-name' }, 'seal.reader', 'reader'],
      [{ days: 999 }, 'seal.days', 'days'],
    ]) {
      assertError(await post(`/api/v1/sealed-records/${id}/orders`, { ...base, ...change }, S.records), 400, code, [field]);
    }
    assert.equal((await get('/api/v1/seal-orders', S.records)).body.items.length, before, 'a refused order was stored');
    assertError(await post(`/api/v1/sealed-records/${id}/orders`, base, S.caseworker), 403, 'auth.forbidden');
    assertError(await post(`/api/v1/sealed-records/${K.closed.id}/orders`, base, S.records), 404, 'not_found');

    const order = await post(`/api/v1/sealed-records/${id}/orders`, base, S.records);
    assert.equal(order.status, 201, order.text);
    assert.equal(order.body.order, '125/2027');
    const read = await get(`/api/v1/cases/${id}`, S.supervisor);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.body.sealed.order_id, order.body.id);
    assert.equal(read.body.can.write, false, 'a sealed record is changed');
    assertError(await get(`/api/v1/cases/${id}`), 404, 'not_found');
    assert.ok(!(await listed('/api/v1/cases?kind=juvenile_conflict', id, S.supervisor)), 'an order opens a list');
    const audit = await get(`/api/v1/audit?action=case.sealed.read&object_id=${id}`, S.auditor);
    assert.equal(audit.status, 200, audit.text);
    assert.ok(audit.body.items.some((a) => a.detail === `court order ${order.body.id}` && a.user_id === S.supervisor.user.id), audit.text);
    const recorded = await get(`/api/v1/audit?action=case.seal.read_order&object_id=${id}`, S.auditor);
    assert.ok(recorded.body.items.some((a) => a.detail.includes('juvenile_amman 125/2027')), recorded.text);
  });

  test('unsealing is recorded the same way: the case returns to its unit\'s lists and is not sealed again', async () => {
    const id = K.sealedCase.id;
    const r = await post(`/api/v1/sealed-records/${id}/orders`, { kind: 'unseal', court: 'appeal_amman', order: '9/2027', purpose: 'قرار محكمة الاستئناف برفع الختم عن السجل' }, S.records);
    assert.equal(r.status, 201, r.text);
    assert.equal((await get(`/api/v1/cases/${id}`)).status, 200);
    assert.ok(await listed('/api/v1/cases?kind=juvenile_conflict', id));
    const unsealed = await get(`/api/v1/audit?action=case.unseal&object_id=${id}`, S.auditor);
    assert.equal(unsealed.body.items.length, 1, unsealed.text);
    await serve('2027-03-10T09:00:00Z');
    assert.equal((await get(`/api/v1/cases/${id}`)).status, 200, 'the daily job sealed an unsealed case again');
  });

  test('retention: the daily job lists a closed case past it; anonymisation keeps the statistics\' counts and the audit chain', async () => {
    const countsBefore = await closedInMarch();
    await serve('2028-03-20T09:00:00Z', ['--set', 'retention_years_family_violence=1']);
    const pending = await get('/api/v1/retention-reviews', S.records);
    assert.equal(pending.status, 200, pending.text);
    const review = pending.body.items.find((x) => x.case_id === K.closed.id);
    assert.ok(review, pending.text);
    assert.equal(review.due_on, '2028-03-09');
    assert.equal(review.state, 'pending');
    assert.deepEqual(await closedInMarch(), countsBefore);

    assertError(await post(`/api/v1/retention-reviews/${K.closed.id}/anonymise`, { version: review.version + 1 }, S.records), 409, 'version.conflict', ['version']);
    assertError(await post(`/api/v1/retention-reviews/${K.closed.id}/anonymise`, { version: review.version }, S.supervisor), 403, 'auth.forbidden');
    const done = await post(`/api/v1/retention-reviews/${K.closed.id}/anonymise`, { version: review.version }, S.records);
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.state, 'anonymised');
    assertError(await post(`/api/v1/retention-reviews/${K.closed.id}/anonymise`, { version: done.body.version }, S.records), 409, 'retention.decided');

    assert.deepEqual(await closedInMarch(), countsBefore, 'the statistics changed');
    assertError(await get(`/api/v1/cases/${K.closed.id}`, S.supervisor), 404, 'not_found');
    const victim = await get(`/api/v1/persons/${K.victim.id}`, S.supervisor);
    assert.equal(victim.status, 200, victim.text);
    assert.equal(victim.body.first_name, '');
    assert.equal(victim.body.national_id, null);
    assert.equal(victim.body.birth_year, 1990, 'the birth year (the age band) went');
    const search = await get(`/api/v1/persons/search?q=${encodeURIComponent('سامر فراس عارف القطامين')}`);
    assert.ok(!search.body.items.some((h) => h.person && h.person.id === K.victim.id), 'the search still finds her');
    const audit = await get(`/api/v1/audit?action=case.anonymise&object_id=${K.closed.id}`, S.auditor);
    assert.equal(audit.body.items.length, 1, audit.text);
    assert.match(audit.body.items[0].detail, new RegExp(`persons \\[${K.victim.id}\\]`));
    assert.ok(!audit.text.includes('نص حر'), 'the audit holds the removed text');

    await srv.stop();
    const verify = await atMoment('2028-03-20T10:00:00Z', () => cli(['audit', 'verify', '--db', db]));
    assert.equal(verify.status, 0, `${verify.stdout}\n${verify.stderr}`);
    await serve('2028-03-20T10:05:00Z', ['--set', 'retention_years_family_violence=1']);
    assert.deepEqual(await closedInMarch(), countsBefore, 'the statistics changed after a restart');
  });

  test('erasure: a worker records the request; the records officer cannot erase a person with an open case, and refuses with the reason', async () => {
    assertError(await post(`/api/v1/persons/${K.open.id}/erasure-requests`, { basis: 'قصير' }), 400, 'erasure.basis_short', ['basis']);
    const r = await post(`/api/v1/persons/${K.open.id}/erasure-requests`, { basis: 'طلب الشخص كتابياً محو بياناته من السجل' });
    assert.equal(r.status, 201, r.text);
    assertError(await get('/api/v1/erasure-requests'), 403, 'auth.forbidden');
    const list = await get('/api/v1/erasure-requests?state=pending', S.records);
    assert.ok(list.body.items.some((x) => x.id === r.body.id), list.text);
    assertError(await post(`/api/v1/erasure-requests/${r.body.id}/decision`, { version: r.body.version, decision: 'erase' }, S.records), 409, 'erasure.open_case', ['decision']);
    assert.equal((await get(`/api/v1/persons/${K.open.id}`)).body.first_name, 'معاذ', 'a refused erasure erased');
    assertError(await post(`/api/v1/erasure-requests/${r.body.id}/decision`, { version: r.body.version, decision: 'refuse', refusal: 'because' }, S.records), 400, 'field.code', ['refusal']);
    const refused = await post(`/api/v1/erasure-requests/${r.body.id}/decision`, { version: r.body.version, decision: 'refuse', refusal: 'open_case', note: 'الحالة قيد المتابعة' }, S.records);
    assert.equal(refused.status, 200, refused.text);
    assert.equal(refused.body.state, 'refused');
    assert.equal(refused.body.refusal, 'open_case');

    // a person in no case is erased
    const alone = await person('قيس', { birth_date: '1970-02-02', national_id: '1970020201' });
    const asked = (await post(`/api/v1/persons/${alone.id}/erasure-requests`, { basis: 'طلب الشخص محو بياناته ولا حالة له' })).body;
    const erased = await post(`/api/v1/erasure-requests/${asked.id}/decision`, { version: asked.version, decision: 'erase' }, S.records);
    assert.equal(erased.status, 200, erased.text);
    assert.equal(erased.body.state, 'erased');
    const gone = await get(`/api/v1/persons/${alone.id}`);
    assert.equal(gone.body.first_name, '');
    assert.equal(gone.body.national_id, null);
  });
});
