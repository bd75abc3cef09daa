// 护理员安全 — a caregiver's SOS from the phone view (003 §1). The alert reaches the provider's staff
// (the supervisor) and the overseers of the place; they acknowledge it and resolve it with what was
// done. A caregiver raises alerts for themselves only; others read alerts in their reach (404 else).
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { type UseCaseContext, userIdOf } from '../identity/context.js';
import { HOMECARE_OVERSEERS } from '../identity/permissions.js';
import { anyOf, codeUnder, idIn } from '../identity/scope.js';
import type { SosBody, SosList, SosQuery, SosResolveBody, SosView } from './schemas.js';
import { providerOrgs, workerOfCaller } from './scope.js';

function alertReach(ctx: UseCaseContext) {
  const conditions = [idIn('a.organisation_id', providerOrgs(ctx))];
  const places = ctx.reach.places(HOMECARE_OVERSEERS);
  if (!places.none) conditions.push(codeUnder('a.place_code', places.prefixes));
  return anyOf(conditions);
}

function alertQuery(ctx: UseCaseContext) {
  return ctx.db
    .selectFrom('homecare_worker_alerts as a')
    .innerJoin('workers as w', 'w.id', 'a.worker_id')
    .innerJoin('organisations as org', 'org.id', 'a.organisation_id')
    .leftJoin('homecare_visits as v', 'v.id', 'a.visit_id')
    .leftJoin('elders as e', 'e.id', 'v.elder_id')
    .selectAll('a')
    .select(['w.name as worker_name', 'w.phone as worker_phone', 'org.name as provider_name'])
    .select(['e.name as elder_name', 'e.address']);
}
type AlertRow = Awaited<ReturnType<ReturnType<typeof alertQuery>['executeTakeFirstOrThrow']>>;

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
function view(r: AlertRow): SosView {
  return {
    id: r.id,
    status: r.status,
    workerId: r.worker_id,
    workerName: r.worker_name,
    workerPhone: r.worker_phone,
    organisationId: r.organisation_id,
    providerName: r.provider_name,
    visitId: r.visit_id,
    elderName: r.elder_name,
    address: r.address,
    position: r.lat != null && r.lng != null ? { lat: r.lat, lng: r.lng, accuracyM: r.accuracy_m } : null,
    note: r.note,
    raisedAt: iso(r.raised_at)!,
    acknowledgedAt: iso(r.acknowledged_at),
    resolvedAt: iso(r.resolved_at),
    resolution: r.resolution,
  };
}

/** POST /homecare/sos: the caregiver raises an alert, at a visit of theirs or anywhere. */
export async function raiseSos(ctx: UseCaseContext, body: SosBody): Promise<SosView> {
  const worker = await workerOfCaller(ctx);
  if (!worker) throw new AppError('forbidden');
  let place = await ctx.db
    .selectFrom('organisations')
    .select(['jurisdiction_code', 'district_code'])
    .where('id', '=', worker.organisationId)
    .executeTakeFirstOrThrow();
  if (body.visitId != null) {
    const visit = await ctx.db
      .selectFrom('homecare_visits')
      .select(['community_code', 'district_code'])
      .where('id', '=', body.visitId)
      .where('worker_id', '=', worker.workerId)
      .executeTakeFirst();
    if (!visit) throw new AppError('not_found', {}, 'visitId');
    place = { jurisdiction_code: visit.community_code, district_code: visit.district_code };
  }
  const row = await ctx.db
    .insertInto('homecare_worker_alerts')
    .values({
      worker_id: worker.workerId,
      organisation_id: worker.organisationId,
      district_code: place.district_code,
      place_code: place.jurisdiction_code,
      visit_id: body.visitId ?? null,
      lat: body.lat ?? null,
      lng: body.lng ?? null,
      accuracy_m: body.accuracyM ?? null,
      note: body.note ?? null,
      raised_at: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    action: 'create',
    entityType: 'homecare_worker_alert',
    entityId: row.id,
    districtCode: place.district_code,
  });
  return view(await alertQuery(ctx).where('a.id', '=', row.id).executeTakeFirstOrThrow());
}

/** GET /homecare/sos: alerts in reach, open ones first, latest first; a caregiver sees their own. */
export async function listSos(ctx: UseCaseContext, q: SosQuery): Promise<SosList> {
  const worker = await workerOfCaller(ctx);
  let query = alertQuery(ctx).where(
    worker ? anyOf([alertReach(ctx), idIn('a.worker_id', [worker.workerId])]) : alertReach(ctx),
  );
  if (q.status) query = query.where('a.status', '=', q.status);
  const rows = await query
    .orderBy(sql`a.status = 'resolved'`)
    .orderBy('a.raised_at', 'desc')
    .limit(q.limit ?? 50)
    .execute();
  return rows.map(view);
}

/** POST /homecare/sos/:id/acknowledge and /resolve: the supervisor or an overseer answers. */
export async function answerSos(
  ctx: UseCaseContext,
  id: number,
  step: 'acknowledge' | 'resolve',
  body?: SosResolveBody,
): Promise<SosView> {
  const row = await alertQuery(ctx).where('a.id', '=', id).where(alertReach(ctx)).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (row.status === 'resolved') throw new AppError('homecare_sos_resolved');
  const set =
    step === 'acknowledge'
      ? row.status === 'open'
        ? { status: 'acknowledged' as const, acknowledged_by: userIdOf(ctx), acknowledged_at: ctx.now }
        : {}
      : {
          status: 'resolved' as const,
          resolved_by: userIdOf(ctx),
          resolved_at: ctx.now,
          resolution: body?.resolution ?? null,
          ...(row.acknowledged_at ? {} : { acknowledged_by: userIdOf(ctx), acknowledged_at: ctx.now }),
        };
  if (Object.keys(set).length)
    await ctx.db.updateTable('homecare_worker_alerts').set(set).where('id', '=', id).execute();
  await recordAudit(ctx, {
    action: 'update',
    entityType: 'homecare_worker_alert',
    entityId: id,
    districtCode: row.district_code,
    detail: { step },
  });
  return view(await alertQuery(ctx).where('a.id', '=', id).executeTakeFirstOrThrow());
}
