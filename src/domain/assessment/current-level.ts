// The elder's current capability level, for other domains (subsidies, institutions, care plans):
// the latest signed GB/T 42195 assessment that no signed correction supersedes, with its level under
// the active rules version. Old MZ/T 039-2013 results never count here.
// These functions do no access check: callers answer for their own caller's jurisdiction.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * One row per elder with a signed assessment: elder_id, district_code, assessment_id, level
 * (final), preliminary_level, rules_version, assessed_on, signed_at. A query builder, so set-based
 * callers can join it (`.as('cl')`) inside their own INSERT … SELECT.
 */
export function currentAssessmentLevels(db: Db) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('assessment_levels as l', 'l.assessment_id', 'a.id')
    .innerJoin('assessment_rule_versions as r', (j) =>
      j.onRef('r.version', '=', 'l.rules_version').on('r.active', '=', true),
    )
    .where('a.status', '=', 'signed')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('assessments as c')
            .select('c.id')
            .whereRef('c.supersedes_id', '=', 'a.id')
            .where('c.status', '=', 'signed'),
        ),
      ),
    )
    .distinctOn('a.elder_id')
    .select([
      'a.elder_id',
      'a.district_code',
      'a.id as assessment_id',
      'l.final_level as level',
      'l.preliminary_level',
      'l.rules_version',
      'a.assessed_on',
      'a.signed_at',
    ])
    .orderBy('a.elder_id')
    .orderBy('a.assessed_on', 'desc')
    .orderBy('a.signed_at', 'desc')
    .orderBy('a.id', 'desc');
}

export interface CurrentLevel {
  level: number;
  preliminaryLevel: number;
  assessmentId: number;
  rulesVersion: string;
  assessedOn: string;
  signedAt: string;
}

export async function currentLevel(db: Db, elderId: number): Promise<CurrentLevel | null> {
  const row = await currentAssessmentLevels(db).where('a.elder_id', '=', elderId).executeTakeFirst();
  if (!row) return null;
  return {
    level: row.level,
    preliminaryLevel: row.preliminary_level,
    assessmentId: row.assessment_id,
    rulesVersion: row.rules_version,
    assessedOn: row.assessed_on!,
    signedAt: row.signed_at!.toISOString(),
  };
}
