// Orders (点单): placed by the elder or family for their own elder, or by a community worker for
// an elder of their community, at a quote computed from the catalogue and the provider's price;
// accepted or declined by the provider within the SLA of the policy, assigned to one of its
// workers, cancelled by either side before the visit starts. Every step is an event.
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { type Db, inTransaction, type UseCaseContext, userIdOf } from '../identity/context.js';
import { HOMECARE_ORDER_PLACERS } from '../identity/permissions.js';
import { elderStanding, itemInEffect, policyInEffect, quoteOf, requireCode, subsidyForElder } from './catalogue.js';
import { holdOrderSubsidy, voidOrderHold } from './payment.js';
import { requireEmployed } from './providers.js';
import type { AssignBody, OrderBody, OrderList, OrderQuery, OrderView, QuoteAnswer, ReasonBody } from './schemas.js';
import { type ElderRow, orderableElder, orderReach, providerOrgs, workerOfCaller } from './scope.js';
import type { OrderStatus } from './tables.js';

/** How far in the past a scheduled start may lie (a booking made at the door). */
const SCHEDULE_GRACE_MS = 15 * 60_000;

interface Priced {
  elder: ElderRow;
  providerId: number;
  providerName: string;
  item: Awaited<ReturnType<typeof itemInEffect>>;
  minutes: number;
  assessmentLevel: number | null;
  quote: { priceFen: number; subsidyFen: number; copayFen: number };
}

