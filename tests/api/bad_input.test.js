'use strict';
// Bad input: each kind gets its documented 4xx error, nothing is stored, messages follow Accept-Language, and the
// server stays up.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, rawRequest, rawSocket, uniqueName, assertError, ARABIC } = require('./lib/client');

let srv;
let api;
let admin;
let unitId;

before(async () => {
  srv = await startServer();
  api = client(srv.base);
  admin = await api.loginAs('admin');
  unitId = (await api.listUnits(admin))[0].id;
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

const validBody = (username, extra = {}) => ({
  username,
  full_name: 'سلمى عبد الله',
  unit_id: unitId,
  roles: ['caseworker'],
  password: 'Valid-Input-Password-9',
  ...extra,
});

/** POSTs a user body as the admin (cookie + CSRF). */
const postUser = (opts) => api.request('POST', '/api/v1/users', { ...admin, ...opts });

async function assertNotStored(username) {
  assert.deepEqual(await api.findUsers(admin, username), [], `${username} was stored`);
}

test('control: a valid body is 201 and the user is found afterwards', async () => {
  const username = uniqueName('valid');
  const r = await postUser({ body: validBody(username), headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  assert.equal(r.status, 201, r.text);
  assert.equal((await api.findUsers(admin, username)).length, 1, 'findUsers cannot see a stored user: the other checks would prove nothing');
  assert.equal(r.body.full_name, 'سلمى عبد الله', 'Arabic text not stored exactly as sent');
  assert.ok(!('password' in r.body) && !('password_hash' in r.body), 'user answer leaks a password field');
});

test('invalid JSON is 400 body.invalid_json', async () => {
  const username = uniqueName('badjson');
  const r = await postUser({ rawBody: `{"username": "${username}", "full_name": "x", ` });
  assertError(r, 400, 'body.invalid_json');
  await assertNotStored(username);
});

test('JSON with trailing garbage is 400 body.invalid_json', async () => {
  const username = uniqueName('trailing');
  const r = await postUser({ rawBody: `${JSON.stringify(validBody(username))} {}` });
  assertError(r, 400, 'body.invalid_json');
  await assertNotStored(username);
});

test('an empty body is 400 body.invalid_json', async () => {
  assertError(await postUser({ rawBody: '' }), 400, 'body.invalid_json');
});

test('invalid UTF-8 bytes in a string are 400 body.invalid_utf8', async () => {
  const cases = {
    'lone continuation/0xFF': Buffer.from([0xff, 0xfe]),
    'overlong encoding of /': Buffer.from([0xc0, 0xaf]),
    'UTF-8 encoded surrogate': Buffer.from([0xed, 0xa0, 0x80]),
    'truncated sequence': Buffer.from([0xd8]),
  };
  for (const [name, bad] of Object.entries(cases)) {
    const username = uniqueName('badutf');
    const body = Buffer.concat([
      Buffer.from(`{"username":"${username}","full_name":"سلمى`),
      bad,
      Buffer.from(`","unit_id":${unitId},"roles":["caseworker"],"password":"Valid-Input-Password-9"}`),
    ]);
    const r = await postUser({ rawBody: body });
    assert.equal(r.status, 400, `${name}: ${r.status} ${r.text}`);
    assert.equal(r.body && r.body.error.code, 'body.invalid_utf8', `${name}: ${r.text}`);
    await assertNotStored(username);
  }
});

test('a JSON array instead of an object is 400 body.invalid_json', async () => {
  const username = uniqueName('array');
  const r = await postUser({ rawBody: JSON.stringify([validBody(username)]) });
  assertError(r, 400, 'body.invalid_json');
  await assertNotStored(username);
});

test('a JSON string, number or null instead of an object is 400 body.invalid_json', async () => {
  for (const raw of ['"text"', '42', 'null', 'true']) {
    const r = await postUser({ rawBody: raw });
    assert.equal(r.status, 400, `${raw}: ${r.text}`);
    assert.equal(r.body && r.body.error.code, 'body.invalid_json', `${raw}: ${r.text}`);
  }
});

test('roles as a string is 400 field.type naming roles', async () => {
  const username = uniqueName('rolestr');
  const r = await postUser({ body: validBody(username, { roles: 'caseworker' }) });
  assertError(r, 400, 'field.type', ['roles']);
  assert.equal(r.body.error.fields.roles.code, 'field.type');
  await assertNotStored(username);
});

test('unit_id as a string is 400 field.type naming unit_id', async () => {
  const username = uniqueName('unitstr');
  const r = await postUser({ body: validBody(username, { unit_id: String(unitId) }) });
  assertError(r, 400, 'field.type', ['unit_id']);
  await assertNotStored(username);
});

test('a non-string role inside roles is 400 field.type', async () => {
  const username = uniqueName('rolenum');
  const r = await postUser({ body: validBody(username, { roles: [7] }) });
  assertError(r, 400, 'field.type');
  await assertNotStored(username);
});

test('a fractional or huge unit_id is refused', async () => {
  for (const v of ['1.5', '1e400', '99999999999999999999999']) {
    const username = uniqueName('unitnum');
    const raw = JSON.stringify(validBody(username)).replace(/"unit_id":\d+/, `"unit_id":${v}`);
    const r = await postUser({ rawBody: raw });
    assert.equal(r.status, 400, `unit_id ${v}: ${r.status} ${r.text}`);
    await assertNotStored(username);
  }
});

test('an unknown field is 400 field.unknown naming it', async () => {
  const username = uniqueName('unknown');
  const r = await postUser({ body: validBody(username, { is_admin: true }) });
  assertError(r, 400, 'field.unknown', ['is_admin']);
  await assertNotStored(username);
});

test('a missing required field is 400 field.required naming it', async () => {
  const username = uniqueName('missing');
  const body = validBody(username);
  delete body.full_name;
  const r = await postUser({ body });
  assertError(r, 400, 'field.required', ['full_name']);
  assert.equal(r.body.error.fields.full_name.code, 'field.required');
  await assertNotStored(username);
});

test('a duplicated key is refused', async () => {
  const username = uniqueName('dupkey');
  const raw = JSON.stringify(validBody(username)).replace(/^\{/, '{"roles":["admin"],');
  const r = await postUser({ rawBody: raw });
  assert.equal(r.status, 400, `duplicated key accepted: ${r.status} ${r.text}`);
  await assertNotStored(username);
});

test('invalid values are 400 field.invalid naming the field', async () => {
  const cases = [
    ['username', (u) => ({ username: `${u}-UPPER` })],
    ['roles', () => ({ roles: ['no_such_role'] })],
    ['roles', () => ({ roles: [] })],
    ['unit_id', () => ({ unit_id: 987654321 })],
  ];
  for (const [field, change] of cases) {
    const username = uniqueName('invalid');
    const body = validBody(username, change(username));
    const r = await postUser({ body });
    assert.equal(r.status, 400, `${JSON.stringify(change(username))}: ${r.status} ${r.text}`);
    assert.ok(r.body.error.fields && r.body.error.fields[field], `fields does not name ${field}: ${r.text}`);
    await assertNotStored(body.username);
    await assertNotStored(username);
  }
});

test('a user name outside 3–32 characters is refused naming username', async () => {
  for (const username of ['ab', 'a'.repeat(33)]) {
    const r = await postUser({ body: validBody(username) });
    assert.equal(r.status, 400, `${username}: ${r.status} ${r.text}`);
    assert.ok(r.body.error.fields && r.body.error.fields.username, r.text);
    await assertNotStored(username);
  }
});

test('a password shorter than 10 characters is 400 password.too_short', async () => {
  const username = uniqueName('shortpw');
  const r = await postUser({ body: validBody(username, { password: 'short-pw' }) });
  assertError(r, 400, 'password.too_short', ['password']);
  await assertNotStored(username);
});

test('a common or trivial password is refused', async () => {
  const cases = [
    ['password123', 'password.common'],
    ['qwertyuiop', 'password.common'],
    ['Password2026!', 'password.common'],
    ['1234567890', 'password.trivial'],
    ['aaaaaaaaaaaa', 'password.trivial'],
  ];
  for (const [password, code] of cases) {
    const username = uniqueName('commonpw');
    const r = await postUser({ body: validBody(username, { password }) });
    assertError(r, 400, code, ['password']);
    await assertNotStored(username);
  }
});

test('a 64-character password is accepted and works', async () => {
  const username = uniqueName('longpw');
  const long = 'كلمة-سر-طويلة-'.padEnd(64, 'x');
  const r = await postUser({ body: validBody(username, { password: long }) });
  assert.equal(r.status, 201, r.text);
  assert.equal((await api.tryLogin(username, long)).status, 200, 'cannot log in with the 64-character password');
});

test('a duplicate user name is 409 conflict.exists', async () => {
  const username = uniqueName('dup');
  assert.equal((await postUser({ body: validBody(username) })).status, 201);
  const r = await postUser({ body: validBody(username, { full_name: 'آخر' }) });
  assertError(r, 409, 'conflict.exists');
  const found = await api.findUsers(admin, username);
  assert.equal(found.length, 1);
  assert.equal(found[0].full_name, 'سلمى عبد الله');
});

test('a body over 64 KiB is 413 body.too_large', async () => {
  const username = uniqueName('large');
  const body = Buffer.from(JSON.stringify(validBody(username, { full_name: 'ب'.repeat(40 * 1024) })));
  assert.ok(body.length > 64 * 1024);
  const r = await rawRequest(srv.base, {
    path: '/api/v1/users',
    headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
    body,
  });
  assert.ok(!r.error, `connection failed instead of 413: ${r.error}`);
  assert.equal(r.status, 413, r.text);
  assert.equal(JSON.parse(r.text).error.code, 'body.too_large');
  await assertNotStored(username);
});

test('a chunked body over 64 KiB is 413 body.too_large', async () => {
  const username = uniqueName('chunked');
  const body = Buffer.from(JSON.stringify(validBody(username, { full_name: 'ب'.repeat(40 * 1024) })));
  const chunks = [];
  for (let i = 0; i < body.length; i += 8192) chunks.push(body.subarray(i, i + 8192));
  const r = await rawRequest(srv.base, {
    path: '/api/v1/users',
    headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
    chunks,
  });
  assert.ok(!r.error, `connection failed instead of 413: ${r.error}`);
  assert.equal(r.status, 413, r.text);
  assert.equal(JSON.parse(r.text).error.code, 'body.too_large');
  await assertNotStored(username);
});

test('a Content-Length over the limit is refused before the body is sent', async () => {
  const r = await rawSocket(
    srv.base,
    `POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\nCookie: ${admin.cookie}\r\nX-CSRF-Token: ${admin.csrf}\r\nConnection: close\r\n\r\n{`,
  );
  assert.match(r.text, /^HTTP\/1\.[01] 413 /, `answer: ${r.text.slice(0, 200)} ${r.error || ''}`);
});

test('100 nested arrays in a field are 400 body.too_deep', async () => {
  const username = uniqueName('deep');
  const raw = JSON.stringify(validBody(username)).replace(/"roles":\["caseworker"\]/, `"roles":${'['.repeat(100)}${']'.repeat(100)}`);
  const r = await postUser({ rawBody: raw });
  assertError(r, 400, 'body.too_deep');
  await assertNotStored(username);
});

test('20 nested objects are 400 body.too_deep', async () => {
  const username = uniqueName('deepobj');
  const raw = JSON.stringify(validBody(username)).replace(/\}$/, `,"x":${'{"a":'.repeat(20)}1${'}'.repeat(20)}}`);
  const r = await postUser({ rawBody: raw });
  assertError(r, 400, 'body.too_deep');
  await assertNotStored(username);
});

test('30000 nested arrays (within the size limit) do not crash the server', async () => {
  const r = await postUser({ rawBody: `{"a":${'['.repeat(30000)}${']'.repeat(30000)}}` });
  assertError(r, 400, 'body.too_deep');
  assert.equal((await api.request('GET', '/api/v1/health')).status, 200);
});

test('a body that is not application/json is 415 body.content_type', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
    const username = uniqueName('ctype');
    const headers = type ? { 'Content-Type': type } : {};
    const body = Buffer.from(JSON.stringify(validBody(username)));
    let r;
    if (type) r = await postUser({ rawBody: body, headers });
    else {
      // fetch always names a type; send without one by hand.
      const raw = await rawRequest(srv.base, {
        path: '/api/v1/users',
        headers: { 'Content-Length': body.length, Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
        body,
      });
      r = { status: raw.status, text: raw.text, body: JSON.parse(raw.text || 'null') };
    }
    assert.equal(r.status, 415, `${type}: ${r.status} ${r.text}`);
    assert.equal(r.body && r.body.error.code, 'body.content_type', `${type}: ${r.text}`);
    await assertNotStored(username);
  }
});

test('a JSON body declared in another charset than UTF-8 is 415 body.charset, and nothing is stored', async () => {
  const refused = [
    'application/json; charset=latin1',
    'application/json; charset=ISO-8859-1',
    'application/json; charset="windows-1256"',
    'application/json; charset=utf-16',
    'application/json; charset=utf8',
    'application/json; charset=utf-8; charset=latin1',
  ];
  for (const type of refused) {
    const username = uniqueName('charset');
    const r = await postUser({ rawBody: Buffer.from(JSON.stringify(validBody(username))), headers: { 'Content-Type': type } });
    assertError(r, 415, 'body.charset');
    await assertNotStored(username);
  }
  const en = await postUser({ body: validBody(uniqueName('charset')), headers: { 'Content-Type': 'application/json; charset=latin1', 'Accept-Language': 'en' } });
  assert.match(en.body.error.message, /UTF-8/);
  // UTF-8 however written is accepted.
  for (const type of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'Application/JSON ; Charset=Utf-8']) {
    const username = uniqueName('charset');
    const r = await postUser({ body: validBody(username), headers: { 'Content-Type': type } });
    assert.equal(r.status, 201, `${type}: ${r.status} ${r.text}`);
  }
  // A malformed parameter is no JSON type at all.
  const r = await postUser({ body: validBody(uniqueName('charset')), headers: { 'Content-Type': 'application/json; charset' } });
  assertError(r, 415, 'body.content_type');
});

test('a 64 KiB header is answered 431 or refused, and the server stays up', async () => {
  const big = 'a'.repeat(64 * 1024);
  const r = await rawSocket(srv.base, `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\nConnection: close\r\n\r\n`);
  if (r.text.length) assert.match(r.text, /^HTTP\/1\.[01] 431 /, `answer: ${r.text.slice(0, 200)}`);
  const h = await api.request('GET', '/api/v1/health');
  assert.equal(h.status, 200);
});

test('a huge cookie header is answered 431 or refused, and the server stays up', async () => {
  const r = await rawSocket(srv.base, `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nCookie: takamul_session=${'z'.repeat(100 * 1024)}\r\nConnection: close\r\n\r\n`);
  if (r.text.length) assert.match(r.text, /^HTTP\/1\.[01] 431 /, `answer: ${r.text.slice(0, 200)}`);
  assert.equal((await api.request('GET', '/api/v1/health')).status, 200);
});

test('a malformed query parameter is 400 query.invalid naming it', async () => {
  for (const q of ['limit=abc', 'limit=0', 'limit=201', 'limit=-1', 'unit_id=x']) {
    const r = await api.request('GET', `/api/v1/users?${q}`, admin);
    assert.equal(r.status, 400, `${q}: ${r.status} ${r.text}`);
    assert.equal(r.body.error.code, 'query.invalid', `${q}: ${r.text}`);
    const name = q.split('=')[0];
    assert.ok(r.body.error.fields && r.body.error.fields[name], `${q}: fields does not name ${name}: ${r.text}`);
  }
});

test('a route that exists with another method is 405 method.not_allowed', async () => {
  assertError(await api.request('DELETE', '/api/v1/users', admin), 405, 'method.not_allowed');
});

test('an unknown route is 404 not_found; a non-numeric id is 404 or 400', async () => {
  assertError(await api.request('GET', '/api/v1/nothing-here', admin), 404, 'not_found');
  assertError(await api.request('GET', '/api/v1/users/987654321', admin), 404, 'not_found');
  const r = await api.request('GET', '/api/v1/users/abc', admin);
  assert.ok([400, 404].includes(r.status), `${r.status} ${r.text}`);
});

test('a stale version on PATCH is 409 version.conflict and the record is unchanged', async () => {
  const { user } = await api.createUser(admin, { full_name: 'الاسم الأول' });
  const first = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { version: user.version, full_name: 'الاسم الثاني' } });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.full_name, 'الاسم الثاني');
  assert.notEqual(first.body.version, user.version, 'version did not change on update');
  const stale = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { version: user.version, full_name: 'الاسم الثالث' } });
  assertError(stale, 409, 'version.conflict');
  const now = await api.request('GET', `/api/v1/users/${user.id}`, admin);
  assert.equal(now.status, 200, now.text);
  assert.equal(now.body.full_name, 'الاسم الثاني');
  assert.equal(now.body.version, first.body.version);
});

