// The visit, verified (EVV). The assigned caregiver checks in and out with the phone's position
// and accuracy (taken at those two moments only) and the device time; the elder confirms with
// their elder code; the checklist and notes are kept. Exceptions are raised as data codes and a
// visit is verified only when none is open; verification pays the subsidised part (payment.ts).
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { todayInShanghai } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { policyInEffect, requireCode } from './catalogue.js';
import { addEvent } from './orders.js';
import { payVerifiedVisit } from './payment.js';
import { checkElderPin } from './pins.js';
import type {
  CheckInBody,
  CheckOutBody,
  ExceptionParams,
  MineQuery,
  ResolveBody,
  VisitList,
  VisitQuery,
  VisitView,
} from './schemas.js';
import { orderReach, providerOrgs, workerOfCaller } from './scope.js';

/** How far ahead of the server a phone's clock may run. */
const CLOCK_SKEW_MS = 2 * 60_000;

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface Raised {
  code: string;
  detail: Record<string, unknown>;
}

/**
 * Position exceptions: the circle of uncertainty (accuracy) must reach the geofence around the
 * home; a position vaguer than the policy's limit proves nothing.
 */
export function positionExceptions(
  home: { lat: number | null; lng: number | null },
  p: { lat: number; lng: number; accuracyM: number },
  policy: { geofence_radius_m: number; max_accuracy_m: number },
  moment: 'check_in' | 'check_out',
): { distance: number | null; raised: Raised[] } {
  if (home.lat == null || home.lng == null)
    return { distance: null, raised: [{ code: 'home_location_unknown', detail: { moment } }] };
  const distance = Math.round(distanceM({ lat: home.lat, lng: home.lng }, p));
  const raised: Raised[] = [];
  if (p.accuracyM > policy.max_accuracy_m)
    raised.push({ code: 'poor_accuracy', detail: { moment, accuracyM: p.accuracyM, limitM: policy.max_accuracy_m } });
  else if (distance - p.accuracyM > policy.geofence_radius_m)
    raised.push({
      code: 'outside_geofence',
      detail: { moment, distanceM: distance, accuracyM: p.accuracyM, radiusM: policy.geofence_radius_m },
    });
  return { distance, raised };
}

function visitQuery(ctx: UseCaseContext, workerId: number | null) {
  return ctx.db
    .selectFrom('homecare_visits as v')
    .innerJoin('homecare_orders as o', 'o.id', 'v.order_id')
    .innerJoin('elders as e', 'e.id', 'v.elder_id')
    .innerJoin('workers as w', 'w.id', 'v.worker_id')
    .innerJoin('homecare_catalogue_items as i', 'i.id', 'v.item_id')
    .selectAll('v')
    .select([
      'e.name as elder_name',
      'e.address',
      'e.elder_code',
      'w.name as worker_name',
      'i.name_zh',
      'i.name_en',
      'i.checklist as checklist_items',
      'i.required_certificates',
      'o.note as order_note',
      'o.status as order_status',
    ])
    .where(orderReach(ctx, workerId));
}
type VisitRow = Awaited<ReturnType<ReturnType<typeof visitQuery>['executeTakeFirstOrThrow']>>;

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
const stamp = (at: Date | null, lat: number | null, lng: number | null, acc: number | null, dist: number | null) =>
  at == null || lat == null || lng == null || acc == null
    ? null
    : { at: new Date(at).toISOString(), lat, lng, accuracyM: acc, distanceM: dist };