/** The provider that serves the elder's street with the item: the one named, or the cheapest. */
async function providerFor(db: Db, elder: ElderRow, itemCode: string, providerId?: number) {
  let q = db
    .selectFrom('homecare_providers as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .innerJoin('homecare_provider_streets as s', 's.organisation_id', 'p.organisation_id')
    .innerJoin('homecare_provider_items as i', 'i.organisation_id', 'p.organisation_id')
    .select(['o.id', 'o.name', 'i.price_fen'])
    .where('p.active', '=', true)
    .where('s.street_code', '=', elder.street_code)
    .where('i.item_code', '=', itemCode)
    .where('i.active', '=', true);
  if (providerId != null) {
    const exists = await db
      .selectFrom('homecare_providers')
      .select('organisation_id')
      .where('organisation_id', '=', providerId)
      .executeTakeFirst();
    if (!exists) throw new AppError('not_found');
    q = q.where('o.id', '=', providerId);
  }
  const row = await q.orderBy('i.price_fen').orderBy('o.id').executeTakeFirst();
  if (!row)
    throw new AppError(
      providerId != null ? 'homecare_provider_not_serving' : 'homecare_no_provider',
      { code: itemCode },
      providerId != null ? 'providerId' : 'itemCode',
    );
  return row;
}

async function price(ctx: UseCaseContext, body: OrderBody): Promise<Priced> {
  const elder = await orderableElder(ctx, body.elderId);
  const start = new Date(body.scheduledStart);
  if (Number.isNaN(start.getTime()))
    throw new AppError('invalid_format', { field: 'scheduledStart' }, 'scheduledStart');
  if (start.getTime() < ctx.now.getTime() - SCHEDULE_GRACE_MS)
    throw new AppError('homecare_schedule_past', {}, 'scheduledStart');
  const item = await itemInEffect(ctx.db, elder.community_code, ctx.today, body.itemCode);
  const provider = await providerFor(ctx.db, elder, item.code, body.providerId);
  const standing = await elderStanding(ctx.db, elder.id, ctx.today);
  const perUnit = await subsidyForElder(ctx.db, item.id, standing);
  const minutes = body.durationMinutes ?? item.standard_minutes;
  return {
    elder,
    providerId: provider.id,
    providerName: provider.name,
    item,
    minutes,
    assessmentLevel: standing.assessmentLevel,
    quote: quoteOf(item.unit, minutes, provider.price_fen, perUnit),
  };
}

/** POST /homecare/orders/quote: what the order would cost, before it is confirmed. Writes nothing. */
export async function quoteOrder(ctx: UseCaseContext, body: OrderBody): Promise<QuoteAnswer> {
  const p = await price(ctx, body);
  return {
    providerId: p.providerId,
    providerName: p.providerName,
    itemCode: p.item.code,
    itemName: ctx.lang === 'en' ? p.item.name_en : p.item.name_zh,
    unit: p.item.unit,
    durationMinutes: p.minutes,
    assessmentLevel: p.assessmentLevel,
    quote: p.quote,
  };
}

function placerRole(ctx: UseCaseContext, elderId: number): string {
  if (ctx.reach.elders().includes(elderId)) return 'elder_family';
  return ctx.actor.grants.find((g) => HOMECARE_ORDER_PLACERS.includes(g.role))?.role ?? 'unknown';
}

/** POST /homecare/orders: places the order at the quote shown; the provider must answer by the SLA. */
export async function placeOrder(ctx: UseCaseContext, body: OrderBody): Promise<OrderView> {
  const p = await price(ctx, body);
  const policy = await policyInEffect(ctx.db, p.elder.community_code, ctx.today);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const role = placerRole(ctx, p.elder.id);
    const order = await tx
      .insertInto('homecare_orders')
      .values({
        elder_id: p.elder.id,
        district_code: p.elder.district_code,
        street_code: p.elder.street_code,
        community_code: p.elder.community_code,
        organisation_id: p.providerId,
        item_id: p.item.id,
        item_code: p.item.code,
        policy_id: policy.id,
        scheduled_start: new Date(body.scheduledStart),
        duration_minutes: p.minutes,
        note: body.note ?? null,
        price_fen: p.quote.priceFen,
        subsidy_fen: p.quote.subsidyFen,
        copay_fen: p.quote.copayFen,
        assessment_level: p.assessmentLevel,
        accept_due_at: new Date(ctx.now.getTime() + policy.accept_sla_hours * 3_600_000),
        placed_by: ctx.actor.userId,
        placed_role: role,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addEvent(t, order.id, 'placed', role, null, null, { quote: p.quote, policyVersion: policy.version });
    await recordAudit(t, {
      action: 'create',
      entityType: 'homecare_order',
      entityId: order.id,
      districtCode: p.elder.district_code,
      detail: { elderId: p.elder.id, itemCode: p.item.code, providerId: p.providerId },
    });
    return order.id;
  });
  return getOrder(ctx, id, { audit: false });
}

export async function addEvent(
  ctx: UseCaseContext,
  orderId: number,
  action: string,
  role: string | null,
  code: string | null,
  note: string | null,
  detail?: Record<string, unknown>,
) {
  await ctx.db
    .insertInto('homecare_order_events')
    .values({
      order_id: orderId,
      at: ctx.now,
      action,
      user_id: userIdOf(ctx),
      role,
      code,
      note,
      detail: detail ? JSON.stringify(detail) : null,
    })
    .execute();
}

function orderQuery(ctx: UseCaseContext, workerId: number | null) {
  return ctx.db
    .selectFrom('homecare_orders as o')
    .innerJoin('elders as e', 'e.id', 'o.elder_id')
    .innerJoin('organisations as org', 'org.id', 'o.organisation_id')
    .innerJoin('homecare_catalogue_items as i', 'i.id', 'o.item_id')
    .leftJoin('workers as w', 'w.id', 'o.worker_id')
    .selectAll('o')
    .select([
      'e.name as elder_name',
      'e.address',
      'org.name as provider_name',
      'i.name_zh',
      'i.name_en',
      'i.unit',
      'w.name as worker_name',
    ])
    .select(sql<number | null>`(SELECT v.id FROM homecare_visits v WHERE v.order_id = o.id)`.as('visit_id'))
    .where(orderReach(ctx, workerId));
}

type OrderRow = Awaited<ReturnType<ReturnType<typeof orderQuery>['executeTakeFirstOrThrow']>>;

function view(ctx: UseCaseContext, r: OrderRow): OrderView {
  const acceptDue = new Date(r.accept_due_at);
  return {
    id: r.id,
    status: r.status,
    elderId: r.elder_id,
    elderName: r.elder_name,
    address: r.address,
    communityCode: r.community_code,
    providerId: r.organisation_id,
    providerName: r.provider_name,
    itemCode: r.item_code,
    itemName: ctx.lang === 'en' ? r.name_en : r.name_zh,
    unit: r.unit,
    scheduledStart: new Date(r.scheduled_start).toISOString(),
    durationMinutes: r.duration_minutes,
    note: r.note,
    assessmentLevel: r.assessment_level,
    quote: { priceFen: r.price_fen, subsidyFen: r.subsidy_fen, copayFen: r.copay_fen },
    acceptDueAt: acceptDue.toISOString(),
    overdue: r.status === 'requested' && acceptDue.getTime() < ctx.now.getTime(),
    workerId: r.worker_id,
    workerName: r.worker_name,
    visitId: r.visit_id == null ? null : Number(r.visit_id),
    declineCode: r.decline_code,
    cancelCode: r.cancel_code,
    subsidyHold: { status: r.hold_status, transferId: r.hold_transfer_id, note: r.hold_note },
  };
}

/** The order in the caller's reach, or 404. */
async function reachedOrder(ctx: UseCaseContext, id: number): Promise<OrderRow> {
  const worker = await workerOfCaller(ctx);
  const row = await orderQuery(ctx, worker?.workerId ?? null)
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** GET /homecare/orders/:id, with its history. */
export async function getOrder(ctx: UseCaseContext, id: number, opts: { audit?: boolean } = {}): Promise<OrderView> {
  const row = await reachedOrder(ctx, id);
  const events = await ctx.db
    .selectFrom('homecare_order_events')
    .select(['at', 'action', 'role', 'code', 'note'])
    .where('order_id', '=', id)
    .orderBy('id')
    .execute();
  if (opts.audit !== false)
    await recordAudit(ctx, {
      action: 'read',
      entityType: 'homecare_order',
      entityId: id,
      districtCode: row.district_code,
    });
  return {
    ...view(ctx, row),
    events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
  };
}

/** GET /homecare/orders: the orders the caller reaches, soonest first; `overdue` lists unanswered past the SLA. */
export async function listOrders(ctx: UseCaseContext, q: OrderQuery): Promise<OrderList> {
  const worker = await workerOfCaller(ctx);
  let query = orderQuery(ctx, worker?.workerId ?? null);
  if (q.status) query = query.where('o.status', '=', q.status as OrderStatus);
  if (q.providerId) query = query.where('o.organisation_id', '=', q.providerId);
  if (q.elderId) query = query.where('o.elder_id', '=', q.elderId);
  if (q.overdue) query = query.where('o.status', '=', 'requested').where('o.accept_due_at', '<', ctx.now);
  const rows = await query
    .orderBy(q.overdue ? 'o.accept_due_at' : 'o.scheduled_start')
    .orderBy('o.id')
    .limit(q.limit ?? 100)
    .execute();
  await recordAudit(ctx, { action: 'list', entityType: 'homecare_order', detail: { count: rows.length, ...q } });
  return rows.map((r) => view(ctx, r));
}

/** The order, for a step only its provider's staff take (others who see it are refused, 403). */
export async function providerOrder(ctx: UseCaseContext, id: number): Promise<OrderRow> {
  const row = await reachedOrder(ctx, id);
  if (!providerOrgs(ctx).includes(row.organisation_id)) throw new AppError('forbidden');
  return row;
}

export const stateError = (status: string, action: string) => new AppError('homecare_order_state', { status, action });

/** Moves an order from one of `from` to a new state under a row lock; returns false when it was not there. */
async function transition(
  ctx: UseCaseContext,
  id: number,
  from: OrderStatus[],
  set: Record<string, unknown>,
): Promise<boolean> {
  const res = await ctx.db
    .updateTable('homecare_orders')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** POST /homecare/orders/:id/accept */
export async function acceptOrder(ctx: UseCaseContext, id: number): Promise<OrderView> {
  const row = await providerOrder(ctx, id);
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    if (!(await transition(t, id, ['requested'], { status: 'accepted', accepted_at: ctx.now })))
      throw stateError(row.status, 'accepted');
    await holdOrderSubsidy(t, id);
    await addEvent(t, id, 'accepted', 'provider_staff', null, null, {
      late: new Date(row.accept_due_at).getTime() < ctx.now.getTime(),
    });
    await recordAudit(t, {
      action: 'update',
      entityType: 'homecare_order',
      entityId: id,
      districtCode: row.district_code,
      detail: { accepted: true },
    });
  });
  return getOrder(ctx, id, { audit: false });
}

/** POST /homecare/orders/:id/decline {reasonCode, note} */
export async function declineOrder(ctx: UseCaseContext, id: number, body: ReasonBody): Promise<OrderView> {
  const row = await providerOrder(ctx, id);
  await requireCode(ctx.db, 'decline', body.reasonCode, 'reasonCode');
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const moved = await transition(t, id, ['requested'], {
      status: 'declined',
      declined_at: ctx.now,
      decline_code: body.reasonCode,
      decline_note: body.note ?? null,
    });
    if (!moved) throw stateError(row.status, 'declined');
    await addEvent(t, id, 'declined', 'provider_staff', body.reasonCode, body.note ?? null);
    await recordAudit(t, {
      action: 'update',
      entityType: 'homecare_order',
      entityId: id,
      districtCode: row.district_code,
      detail: { declined: body.reasonCode },
    });
  });
  return getOrder(ctx, id, { audit: false });
}

