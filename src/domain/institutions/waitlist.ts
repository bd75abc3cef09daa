// The admission waiting list's use cases: apply, re-place after new facts, answer an offer, withdraw.
// Priority is computed by the pure rule (waitlist-policy.ts) from facts read through the elder
// registry (getElder: scope-checked and audited) and the assessment-level adapter.
import { type Selectable, sql, type Transaction } from 'kysely';
import { violates } from '../../db/errors.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { getElder, visibleElders } from '../elders/service.js';
import type { Actor } from '../identity/access.js';
import type { Db, UseCaseContext } from '../identity/context.js';
import { REGISTRY_WRITERS } from '../identity/permissions.js';
import { coversCode, grantedElderIds, hasRole } from '../identity/scope.js';
import { INSTITUTION_OFFICERS } from './access.js';
import { assessmentLevelOf } from './assessment-level.js';
import { OWNERSHIP_LABELS } from './kinds.js';
import { occupancyByInstitution } from './occupancy.js';
import {
  expireDueOffers,
  fillFreeBeds,
  inOfferTransaction,
  policyFor,
  recordWaitlistEvent,
  releaseOfferBed,
  returnToQueue,
  waitlistApplies,
} from './offers.js';
import type { BedOffersTable, WaitlistApplicationsTable } from './tables.js';
import { type ApplicantFacts, type Placement, placeApplicant, waitlistPolicyOn } from './waitlist-policy.js';
import type { AdmissionChoices } from './waitlist-schemas.js';

type Tx = Transaction<DB>;

/** The facts the policy weighs, read through the registry (which checks scope and audits). */
async function applicantFacts(
  ctx: UseCaseContext,
  elderId: number,
): Promise<{ facts: ApplicantFacts; status: string; districtCode: string }> {
  const { today } = ctx;
  const elder = await getElder(ctx.db, ctx.actor, elderId, { purpose: 'admission waiting list (入院评估轮候)' });
  const flags = elder.flags
    .filter(
      (f) => (f.effectiveFrom == null || f.effectiveFrom <= today) && (f.effectiveTo == null || f.effectiveTo >= today),
    )
    .map((f) => f.flag);
  const level = await assessmentLevelOf(ctx.db, elderId);
  return { facts: { age: elder.age, flags, level }, status: elder.status, districtCode: elder.districtCode };
}

/** Family of the elder, or registry writers whose scope holds the elder. */
async function mayActFor(db: Db, actor: Actor, elderId: number): Promise<boolean> {
  if (grantedElderIds(actor).includes(elderId)) return true;
  if (!hasRole(actor, REGISTRY_WRITERS)) return false;
  return !!(await visibleElders(db, actor).select('elders.id').where('elders.id', '=', elderId).executeTakeFirst());
}

