// 家庭养老照护床位: application (checked against the elder's current assessment level and the
// eligibility setting in force), home assessment, acceptance (the one-time building grant, paid
// through the ledger once per elder, ever), service contract (enrolment in the monthly nursing
// subsidy through the subsidies domain) and closure with a reason (the enrolment ends with the bed).
import type { Selectable } from 'kysely';
import { monthOf } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { currentLevel } from '../assessment/current-level.js';
import { recordAudit } from '../identity/audit.js';
import { type Db, inTransaction, type UseCaseContext } from '../identity/context.js';
import { HOME_CARE_BED_APPROVERS, HOME_CARE_BED_WRITERS } from '../identity/permissions.js';
import { ensureAccount } from '../ledger/accounts.js';
import { move } from '../ledger/transfers.js';
import { type Evaluation, evaluatePolicy } from '../policy/evaluate.js';
import { endEnrolment, enrol } from '../subsidies/enrolments.js';
import { budgetAccounts } from '../subsidies/post.js';
import type {
  AcceptBody,
  AssessBody,
  BedPage,
  BedQuery,
  BedSummary,
  BedView,
  CloseBody,
  ContractBody,
  CreateBedBody,
} from './schemas.js';
import { endPlan } from './service-plans.js';
import { settingFor } from './settings.js';
import type { BedAction, BedStatus, HomeCareBedsTable } from './tables.js';

type BedRow = Selectable<HomeCareBedsTable>;

/** The state each transition starts from; closing is allowed from any open state. */
const FROM: Record<Exclude<BedAction, 'apply'>, readonly BedStatus[]> = {
  assess: ['applied'],
  accept: ['assessed'],
  contract: ['accepted'],
  close: ['applied', 'assessed', 'accepted', 'contracted'],
};
const TO: Record<Exclude<BedAction, 'apply'>, BedStatus> = {
  assess: 'assessed',
  accept: 'accepted',
  contract: 'contracted',
  close: 'closed',
};

export const grantKey = (elderId: number) => `sys:hcb:grant:e${elderId}`;

function visibleTo(ctx: UseCaseContext, row: { community_code: string; elder_id: number }): boolean {
  return (
    ctx.reach.places(HOME_CARE_BED_WRITERS).covers(row.community_code) || ctx.reach.elders().includes(row.elder_id)
  );
}

/** A bed the caller may see, else 404 (the same answer as a missing id). */
async function bedOrNotFound(db: Db, ctx: UseCaseContext, id: number, lock = false): Promise<BedRow> {
  let q = db.selectFrom('home_care_beds').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || !visibleTo(ctx, row)) throw new AppError('not_found');
  return row;
}

