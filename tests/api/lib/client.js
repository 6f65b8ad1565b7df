'use strict';
// Small HTTP client for the API tests: JSON requests with cookie, CSRF or bearer authentication, and login helpers.

const assert = require('node:assert/strict');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');

const DEMO_USERS = ['admin', 'auditor', 'caseworker', 'monitor', 'officer', 'supervisor', 'manager', 'committee'];

/** The demo password of a demo user. */
const demoPassword = (username) => `takamul-demo-${username}`;

let uniqueCounter = 0;
/** A fresh user name (a–z 0–9 . _ -, at most 32 characters) starting with prefix. */
function uniqueName(prefix) {
  uniqueCounter += 1;
  const suffix = `${process.pid.toString(36)}${uniqueCounter}${Math.random().toString(36).slice(2, 6)}`;
  return `${prefix}-${suffix}`.toLowerCase().slice(0, 32);
}

/** Parses one Set-Cookie header into {name, value, attrs} with lower-case attribute names. */
function parseSetCookie(header) {
  const [pair, ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attrs = {};
  for (const part of rest) {
    const p = part.trim();
    if (!p) continue;
    const i = p.indexOf('=');
    if (i < 0) attrs[p.toLowerCase()] = true;
    else attrs[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

/** True when a Set-Cookie clears the cookie (empty value, Max-Age=0 or an Expires in the past). */
function clearsCookie(c) {
  if (c.value === '' || c.value === '""') return true;
  if (c.attrs['max-age'] !== undefined && Number(c.attrs['max-age']) <= 0) return true;
  if (c.attrs.expires && Date.parse(c.attrs.expires) < Date.now()) return true;
  return false;
}

/** A client bound to base (e.g. http://127.0.0.1:1234). */
function client(base) {
  /**
   * Sends one request. opts: body (JSON-encoded), rawBody (string or Buffer, sent as is), cookie, csrf, bearer,
   * headers, timeout. A Content-Type of application/json is added for bodies unless headers name one.
   * Returns {status, headers, body (parsed JSON or null), text, setCookies (parsed), ms}.
   */
  async function request(method, path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    const named = (n) => Object.keys(headers).some((k) => k.toLowerCase() === n);
    let body;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !named('content-type')) headers['Content-Type'] = 'application/json';
    if (opts.cookie) headers.Cookie = opts.cookie;
    if (opts.csrf) headers['X-CSRF-Token'] = opts.csrf;
    if (opts.bearer) headers.Authorization = `Bearer ${opts.bearer}`;
    const started = performance.now();
    const send = () => fetch(base + path, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeout || 20000),
    });
    let res;
    try {
      res = await send();
    } catch (e) {
      // A kept-alive connection the server closed while this process could not see it (a long synchronous command
      // such as an import: the server gives an idle connection header_timeout_seconds for its next request) fails
      // when reused. A browser sends an idempotent request again on a new connection; so does this client, once.
      const code = e.cause && e.cause.code;
      if (!['GET', 'HEAD'].includes(method) || !['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(code)) throw e;
      res = await send();
    }
    const buf = Buffer.from(await res.arrayBuffer());
    const ms = performance.now() - started;
    const text = buf.toString('utf8');
    let json = null;
    if ((res.headers.get('content-type') || '').includes('json') && text.length) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    return { status: res.status, headers: res.headers, body: json, text, setCookies: res.headers.getSetCookie().map(parseSetCookie), ms };
  }

  /**
   * Attempts a login; never throws on a refused login. opts.device: a takamul_device cookie value to send; opts.code:
   * the second factor's code.
   * Returns the response plus cookie (the Cookie header a browser would send next), csrf and device.
   */
  async function tryLogin(username, password, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    const res = await request('POST', '/api/v1/session', {
      body: { username, password, ...(opts.code !== undefined ? { code: opts.code } : {}) },
      cookie: opts.device ? `takamul_device=${opts.device}` : undefined,
      headers,
    });
    const jar = new Map();
    if (opts.device) jar.set('takamul_device', opts.device);
    for (const c of res.setCookies) {
      if (clearsCookie(c)) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    return {
      ...res,
      cookie,
      csrf: res.body && res.body.csrf_token,
      device: jar.get('takamul_device'),
      session: jar.get('takamul_session'),
    };
  }

  /** Logs in and asserts 200; returns {cookie, csrf, device, user, setCookies}. */
  async function login(username, password) {
    const r = await tryLogin(username, password);
    assert.equal(r.status, 200, `login ${username} failed: ${r.status} ${r.text}`);
    assert.ok(r.session, `login ${username} set no takamul_session cookie`);
    return { cookie: r.cookie, csrf: r.csrf, device: r.device, user: r.body.user, setCookies: r.setCookies };
  }

  /** Logs in as a demo user with the demo password. */
  const loginAs = (username) => login(username, demoPassword(username));

  /** Lists the units as the given admin session and returns the items. */
  async function listUnits(admin) {
    const r = await request('GET', '/api/v1/units?limit=200', admin);
    assert.equal(r.status, 200, `GET /units: ${r.status} ${r.text}`);
    return r.body.items;
  }

  /**
   * Creates a user through the admin API and asserts 201. fields may override username, full_name, unit_id, roles,
   * password. The password an administrator sets is one-time: unless opts.oneTime, the new user then signs in once
   * and chooses their own (and signs out), as a real user must before doing anything else. Returns {user (as it is
   * now), username, password (the one that works now), firstPassword}.
   */
  async function createUser(admin, fields = {}, opts = {}) {
    let unitId = fields.unit_id;
    if (unitId === undefined) unitId = (await listUnits(admin))[0].id;
    const body = {
      username: uniqueName('u'),
      full_name: 'مستخدم الاختبار',
      roles: ['caseworker'],
      password: `Test-Pass-${Math.random().toString(36).slice(2, 10)}-x`,
      ...fields,
      unit_id: unitId,
    };
    const r = await request('POST', '/api/v1/users', { ...admin, body });
    assert.equal(r.status, 201, `POST /users: ${r.status} ${r.text}`);
    if (opts.oneTime || !r.body.must_change_password) {
      return { user: r.body, username: body.username, password: body.password, firstPassword: body.password };
    }
    const password = await replaceOneTimePassword(body.username, body.password);
    const now = await request('GET', `/api/v1/users/${r.body.id}`, admin);
    assert.equal(now.status, 200, `GET /users/${r.body.id}: ${now.status} ${now.text}`);
    return { user: now.body, username: body.username, password, firstPassword: body.password };
  }

  /** Signs in with a one-time password, chooses a new one, signs out; returns the new password. */
  async function replaceOneTimePassword(username, oneTime) {
    const s = await login(username, oneTime);
    const password = `Own-Choice-${Math.random().toString(36).slice(2, 10)}-y`;
    const changed = await request('PUT', '/api/v1/me/password', { ...s, body: { current_password: oneTime, new_password: password } });
    assert.equal(changed.status, 204, `PUT /me/password: ${changed.status} ${changed.text}`);
    const out = await request('DELETE', '/api/v1/session', s);
    assert.equal(out.status, 204, `DELETE /session: ${out.status} ${out.text}`);
    return password;
  }

  /** Finds users whose user name is exactly username, through GET /users?q= as the admin session. */
  async function findUsers(admin, username) {
    const r = await request('GET', `/api/v1/users?q=${encodeURIComponent(username)}&limit=200`, admin);
    assert.equal(r.status, 200, `GET /users?q=: ${r.status} ${r.text}`);
    return r.body.items.filter((u) => u.username === username);
  }

  /** Reads every page of a list endpoint; returns all items. */
  async function listAll(path, auth, maxPages = 100) {
    const items = [];
    let cursor = null;
    for (let i = 0; i < maxPages; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const r = await request('GET', `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, auth);
      assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`);
      items.push(...r.body.items);
      cursor = r.body.next_cursor;
      if (!cursor) return items;
    }
    throw new Error(`${path}: more than ${maxPages} pages`);
  }

  return { base, request, tryLogin, login, loginAs, listUnits, createUser, replaceOneTimePassword, findUsers, listAll };
}

/**
 * Sends one request with node:http, for cases fetch handles badly (the server answering before the body is read).
 * opts: method, path, headers, body (Buffer/string), chunks (array of Buffers sent with chunked encoding), ca (PEM
 * to trust for https).
 * Resolves {status, headers, text} or {error} when the connection failed before any answer.
 */
function rawRequest(base, { method = 'POST', path, headers = {}, body, chunks, ca }) {
  const url = new URL(path, base);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (v) => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    const req = transport.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: false, ca },
      (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => done({ status: res.statusCode, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }));
        res.on('error', () => done({ status: res.statusCode, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }));
      },
    );
    req.setTimeout(20000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => setTimeout(() => done({ error }), 50));
    if (chunks) {
      (async () => {
        for (const c of chunks) {
          if (settled || req.destroyed) break;
          if (!req.write(c)) await new Promise((r) => req.once('drain', r).once('close', r));
        }
        req.end();
      })();
    } else {
      req.end(body);
    }
  });
}

