// The re-check report: per district and per original assessor, level agreement, Cohen's kappa,
// mean absolute total difference and outliers; and the reviews that large disagreements opened.
import type { Static } from 'typebox';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { hasRole, prefixesFor } from '../identity/scope.js';
import { ASSESSMENT_MANAGERS, elderInScope, requireInReach, requireRoleFor } from './access.js';
import { agreement, isOutlierAssessor, needsReview, type Pair, RECHECK_RULES_V1 } from './recheck-rules.js';
import type { RecheckReport, ReviewClosed, ReviewView } from './view-schemas.js';

/** District-code prefixes (6 digits at most) the actor manages; null means everywhere. */
function managedDistricts(actor: Actor): string[] | null {
  const prefixes = prefixesFor(actor, ASSESSMENT_MANAGERS);
  return prefixes.includes('') ? null : prefixes.map((p) => p.slice(0, 6));
}

export async function recheckReport(
  ctx: UseCaseContext,
  filter: { month: string; districtCode?: string },
): Promise<RecheckReport> {
  const { db, actor } = ctx;
  if (!hasRole(actor, ASSESSMENT_MANAGERS)) throw new AppError('forbidden');
  if (filter.districtCode) requireInReach(actor, ASSESSMENT_MANAGERS, filter.districtCode);
  const districts = managedDistricts(actor);
  let q = db
    .selectFrom('recheck_items as i')
    .innerJoin('recheck_draws as d', 'd.id', 'i.draw_id')
    .innerJoin('assessments as a', 'a.id', 'i.assessment_id')
    .leftJoin('assessment_reviews as r', 'r.recheck_item_id', 'i.id')
    .select([
      'i.id',
      'i.assessment_id',
      'i.elder_id',
      'i.district_code',
      'i.status',
      'i.original_total',
      'i.original_level',
      'i.total',
      'i.final_level',
      'a.assessor_1_id',
      'a.assessor_2_id',
      'r.id as review_id',
      'r.status as review_status',
    ])
    .where('d.month', '=', filter.month);
  if (filter.districtCode) q = q.where('i.district_code', '=', filter.districtCode);
  if (districts) q = q.where((eb) => eb.or(districts.map((p) => eb('i.district_code', 'like', `${p}%`))));
  const rows = await q.orderBy('i.id').execute();
  const userIds = [
    ...new Set(rows.flatMap((r) => [r.assessor_1_id, r.assessor_2_id]).filter((x): x is number => x != null)),
  ];
  const names = new Map(
    (userIds.length
      ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute()
      : []
    ).map((u) => [u.id, u.display_name]),
  );

  const pairOf = (r: (typeof rows)[number]): Pair => ({
    originalLevel: r.original_level,
    recheckLevel: r.final_level!,
    originalTotal: r.original_total,
    recheckTotal: r.total!,
  });
  const done = rows.filter((r) => r.status === 'done');
  const byDistrict = [...new Set(rows.map((r) => r.district_code))].sort().map((code) => {
    const mine = rows.filter((r) => r.district_code === code);
    return {
      districtCode: code,
      drawn: mine.length,
      done: mine.filter((r) => r.status === 'done').length,
      unassigned: mine.filter((r) => r.status === 'unassigned').length,
      ...agreement(mine.filter((r) => r.status === 'done').map(pairOf)),
      openReviews: mine.filter((r) => r.review_status === 'open').length,
    };
  });
  // Each re-check speaks for both assessors who signed the original.
  const byAssessor = new Map<number, Pair[]>();
  for (const r of done)
    for (const id of [r.assessor_1_id, r.assessor_2_id])
      if (id != null) byAssessor.set(id, [...(byAssessor.get(id) ?? []), pairOf(r)]);
  const assessors = [...byAssessor.entries()]
    .map(([id, pairs]) => {
      const a = agreement(pairs);
      return { assessorId: id, name: names.get(id) ?? '', ...a, outlier: isOutlierAssessor(a) };
    })
    .sort((a, b) => a.assessorId - b.assessorId);
  const outliers = done
    .filter((r) => needsReview(pairOf(r)))
    .map((r) => ({
      recheckItemId: r.id,
      assessmentId: r.assessment_id,
      elderId: r.elder_id,
      districtCode: r.district_code,
      original: { total: r.original_total, level: r.original_level },
      recheck: { total: r.total, level: r.final_level },
      reviewId: r.review_id ?? null,
    }));
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'recheck_report',
    districtCode: filter.districtCode ?? null,
    detail: { month: filter.month },
  });
  return {
    month: filter.month,
    rules: RECHECK_RULES_V1,
    overall: agreement(done.map(pairOf)),
    districts: byDistrict,
    assessors,
    outliers,
  };
}

export async function listReviews(ctx: UseCaseContext, status: 'open' | 'closed' | undefined): Promise<ReviewView[]> {
  const { db, actor } = ctx;
  if (!hasRole(actor, ASSESSMENT_MANAGERS)) throw new AppError('forbidden');
  const districts = managedDistricts(actor);
  let q = db.selectFrom('assessment_reviews').selectAll();
  if (status) q = q.where('status', '=', status);
  if (districts) q = q.where((eb) => eb.or(districts.map((p) => eb('district_code', 'like', `${p}%`))));
  const rows = await q.orderBy('id', 'desc').limit(500).execute();
  await recordAudit(ctx, { action: 'list', entityType: 'assessment_review', detail: { status } });
  return rows.map((r) => ({
    id: r.id,
    recheckItemId: r.recheck_item_id,
    assessmentId: r.assessment_id,
    elderId: r.elder_id,
    districtCode: r.district_code,
    levelDifference: r.level_difference,
    totalDifference: r.total_difference,
    status: r.status,
    outcome: r.outcome,
    createdAt: r.created_at.toISOString(),
  }));
}

/** Closes a review with its outcome; a wrong original is then corrected by a new assessment. */
export async function closeReview(
  ctx: UseCaseContext,
  id: number,
  outcome: string,
): Promise<Static<typeof ReviewClosed>> {
  const { db, actor } = ctx;
  const row = await db.selectFrom('assessment_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const elder = await elderInScope(db, actor, row.elder_id);
  requireRoleFor(actor, ASSESSMENT_MANAGERS, elder.community_code);
  if (row.status !== 'open')
    throw new AppError('assessment_wrong_status', { status: row.status, action: '关闭/close' });
  await db
    .updateTable('assessment_reviews')
    .set({ status: 'closed', outcome, closed_at: ctx.now, closed_by: actor.userId })
    .where('id', '=', id)
    .execute();
  await recordAudit(ctx, {
    action: 'update',
    entityType: 'assessment_review',
    entityId: id,
    districtCode: row.district_code,
    detail: { outcome },
  });
  return { id, status: 'closed' as const, outcome };
}
