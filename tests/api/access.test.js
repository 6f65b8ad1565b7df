'use strict';
// Access by role (admin manages users and units, the auditor reads the audit log, others are refused), the audit
// log's filters and rows, and that no password or token is ever stored in the audit log or in plain text.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { test, before, after } = require('node:test');
const { startServer, cliOk } = require('./lib/server');
const { onPostgres, databaseSql, dumpDatabase } = require('./lib/pg');
const { client, uniqueName, assertError, demoPassword } = require('./lib/client');

let srv;
let api;
let admin;
let auditor;
let caseworker;
let startedAt;

before(async () => {
  startedAt = new Date(Date.now() - 2000);
  srv = await startServer();
  api = client(srv.base);
  admin = await api.loginAs('admin');
  auditor = await api.loginAs('auditor');
  caseworker = await api.loginAs('caseworker');
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

test('admin lists users and units', async () => {
  const users = await api.request('GET', '/api/v1/users', admin);
  assert.equal(users.status, 200, users.text);
  assert.ok(Array.isArray(users.body.items));
  assert.ok('next_cursor' in users.body, 'list without next_cursor');
  const names = users.body.items.map((u) => u.username);
  for (const n of ['admin', 'auditor', 'caseworker']) assert.ok(names.includes(n), `${n} missing from /users`);
  for (const u of users.body.items) {
    assert.ok(!('password_hash' in u) && !('password' in u), 'user list leaks a password field');
    assert.equal(typeof u.version, 'number');
  }
  const units = await api.request('GET', '/api/v1/units', admin);
  assert.equal(units.status, 200, units.text);
  assert.ok(units.body.items.length > 0, 'no units');
  for (const u of units.body.items) {
    assert.ok(['mosd', 'psd'].includes(u.agency), `unit agency ${u.agency}`);
    assert.equal(typeof u.code, 'string');
  }
});

test('admin pages through users with limit and cursor without repeats', async () => {
  const page1 = await api.request('GET', '/api/v1/users?limit=3', admin);
  assert.equal(page1.status, 200, page1.text);
  assert.equal(page1.body.items.length, 3);
  assert.ok(page1.body.next_cursor, 'no next_cursor with more users left');
  const page2 = await api.request('GET', `/api/v1/users?limit=3&cursor=${encodeURIComponent(page1.body.next_cursor)}`, admin);
  assert.equal(page2.status, 200, page2.text);
  const ids1 = page1.body.items.map((u) => u.id);
  for (const u of page2.body.items) assert.ok(!ids1.includes(u.id), 'page 2 repeats a user of page 1');
  const all = await api.listAll('/api/v1/users', admin);
  assert.equal(new Set(all.map((u) => u.id)).size, all.length, 'duplicates across pages');
});

test('caseworker gets 403 auth.forbidden on /users and /audit, and reads but does not change /units', async () => {
  assertError(await api.request('GET', '/api/v1/users', caseworker), 403, 'auth.forbidden');
  // the organisation's units (names, types, places) are read by every working role: a centre is picked on a case
  const units = await api.request('GET', '/api/v1/units?type=correction_centre', caseworker);
  assert.equal(units.status, 200, units.text);
  assert.ok(units.body.items.length > 0 && units.body.items.every((u) => u.type === 'correction_centre'), units.text);
  assert.equal((await api.request('GET', `/api/v1/units/${units.body.items[0].id}`, caseworker)).status, 200);
  assertError(await api.request('PATCH', `/api/v1/units/${units.body.items[0].id}`, { ...caseworker, body: { version: 1, name_en: 'x' } }), 403, 'auth.forbidden');
  assertError(await api.request('GET', '/api/v1/audit', caseworker), 403, 'auth.forbidden');
  assertError(await api.request('GET', `/api/v1/users/${caseworker.user.id}`, caseworker), 403, 'auth.forbidden');
});

test('caseworker cannot create a user or a unit, and nothing is stored', async () => {
  const username = uniqueName('byworker');
  const unitId = (await api.listUnits(admin))[0].id;
  const r = await api.request('POST', '/api/v1/users', {
    ...caseworker,
    body: { username, full_name: 'محاولة', unit_id: unitId, roles: ['admin'], password: 'Some-Long-Password-1' },
  });
  assertError(r, 403, 'auth.forbidden');
  assert.deepEqual(await api.findUsers(admin, username), []);
  const u = await api.request('POST', '/api/v1/units', {
    ...caseworker,
    body: { code: 'X-WORKER-1', name_ar: 'وحدة', name_en: 'Unit', type: 'fjpd_office', agency: 'psd', governorate: 'amman' },
  });
  assertError(u, 403, 'auth.forbidden');
});

test('every other non-admin role is refused /users', async () => {
  for (const name of ['auditor', 'monitor', 'officer', 'supervisor', 'manager', 'committee']) {
    const s = await api.loginAs(name);
    assertError(await api.request('GET', '/api/v1/users', s), 403, 'auth.forbidden');
  }
});

test('the admin cannot read the audit log; only the auditor can', async () => {
  assertError(await api.request('GET', '/api/v1/audit', admin), 403, 'auth.forbidden');
  for (const name of ['monitor', 'officer', 'supervisor', 'manager', 'committee']) {
    const s = await api.loginAs(name);
    assertError(await api.request('GET', '/api/v1/audit', s), 403, 'auth.forbidden');
  }
  const r = await api.request('GET', '/api/v1/audit', auditor);
  assert.equal(r.status, 200, r.text);
});

test('without a session /users, /units and /audit are 401 auth.required', async () => {
  for (const p of ['/api/v1/users', '/api/v1/units', '/api/v1/audit', '/api/v1/codes']) {
    assertError(await api.request('GET', p), 401, 'auth.required');
  }
});

test('any signed-in user reads /codes with the ten roles', async () => {
  const r = await api.request('GET', '/api/v1/codes', caseworker);
  assert.equal(r.status, 200, r.text);
  const roles = r.body.roles.map((x) => x.code).sort();
  assert.deepEqual(roles, ['admin', 'auditor', 'caseworker', 'committee', 'home_staff', 'manager', 'monitor', 'officer', 'records_officer', 'supervisor']);
  for (const x of r.body.roles) assert.ok(x.name_ar && x.name_en, JSON.stringify(x));
  assert.equal(r.body.governorates.length, 12);
});

test('the auditor sees session.login rows filtered by username and action, with every documented field', async () => {
  const r = await api.request('GET', '/api/v1/audit?username=caseworker&action=session.login', auditor);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.items.length >= 1, 'no session.login row for caseworker');
  for (const row of r.body.items) {
    assert.equal(row.username, 'caseworker');
    assert.equal(row.action, 'session.login');
  }
  const row = r.body.items[0];
  for (const f of ['id', 'at', 'user_id', 'username', 'unit_id', 'action', 'object_type', 'object_id', 'outcome', 'client_addr']) {
    assert.ok(f in row, `audit row lacks ${f}: ${JSON.stringify(row)}`);
  }
  assert.equal(row.user_id, caseworker.user.id);
  assert.equal(row.unit_id, caseworker.user.unit.id);
  assert.equal(row.client_addr, '127.0.0.1');
  assert.equal(row.outcome, 'ok');
  assert.match(row.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, `at is not UTC ISO-8601: ${row.at}`);
});

test('audit rows are newest first', async () => {
  const r = await api.request('GET', '/api/v1/audit?limit=50', auditor);
  assert.equal(r.status, 200, r.text);
  const ids = r.body.items.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'audit rows are not newest first');
});

