// The money of an order, in two phases on the ledger. Acceptance places a hold on the elder's 重阳分
// account for the subsidised part, payable to the provider; the verified visit captures it (less
// when an hourly service was shorter than booked: the quote's rule applied to the minutes served);
// cancellation voids it; a hold whose visit was never verified expires (jobs.ts). Where no hold
// could be placed (no account, short funds), verification posts the subsidy directly when it can
// and records it as due when it cannot. Every ledger step has a key of its own, so a retry or a
// rerun moves nothing twice. The co-payment of a verified visit is recorded as owed to the provider.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { type UseCaseContext, userIdOf } from '../identity/context.js';
import { availableFen, postSelected } from '../ledger/posting.js';
import { expireHold, move, resolveHold } from '../ledger/transfers.js';

export const paymentKey = (visitId: number) => `sys:homecare:visit:${visitId}`;
export const holdKey = (orderId: number) => `sys:homecare:hold:${orderId}`;
export const voidKey = (orderId: number) => `sys:homecare:void:${orderId}`;

type Tx = Transaction<DB>;

/** The elder's 重阳分 account and the provider's account, where they exist. */
async function accountsOf(tx: Tx, elderId: number, organisationId: number, lock = false) {
  let q = tx
    .selectFrom('ledger_accounts')
    .select(['id', 'type', 'balance', 'pending_debits', 'floor'])
    .where('currency', '=', 'CNY_FEN')
    .where((eb) =>
      eb.or([
        eb.and([eb('type', '=', 'care'), eb('owner_type', '=', 'elder'), eb('owner_id', '=', elderId)]),
        eb.and([
          eb('type', '=', 'provider'),
          eb('owner_type', '=', 'organisation'),
          eb('owner_id', '=', organisationId),
        ]),
      ]),
    )
    .orderBy('id');
  if (lock) q = q.forUpdate();
  const rows = await q.execute();
  return { care: rows.find((a) => a.type === 'care'), provider: rows.find((a) => a.type === 'provider') };
}

/**
 * What a visit is billed: hourly items by the minutes served (never more than booked), the others
 * as booked. The subsidy and the price scale together, as the quote computed them.
 */
export function billedPart(
  unit: 'visit' | 'hour' | 'meal',
  order: { duration_minutes: number; price_fen: number; subsidy_fen: number },
  servedMinutes: number,
): { minutes: number; priceFen: number; subsidyFen: number; copayFen: number } {
  if (unit !== 'hour' || servedMinutes >= order.duration_minutes)
    return {
      minutes: order.duration_minutes,
      priceFen: order.price_fen,
      subsidyFen: order.subsidy_fen,
      copayFen: order.price_fen - order.subsidy_fen,
    };
  const minutes = Math.max(0, servedMinutes);
  const priceFen = Math.round((order.price_fen * minutes) / order.duration_minutes);
  const subsidyFen = Math.min(priceFen, Math.round((order.subsidy_fen * minutes) / order.duration_minutes));
  return { minutes, priceFen, subsidyFen, copayFen: priceFen - subsidyFen };
}

