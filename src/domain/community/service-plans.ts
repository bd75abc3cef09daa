// 家庭养老照护床位服务计划: what the contracted provider delivers to a contracted bed each week
// (items of the home-care catalogue on weekdays at a start time), and the recurring home-care
// orders that follow from it. The generator is set-based and safe to run again: it places one
// order per plan item and day for the days ahead the setting gives (homeCareBed.planHorizon),
// keyed by (plan item, day), so a second run — or a second process — places none twice. Orders
// come already accepted (the service contract is the provider's acceptance), their subsidy held on
// the elder's 重阳分 as home care's acceptance holds it. Closing the bed, or dropping an item from
// the plan, cancels the orders not yet started, with the reason, and releases their holds.
import { sql } from 'kysely';
import type { Database } from '../../db/engine.js';
import { runExclusive } from '../../db/exclusive.js';
import { AppError } from '../../lib/errors.js';
import { elderStanding, itemsInEffect, policyInEffect, quoteOf, subsidyForElder } from '../homecare/catalogue.js';
import { holdOrderSubsidy, voidOrderHold } from '../homecare/payment.js';
import { auditRowOf, recordAudit } from '../identity/audit.js';
import { type Db, inTransaction, isSystem, systemContext, type UseCaseContext, userIdOf } from '../identity/context.js';
import { HOME_CARE_BED_WRITERS } from '../identity/permissions.js';
import type { PlanBody, PlanItemView, PlanView } from './schemas.js';
import { settingFor } from './settings.js';
import type { CloseReason } from './tables.js';

/** The role generated orders are placed and cancelled under (homecare_orders.placed_role). */
const PLAN_ROLE = 'home_care_bed_plan';
/** Occurrences placed per transaction: a few thousand bind parameters at most per statement. */
const CHUNK = 500;
const NOT_STARTED = ['requested', 'accepted', 'assigned'] as const;

const CLOSE_REASON_ZH: Record<CloseReason, string> = {
  death: '老人去世',
  admitted: '入住养老机构',
  moved_away: '迁出',
  withdrawn: '主动退出',
};

interface BedRow {
  id: number;
  elder_id: number;
  district_code: string;
  community_code: string;
  status: string;
  provider_organisation_id: number | null;
}