test('the audit filter by user_id matches the filter by username', async () => {
  const byName = await api.request('GET', '/api/v1/audit?username=caseworker&limit=200', auditor);
  const byId = await api.request('GET', `/api/v1/audit?user_id=${caseworker.user.id}&limit=200`, auditor);
  assert.equal(byId.status, 200, byId.text);
  assert.ok(byId.body.items.length >= 1);
  assert.deepEqual(byId.body.items.map((x) => x.id), byName.body.items.map((x) => x.id));
  const other = await api.request('GET', `/api/v1/audit?user_id=${admin.user.id}&action=session.login&limit=200`, auditor);
  assert.ok(other.body.items.every((x) => x.user_id === admin.user.id));
});

test('the audit filters from and to select by time', async () => {
  const t0 = new Date(Date.now() - 1000);
  await api.loginAs('monitor');
  const t1 = new Date(Date.now() + 1000);
  const inside = await api.request('GET', `/api/v1/audit?username=monitor&action=session.login&from=${iso(t0)}&to=${iso(t1)}`, auditor);
  assert.equal(inside.status, 200, inside.text);
  assert.ok(inside.body.items.length >= 1, 'login not found between from and to');
  for (const row of inside.body.items) {
    assert.ok(Date.parse(row.at) >= Date.parse(iso(t0)) && Date.parse(row.at) <= Date.parse(iso(t1)), `row outside range: ${row.at}`);
  }
  const later = new Date(Date.now() + 3600 * 1000);
  const future = await api.request('GET', `/api/v1/audit?username=monitor&from=${iso(later)}`, auditor);
  assert.equal(future.status, 200, future.text);
  assert.equal(future.body.items.length, 0, 'rows returned from the future');
  const before = new Date(startedAt.getTime() - 3600 * 1000);
  const past = await api.request('GET', `/api/v1/audit?username=monitor&action=session.login&to=${iso(before)}`, auditor);
  assert.equal(past.status, 200, past.text);
  assert.equal(past.body.items.length, 0, 'logins returned from before the server started');
});

