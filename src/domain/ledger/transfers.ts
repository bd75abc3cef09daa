// Moving money: posted transfers, two-phase holds (capture / void / expire) and reversals.
// Each runs inside the caller's transaction, so a payment commits together with the business
// record it pays for. Concurrency: both account rows are locked in id order (no deadlock between
// A→B and B→A) before the available balance is checked and changed.
import { createHash } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { formatFen } from '../../lib/money.js';
import type { AccountRow } from './accounts.js';
import { floorRefused } from './posting.js';
import type { LedgerTransfersTable, TransferKind } from './tables.js';

type Tx = Transaction<DB>;
export type TransferRow = Selectable<LedgerTransfersTable>;

export interface Provenance {
  programme?: string | null;
  period?: string | null;
  policyVersionId?: number | null;
  runId?: number | null;
  districtCode?: string | null;
}

export interface MoveRequest {
  kind: 'posted' | 'pending' | 'reversal';
  debitAccountId: number;
  creditAccountId: number;
  amount: number;
  /** The stored key: `u<user>:<client key>` from the API, `sys:…` from the platform. */
  key: string;
  reason: string;
  memo?: string | null;
  /** Holds: how long until the hold expires. */
  holdSeconds?: number;
  /** Holds: the moment the expiry counts from (the caller's clock; default: now). */
  now?: Date;
  reversesId?: number | null;
  createdBy?: number | null;
  provenance?: Provenance;
  /**
   * Access and flow rules on the locked accounts, run before anything else is said about them
   * (missing, currency), so an account out of reach answers as a missing one; throws to refuse.
   */
  check?(debit: AccountRow | undefined, credit: AccountRow | undefined): void;
}

export interface MoveResult {
  transfer: TransferRow;
  replayed: boolean;
}

/** What was asked, hashed: the same key with different content is a conflict, not a retry. */
export function requestHash(parts: (string | number | null | undefined)[]): string {
  return createHash('md5')
    .update(parts.map((p) => (p == null ? '' : String(p))).join('|'))
    .digest('hex');
}

const amountText = (a: AccountRow, n: number) => (a.currency === 'CNY_FEN' ? formatFen(n) : `${n} min`);

