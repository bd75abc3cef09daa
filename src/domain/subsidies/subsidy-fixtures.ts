// Builders for monthly-run tests and benchmarks: a signed assessment at a chosen level, written
// the way the assessment domain stores one (its own API needs two qualified assessors and a
// full form; what the run reads is only the signed level).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

const SCORES: Record<number, [number, number, number, number]> = {
  0: [32, 15, 28, 15],
  1: [32, 15, 23, 0],
  2: [30, 10, 10, 0],
  3: [20, 10, 5, 0],
  4: [5, 5, 0, 0],
};

export async function signLevel(
  db: Kysely<DB>,
  elderId: number,
  level: number,
  assessedOn = '2025-01-15',
): Promise<void> {
  const elder = await db
    .selectFrom('elders')
    .select(['district_code'])
    .where('id', '=', elderId)
    .executeTakeFirstOrThrow();
  const [b1, b2, b3, b4] = SCORES[level]!;
  const rules = await db
    .selectFrom('assessment_rule_versions')
    .select('version')
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  const a = await db
    .insertInto('assessments')
    .values({
      elder_id: elderId,
      district_code: elder.district_code,
      status: 'signed',
      score_b1: b1,
      score_b2: b2,
      score_b3: b3,
      score_b4: b4,
      total: b1 + b2 + b3 + b4,
      rules_version: rules.version,
      preliminary_level: level,
      final_level: level,
      assessed_on: assessedOn,
      signed_at: new Date(),
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('assessment_levels')
    .values({
      assessment_id: a.id,
      rules_version: rules.version,
      elder_id: elderId,
      district_code: elder.district_code,
      preliminary_level: level,
      final_level: level,
      reason_codes: [],
    } as never)
    .execute();
}