test('a malformed audit time filter is 400 query.invalid naming it', async () => {
  const r = await api.request('GET', '/api/v1/audit?from=yesterday', auditor);
  assertError(r, 400, 'query.invalid', ['from']);
});

test('a failed login is audited as session.login_failed', async () => {
  const t0 = new Date(Date.now() - 1000);
  assert.equal((await api.tryLogin('committee', 'not-the-committee-password')).status, 401);
  const r = await api.request('GET', `/api/v1/audit?action=session.login_failed&from=${iso(t0)}`, auditor);
  assert.equal(r.status, 200, r.text);
  const committeeId = (await api.findUsers(admin, 'committee'))[0].id;
  const mine = (x) => x.username === 'committee' || x.user_id === committeeId || x.object_id === String(committeeId) || x.object_id === 'committee';
  assert.ok(r.body.items.some(mine), `no failed-login row naming the committee account: ${r.text}`);
  assert.ok(r.body.items.every((x) => x.outcome !== 'ok'), 'a failed login recorded with outcome ok');
});

test('reads of protected data are audited before the answer: user.read, user.list, audit.read', async () => {
  const target = (await api.createUser(admin)).user;
  const read = await api.request('GET', `/api/v1/users/${target.id}`, admin);
  assert.equal(read.status, 200, read.text);
  const userRead = await api.request('GET', `/api/v1/audit?action=user.read&object_id=${target.id}`, auditor);
  assert.equal(userRead.status, 200, userRead.text);
  assert.ok(userRead.body.items.some((x) => x.username === 'admin' && x.object_type === 'user'), `no user.read row: ${userRead.text}`);
  await api.request('GET', '/api/v1/users', admin);
  const userList = await api.request('GET', '/api/v1/audit?action=user.list&username=admin', auditor);
  assert.ok(userList.body.items.length >= 1, 'no user.list row');
  const auditRead = await api.request('GET', '/api/v1/audit?action=audit.read&username=auditor', auditor);
  assert.ok(auditRead.body.items.length >= 1, 'no audit.read row');
});

test('changes are audited: user.create, user.update, user.disable, logout', async () => {
  const { user } = await api.createUser(admin);
  const created = await api.request('GET', `/api/v1/audit?action=user.create&object_id=${user.id}`, auditor);
  assert.equal(created.body.items.length, 1, `user.create rows: ${created.text}`);
  assert.equal(created.body.items[0].username, 'admin');
  const p = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { version: user.version, full_name: 'اسم جديد' } });
  assert.equal(p.status, 200, p.text);
  const updated = await api.request('GET', `/api/v1/audit?action=user.update&object_id=${user.id}`, auditor);
  assert.equal(updated.body.items.length, 1, `user.update rows: ${updated.text}`);
  const d = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { version: p.body.version, status: 'disabled' } });
  assert.equal(d.status, 200, d.text);
  const disabled = await api.request('GET', `/api/v1/audit?action=user.disable&object_id=${user.id}`, auditor);
  assert.equal(disabled.body.items.length, 1, `user.disable rows: ${disabled.text}`);
  const s = await api.loginAs('officer');
  assert.equal((await api.request('DELETE', '/api/v1/session', s)).status, 204);
  const out = await api.request('GET', '/api/v1/audit?action=session.logout&username=officer', auditor);
  assert.ok(out.body.items.length >= 1, 'no session.logout row');
});