async function bedRow(db: Db, id: number, lock = false): Promise<BedRow | undefined> {
  let q = db
    .selectFrom('home_care_beds')
    .select(['id', 'elder_id', 'district_code', 'community_code', 'status', 'provider_organisation_id'])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Seen by community staff of the place and by the elder's own family; else 404. */
function visible(ctx: UseCaseContext, bed: BedRow | undefined): BedRow {
  if (
    !bed ||
    !(ctx.reach.places(HOME_CARE_BED_WRITERS).covers(bed.community_code) || ctx.reach.elders().includes(bed.elder_id))
  )
    throw new AppError('not_found');
  return bed;
}

/** The provider's price for the item, if it is an active provider serving the street with it. */
async function offeredPrice(db: Db, organisationId: number, itemCode: string, streetCode: string) {
  const row = await db
    .selectFrom('homecare_providers as p')
    .innerJoin('homecare_provider_streets as s', 's.organisation_id', 'p.organisation_id')
    .innerJoin('homecare_provider_items as i', 'i.organisation_id', 'p.organisation_id')
    .select('i.price_fen')
    .where('p.organisation_id', '=', organisationId)
    .where('p.active', '=', true)
    .where('s.street_code', '=', streetCode)
    .where('i.item_code', '=', itemCode)
    .where('i.active', '=', true)
    .executeTakeFirst();
  return row ? Number(row.price_fen) : null;
}

interface PlanRow {
  item_code: string;
  weekdays: number[];
  start_time: string;
  duration_minutes: number;
  note: string | null;
}

const sameItem = (a: PlanRow, b: PlanRow) =>
  a.item_code === b.item_code &&
  a.start_time === b.start_time &&
  a.duration_minutes === b.duration_minutes &&
  (a.note ?? null) === (b.note ?? null) &&
  a.weekdays.length === b.weekdays.length &&
  a.weekdays.every((d, i) => d === b.weekdays[i]);

/** The horizon in force at the place today, in days (null: no setting, nothing generated). */
async function horizonAt(db: Db, communityCode: string, today: string): Promise<number | null> {
  const s = await settingFor<{ days: number }>(db, 'homeCareBed.planHorizon', communityCode, today);
  return s ? s.value.days : null;
}

/**
 * PUT /home-care-beds/:id/plan: the bed's whole plan. Only a contracted bed has one; each item
 * must be in the catalogue at the elder's place and offered by the contracted provider in the
 * elder's street (refused naming the item's field). Unchanged items stay as they are; dropped ones
 * end today and their orders not yet started are cancelled; then the orders ahead are generated.
 */
export async function putPlan(ctx: UseCaseContext, id: number, body: PlanBody): Promise<PlanView> {
  const bed = visible(ctx, await bedRow(ctx.db, id));
  if (!ctx.reach.places(HOME_CARE_BED_WRITERS).covers(bed.community_code) || isSystem(ctx))
    throw new AppError('forbidden');
  if (bed.status !== 'contracted') throw new AppError('hcb_state', { status: bed.status, action: 'plan' });
  const startOn = body.startOn ?? ctx.today;
  if (startOn < ctx.today) throw new AppError('out_of_range', { field: 'startOn' }, 'startOn');
  const providerId = bed.provider_organisation_id;
  if (providerId == null) throw new AppError('required', { field: 'providerOrganisationId' }, 'providerOrganisationId');
  const elder = await ctx.db
    .selectFrom('elders')
    .select(['street_code'])
    .where('id', '=', bed.elder_id)
    .executeTakeFirstOrThrow();
  const wanted: PlanRow[] = [];
  for (const [n, it] of body.items.entries()) {
    const field = `items/${n}/itemCode`;
    const [item] = await itemsInEffect(ctx.db, bed.community_code, ctx.today, it.itemCode);
    if (!item) throw new AppError('homecare_unknown_item', { code: it.itemCode }, field);
    if ((await offeredPrice(ctx.db, providerId, it.itemCode, elder.street_code)) == null)
      throw new AppError('homecare_provider_not_serving', { code: it.itemCode }, field);
    const row = {
      item_code: it.itemCode,
      weekdays: [...it.weekdays].sort((a, b) => a - b),
      start_time: it.startTime,
      duration_minutes: it.durationMinutes ?? item.standard_minutes,
      note: it.note ?? null,
    };
    // The same item twice at the same time of a day would be two visits at once.
    if (
      wanted.some(
        (w) =>
          w.item_code === row.item_code &&
          w.start_time === row.start_time &&
          w.weekdays.some((d) => row.weekdays.includes(d)),
      )
    )
      throw new AppError('not_allowed_value', { field: `items/${n}/startTime` }, `items/${n}/startTime`);
    wanted.push(row);
  }
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const locked = await bedRow(tx, id, true);
    if (locked?.status !== 'contracted')
      throw new AppError('hcb_state', { status: locked?.status ?? 'changed', action: 'plan' });
    const current = await tx
      .selectFrom('home_care_bed_plan_items')
      .selectAll()
      .where('bed_id', '=', id)
      .where('ended_on', 'is', null)
      .execute();
    const kept = current.filter((c) => c.organisation_id === providerId && wanted.some((w) => sameItem(c, w)));
    const dropped = current.filter((c) => !kept.includes(c)).map((c) => c.id);
    const added = wanted.filter((w) => !kept.some((c) => sameItem(c, w)));
    if (dropped.length) {
      await tx
        .updateTable('home_care_bed_plan_items')
        .set({ ended_on: ctx.today })
        .where('id', 'in', dropped)
        .execute();
      await cancelPlanOrders(t, bed, dropped, { code: 'plan_changed', note: '床位服务计划已调整', afterDate: null });
    }
    if (added.length)
      await tx
        .insertInto('home_care_bed_plan_items')
        .values(
          added.map((w) => ({
            ...w,
            bed_id: id,
            district_code: bed.district_code,
            organisation_id: providerId,
            active_from: startOn,
            created_by: ctx.actor.userId,
          })),
        )
        .execute();
    await recordAudit(t, {
      action: 'update',
      entityType: 'home_care_bed_plan',
      entityId: id,
      districtCode: bed.district_code,
      detail: { items: wanted.length, kept: kept.length, added: added.length, dropped: dropped.length, startOn },
    });
  });
  await generatePlanOrders(ctx, { bedId: id });
  return planView(ctx, bed);
}

