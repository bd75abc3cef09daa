// Recording cognitive screens; a positive screen opens a referral task for diagnosis in the same
// transaction, so no positive result is left without one.
import type { Static } from 'typebox';
import { AppError, validationError } from '../../lib/errors.js';
import { visibleElders } from '../elders/service.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { coversCode, hasRole } from '../identity/scope.js';
import { type Db, elderInScope, requireRoleFor, SCREENERS } from './access.js';
import { checkScreen, type ScreenCutoffs, scoreScreen } from './screens.js';
import type { Instrument } from './tables.js';
import type { ReferralClosed, ReferralView, ScreenView } from './view-schemas.js';

export type { ScreenView } from './view-schemas.js';

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function activeCutoffs(db: Db): Promise<ScreenCutoffs> {
  const row = await db
    .selectFrom('cognitive_cutoff_versions')
    .select('cutoffs')
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return parse<ScreenCutoffs>(row.cutoffs);
}

export interface ScreenInput {
  elderId: number;
  instrument: Instrument;
  answers: ScreenView['answers'];
  screenedOn?: string;
  assessmentId?: number | null;
}

export async function recordScreen(ctx: UseCaseContext, input: ScreenInput): Promise<ScreenView> {
  const { db, actor } = ctx;
  const elder = await elderInScope(db, actor, input.elderId);
  requireRoleFor(actor, SCREENERS, elder.community_code);
  const problems = checkScreen(input.instrument, input.answers);
  if (problems.length) throw validationError(problems);
  const screenedOn = input.screenedOn ?? ctx.today;
  if (screenedOn > ctx.today) throw new AppError('out_of_range', { field: 'screenedOn' }, 'screenedOn');
  if (input.assessmentId) {
    const a = await db
      .selectFrom('assessments')
      .select('elder_id')
      .where('id', '=', input.assessmentId)
      .executeTakeFirst();
    if (!a || a.elder_id !== elder.id) throw new AppError('not_found', {}, 'assessmentId');
  }
  return db.transaction().execute(async (tx) => {
    const result = scoreScreen(input.instrument, input.answers, await activeCutoffs(tx));
    const screen = await tx
      .insertInto('cognitive_screens')
      .values({
        elder_id: elder.id,
        district_code: elder.district_code,
        assessment_id: input.assessmentId ?? null,
        instrument: input.instrument,
        answers: JSON.stringify(input.answers),
        raw_score: result.rawScore,
        score: result.score,
        education_years: result.educationYears,
        education_level: result.educationLevel,
        cutoffs_version: result.cutoffsVersion,
        positive: result.positive,
        screened_on: screenedOn,
        screened_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let referralTaskId: number | null = null;
    if (result.positive) {
      referralTaskId = (
        await tx
          .insertInto('cognitive_referral_tasks')
          .values({ elder_id: elder.id, district_code: elder.district_code, screen_id: screen.id })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    await recordAudit(tx, actor, {
      action: 'create',
      entityType: 'cognitive_screen',
      entityId: screen.id,
      districtCode: elder.district_code,
      detail: { instrument: input.instrument, positive: result.positive },
    });
    return { ...result, id: screen.id, elderId: elder.id, screenedOn, answers: input.answers, referralTaskId };
  });
}

export async function listScreens(ctx: UseCaseContext, elderId: number): Promise<ScreenView[]> {
  const { db, actor } = ctx;
  const elder = await elderInScope(db, actor, elderId);
  const rows = await db
    .selectFrom('cognitive_screens as s')
    .leftJoin('cognitive_referral_tasks as r', 'r.screen_id', 's.id')
    .selectAll('s')
    .select('r.id as referral_id')
    .where('s.elder_id', '=', elderId)
    .orderBy('s.screened_on', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
  await recordAudit(db, actor, {
    action: 'read',
    entityType: 'cognitive_screen',
    entityId: elderId,
    districtCode: elder.district_code,
  });
  return rows.map((r) => ({
    id: r.id,
    elderId: r.elder_id,
    instrument: r.instrument,
    rawScore: r.raw_score,
    score: r.score,
    positive: r.positive,
    educationLevel: r.education_level,
    educationYears: r.education_years,
    cutoffsVersion: r.cutoffs_version,
    screenedOn: r.screened_on,
    answers: parse<ScreenView['answers']>(r.answers),
    referralTaskId: r.referral_id ?? null,
    interpretation: r.positive
      ? { zh: '筛查阳性，建议转诊确诊', en: 'Positive screen: refer for diagnosis' }
      : { zh: '筛查阴性', en: 'Negative screen' },
  }));
}

/** Referral tasks of the elders the actor sees. */
export async function listReferrals(
  ctx: UseCaseContext,
  status: 'open' | 'done' | 'cancelled' | undefined,
): Promise<ReferralView[]> {
  const { db, actor } = ctx;
  if (!hasRole(actor, SCREENERS)) throw new AppError('forbidden');
  const rows = await visibleElders(db, actor)
    .innerJoin('cognitive_referral_tasks as r', 'r.elder_id', 'elders.id')
    .innerJoin('cognitive_screens as s', 's.id', 'r.screen_id')
    .select([
      'r.id',
      'r.elder_id',
      'elders.name',
      'r.district_code',
      'r.status',
      'r.outcome',
      'r.created_at',
      's.instrument',
      's.score',
      's.screened_on',
    ])
    .$if(status !== undefined, (q) => q.where('r.status', '=', status!))
    .orderBy('r.id', 'desc')
    .limit(500)
    .execute();
  await recordAudit(db, actor, { action: 'list', entityType: 'cognitive_referral', detail: { status } });
  return rows.map((r) => ({
    id: r.id,
    elderId: r.elder_id,
    elderName: r.name,
    districtCode: r.district_code,
    status: r.status,
    outcome: r.outcome,
    instrument: r.instrument,
    score: r.score,
    screenedOn: r.screened_on,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function closeReferral(
  ctx: UseCaseContext,
  id: number,
  status: 'done' | 'cancelled',
  outcome: string,
): Promise<Static<typeof ReferralClosed>> {
  const { db, actor } = ctx;
  const row = await db.selectFrom('cognitive_referral_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const elder = await elderInScope(db, actor, row.elder_id);
  if (!coversCode(actor, SCREENERS, elder.community_code)) throw new AppError('forbidden');
  if (row.status !== 'open')
    throw new AppError('assessment_wrong_status', { status: row.status, action: '关闭/close' });
  await db
    .updateTable('cognitive_referral_tasks')
    .set({ status, outcome, closed_at: new Date(), closed_by: actor.userId })
    .where('id', '=', id)
    .execute();
  await recordAudit(db, actor, {
    action: 'update',
    entityType: 'cognitive_referral',
    entityId: id,
    districtCode: row.district_code,
    detail: { status },
  });
  return { id, status, outcome };
}