test('refused requests are audited with a non-ok outcome', async () => {
  const t0 = new Date(Date.now() - 1000);
  assert.equal((await api.request('GET', '/api/v1/users', caseworker)).status, 403);
  const r = await api.request('GET', `/api/v1/audit?username=caseworker&from=${iso(t0)}`, auditor);
  assert.ok(r.body.items.some((x) => x.outcome !== 'ok'), `no refused row for the 403: ${r.text}`);
});

test('the audit log pages with cursor and the rows never hold passwords or tokens', async () => {
  const password = 'Canary-Password-Zq81x';
  const wrong = 'Wrong-Canary-Password-Kp27y';
  const { username } = await api.createUser(admin, { password }, { oneTime: true });
  await api.login(username, password);
  assert.equal((await api.tryLogin(username, wrong)).status, 401);
  const token = cliOk(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', username]).split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.equal((await api.request('GET', '/api/v1/me', { bearer: token })).status, 200);
  const s = await api.login(username, password);
  const newPassword = 'Changed-Canary-Password-Mm45';
  assert.equal((await api.request('PUT', '/api/v1/me/password', { ...s, body: { current_password: password, new_password: newPassword } })).status, 204);

  const rows = await api.listAll('/api/v1/audit', auditor);
  assert.ok(rows.length >= 20, `only ${rows.length} audit rows`);
  assert.equal(new Set(rows.map((x) => x.id)).size, rows.length, 'audit pages repeat rows');
  const text = JSON.stringify(rows);
  for (const secret of [password, wrong, newPassword, token, token.slice(3), demoPassword('admin'), admin.csrf, admin.cookie.match(/takamul_session=([^;]+)/)[1]]) {
    assert.ok(!text.includes(secret), `audit API returns a secret: ${secret.slice(0, 6)}…`);
  }
  // The full rows in the database, every column.
  const dump = databaseSql(srv.db, 'SELECT * FROM audit');
  assert.ok(dump.split('\n').length >= rows.length, 'audit table has fewer rows than the API returned');
  for (const secret of [password, wrong, newPassword, token, token.slice(3)]) {
    assert.ok(!dump.includes(secret), `audit table holds a secret: ${secret.slice(0, 6)}…`);
  }
});

test('no password or token is stored in plain text anywhere in the database files', async () => {
  const password = 'Plaintext-Canary-Pass-Rt93';
  const { username } = await api.createUser(admin, { password }, { oneTime: true });
  await api.login(username, password);
  assert.equal((await api.tryLogin(username, 'Wrong-Plaintext-Canary-Yu52')).status, 401);
  const token = cliOk(['user', 'token', '--db', srv.db, '--set', 'second_factor_roles=0', username]).split(/\s+/).find((w) => w.startsWith('tk_'));
  assert.equal((await api.request('GET', '/api/v1/me', { bearer: token })).status, 200);
  // on PostgreSQL the files are the server's: every row of every table instead
  const files = onPostgres() ? ['pg_dump'] : fs.readdirSync(srv.dir).filter((f) => f.startsWith('takamul.db'));
  assert.ok(files.length >= 1);
  for (const f of files) {
    const bytes = onPostgres() ? Buffer.from(dumpDatabase(srv.db)) : fs.readFileSync(`${srv.dir}/${f}`);
    for (const secret of [password, 'Wrong-Plaintext-Canary-Yu52', token, token.slice(3)]) {
      assert.equal(bytes.indexOf(secret), -1, `${f} holds a secret in plain text: ${secret.slice(0, 6)}…`);
    }
  }
});