/** GET /home-care-beds/:id/plan: the items in force and the orders generated from today on. */
export async function getPlan(ctx: UseCaseContext, id: number): Promise<PlanView> {
  const bed = visible(ctx, await bedRow(ctx.db, id));
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'home_care_bed_plan',
    entityId: id,
    districtCode: bed.district_code,
  });
  return planView(ctx, bed);
}

async function planView(ctx: UseCaseContext, bed: BedRow): Promise<PlanView> {
  const [fresh, items, upcoming, horizonDays] = await Promise.all([
    ctx.db
      .selectFrom('home_care_beds as b')
      .leftJoin('organisations as o', 'o.id', 'b.provider_organisation_id')
      .select(['b.status', 'b.provider_organisation_id', 'o.name'])
      .where('b.id', '=', bed.id)
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('home_care_bed_plan_items')
      .selectAll()
      .where('bed_id', '=', bed.id)
      .where('ended_on', 'is', null)
      .orderBy('start_time')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('home_care_bed_plan_orders as po')
      .innerJoin('homecare_orders as o', 'o.id', 'po.order_id')
      .select(['po.order_id', 'po.plan_item_id', 'po.service_date', 'o.item_code', 'o.scheduled_start', 'o.status'])
      .where('po.bed_id', '=', bed.id)
      .where('po.service_date', '>=', ctx.today)
      .orderBy('o.scheduled_start')
      .orderBy('po.order_id')
      .limit(100)
      .execute(),
    horizonAt(ctx.db, bed.community_code, ctx.today),
  ]);
  const names = new Map(
    (await itemsInEffect(ctx.db, bed.community_code, ctx.today)).map((i) => [
      i.code,
      ctx.lang === 'en' ? i.name_en : i.name_zh,
    ]),
  );
  return {
    bedId: bed.id,
    bedStatus: fresh.status,
    providerOrganisationId: fresh.provider_organisation_id,
    providerName: fresh.name,
    horizonDays,
    items: items.map(
      (r): PlanItemView => ({
        id: r.id,
        itemCode: r.item_code,
        itemName: names.get(r.item_code) ?? null,
        weekdays: r.weekdays.map(Number),
        startTime: r.start_time,
        durationMinutes: r.duration_minutes,
        note: r.note,
        activeFrom: r.active_from,
      }),
    ),
    upcoming: upcoming.map((o) => ({
      orderId: Number(o.order_id),
      planItemId: Number(o.plan_item_id),
      serviceDate: o.service_date,
      itemCode: o.item_code,
      scheduledStart: new Date(o.scheduled_start).toISOString(),
      status: o.status,
    })),
  };
}

interface Occurrence {
  plan_item_id: number;
  bed_id: number;
  elder_id: number;
  district_code: string;
  street_code: string;
  community_code: string;
  organisation_id: number;
  item_code: string;
  duration_minutes: number;
  created_by: number;
  service_date: string;
  scheduled_start: Date;
}

/**
 * The occurrences due and not yet placed: every plan item in force of a contracted bed of an
 * active elder, on each of its weekdays from today (or its first day) through the horizon in
 * force at the bed's community (the most specific setting, as settings.ts resolves it), with a
 * start still ahead of now. Plan items that cannot be priced today are left out (`skip`).
 */
