// 派单 — who should take an order. The platform proposes the provider's workers ranked by
// qualification for the item, availability at the order's time, continuity (the same caregiver as
// before), distance from where the worker will be coming from, and the day's load; the provider
// assigns one directly or offers the order to one, and an offer expires unanswered after the
// policy's minutes. The worker's acceptance assigns the order (orders.ts).
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { policyInEffect, requireCode } from './catalogue.js';
import { addEvent, assignInTransaction, providerOrder, stateError } from './orders.js';
import { requireEmployed } from './providers.js';
import type { OfferBody, OfferList, OfferView, ProposalList, ReasonBody } from './schemas.js';
import { workerOfCaller } from './scope.js';
import { distanceM } from './visits.js';

/** The facts of one candidate, as read from the database. */
export interface CandidateFacts {
  workerId: number;
  name: string;
  /** Holds one of the item's required certificates (or the item needs none). */
  qualified: boolean;
  /** Visits of the worker that overlap the order's time. */
  conflicts: number;
  /** Verified visits of this worker to this elder. */
  continuity: number;
  /** Visits of the worker on the order's day. */
  load: number;
  /** From the worker's previous visit that day, else from the provider's address; null when unknown. */
  distanceKm: number | null;
}

export interface RankedCandidate extends CandidateFacts {
  eligible: boolean;
  score: number;
  reasons: { zh: string; en: string }[];
}

// Weights of the ranking (out of 100): continuity matters most to elders, then distance, then load.
const CONTINUITY_POINTS = 40;
const CONTINUITY_CAP = 3;
const DISTANCE_POINTS = 35;
const DISTANCE_CAP_KM = 10;
const LOAD_POINTS = 25;
const LOAD_CAP = 8;

/**
 * Ranks candidates: the qualified and free first, by score; the others after them, with why.
 * Pure, so the order of a proposal is testable without a database.
 */
export function rankCandidates(candidates: CandidateFacts[]): RankedCandidate[] {
  const ranked = candidates.map((c) => {
    const continuity = (Math.min(c.continuity, CONTINUITY_CAP) / CONTINUITY_CAP) * CONTINUITY_POINTS;
    const distance =
      c.distanceKm == null
        ? DISTANCE_POINTS / 2
        : (1 - Math.min(c.distanceKm, DISTANCE_CAP_KM) / DISTANCE_CAP_KM) * DISTANCE_POINTS;
    const load = (1 - Math.min(c.load, LOAD_CAP) / LOAD_CAP) * LOAD_POINTS;
    const reasons: { zh: string; en: string }[] = [];
    if (!c.qualified) reasons.push({ zh: '缺少该项目要求的证书', en: 'Lacks a certificate the item requires' });
    if (c.conflicts > 0)
      reasons.push({ zh: `该时段已有 ${c.conflicts} 单`, en: `${c.conflicts} visit(s) at that time` });
    if (c.continuity > 0)
      reasons.push({ zh: `曾为该老人服务 ${c.continuity} 次`, en: `Served this elder ${c.continuity} time(s)` });
    if (c.distanceKm != null)
      reasons.push({ zh: `距离约 ${c.distanceKm.toFixed(1)} 公里`, en: `About ${c.distanceKm.toFixed(1)} km away` });
    reasons.push({ zh: `当天已排 ${c.load} 单`, en: `${c.load} visit(s) that day` });
    return {
      ...c,
      eligible: c.qualified && c.conflicts === 0,
      score: Math.round(continuity + distance + load),
      reasons,
    };
  });
  return ranked.sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.score - a.score || a.workerId - b.workerId);
}

/** At most this many candidates are read; a provider with more workers still gets an answer in one query. */
const MAX_CANDIDATES = 500;

