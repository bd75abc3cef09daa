// 抽查复评: each month, per district, a seeded and recorded draw of last month's signed
// assessments; each drawn one goes to a different eligible assessor who re-scores it blind (the
// first result stays hidden from them until they submit). Large disagreements open a review.
import { createHash, randomInt } from 'node:crypto';
import type { Static } from 'typebox';
import { previousMonth } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext, userIdOf } from '../identity/context.js';
import { codePrefix } from '../identity/scope.js';
import { ASSESSMENT_MANAGERS, type Db, elderInScope, requireInReach } from './access.js';
import { assertEligibleAssessor } from './assessors.js';
import { DRAW_ALGORITHM, drawSample, needsReview, pickRechecker, RECHECK_RULES_V1 } from './recheck-rules.js';
import { type ScoreInput, scoreAssessment } from './rules.js';
import { rulesByVersion } from './rules-store.js';
import { assertValidInput } from './scoring.js';
import type { DrawVerified, DrawView, MyRecheck, RescoreOutcome } from './view-schemas.js';

export interface DrawInput {
  districtCode: string;
  month?: string;
  share?: number;
  seed?: number;
}

/** Signed, not superseded assessments of a district signed in a month (Asia/Shanghai), ascending ids. */
export async function drawPopulation(db: Db, districtCode: string, month: string): Promise<number[]> {
  // Asia/Shanghai is UTC+8 all year (no daylight saving): the month starts at 16:00Z the day before.
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1, -8));
  const to = new Date(Date.UTC(y, m, 1, -8));
  const rows = await db
    .selectFrom('assessments as a')
    .select('a.id')
    .where('a.status', '=', 'signed')
    .where('a.district_code', '=', districtCode)
    .where('a.signed_at', '>=', from)
    .where('a.signed_at', '<', to)
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
    .orderBy('a.id')
    .execute();
  return rows.map((r) => r.id);
}

const hashIds = (ids: number[]) => createHash('sha256').update(ids.join(',')).digest('hex');

/** Assessor users whose grant reaches into the district (city-, district- or street-level grants). */
async function rechecherPool(db: Db, districtCode: string): Promise<number[]> {
  const grants = await db
    .selectFrom('role_grants')
    .select(['user_id', 'jurisdiction_code'])
    .where('role', '=', 'assessor')
    .where('jurisdiction_code', 'is not', null)
    .execute();
  const ids = grants
    .filter(
      (g) => districtCode.startsWith(codePrefix(g.jurisdiction_code!)) || g.jurisdiction_code!.startsWith(districtCode),
    )
    .map((g) => g.user_id);
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The draw itself, for an officer or for the monthly job (the system context). */
export async function drawRechecks(ctx: UseCaseContext, input: DrawInput): Promise<DrawView> {
  const { db, today } = ctx;
  const month = input.month ?? previousMonth(today);
  // Only completed months: a draw over a month still running would not be reproducible.
  if (month >= today.slice(0, 7)) throw new AppError('out_of_range', { field: 'month' }, 'month');
  const share = input.share ?? RECHECK_RULES_V1.defaultShare;
  const seed = input.seed ?? randomInt(0, 2 ** 32);
  const drawId = await db.transaction().execute(async (tx) => {
    const population = await drawPopulation(tx, input.districtCode, month);
    const { drawn, rand } = drawSample(population, share, seed);
    const draw = await tx
      .insertInto('recheck_draws')
      .values({
        district_code: input.districtCode,
        month,
        share,
        seed,
        algorithm: DRAW_ALGORITHM,
        population: population.length,
        population_hash: hashIds(population),
        drawn: drawn.length,
        drawn_by: userIdOf(ctx),
      })
      .onConflict((oc) => oc.columns(['district_code', 'month']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!draw) throw new AppError('recheck_draw_exists', { district: input.districtCode, month });
    const pool = await rechecherPool(tx, input.districtCode);
    const load = new Map<number, number>();
    for (const [position, assessmentId] of drawn.entries()) {
      const a = await tx
        .selectFrom('assessments as a')
        .innerJoin('elders as e', 'e.id', 'a.elder_id')
        .leftJoin('assessment_tasks as t', 't.id', 'a.task_id')
        .select([
          'a.elder_id',
          'a.total',
          'a.final_level',
          'a.rules_version',
          'a.assessor_1_id',
          'a.assessor_2_id',
          'e.community_code',
          't.institution_id',
        ])
        .where('a.id', '=', assessmentId)
        .executeTakeFirstOrThrow();
      const eligible: number[] = [];
      for (const userId of pool) {
        if (userId === a.assessor_1_id || userId === a.assessor_2_id) continue;
        const ok = await assertEligibleAssessor(
          tx,
          userId,
          { elderId: a.elder_id, communityCode: a.community_code, institutionId: a.institution_id ?? null },
          today,
        ).then(
          () => true,
          (err) => (err instanceof AppError ? false : Promise.reject(err)),
        );
        if (ok) eligible.push(userId);
      }
      const rechecker = pickRechecker(eligible, load, rand);
      await tx
        .insertInto('recheck_items')
        .values({
          draw_id: draw.id,
          assessment_id: assessmentId,
          elder_id: a.elder_id,
          district_code: input.districtCode,
          draw_position: position,
          recheck_assessor_id: rechecker,
          status: rechecker ? 'assigned' : 'unassigned',
          original_total: a.total!,
          original_level: a.final_level!,
          original_rules_version: a.rules_version!,
        })
        .execute();
    }
    await recordAudit(inTransaction(ctx, tx), {
      action: 'create',
      entityType: 'recheck_draw',
      entityId: draw.id,
      districtCode: input.districtCode,
      detail: { month, share, seed, population: population.length, drawn: drawn.length },
    });
    return draw.id;
  });
  return getDraw(db, drawId);
}

export async function drawRechecksFor(ctx: UseCaseContext, input: DrawInput): Promise<DrawView> {
  requireInReach(ctx.actor, ASSESSMENT_MANAGERS, input.districtCode);
  return drawRechecks(ctx, input);
}

export async function getDraw(db: Db, id: number): Promise<DrawView> {
  const draw = await db.selectFrom('recheck_draws').selectAll().where('id', '=', id).executeTakeFirst();
  if (!draw) throw new AppError('not_found');
  const items = await db
    .selectFrom('recheck_items as i')
    .leftJoin('users as u', 'u.id', 'i.recheck_assessor_id')
    .select([
      'i.id',
      'i.assessment_id',
      'i.elder_id',
      'i.draw_position',
      'i.status',
      'i.recheck_assessor_id',
      'u.display_name',
    ])
    .where('i.draw_id', '=', id)
    .orderBy('i.draw_position')
    .execute();
  return {
    id: draw.id,
    districtCode: draw.district_code,
    month: draw.month,
    share: Number(draw.share),
    seed: draw.seed,
    algorithm: draw.algorithm,
    population: draw.population,
    populationHash: draw.population_hash,
    drawn: draw.drawn,
    createdAt: draw.created_at.toISOString(),
    items: items.map((i) => ({
      id: i.id,
      assessmentId: i.assessment_id,
      elderId: i.elder_id,
      position: i.draw_position,
      status: i.status,
      recheckAssessor: i.recheck_assessor_id ? { id: i.recheck_assessor_id, name: i.display_name ?? '' } : null,
    })),
  };
}

/** Re-runs a recorded draw from its seed over today's population and says whether it matches. */
export async function verifyDraw(ctx: UseCaseContext, id: number): Promise<Static<typeof DrawVerified>> {
  const { db, actor } = ctx;
  const draw = await getDraw(db, id);
  requireInReach(actor, ASSESSMENT_MANAGERS, draw.districtCode);
  const population = await drawPopulation(db, draw.districtCode, draw.month);
  const again = drawSample(population, draw.share, draw.seed).drawn;
  const recorded = draw.items.map((i) => i.assessmentId);
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'recheck_draw',
    entityId: id,
    districtCode: draw.districtCode,
    detail: { verify: true },
  });
  return {
    id,
    seed: draw.seed,
    algorithm: draw.algorithm,
    populationUnchanged: hashIds(population) === draw.populationHash,
    reproduced: JSON.stringify(again) === JSON.stringify(recorded),
    drawn: recorded,
  };
}

