import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/db.js';
import type { Database } from '../../db/engine.js';
import { currentLevel } from '../assessment/current-level.js';
import { prepareDemo } from './prepare.js';

describe('demo assessments', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
    await prepareDemo(database, { elders: 1_000, seed: 3, production: false });
  });
  after(() => database.close());

  test('a share of elders, and every disabled one, has a signed assessment with a current level', async () => {
    const r = await sql<{ assessed: number; elders: number; disabled_unassessed: number; unsigned_twice: number }>`
      SELECT (SELECT count(DISTINCT elder_id) FROM assessments WHERE status = 'signed')::int AS assessed,
             (SELECT count(*) FROM elders)::int AS elders,
             (SELECT count(*) FROM elders e WHERE EXISTS (SELECT 1 FROM elder_status_flags f WHERE f.elder_id = e.id AND f.flag = 'disabled')
                AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.elder_id = e.id))::int AS disabled_unassessed,
             (SELECT count(*) FROM assessments a WHERE (SELECT count(*) FROM assessment_signatures s WHERE s.assessment_id = a.id) <> 2)::int AS unsigned_twice`.execute(
      database.db,
    );
    const row = r.rows[0]!;
    assert.ok(row.assessed > row.elders * 0.25 && row.assessed < row.elders * 0.5, `${row.assessed} of ${row.elders}`);
    assert.equal(row.disabled_unassessed, 0);
    assert.equal(row.unsigned_twice, 0, 'two assessors sign each');
    const some = await database.db.selectFrom('assessments').select('elder_id').limit(1).executeTakeFirstOrThrow();
    const level = await currentLevel(database.db, some.elder_id);
    assert.ok(level && level.level >= 0 && level.level <= 4);
  });

  test('every demo institution has its registered beds', async () => {
    const r = await sql<{ short: number }>`
      SELECT count(*)::int AS short FROM organisations o
      WHERE o.kind = 'institution' AND o.bed_count > (SELECT count(*) FROM beds b WHERE b.organisation_id = o.id)`.execute(
      database.db,
    );
    assert.equal(r.rows[0]!.short, 0);
  });

  test('running the demo preparation again adds nothing', async () => {
    const before = await database.db
      .selectFrom('assessments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await prepareDemo(database, { elders: 1_000, seed: 3, production: false });
    const after = await database.db
      .selectFrom('assessments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });
});
