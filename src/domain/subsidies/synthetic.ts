// A synthetic population written set-based (generate_series), for benchmarks and crash tests that
// need tens of thousands to millions of elders: registered elders spread over a city's
// communities, ~70% with a signed assessment (levels 0–4), some with 低保/特困 flags. Not demo data:
// names and ID numbers are placeholders (SYN…), never shown to users.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface SyntheticOptions {
  elders: number;
  /** Code prefix of the communities to spread them over, e.g. '3301' or '330102'. */
  prefix: string;
  /** Rows per statement (keeps each statement's memory modest on PGlite). */
  batch?: number;
  onBatch?(done: number): void;
}

export async function syntheticPopulation(db: Kysely<DB>, o: SyntheticOptions): Promise<void> {
  const batch = o.batch ?? 100_000;
  const start = Number(
    (await sql<{ n: number }>`SELECT count(*)::bigint AS n FROM elders WHERE elder_code LIKE 'SX%'`.execute(db))
      .rows[0]!.n,
  );
  const rules = (
    await db
      .selectFrom('assessment_rule_versions')
      .select('version')
      .where('active', '=', true)
      .executeTakeFirstOrThrow()
  ).version;
  for (let from = start + 1; from <= start + o.elders; from += batch) {
    const to = Math.min(from + batch - 1, start + o.elders);
    await db.transaction().execute(async (tx) => {
      await sql`
        INSERT INTO elders (elder_code, name, id_number, sex, birth_date, district_code, street_code, community_code, address)
        SELECT 'SX' || lpad(g::text, 11, '0'), '合成老人' || g, 'SYN' || lpad(g::text, 15, '0'),
               CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, date '1930-01-01' + (g::bigint * 7919 % 10950)::int,
               c.district_code, c.parent_code, c.code, '合成地址'
        FROM generate_series(${from}::int, ${to}::int) g
        JOIN (SELECT code, parent_code, district_code, (row_number() OVER (ORDER BY code) - 1)::int AS k, count(*) OVER ()::int AS m
              FROM jurisdictions WHERE level = 'community' AND code LIKE ${`${o.prefix}%`}) c ON c.k = g % c.m`.execute(
        tx,
      );
      // Scores per level inside the GB/T 42195 bands (v1): 90 / 70 / 50 / 35 / 10.
      await sql`
        WITH picked AS (
          SELECT e.id, e.district_code, (e.id * 31 % 5)::smallint AS level
          FROM elders e WHERE e.elder_code BETWEEN ${`SX${String(from).padStart(11, '0')}`} AND ${`SX${String(to).padStart(11, '0')}`} AND e.id % 10 < 7
        ), ins AS (
          INSERT INTO assessments (elder_id, district_code, status, score_b1, score_b2, score_b3, score_b4, total, rules_version,
                                   preliminary_level, final_level, assessed_on, signed_at)
          SELECT id, district_code, 'signed',
                 (ARRAY[32, 32, 30, 20, 5])[level + 1], (ARRAY[15, 15, 10, 10, 5])[level + 1], (ARRAY[28, 23, 10, 5, 0])[level + 1], (ARRAY[15, 0, 0, 0, 0])[level + 1],
                 (ARRAY[90, 70, 50, 35, 10])[level + 1], ${rules}, level, level, date '2024-06-01', now()
          FROM picked
          RETURNING id, elder_id, district_code, final_level
        )
        INSERT INTO assessment_levels (assessment_id, rules_version, elder_id, district_code, preliminary_level, final_level, reason_codes)
        SELECT id, ${rules}, elder_id, district_code, final_level, final_level, '{}' FROM ins`.execute(tx);
      await sql`
        INSERT INTO elder_status_flags (elder_id, district_code, flag, effective_from)
        SELECT e.id, e.district_code, CASE WHEN e.id % 20 = 0 THEN 'extreme_poverty' ELSE 'subsistence' END, date '2024-01-01'
        FROM elders e WHERE e.elder_code BETWEEN ${`SX${String(from).padStart(11, '0')}`} AND ${`SX${String(to).padStart(11, '0')}`} AND e.id % 10 = 3`.execute(
        tx,
      );
    });
    o.onBatch?.(to - start);
  }
}