/** Inside the accepting transaction: reserves the order's subsidy on the elder's 重阳分. */
export async function holdOrderSubsidy(ctx: UseCaseContext, orderId: number): Promise<void> {
  const tx = ctx.db as Tx;
  const o = await tx
    .selectFrom('homecare_orders as o')
    .innerJoin('homecare_policies as p', 'p.id', 'o.policy_id')
    .select([
      'o.id',
      'o.elder_id',
      'o.organisation_id',
      'o.district_code',
      'o.subsidy_fen',
      'o.scheduled_start',
      'o.duration_minutes',
      'p.hold_expiry_minutes',
    ])
    .where('o.id', '=', orderId)
    .executeTakeFirstOrThrow();
  const mark = (hold_status: 'none' | 'unavailable' | 'held', hold_note: string | null, holdId: number | null = null) =>
    tx
      .updateTable('homecare_orders')
      .set({ hold_status, hold_note, hold_transfer_id: holdId })
      .where('id', '=', orderId)
      .execute();
  if (o.subsidy_fen <= 0) return void (await mark('none', 'no subsidy'));
  const { care, provider } = await accountsOf(tx, o.elder_id, o.organisation_id);
  if (!care) return void (await mark('unavailable', 'elder has no 重阳分 account'));
  if (!provider) return void (await mark('unavailable', 'provider has no account'));
  // Reserved until the policy's hours after the scheduled end; an unverified visit's hold then lapses.
  const expiresAt = new Date(o.scheduled_start).getTime() + (o.duration_minutes + o.hold_expiry_minutes) * 60_000;
  const holdSeconds = Math.max(1, Math.ceil((expiresAt - ctx.now.getTime()) / 1000));
  try {
    const { transfer } = await move(tx, {
      kind: 'pending',
      debitAccountId: care.id,
      creditAccountId: provider.id,
      amount: o.subsidy_fen,
      key: holdKey(orderId),
      reason: 'homecare_hold',
      memo: `在宅服务 order #${orderId}`,
      holdSeconds,
      now: ctx.now,
      createdBy: userIdOf(ctx),
      provenance: { programme: 'homecare', period: ctx.today.slice(0, 7), districtCode: o.district_code },
    });
    await mark('held', null, transfer.id);
  } catch (err) {
    // Refused before anything was written: the order is accepted, the subsidy settled at verification.
    if (err instanceof AppError && err.code === 'insufficient_funds')
      return void (await mark('unavailable', '重阳分 balance short'));
    throw err;
  }
}

