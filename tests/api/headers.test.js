'use strict';
// Security headers on API answers, on the web shell (index.html and its assets) and on error answers.

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { startServer } = require('./lib/server');
const { client } = require('./lib/client');

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

/** Parses a CSP header into a Map of directive → array of sources. */
function parseCsp(value) {
  const map = new Map();
  for (const part of value.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

function assertSecurityHeaders(res, what) {
  const h = res.headers;
  const csp = h.get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy`);
  const d = parseCsp(csp);
  assert.deepEqual(d.get('frame-ancestors'), ["'none'"], `${what}: frame-ancestors is not 'none': ${csp}`);
  assert.deepEqual(d.get('script-src'), ["'self'"], `${what}: script-src is not 'self': ${csp}`);
  assert.ok(d.has('default-src'), `${what}: no default-src: ${csp}`);
  assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes/.test(csp), `${what}: CSP allows unsafe sources: ${csp}`);
  assert.ok(!/(^|\s)\*(\s|;|$)/.test(csp), `${what}: CSP has a wildcard source: ${csp}`);
  assert.deepEqual(d.get('base-uri'), ["'none'"], `${what}: base-uri is not 'none': ${csp}`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(h.get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
  assert.equal(h.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  assert.equal(h.get('cross-origin-opener-policy'), 'same-origin', `${what}: Cross-Origin-Opener-Policy`);
  assert.equal(h.get('strict-transport-security'), null, `${what}: HSTS sent over plain http`);
}

function assertNoStore(res, what) {
  const cc = res.headers.get('cache-control') || '';
  assert.ok(/(^|,)\s*no-store\s*(,|$)/i.test(cc), `${what}: Cache-Control is "${cc}", not no-store`);
}

test('an API answer (GET /api/v1/health) carries the security headers and no-store', async () => {
  const r = await api.request('GET', '/api/v1/health');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'ok');
  assert.equal(typeof r.body.version, 'string');
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assertSecurityHeaders(r, 'health');
  assertNoStore(r, 'health');
});

test('an authenticated API answer (GET /api/v1/me) carries the security headers and no-store', async () => {
  const s = await api.loginAs('caseworker');
  const r = await api.request('GET', '/api/v1/me', s);
  assert.equal(r.status, 200, r.text);
  assertSecurityHeaders(r, '/me');
  assertNoStore(r, '/me');
});

test('the login answer carries the security headers and no-store', async () => {
  const r = await api.tryLogin('caseworker', 'takamul-demo-caseworker');
  assert.equal(r.status, 200, r.text);
  assertSecurityHeaders(r, 'login');
  assertNoStore(r, 'login');
});

test('index.html carries the security headers', async () => {
  const r = await api.request('GET', '/');
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.match(r.headers.get('content-type') || '', /^text\/html/);
  assertSecurityHeaders(r, 'index.html');
});

test('index.html has no inline script or inline event handler that the CSP would block', async () => {
  const r = await api.request('GET', '/');
  assert.equal(r.status, 200);
  for (const m of r.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(m[1], /\bsrc\s*=/i, `inline <script> in index.html: ${m[0].slice(0, 120)}`);
    assert.equal(m[2].trim(), '', 'script with src also has inline content');
  }
  assert.ok(!/\son[a-z]+\s*=/i.test(r.text), 'inline event handler attribute in index.html');
  assert.ok(!/javascript:/i.test(r.text), 'javascript: URL in index.html');
});

test('scripts and styles referenced by index.html are served with the right type and headers', async () => {
  const r = await api.request('GET', '/');
  assert.equal(r.status, 200);
  const scripts = [...r.text.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]);
  const styles = [...r.text.matchAll(/<link\b[^>]*\bhref\s*=\s*["']([^"']+\.css)["']/gi)].map((m) => m[1]);
  assert.ok(scripts.length > 0, 'index.html references no script');
  for (const [list, type] of [[scripts, /^(text|application)\/javascript/], [styles, /^text\/css/]]) {
    for (const ref of list) {
      const path = new URL(ref, `${srv.base}/`).pathname;
      const a = await api.request('GET', path);
      assert.equal(a.status, 200, `${path}: ${a.status}`);
      assert.match(a.headers.get('content-type') || '', type, `${path} served as ${a.headers.get('content-type')}`);
      assert.equal(a.headers.get('x-content-type-options'), 'nosniff', `${path}: X-Content-Type-Options`);
    }
  }
});

test('an API 404 is not_found JSON and carries the security headers and no-store', async () => {
  const r = await api.request('GET', '/api/v1/no-such-resource');
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body && r.body.error && r.body.error.code, 'not_found', r.text);
  assertSecurityHeaders(r, 'API 404');
  assertNoStore(r, 'API 404');
});

test('a missing web file carries the security headers', async () => {
  const r = await api.request('GET', '/no-such-dir/no-such-file.png');
  assert.ok(r.status === 404 || r.status === 200, `unexpected status ${r.status}`);
  assertSecurityHeaders(r, 'missing web file');
});

test('401, 403 and 405 answers carry the security headers and no-store', async () => {
  const unauth = await api.request('GET', '/api/v1/users');
  assert.equal(unauth.status, 401, unauth.text);
  assertSecurityHeaders(unauth, '401');
  assertNoStore(unauth, '401');
  const s = await api.loginAs('caseworker');
  const forbidden = await api.request('GET', '/api/v1/users', s);
  assert.equal(forbidden.status, 403, forbidden.text);
  assertSecurityHeaders(forbidden, '403');
  assertNoStore(forbidden, '403');
  const wrongMethod = await api.request('PATCH', '/api/v1/health', { body: {} });
  assert.equal(wrongMethod.status, 405, wrongMethod.text);
  assertSecurityHeaders(wrongMethod, '405');
  assertNoStore(wrongMethod, '405');
});
