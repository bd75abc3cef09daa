// Two server processes on one PostgreSQL database behave as one: a periodic job runs in one of
// them at a time and a rate limit counts the requests of both. (PGlite is a single embedded process, so these cases need PostgreSQL.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Database, openDatabase } from '../src/db/engine.js';
import { runExclusive } from '../src/db/exclusive.js';
import { RateLimit } from '../src/db/rate-limits.js';
import { type TestDatabase, testDatabase } from './support/db.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe('several processes on one database', {
  skip: onPostgres ? false : 'needs PostgreSQL (TEST_DATABASE_URL)',
}, () => {
  let first: TestDatabase;
  let second: Database;
  before(async () => {
    first = await testDatabase();
    second = await openDatabase({ databaseUrl: first.url!, poolSize: 4 });
  });
  after(async () => {
    await second.close();
    await first.close();
  });

  test('a periodic job runs in one process at a time, and in the other once it is free', async () => {
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const running = runExclusive(first, 'test-sweep', async () => {
      await holding;
      return 'first';
    });
    // Give the first process time to take the lock.
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await runExclusive(second, 'test-sweep', async () => 'second'), { ran: false });
    assert.deepEqual(
      await runExclusive(second, 'another-job', async () => 'other'),
      { ran: true, result: 'other' },
      'other jobs are not held',
    );
    release();
    assert.deepEqual(await running, { ran: true, result: 'first' });
    assert.deepEqual(await runExclusive(second, 'test-sweep', async () => 'second'), { ran: true, result: 'second' });
  });

  test('a rate limit counts the events of both processes together', async () => {
    const limit = new RateLimit('test-shared', 6, 60_000);
    const now = new Date('2026-12-03T08:00:10Z');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => limit.take((i % 2 ? first : second).db, 'officer-7', now)),
    );
    assert.equal(results.filter(Boolean).length, 6);
    assert.equal(await limit.take(second.db, 'officer-7', now), false);
  });

  test('a job that fails releases its lock', async () => {
    await assert.rejects(
      runExclusive(first, 'failing-job', async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.deepEqual(await runExclusive(second, 'failing-job', async () => 1), { ran: true, result: 1 });
  });
});
