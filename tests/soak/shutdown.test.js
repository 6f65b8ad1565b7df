'use strict';
// Soak (make soak, not make test): SIGTERM while 40 keep-alive clients read audited lists as fast as they can, again
// and again. Each time the server finishes what is under way and exits 0: no abort, no hang. SOAK_ROUNDS rounds (30
// by default).

const assert = require('node:assert/strict');
const http = require('node:http');
const { test } = require('node:test');
const { startServer, sleep } = require('../api/lib/server');
const { client } = require('../api/lib/client');

const ROUNDS = Number(process.env.SOAK_ROUNDS || 30);

test(`${ROUNDS} rounds of SIGTERM under 40 keep-alive clients: each exits 0`, { timeout: ROUNDS * 60000 }, async () => {
  const problems = [];
  for (let round = 0; round < ROUNDS; round++) {
    const srv = await startServer();
    try {
      const supervisor = await client(srv.base).loginAs('supervisor');
      const agent = new http.Agent({ keepAlive: true, maxSockets: 40 });
      const url = new URL(srv.base);
      let stop = false;
      const one = () =>
        new Promise((resolve) => {
          const req = http.request({ host: url.hostname, port: url.port, path: '/api/v1/cases?limit=5', agent, headers: { Cookie: supervisor.cookie } }, (res) => {
            res.resume();
            res.on('end', resolve);
            res.on('error', resolve);
          });
          req.on('error', resolve);
          req.end();
        });
      const loops = Array.from({ length: 40 }, async () => {
        while (!stop) await one();
      });
      await sleep(200 + Math.random() * 800);
      srv.kill('SIGTERM');
      const info = await srv.exited;
      stop = true;
      await Promise.all(loops);
      agent.destroy();
      if (info.code !== 0) problems.push(`round ${round}: ${JSON.stringify(info)}\n${srv.log().slice(-2000)}`);
    } finally {
      srv.cleanup();
    }
  }
  assert.deepEqual(problems, []);
});