async function views(ctx: UseCaseContext, rows: VisitRow[]): Promise<VisitList> {
  const ids = rows.map((r) => r.id);
  const exceptions = ids.length
    ? await ctx.db
        .selectFrom('homecare_visit_exceptions as x')
        .innerJoin('homecare_codes as c', (j) => j.onRef('c.code', '=', 'x.code').on('c.kind', '=', 'exception'))
        .select([
          'x.id',
          'x.visit_id',
          'x.code',
          'x.status',
          'x.detail',
          'x.reason_code',
          'x.resolution_code',
          'c.name_zh',
          'c.name_en',
        ])
        .where('x.visit_id', 'in', ids)
        .orderBy('x.id')
        .execute()
    : [];
  const ratings = ids.length
    ? await ctx.db
        .selectFrom('homecare_visit_ratings')
        .select(['visit_id', 'stars', 'tags', 'comment', 'created_at'])
        .where('visit_id', 'in', ids)
        .execute()
    : [];
  const ratingOf = (id: number) => {
    const r = ratings.find((x) => x.visit_id === id);
    return r ? { stars: r.stars, tags: r.tags, comment: r.comment, createdAt: iso(r.created_at)! } : null;
  };
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    status: r.status,
    serviceCode: r.service_code,
    serviceName: ctx.lang === 'en' ? r.name_en : r.name_zh,
    elderId: r.elder_id,
    elderName: r.elder_name,
    address: r.address,
    home: r.home_lat != null && r.home_lng != null ? { lat: r.home_lat, lng: r.home_lng } : null,
    date: r.check_in_at ? todayInShanghai(new Date(r.check_in_at)) : null,
    workerId: r.worker_id,
    workerName: r.worker_name,
    providerId: r.organisation_id,
    scheduledStart: new Date(r.scheduled_start).toISOString(),
    scheduledMinutes: r.scheduled_minutes,
    checkIn: stamp(r.check_in_at, r.check_in_lat, r.check_in_lng, r.check_in_accuracy_m, r.check_in_distance_m),
    checkOut: stamp(r.check_out_at, r.check_out_lat, r.check_out_lng, r.check_out_accuracy_m, r.check_out_distance_m),
    confirmedBy: r.confirmed_by,
    checklistItems: r.checklist_items,
    checklist: r.checklist,
    notes: r.notes,
    orderNote: r.order_note,
    verifiedAt: iso(r.verified_at),
    subsidyFen: r.subsidy_fen,
    paymentStatus: r.payment_status,
    paymentNote: r.payment_note,
    exceptions: exceptions
      .filter((x) => x.visit_id === r.id)
      .map((x) => ({
        id: x.id,
        code: x.code,
        name: ctx.lang === 'en' ? x.name_en : x.name_zh,
        status: x.status,
        detail: x.detail,
        reasonCode: x.reason_code,
        resolutionCode: x.resolution_code,
      })),
    autoClosedAt: iso(r.auto_closed_at),
    rating: ratingOf(r.id),
  }));
}