/**
 * POST /homecare/orders/:id/assign {workerId}: one of the provider's current workers; again
 * before the visit starts to reassign (the previous worker is kept in the event).
 */
export async function assignOrder(ctx: UseCaseContext, id: number, body: AssignBody): Promise<OrderView> {
  const row = await providerOrder(ctx, id);
  if (row.status !== 'accepted' && row.status !== 'assigned') throw stateError(row.status, 'assigned');
  await requireEmployed(ctx.db, row.organisation_id, body.workerId);
  await ctx.db.transaction().execute(async (tx) => {
    await assignInTransaction(inTransaction(ctx, tx), row, body.workerId, 'provider_staff');
  });
  return getOrder(ctx, id, { audit: false });
}

/**
 * Inside the caller's transaction: the order goes to the worker (an employed one, checked by the
 * caller) and its visit is scheduled or moved; by the provider's staff, or the worker taking an offer.
 */
export async function assignInTransaction(
  t: UseCaseContext,
  row: { id: number; status: OrderStatus; worker_id: number | null; district_code: string },
  workerId: number,
  role: 'provider_staff' | 'caregiver',
): Promise<void> {
  const moved = await transition(t, row.id, ['accepted', 'assigned'], {
    status: 'assigned',
    worker_id: workerId,
    assigned_at: t.now,
  });
  if (!moved) throw stateError(row.status, 'assigned');
  const again = row.worker_id != null;
  await addEvent(t, row.id, again ? 'reassigned' : 'assigned', role, null, null, {
    workerId,
    previousWorkerId: row.worker_id,
  });
  await scheduleVisit(t, row.id, workerId);
  await recordAudit(t, {
    action: 'update',
    entityType: 'homecare_order',
    entityId: row.id,
    districtCode: row.district_code,
    detail: { workerId },
  });
}

