'use strict';
// What an attacker with a valid account could learn or do that the docs say they cannot (docs/security.md): the
// receiving unit of a referral never sees who works on the case, nor, once the referral is over, anything about it;
// a pending transfer shows what the sharing log says it shares; the reporter is no oracle; every refusal is audited,
// whatever layer refused; a person in a restricted case is not read or changed through the registry by those who
// see none of her cases; unknown query parameters and over-large search limits are refused. Every name here is
// synthetic.

const assert = require('node:assert/strict');
const http = require('node:http');
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
  for (const name of ['caseworker', 'supervisor', 'manager', 'admin', 'auditor']) S[name] = await api.loginAs(name);
  for (const u of await api.listUnits(S.admin)) U[u.code] = u;
  const make = async (code, roles, fullName) => {
    const made = await api.createUser(S.admin, { unit_id: U[code].id, roles, full_name: fullName });
    const session = await api.login(made.username, made.password);
    session.id = made.user.id;
    session.user = made.user;
    return session;
  };
  S.irbidWorker = await make('SSO-IRB', ['caseworker'], 'أخصائية إربد للاختبار');
  S.irbidSupervisor = await make('SSO-IRB', ['supervisor'], 'مشرف إربد للاختبار');
  S.colleague = await make('SSO-AMM', ['caseworker'], 'زميلة عمان غير مكلفة');
  S.zarqaSupervisor = await make('SSO-ZAR', ['supervisor'], 'مشرف الزرقاء للاختبار');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const today = () => new Date(Date.now() + 3 * 3600 * 1000).toISOString().slice(0, 10);
const get = (path, who) => api.request('GET', path, who);
const post = (path, who, body) => api.request('POST', path, { ...who, body });