export async function reachedVisit(ctx: UseCaseContext, id: number, lock = false): Promise<VisitRow> {
  const worker = await workerOfCaller(ctx);
  let q = visitQuery(ctx, worker?.workerId ?? null).where('v.id', '=', id);
  if (lock) q = q.forUpdate('v');
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** GET /homecare/visits/:id */
export async function getVisit(ctx: UseCaseContext, id: number, audit = true): Promise<VisitView> {
  const row = await reachedVisit(ctx, id);
  if (audit)
    await recordAudit(ctx, {
      action: 'read',
      entityType: 'homecare_visit',
      entityId: id,
      districtCode: row.district_code,
    });
  return (await views(ctx, [row]))[0]!;
}

/** GET /homecare/visits/mine: the caregiver's visits of a day (today by default), in order. */
export async function myVisits(ctx: UseCaseContext, q: MineQuery): Promise<VisitList> {
  const worker = await workerOfCaller(ctx);
  if (!worker) return [];
  const day = q.date ?? ctx.today;
  const rows = await visitQuery(ctx, worker.workerId)
    .where('v.worker_id', '=', worker.workerId)
    .where('v.status', '!=', 'cancelled')
    .where(sql<boolean>`(v.scheduled_start AT TIME ZONE 'Asia/Shanghai')::date = ${day}::date`)
    .orderBy('v.scheduled_start')
    .orderBy('v.id')
    .execute();
  return views(ctx, rows);
}

/** GET /homecare/visits: visits in reach (a provider's, a district's), latest first. */
export async function listVisits(ctx: UseCaseContext, q: VisitQuery): Promise<VisitList> {
  const worker = await workerOfCaller(ctx);
  let query = visitQuery(ctx, worker?.workerId ?? null);
  if (q.status) query = query.where('v.status', '=', q.status);
  if (q.providerId) query = query.where('v.organisation_id', '=', q.providerId);
  const rows = await query
    .orderBy('v.scheduled_start', 'desc')
    .orderBy('v.id', 'desc')
    .limit(q.limit ?? 100)
    .execute();
  await recordAudit(ctx, { action: 'list', entityType: 'homecare_visit', detail: { count: rows.length, ...q } });
  return views(ctx, rows);
}

const hashOf = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * A replayed check-in/out (same client id, same content) answers the visit as it stands; the same
 * id with other content, or a second check-in under another id, is refused (409).
 */
async function replayed(
  ctx: UseCaseContext,
  visitId: number,
  kind: 'check_in' | 'check_out',
  body: { clientId: string },
) {
  const call = await ctx.db
    .selectFrom('homecare_evv_calls')
    .selectAll()
    .where('client_id', '=', body.clientId)
    .executeTakeFirst();
  if (!call) return false;
  if (call.visit_id !== visitId || call.kind !== kind || call.request_hash !== hashOf(body))
    throw new AppError('homecare_client_id_reused', { clientId: body.clientId }, 'clientId');
  return true;
}

function deviceTime(ctx: UseCaseContext, at: string, maxOfflineHours: number): Date {
  const t = new Date(at);
  const earliest = new Date(ctx.now.getTime() - maxOfflineHours * 3_600_000);
  if (Number.isNaN(t.getTime()) || t.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS || t < earliest)
    throw new AppError('homecare_device_time', { at, earliest: earliest.toISOString() }, 'at');
  return t;
}

/** The visit for the assigned caregiver only: others who see it may not check in for them (403). */
async function ownVisit(ctx: UseCaseContext, id: number) {
  const row = await reachedVisit(ctx, id, true);
  const worker = await workerOfCaller(ctx);
  if (!worker || worker.workerId !== row.worker_id) throw new AppError('forbidden');
  return row;
}

async function raise(ctx: UseCaseContext, visitId: number, raised: Raised[]) {
  if (!raised.length) return;
  await ctx.db
    .insertInto('homecare_visit_exceptions')
    .values(
      raised.map((r) => ({ visit_id: visitId, code: r.code, detail: JSON.stringify(r.detail), raised_at: ctx.now })),
    )
    .onConflict((oc) => oc.columns(['visit_id', 'code']).doNothing())
    .execute();
}

async function recordCall(
  ctx: UseCaseContext,
  visitId: number,
  kind: 'check_in' | 'check_out',
  body: CheckInBody,
  at: Date,
) {
  const res = await ctx.db
    .insertInto('homecare_evv_calls')
    .values({
      client_id: body.clientId,
      visit_id: visitId,
      kind,
      user_id: ctx.actor.userId,
      device_at: at,
      request_hash: hashOf(body),
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1)
    throw new AppError('homecare_visit_state', {
      status: kind === 'check_in' ? 'in_progress' : 'checked_out',
      action: kind,
    });
}

/**
 * Speed from a fix to the next, allowing for both accuracies (the distance that must have been
 * covered at least), in km/h; Infinity when some distance was covered in no time.
 */
export function travelKmh(
  from: { lat: number; lng: number; accuracyM: number; at: Date },
  to: { lat: number; lng: number; accuracyM: number; at: Date },
): { km: number; minutes: number; kmh: number } {
  const km = Math.max(0, distanceM(from, to) - from.accuracyM - to.accuracyM) / 1000;
  const hours = (to.at.getTime() - from.at.getTime()) / 3_600_000;
  const kmh = km === 0 ? 0 : hours <= 0 ? Number.POSITIVE_INFINITY : km / hours;
  return { km: Math.round(km * 10) / 10, minutes: Math.round(hours * 60), kmh };
}

/** impossible_travel: the worker's previous check-out (before this check-in) lies too far to have come from. */
async function impossibleTravel(
  ctx: UseCaseContext,
  workerId: number,
  visitId: number,
  fix: { lat: number; lng: number; accuracyM: number; at: Date },
  limitKmh: number,
): Promise<Raised | null> {
  const prev = await ctx.db
    .selectFrom('homecare_visits')
    .select(['id', 'check_out_at', 'check_out_lat', 'check_out_lng', 'check_out_accuracy_m'])
    .where('worker_id', '=', workerId)
    .where('id', '!=', visitId)
    .where('check_out_at', 'is not', null)
    .where('check_out_at', '<=', fix.at)
    .orderBy('check_out_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!prev?.check_out_at || prev.check_out_lat == null || prev.check_out_lng == null) return null;
  const from = {
    lat: prev.check_out_lat,
    lng: prev.check_out_lng,
    accuracyM: prev.check_out_accuracy_m ?? 0,
    at: new Date(prev.check_out_at),
  };
  const { km, minutes, kmh } = travelKmh(from, fix);
  if (kmh <= limitKmh) return null;
  return {
    code: 'impossible_travel',
    detail: {
      previousVisitId: prev.id,
      km,
      minutes,
      kmh: Number.isFinite(kmh) ? Math.round(kmh) : null,
      limitKmh,
    },
  };
}

/** POST /homecare/visits/:id/check-in */
export async function checkIn(ctx: UseCaseContext, id: number, body: CheckInBody): Promise<VisitView> {
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const v = await ownVisit(t, id);
    if (await replayed(t, id, 'check_in', body)) return;
    if (v.status !== 'scheduled')
      throw new AppError('homecare_visit_state', { status: v.status, action: 'checked in' });
    const policy = await policyInEffect(t.db, v.community_code, ctx.today);
    const at = deviceTime(t, body.at, policy.max_offline_hours);
    await recordCall(t, id, 'check_in', body, at);
    const { distance, raised } = positionExceptions({ lat: v.home_lat, lng: v.home_lng }, body, policy, 'check_in');
    const lateBy = Math.round((at.getTime() - new Date(v.scheduled_start).getTime()) / 60_000);
    if (lateBy > policy.late_start_minutes)
      raised.push({ code: 'late_start', detail: { lateMinutes: lateBy, limitMinutes: policy.late_start_minutes } });
    const travel = await impossibleTravel(t, v.worker_id, id, { ...body, at }, policy.max_travel_kmh);
    if (travel) raised.push(travel);
    if (v.required_certificates.length) {
      const held = await tx
        .selectFrom('worker_certificates')
        .select('kind')
        .where('worker_id', '=', v.worker_id)
        .where('kind', 'in', v.required_certificates)
        .executeTakeFirst();
      if (!held) raised.push({ code: 'worker_not_qualified', detail: { needs: v.required_certificates } });
    }
    await tx
      .updateTable('homecare_visits')
      .set({
        status: 'in_progress',
        check_in_at: at,
        check_in_received_at: ctx.now,
        check_in_lat: body.lat,
        check_in_lng: body.lng,
        check_in_accuracy_m: body.accuracyM,
        check_in_distance_m: distance,
      })
      .where('id', '=', id)
      .execute();
    await raise(t, id, raised);
    await tx.updateTable('homecare_orders').set({ status: 'in_progress' }).where('id', '=', v.order_id).execute();
    await addEvent(t, v.order_id, 'started', 'caregiver', null, null, { visitId: id, deviceAt: at.toISOString() });
    await recordAudit(t, {
      action: 'update',
      entityType: 'homecare_visit',
      entityId: id,
      districtCode: v.district_code,
      detail: { checkIn: true, exceptions: raised.map((r) => r.code) },
    });
  });
  return getVisit(ctx, id, false);
}

/** POST /homecare/visits/:id/check-out */
export async function checkOut(ctx: UseCaseContext, id: number, body: CheckOutBody): Promise<VisitView> {
  if (body.confirmation?.method === 'pin') {
    // Before the transaction, so that a wrong PIN is counted although the check-out is refused.
    const v = await reachedVisit(ctx, id);
    await checkElderPin(ctx, v.elder_id, body.confirmation.value);
  }
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const v = await ownVisit(t, id);
    if (await replayed(t, id, 'check_out', body)) return;
    if (v.status !== 'in_progress' || v.check_in_at == null)
      throw new AppError('homecare_visit_state', { status: v.status, action: 'checked out' });
    const policy = await policyInEffect(t.db, v.community_code, ctx.today);
    const at = deviceTime(t, body.at, policy.max_offline_hours);
    const start = new Date(v.check_in_at);
    if (at < start) throw new AppError('homecare_device_time', { at: body.at, earliest: start.toISOString() }, 'at');
    if (body.confirmation?.method === 'elder_code' && body.confirmation.value !== v.elder_code)
      throw new AppError('homecare_confirmation_failed', {}, 'confirmation.value');
    (body.checklist ?? []).forEach((item, i) => {
      if (!v.checklist_items.includes(item))
        throw new AppError('not_allowed_value', { field: `checklist.${i}` }, `checklist.${i}`);
    });
    await recordCall(t, id, 'check_out', body, at);
    const { distance, raised } = positionExceptions({ lat: v.home_lat, lng: v.home_lng }, body, policy, 'check_out');
    const minutes = Math.round((at.getTime() - start.getTime()) / 60_000);
    if (minutes * 100 < v.scheduled_minutes * policy.short_visit_pct)
      raised.push({
        code: 'too_short',
        detail: { minutes, scheduledMinutes: v.scheduled_minutes, pct: policy.short_visit_pct },
      });
    if (minutes * 100 > v.scheduled_minutes * policy.long_visit_pct)
      raised.push({
        code: 'too_long',
        detail: { minutes, scheduledMinutes: v.scheduled_minutes, pct: policy.long_visit_pct },
      });
    if (!body.confirmation) raised.push({ code: 'not_confirmed', detail: {} });
    const overlap = await tx
      .selectFrom('homecare_visits')
      .select('id')
      .where('worker_id', '=', v.worker_id)
      .where('id', '!=', id)
      .where('check_in_at', 'is not', null)
      .where('check_in_at', '<', at)
      // A visit closed without check-out is taken to have lasted its scheduled minutes.
      .where(
        sql<boolean>`coalesce(check_out_at, CASE WHEN auto_closed_at IS NOT NULL THEN check_in_at + make_interval(mins => scheduled_minutes) END, ${ctx.now}::timestamptz) > ${start}::timestamptz`,
      )
      .orderBy('id')
      .executeTakeFirst();
    if (overlap) raised.push({ code: 'overlapping_visit', detail: { otherVisitId: overlap.id } });
    await tx
      .updateTable('homecare_visits')
      .set({
        status: 'exception',
        check_out_at: at,
        check_out_received_at: ctx.now,
        check_out_lat: body.lat,
        check_out_lng: body.lng,
        check_out_accuracy_m: body.accuracyM,
        check_out_distance_m: distance,
        confirmed_by: body.confirmation?.method ?? null,
        checklist: JSON.stringify(body.checklist ?? []),
        notes: body.notes ?? null,
      })
      .where('id', '=', id)
      .execute();
    await raise(t, id, raised);
    await tx.updateTable('homecare_orders').set({ status: 'completed' }).where('id', '=', v.order_id).execute();
    await addEvent(t, v.order_id, 'completed', 'caregiver', null, null, { visitId: id, minutes });
    await recordAudit(t, {
      action: 'update',
      entityType: 'homecare_visit',
      entityId: id,
      districtCode: v.district_code,
      detail: { checkOut: true, exceptions: raised.map((r) => r.code) },
    });
    await verifyIfClear(t, id);
  });
  return getVisit(ctx, id, false);
}

