// Rate limits counted in the database: exact under parallel requests, separate per key and name,
// and fresh in the next window.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestDatabase, testDatabase } from '../../test/support/db.js';
import { RateLimit } from './rate-limits.js';

describe('rate limits', () => {
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  test('40 parallel events against a limit of 5: exactly 5 pass', async () => {
    const limit = new RateLimit('test-parallel', 5, 60_000);
    const now = new Date('2026-12-03T08:00:10Z');
    const results = await Promise.all(Array.from({ length: 40 }, () => limit.take(database.db, 'user-1', now)));
    assert.equal(results.filter(Boolean).length, 5);
    assert.equal(await limit.exhausted(database.db, 'user-1', now), true);
  });

  test('keys and names count apart; the next window starts afresh; reset clears', async () => {
    const a = new RateLimit('test-a', 2, 60_000);
    const b = new RateLimit('test-b', 2, 60_000);
    const now = new Date('2026-12-03T08:00:10Z');
    for (let i = 0; i < 2; i++) assert.equal(await a.take(database.db, 'k', now), true);
    assert.equal(await a.take(database.db, 'k', now), false);
    assert.equal(await a.take(database.db, 'other', now), true, 'another key');
    assert.equal(await b.take(database.db, 'k', now), true, 'another limit');
    assert.equal(await a.take(database.db, 'k', new Date('2026-12-03T08:01:00Z')), true, 'the next window');
    await a.reset(database.db, 'k');
    assert.equal(await a.take(database.db, 'k', now), true, 'after a reset');
  });
});
