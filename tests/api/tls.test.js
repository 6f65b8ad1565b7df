'use strict';
// Served over TLS (--tls-cert/--tls-key with a throw-away self-signed certificate made by the openssl command line):
// the session and device cookies are Secure and Strict-Transport-Security is sent. Skipped without openssl.

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer, makeTempDir } = require('./lib/server');
const { rawRequest, parseSetCookie } = require('./lib/client');

const haveOpenssl = spawnSync('openssl', ['version']).status === 0;

let srv;
let certDir;
let ca;

before(async () => {
  if (!haveOpenssl) return;
  certDir = makeTempDir();
  const cert = path.join(certDir, 'cert.pem');
  const key = path.join(certDir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  ca = fs.readFileSync(cert, 'utf8');
  srv = await startServer({ tls: { cert, key, ca } });
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
  if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
});

const send = (opts) => rawRequest(srv.base, { ca, ...opts });

test('over TLS the session and device cookies are Secure, HttpOnly and SameSite=Strict', { skip: !haveOpenssl && 'no openssl' }, async () => {
  const body = JSON.stringify({ username: 'caseworker', password: 'takamul-demo-caseworker' });
  const r = await send({ path: '/api/v1/session', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, body });
  assert.ok(!r.error, String(r.error));
  assert.equal(r.status, 200, r.text);
  const cookies = [].concat(r.headers['set-cookie'] || []).map(parseSetCookie);
  for (const name of ['takamul_session', 'takamul_device']) {
    const c = cookies.find((x) => x.name === name);
    assert.ok(c, `no ${name} cookie: ${JSON.stringify(cookies)}`);
    assert.equal(c.attrs.secure, true, `${name} not Secure over TLS`);
    assert.equal(c.attrs.httponly, true, `${name} not HttpOnly`);
    assert.equal(String(c.attrs.samesite).toLowerCase(), 'strict', `${name} not SameSite=Strict`);
  }
});

test('over TLS Strict-Transport-Security is sent with the other security headers', { skip: !haveOpenssl && 'no openssl' }, async () => {
  const r = await send({ method: 'GET', path: '/api/v1/health' });
  assert.ok(!r.error, String(r.error));
  assert.equal(r.status, 200, r.text);
  const hsts = r.headers['strict-transport-security'] || '';
  const maxAge = Number((hsts.match(/max-age=(\d+)/) || [])[1]);
  assert.ok(maxAge >= 86400, `Strict-Transport-Security: "${hsts}"`);
  assert.match(r.headers['content-security-policy'] || '', /frame-ancestors 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
});