/** A checked-out visit with no open exception becomes verified, and its subsidy is paid. */
async function verifyIfClear(ctx: UseCaseContext, id: number) {
  const open = await ctx.db
    .selectFrom('homecare_visit_exceptions')
    .select('id')
    .where('visit_id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open) return;
  const res = await ctx.db
    .updateTable('homecare_visits')
    .set({ status: 'verified', verified_at: ctx.now })
    .where('id', '=', id)
    .where('status', '=', 'exception')
    .where('check_out_at', 'is not', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) await payVerifiedVisit(ctx, id);
}

/** POST /homecare/visits/:id/exceptions/:exceptionId/resolve: the provider, with reason and resolution codes. */
export async function resolveException(ctx: UseCaseContext, p: ExceptionParams, body: ResolveBody): Promise<VisitView> {
  await requireCode(ctx.db, 'exception_reason', body.reasonCode, 'reasonCode');
  await requireCode(ctx.db, 'exception_resolution', body.resolutionCode, 'resolutionCode');
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const v = await reachedVisit(t, p.id, true);
    if (!providerOrgs(ctx).includes(v.organisation_id)) throw new AppError('forbidden');
    const x = await tx
      .selectFrom('homecare_visit_exceptions')
      .select(['id', 'status', 'code'])
      .where('id', '=', p.exceptionId)
      .where('visit_id', '=', p.id)
      .executeTakeFirst();
    if (!x) throw new AppError('not_found');
    if (x.status !== 'open') throw new AppError('homecare_exception_resolved');
    await tx
      .updateTable('homecare_visit_exceptions')
      .set({
        status: 'resolved',
        resolved_at: ctx.now,
        resolved_by: ctx.actor.userId,
        reason_code: body.reasonCode,
        resolution_code: body.resolutionCode,
        note: body.note ?? null,
      })
      .where('id', '=', x.id)
      .execute();
    await recordAudit(t, {
      action: 'update',
      entityType: 'homecare_visit',
      entityId: p.id,
      districtCode: v.district_code,
      detail: { resolved: x.code, reason: body.reasonCode, resolution: body.resolutionCode },
    });
    await verifyIfClear(t, p.id);
  });
  return getVisit(ctx, p.id, false);
}