/** The visit an assignment schedules, or moves to the new worker while it has not started. */
async function scheduleVisit(ctx: UseCaseContext, orderId: number, workerId: number) {
  const moved = await ctx.db
    .updateTable('homecare_visits')
    .set({ worker_id: workerId })
    .where('order_id', '=', orderId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 1) return;
  await sql`
    INSERT INTO homecare_visits (order_id, organisation_id, elder_id, district_code, community_code, worker_id, item_id,
                                 service_code, scheduled_start, scheduled_minutes, home_lat, home_lng)
    SELECT o.id, o.organisation_id, o.elder_id, o.district_code, o.community_code, ${workerId}::bigint, o.item_id,
           o.item_code, o.scheduled_start, o.duration_minutes, coalesce(e.lat, c.lat), coalesce(e.lng, c.lng)
    FROM homecare_orders o
    JOIN elders e ON e.id = o.elder_id
    LEFT JOIN jurisdictions c ON c.code = e.community_code
    WHERE o.id = ${orderId}
    ON CONFLICT (order_id) DO NOTHING`.execute(ctx.db);
}

/**
 * POST /homecare/orders/:id/cancel {reasonCode, note}: by the elder or family, the community
 * worker who reaches the elder, or the provider, before the visit starts. Who and why are kept.
 */
export async function cancelOrder(ctx: UseCaseContext, id: number, body: ReasonBody): Promise<OrderView> {
  const row = await reachedOrder(ctx, id);
  const provider = providerOrgs(ctx).includes(row.organisation_id);
  const family = ctx.reach.elders().includes(row.elder_id);
  const community = ctx.reach.places(HOMECARE_ORDER_PLACERS).covers(row.community_code);
  if (!provider && !family && !community) throw new AppError('forbidden');
  await requireCode(ctx.db, 'cancel', body.reasonCode, 'reasonCode');
  const role = provider ? 'provider_staff' : family ? 'elder_family' : 'community_worker';
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const moved = await transition(t, id, ['requested', 'accepted', 'assigned'], {
      status: 'cancelled',
      cancelled_at: ctx.now,
      cancelled_by: ctx.actor.userId,
      cancelled_role: role,
      cancel_code: body.reasonCode,
      cancel_note: body.note ?? null,
    });
    if (!moved) throw stateError(row.status, 'cancelled');
    await tx
      .updateTable('homecare_visits')
      .set({ status: 'cancelled' })
      .where('order_id', '=', id)
      .where('status', '=', 'scheduled')
      .execute();
    await voidOrderHold(t, id);
    await addEvent(t, id, 'cancelled', role, body.reasonCode, body.note ?? null);
    await recordAudit(t, {
      action: 'update',
      entityType: 'homecare_order',
      entityId: id,
      districtCode: row.district_code,
      detail: { cancelled: body.reasonCode, role },
    });
  });
  return getOrder(ctx, id, { audit: false });
}
