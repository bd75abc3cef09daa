// The two engines read the same SQL types as the same JS values; migrations are safe to repeat
// and refuse a database whose history differs; the audit log cannot be changed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../test/support/db.js';
import type { Database } from './engine.js';
import { MigrationMismatchError, migrate } from './migrator.js';

describe('database layer', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  test('int8, numeric, date and timestamptz read the same on every engine', async () => {
    const r = await sql<{ big: number; n: number; num: string; d: string; ts: Date }>`
      SELECT 9007199254740991::int8 AS big, count(*) AS n, 12.50::numeric AS num,
             '2025-01-31'::date AS d, '2025-01-31T16:30:00Z'::timestamptz AS ts
      FROM (VALUES (1), (2)) v(x)`.execute(database.db);
    const row = r.rows[0]!;
    assert.equal(row.big, 9007199254740991);
    assert.equal(row.n, 2);
    assert.equal(row.num, '12.50');
    assert.equal(row.d, '2025-01-31');
    assert.ok(row.ts instanceof Date);
    assert.equal(row.ts.toISOString(), '2025-01-31T16:30:00.000Z');
  });

  test('migrating again applies nothing', async () => {
    const again = await migrate(database);
    assert.deepEqual(again.applied, []);
    assert.ok(again.alreadyApplied >= 1);
  });

  test('a database with a migration this code does not know is refused', async () => {
    await sql`INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_from_the_future', 'x')`.execute(
      database.db,
    );
    await assert.rejects(migrate(database), MigrationMismatchError);
    await sql`DELETE FROM schema_migrations WHERE version = 9999`.execute(database.db);
  });

  test('a changed migration is refused', async () => {
    await sql`UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1`.execute(database.db);
    await assert.rejects(migrate(database), /changed after it was applied/);
  });

  test('the audit log is append-only', async () => {
    await database.db
      .insertInto('audit_log')
      .values({ action: 'read', entity_type: 'elder', entity_id: '1' })
      .execute();
    await assert.rejects(sql`UPDATE audit_log SET action = 'x'`.execute(database.db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_log`.execute(database.db), /append-only/);
    const n = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.ok(n.n >= 1);
  });

  test('the Hangzhou tree has 13 districts, 196 streets and 3,320 communities', async () => {
    const rows = await database.db
      .selectFrom('jurisdictions')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .where('code', 'like', '3301%')
      .groupBy('level')
      .execute();
    const byLevel = Object.fromEntries(rows.map((r) => [r.level, r.n]));
    assert.deepEqual(byLevel, { city: 1, district: 13, street: 196, community: 3320 });
    const unplaced = await database.db
      .selectFrom('jurisdictions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('code', 'like', '3301%')
      .where('lat', 'is', null)
      .executeTakeFirstOrThrow();
    assert.equal(unplaced.n, 0, 'every place has a point for maps');
  });
});
