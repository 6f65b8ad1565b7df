'use strict';
// The person search reads its hits and each viewer's sight of them in one statement; a single read (GET
// /persons/{id}) asks the sight of one person. Both must show the same of every person to every viewer: all of a
// person seen, only the identity of a person in a restricted case the viewer does not see, and nothing but a marker
// of a juvenile whose record another unit sealed at 18. Five persons of one name, for four viewers: the supervisor of
// the unit (sees its restricted cases), a worker of the unit assigned to one restricted case and not the other, a
// worker of another unit, and the records officer. The record is sealed by a server started on the juvenile's 18th
// birthday under libfaketime (Debian's faketime package; the test is skipped without it). Every name is synthetic.

const assert = require('node:assert/strict');
const { test, before, after, describe } = require('node:test');
const { LIB, atMoment } = require('./lib/clock');
const { startServer } = require('./lib/server');
const { client } = require('./lib/client');

const NAME = { father_name: 'نضال', grandfather_name: 'صابر', family_name: 'الحوامدة', sex: 'male' };
const QUERY = encodeURIComponent('نضال صابر الحوامدة');

describe('the search shows each person as her single read does, to every viewer', { skip: LIB ? false : 'libfaketime is not installed (Debian package faketime)' }, () => {
  let srv;
  let db;
  let dir;
  let api;
  const S = {};
  const P = {}; // the persons, by what they stand for
  let irbid;
  let assigned;

  async function serve(utc) {
    if (srv) await srv.stop();
    srv = await atMoment(utc, () => startServer(db ? { db, dir } : {}));
    db = srv.db;
    dir = srv.dir;
    api = client(srv.base);
    for (const who of ['caseworker', 'supervisor', 'records', 'admin']) S[who] = await api.loginAs(who);
    if (irbid) S.irbid = await api.login(irbid.username, irbid.password);
    if (assigned) S.assigned = await api.login(assigned.username, assigned.password);
  }

  const get = (p, who) => api.request('GET', p, who);
  const post = (p, body, who) => api.request('POST', p, { ...who, body });
  async function person(first, extra = {}) {
    const r = await post('/api/v1/persons', { first_name: first, ...NAME, ...extra }, S.caseworker);
    assert.equal(r.status, 201, r.text);
    return r.body;
  }
  async function caseOf(body, who) {
    const r = await post('/api/v1/cases', body, who);
    assert.equal(r.status, 201, r.text);
    return r.body;
  }
  async function move(c, action, extra, who) {
    const r = await post(`/api/v1/cases/${c.id}/transitions`, { version: c.version, action, ...extra }, who);
    assert.equal(r.status, 200, `${action}: ${r.text}`);
    return r.body;
  }

  after(async () => {
    if (srv) {
      await srv.stop();
      srv.cleanup();
    }
  });

  before(async () => {
    await serve('2027-03-09T09:00:00Z');
    const units = await api.listUnits(S.admin);
    const unit = (code) => units.find((u) => u.code === code).id;
    irbid = await api.createUser(S.admin, { unit_id: unit('SSO-IRB'), roles: ['caseworker'], full_name: 'أخصائي إربد لتجربة البحث' });
    assigned = await api.createUser(S.admin, { unit_id: unit('SSO-AMM'), roles: ['caseworker'], full_name: 'أخصائية عمّان لتجربة البحث' });
    S.irbid = await api.login(irbid.username, irbid.password);
    S.assigned = await api.login(assigned.username, assigned.password);

    P.plain = await person('أنس', { birth_date: '1980-02-02', national_id: '1980020201', notes: 'لا قضية له' });
    P.restricted = await person('أيهم', { birth_date: '1981-03-03', address: 'عمّان، حي نزال' });
    P.restrictedAssigned = await person('أوس', { birth_date: '1982-04-04', phones: ['0790000001'] });
    P.juvenile = await person('أمجد', { birth_date: '2009-03-10', national_id: '2009031002' });
    P.juvenileRestricted = await person('أكرم', { birth_date: '2009-03-10', national_id: '2009031003' });

    const fv = (p) => ({ kind: 'family_violence', sensitivity: 'restricted', summary: 'حالة مقيدة لتجربة البحث', persons: [{ person_id: p.id, role: 'victim' }] });
    await caseOf(fv(P.restricted), S.supervisor);
    const seen = await caseOf(fv(P.restrictedAssigned), S.supervisor);
    const r = await post(`/api/v1/cases/${seen.id}/assignments`, { user_id: assigned.user.id, role: 'caseworker' }, S.supervisor);
    assert.equal(r.status, 200, r.text);
    await caseOf(fv(P.juvenileRestricted), S.supervisor);

    // two juveniles' cases closed the day before the 18th birthday; the next start seals them
    for (const p of [P.juvenile, P.juvenileRestricted]) {
      let c = await caseOf({ kind: 'juvenile_conflict', summary: 'مشاجرة لتجربة البحث', act_date: '2026-12-01', legal_class: 'misdemeanour', assign_me: true, persons: [{ person_id: p.id, role: 'juvenile' }] }, S.caseworker);
      c = await move(c, 'request_closure', { reason: 'نُفذ التدبير وانتهت المتابعة' }, S.caseworker);
      c = await move(c, 'approve_closure', {}, S.supervisor);
      assert.equal(c.stage, 'closed');
    }
    await serve('2027-03-09T21:30:00Z');
  });

  /** Compares, for one viewer, the search's hits with the single reads of the five persons; answers what each shows. */
  async function compare(who) {
    const search = await get(`/api/v1/persons/search?limit=50&q=${QUERY}`, who);
    assert.equal(search.status, 200, search.text);
    const shown = {};
    let sealedSingles = 0;
    for (const [name, p] of Object.entries(P)) {
      const single = await get(`/api/v1/persons/${p.id}`, who);
      const hit = search.body.items.find((h) => h.person && h.person.id === p.id);
      if (single.status === 404) {
        sealedSingles++;
        assert.equal(hit, undefined, `${name}: the search shows a person the single read does not find`);
        shown[name] = 'sealed';
        continue;
      }
      assert.equal(single.status, 200, single.text);
      assert.ok(hit, `${name}: not in the search: ${search.text}`);
      assert.deepEqual(hit.person, single.body, `${name}: the search and the single read differ`);
      shown[name] = single.body.withheld ? 'withheld' : 'full';
    }
    const markers = search.body.items.filter((h) => h.sealed);
    assert.equal(markers.length, sealedSingles, `sealed markers: ${search.text}`);
    for (const m of markers) assert.deepEqual(Object.keys(m), ['sealed']);
    return shown;
  }

  test('the supervisor of the unit: every person whole (restricted cases are hers; the seal is her unit\'s)', async () => {
    assert.deepEqual(await compare(S.supervisor), { plain: 'full', restricted: 'full', restrictedAssigned: 'full', juvenile: 'full', juvenileRestricted: 'full' });
  });

  test('a worker of the unit assigned to one restricted case: that person whole, the other withheld', async () => {
    assert.deepEqual(await compare(S.assigned), { plain: 'full', restricted: 'withheld', restrictedAssigned: 'full', juvenile: 'full', juvenileRestricted: 'withheld' });
  });

  test('the worker who handled the juveniles: their sealed cases no longer open them, the restricted ones stay withheld', async () => {
    assert.deepEqual(await compare(S.caseworker), { plain: 'full', restricted: 'withheld', restrictedAssigned: 'withheld', juvenile: 'full', juvenileRestricted: 'withheld' });
  });

  test('a worker of another unit: restricted persons withheld, the sealed juveniles only a marker', async () => {
    assert.deepEqual(await compare(S.irbid), { plain: 'full', restricted: 'withheld', restrictedAssigned: 'withheld', juvenile: 'sealed', juvenileRestricted: 'sealed' });
  });
});
