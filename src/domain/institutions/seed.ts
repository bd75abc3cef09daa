// Demo and benchmark data: beds for every institution from its registered bed counts, in one
// set-based statement (a city of 74k beds is one INSERT … SELECT, not 74k round trips).
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Creates the beds of every organisation of kind 'institution' that has none yet, from bed_count
 * and nursing_bed_count: the nursing beds are 20% 医疗照护 and the rest 养老照护 (the 十四五 plan's
 * 20/80 split), with a tenth of them dementia beds where there is a 记忆家园 (or, without a
 * profile, from 100 beds); the remaining beds are ordinary. Labels run 1F-01 … 1F-40, 2F-01 …
 * Idempotent: institutions that already have beds are left alone. Returns the beds created.
 */
export async function seedInstitutionBeds(db: Kysely<DB> | Transaction<DB>): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH plan AS (
      SELECT o.id, o.district_code, o.bed_count, k.nursing,
        CASE WHEN coalesce(p.has_dementia_unit, o.bed_count >= 100) THEN k.nursing / 10 ELSE 0 END AS dementia
      FROM organisations o
      LEFT JOIN institution_profiles p ON p.organisation_id = o.id
      CROSS JOIN LATERAL (SELECT least(o.nursing_bed_count, o.bed_count) AS nursing) k
      WHERE o.kind = 'institution' AND o.bed_count > 0
        AND NOT EXISTS (SELECT 1 FROM beds b WHERE b.organisation_id = o.id)
    ), sized AS (
      SELECT plan.*, (nursing - dementia) / 5 AS medical FROM plan
    ), inserted AS (
      INSERT INTO beds (organisation_id, district_code, label, bed_type)
      SELECT s.id, s.district_code,
        ((g - 1) / 40 + 1)::text || 'F-' || lpad(((g - 1) % 40 + 1)::text, 2, '0'),
        CASE
          WHEN g <= s.medical THEN 'medical_care'
          WHEN g <= s.medical + s.dementia THEN 'dementia'
          WHEN g <= s.nursing THEN 'elderly_care'
          ELSE 'ordinary'
        END
      FROM sized s CROSS JOIN LATERAL generate_series(1, s.bed_count) AS g
      RETURNING 1
    )
    SELECT count(*) AS n FROM inserted`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