export async function lockAccounts(tx: Tx, ids: number[]): Promise<Map<number, AccountRow>> {
  const rows = await tx
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function transferByKey(tx: Tx, key: string): Promise<TransferRow | undefined> {
  return tx.selectFrom('ledger_transfers').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

function replayOf(existing: TransferRow | undefined, key: string, hash: string): MoveResult | null {
  if (!existing) return null;
  if (existing.request_hash !== hash)
    throw new AppError('idempotency_conflict', { key: key.replace(/^u\d+:/, '') }, 'idempotencyKey');
  return { transfer: existing, replayed: true };
}

/**
 * Expires the debit account's holds that are past their time, inside the caller's transaction
 * (the account row is already locked), returning the amount released.
 */
async function expireStaleHolds(tx: Tx, account: AccountRow): Promise<number> {
  const released = await sql<{ amount: number }>`
    INSERT INTO ledger_transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, currency, pending_id, reason, district_code)
    SELECT 'sys:expire:' || h.id, 'expire', h.debit_account_id, h.credit_account_id, h.amount, h.currency, h.id, 'hold_expired', h.district_code
    FROM ledger_transfers h
    WHERE h.kind = 'pending' AND h.debit_account_id = ${account.id} AND h.expires_at <= now()
      AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = h.id)
    ON CONFLICT DO NOTHING
    RETURNING amount`.execute(tx);
  const total = released.rows.reduce((s, r) => s + Number(r.amount), 0);
  if (total)
    await tx
      .updateTable('ledger_accounts')
      .set((eb) => ({ pending_debits: eb('pending_debits', '-', total) }))
      .where('id', '=', account.id)
      .execute();
  account.pending_debits -= total;
  return total;
}

/**
 * Releases every hold past its time, account by account (each locked as a transfer would lock
 * it). Payments sweep their own account's stale holds when they need the money; this sweep keeps
 * the shown available balances right in between. Returns the number of holds expired.
 */
export async function expireHolds(db: Kysely<DB>, limit = 1_000): Promise<number> {
  const accounts = await sql<{ id: number }>`
    SELECT DISTINCT h.debit_account_id AS id FROM ledger_transfers h
    WHERE h.kind = 'pending' AND h.expires_at <= now() AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = h.id)
    LIMIT ${limit}`.execute(db);
  let expired = 0;
  for (const { id } of accounts.rows) {
    expired += await db.transaction().execute(async (tx) => {
      const account = (await lockAccounts(tx, [Number(id)])).get(Number(id))!;
      const before = account.pending_debits;
      await expireStaleHolds(tx, account);
      return before === account.pending_debits ? 0 : 1;
    });
  }
  return expired;
}

/**
 * Expires one hold once its time has passed, inside the caller's transaction (with the other stale
 * holds of its paying account). True when the hold is (now) recorded as expired.
 */
export async function expireHold(tx: Tx, holdId: number): Promise<boolean> {
  const hold = await tx
    .selectFrom('ledger_transfers')
    .select(['debit_account_id'])
    .where('id', '=', holdId)
    .where('kind', '=', 'pending')
    .executeTakeFirst();
  if (!hold) return false;
  const account = (await lockAccounts(tx, [hold.debit_account_id])).get(hold.debit_account_id)!;
  await expireStaleHolds(tx, account);
  const resolution = await tx
    .selectFrom('ledger_transfers')
    .select('kind')
    .where('pending_id', '=', holdId)
    .executeTakeFirst();
  return resolution?.kind === 'expire';
}

export async function move(tx: Tx, req: MoveRequest): Promise<MoveResult> {
  if (req.debitAccountId === req.creditAccountId) throw new AppError('same_account', {}, 'toAccountId');
  const hash = requestHash([
    req.kind,
    req.debitAccountId,
    req.creditAccountId,
    req.amount,
    req.reason,
    req.memo,
    req.reversesId,
    req.holdSeconds,
  ]);
  if ((req.kind === 'pending') !== (req.holdSeconds !== undefined))
    throw new Error('a hold, and only a hold, has an expiry');
  const expiresAt =
    req.holdSeconds !== undefined ? new Date((req.now ?? new Date()).getTime() + req.holdSeconds * 1000) : null;
  const accounts = await lockAccounts(tx, [req.debitAccountId, req.creditAccountId]);
  const debit = accounts.get(req.debitAccountId);
  const credit = accounts.get(req.creditAccountId);
  req.check?.(debit, credit);
  if (!debit) throw new AppError('not_found', {}, 'fromAccountId');
  if (!credit) throw new AppError('not_found', {}, 'toAccountId');
  if (debit.currency !== credit.currency)
    throw new AppError('currency_mismatch', { from: debit.currency, to: credit.currency }, 'toAccountId');

  const fits = () => debit.balance - debit.pending_debits - req.amount >= debit.floor;
  if (!fits()) {
    // A retry of a transfer that already went through must answer that transfer, not "no funds".
    const replay = replayOf(await transferByKey(tx, req.key), req.key, hash);
    if (replay) return replay;
    if (debit.pending_debits > 0) await expireStaleHolds(tx, debit);
    if (!fits()) {
      if (debit.type === 'budget') throw new AppError('appropriation_exceeded', { account: debit.id });
      throw new AppError('insufficient_funds', {
        account: debit.id,
        available: amountText(debit, debit.balance - debit.pending_debits),
        amount: amountText(debit, req.amount),
      });
    }
  }
  const p = req.provenance ?? {};
  const insert = tx
    .insertInto('ledger_transfers')
    .values({
      idempotency_key: req.key,
      request_hash: hash,
      kind: req.kind,
      debit_account_id: debit.id,
      credit_account_id: credit.id,
      amount: req.amount,
      currency: debit.currency,
      reverses_id: req.reversesId ?? null,
      expires_at: expiresAt,
      reason: req.reason,
      memo: req.memo ?? null,
      programme: p.programme ?? null,
      period: p.period ?? null,
      policy_version_id: p.policyVersionId ?? null,
      run_id: p.runId ?? null,
      district_code: p.districtCode ?? debit.district_code,
      created_by: req.createdBy ?? null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll();
  // One round trip: the transfer and the balance change it makes, or neither when the key exists.
  const change =
    req.kind === 'pending'
      ? sql`pending_debits = pending_debits + ${req.amount}::bigint WHERE id = ${debit.id}`
      : sql`balance = balance + CASE WHEN id = ${debit.id} THEN ${-req.amount}::bigint ELSE ${req.amount}::bigint END WHERE id IN (${debit.id}, ${credit.id})`;
  const inserted = (
    await sql<TransferRow>`
      WITH ins AS (${insert}), upd AS (UPDATE ledger_accounts SET ${change} AND EXISTS (SELECT 1 FROM ins) RETURNING id)
      SELECT * FROM ins`
      .execute(tx)
      .catch(floorRefused)
  ).rows[0];
  if (!inserted) return replayOf(await transferByKey(tx, req.key), req.key, hash)!;
  return { transfer: inserted, replayed: false };
}

/** Debit one account and credit the other by the same amount (rows already locked). */
async function applyPosting(tx: Tx, debitId: number, creditId: number, amount: number, releaseHeld = 0): Promise<void> {
  await sql`
    UPDATE ledger_accounts
    SET balance = balance + CASE WHEN id = ${debitId} THEN ${-amount}::bigint ELSE ${amount}::bigint END,
        pending_debits = pending_debits - CASE WHEN id = ${debitId} THEN ${releaseHeld}::bigint ELSE 0 END
    WHERE id IN (${debitId}, ${creditId})`.execute(tx);
}

export type HoldState = 'pending' | 'captured' | 'voided' | 'expired';
const STATE_OF: Record<string, HoldState> = { capture: 'captured', void: 'voided', expire: 'expired' };

export async function holdState(
  tx: Tx,
  hold: TransferRow,
): Promise<{ state: HoldState; resolution: TransferRow | null }> {
  const resolution = await tx
    .selectFrom('ledger_transfers')
    .selectAll()
    .where('pending_id', '=', hold.id)
    .executeTakeFirst();
  if (resolution) return { state: STATE_OF[resolution.kind]!, resolution };
  return { state: new Date(hold.expires_at!).getTime() <= Date.now() ? 'expired' : 'pending', resolution: null };
}

export interface ResolveRequest {
  holdId: number;
  action: 'capture' | 'void';
  /** Capture only: up to the held amount (default: all of it). */
  amount?: number;
  key: string;
  memo?: string | null;
  createdBy?: number | null;
  check?(hold: TransferRow, debit: AccountRow, credit: AccountRow): void;
}

/**
 * Captures or voids a hold. An expired hold is recorded as expired (and its money released)
 * even though the caller gets a 409: the expiry is a fact, the capture is what failed.
 */
export async function resolveHold(tx: Tx, req: ResolveRequest): Promise<MoveResult | { expiredAt: Date }> {
  const hold = await tx
    .selectFrom('ledger_transfers')
    .selectAll()
    .where('id', '=', req.holdId)
    .where('kind', '=', 'pending')
    .executeTakeFirst();
  if (!hold) throw new AppError('not_found');
  const accounts = await lockAccounts(tx, [hold.debit_account_id, hold.credit_account_id]);
  const debit = accounts.get(hold.debit_account_id)!;
  const credit = accounts.get(hold.credit_account_id)!;
  // Access first: the held amount is told only to whoever may settle the hold.
  req.check?.(hold, debit, credit);
  const amount = req.action === 'capture' ? (req.amount ?? hold.amount) : hold.amount;
  if (amount > hold.amount) throw new AppError('capture_exceeds_hold', { amount, held: hold.amount }, 'amountFen');
  const hash = requestHash([req.action, hold.id, amount, req.memo]);
  const { state, resolution } = await holdState(tx, hold);
  if (resolution) {
    if (resolution.idempotency_key === req.key) return replayOf(resolution, req.key, hash)!;
    throw new AppError('hold_not_pending', { state });
  }
  if (state === 'expired') {
    await expireStaleHolds(tx, debit);
    return { expiredAt: new Date(hold.expires_at!) };
  }
  const inserted = await tx
    .insertInto('ledger_transfers')
    .values({
      idempotency_key: req.key,
      request_hash: hash,
      kind: req.action,
      debit_account_id: hold.debit_account_id,
      credit_account_id: hold.credit_account_id,
      amount,
      currency: hold.currency,
      pending_id: hold.id,
      reason: hold.reason,
      memo: req.memo ?? hold.memo,
      district_code: hold.district_code,
      created_by: req.createdBy ?? null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) return replayOf(await transferByKey(tx, req.key), req.key, hash)!;
  if (req.action === 'capture') await applyPosting(tx, debit.id, credit.id, amount, hold.amount);
  else
    await tx
      .updateTable('ledger_accounts')
      .set((eb) => ({ pending_debits: eb('pending_debits', '-', hold.amount) }))
      .where('id', '=', debit.id)
      .execute();
  return { transfer: inserted, replayed: false };
}

const REVERSIBLE: readonly TransferKind[] = ['posted', 'capture'];

/** A correction: the same amount back the other way, once per transfer, never below a floor. */
export async function reverse(
  tx: Tx,
  transferId: number,
  key: string,
  memo: string | null,
  createdBy: number | null,
  check?: (original: TransferRow) => void,
): Promise<MoveResult> {
  const original = await tx.selectFrom('ledger_transfers').selectAll().where('id', '=', transferId).executeTakeFirst();
  if (!original) throw new AppError('not_found');
  check?.(original);
  if (!REVERSIBLE.includes(original.kind)) throw new AppError('not_reversible', { reason: original.kind });
  const existing = await tx
    .selectFrom('ledger_transfers')
    .selectAll()
    .where('reverses_id', '=', original.id)
    .executeTakeFirst();
  if (existing && existing.idempotency_key !== key)
    throw new AppError('not_reversible', { reason: `already reversed by #${existing.id}` });
  return move(tx, {
    kind: 'reversal',
    debitAccountId: original.credit_account_id,
    creditAccountId: original.debit_account_id,
    amount: original.amount,
    key,
    reason: 'correction',
    memo: memo ?? `冲正 #${original.id}`,
    reversesId: original.id,
    createdBy,
    provenance: {
      programme: original.programme,
      period: original.period,
      policyVersionId: original.policy_version_id,
      districtCode: original.district_code,
    },
  });
}
