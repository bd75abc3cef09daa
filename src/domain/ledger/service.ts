// Ledger use cases behind the HTTP API: each checks the caller's access on the locked accounts,
// runs in one transaction, and writes the audit log.
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { administers, canSee, flowRefusal, mayDebit, mayPayInto, organisationIdsOf } from './access.js';
import type { AccountRow } from './accounts.js';
import type { TransferView } from './schemas.js';
import { type HoldState, holdState, move, resolveHold, reverse, type TransferRow } from './transfers.js';

export type { TransferView };

export function transferView(t: TransferRow, holdStateOf?: HoldState): TransferView {
  const view: TransferView = {
    id: t.id,
    idempotencyKey: t.idempotency_key.replace(/^u\d+:/, ''),
    kind: t.kind,
    fromAccountId: t.debit_account_id,
    toAccountId: t.credit_account_id,
    amountFen: Number(t.amount),
    currency: t.currency,
    reason: t.reason,
    memo: t.memo,
    pendingId: t.pending_id,
    reversesId: t.reverses_id,
    expiresAt: t.expires_at ? new Date(t.expires_at).toISOString() : null,
    programme: t.programme,
    period: t.period,
    policyVersionId: t.policy_version_id,
    createdAt: new Date(t.created_at).toISOString(),
  };
  if (holdStateOf) view.holdState = holdStateOf;
  return view;
}

export interface TransferBody {
  fromAccountId: number;
  toAccountId: number;
  amountFen: number;
  idempotencyKey: string;
  memo?: string | null;
  reason?: string;
}

const apiKey = (actor: Actor, key: string) => `u${actor.userId}:${key}`;

/**
 * The API's rule for spending, in this order so that no answer tells more than the caller may
 * know: the source exists and is theirs to debit; the payee exists and is within their reach (else
 * the same 404 as a missing id); only then its currency, and whether the flow is one we allow.
 */
function spendCheck(actor: Actor) {
  return (debit: AccountRow | undefined, credit: AccountRow | undefined) => {
    if (!debit || !canSee(actor, debit)) throw new AppError('not_found', {}, 'fromAccountId');
    if (!mayDebit(actor, debit)) throw new AppError('forbidden');
    if (!credit || !mayPayInto(actor, debit, credit)) throw new AppError('not_found', {}, 'toAccountId');
    if (debit.currency !== credit.currency)
      throw new AppError('currency_mismatch', { from: debit.currency, to: credit.currency }, 'toAccountId');
    const refusal = flowRefusal(actor, debit, credit);
    if (refusal === 'type')
      throw new AppError('transfer_not_allowed', { from: debit.type, to: credit.type }, 'toAccountId');
    if (refusal === 'place')
      throw new AppError('outside_jurisdiction', { code: credit.jurisdiction_code }, 'toAccountId');
  };
}

/** A payment now, or (with `hold`) a two-phase transfer reserving the amount until it is settled. */
export async function makeTransfer(
  ctx: UseCaseContext,
  body: TransferBody,
  hold?: { seconds: number },
): Promise<{ transfer: TransferView; replayed: boolean }> {
  const { actor } = ctx;
  return ctx.db.transaction().execute(async (tx) => {
    const result = await move(tx, {
      kind: hold ? 'pending' : 'posted',
      debitAccountId: body.fromAccountId,
      creditAccountId: body.toAccountId,
      amount: body.amountFen,
      key: apiKey(actor, body.idempotencyKey),
      reason: body.reason ?? 'payment',
      memo: body.memo ?? null,
      holdSeconds: hold?.seconds,
      now: ctx.now,
      createdBy: actor.userId,
      check: spendCheck(actor),
    });
    if (!result.replayed) {
      await recordAudit(inTransaction(ctx, tx), {
        action: 'create',
        entityType: hold ? 'ledger_hold' : 'ledger_transfer',
        entityId: result.transfer.id,
        districtCode: result.transfer.district_code,
        detail: { amountFen: body.amountFen, from: body.fromAccountId, to: body.toAccountId },
      });
    }
    return { transfer: transferView(result.transfer, hold ? 'pending' : undefined), replayed: result.replayed };
  });
}