/** The re-checker's own work list: whom to visit, never the first result. */
export async function myRechecks(ctx: UseCaseContext): Promise<MyRecheck[]> {
  const { db, actor } = ctx;
  const rows = await db
    .selectFrom('recheck_items as i')
    .innerJoin('elders as e', 'e.id', 'i.elder_id')
    .innerJoin('recheck_draws as d', 'd.id', 'i.draw_id')
    .select([
      'i.id',
      'i.elder_id',
      'e.name',
      'e.community_code',
      'e.address',
      'd.month',
      'i.status',
      'i.total',
      'i.final_level',
    ])
    .where('i.recheck_assessor_id', '=', actor.userId)
    .orderBy('i.id')
    .execute();
  await recordAudit(ctx, { action: 'list', entityType: 'recheck_item' });
  return rows.map((r) => ({
    id: r.id,
    elderId: r.elder_id,
    elderName: r.name,
    communityCode: r.community_code,
    address: r.address,
    month: r.month,
    status: r.status,
    total: r.total,
    finalLevel: r.final_level,
  }));
}

/** The blind re-score, under the rules version the original was signed with, so levels compare. */
export async function rescore(ctx: UseCaseContext, itemId: number, input: ScoreInput): Promise<RescoreOutcome> {
  const { db, actor } = ctx;
  return db.transaction().execute(async (tx) => {
    const item = await tx
      .selectFrom('recheck_items')
      .selectAll()
      .where('id', '=', itemId)
      .where('recheck_assessor_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) throw new AppError('not_found');
    await elderInScope(tx, actor, item.elder_id);
    if (item.status !== 'assigned')
      throw new AppError('assessment_wrong_status', { status: item.status, action: '复评/re-score' });
    assertValidInput(input);
    const result = scoreAssessment(input, await rulesByVersion(tx, item.original_rules_version));
    await tx
      .updateTable('recheck_items')
      .set({
        input: JSON.stringify(input),
        total: result.total,
        final_level: result.finalLevel,
        status: 'done',
        rescored_at: ctx.now,
      })
      .where('id', '=', itemId)
      .execute();
    const pair = {
      originalLevel: item.original_level,
      recheckLevel: result.finalLevel,
      originalTotal: item.original_total,
      recheckTotal: result.total,
    };
    let reviewId: number | null = null;
    if (needsReview(pair)) {
      reviewId = (
        await tx
          .insertInto('assessment_reviews')
          .values({
            recheck_item_id: itemId,
            assessment_id: item.assessment_id,
            elder_id: item.elder_id,
            district_code: item.district_code,
            level_difference: pair.recheckLevel - pair.originalLevel,
            total_difference: pair.recheckTotal - pair.originalTotal,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'recheck_item',
      entityId: itemId,
      districtCode: item.district_code,
      detail: { total: result.total, level: result.finalLevel, reviewId },
    });
    return {
      id: itemId,
      total: result.total,
      finalLevel: result.finalLevel,
      original: { total: item.original_total, finalLevel: item.original_level },
      reviewId,
    };
  });
}
