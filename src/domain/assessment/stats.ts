// Level statistics by district over current levels. GB/T 42195-2022 levels (0–4) and old
// MZ/T 039-2013 levels (0–3) are different scales: they are counted in separate blocks, each
// labelled with its standard, and never added together.
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { visibleElders } from '../elders/service.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { hasRole } from '../identity/scope.js';
import { TASK_ASSIGNERS } from './access.js';
import { currentAssessmentLevels } from './current-level.js';
import { MZT_039 } from './legacy.js';
import { activeRules } from './rules-store.js';
import { GBT_42195 } from './scale.js';
import type { LevelStatistics } from './view-schemas.js';

interface DistrictCounts {
  districtCode: string;
  levels: number[];
  total: number;
}

function collect(rows: { district_code: string; level: number; n: number }[], levels: number): DistrictCounts[] {
  const by = new Map<string, DistrictCounts>();
  for (const r of rows) {
    const d = by.get(r.district_code) ?? { districtCode: r.district_code, levels: Array(levels).fill(0), total: 0 };
    d.levels[r.level] += Number(r.n);
    d.total += Number(r.n);
    by.set(r.district_code, d);
  }
  return [...by.values()].sort((a, b) => a.districtCode.localeCompare(b.districtCode));
}

export async function levelStatistics(ctx: UseCaseContext): Promise<LevelStatistics> {
  const { db, actor } = ctx;
  if (!hasRole(actor, TASK_ASSIGNERS)) throw new AppError('forbidden');
  const rules = await activeRules(db);
  const current = await visibleElders(db, actor)
    .innerJoin(currentAssessmentLevels(db).as('cl'), 'cl.elder_id', 'elders.id')
    .select(['elders.district_code', 'cl.level', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['elders.district_code', 'cl.level'])
    .execute();
  // Old results count only for elders without any GB/T 42195 assessment: their latest old result.
  const legacy = await visibleElders(db, actor)
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('legacy_assessments as l')
          .distinctOn('l.elder_id')
          .select(['l.elder_id', 'l.level'])
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('assessments as a')
                  .select(sql.lit(1).as('one'))
                  .whereRef('a.elder_id', '=', 'l.elder_id')
                  .where('a.status', '=', 'signed'),
              ),
            ),
          )
          .orderBy('l.elder_id')
          .orderBy('l.assessed_on', 'desc')
          .as('lg'),
      (j) => j.onRef('lg.elder_id', '=', 'elders.id'),
    )
    .select(['elders.district_code', 'lg.level', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['elders.district_code', 'lg.level'])
    .execute();
  await recordAudit(ctx, { action: 'list', entityType: 'assessment_statistics' });
  return {
    current: {
      standard: GBT_42195,
      rulesVersion: rules.version,
      levels: rules.bands.map((b) => ({ level: b.level, zh: b.zh, en: b.en })),
      byDistrict: collect(current, 5),
    },
    legacyOnly: {
      standard: MZT_039,
      note: {
        zh: '旧标准结果，仅供参考，不计入新标准统计',
        en: 'Old-standard results, for reference; not part of the GB/T 42195 counts',
      },
      byDistrict: collect(legacy, 4),
    },
  };
}
