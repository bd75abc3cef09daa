// The demo city's home care: providers, caregivers, a month of visits, idempotent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testDatabase } from '../../../test/support/db.js';
import type { Database } from '../../db/engine.js';
import { ensureDemoAccounts } from '../demo/accounts.js';
import { seedDemoCity } from '../demo/seed.js';
import { seedHomecareDemo } from './demo.js';

let database: Database;
before(async () => {
  database = await testDatabase();
  await seedDemoCity(database, { elders: 2_000, seed: 7 });
  await ensureDemoAccounts(database.db);
});
after(() => database.close());

test('the demo seeds providers, caregivers and a month of visits once', async () => {
  const started = Date.now();
  const line = await seedHomecareDemo(database.db);
  const seconds = (Date.now() - started) / 1000;
  assert.match(
    line ?? '',
    /homecare: \d providers, 3 caregivers, \d+ orders, \d+ verified visits, \d+ open exceptions/,
  );
  assert.ok(seconds < 30, `took ${seconds} s`);
  const db = database.db;
  const visits = await db.selectFrom('homecare_visits').select(['status', 'payment_status']).execute();
  assert.ok(visits.filter((v) => v.status === 'verified').length >= 50);
  assert.ok(visits.some((v) => v.status === 'exception'));
  assert.equal(visits.filter((v) => v.status === 'scheduled').length, 3);
  const linked = await db
    .selectFrom('homecare_worker_accounts as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select('u.username')
    .execute();
  assert.deepEqual(
    linked.map((l) => l.username),
    ['caregiver'],
  );
  assert.equal(await seedHomecareDemo(db), null, 'a second run does nothing');
  const posted = visits.filter((v) => v.payment_status === 'posted').length;
  console.log(line, `in ${seconds.toFixed(1)} s; subsidy posted for ${posted}`);
});