test('a PATCH without version is 400 field.required naming version, and changes nothing', async () => {
  const { user } = await api.createUser(admin, { full_name: 'بدون نسخة' });
  const r = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { full_name: 'تغيير' } });
  assertError(r, 400, 'field.required', ['version']);
  const now = await api.request('GET', `/api/v1/users/${user.id}`, admin);
  assert.equal(now.body.full_name, 'بدون نسخة');
});

test('a PATCH with an unknown field changes nothing, even the valid fields beside it', async () => {
  const { user } = await api.createUser(admin, { full_name: 'قبل' });
  const r = await api.request('PATCH', `/api/v1/users/${user.id}`, { ...admin, body: { version: user.version, full_name: 'بعد', password_hash: 'x' } });
  assertError(r, 400, 'field.unknown', ['password_hash']);
  const now = await api.request('GET', `/api/v1/users/${user.id}`, admin);
  assert.equal(now.body.full_name, 'قبل');
  assert.equal(now.body.version, user.version);
});

test('error messages are Arabic by default and English with Accept-Language: en', async () => {
  const body = validBody(uniqueName('lang'));
  delete body.full_name;
  const ar = await postUser({ body });
  assertError(ar, 400, 'field.required', ['full_name']);
  assert.match(ar.body.error.message, ARABIC, `default message not Arabic: ${ar.body.error.message}`);
  assert.match(ar.body.error.fields.full_name.message, ARABIC, 'field message not Arabic');
  const arExplicit = await postUser({ body, headers: { 'Accept-Language': 'ar' } });
  assert.equal(arExplicit.body.error.message, ar.body.error.message);
  const en = await postUser({ body, headers: { 'Accept-Language': 'en' } });
  assertError(en, 400, 'field.required', ['full_name']);
  assert.doesNotMatch(en.body.error.message, ARABIC, `English message has Arabic: ${en.body.error.message}`);
  assert.match(en.body.error.message, /[A-Za-z]{3}/);
  assert.doesNotMatch(en.body.error.fields.full_name.message, ARABIC, 'English field message has Arabic');
  assert.equal(en.body.error.code, ar.body.error.code);
});

test('a browser-style Accept-Language preferring English gets English', async () => {
  const r = await api.request('GET', '/api/v1/users', { headers: { 'Accept-Language': 'en-GB,en;q=0.9,ar;q=0.8' } });
  assertError(r, 401, 'auth.required');
  assert.doesNotMatch(r.body.error.message, ARABIC, r.body.error.message);
});

test('an unsupported language falls back to Arabic', async () => {
  const r = await api.request('GET', '/api/v1/users', { headers: { 'Accept-Language': 'fr' } });
  assertError(r, 401, 'auth.required');
  assert.match(r.body.error.message, ARABIC, r.body.error.message);
});

test('after all of this the server still answers /api/v1/health and logins', async () => {
  const r = await api.request('GET', '/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  await api.loginAs('caseworker');
});
