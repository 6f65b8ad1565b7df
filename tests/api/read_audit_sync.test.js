'use strict';
// The read audit of a person search is committed as soon as the search has its hits, without waiting for the disk,
// and the disk's sync of it runs on the syncer thread while the hits' records are read (docs/security.md, "Audit
// log"). The answer waits for that sync: when the sync fails, the search answers 500 and no person leaves; from then
// on the read audits commit with their own sync, and the next searches answer as usual. The failure is made by the test build's failpoint of kind "sync"
// (src/base/failpoint.h). SQLite only: on PostgreSQL the read audit's commit waits for the disk itself.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { startServer, onPostgres, sleep } = require('./lib/server');
const { client, assertError } = require('./lib/client');

const FAILING = { TAKAMUL_FAIL_AT: '1', TAKAMUL_FAIL_KINDS: 'sync', TAKAMUL_FAIL_FROM: 'signal' };

test('a search whose read audit did not reach the disk answers 500 and shows no one; the next searches answer 200',
  { skip: onPostgres() ? 'PostgreSQL commits each read audit with its own wait for the disk' : false }, async () => {
    Object.assign(process.env, FAILING);
    let srv;
    try {
      srv = await startServer();
    } finally {
      for (const name of Object.keys(FAILING)) delete process.env[name];
    }
    try {
      const api = client(srv.base);
      const cw = await api.loginAs('caseworker');
      const auditor = await api.loginAs('auditor');
      const person = { first_name: 'ضرار', father_name: 'نوفل', grandfather_name: 'عاكف', family_name: 'الزيادنة',
        sex: 'male', birth_date: '1988-03-14' };
      const created = await api.request('POST', '/api/v1/persons', { ...cw, body: person });
      assert.equal(created.status, 201, created.text);
      const search = () => api.request('GET', `/api/v1/persons/search?q=${encodeURIComponent('ضرار نوفل الزيادنة')}`, cw);
      const rowsBefore = (await api.listAll('/api/v1/audit?action=person.search', auditor)).length;

      srv.kill('SIGUSR1'); // the next sync of the write-ahead log fails (counting starts now)
      await sleep(50);
      // A search that found the audit writer busy (filing, checkpointing) commits its row the usual way and asks no
      // sync: the next one meets the failing sync.
      let failed = null;
      let searches = 0;
      while (!failed && searches < 5) {
        const r = await search();
        searches++;
        if (r.status !== 200) failed = r;
      }
      assert.ok(failed, `no search met the failing sync in ${searches}`);
      assertError(failed, 500, 'internal');
      assert.ok(!failed.text.includes('الزيادنة'), `the person left with the failed search: ${failed.text}`);
      assert.match(srv.log(), /sync of the write-ahead log failed/);

      // from then on the read audits commit with their own sync: searches answer
      for (let i = 0; i < 3; i++) {
        const answered = await search();
        searches++;
        assert.equal(answered.status, 200, answered.text);
        assert.equal(answered.body.items[0].person.id, created.body.id);
      }
      // every search was audited, the failed one too (a read attempted is recorded)
      const rowsAfter = (await api.listAll('/api/v1/audit?action=person.search', auditor)).length;
      assert.equal(rowsAfter - rowsBefore, searches);
    } catch (error) {
      if (!/failpoint/.test(srv.log())) error.message += '\n(is this a build with -Dfailpoints=true?)';
      throw error;
    } finally {
      await srv.stop();
      srv.cleanup();
    }
  });