/** GET /homecare/orders/:id/proposals: the provider's workers ranked for the order. */
export async function proposeWorkers(ctx: UseCaseContext, orderId: number): Promise<ProposalList> {
  const order = await providerOrder(ctx, orderId);
  const rows = await sql<{
    worker_id: number;
    name: string;
    qualified: boolean;
    conflicts: number;
    continuity: number;
    load: number;
    from_lat: number | null;
    from_lng: number | null;
    home_lat: number | null;
    home_lng: number | null;
  }>`
    WITH o AS (
      SELECT o.id, o.elder_id, o.organisation_id, o.scheduled_start,
             o.scheduled_start + make_interval(mins => o.duration_minutes) AS scheduled_end,
             (o.scheduled_start AT TIME ZONE 'Asia/Shanghai')::date AS day,
             i.required_certificates,
             coalesce(e.lat, c.lat) AS home_lat, coalesce(e.lng, c.lng) AS home_lng,
             org.lat AS org_lat, org.lng AS org_lng
        FROM homecare_orders o
        JOIN homecare_catalogue_items i ON i.id = o.item_id
        JOIN elders e ON e.id = o.elder_id
        JOIN organisations org ON org.id = o.organisation_id
        LEFT JOIN jurisdictions c ON c.code = e.community_code
       WHERE o.id = ${orderId}
    ), cand AS (
      SELECT DISTINCT w.id, w.name
        FROM o
        JOIN employments m ON m.organisation_id = o.organisation_id
        JOIN workers w ON w.id = m.worker_id
       WHERE m.frontline AND m.left_on IS NULL AND m.hired_on <= ${ctx.today}::date
       ORDER BY w.id
       LIMIT ${MAX_CANDIDATES}
    )
    SELECT cand.id AS worker_id, cand.name,
           (cardinality(o.required_certificates) = 0 OR EXISTS (
              SELECT 1 FROM worker_certificates k
               WHERE k.worker_id = cand.id AND k.kind = ANY (o.required_certificates))) AS qualified,
           (SELECT count(*)::int FROM homecare_visits v
             WHERE v.worker_id = cand.id AND v.order_id <> o.id AND v.status IN ('scheduled', 'in_progress')
               AND v.scheduled_start < o.scheduled_end
               AND v.scheduled_start + make_interval(mins => v.scheduled_minutes) > o.scheduled_start) AS conflicts,
           (SELECT count(*)::int FROM homecare_visits v
             WHERE v.worker_id = cand.id AND v.elder_id = o.elder_id AND v.status = 'verified') AS continuity,
           (SELECT count(*)::int FROM homecare_visits v
             WHERE v.worker_id = cand.id AND v.order_id <> o.id AND v.status <> 'cancelled'
               AND v.scheduled_start >= (o.day::timestamp AT TIME ZONE 'Asia/Shanghai')
               AND v.scheduled_start < ((o.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')) AS load,
           coalesce(prev.home_lat, o.org_lat) AS from_lat, coalesce(prev.home_lng, o.org_lng) AS from_lng,
           o.home_lat, o.home_lng
      FROM cand CROSS JOIN o
      LEFT JOIN LATERAL (
        SELECT v.home_lat, v.home_lng FROM homecare_visits v
         WHERE v.worker_id = cand.id AND v.order_id <> o.id AND v.status <> 'cancelled'
           AND v.scheduled_start < o.scheduled_start
           AND v.scheduled_start >= (o.day::timestamp AT TIME ZONE 'Asia/Shanghai')
         ORDER BY v.scheduled_start DESC LIMIT 1
      ) prev ON true`.execute(ctx.db);
  const ranked = rankCandidates(
    rows.rows.map((r) => ({
      workerId: Number(r.worker_id),
      name: r.name,
      qualified: r.qualified,
      conflicts: r.conflicts,
      continuity: r.continuity,
      load: r.load,
      distanceKm:
        r.from_lat != null && r.from_lng != null && r.home_lat != null && r.home_lng != null
          ? Math.round(distanceM({ lat: r.from_lat, lng: r.from_lng }, { lat: r.home_lat, lng: r.home_lng }) / 100) / 10
          : null,
    })),
  );
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'homecare_proposal',
    entityId: orderId,
    districtCode: order.district_code,
    detail: { candidates: ranked.length },
  });
  return {
    orderId,
    candidates: ranked.map((c) => ({
      workerId: c.workerId,
      name: c.name,
      eligible: c.eligible,
      score: c.score,
      qualified: c.qualified,
      conflicts: c.conflicts,
      continuity: c.continuity,
      load: c.load,
      distanceKm: c.distanceKm,
      reasons: c.reasons.map((r) => (ctx.lang === 'en' ? r.en : r.zh)),
    })),
  };
}

