'use strict';
// The systemd unit that ships in scripts/ (docs/deployment.md): `systemd-analyze verify` finds nothing wrong with it
// (run on a copy that names the binary under test), and it keeps its sandbox: the server's own user, no new
// privileges, a read-only system but for the database's folder, no other capabilities than binding a low port and
// changing user.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { test } = require('node:test');
const { bin, repoRoot } = require('./lib/server');

const unitPath = path.join(repoRoot, 'scripts', 'takamul.service');

test('systemd-analyze verify passes the unit', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takamul-unit-'));
  try {
    const copy = path.join(dir, 'takamul.service');
    fs.writeFileSync(copy, fs.readFileSync(unitPath, 'utf8').replaceAll('/usr/local/bin/takamul', bin));
    const r = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
    assert.equal(r.error, undefined, 'systemd-analyze is installed (scripts/install-deps.sh test)');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stderr.trim(), '', `warnings: ${r.stderr}`);
    // the check can fail: a misspelt directive is reported
    fs.writeFileSync(copy, fs.readFileSync(copy, 'utf8').replace('NoNewPrivileges=yes', 'NoNewPriviledges=yes'));
    const bad = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
    assert.match(bad.stderr, /NoNewPriviledges/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the unit runs the server as its own user in a sandbox', () => {
  const unit = fs.readFileSync(unitPath, 'utf8');
  const value = (name) => (unit.match(new RegExp(`^${name}=(.*)$`, 'm')) || [])[1];
  assert.match(value('ExecStart'), /^\/usr\/local\/bin\/takamul serve .*--user takamul\b/);
  for (const [name, expected] of [['NoNewPrivileges', 'yes'], ['ProtectSystem', 'strict'], ['ReadWritePaths', '/var/lib/takamul'],
    ['PrivateTmp', 'yes'], ['PrivateDevices', 'yes'], ['ProtectHome', 'yes'], ['MemoryDenyWriteExecute', 'yes'],
    ['CapabilityBoundingSet', 'CAP_NET_BIND_SERVICE CAP_SETUID CAP_SETGID'], ['RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX']]) {
    assert.equal(value(name), expected, name);
  }
});