async function person(first, extra = {}) {
  const r = await post('/api/v1/persons', S.caseworker, { first_name: first, father_name: 'سليم', family_name: 'الشمايلة', sex: 'female', ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function newCase(who, body) {
  const r = await post('/api/v1/cases', who, { summary: 'ملخص تجريبي', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function actOk(r, action, who, extra = {}) {
  const res = await post(`/api/v1/referrals/${r.id}/transitions`, who, { action, version: r.version, ...extra });
  assert.equal(res.status, 200, `${action}: ${res.text}`);
  return res.body;
}

// A child's family-violence case (no consent needed) with every shared section filled in by the Amman caseworker.
async function fullCase() {
  const child = await person('سلمى', { birth_date: '2015-05-05' });
  const c = await newCase(S.caseworker, { kind: 'family_violence', persons: [{ person_id: child.id, role: 'victim' }] });
  const ok = async (r) => assert.ok(r.status === 201 || r.status === 200, r.text);
  await ok(await post(`/api/v1/cases/${c.id}/notes`, S.caseworker, { kind: 'note', occurred_on: today(), body: 'ملاحظة' }));
  await ok(await post(`/api/v1/cases/${c.id}/followups`, S.caseworker, { kind: 'call', first_on: today() }));
  await ok(await post(`/api/v1/cases/${c.id}/incidents`, S.caseworker, { occurred_on: '2026-11-01', violence_types: ['neglect'] }));
  await ok(await post(`/api/v1/cases/${c.id}/services`, S.caseworker, { type: 'legal_aid', provider: 'جمعية قانونية', notes: 'ملاحظة الخدمة' }));
  return { c, child };
}

function assertNoWorkers(body, where) {
  const text = JSON.stringify(body);
  for (const name of [S.caseworker.user.full_name, S.supervisor.user.full_name]) {
    assert.ok(!text.includes(name), `${where} names a worker of the sending unit: ${text}`);
  }
  const walk = (value, path) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (/(_by|_by_name|author_id|author_name)$/.test(key)) assert.equal(v, null, `${where}: ${path}.${key} is ${v}`);
        walk(v, `${path}.${key}`);
      }
    }
  };
  walk(body, where);
}

test('the receiving unit never sees who works on the case: notes, follow-ups, services, incidents, persons and the referral itself', async () => {
  const { c } = await fullCase();
  const sent = await post(`/api/v1/cases/${c.id}/referrals`, S.caseworker, {
    kind: 'referral', to_unit_id: U['SSO-IRB'].id, reason: 'متابعة', urgency: 'routine',
    sections: ['summary', 'risk', 'persons', 'incidents', 'notes', 'services'], services: ['psychosocial'],
  });
  assert.equal(sent.status, 201, sent.text);
  for (const part of ['', '/notes', '/followups', '/services', '/incidents', '/persons']) {
    const r = await get(`/api/v1/cases/${c.id}${part}`, S.irbidWorker);
    assert.equal(r.status, 200, `${part}: ${r.text}`);
    assertNoWorkers(r.body, `GET /cases/{id}${part}`);
  }
  const seen = await get(`/api/v1/referrals/${sent.body.id}`, S.irbidWorker);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.body.sent_by_name, null, 'the receiver reads who sent the referral');
  assertNoWorkers(seen.body.services, 'the referral\'s services');
  const inbox = await get('/api/v1/referrals?box=incoming', S.irbidWorker);
  assert.equal(inbox.body.items.find((r) => r.id === sent.body.id).sent_by_name, null, 'the inbox names the sender');
  // the sending side still sees its own people
  const own = await get(`/api/v1/cases/${c.id}/notes`, S.caseworker);
  assert.equal(own.body.items[0].author_name, S.caseworker.user.full_name);
  assert.equal((await get(`/api/v1/referrals/${sent.body.id}`, S.caseworker)).body.sent_by_name, S.caseworker.user.full_name);
});

test('once a referral is over, its receiver reads only status, dates and its own services\' outcomes', async () => {
  const { c } = await fullCase();
  const sent = await post(`/api/v1/cases/${c.id}/referrals`, S.caseworker, {
    kind: 'referral', to_unit_id: U['SSO-IRB'].id, reason: 'سبب سري للإحالة', urgency: 'routine', sections: ['summary'], services: ['psychosocial'],
  });
  assert.equal(sent.status, 201, sent.text);
  let r = await actOk(sent.body, 'accept', S.irbidWorker);
  const services = (await get(`/api/v1/cases/${c.id}/services`, S.irbidWorker)).body.items;
  const mine = services.find((s) => s.unit_id === U['SSO-IRB'].id);
  const changed = await api.request('PATCH', `/api/v1/cases/${c.id}/services/${mine.id}`, { ...S.irbidWorker, body: { version: mine.version, status: 'provided', notes: 'جلسات دعم نفسي للطفلة' } });
  assert.equal(changed.status, 200, changed.text);
  r = await actOk(r, 'complete', S.irbidWorker, { reason: 'تمت الخدمة' });
  for (const view of [(await get(`/api/v1/referrals/${r.id}`, S.irbidWorker)).body,
    (await get('/api/v1/referrals?box=incoming', S.irbidWorker)).body.items.find((x) => x.id === r.id)]) {
    assert.equal(view.status, 'completed');
    assert.ok(view.sent_at && view.status_changed_at, 'the dates are kept');
    assert.equal(view.status_reason, 'تمت الخدمة', 'its own words on completing it');
    for (const field of ['reason', 'case_reference', 'sent_by_name', 'override_reason']) {
      assert.equal(view[field], null, `${field} still reaches the receiver: ${JSON.stringify(view)}`);
    }
  }
  const detail = (await get(`/api/v1/referrals/${r.id}`, S.irbidWorker)).body;
  assert.equal(detail.services.length, 1);
  assert.equal(detail.services[0].status, 'provided', 'its own outcome is kept');
  assert.equal(detail.services[0].notes, null, 'free text about the case');
  // the sender still reads it all
  const sender = (await get(`/api/v1/referrals/${r.id}`, S.caseworker)).body;
  assert.equal(sender.reason, 'سبب سري للإحالة');
  assert.equal(sender.case_reference, c.reference);
});

test('a pending transfer shows the receiving unit what the sharing log says it shared; after a rejection, nothing', async () => {
  const { c } = await fullCase();
  const sent = await post(`/api/v1/cases/${c.id}/referrals`, S.supervisor, { kind: 'transfer', to_unit_id: U['SSO-IRB'].id, reason: 'انتقال الأسرة', urgency: 'routine' });
  assert.equal(sent.status, 201, sent.text);
  const logged = (await get(`/api/v1/data-sharing?case_id=${c.id}`, S.auditor)).body.items[0];
  assert.deepEqual(logged.sections, ['summary', 'risk', 'persons', 'incidents', 'notes', 'services']);
  const seen = await get(`/api/v1/cases/${c.id}`, S.irbidSupervisor);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.body.referred, true);
  assert.deepEqual(seen.body.shared_sections, logged.sections);
  for (const part of ['/notes', '/persons', '/incidents', '/services', '/followups']) {
    const r = await get(`/api/v1/cases/${c.id}${part}`, S.irbidSupervisor);
    assert.equal(r.status, 200, `${part}: ${r.text}`);
    assertNoWorkers(r.body, part);
  }
  await actOk(sent.body, 'reject', S.irbidSupervisor, { reason: 'لا سعة' });
  assertError(await get(`/api/v1/cases/${c.id}`, S.irbidSupervisor), 404, 'not_found');
});

test('the reporter is no oracle: only the assigned workers and the supervisors add or remove the reporter role', async () => {
  const reporter = await person('مبلغة', { birth_date: '1980-01-01' });
  const other = await person('أخرى', { birth_date: '1981-01-01' });
  const victim = await person('ضحية', { birth_date: '2016-01-01' });
  const c = await newCase(S.caseworker, { kind: 'family_violence', persons: [{ person_id: victim.id, role: 'victim' }, { person_id: reporter.id, role: 'reporter' }] });
  // the colleague of the unit, not assigned: the same refusal for the real reporter and for anyone else
  const real = await post(`/api/v1/cases/${c.id}/persons`, S.colleague, { person_id: reporter.id, role: 'reporter' });
  const anyone = await post(`/api/v1/cases/${c.id}/persons`, S.colleague, { person_id: other.id, role: 'reporter' });
  assertError(real, 403, 'case.reporter_restricted');
  assertError(anyone, 403, 'case.reporter_restricted');
  assert.equal(real.text, anyone.text);
  // nor may she remove the reporter's link (its role is shown to her, its person is not)
  const links = (await get(`/api/v1/cases/${c.id}/persons`, S.colleague)).body.items;
  const link = links.find((l) => l.role === 'reporter');
  assert.equal(link.person, null);
  assertError(await api.request('DELETE', `/api/v1/cases/${c.id}/persons/${link.id}`, S.colleague), 403, 'case.reporter_restricted');
  assert.ok((await get(`/api/v1/cases/${c.id}/persons`, S.supervisor)).body.items.some((l) => l.role === 'reporter' && l.person.id === reporter.id));
  // other roles she may still add; the supervisor manages the reporter
  assert.equal((await post(`/api/v1/cases/${c.id}/persons`, S.colleague, { person_id: other.id, role: 'witness' })).status, 201);
  assertError(await post(`/api/v1/cases/${c.id}/persons`, S.supervisor, { person_id: reporter.id, role: 'reporter' }), 409, 'conflict.exists', ['person_id']);
  assert.equal((await api.request('DELETE', `/api/v1/cases/${c.id}/persons/${link.id}`, S.supervisor)).status, 204);
});

test('every refusal is audited, whichever layer refused it', async () => {
  const { c } = await fullCase();
  const sent = await post(`/api/v1/cases/${c.id}/referrals`, S.caseworker, { kind: 'referral', to_unit_id: U['SSO-IRB'].id, reason: 'متابعة', urgency: 'routine', sections: ['summary'] });
  assert.equal(sent.status, 201, sent.text);
  const study = await post(`/api/v1/cases/${c.id}/studies`, S.caseworker, { template: 'fv_settlement' });
  const refusals = [
    [S.irbidWorker, () => get(`/api/v1/cases/${c.id}/consents`, S.irbidWorker), 'referral.not_shared'],
    [S.irbidWorker, () => get(`/api/v1/cases/${c.id}/referrals`, S.irbidWorker), 'referral.not_shared'],
    [S.irbidWorker, () => get(`/api/v1/cases/${c.id}/studies`, S.irbidWorker), 'referral.not_shared'],
    [S.caseworker, () => post(`/api/v1/cases/${c.id}/assignments`, S.caseworker, { user_id: S.colleague.user.id, role: 'caseworker' }), 'case.supervisor_only'],
    [S.caseworker, () => post(`/api/v1/referrals/${sent.body.id}/transitions`, S.caseworker, { action: 'accept', version: sent.body.version }), 'referral.receiver_only'],
    [S.irbidWorker, () => post(`/api/v1/referrals/${sent.body.id}/transitions`, S.irbidWorker, { action: 'revoke', version: sent.body.version }), 'referral.sender_only'],
    [S.manager, () => post(`/api/v1/cases/${c.id}/notes`, S.manager, { kind: 'note', occurred_on: today(), body: 'x' }), 'auth.forbidden'],
  ];
  assert.equal(study.status, 201, study.text);
  {
    refusals.push([S.colleague, () => api.request('PUT', `/api/v1/studies/${study.body.id}`, { ...S.colleague, body: { version: study.body.version, sections: [] } }), 'study.author_only']);
  }
  for (const [who, call, code] of refusals) {
    const before = (await get(`/api/v1/audit?user_id=${who.user.id}&outcome=denied&limit=200`, S.auditor)).body.items.length;
    const r = await call();
    assert.ok(r.status === 403 || r.status === 404, `expected a refusal, got ${r.status} ${r.text}`);
    if (code) assert.equal(r.body.error.code, code, r.text);
    const after = (await get(`/api/v1/audit?user_id=${who.user.id}&outcome=denied&limit=200`, S.auditor)).body.items;
    assert.equal(after.length, before + 1, `${r.body.error.code} left ${after.length - before} audit rows`);
    assert.ok(after[0].object_id, `the refusal's row names no record: ${JSON.stringify(after[0])}`);
  }
  // a refusal the access layer had already audited is not written twice
  const beforeAdmin = (await get(`/api/v1/audit?user_id=${S.admin.user.id}&outcome=denied&limit=200`, S.auditor)).body.items.length;
  assertError(await get(`/api/v1/cases/${c.id}`, S.admin), 403, 'auth.forbidden');
  const afterAdmin = (await get(`/api/v1/audit?user_id=${S.admin.user.id}&outcome=denied&limit=200`, S.auditor)).body.items.length;
  assert.equal(afterAdmin, beforeAdmin + 1);
});

test('a person seen only in a restricted case: others read her identity, not her contacts, and neither edit nor merge her', async () => {
  const victim = await person('ندى', { birth_date: '1992-02-02', address: 'عنوان سري في عمان', phones: ['0790000001'], notes: 'ملاحظة حساسة', national_id: '9921000001' });
  const c = await newCase(S.supervisor, { kind: 'family_violence', sensitivity: 'restricted', persons: [{ person_id: victim.id, role: 'victim' }] });
  const twin = await person('ندى', { birth_date: '1992-02-02' });
  // the supervisor of the unit sees it all
  const full = await get(`/api/v1/persons/${victim.id}`, S.supervisor);
  assert.equal(full.body.address, 'عنوان سري في عمان');
  assert.equal(full.body.withheld, undefined);
  // a caseworker elsewhere, and one of the same unit who is not on the case: identity only
  for (const who of [S.irbidWorker, S.caseworker]) {
    const r = await get(`/api/v1/persons/${victim.id}`, who);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.withheld, true);
    assert.equal(r.body.first_name, 'ندى');
    assert.equal(r.body.national_id, '9921000001');
    assert.equal(r.body.birth_year, 1992);
    for (const field of ['address', 'notes', 'birth_date', 'governorate', 'disability']) assert.equal(r.body[field], null, field);
    assert.deepEqual(r.body.phones, []);
    const found = await get(`/api/v1/persons/search?q=${encodeURIComponent('ندى سليم الشمايلة')}`, who);
    const hit = found.body.items.find((h) => h.person.id === victim.id);
    assert.ok(hit, 'she is still found, for the duplicate check');
    assert.equal(hit.person.address, null);
    assert.ok(!JSON.stringify(found.body).includes('0790000001'), 'her phone in the search');
    assertError(await api.request('PATCH', `/api/v1/persons/${victim.id}`, { ...who, body: { version: full.body.version, first_name: 'اسم آخر' } }), 403, 'person.restricted');
    assertError(await post(`/api/v1/persons/${victim.id}/family`, who, { relative_id: twin.id, relation: 'sibling' }), 403, 'person.restricted');
  }
  assertError(await post(`/api/v1/persons/${twin.id}/merge`, S.zarqaSupervisor, { version: twin.version, merge_id: victim.id, merge_version: full.body.version, reason: 'تكرار' }), 403, 'person.restricted');
  assert.equal((await get(`/api/v1/persons/${victim.id}`, S.supervisor)).body.first_name, 'ندى', 'the record changed');
  // assigned, the caseworker sees her
  assert.equal((await post(`/api/v1/cases/${c.id}/assignments`, S.supervisor, { user_id: S.caseworker.user.id, role: 'caseworker' })).status, 200);
  assert.equal((await get(`/api/v1/persons/${victim.id}`, S.caseworker)).body.address, 'عنوان سري في عمان');
});

