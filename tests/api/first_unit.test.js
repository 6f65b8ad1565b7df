'use strict';
// A new database holds no unit, and every user belongs to one: `takamul unit add` makes the first administrator's
// unit from the command line (docs/deployment.md), `takamul unit list` shows the units, and `user add` with a unit
// that does not exist says what to do. Then the administrator signs in. Every name here is synthetic.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, after } = require('node:test');
const { cli, makeTempDir, startServer } = require('./lib/server');
const { client } = require('./lib/client');
const pg = require('./lib/pg');

const dir = makeTempDir();
const db = pg.onPostgres() ? pg.newDatabase(dir) : path.join(dir, 'takamul.db');
let srv;

after(async () => {
  if (srv) await srv.stop();
  if (pg.onPostgres()) pg.dropDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the first unit and administrator of a new database, from the command line', async () => {
  let r = cli(['init', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  const password = 'First-Admin-Password-77q';
  const addAdmin = () => cli(['user', 'add', '--db', db, 'head_admin', '--unit', 'MOSD-HQ', '--roles', 'admin',
    '--name', 'ريما عادل الحديد', '--sex', 'female', '--password-stdin'], { input: `${password}\n` });
  r = addAdmin();
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /there is no unit MOSD-HQ: make it first \(takamul unit add/);

  // refused, and nothing added: a headquarters without its agency, a type not on the list, a governorate not on it
  r = cli(['unit', 'add', '--db', db, 'MOSD-HQ', '--type', 'headquarters', '--name', 'الإدارة المركزية']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /needs --agency \(mosd or psd\)/);
  r = cli(['unit', 'add', '--db', db, 'MOSD-HQ', '--type', 'head_office', '--agency', 'mosd', '--name', 'الإدارة المركزية']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /type: field\.invalid/);
  r = cli(['unit', 'add', '--db', db, 'FPD-X', '--type', 'fjpd_office', '--governorate', 'atlantis', '--name', 'قسم']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /governorate: field\.invalid/);
  assert.equal(cli(['unit', 'list', '--db', db]).stdout, '');

  r = cli(['unit', 'add', '--db', db, 'MOSD-HQ', '--type', 'headquarters', '--agency', 'mosd', '--name', 'الإدارة المركزية',
    '--name-en', 'Headquarters']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /unit MOSD-HQ added \(headquarters, mosd\)/);
  // a type of one agency gives it
  r = cli(['unit', 'add', '--db', db, 'FPD-IRB', '--type', 'fjpd_office', '--governorate', 'irbid', '--name', 'حماية الأسرة إربد']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\(fjpd_office, psd\)/);
  r = cli(['unit', 'add', '--db', db, 'FPD-IRB', '--type', 'fjpd_office', '--name', 'مكرر']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /conflict\.exists/);
  const listed = cli(['unit', 'list', '--db', db]).stdout.trim().split('\n');
  assert.equal(listed.length, 2, listed.join('\n'));
  assert.match(listed.join('\n'), /MOSD-HQ +headquarters +mosd +active/);
  assert.match(listed.join('\n'), /FPD-IRB +fjpd_office +psd +active +irbid/);

  r = addAdmin();
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer({ db, dir });
  const api = client(srv.base);
  const session = await api.request('POST', '/api/v1/session', { body: { username: 'head_admin', password } });
  assert.equal(session.status, 200, session.text);
  assert.equal(session.body.user.unit.code, 'MOSD-HQ');
});