export async function settleHold(
  ctx: UseCaseContext,
  holdId: number,
  action: 'capture' | 'void',
  body: { idempotencyKey: string; amountFen?: number; memo?: string | null },
): Promise<{ transfer: TransferView; replayed: boolean }> {
  const { actor } = ctx;
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const result = await resolveHold(tx, {
      holdId,
      action,
      amount: body.amountFen,
      key: apiKey(actor, body.idempotencyKey),
      memo: body.memo ?? null,
      createdBy: actor.userId,
      // Either side may settle a hold: the payer, or the provider it was authorised for.
      check(_hold, debit, credit) {
        const payee =
          credit.owner_type === 'organisation' &&
          credit.owner_id != null &&
          organisationIdsOf(actor).includes(Number(credit.owner_id));
        if (!canSee(actor, debit) && !payee) throw new AppError('not_found');
        if (!mayDebit(actor, debit) && !payee) throw new AppError('forbidden');
      },
    });
    if ('transfer' in result && !result.replayed) {
      await recordAudit(inTransaction(ctx, tx), {
        action: 'update',
        entityType: 'ledger_hold',
        entityId: holdId,
        districtCode: result.transfer.district_code,
        detail: { action, amountFen: result.transfer.amount },
      });
    }
    return result;
  });
  // The expiry was committed; the capture or void is what the caller is told failed.
  if ('expiredAt' in outcome) throw new AppError('hold_expired', { at: outcome.expiredAt.toISOString() });
  return { transfer: transferView(outcome.transfer), replayed: outcome.replayed };
}

export async function reverseTransfer(
  ctx: UseCaseContext,
  id: number,
  body: { idempotencyKey: string; memo?: string | null },
): Promise<{ transfer: TransferView; replayed: boolean }> {
  const { actor } = ctx;
  return ctx.db.transaction().execute(async (tx) => {
    const original = await tx
      .selectFrom('ledger_transfers')
      .select(['debit_account_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    const payer =
      original &&
      (await tx
        .selectFrom('ledger_accounts')
        .selectAll()
        .where('id', '=', original.debit_account_id)
        .executeTakeFirst());
    // Corrections belong to whoever keeps the paying account's books.
    if (!payer || !canSee(actor, payer)) throw new AppError('not_found');
    if (!administers(actor, payer)) throw new AppError('forbidden');
    const result = await reverse(tx, id, apiKey(actor, body.idempotencyKey), body.memo ?? null, actor.userId);
    if (!result.replayed)
      await recordAudit(inTransaction(ctx, tx), {
        action: 'create',
        entityType: 'ledger_reversal',
        entityId: result.transfer.id,
        districtCode: result.transfer.district_code,
        detail: { reverses: id },
      });
    return { transfer: transferView(result.transfer), replayed: result.replayed };
  });
}

export async function getTransfer(ctx: UseCaseContext, id: number): Promise<TransferView> {
  const { actor } = ctx;
  return ctx.db.transaction().execute(async (tx) => {
    const t = await tx.selectFrom('ledger_transfers').selectAll().where('id', '=', id).executeTakeFirst();
    if (!t) throw new AppError('not_found');
    const accounts = await tx
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('id', 'in', [t.debit_account_id, t.credit_account_id])
      .execute();
    if (!accounts.some((a) => canSee(actor, a))) throw new AppError('not_found');
    if (accounts.some((a) => a.owner_type === 'elder'))
      await recordAudit(inTransaction(ctx, tx), {
        action: 'read',
        entityType: 'ledger_transfer',
        entityId: t.id,
        districtCode: t.district_code,
      });
    return transferView(t, t.kind === 'pending' ? (await holdState(tx, t)).state : undefined);
  });
}