/** An organisation named in a body, inside the caller's jurisdiction, else 404 naming the field. */
async function organisationInReach(ctx: UseCaseContext, id: number, field: string) {
  const org = await ctx.db
    .selectFrom('organisations')
    .select(['id', 'name', 'jurisdiction_code', 'district_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!org || !ctx.reach.places(HOME_CARE_BED_WRITERS).covers(org.jurisdiction_code))
    throw new AppError('not_found', {}, field);
  return org;
}

const summary = (r: BedRow & { elder_name: string; community_name: string | null }): BedSummary => ({
  id: r.id,
  elderId: r.elder_id,
  elderName: r.elder_name,
  districtCode: r.district_code,
  communityCode: r.community_code,
  communityName: r.community_name,
  status: r.status,
  retrofitDone: r.retrofit_done,
  eligibilityLevel: r.eligibility_level,
  appliedOn: r.applied_on,
  buildingOrganisationId: r.building_organisation_id,
  providerOrganisationId: r.provider_organisation_id,
  closeReason: r.close_reason,
  closedOn: r.closed_on,
});

async function viewOf(db: Db, id: number): Promise<BedView> {
  const row = await db
    .selectFrom('home_care_beds as b')
    .innerJoin('elders as e', 'e.id', 'b.elder_id')
    .leftJoin('jurisdictions as c', 'c.code', 'b.community_code')
    .selectAll('b')
    .select(['e.name as elder_name', 'c.name as community_name'])
    .where('b.id', '=', id)
    .executeTakeFirstOrThrow();
  const [events, grant] = await Promise.all([
    db
      .selectFrom('home_care_bed_events as v')
      .leftJoin('users as u', 'u.id', 'v.user_id')
      .select(['v.action', 'v.from_status', 'v.to_status', 'v.on_date', 'v.details', 'v.at', 'u.username'])
      .where('v.bed_id', '=', id)
      .orderBy('v.id')
      .execute(),
    db.selectFrom('home_care_bed_grants').selectAll().where('elder_id', '=', row.elder_id).executeTakeFirst(),
  ]);
  return {
    ...summary(row),
    servicePlan: (row.service_plan as BedView['servicePlan']) ?? null,
    familySickbedRef: row.family_sickbed_ref,
    enrolmentId: row.enrolment_id,
    grant: grant
      ? {
          amountFen: Number(grant.amount_fen),
          organisationId: grant.organisation_id,
          paidOn: grant.paid_on,
          transferId: Number(grant.transfer_id),
          policyVersionId: Number(grant.policy_version_id),
        }
      : null,
    history: events.map((e) => ({
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      onDate: e.on_date,
      by: e.username,
      at: new Date(e.at).toISOString(),
      details: (e.details ?? {}) as Record<string, unknown>,
    })),
  };
}

async function recordEvent(
  ctx: UseCaseContext,
  bed: { id: number; district_code: string },
  action: BedAction,
  from: BedStatus | null,
  to: BedStatus,
  onDate: string,
  details: Record<string, unknown>,
): Promise<void> {
  await ctx.db
    .insertInto('home_care_bed_events')
    .values({
      bed_id: bed.id,
      district_code: bed.district_code,
      action,
      from_status: from,
      to_status: to,
      on_date: onDate,
      details: JSON.stringify(details),
      user_id: ctx.actor.userId,
    })
    .execute();
  await recordAudit(ctx, {
    action: action === 'apply' ? 'create' : 'update',
    entityType: 'home_care_bed',
    entityId: bed.id,
    districtCode: bed.district_code,
    detail: { action, from, to },
  });
}

export async function applyForBed(ctx: UseCaseContext, input: CreateBedBody): Promise<BedView> {
  const elder = await ctx.db
    .selectFrom('elders')
    .select(['id', 'community_code', 'district_code', 'status'])
    .where('id', '=', input.elderId)
    .executeTakeFirst();
  if (!elder || !ctx.reach.places(HOME_CARE_BED_WRITERS).covers(elder.community_code))
    throw new AppError('not_found', {}, 'elderId');
  if (elder.status !== 'active') throw new AppError('hcb_elder_inactive', {}, 'elderId');
  const rule = await settingFor<{ minLevel: number }>(
    ctx.db,
    'homeCareBed.eligibility',
    elder.community_code,
    ctx.today,
  );
  if (!rule)
    throw new AppError(
      'policy_not_in_force',
      { rule: 'homeCareBed.eligibility', jurisdiction: elder.community_code, date: ctx.today },
      'elderId',
    );
  const level = await currentLevel(ctx.db, elder.id);
  if (!level) throw new AppError('hcb_no_assessment', {}, 'elderId');
  if (level.level < rule.value.minLevel)
    throw new AppError('hcb_not_eligible', { level: level.level, minLevel: rule.value.minLevel }, 'elderId');
  const id = await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const bed = await tx
      .insertInto('home_care_beds')
      .values({
        elder_id: elder.id,
        district_code: elder.district_code,
        community_code: elder.community_code,
        retrofit_done: input.retrofitDone,
        eligibility_level: level.level,
        eligibility_assessment_id: level.assessmentId,
        applied_on: ctx.today,
        created_by: ctx.actor.userId,
      })
      .onConflict((oc) => oc.column('elder_id').where('status', '<>', 'closed').doNothing())
      .returning(['id', 'district_code'])
      .executeTakeFirst();
    if (!bed) {
      const open = await tx
        .selectFrom('home_care_beds')
        .select('id')
        .where('elder_id', '=', elder.id)
        .where('status', '<>', 'closed')
        .executeTakeFirstOrThrow();
      throw new AppError('hcb_open_exists', { id: open.id }, 'elderId');
    }
    await recordEvent(t, bed, 'apply', null, 'applied', ctx.today, {
      retrofitDone: input.retrofitDone,
      level: level.level,
      assessmentId: level.assessmentId,
      eligibilitySettingId: rule.id,
      ...(input.note ? { note: input.note } : {}),
    });
    return bed.id;
  });
  return viewOf(ctx.db, id);
}

export async function getBed(ctx: UseCaseContext, id: number): Promise<BedView> {
  const bed = await bedOrNotFound(ctx.db, ctx, id);
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'home_care_bed',
    entityId: id,
    districtCode: bed.district_code,
  });
  return viewOf(ctx.db, id);
}