async function dueOccurrences(ctx: UseCaseContext, bedId: number | null, skip: number[]): Promise<Occurrence[]> {
  const rows = await sql<Occurrence>`
    SELECT pi.id AS plan_item_id, pi.bed_id, b.elder_id, e.district_code, e.street_code, e.community_code,
           pi.organisation_id, pi.item_code, pi.duration_minutes, pi.created_by,
           to_char(${ctx.today}::date + g.n, 'YYYY-MM-DD') AS service_date,
           ((${ctx.today}::date + g.n) + pi.start_time::time) AT TIME ZONE 'Asia/Shanghai' AS scheduled_start
      FROM home_care_bed_plan_items pi
      JOIN home_care_beds b ON b.id = pi.bed_id AND b.status = 'contracted'
      JOIN elders e ON e.id = b.elder_id AND e.status = 'active'
      CROSS JOIN LATERAL (
        SELECT (v.value ->> 'days')::int AS days
          FROM community_policy_values v
         WHERE v.key = 'homeCareBed.planHorizon'
           AND b.community_code LIKE (CASE
                 WHEN length(v.jurisdiction_code) = 6 AND v.jurisdiction_code LIKE '%0000' THEN left(v.jurisdiction_code, 2)
                 WHEN length(v.jurisdiction_code) = 6 AND v.jurisdiction_code LIKE '%00' THEN left(v.jurisdiction_code, 4)
                 ELSE v.jurisdiction_code END) || '%'
           AND v.effective_from <= ${ctx.today}::date
           AND (v.effective_to IS NULL OR v.effective_to >= ${ctx.today}::date)
         ORDER BY length(v.jurisdiction_code) DESC, v.effective_from DESC
         LIMIT 1
      ) h
      CROSS JOIN LATERAL generate_series(0, h.days - 1) AS g(n)
     WHERE pi.ended_on IS NULL
       AND ${ctx.today}::date + g.n >= pi.active_from
       AND extract(isodow FROM ${ctx.today}::date + g.n)::int = ANY (pi.weekdays)
       AND ((${ctx.today}::date + g.n) + pi.start_time::time) AT TIME ZONE 'Asia/Shanghai' > ${ctx.now}::timestamptz
       AND NOT EXISTS (SELECT 1 FROM home_care_bed_plan_orders po
                        WHERE po.plan_item_id = pi.id AND po.service_date = ${ctx.today}::date + g.n)
       ${bedId == null ? sql`` : sql`AND pi.bed_id = ${bedId}`}
       ${skip.length ? sql`AND pi.id <> ALL (${`{${skip.join(',')}}`}::bigint[])` : sql``}
     ORDER BY pi.id, g.n
     LIMIT ${CHUNK}`.execute(ctx.db);
  return rows.rows;
}

export interface GenerationResult {
  created: number;
  beds: number;
  /** Plan items that could not be priced today (item gone from the catalogue, provider stopped offering it). */
  unpriced: number[];
}

/**
 * Places the orders due from the plans (all beds, or one), chunk by chunk, each chunk in one
 * transaction under a transaction lock, so two generators never race for the same day. Quotes
 * come from the home-care catalogue and the provider's price today, as a placed order's would.
 */
