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
    const beds = stages.rows.reduce((n, r) => n + r.n, 0);
    assert.equal(beds, Math.max(40, Math.round((966 * 3_000) / 2_350_000)), "the seeds' 966 scaled, at least 40");
    const points = await database.db.selectFrom('meal_points').select('id').execute();
    const mealOrgs = await database.db
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', 'meal_point')
      .execute();
    assert.equal(points.length, mealOrgs.length, 'a meal point for every demo 助餐 organisation (1,600 scaled)');
    const districts = await database.db
      .selectFrom('jurisdictions')
      .select('code')
      .where('level', '=', 'district')
      .execute();
    assert.equal(points.length, Math.max(districts.length, Math.round((1_600 * 3_000) / 2_350_000)));
    const tasks = await sql<{ status: string; n: number }>`
      SELECT status, count(*)::int AS n FROM visit_tasks GROUP BY status`.execute(database.db);
    const open = tasks.rows.find((r) => r.status === 'open')?.n ?? 0;
    const done = tasks.rows.find((r) => r.status === 'done')?.n ?? 0;
    assert.ok(open > 0 && done > open, `this month's tasks partly done: ${done} done, ${open} open`);
    assert.equal(await seedCommunityDemo(database.db), null, 'a second run does nothing');
  });
});
