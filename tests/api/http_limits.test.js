'use strict';
// Limits on a request's address and head (docs/api.md, "Errors"; docs/security.md, "HTTP"): hundreds of query
// parameters, long addresses, many and large headers are each answered at once (414 or 431, in the API's JSON with
// Arabic or English messages whenever the server can read the request at all), never left without an answer, and
// the server goes on serving.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client, rawSocket, assertError, ARABIC } = require('./lib/client');

let srv;
let api;

before(async () => {
  srv = await startServer();
  api = client(srv.base);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

/** A query of n parameters a0=1&a1=1&… */
const params = (n) => Array.from({ length: n }, (_, i) => `a${i}=1`).join('&');

// Well below the idle timeout (30 s): an answer that only comes when the connection times out is no answer.
const PROMPT_MS = 5000;

/** Sends raw bytes and returns {status, body (parsed when JSON), ms}; status null when no answer came. */
async function raw(bytes) {
  const started = performance.now();
  const r = await rawSocket(srv.base, bytes, 15000);
  const ms = performance.now() - started;
  const match = /^HTTP\/1\.[01] (\d{3}) /.exec(r.text);
  const split = r.text.indexOf('\r\n\r\n');
  let body = null;
  if (split >= 0 && /content-type: application\/json/i.test(r.text.slice(0, split))) {
    body = JSON.parse(Buffer.from(r.text.slice(split + 4), 'latin1').toString('utf8'));
  }
  return { status: match ? Number(match[1]) : null, body, ms, text: r.text };
}

async function assertAlive() {
  const r = await api.request('GET', '/api/v1/health');
  assert.equal(r.status, 200, `the server stopped answering: ${r.status} ${r.text}`);
}

test('500 and 1000 query parameters are answered at once: 414 query.too_many_parameters, in Arabic or English', async () => {
  for (const n of [500, 1000]) {
    const path = `/api/v1/persons?${params(n)}`;
    assert.ok(path.length > 3000);
    const ar = await api.request('GET', path);
    assertError(ar, 414, 'query.too_many_parameters');
    assert.match(ar.body.error.message, ARABIC);
    assert.ok(ar.ms < PROMPT_MS, `${n} parameters answered after ${Math.round(ar.ms)} ms`);
    assert.equal(ar.headers.get('cache-control'), 'no-store');
    const en = await api.request('GET', path, { headers: { 'Accept-Language': 'en' } });
    assertError(en, 414, 'query.too_many_parameters');
    assert.match(en.body.error.message, /too many query parameters/);
    await assertAlive();
  }
  // The same over a raw connection, with a body on a write: the answer comes, the body is not waited for.
  const r = await raw(`POST /api/v1/persons?${params(500)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
  assert.equal(r.status, 414, r.text.slice(0, 300));
  assert.equal(r.body.error.code, 'query.too_many_parameters');
  assert.ok(r.ms < PROMPT_MS);
  await assertAlive();
});

test('up to 100 query parameters reach the application; the 101st is refused at once', async () => {
  // 100 reach the application, which answers (it refuses parameters a route does not read: query.too_many over 32)
  assertError(await api.request('GET', `/api/v1/health?${params(100)}`), 400, 'query.too_many');
  assertError(await api.request('GET', `/api/v1/health?${params(101)}`), 414, 'query.too_many_parameters');
  // Empty parts count as parameters too (the HTTP library files each one).
  assertError(await api.request('GET', `/api/v1/health?${'&'.repeat(3000)}`), 414, 'query.too_many_parameters');
  await assertAlive();
});

test('a long address is answered 414 uri.too_long; one longer than the server can hold is answered 414 too', async () => {
  // an address of 8 KB is within the limit (8 KiB): the application answers it (x is no parameter of the route)
  assertError(await api.request('GET', `/api/v1/health?x=${'a'.repeat(8000)}`), 400, 'query.unknown', ['x']);
  for (const len of [9000, 15000]) {
    const r = await api.request('GET', `/api/v1/health?x=${'a'.repeat(len)}`, { headers: { 'Accept-Language': 'en' } });
    assertError(r, 414, 'uri.too_long');
    assert.ok(r.ms < PROMPT_MS);
  }
  const longPath = await api.request('GET', `/api/v1/${'p'.repeat(10000)}`);
  assertError(longPath, 414, 'uri.too_long');
  assert.match(longPath.body.error.message, ARABIC);
  // Too long for the connection's memory: the HTTP library answers it itself (not in JSON), but it answers.
  const huge = await raw(`GET /api/v1/health?x=${'a'.repeat(200000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.equal(huge.status, 414, `no answer to a 200 KB address: ${huge.text.slice(0, 200)}`);
  assert.ok(huge.ms < PROMPT_MS);
  await assertAlive();
});

test('many headers and large headers are answered (200, or 431), never left without an answer', async () => {
  const head = (lines) => `GET /api/v1/health HTTP/1.1\r\nHost: x\r\n${lines.join('\r\n')}\r\n\r\n`;
  const many = (n) => Array.from({ length: n }, (_, i) => `X-Header-${i}: v`);
  const fine = await raw(head(many(300)));
  assert.equal(fine.status, 200, fine.text.slice(0, 200));
  for (const lines of [many(1000), Array.from({ length: 5000 }, () => 'a:'), [`Cookie: ${Array.from({ length: 2000 }, (_, i) => `c${i}=1`).join('; ')}`]]) {
    const r = await raw(head(lines));
    assert.equal(r.status, 431, `no 431 for ${lines.length} header lines: ${r.text.slice(0, 200)}`);
    assert.ok(r.ms < PROMPT_MS);
    await assertAlive();
  }
  // Over the limit (16 KiB) but readable: the API's own answer, in its JSON.
  const large = await raw(head([`X-Large: ${'a'.repeat(20000)}`]));
  assert.equal(large.status, 431, large.text.slice(0, 200));
  assert.equal(large.body.error.code, 'headers.too_large');
  assert.match(large.body.error.message, ARABIC);
  const within = await raw(head([`X-Large: ${'a'.repeat(15000)}`]));
  assert.equal(within.status, 200, 'a 15 KB header is within the limit');
  await assertAlive();
});
