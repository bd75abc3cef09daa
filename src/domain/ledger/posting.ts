// Set-based posting for platform jobs (monthly subsidy runs, settlements): one INSERT … SELECT
// of transfers with deterministic keys, skipping keys already posted, and one UPDATE of the
// balances they move — a handful of statements for any number of transfers. Rerunning the same
// selection posts nothing twice; a crash before commit leaves nothing half-posted.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import { CHECK_VIOLATION, violates } from '../../db/errors.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';

type Tx = Transaction<DB>;

/**
 * `source` must yield the columns idempotency_key ('sys:…'), debit_account_id, credit_account_id,
 * amount, currency, reason, memo, programme, period, policy_version_id, run_id, district_code.
 * The caller guarantees both accounts hold that currency (it selected them by it).
 */
export async function postSelected(
  tx: Tx,
  source: RawBuilder<unknown>,
  createdBy: number | null = null,
): Promise<{ posted: number; totalFen: number }> {
  try {
    const result = await sql<{ posted: number; total: number }>`
      WITH ins AS (
        INSERT INTO ledger_transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, currency, reason, memo,
                                      programme, period, policy_version_id, run_id, district_code, created_by)
        SELECT s.idempotency_key, 'posted', s.debit_account_id, s.credit_account_id, s.amount, s.currency, s.reason, s.memo,
               s.programme, s.period, s.policy_version_id, s.run_id, s.district_code, ${createdBy}::bigint
        FROM (${source}) s
        WHERE s.amount > 0
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING debit_account_id, credit_account_id, amount
      ), deltas AS (
        SELECT account_id, sum(delta) AS delta
        FROM (SELECT debit_account_id AS account_id, -amount AS delta FROM ins
              UNION ALL SELECT credit_account_id, amount FROM ins) legs
        GROUP BY account_id
      ), upd AS (
        UPDATE ledger_accounts a SET balance = a.balance + d.delta FROM deltas d WHERE a.id = d.account_id RETURNING a.id
      )
      SELECT (SELECT count(*) FROM ins)::bigint AS posted, (SELECT coalesce(sum(amount), 0) FROM ins)::bigint AS total,
             (SELECT count(*) FROM upd)::bigint AS accounts`.execute(tx);
    const row = result.rows[0]!;
    return { posted: Number(row.posted), totalFen: Number(row.total) };
  } catch (err) {
    floorRefused(err);
  }
}

/** What an account can still pay: its balance less holds, above its floor (negative: overdrawn). */
export const availableFen = (a: { balance: number; pending_debits: number; floor: number }) =>
  a.balance - a.pending_debits - a.floor;

/**
 * Before a set-based posting: locks the paying accounts in id order (as every single transfer
 * does) and refuses, naming the first account short, when one cannot cover its total. Nothing is
 * written; the database's floor CHECK still stands under it.
 */
export async function checkFunds(tx: Tx, needs: { accountId: number; amountFen: number }[]): Promise<void> {
  const ids = [...new Set(needs.map((n) => n.accountId))].sort((a, b) => a - b);
  if (!ids.length) return;
  const rows = await tx
    .selectFrom('ledger_accounts')
    .select(['id', 'name', 'balance', 'pending_debits', 'floor'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const id of ids) {
    const a = rows.find((r) => r.id === id);
    if (!a) throw new AppError('not_found');
    const need = needs.filter((n) => n.accountId === id).reduce((sum, n) => sum + n.amountFen, 0);
    if (availableFen(a) < need) throw new AppError('appropriation_exceeded', { account: `${a.name} #${a.id}` });
  }
}

/**
 * Rethrows a database error, the floor CHECK's refusal as the caller's 409. The CHECK is the last
 * line of defence, under every check made in code: no writer takes an account below its floor.
 */
export function floorRefused(err: unknown): never {
  if (violates(err, 'ledger_accounts_floor', CHECK_VIOLATION)) {
    // "Failing row contains (id, type, …)": the columns in table order.
    const [, id = '?', type] =
      /Failing row contains \((\d+), (\w+),/.exec((err as { detail?: string }).detail ?? '') ?? [];
    if (type && type !== 'budget')
      throw new AppError('insufficient_funds', { account: id, available: '-', amount: '-' });
    throw new AppError('appropriation_exceeded', { account: id });
  }
  throw err;
}
