'use strict';
// /metrics (docs/operations.md "Metrics"): Prometheus text format 0.0.4, served on its own address
// (--metrics-listen) or on the main port only to the bearer of the token of --metrics-token-file; 404 otherwise. The
// text parses; the counters grow with requests; the labels hold route patterns, never a request's ids or names.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { startServer, freePort, cli } = require('./lib/server');
const { client, demoPassword } = require('./lib/client');

const TOKEN = 'metrics-token-7f3c2a9e1b5d4c60';

let srv;
let api;
let metricsBase;

before(async () => {
  const port = await freePort();
  metricsBase = `http://127.0.0.1:${port}`;
  srv = await startServer({ extraArgs: ['--metrics-listen', `127.0.0.1:${port}`] });
  api = client(srv.base);
});

after(async () => {
  if (srv) {
    await srv.stop();
    srv.cleanup();
  }
});

/**
 * Parses the exposition format: # HELP and # TYPE lines, then samples `name{label="value",...} number`. Asserts what
 * the format requires (one TYPE per family before its samples, known types, well-formed names, labels and values,
 * histogram buckets cumulative with +Inf equal to _count). Returns {types, samples: [{name, labels, value}]}.
 */
function parseMetrics(text) {
  assert.ok(text.endsWith('\n'), 'the text ends with a line feed');
  const types = new Map();
  const helps = new Map();
  const samples = [];
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) ([^ ]+) (.+)$/.exec(line);
      assert.ok(m, `a comment line that is neither HELP nor TYPE: ${line}`);
      assert.match(m[2], name);
      if (m[1] === 'TYPE') {
        assert.ok(['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(m[3]), line);
        assert.ok(!types.has(m[2]), `TYPE twice for ${m[2]}`);
        types.set(m[2], m[3]);
      } else helps.set(m[2], m[3]);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ([^ ]+)$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels = {};
    if (m[3] !== undefined && m[3] !== '') {
      const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/y;
      let at = 0;
      while (at < m[3].length) {
        label.lastIndex = at;
        const l = label.exec(m[3]);
        assert.ok(l, `bad labels in ${line}`);
        assert.ok(!(l[1] in labels), `label ${l[1]} twice in ${line}`);
        labels[l[1]] = l[2];
        at = label.lastIndex;
      }
    }
    const value = Number(m[4] === '+Inf' ? Infinity : m[4]);
    assert.ok(!Number.isNaN(value), `not a number: ${line}`);
    const family = m[1].replace(/_(bucket|sum|count)$/, '');
    const type = types.get(m[1]) || (types.get(family) === 'histogram' ? 'histogram' : undefined);
    assert.ok(type, `a sample before (or without) its TYPE: ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  for (const [family, type] of types) {
    assert.ok(helps.has(family), `no HELP for ${family}`);
    if (type !== 'histogram') continue;
    const series = new Map();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      if (!series.has(key)) series.set(key, []);
      series.get(key).push({ le: le === '+Inf' ? Infinity : Number(le), value: s.value });
    }
    for (const [key, buckets] of series) {
      for (let i = 1; i < buckets.length; i++) {
        assert.ok(buckets[i].le > buckets[i - 1].le, `${family} ${key}: bounds not increasing`);
        assert.ok(buckets[i].value >= buckets[i - 1].value, `${family} ${key}: buckets not cumulative`);
      }
      assert.equal(buckets.at(-1).le, Infinity, `${family} ${key}: no +Inf bucket`);
      const count = samples.find((x) => x.name === `${family}_count` && JSON.stringify(x.labels) === key);
      assert.ok(count, `${family} ${key}: no _count`);
      assert.equal(count.value, buckets.at(-1).value, `${family} ${key}: +Inf differs from _count`);
      assert.ok(samples.find((x) => x.name === `${family}_sum` && JSON.stringify(x.labels) === key), 'no _sum');
    }
  }
  return { types, samples };
}

async function scrape(base = metricsBase, headers = {}) {
  const res = await fetch(`${base}/metrics`, { headers, signal: AbortSignal.timeout(10000) });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return { text, ...parseMetrics(text) };
}

const value = (m, name, labels = {}) =>
  m.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

test('the metrics address serves Prometheus text that parses, with every documented family', async () => {
  const m = await scrape();
  assert.equal(m.types.get('takamul_http_requests_total'), 'counter');
  assert.equal(m.types.get('takamul_http_request_duration_seconds'), 'histogram');
  for (const g of ['takamul_http_requests_in_flight', 'takamul_audit_queue_rows', 'takamul_db_connections_open',
    'takamul_db_connections_in_use', 'takamul_person_index_persons', 'takamul_person_index_bytes',
    'process_start_time_seconds']) {
    assert.equal(m.types.get(g), 'gauge', g);
    assert.equal(m.samples.filter((s) => s.name === g).length, 1, g);
  }
  for (const c of ['takamul_http_connections_closed_slow_total', 'takamul_http_connections_closed_idle_total']) {
    assert.equal(m.types.get(c), 'counter', c);
    assert.equal(m.samples.filter((s) => s.name === c).length, 1, c);
  }
  // the demo's persons, loaded in the index; the health checks of the start-up counted already
  assert.ok(value(m, 'takamul_person_index_persons') > 10, m.text);
  assert.ok(value(m, 'takamul_person_index_bytes') > 10000, m.text);
  assert.ok(value(m, 'takamul_db_connections_open') >= 1, m.text);
  const started = value(m, 'process_start_time_seconds');
  assert.ok(Math.abs(started - Date.now() / 1000) < 600, `start time ${started}`);
  assert.ok(value(m, 'takamul_http_requests_total', { route: '/api/v1/health', code: '200' }) >= 1, m.text);
  // nothing else on that address
  for (const [method, p] of [['GET', '/'], ['GET', '/api/v1/health'], ['POST', '/metrics'], ['GET', '/metrics/x']]) {
    const res = await fetch(`${metricsBase}${p}`, { method, signal: AbortSignal.timeout(10000) });
    await res.arrayBuffer();
    assert.equal(res.status, 404, `${method} ${p}`);
  }
});

test('the counters and the histogram grow with requests, by route pattern and status code', async () => {
  const before = await scrape();
  const caseworker = await api.loginAs('caseworker');
  for (let i = 0; i < 3; i++) assert.equal((await api.request('GET', '/api/v1/health')).status, 200);
  const missing = await api.request('GET', '/api/v1/cases/987654321', caseworker);
  assert.equal(missing.status, 404, missing.text);
  const unauthenticated = await api.request('GET', '/api/v1/cases/987654322');
  assert.equal(unauthenticated.status, 401);
  const search = await api.request('GET', `/api/v1/persons/search?q=${encodeURIComponent('زينب الخوالدة')}`, caseworker);
  assert.equal(search.status, 200, search.text);
  const page = await fetch(`${srv.base}/`);
  await page.arrayBuffer();
  const unknown = await api.request('GET', '/api/v1/no-such-thing/55555');
  assert.equal(unknown.status, 404);
  const after = await scrape();

  const grew = (labels, by) =>
    assert.ok(value(after, 'takamul_http_requests_total', labels) - value(before, 'takamul_http_requests_total', labels) >= by,
      `${JSON.stringify(labels)} did not grow by ${by}\n${after.text}`);
  grew({ method: 'GET', route: '/api/v1/health', code: '200' }, 3);
  grew({ method: 'GET', route: '/api/v1/cases/{id}', code: '404' }, 1);
  grew({ method: 'GET', route: '/api/v1/cases/{id}', code: '401' }, 1);
  grew({ method: 'POST', route: '/api/v1/session', code: '200' }, 1);
  grew({ method: 'GET', route: '/api/v1/persons/search', code: '200' }, 1);
  grew({ route: 'web', code: '200' }, 1);
  grew({ route: 'unmatched', code: '404' }, 1);
  const count = (m) => value(m, 'takamul_http_request_duration_seconds_count', { route: '/api/v1/health' });
  assert.ok(count(after) - count(before) >= 3);
  const sum = (m) => value(m, 'takamul_http_request_duration_seconds_sum', { route: '/api/v1/persons/search' });
  assert.ok(sum(after) > sum(before), 'the search took some time');

  // the labels are patterns: no id, no name, no query of a request
  for (const secret of ['987654321', '987654322', '55555', 'زينب', encodeURIComponent('زينب'), 'no-such-thing', 'q=']) {
    assert.ok(!after.text.includes(secret), `${secret} appears in the metrics`);
  }
  for (const s of after.samples) {
    if (s.labels.route === undefined) continue;
    assert.match(s.labels.route, /^(web|unmatched|\/api\/v1(\/([a-z0-9-]+|\{id\}|\{name\}))+)$/, s.labels.route);
    assert.match(s.labels.method, /^(GET|POST|PUT|PATCH|DELETE|)$/);
    if (s.labels.code !== undefined) assert.match(s.labels.code, /^[1-5]\d\d$/);
  }
});

test('without a metrics address or token, /metrics is 404 on the main port', async () => {
  for (const headers of [{}, { Authorization: `Bearer ${TOKEN}` }]) {
    const r = await api.request('GET', '/metrics', { headers });
    assert.equal(r.status, 404, r.text);
    assert.ok(!r.text.includes('takamul_http_requests_total'));
  }
});

test('with --metrics-token-file, the main port serves /metrics only to the bearer of the token', async () => {
  await srv.stop();
  const { db, dir } = srv;
  const tokenFile = path.join(dir, 'metrics.token');
  fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  srv = await startServer({ db, dir, extraArgs: ['--metrics-token-file', tokenFile] });
  api = client(srv.base);
  const refused = [{}, { Authorization: 'Bearer wrong-token-0000000000' }, { Authorization: `Bearer ${TOKEN}x` },
    { Authorization: TOKEN }, { Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }];
  for (const headers of refused) {
    const r = await api.request('GET', '/metrics', { headers });
    assert.equal(r.status, 404, JSON.stringify(headers));
    assert.ok(!r.text.includes('takamul_http_requests_total'));
  }
  const post = await api.request('POST', '/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.notEqual(post.status, 200);
  const m = await scrape(srv.base, { Authorization: `Bearer ${TOKEN}` });
  assert.ok(value(m, 'takamul_http_requests_total', { route: '/api/v1/health' }) >= 1);
  // a scrape is not itself counted
  assert.ok(!m.text.includes('metrics"'), m.text);
  // a signed-in session does not open it either
  const admin = await api.loginAs('admin');
  const r = await api.request('GET', '/metrics', admin);
  assert.equal(r.status, 404);
});

test('a token file that is missing or too short, or a bad metrics address, is refused at start', () => {
  const short = path.join(srv.dir, 'short.token');
  fs.writeFileSync(short, 'abc\n');
  for (const args of [['--metrics-token-file', short], ['--metrics-token-file', path.join(srv.dir, 'absent')],
    ['--metrics-listen', 'nowhere'], ['--metrics-listen', '127.0.0.1:99999']]) {
    const r = cli(['serve', '--db', srv.db, '--listen', '127.0.0.1:0', ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /--metrics-/);
  }
});