type OfferRow = {
  id: number;
  order_id: number;
  worker_id: number;
  worker_name: string;
  status: string;
  expires_at: Date;
  offered_at: Date;
  answered_at: Date | null;
  elder_name: string;
  address: string;
  item_name_zh: string;
  item_name_en: string;
  scheduled_start: Date;
  duration_minutes: number;
};

function offerView(ctx: UseCaseContext, r: OfferRow): OfferView {
  // A pending offer past its time is expired whether or not the job has written it yet.
  const status = r.status === 'pending' && new Date(r.expires_at) <= ctx.now ? 'expired' : r.status;
  return {
    id: r.id,
    orderId: r.order_id,
    workerId: r.worker_id,
    workerName: r.worker_name,
    status: status as OfferView['status'],
    expiresAt: new Date(r.expires_at).toISOString(),
    offeredAt: new Date(r.offered_at).toISOString(),
    answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
    elderName: r.elder_name,
    address: r.address,
    itemName: ctx.lang === 'en' ? r.item_name_en : r.item_name_zh,
    scheduledStart: new Date(r.scheduled_start).toISOString(),
    durationMinutes: r.duration_minutes,
  };
}

function offerQuery(ctx: UseCaseContext) {
  return ctx.db
    .selectFrom('homecare_worker_offers as f')
    .innerJoin('homecare_orders as o', 'o.id', 'f.order_id')
    .innerJoin('workers as w', 'w.id', 'f.worker_id')
    .innerJoin('elders as e', 'e.id', 'o.elder_id')
    .innerJoin('homecare_catalogue_items as i', 'i.id', 'o.item_id')
    .select([
      'f.id',
      'f.order_id',
      'f.worker_id',
      'w.name as worker_name',
      'f.status',
      'f.expires_at',
      'f.offered_at',
      'f.answered_at',
      'e.name as elder_name',
      'e.address',
      'i.name_zh as item_name_zh',
      'i.name_en as item_name_en',
      'o.scheduled_start',
      'o.duration_minutes',
    ]);
}

/** POST /homecare/orders/:id/offers: offers an accepted order to one of the provider's workers. */
export async function offerOrder(ctx: UseCaseContext, orderId: number, body: OfferBody): Promise<OfferView> {
  const order = await providerOrder(ctx, orderId);
  if (order.status !== 'accepted' && order.status !== 'assigned') throw stateError(order.status, 'offered');
  await requireEmployed(ctx.db, order.organisation_id, body.workerId);
  const policy = await policyInEffect(ctx.db, order.community_code, ctx.today);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    // An offer left open past its time no longer blocks a new one.
    await tx
      .updateTable('homecare_worker_offers')
      .set({ status: 'expired', answered_at: ctx.now })
      .where('order_id', '=', orderId)
      .where('status', '=', 'pending')
      .where('expires_at', '<=', ctx.now)
      .execute();
    const row = await tx
      .insertInto('homecare_worker_offers')
      .values({
        order_id: orderId,
        organisation_id: order.organisation_id,
        worker_id: body.workerId,
        district_code: order.district_code,
        expires_at: new Date(ctx.now.getTime() + policy.offer_expiry_minutes * 60_000),
        offered_by: ctx.actor.userId,
        offered_at: ctx.now,
      })
      .onConflict((oc) => oc.column('order_id').where('status', '=', 'pending').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('homecare_offer_open', {}, 'workerId');
    await addEvent(t, orderId, 'offered', 'provider_staff', null, null, {
      workerId: body.workerId,
      expiresInMinutes: policy.offer_expiry_minutes,
    });
    await recordAudit(t, {
      action: 'create',
      entityType: 'homecare_offer',
      entityId: row.id,
      districtCode: order.district_code,
      detail: { orderId, workerId: body.workerId },
    });
    return row.id;
  });
  return offerView(ctx, (await offerQuery(ctx).where('f.id', '=', id).executeTakeFirstOrThrow()) as OfferRow);
}

