// The one place the subsidies domain learns an elder's ability level: the assessment domain's
// current signed GB/T 42195 level. An elder with no signed assessment is unassessed and gets no
// level-based subsidy. Returned as a query so the monthly run can join it set-based.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { currentAssessmentLevels } from '../assessment/current-level.js';

type Db = Kysely<DB> | Transaction<DB>;

/** elder_id, level of the elders now registered in these districts. */
export function scopeLevels(db: Db, districts: string[]) {
  return currentAssessmentLevels(db)
    .where('a.elder_id', 'in', (eb) =>
      eb.selectFrom('elders').select('elders.id').where('elders.district_code', 'in', districts),
    )
    .clearSelect()
    .select(['a.elder_id', 'l.final_level as level']);
}
