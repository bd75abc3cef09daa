// The community demo on a small demo city: beds at every stage with their history, meal points
// with menus, this month's visit tasks partly done; a second run adds nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/db.js';
import type { Database } from '../../db/engine.js';
import { ensureDemoAccounts } from '../demo/accounts.js';
import { ensureDemoQualifications, seedDemoAssessments } from '../demo/assessments.js';
import { seedDemoCity } from '../demo/seed.js';
import { loadCity } from '../jurisdictions/load.js';
import { seedCommunityDemo } from './demo.js';

describe('community demo', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
    await loadCity(database.db, '330100');
    await seedDemoCity(database, { elders: 3_000, seed: 7 });
    await ensureDemoAccounts(database.db);
    await ensureDemoQualifications(database.db);
    await seedDemoAssessments(database.db, 7);
  });
  after(() => database.close());

  test('seeds every programme once, fast', async () => {
    const started = Date.now();
    const line = await seedCommunityDemo(database.db);
    const ms = Date.now() - started;
    assert.ok(line, 'something was made');
    console.log(`${line} in ${ms} ms`);
    const stages = await sql<{ status: string; n: number }>`
      SELECT status, count(*)::int AS n FROM home_care_beds GROUP BY status`.execute(database.db);
    assert.equal(stages.rows.length, 5, `every stage: ${JSON.stringify(stages.rows)}`);
    const events = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM home_care_beds b
      WHERE (SELECT count(*) FROM home_care_bed_events v WHERE v.bed_id = b.id) = 0`.execute(database.db);
    assert.equal(events.rows[0]!.n, 0, 'every bed has its history');
    const points = await database.db.selectFrom('meal_points').select('id').execute();
    assert.ok(points.length > 0);
    const tasks = await sql<{ status: string; n: number }>`
      SELECT status, count(*)::int AS n FROM visit_tasks GROUP BY status`.execute(database.db);
    assert.ok(tasks.rows.some((r) => r.status === 'open'));
    assert.equal(await seedCommunityDemo(database.db), null, 'a second run does nothing');
  });
});