/** Sends raw bytes over a TCP socket and collects what comes back until close; resolves {text, error}. */
function rawSocket(base, bytes, timeoutMs = 10000) {
  const url = new URL(base);
  return new Promise((resolve) => {
    const parts = [];
    let error = null;
    const sock = net.connect({ host: url.hostname, port: Number(url.port) });
    sock.setTimeout(timeoutMs, () => {
      error = new Error('timeout');
      sock.destroy();
    });
    sock.on('connect', () => sock.end(bytes));
    sock.on('data', (d) => parts.push(d));
    sock.on('error', (e) => {
      error = e;
    });
    sock.on('close', () => resolve({ text: Buffer.concat(parts).toString('latin1'), error }));
  });
}

/**
 * A slow client: opens a TCP connection, writes `first` at once, then the bytes of `slowly` one at a time every
 * intervalMs (a slowloris). Returns {connected, closed}: promises of the connection being made, and of its end,
 * resolved with {ms (from the connection to its end), sent (bytes of slowly written), text (what came back),
 * error}. After timeoutMs the client gives up and ends it itself ({timedOut: true}).
 */
function trickle(base, { first = '', slowly = '', intervalMs = 500, timeoutMs = 20000 } = {}) {
  const url = new URL(base);
  const sock = net.connect({ host: url.hostname, port: Number(url.port) });
  let timer;
  let connectedAt = null;
  const connected = new Promise((resolve, reject) => {
    sock.once('connect', () => {
      connectedAt = performance.now();
      resolve();
    });
    sock.once('error', reject);
  });
  connected.catch(() => {});
  const closed = new Promise((resolve) => {
    const parts = [];
    let sent = 0;
    let error = null;
    let timedOut = false;
    sock.setTimeout(timeoutMs, () => {
      timedOut = true;
      sock.destroy();
    });
    sock.on('connect', () => {
      if (first) sock.write(first);
      timer = setInterval(() => {
        if (sent < slowly.length && !sock.destroyed) sock.write(slowly[sent++]);
      }, intervalMs);
    });
    sock.on('data', (d) => parts.push(d));
    sock.on('error', (e) => {
      error = e;
    });
    sock.on('close', () => {
      clearInterval(timer);
      const ms = connectedAt === null ? 0 : performance.now() - connectedAt;
      resolve({ ms, sent, text: Buffer.concat(parts).toString('latin1'), error, timedOut });
    });
  });
  return { connected, closed };
}

/** Asserts an error response: status, error.code, and (optionally) that fields names each of fieldNames. */
function assertError(res, status, code, fieldNames = []) {
  const ctx = `${res.status} ${res.text}`;
  assert.equal(res.status, status, `expected ${status} ${code}, got ${ctx}`);
  assert.ok(res.body && res.body.error, `no error object: ${ctx}`);
  assert.equal(res.body.error.code, code, `expected code ${code}, got ${ctx}`);
  assert.equal(typeof res.body.error.message, 'string', `error.message missing: ${ctx}`);
  assert.ok(res.body.error.message.length > 0, `empty error.message: ${ctx}`);
  for (const f of fieldNames) {
    assert.ok(res.body.error.fields && res.body.error.fields[f], `error.fields does not name ${f}: ${ctx}`);
  }
}

const ARABIC = /[\u0600-\u06FF]/;

module.exports = {
  DEMO_USERS,
  demoPassword,
  uniqueName,
  parseSetCookie,
  clearsCookie,
  client,
  rawRequest,
  rawSocket,
  trickle,
  assertError,
  ARABIC,
};
