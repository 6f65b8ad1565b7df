'use strict';
// A faked clock for the servers and commands a test starts: libfaketime (Debian's faketime package), preloaded
// through the environment they inherit. Tests that need it are skipped where the package is missing.

const fs = require('node:fs');
const path = require('node:path');

/** libfaketime's multithreaded library, where Debian's faketime package puts it; null without it. */
function libfaketime() {
  for (const dir of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']) {
    const lib = path.join(dir, 'faketime', 'libfaketimeMT.so.1');
    if (fs.existsSync(lib)) return lib;
  }
  return null;
}

const LIB = libfaketime();

/** Runs fn with the environment of a faked clock starting at utc (the servers and commands it starts inherit it). */
async function atMoment(utc, fn) {
  const saved = {};
  for (const key of ['LD_PRELOAD', 'FAKETIME', 'ASAN_OPTIONS']) saved[key] = process.env[key];
  process.env.LD_PRELOAD = LIB;
  process.env.FAKETIME = `@${utc.replace('T', ' ').replace('Z', '')}`;
  process.env.ASAN_OPTIONS = [process.env.ASAN_OPTIONS, 'verify_asan_link_order=0'].filter(Boolean).join(':');
  try {
    return await fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

module.exports = { LIB, atMoment };