/** Inside the cancelling transaction: releases the order's hold, if one is held. */
export async function voidOrderHold(ctx: UseCaseContext, orderId: number): Promise<void> {
  const tx = ctx.db as Tx;
  const o = await tx
    .selectFrom('homecare_orders')
    .select(['hold_status', 'hold_transfer_id'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  if (o.hold_status !== 'held' || o.hold_transfer_id == null) return;
  const result = await resolveHold(tx, {
    holdId: o.hold_transfer_id,
    action: 'void',
    key: voidKey(orderId),
    memo: `在宅服务 order #${orderId} cancelled`,
    createdBy: userIdOf(ctx),
  });
  await tx
    .updateTable('homecare_orders')
    .set({ hold_status: 'transfer' in result ? 'voided' : 'expired' })
    .where('id', '=', orderId)
    .execute();
}

/** Runs inside the verifying transaction (ctx.db is that transaction). */
export async function payVerifiedVisit(ctx: UseCaseContext, visitId: number): Promise<void> {
  const tx = ctx.db as Tx;
  const v = await tx
    .selectFrom('homecare_visits as v')
    .innerJoin('homecare_orders as o', 'o.id', 'v.order_id')
    .innerJoin('homecare_catalogue_items as i', 'i.id', 'v.item_id')
    .select([
      'v.id',
      'v.order_id',
      'v.elder_id',
      'v.organisation_id',
      'v.district_code',
      'v.check_in_at',
      'v.check_out_at',
      'o.subsidy_fen',
      'o.price_fen',
      'o.duration_minutes',
      'o.hold_status',
      'o.hold_transfer_id',
      'i.unit',
    ])
    .where('v.id', '=', visitId)
    // The order's row, against the expiry job deciding about the same hold.
    .forUpdate('o')
    .executeTakeFirstOrThrow();
  const served =
    v.check_in_at && v.check_out_at
      ? Math.round((new Date(v.check_out_at).getTime() - new Date(v.check_in_at).getTime()) / 60_000)
      : v.duration_minutes;
  const bill = billedPart(v.unit, v, served);
  await tx
    .insertInto('homecare_copayments')
    .values({
      visit_id: v.id,
      order_id: v.order_id,
      organisation_id: v.organisation_id,
      elder_id: v.elder_id,
      district_code: v.district_code,
      billed_minutes: bill.minutes,
      price_fen: bill.priceFen,
      subsidy_fen: bill.subsidyFen,
      amount_fen: bill.copayFen,
    })
    .onConflict((oc) => oc.column('visit_id').doNothing())
    .execute();
  const key = paymentKey(visitId);
  const paid = (subsidy: number) =>
    tx
      .updateTable('homecare_visits')
      .set({ subsidy_fen: subsidy, payment_status: 'posted', payment_key: key, payment_note: null })
      .where('id', '=', visitId)
      .execute();
  const due = (note: string) =>
    tx
      .updateTable('homecare_visits')
      .set({ subsidy_fen: bill.subsidyFen, payment_status: bill.subsidyFen > 0 ? 'due' : 'none', payment_note: note })
      .where('id', '=', visitId)
      .execute();
  const setHold = (hold_status: 'captured' | 'voided' | 'expired') =>
    tx.updateTable('homecare_orders').set({ hold_status }).where('id', '=', v.order_id).execute();

  if (v.hold_status === 'held' && v.hold_transfer_id != null) {
    const capture = bill.subsidyFen > 0;
    const result = await resolveHold(tx, {
      holdId: v.hold_transfer_id,
      action: capture ? 'capture' : 'void',
      amount: capture ? bill.subsidyFen : undefined,
      key: capture ? key : voidKey(v.order_id),
      memo: `在宅服务 visit #${visitId}`,
      createdBy: userIdOf(ctx),
    });
    if ('transfer' in result) {
      await setHold(capture ? 'captured' : 'voided');
      return void (capture ? await paid(bill.subsidyFen) : await due('no subsidy'));
    }
    // The hold lapsed before the visit was verified: the subsidy is paid now, if it can be.
    await setHold('expired');
  }
  if (bill.subsidyFen <= 0) return void (await due('no subsidy'));
  const { care, provider } = await accountsOf(tx, v.elder_id, v.organisation_id, true);
  if (!care) return void (await due('elder has no 重阳分 account'));
  if (!provider) return void (await due('provider has no account'));
  if (availableFen(care) < bill.subsidyFen) return void (await due('重阳分 balance short'));
  await postSelected(
    tx,
    sql`SELECT ${key}::text AS idempotency_key, ${care.id}::bigint AS debit_account_id, ${provider.id}::bigint AS credit_account_id,
               ${bill.subsidyFen}::bigint AS amount, 'CNY_FEN'::text AS currency, 'homecare_visit'::text AS reason,
               ${`在宅服务 visit #${visitId}`}::text AS memo, 'homecare'::text AS programme,
               ${ctx.today.slice(0, 7)}::text AS period,
               NULL::bigint AS policy_version_id, NULL::bigint AS run_id, ${v.district_code}::text AS district_code`,
    userIdOf(ctx),
  );
  await paid(bill.subsidyFen);
}

/**
 * The holds of orders whose visit was never verified, past their time: each expired in the ledger
 * (releasing the reserved 重阳分) and marked on the order, once. Returns the order ids expired.
 */
export async function expireUnverifiedHolds(db: Kysely<DB>, now: Date): Promise<number[]> {
  const stale = await db
    .selectFrom('homecare_orders as o')
    .innerJoin('ledger_transfers as h', 'h.id', 'o.hold_transfer_id')
    .leftJoin('homecare_visits as v', 'v.order_id', 'o.id')
    .select(['o.id', 'o.hold_transfer_id'])
    .where('o.hold_status', '=', 'held')
    .where('h.expires_at', '<=', now)
    // The ledger expires a hold by its own clock: one past the job's time but not the database's waits.
    .where('h.expires_at', '<=', sql<Date>`now()`)
    .where((eb) => eb.or([eb('v.status', 'is', null), eb('v.status', '!=', 'verified')]))
    .orderBy('o.id')
    .limit(1_000)
    .execute();
  const expired: number[] = [];
  for (const o of stale) {
    const done = await db.transaction().execute(async (tx) => {
      const still = await tx
        .selectFrom('homecare_orders')
        .select('id')
        .where('id', '=', o.id)
        .where('hold_status', '=', 'held')
        .forUpdate()
        .executeTakeFirst();
      if (!still || !(await expireHold(tx, o.hold_transfer_id!))) return false;
      await tx.updateTable('homecare_orders').set({ hold_status: 'expired' }).where('id', '=', o.id).execute();
      await tx
        .insertInto('homecare_order_events')
        .values({
          order_id: o.id,
          at: now,
          action: 'hold_expired',
          user_id: null,
          role: 'system',
          code: null,
          note: null,
        })
        .execute();
      return true;
    });
    if (done) expired.push(o.id);
  }
  return expired;
}