export async function listBeds(ctx: UseCaseContext, q: BedQuery): Promise<BedPage> {
  const scope = ctx.reach.places(HOME_CARE_BED_WRITERS);
  const own = ctx.reach.elders();
  const pageSize = 100;
  let query = ctx.db
    .selectFrom('home_care_beds as b')
    .innerJoin('elders as e', 'e.id', 'b.elder_id')
    .where((eb) =>
      eb.or([scope.inJurisdiction('b.community_code'), ...(own.length ? [eb('b.elder_id', 'in', own)] : [])]),
    );
  if (q.elderId) query = query.where('b.elder_id', '=', q.elderId);
  if (q.status) query = query.where('b.status', '=', q.status);
  if (q.community) query = query.where('b.community_code', 'like', `${q.community}%`);
  const [rows, count] = await Promise.all([
    query
      .leftJoin('jurisdictions as c', 'c.code', 'b.community_code')
      .selectAll('b')
      .select(['e.name as elder_name', 'c.name as community_name'])
      .orderBy('b.id', 'desc')
      .limit(pageSize)
      .offset(((q.page ?? 1) - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, { action: 'list', entityType: 'home_care_bed', detail: { ...q } });
  return { items: rows.map(summary), total: Number(count.n) };
}

/** Loads the bed for a transition: visible (else 404), allowed to this role (else 403), in the right state (else 409). */
async function forTransition(
  db: Db,
  ctx: UseCaseContext,
  id: number,
  action: Exclude<BedAction, 'apply'>,
  lock = false,
) {
  const bed = await bedOrNotFound(db, ctx, id, lock);
  const roles = action === 'assess' ? HOME_CARE_BED_WRITERS : HOME_CARE_BED_APPROVERS;
  if (!ctx.reach.places(roles).covers(bed.community_code)) throw new AppError('forbidden');
  if (!FROM[action].includes(bed.status)) throw new AppError('hcb_state', { status: bed.status, action });
  return bed;
}

async function advance(
  ctx: UseCaseContext,
  bed: BedRow,
  action: Exclude<BedAction, 'apply'>,
  onDate: string,
  set: Partial<Record<keyof HomeCareBedsTable, unknown>>,
  details: Record<string, unknown>,
): Promise<void> {
  const updated = await ctx.db
    .updateTable('home_care_beds')
    .set({ ...(set as object), status: TO[action], updated_at: ctx.now.toISOString() })
    .where('id', '=', bed.id)
    .where('status', '=', bed.status)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new AppError('hcb_state', { status: 'changed', action });
  await recordEvent(ctx, bed, action, bed.status, TO[action], onDate, details);
}

export async function assessBed(ctx: UseCaseContext, id: number, body: AssessBody = {}): Promise<BedView> {
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const bed = await forTransition(tx, t, id, 'assess', true);
    if (body.buildingOrganisationId)
      await organisationInReach(t, body.buildingOrganisationId, 'buildingOrganisationId');
    await advance(
      t,
      bed,
      'assess',
      body.assessedOn ?? ctx.today,
      body.buildingOrganisationId ? { building_organisation_id: body.buildingOrganisationId } : {},
      { ...body },
    );
  });
  return viewOf(ctx.db, id);
}

const notInForce = (err: unknown) => err instanceof AppError && err.code === 'policy_not_in_force';

/**
 * Acceptance (验收合格): the building institution receives the one-time grant from the district
 * budget, at the amount the rule in force gives (less when the home was already retrofitted), unless
 * this elder ever had one (here or as a subsidies award). The ledger key is per elder, so even a
 * concurrent second acceptance cannot pay twice.
 */
export async function acceptBed(ctx: UseCaseContext, id: number, body: AcceptBody = {}): Promise<BedView> {
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const bed = await forTransition(tx, t, id, 'accept', true);
    const orgId = body.buildingOrganisationId ?? bed.building_organisation_id;
    if (!orgId) throw new AppError('required', { field: 'buildingOrganisationId' }, 'buildingOrganisationId');
    const org = await organisationInReach(t, orgId, 'buildingOrganisationId');
    const onDate = body.acceptedOn ?? ctx.today;
    const [before, award] = await Promise.all([
      tx.selectFrom('home_care_bed_grants').select('id').where('elder_id', '=', bed.elder_id).executeTakeFirst(),
      tx
        .selectFrom('subsidy_awards')
        .select('id')
        .where('programme', '=', 'homeCareBed.oneTimeGrant')
        .where('elder_id', '=', bed.elder_id)
        .executeTakeFirst(),
    ]);
    let grant: Evaluation | null = null;
    try {
      grant = await evaluatePolicy(tx, {
        jurisdictionCode: bed.community_code,
        rule: 'homeCareBed.oneTimeGrant',
        onDate,
        facts: { retrofitDone: bed.retrofit_done, grantedBefore: !!(before || award), acceptancePassed: true },
      });
    } catch (err) {
      if (!notInForce(err)) throw err;
    }
    const details: Record<string, unknown> = { ...body, buildingOrganisationId: orgId };
    if (grant?.eligible) {
      const budgets = await budgetAccounts(tx, bed.district_code);
      const account = await ensureAccount(tx, {
        type: 'provider',
        currency: 'CNY_FEN',
        name: org.name,
        ownerType: 'organisation',
        ownerId: org.id,
        jurisdictionCode: org.jurisdiction_code,
        districtCode: org.district_code,
      });
      const paid = await move(tx, {
        kind: 'posted',
        debitAccountId: budgets.district,
        creditAccountId: account.account.id,
        amount: grant.amountFen,
        key: grantKey(bed.elder_id),
        reason: 'subsidy',
        memo: `家庭养老照护床位 #${bed.id} 一次性建床补助`,
        createdBy: ctx.actor.userId,
        provenance: {
          programme: 'homeCareBed.oneTimeGrant',
          period: monthOf(onDate),
          policyVersionId: grant.source.versionId,
          districtCode: bed.district_code,
        },
      });
      await tx
        .insertInto('home_care_bed_grants')
        .values({
          bed_id: bed.id,
          elder_id: bed.elder_id,
          organisation_id: org.id,
          district_code: bed.district_code,
          amount_fen: grant.amountFen,
          policy_version_id: grant.source.versionId,
          transfer_id: paid.transfer.id,
          paid_on: onDate,
        })
        .execute();
      details.grantFen = grant.amountFen;
    } else {
      details.grant = grant ? grant.explanation.at(-1)?.zh : 'no rule in force';
    }
    await advance(t, bed, 'accept', onDate, { building_organisation_id: orgId }, details);
  });
  return viewOf(ctx.db, id);
}