/** GET /homecare/offers/mine: the caregiver's open offers, soonest visit first. */
export async function myOffers(ctx: UseCaseContext): Promise<OfferList> {
  const worker = await workerOfCaller(ctx);
  if (!worker) return [];
  const rows = await offerQuery(ctx)
    .where('f.worker_id', '=', worker.workerId)
    .where('f.status', '=', 'pending')
    .where('f.expires_at', '>', ctx.now)
    .orderBy('o.scheduled_start')
    .limit(100)
    .execute();
  return rows.map((r) => offerView(ctx, r as OfferRow));
}

/** GET /homecare/orders/:id/offers: the offers made for an order, latest first (the provider's view). */
export async function orderOffers(ctx: UseCaseContext, orderId: number): Promise<OfferList> {
  await providerOrder(ctx, orderId);
  const rows = await offerQuery(ctx).where('f.order_id', '=', orderId).orderBy('f.id', 'desc').limit(50).execute();
  return rows.map((r) => offerView(ctx, r as OfferRow));
}

/**
 * POST /homecare/offers/:id/accept or /decline: the worker answers their own offer, before it
 * expires. Accepting assigns the order to them in the same transaction.
 */
export async function answerOffer(
  ctx: UseCaseContext,
  offerId: number,
  accept: boolean,
  body: Partial<ReasonBody> = {},
): Promise<OfferView> {
  const worker = await workerOfCaller(ctx);
  if (!worker) throw new AppError('not_found');
  if (!accept && body.reasonCode) await requireCode(ctx.db, 'decline', body.reasonCode, 'reasonCode');
  const expired = await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const offer = await tx
      .selectFrom('homecare_worker_offers')
      .selectAll()
      .where('id', '=', offerId)
      .where('worker_id', '=', worker.workerId)
      .forUpdate()
      .executeTakeFirst();
    if (!offer) throw new AppError('not_found');
    if (offer.status !== 'pending') throw new AppError('homecare_offer_answered', { status: offer.status });
    if (new Date(offer.expires_at) <= ctx.now) {
      await tx
        .updateTable('homecare_worker_offers')
        .set({ status: 'expired', answered_at: ctx.now })
        .where('id', '=', offerId)
        .execute();
      await addEvent(t, offer.order_id, 'offer_expired', null, null, null, { workerId: offer.worker_id });
      return true; // kept: the offer is written expired, and the caller hears so below
    }
    await tx
      .updateTable('homecare_worker_offers')
      .set({ status: accept ? 'accepted' : 'declined', answered_at: ctx.now, decline_code: body.reasonCode ?? null })
      .where('id', '=', offerId)
      .execute();
    if (accept) {
      const order = await tx
        .selectFrom('homecare_orders')
        .select(['id', 'status', 'worker_id', 'district_code'])
        .where('id', '=', offer.order_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (order.status !== 'accepted' && order.status !== 'assigned') throw stateError(order.status, 'assigned');
      await assignInTransaction(t, order, offer.worker_id, 'caregiver');
    } else {
      await addEvent(t, offer.order_id, 'offer_declined', 'caregiver', body.reasonCode ?? null, body.note ?? null, {
        workerId: offer.worker_id,
      });
    }
    return false;
  });
  if (expired) throw new AppError('homecare_offer_expired');
  return offerView(ctx, (await offerQuery(ctx).where('f.id', '=', offerId).executeTakeFirstOrThrow()) as OfferRow);
}

/** The job: pending offers past their time become expired, with an order event each. */
export async function expireDueOffers(ctx: UseCaseContext): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const rows = await tx
      .updateTable('homecare_worker_offers')
      .set({ status: 'expired', answered_at: ctx.now })
      .where('status', '=', 'pending')
      .where('expires_at', '<=', ctx.now)
      .returning(['order_id', 'worker_id'])
      .execute();
    for (const r of rows) await addEvent(t, r.order_id, 'offer_expired', null, null, null, { workerId: r.worker_id });
    return rows.length;
  });
}