export async function generatePlanOrders(
  ctx: UseCaseContext,
  opts: { bedId?: number } = {},
): Promise<GenerationResult> {
  const unpriced: number[] = [];
  const beds = new Set<number>();
  let created = 0;
  for (let round = 0; round < 10_000; round++) {
    const placed = await ctx.db.transaction().execute(async (tx) => {
      const t = inTransaction(ctx, tx);
      await sql`SELECT pg_advisory_xact_lock(hashtext('home-care-bed-plan-orders'))`.execute(tx);
      const due = await dueOccurrences(t, opts.bedId ?? null, unpriced);
      if (!due.length) return null;
      const quotes = await quotesFor(t, due, unpriced);
      const rows = due.filter((o) => quotes.has(o.plan_item_id));
      if (!rows.length) return 0;
      const orders = await tx
        .insertInto('homecare_orders')
        .values(
          rows.map((o) => {
            const q = quotes.get(o.plan_item_id)!;
            return {
              elder_id: o.elder_id,
              district_code: o.district_code,
              street_code: o.street_code,
              community_code: o.community_code,
              organisation_id: o.organisation_id,
              item_id: q.itemId,
              item_code: o.item_code,
              policy_id: q.policyId,
              scheduled_start: o.scheduled_start,
              duration_minutes: o.duration_minutes,
              note: `家庭养老照护床位 #${o.bed_id} 服务计划`,
              price_fen: q.priceFen,
              subsidy_fen: q.subsidyFen,
              copay_fen: q.copayFen,
              assessment_level: q.assessmentLevel,
              status: 'accepted' as const,
              accept_due_at: new Date(ctx.now.getTime() + q.acceptSlaHours * 3_600_000),
              accepted_at: ctx.now,
              placed_by: o.created_by,
              placed_role: PLAN_ROLE,
            };
          }),
        )
        .returning(['id', 'elder_id', 'item_code', 'scheduled_start'])
        .execute();
      // Mapped back by what is unique within the chunk: one elder, item and start time (see putPlan).
      const key = (elderId: number, code: string, start: Date | string) =>
        `${elderId}|${code}|${new Date(start).getTime()}`;
      const idOf = new Map(orders.map((r) => [key(r.elder_id, r.item_code, r.scheduled_start), r.id]));
      const links = rows.map((o) => ({
        plan_item_id: o.plan_item_id,
        service_date: o.service_date,
        bed_id: o.bed_id,
        order_id: idOf.get(key(o.elder_id, o.item_code, o.scheduled_start))!,
      }));
      // The key (plan item, day) refuses a second order for the same day, rolling the chunk back.
      await tx.insertInto('home_care_bed_plan_orders').values(links).execute();
      // Accepted, so the subsidy is reserved on the elder's 重阳分 as the provider's acceptance would.
      for (const l of links) await holdOrderSubsidy(t, l.order_id);
      await tx
        .insertInto('homecare_order_events')
        .values(
          links.flatMap((l) => {
            const q = quotes.get(l.plan_item_id)!;
            const detail = JSON.stringify({ bedId: l.bed_id, planItemId: l.plan_item_id, serviceDate: l.service_date });
            return [
              {
                order_id: l.order_id,
                at: ctx.now,
                action: 'placed',
                user_id: null,
                role: PLAN_ROLE,
                code: null,
                note: null,
                detail: JSON.stringify({
                  ...JSON.parse(detail),
                  quote: { priceFen: q.priceFen, subsidyFen: q.subsidyFen, copayFen: q.copayFen },
                }),
              },
              {
                order_id: l.order_id,
                at: ctx.now,
                action: 'accepted',
                user_id: null,
                role: PLAN_ROLE,
                code: null,
                note: '服务合同已约定',
                detail,
              },
            ];
          }),
        )
        .execute();
      const perBed = new Map<number, { district: string; orderIds: number[] }>();
      for (const [i, l] of links.entries()) {
        const entry = perBed.get(l.bed_id) ?? { district: rows[i]!.district_code, orderIds: [] };
        entry.orderIds.push(l.order_id);
        perBed.set(l.bed_id, entry);
      }
      await tx
        .insertInto('audit_log')
        .values(
          [...perBed].map(([bedId, e]) =>
            auditRowOf(ctx, {
              action: 'create',
              entityType: 'home_care_bed_plan',
              entityId: bedId,
              districtCode: e.district,
              detail: { generatedOrders: e.orderIds.length, orderIds: e.orderIds },
            }),
          ),
        )
        .execute();
      for (const b of perBed.keys()) beds.add(b);
      return links.length;
    });
    if (placed === null) break;
    created += placed;
  }
  return { created, beds: beds.size, unpriced };
}

interface PlanQuote {
  itemId: number;
  policyId: number;
  acceptSlaHours: number;
  assessmentLevel: number | null;
  priceFen: number;
  subsidyFen: number;
  copayFen: number;
}

/** One quote per plan item of the chunk (today's catalogue, price and the elder's standing). */
async function quotesFor(ctx: UseCaseContext, due: Occurrence[], unpriced: number[]): Promise<Map<number, PlanQuote>> {
  const quotes = new Map<number, PlanQuote>();
  const standings = new Map<number, Awaited<ReturnType<typeof elderStanding>>>();
  for (const o of due) {
    if (quotes.has(o.plan_item_id) || unpriced.includes(o.plan_item_id)) continue;
    const [item] = await itemsInEffect(ctx.db, o.community_code, ctx.today, o.item_code);
    const price = item ? await offeredPrice(ctx.db, o.organisation_id, o.item_code, o.street_code) : null;
    let policy: Awaited<ReturnType<typeof policyInEffect>> | null = null;
    try {
      policy = await policyInEffect(ctx.db, o.community_code, ctx.today);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'homecare_no_policy')) throw err;
    }
    if (!item || price == null || !policy) {
      unpriced.push(o.plan_item_id);
      continue;
    }
    let standing = standings.get(o.elder_id);
    if (!standing) {
      standing = await elderStanding(ctx.db, o.elder_id, ctx.today);
      standings.set(o.elder_id, standing);
    }
    const perUnit = await subsidyForElder(ctx.db, item.id, standing);
    quotes.set(o.plan_item_id, {
      itemId: item.id,
      policyId: policy.id,
      acceptSlaHours: policy.accept_sla_hours,
      assessmentLevel: standing.assessmentLevel,
      ...quoteOf(item.unit, o.duration_minutes, price, perUnit),
    });
  }
  return quotes;
}

