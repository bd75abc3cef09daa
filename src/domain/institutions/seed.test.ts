import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/db.js';
import type { Database } from '../../db/engine.js';
import { seedInstitutionBeds } from './seed.js';
import { assertBedCountsMatch } from './test-helpers.js';

describe('seedInstitutionBeds', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
    await sql`INSERT INTO organisations (kind, name, ownership, jurisdiction_code, district_code, bed_count, nursing_bed_count, seed_key) VALUES
      ('institution', '大院', 'public', '330102001', '330102', 150, 100, 'seed-test-1'),
      ('institution', '小院', 'private', '330106002', '330106', 30, 12, 'seed-test-2'),
      ('institution', '空院', 'private', '330106002', '330106', 0, 0, 'seed-test-3'),
      ('provider', '服务商', NULL, '330102001', '330102', 40, 0, 'seed-test-4')`.execute(database.db);
  });
  after(() => database.close());

  test('creates the beds of every institution from its counts, by type, once', async () => {
    assert.equal(await seedInstitutionBeds(database.db), 180);
    const rows = await sql<{ name: string; bed_type: string; n: number }>`
      SELECT o.name, b.bed_type, count(*) AS n FROM beds b JOIN organisations o ON o.id = b.organisation_id
      GROUP BY o.name, b.bed_type ORDER BY o.name, b.bed_type`.execute(database.db);
    const by = Object.fromEntries(rows.rows.map((r) => [`${r.name}/${r.bed_type}`, Number(r.n)]));
    // 大院: 100 nursing = 10 dementia (≥100 beds) + 18 medical (20% of 90) + 72 elderly care; 50 ordinary.
    assert.deepEqual(by, {
      '大院/dementia': 10,
      '大院/elderly_care': 72,
      '大院/medical_care': 18,
      '大院/ordinary': 50,
      '小院/elderly_care': 10,
      '小院/medical_care': 2,
      '小院/ordinary': 18,
    });
    const labels = await sql<{
      label: string;
      district_code: string;
    }>`SELECT label, district_code FROM beds WHERE organisation_id = (SELECT id FROM organisations WHERE seed_key = 'seed-test-1') ORDER BY id`.execute(
      database.db,
    );
    assert.equal(labels.rows[0]!.label, '1F-01');
    assert.equal(labels.rows[40]!.label, '2F-01');
    assert.ok(labels.rows.every((r) => r.district_code === '330102'));
    assert.equal(await seedInstitutionBeds(database.db), 0, 'a second run adds nothing');
    // The live counters follow bulk inserts, multi-row updates and deletes.
    await assertBedCountsMatch(database.db);
    await sql`UPDATE beds SET status = CASE WHEN id % 3 = 0 THEN 'occupied' WHEN id % 3 = 1 THEN 'out_of_service' ELSE status END`.execute(
      database.db,
    );
    await sql`UPDATE beds SET bed_type = 'dementia' WHERE id % 7 = 0`.execute(database.db);
    await sql`DELETE FROM beds WHERE id % 11 = 0`.execute(database.db);
    await assertBedCountsMatch(database.db);
  });
});