/** Reading an application: the applicant's side, the elder's registry scope, or the bureau of a chosen institution. */
export async function mayReadApplication(ctx: UseCaseContext, app: { id: number; elder_id: number }): Promise<boolean> {
  const { db, actor } = ctx;
  if (grantedElderIds(actor).includes(app.elder_id)) return true;
  if (await visibleElders(db, actor).select('elders.id').where('elders.id', '=', app.elder_id).executeTakeFirst())
    return true;
  const chosen = await db
    .selectFrom('waitlist_choices as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select('o.jurisdiction_code')
    .where('c.application_id', '=', app.id)
    .execute();
  return chosen.some((o) => coversCode(actor, INSTITUTION_OFFICERS, o.jurisdiction_code));
}

/**
 * GET /waitlist/institutions?elderId=: the public institutions of the elder's city that allocate
 * their beds through the waiting list, the elder's own district first, for whoever may apply for them
 * (the family, or a registry writer in scope). Institutions are public facts; the elder is not.
 */
export async function admissionChoices(ctx: UseCaseContext, elderId: number): Promise<AdmissionChoices> {
  const { db, actor, now } = ctx;
  if (!(await mayActFor(db, actor, elderId))) throw new AppError('not_found');
  const elder = await db.selectFrom('elders').select('district_code').where('id', '=', elderId).executeTakeFirst();
  if (!elder) throw new AppError('not_found');
  const rows = await db
    .selectFrom('organisations as o')
    .leftJoin('jurisdictions as d', 'd.code', 'o.district_code')
    .select(['o.id', 'o.kind', 'o.name', 'o.ownership', 'o.jurisdiction_code', 'o.district_code', 'o.address'])
    .select('d.name as district_name')
    .where('o.kind', '=', 'institution')
    .where('o.ownership', 'is not', null)
    .where('o.district_code', 'like', `${elder.district_code.slice(0, 4)}%`)
    .orderBy(sql`o.district_code = ${elder.district_code}`, 'desc')
    .orderBy('o.district_code')
    .orderBy('o.name')
    .limit(2_000)
    .execute();
  const open = rows.filter((o) => waitlistApplies(o, policyFor(o, now))).slice(0, 500);
  const occupancy = await occupancyByInstitution(
    db,
    open.map((o) => o.id),
  );
  return open.map((o) => ({
    id: o.id,
    name: o.name,
    ownershipLabel: o.ownership ? OWNERSHIP_LABELS[o.ownership] : null,
    districtCode: o.district_code,
    districtName: o.district_name,
    address: o.address,
    freeBeds: occupancy.get(o.id)?.free ?? 0,
    ownDistrict: o.district_code === elder.district_code,
  }));
}

export interface ApplyInput {
  elderId: number;
  organisationIds: number[];
  /** A paper application's date; its place in the tier counts from that day. Defaults to today. */
  appliedOn?: string;
}

export async function applyForAdmission(ctx: UseCaseContext, input: ApplyInput): Promise<number> {
  const { db, actor, now, today } = ctx;
  if (!grantedElderIds(actor).includes(input.elderId) && !hasRole(actor, REGISTRY_WRITERS))
    throw new AppError('forbidden');
  if (input.appliedOn && input.appliedOn > today)
    throw new AppError('out_of_range', { field: 'appliedOn' }, 'appliedOn');
  const { facts, status, districtCode } = await applicantFacts(ctx, input.elderId);
  if (status !== 'active') throw new AppError('already_archived');
  if (!(await mayActFor(db, actor, input.elderId))) throw new AppError('forbidden');
  const ids = [...new Set(input.organisationIds)];
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'ownership', 'name', 'jurisdiction_code', 'district_code'])
    .where('id', 'in', ids)
    .execute();
  for (const id of ids) {
    const org = orgs.find((o) => o.id === id);
    if (!org) throw new AppError('not_found', {}, 'organisationIds');
    if (!waitlistApplies(org, policyFor(org, now)))
      throw new AppError('waitlist_not_public', { name: org.name }, 'organisationIds');
  }
  const policy = waitlistPolicyOn(today, districtCode);
  const placement = placeApplicant(facts, policy);
  const queuedAt = input.appliedOn && input.appliedOn < today ? new Date(`${input.appliedOn}T00:00:00+08:00`) : now;
  return inOfferTransaction(db, async (tx) => {
    let app: Selectable<WaitlistApplicationsTable>;
    try {
      app = await tx
        .insertInto('waitlist_applications')
        .values({
          elder_id: input.elderId,
          district_code: districtCode,
          applied_on: input.appliedOn ?? today,
          queued_at: queuedAt,
          eligible: placement.eligible,
          priority_tier: placement.tier,
          priority_label: placement.label,
          priority_reasons: JSON.stringify(placement.reasons),
          policy_version: placement.policyVersion,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (violates(err, 'waitlist_applications_open_elder_key')) throw new AppError('waitlist_open_exists');
      throw err;
    }
    await tx
      .insertInto('waitlist_choices')
      .values(orgs.map((o) => ({ application_id: app.id, organisation_id: o.id, district_code: o.district_code })))
      .execute();
    const reason = placement.eligible
      ? `进入轮候：优先档 ${placement.tier}（${placement.label}），依据 ${placement.reasons.join('；')}`
      : `暂不符合入住条件：${placement.reasons.join('；')}`;
    await recordWaitlistEvent(tx, actor, app, 'applied', reason, {
      tier: placement.tier,
      eligible: placement.eligible,
      organisationIds: ids,
      policyVersion: placement.policyVersion,
    });
    // Beds already free (nobody else eligible wanted them) go to the new applicant at once.
    if (placement.eligible) for (const o of orgs) await fillFreeBeds(tx, actor, o.id, now);
    return app.id;
  });
}

async function lockApplication(tx: Tx, id: number) {
  const app = await tx
    .selectFrom('waitlist_applications')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!app) throw new AppError('not_found');
  return app;
}

const OPEN = ['waiting', 'offered', 'accepted'];

/** Re-reads the applicant's facts (a new assessment, a new 特困 status) and re-places them. */
export async function refreshPriority(ctx: UseCaseContext, applicationId: number): Promise<Placement> {
  const { db, actor, now, today } = ctx;
  const current = await db
    .selectFrom('waitlist_applications')
    .select(['elder_id', 'district_code'])
    .where('id', '=', applicationId)
    .executeTakeFirst();
  if (!current || !(await mayActFor(db, actor, current.elder_id))) throw new AppError('not_found');
  const { facts } = await applicantFacts(ctx, current.elder_id);
  const placement = placeApplicant(facts, waitlistPolicyOn(today, current.district_code));
  await inOfferTransaction(db, async (tx) => {
    const app = await lockApplication(tx, applicationId);
    if (!OPEN.includes(app.status)) throw new AppError('waitlist_closed', { status: app.status });
    if (
      app.priority_tier === placement.tier &&
      app.eligible === placement.eligible &&
      app.policy_version === placement.policyVersion
    )
      return;
    await tx
      .updateTable('waitlist_applications')
      .set({
        eligible: placement.eligible,
        priority_tier: placement.tier,
        priority_label: placement.label,
        priority_reasons: JSON.stringify(placement.reasons),
        policy_version: placement.policyVersion,
        updated_at: now,
      })
      .where('id', '=', app.id)
      .execute();
    const reason = `优先档由 ${app.priority_tier}（${app.priority_label}）调整为 ${placement.tier}（${placement.label}）：${placement.reasons.join('；')}`;
    await recordWaitlistEvent(tx, actor, app, 'priority_changed', reason, {
      from: app.priority_tier,
      to: placement.tier,
      eligible: placement.eligible,
      policyVersion: placement.policyVersion,
    });
    if (placement.eligible && app.status === 'waiting') {
      const chosen = await tx
        .selectFrom('waitlist_choices')
        .select('organisation_id')
        .where('application_id', '=', app.id)
        .execute();
      for (const c of chosen) await fillFreeBeds(tx, actor, c.organisation_id, now);
    }
  });
  return placement;
}