/**
 * Cancels the plan items' orders not yet started: those ahead of now, and those after `afterDate`
 * whatever their time (a bed closed on a past day serves nothing after it). Inside the caller's
 * transaction.
 */
async function cancelPlanOrders(
  ctx: UseCaseContext,
  bed: { district_code: string },
  planItemIds: number[],
  o: { code: 'bed_closed' | 'plan_changed'; note: string; afterDate: string | null },
): Promise<number[]> {
  if (!planItemIds.length) return [];
  const due = await ctx.db
    .selectFrom('home_care_bed_plan_orders as po')
    .innerJoin('homecare_orders as o', 'o.id', 'po.order_id')
    .select('o.id')
    .where('po.plan_item_id', 'in', planItemIds)
    .where('o.status', 'in', NOT_STARTED)
    .where((eb) =>
      eb.or([
        eb('o.scheduled_start', '>=', ctx.now),
        ...(o.afterDate ? [eb('po.service_date', '>', o.afterDate)] : []),
      ]),
    )
    .execute();
  if (!due.length) return [];
  const cancelled = await ctx.db
    .updateTable('homecare_orders')
    .set({
      status: 'cancelled',
      cancelled_at: ctx.now,
      cancelled_by: userIdOf(ctx),
      cancelled_role: PLAN_ROLE,
      cancel_code: o.code,
      cancel_note: o.note,
    })
    .where(
      'id',
      'in',
      due.map((d) => d.id),
    )
    .where('status', 'in', NOT_STARTED)
    .returning('id')
    .execute();
  const ids = cancelled.map((c) => c.id);
  if (!ids.length) return [];
  for (const id of ids) await voidOrderHold(ctx, id);
  await ctx.db
    .updateTable('homecare_visits')
    .set({ status: 'cancelled' })
    .where('order_id', 'in', ids)
    .where('status', '=', 'scheduled')
    .execute();
  await ctx.db
    .insertInto('homecare_order_events')
    .values(
      ids.map((id) => ({
        order_id: id,
        at: ctx.now,
        action: 'cancelled',
        user_id: userIdOf(ctx),
        role: PLAN_ROLE,
        code: o.code,
        note: o.note,
        detail: null,
      })),
    )
    .execute();
  await recordAudit(ctx, {
    action: 'update',
    entityType: 'home_care_bed_plan',
    districtCode: bed.district_code,
    detail: { cancelledOrders: ids.length, code: o.code, orderIds: ids },
  });
  return ids;
}

/**
 * The bed closes: its plan ends on the closing day and the orders not yet started are cancelled
 * with the closing reason. Called inside closeBed's transaction.
 */
export async function endPlan(
  ctx: UseCaseContext,
  bed: { id: number; district_code: string },
  closedOn: string,
  reason: CloseReason,
): Promise<number[]> {
  await ctx.db
    .updateTable('home_care_bed_plan_items')
    .set({ ended_on: closedOn })
    .where('bed_id', '=', bed.id)
    .where('ended_on', 'is', null)
    .execute();
  // Items dropped earlier may still have orders after the closing day: those go as well.
  const all = await ctx.db.selectFrom('home_care_bed_plan_items').select('id').where('bed_id', '=', bed.id).execute();
  return cancelPlanOrders(
    ctx,
    bed,
    all.map((r) => r.id),
    { code: 'bed_closed', note: `撤床：${CLOSE_REASON_ZH[reason]}`, afterDate: closedOn },
  );
}

/** Starts the plan-order rounds of `serve` (hourly, and once at start); returns the stop. */
export function startPlanOrderJobs(database: Database, o: { onError: (err: unknown) => void; everyMs?: number }) {
  const round = () =>
    runExclusive(database, 'home-care-bed-plan-orders', () =>
      generatePlanOrders(systemContext(database.db, `job:hcb-plan-orders:${Date.now()}`)),
    ).catch(o.onError);
  const first = setTimeout(round, 30_000);
  first.unref();
  const timer = setInterval(round, o.everyMs ?? 60 * 60_000);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
