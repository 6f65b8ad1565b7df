'use strict';
// Merging two records of one person and undoing it (docs/api.md, "Persons" → "Merge"): family links move to the
// kept record and come back exactly on undo, both records get a new version, versions are checked, a merged record
// leaves the search and cannot be edited, a merge is undone once, a merge whose kept record was merged on is undone
// only after that one, a restored number already held by someone else stops the undo, and both steps are audited.
// Every name and number here is synthetic.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, assertError } = require('./lib/client');

let srv;
let api;
let cw; // caseworker
let sup; // supervisor: the one who merges
let auditor;

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  cw = await api.loginAs('caseworker');
  sup = await api.loginAs('supervisor');
  auditor = await api.loginAs('auditor');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

let nid = 0;
const nextNid = () => String(3000000000 + ++nid * 13);

async function create(first, extra = {}) {
  const body = { first_name: first, father_name: 'عارف', grandfather_name: 'سالم', family_name: 'الدعجة', sex: 'male', ...extra };
  const r = await api.request('POST', '/api/v1/persons', { ...cw, body });
  assert.equal(r.status, 201, `POST /persons: ${r.status} ${r.text}`);
  return r.body;
}

async function read(id) {
  const r = await api.request('GET', `/api/v1/persons/${id}`, cw);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function family(id) {
  const r = await api.request('GET', `/api/v1/persons/${id}/family`, cw);
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((l) => ({ id: l.id, relative: l.relative.id, relation: l.relation })).sort((a, b) => a.id - b.id);
}

async function link(id, relative, relation) {
  const r = await api.request('POST', `/api/v1/persons/${id}/family`, { ...cw, body: { relative_id: relative, relation } });
  assert.equal(r.status, 201, r.text);
}

function mergeRaw(kept, merged, extra = {}, auth = sup) {
  return api.request('POST', `/api/v1/persons/${kept.id}/merge`, {
    ...auth,
    body: { version: kept.version, merge_id: merged.id, merge_version: merged.version, reason: 'السجل نفسه مرتين', ...extra },
  });
}

async function merge(keptId, mergedId) {
  const r = await mergeRaw(await read(keptId), await read(mergedId));
  assert.equal(r.status, 200, `merge ${mergedId} into ${keptId}: ${r.status} ${r.text}`);
  return r.body;
}

const undoRaw = (mergeId, reason = 'دمج خاطئ', auth = sup) =>
  api.request('POST', `/api/v1/persons/merges/${mergeId}/undo`, { ...auth, body: { reason } });

async function search(q) {
  const r = await api.request('GET', `/api/v1/persons/search?q=${encodeURIComponent(q)}`, cw);
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((it) => it.person.id);
}

test('merge moves the family to the kept record, bumps both versions, and undo puts every link back exactly', async () => {
  const kept = await create('مراد');
  const copy = await create('مراد');
  const father = await create('عارف');
  const sister = await create('سلمى', { sex: 'female' });
  const shared = await create('حابس');
  await link(copy.id, father.id, 'parent');
  await link(copy.id, sister.id, 'sibling');
  await link(copy.id, shared.id, 'relative');
  await link(kept.id, shared.id, 'relative'); // the kept record has it already: dropped from the copy
  await link(kept.id, copy.id, 'sibling'); // a link between the two: dropped
  const before = { kept: await family(kept.id), copy: await family(copy.id), father: await family(father.id), sister: await family(sister.id) };
  const keptBefore = await read(kept.id);
  const copyBefore = await read(copy.id);

  const done = await merge(kept.id, copy.id);
  assert.equal(done.person.id, kept.id);
  assert.equal(done.person.version, keptBefore.version + 1, 'the kept record, whose family changed, has a new version');
  assert.equal(done.merge.reason, 'السجل نفسه مرتين');
  const merged = await read(copy.id);
  assert.equal(merged.status, 'merged');
  assert.equal(merged.merged_into, kept.id);
  assert.equal(merged.version, copyBefore.version + 1);
  assert.equal(merged.updated_by, sup.user.id);
  const keptFamily = await family(kept.id);
  assert.deepEqual(keptFamily.map((l) => [l.relative, l.relation]).sort(),
    [[father.id, 'parent'], [shared.id, 'relative'], [sister.id, 'sibling']].sort());
  assert.deepEqual((await family(father.id)).map((l) => [l.relative, l.relation]), [[kept.id, 'child']]);
  assert.deepEqual(await family(copy.id), [], 'the merged record keeps no links');

  // merged records leave the search, and cannot be edited or merged again
  const found = await search('مراد عارف الدعجة');
  assert.ok(found.includes(kept.id) && !found.includes(copy.id), JSON.stringify(found));
  assertError(await api.request('PATCH', `/api/v1/persons/${copy.id}`, { ...cw, body: { version: merged.version, notes: 'x' } }), 409, 'person.merged');
  assertError(await mergeRaw(await read(kept.id), merged), 409, 'person.merged');

  // a link added to the kept record after the merge stays after the undo
  const later = await create('ليث');
  await link(kept.id, later.id, 'sibling');
  const undone = await undoRaw(done.merge.id);
  assert.equal(undone.status, 200, undone.text);
  assert.equal(undone.body.person.id, copy.id);
  assert.equal(undone.body.person.status, 'active');
  assert.equal(undone.body.person.merged_into, null);
  assert.deepEqual(await family(copy.id), before.copy, 'the restored record has its links back, with their ids');
  assert.deepEqual(await family(father.id), before.father);
  assert.deepEqual(await family(sister.id), before.sister);
  const keptAfter = await family(kept.id);
  assert.deepEqual(keptAfter.filter((l) => l.relative !== later.id), before.kept);
  assert.ok(keptAfter.some((l) => l.relative === later.id), 'the link made after the merge was lost');
  assert.equal((await read(kept.id)).version, done.person.version + 1, 'the undo changed the family again: a new version');
  assert.ok((await search('مراد عارف الدعجة')).includes(copy.id), 'the restored record is found again');

  // once only
  assertError(await undoRaw(done.merge.id), 409, 'person.merge_undone');
});

test('a link made after the merge never takes the id of a link the merge removed', async () => {
  const kept = await create('نزار');
  const copy = await create('نزار');
  const other = await create('وصفي');
  await link(kept.id, other.id, 'relative');
  await link(copy.id, other.id, 'relative'); // dropped by the merge (the kept record has it): its ids are kept
  const removed = (await family(copy.id)).map((l) => l.id);
  const done = await merge(kept.id, copy.id);
  const fresh = await create('عوني');
  await link(kept.id, fresh.id, 'sibling');
  const made = (await family(kept.id)).find((l) => l.relative === fresh.id);
  assert.ok(!removed.includes(made.id), `the new link took the removed link's id ${made.id}`);
  const r = await undoRaw(done.merge.id);
  assert.equal(r.status, 200, r.text);
  assert.ok((await family(kept.id)).some((l) => l.relative === fresh.id), 'the undo deleted a link made after the merge');
  assert.deepEqual((await family(copy.id)).map((l) => l.id), removed);
});

test('versions: a stale version of either record is 409 version.conflict naming it; nothing is merged', async () => {
  const kept = await create('هزاع');
  const copy = await create('هزاع');
  assertError(await mergeRaw({ ...kept, version: kept.version + 5 }, copy), 409, 'version.conflict', ['version']);
  assertError(await mergeRaw(kept, { ...copy, version: copy.version + 5 }), 409, 'version.conflict', ['merge_version']);
  assert.equal((await read(copy.id)).status, 'active');
});

test('bad merges: into itself, without a reason, an unknown record, a non-supervisor; nothing is merged', async () => {
  const kept = await create('ضرار');
  const copy = await create('ضرار');
  assertError(await mergeRaw(kept, kept), 400, 'person.merge_self', ['merge_id']);
  assertError(await mergeRaw(kept, copy, { reason: '' }), 400, 'field.required', ['reason']);
  assertError(await mergeRaw(kept, copy, { reason: undefined }), 400, 'field.required', ['reason']);
  assertError(await mergeRaw(kept, { id: 99999999, version: 1 }), 400, 'field.invalid', ['merge_id']);
  assertError(await mergeRaw(kept, copy, {}, cw), 403, 'auth.forbidden');
  assertError(await undoRaw(99999999), 404, 'not_found');
  assert.equal((await read(copy.id)).status, 'active');
  assert.equal((await read(kept.id)).version, kept.version);
});

test('a merge whose kept record was merged on into a third is undone only after that one', async () => {
  const a = await create('قتيبة');
  const b = await create('قتيبة');
  const c = await create('قتيبة');
  const relative = await create('مثقال');
  await link(a.id, relative.id, 'parent');
  const first = await merge(b.id, a.id); // a → b
  const second = await merge(c.id, b.id); // b → c (with a's link)
  assertError(await undoRaw(first.merge.id), 409, 'person.merge_kept_merged');
  assert.equal((await read(a.id)).status, 'merged', 'nothing was undone');
  assert.equal((await undoRaw(second.merge.id)).status, 200);
  assert.equal((await undoRaw(first.merge.id)).status, 200);
  assert.deepEqual((await family(a.id)).map((l) => l.relative), [relative.id]);
  assert.deepEqual(await family(b.id), []);
  assert.deepEqual(await family(c.id), []);
});

test('an undo is refused when the restored record\'s number is now held by another active person', async () => {
  const number = nextNid();
  const kept = await create('رباح');
  const copy = await create('رباح', { national_id: number });
  const done = await merge(kept.id, copy.id);
  await create('ذيب', { national_id: number }); // the number is free once its holder was merged
  assertError(await undoRaw(done.merge.id), 409, 'person.undo_number_taken');
  assert.equal((await read(copy.id)).status, 'merged');
});

test('the merged record\'s roles in cases move to the kept record, and come back on undo', async () => {
  const kept = await create('سلامة');
  const copy = await create('سلامة');
  const c = await api.request('POST', '/api/v1/cases', { ...cw, body: { kind: 'family_violence',
    persons: [{ person_id: copy.id, role: 'victim' }, { person_id: kept.id, role: 'witness' }] } });
  assert.equal(c.status, 201, c.text);
  const d = await api.request('POST', '/api/v1/cases', { ...cw, body: { kind: 'family_violence',
    persons: [{ person_id: copy.id, role: 'witness' }, { person_id: kept.id, role: 'witness' }] } });
  assert.equal(d.status, 201, d.text);
  const roles = async (id) => (await api.request('GET', `/api/v1/cases/${id}/persons`, cw)).body.items
    .map((p) => [p.person.id, p.role]).sort();
  const before = { c: await roles(c.body.id), d: await roles(d.body.id) };
  const done = await merge(kept.id, copy.id);
  assert.deepEqual(await roles(c.body.id), [[kept.id, 'victim'], [kept.id, 'witness']].sort());
  assert.deepEqual(await roles(d.body.id), [[kept.id, 'witness']], 'a role the kept record had is not doubled');
  assert.equal((await undoRaw(done.merge.id)).status, 200);
  assert.deepEqual(await roles(c.body.id), before.c);
  assert.deepEqual(await roles(d.body.id), before.d);
});

test('merge and undo are audited on both records', async () => {
  const kept = await create('نبهان');
  const copy = await create('نبهان');
  const done = await merge(kept.id, copy.id);
  assert.equal((await undoRaw(done.merge.id)).status, 200);
  const rows = async (action, id) =>
    (await api.listAll(`/api/v1/audit?action=${action}&object_type=person&object_id=${id}`, auditor)).length;
  assert.equal(await rows('person.merge', kept.id), 1);
  assert.equal(await rows('person.merged_into', copy.id), 1);
  assert.equal(await rows('person.merge.undo', copy.id), 1);
});