async function lockOffer(tx: Tx, offerId: number): Promise<Selectable<BedOffersTable>> {
  const offer = await tx.selectFrom('bed_offers').selectAll().where('id', '=', offerId).forUpdate().executeTakeFirst();
  if (!offer) throw new AppError('not_found');
  return offer;
}

const OFFER_STATUS_WORDS: Record<string, string> = {
  active: '待答复',
  accepted: '已接受',
  declined: '已放弃',
  expired: '已过期',
  withdrawn: '已撤回',
  admitted: '已入住',
};

/** The applicant (or someone acting for them) accepts or declines an offer. */
export async function answerOffer(
  ctx: UseCaseContext,
  offerId: number,
  answer: 'accept' | 'decline',
  body: { note?: string },
): Promise<number> {
  const { db, actor, now } = ctx;
  const note = body.note ?? null;
  await expireDueOffers(db, now, { offerId });
  return inOfferTransaction(db, async (tx) => {
    const offer = await lockOffer(tx, offerId);
    if (!(await mayActFor(tx, actor, offer.elder_id))) throw new AppError('not_found');
    if (offer.status !== 'active')
      throw new AppError('offer_not_open', { status: OFFER_STATUS_WORDS[offer.status] ?? offer.status });
    const app = await lockApplication(tx, offer.application_id);
    const org = await tx
      .selectFrom('organisations')
      .select(['name', 'jurisdiction_code'])
      .where('id', '=', offer.organisation_id)
      .executeTakeFirstOrThrow();
    const bed = await tx.selectFrom('beds').select('label').where('id', '=', offer.bed_id).executeTakeFirstOrThrow();
    await tx
      .updateTable('bed_offers')
      .set({ status: answer === 'accept' ? 'accepted' : 'declined', responded_at: now, response_note: note })
      .where('id', '=', offer.id)
      .execute();
    if (answer === 'accept') {
      await tx
        .updateTable('waitlist_applications')
        .set({ status: 'accepted', updated_at: now })
        .where('id', '=', app.id)
        .execute();
      await recordWaitlistEvent(tx, actor, app, 'accepted', `接受 ${org.name} 床位 ${bed.label}，等待办理入住`, {
        offerId: offer.id,
        note,
      });
    } else {
      await returnToQueue(
        tx,
        actor,
        app,
        'declined',
        `放弃 ${org.name} 床位 ${bed.label}${note ? `（${note}）` : ''}`,
        policyFor(org, now),
        now,
      );
      await releaseOfferBed(tx, actor, offer.bed_id, now);
    }
    return app.id;
  });
}

/** Withdraws an application; a bed it holds goes to the next applicant. */
export async function withdrawApplication(
  ctx: UseCaseContext,
  applicationId: number,
  body: { reason: string },
): Promise<void> {
  const { db, actor, now } = ctx;
  const { reason } = body;
  await inOfferTransaction(db, async (tx) => {
    // Offer before application: the same lock order as answering and expiring offers.
    const holding = await tx
      .selectFrom('bed_offers')
      .select('id')
      .where('application_id', '=', applicationId)
      .where('status', 'in', ['active', 'accepted'])
      .executeTakeFirst();
    const offer = holding ? await lockOffer(tx, holding.id) : null;
    const app = await lockApplication(tx, applicationId);
    if (!(await mayActFor(tx, actor, app.elder_id))) throw new AppError('not_found');
    if (!OPEN.includes(app.status)) throw new AppError('waitlist_closed', { status: app.status });
    await tx
      .updateTable('waitlist_applications')
      .set({ status: 'withdrawn', updated_at: now })
      .where('id', '=', app.id)
      .execute();
    await recordWaitlistEvent(tx, actor, app, 'withdrawn', `撤回申请：${reason}`, { offerId: offer?.id ?? null });
    if (offer && (offer.status === 'active' || offer.status === 'accepted')) {
      await tx
        .updateTable('bed_offers')
        .set({ status: 'withdrawn', responded_at: now, response_note: reason })
        .where('id', '=', offer.id)
        .execute();
      await releaseOfferBed(tx, actor, offer.bed_id, now);
    }
  });
}