/**
 * Service contract: the provider and the service plan are recorded and the elder is enrolled in
 * the monthly nursing subsidy from the start date (the monthly run pays it). The enrolment is the
 * subsidies domain's own write; without a rule in force at the place there is none.
 * The weekly plan that generates recurring home-care orders is set afterwards (service-plans.ts).
 */
export async function contractBed(ctx: UseCaseContext, id: number, body: ContractBody = {}): Promise<BedView> {
  const bed = await forTransition(ctx.db, ctx, id, 'contract');
  const providerId = body.providerOrganisationId ?? bed.building_organisation_id;
  if (!providerId) throw new AppError('required', { field: 'providerOrganisationId' }, 'providerOrganisationId');
  await organisationInReach(ctx, providerId, 'providerOrganisationId');
  const startOn = body.startOn ?? ctx.today;
  let enrolmentId: number | null = null;
  try {
    const e = await enrol(ctx, {
      programme: 'homeCareBed.monthlyNursing',
      elderId: bed.elder_id,
      effectiveFrom: startOn,
      facts: { bedActive: true },
    });
    enrolmentId = e.id;
  } catch (err) {
    if (err instanceof AppError && err.code === 'enrolment_exists') enrolmentId = Number(err.params.id);
    else if (!notInForce(err)) throw err;
  }
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const locked = await forTransition(tx, t, id, 'contract', true);
    await advance(
      t,
      locked,
      'contract',
      startOn,
      {
        provider_organisation_id: providerId,
        service_plan: body.servicePlan ? JSON.stringify(body.servicePlan) : null,
        family_sickbed_ref: body.familySickbedRef ?? null,
        enrolment_id: enrolmentId,
      },
      { ...body, providerOrganisationId: providerId, enrolmentId },
    );
  });
  return viewOf(ctx.db, id);
}

/**
 * Closure with its reason; the monthly nursing enrolment ends on the same day, and so does the
 * service plan (its home-care orders not yet started are cancelled with the reason).
 */
export async function closeBed(ctx: UseCaseContext, id: number, body: CloseBody): Promise<BedView> {
  const bed = await forTransition(ctx.db, ctx, id, 'close');
  const closedOn = body.closedOn ?? ctx.today;
  if (closedOn < bed.applied_on) throw new AppError('out_of_range', { field: 'closedOn' }, 'closedOn');
  if (bed.enrolment_id) {
    try {
      await endEnrolment(ctx, bed.enrolment_id, closedOn);
    } catch (err) {
      // Already ended through the subsidies API: the bed closes all the same.
      if (!(err instanceof AppError && err.code === 'run_state')) throw err;
    }
  }
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const locked = await forTransition(tx, t, id, 'close', true);
    await advance(t, locked, 'close', closedOn, { close_reason: body.reason, closed_on: closedOn }, { ...body });
    await endPlan(t, locked, closedOn, body.reason);
  });
  return viewOf(ctx.db, id);
}
