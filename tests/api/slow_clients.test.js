'use strict';
// Slow clients (docs/security.md, "HTTP"): a request's head and its body must each arrive within their time
// (`header_timeout_seconds`, `body_timeout_seconds`, here 2 s), however steadily they trickle in; the idle timeout,
// started again by every byte, does not stop a client sending a byte every half second. Connections over time are
// closed while other clients go on being answered, and an address whose every connection was taken by such clients
// is served again once their time is up.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer, sleep } = require('./lib/server');
const { rawRequest, trickle } = require('./lib/client');

const LIMIT_S = 2;
// Closed no sooner than the limit allows, and soon after it (the watchdog looks ten times a second; the slack is for
// a loaded machine and a sanitizer build).
const EARLIEST_MS = LIMIT_S * 1000 - 300;
const LATEST_MS = LIMIT_S * 1000 + 4000;
const PER_ADDRESS = 16;

let srv;

before(async () => {
  srv = await startServer({
    extraArgs: ['--set', `header_timeout_seconds=${LIMIT_S}`, '--set', `body_timeout_seconds=${LIMIT_S}`,
      '--set', 'idle_timeout_seconds=30', '--set', `max_connections_per_ip=${PER_ADDRESS}`],
  });
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

/** One request on a connection of its own (no connection kept between requests). */
const health = () => rawRequest(srv.base, { method: 'GET', path: '/api/v1/health' });

/** Asks for /health every 200 ms until stop() is called; stop() resolves the statuses seen. */
function steadyClient() {
  const statuses = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await health();
      statuses.push(r.status || String(r.error && r.error.code));
      await sleep(200);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return statuses;
  };
}

function assertClosedInTime(result, what) {
  assert.ok(!result.timedOut, `${what}: still open after ${Math.round(result.ms)} ms`);
  assert.ok(result.ms >= EARLIEST_MS, `${what}: closed after ${Math.round(result.ms)} ms, before its time`);
  assert.ok(result.ms <= LATEST_MS, `${what}: closed only after ${Math.round(result.ms)} ms`);
}

test('a request head trickled a byte every half second is closed when its time is up; others are answered meanwhile', async () => {
  const stop = steadyClient();
  const slow = trickle(srv.base, { slowly: `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`, intervalMs: 500 });
  const result = await slow.closed;
  const statuses = await stop();
  assertClosedInTime(result, 'trickled head');
  assert.equal(result.text, '', 'the trickled head got an answer');
  assert.ok(result.sent >= 3, `only ${result.sent} bytes were sent`);
  assert.ok(statuses.length >= 5, `the steady client was answered ${statuses.length} times`);
  assert.deepEqual([...new Set(statuses)], [200], `the steady client got ${statuses}`);
});

test('a body trickled a byte every half second is closed when its time is up', async () => {
  const stop = steadyClient();
  const body = JSON.stringify({ username: 'caseworker', password: 'x'.repeat(200) });
  const slow = trickle(srv.base, {
    first: `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    slowly: body,
    intervalMs: 500,
  });
  const result = await slow.closed;
  const statuses = await stop();
  assertClosedInTime(result, 'trickled body');
  assert.equal(result.text, '');
  assert.deepEqual([...new Set(statuses)], [200], `the steady client got ${statuses}`);
});

test('a connection that sends nothing, or nothing more after its answer, is closed after the head\'s time', async () => {
  assertClosedInTime(await trickle(srv.base, {}).closed, 'silent connection');
  // Kept alive after an answer: the next request's head has the same time, counted from the answer.
  const kept = trickle(srv.base, { first: 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n' });
  const result = await kept.closed;
  assert.match(result.text, /^HTTP\/1\.1 200 /);
  assertClosedInTime(result, 'connection kept alive after its answer');
});

test('a slow but steady client within the limits is answered', async () => {
  const head = 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
  // A byte every 20 ms: the head takes about 1.2 s of its 2.
  const slow = trickle(srv.base, { slowly: head, intervalMs: 20 });
  const result = await slow.closed;
  assert.match(result.text, /^HTTP\/1\.1 200 /, `answer: ${result.text.slice(0, 100)}`);
});

test('an address whose every connection is held by slow clients is served again once their time is up', async () => {
  const started = performance.now();
  const slow = Array.from({ length: PER_ADDRESS }, () =>
    trickle(srv.base, { slowly: `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`, intervalMs: 500 }));
  await Promise.all(slow.map((s) => s.connected));
  await sleep(200);
  // Every connection this address may have is taken: another one is turned away.
  const locked = await health();
  assert.ok(locked.error || locked.status !== 200, `a request was answered ${locked.status} beside ${PER_ADDRESS} held connections`);
  // Once the slow ones are closed, the address is served again.
  let served = null;
  while (performance.now() - started < LIMIT_S * 1000 + 6000) {
    const r = await health();
    if (r.status === 200) {
      served = performance.now() - started;
      break;
    }
    await sleep(100);
  }
  assert.ok(served !== null, 'the address was not served again');
  assert.ok(served >= EARLIEST_MS, `served again after ${Math.round(served)} ms, while the slow clients were still to be closed`);
  for (const s of slow) assertClosedInTime(await s.closed, 'slow client holding a connection');
});

test('a connection on which no request begins is closed at its time without a warning; a trickled request line is warned of', async () => {
  const warnings = () => srv.log().split('took longer than allowed').length - 1;
  await sleep(300); // the log lines of the tests before have come through
  const before = warnings();
  // opened and left silent (as a browser's spare connection), and kept open after an answer
  const silent = trickle(srv.base, {});
  const kept = trickle(srv.base, { first: 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n' });
  const [s, k] = await Promise.all([silent.closed, kept.closed]);
  assertClosedInTime(s, 'silent connection');
  assert.equal(s.text, '');
  assert.match(k.text, /^HTTP\/1\.1 200/, 'the kept connection was answered first');
  assert.ok(!k.timedOut, 'the kept connection was closed');
  await sleep(300);
  assert.equal(warnings(), before, `idle connections were warned of:\n${srv.log().slice(-2000)}`);
  assert.match(srv.log(), /closed 1 connection\(s\) opened without a request in time/);
  // the request line itself trickled in, or a part of it sent at once and no more: a slow client, however few of
  // its bytes came
  const line = trickle(srv.base, { slowly: 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n', intervalMs: 500 });
  const l = await line.closed;
  assertClosedInTime(l, 'trickled request line');
  assert.equal(l.text, '');
  await sleep(300);
  assert.equal(warnings(), before + 1, `the trickled request line was not warned of:\n${srv.log().slice(-2000)}`);
  const part = trickle(srv.base, { first: 'GET /api' });
  const p = await part.closed;
  assertClosedInTime(p, 'part of a request line');
  await sleep(300);
  assert.equal(warnings(), before + 2, `the part of a request line was not warned of:\n${srv.log().slice(-2000)}`);
});
