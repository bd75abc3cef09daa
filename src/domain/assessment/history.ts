// An elder's assessment history: every GB/T 42195 assessment with its corrections, the current
// level, and old MZ/T 039-2013 results listed apart, each labelled with its standard.

import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { REGISTRY_READERS } from '../identity/permissions.js';
import { coversCode, hasRole } from '../identity/scope.js';
import { blindFor, elderInScope } from './access.js';
import { currentLevel } from './current-level.js';
import { LEGACY_LEVELS, MZT_039 } from './legacy.js';
import { levelName } from './rules.js';
import { activeRules } from './rules-store.js';
import { GBT_42195 } from './scale.js';
import type { HistoryView, LevelView } from './view-schemas.js';

export type { HistoryEntry, HistoryView, LegacyEntry } from './view-schemas.js';

/** The purpose of the read is the request's (X-Purpose, or the `purpose` query field). */
export async function elderHistory(ctx: UseCaseContext, elderId: number): Promise<HistoryView> {
  const { db, actor } = ctx;
  const elder = await elderInScope(db, actor, elderId);
  if (await blindFor(db, actor, elderId)) throw new AppError('not_found');
  const registry = hasRole(actor, REGISTRY_READERS) && coversCode(actor, REGISTRY_READERS, elder.community_code);
  const rules = await activeRules(db);
  const [rows, legacy, current] = await Promise.all([
    db
      .selectFrom('assessments as a')
      .leftJoin('assessments as c', 'c.supersedes_id', 'a.id')
      .leftJoin('assessment_levels as l', (j) =>
        j.onRef('l.assessment_id', '=', 'a.id').on('l.rules_version', '=', rules.version),
      )
      .select([
        'a.id',
        'a.status',
        'a.assessed_on',
        'a.total',
        'a.preliminary_level',
        'a.final_level',
        'a.rules_version',
        'a.supersedes_id',
        'a.correction_note',
        'a.signed_at',
        'c.id as superseded_by_id',
        'l.final_level as active_level',
      ])
      .where('a.elder_id', '=', elderId)
      // Families see what was signed; work in progress stays with the registry roles.
      .$if(!registry, (q) => q.where('a.status', '=', 'signed'))
      .orderBy('a.assessed_on', 'desc')
      .orderBy('a.id', 'desc')
      .execute(),
    db
      .selectFrom('legacy_assessments')
      .selectAll()
      .where('elder_id', '=', elderId)
      .orderBy('assessed_on', 'desc')
      .execute(),
    currentLevel(db, elderId),
  ]);
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'assessment_history',
    entityId: elderId,
    districtCode: elder.district_code,
  });
  return {
    elderId,
    current: current ? { ...current, levelName: levelName(rules, current.level) } : null,
    assessments: rows.map((r) => ({
      id: r.id,
      standard: GBT_42195,
      status: r.status,
      assessedOn: r.assessed_on,
      total: r.total,
      preliminaryLevel: r.preliminary_level,
      finalLevel: r.final_level,
      rulesVersion: r.rules_version,
      levelUnderActiveRules: r.active_level ?? null,
      supersedesId: r.supersedes_id,
      supersededById: r.superseded_by_id ?? null,
      correctionNote: r.correction_note,
      signedAt: r.signed_at?.toISOString() ?? null,
    })),
    legacy: legacy.map((r) => ({
      id: r.id,
      standard: MZT_039,
      assessedOn: r.assessed_on,
      level: r.level,
      levelName: LEGACY_LEVELS[r.level]!,
      adlScore: r.adl_score,
      source: r.source,
    })),
  };
}

/** The current level through HTTP: same access rules and audit as the history. */
export async function elderCurrentLevel(ctx: UseCaseContext, elderId: number): Promise<LevelView> {
  const { db, actor } = ctx;
  const elder = await elderInScope(db, actor, elderId);
  if (await blindFor(db, actor, elderId)) throw new AppError('not_found');
  const [current, rules] = await Promise.all([currentLevel(db, elderId), activeRules(db)]);
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'assessment_level',
    entityId: elderId,
    districtCode: elder.district_code,
  });
  return {
    elderId,
    standard: GBT_42195,
    current: current ? { ...current, levelName: levelName(rules, current.level) } : null,
  };
}
