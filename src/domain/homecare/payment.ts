// Payment on verification: the subsidised part of a verified visit moves from the elder's 重阳分
// account to the provider's account through the ledger's set-based posting, under one key per
// visit, so a second verification (or a rerun) posts nothing twice. Where an account is missing
// or the elder's balance cannot cover it, the amount is recorded as due instead.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { UseCaseContext } from '../identity/context.js';
import { availableFen, postSelected } from '../ledger/posting.js';

export const paymentKey = (visitId: number) => `sys:homecare:visit:${visitId}`;

/** Runs inside the verifying transaction (ctx.db is that transaction). */
export async function payVerifiedVisit(ctx: UseCaseContext, visitId: number): Promise<void> {
  const tx = ctx.db as Transaction<DB>;
  const v = await tx
    .selectFrom('homecare_visits as v')
    .innerJoin('homecare_orders as o', 'o.id', 'v.order_id')
    .select(['v.id', 'v.elder_id', 'v.organisation_id', 'v.district_code', 'o.subsidy_fen', 'o.policy_id'])
    .where('v.id', '=', visitId)
    .executeTakeFirstOrThrow();
  const due = (note: string) =>
    tx
      .updateTable('homecare_visits')
      .set({ subsidy_fen: v.subsidy_fen, payment_status: v.subsidy_fen > 0 ? 'due' : 'none', payment_note: note })
      .where('id', '=', visitId)
      .execute();
  if (v.subsidy_fen <= 0) return void (await due('no subsidy'));
  const accounts = await tx
    .selectFrom('ledger_accounts')
    .select(['id', 'type', 'balance', 'pending_debits', 'floor'])
    .where('currency', '=', 'CNY_FEN')
    .where((eb) =>
      eb.or([
        eb.and([eb('type', '=', 'care'), eb('owner_type', '=', 'elder'), eb('owner_id', '=', v.elder_id)]),
        eb.and([
          eb('type', '=', 'provider'),
          eb('owner_type', '=', 'organisation'),
          eb('owner_id', '=', v.organisation_id),
        ]),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  const care = accounts.find((a) => a.type === 'care');
  const provider = accounts.find((a) => a.type === 'provider');
  if (!care) return void (await due('elder has no 重阳分 account'));
  if (!provider) return void (await due('provider has no account'));
  if (availableFen(care) < v.subsidy_fen) return void (await due('重阳分 balance short'));
  const key = paymentKey(visitId);
  await postSelected(
    tx,
    sql`SELECT ${key}::text AS idempotency_key, ${care.id}::bigint AS debit_account_id, ${provider.id}::bigint AS credit_account_id,
               ${v.subsidy_fen}::bigint AS amount, 'CNY_FEN'::text AS currency, 'homecare_visit'::text AS reason,
               ${`在宅服务 visit #${visitId}`}::text AS memo, 'homecare'::text AS programme,
               ${ctx.today.slice(0, 7)}::text AS period,
               NULL::bigint AS policy_version_id, NULL::bigint AS run_id, ${v.district_code}::text AS district_code`,
    ctx.actor.userId,
  );
  await tx
    .updateTable('homecare_visits')
    .set({ subsidy_fen: v.subsidy_fen, payment_status: 'posted', payment_key: key, payment_note: null })
    .where('id', '=', visitId)
    .execute();
}