test('query parameters a route does not read are refused; the person search limit is 1–50', async () => {
  assertError(await get('/api/v1/cases?kindd=family_violence', S.caseworker), 400, 'query.unknown', ['kindd']);
  assertError(await get('/api/v1/cases/1?x=1', S.caseworker), 400, 'query.unknown', ['x']);
  assertError(await get('/api/v1/persons/search?q=x&limit=51', S.caseworker), 400, 'query.invalid', ['limit']);
  assert.equal((await get('/api/v1/persons/search?q=%D9%86%D8%AF%D9%89&limit=50', S.caseworker)).status, 200);
  assert.equal((await get('/api/v1/cases?kind=family_violence&limit=5', S.caseworker)).status, 200);
  const many = Array.from({ length: 40 }, (_, i) => `p${i}=1`).join('&');
  assertError(await get(`/api/v1/cases?${many}`, S.caseworker), 400, 'query.too_many');
});

test('a PDF refused while others are drawn says when to come back (Retry-After: 2)', async () => {
  const child = await person('رهف', { birth_date: '2014-04-04' });
  const c = await newCase(S.caseworker, { kind: 'family_violence', persons: [{ person_id: child.id, role: 'victim' }] });
  const made = await post(`/api/v1/cases/${c.id}/studies`, S.caseworker, { template: 'fv_settlement' });
  assert.equal(made.status, 201, made.text);
  const sentence = 'تعيش الأسرة في منزل مستأجر من غرفتين وتعتمد على دخل الأب غير المنتظم من العمل اليومي. ';
  // every section as long as it may be (20,000 letters), one save each (a body is at most 64 KiB): a long document
  const long = sentence.repeat(Math.floor(20000 / sentence.length));
  let version = made.body.version;
  for (const section of made.body.template_sections) {
    const saved = await api.request('PUT', `/api/v1/studies/${made.body.id}`, { ...S.caseworker, body: { version, sections: [{ key: section.key, body: long }] } });
    assert.equal(saved.status, 200, saved.text);
    version = saved.body.version;
  }
  // Each on a connection of its own, a few milliseconds apart: a worker of the server serves the connections it
  // took one after another, so PDFs sent at once on kept connections may all wait on one worker, round after round.
  const pdf = () => new Promise((resolve, reject) => {
    const request = http.get(`${srv.base}/api/v1/studies/${made.body.id}/document?format=pdf`, { agent: false, headers: { cookie: S.caseworker.cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] }));
    });
    request.on('error', reject);
  });
  const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
  let busy = null;
  for (let round = 0; round < 5 && !busy; round++) {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => pause(i * 20).then(pdf)));
    for (const a of answers) {
      assert.ok(a.status === 200 || a.status === 503, `a PDF answered ${a.status}`);
      if (a.status === 503) busy = a;
    }
  }
  assert.ok(busy, 'eight PDFs never found the server busy');
  assert.equal(busy.retryAfter, '2');
});
