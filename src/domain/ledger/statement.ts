// An account's statement (newest first, with the balance after each posting) and the trial
// balance of the whole ledger, recomputed from the transfers rather than trusted from the
// maintained balances.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { UseCaseContext } from '../identity/context.js';
import { hasRole } from '../identity/scope.js';
import type { AccountRow } from './accounts.js';
import type { CurrencyTotals, Statement, StatementLine, TrialBalance } from './schemas.js';
import { POSTING_KINDS, type TransferKind } from './tables.js';

type Db = Kysely<DB> | Transaction<DB>;

export type { StatementLine };

const postingKinds = sql.join(POSTING_KINDS.map((k) => sql.lit(k)));

type Counterparty = Pick<AccountRow, 'type' | 'owner_type' | 'owner_id' | 'owner_code' | 'jurisdiction_code'>;

/**
 * The statement, naming each counterparty only where `nameable` allows (the reader may see that
 * account); elsewhere `hiddenName` stands in, so a provider's statement does not list the elders
 * who paid it.
 */
export async function statementOf(
  db: Db,
  account: AccountRow,
  limit: number,
  beforeId: number | undefined,
  nameable: (other: Counterparty) => boolean,
  hiddenName: string,
): Promise<Statement> {
  const before = beforeId ?? Number.MAX_SAFE_INTEGER;
  // Two index range scans (debit side, credit side), merged: stays fast for a budget account
  // with millions of transfers, where an OR would sort them all.
  const rows = await sql<{
    id: number;
    created_at: Date;
    kind: TransferKind;
    debit_account_id: number;
    credit_account_id: number;
    amount: number;
    reason: string;
    memo: string | null;
    programme: string | null;
    period: string | null;
    policy_version_id: number | null;
    other_id: number;
    other_name: string;
    other_type: AccountRow['type'];
    other_owner_type: AccountRow['owner_type'];
    other_owner_id: number | null;
    other_owner_code: string | null;
    other_jurisdiction_code: string;
  }>`
    SELECT t.*, o.id AS other_id, o.name AS other_name, o.type AS other_type, o.owner_type AS other_owner_type, o.owner_id AS other_owner_id,
           o.owner_code AS other_owner_code, o.jurisdiction_code AS other_jurisdiction_code FROM (
      (SELECT * FROM ledger_transfers WHERE debit_account_id = ${account.id} AND id < ${before} ORDER BY id DESC LIMIT ${limit + 1})
      UNION ALL
      (SELECT * FROM ledger_transfers WHERE credit_account_id = ${account.id} AND id < ${before} ORDER BY id DESC LIMIT ${limit + 1})
    ) t
    JOIN ledger_accounts o ON o.id = CASE WHEN t.debit_account_id = ${account.id} THEN t.credit_account_id ELSE t.debit_account_id END
    ORDER BY t.id DESC LIMIT ${limit + 1}`.execute(db);
  const page = rows.rows.slice(0, limit);
  // The balance after the newest line of this page = current balance − what newer lines moved.
  let balance = account.balance;
  if (beforeId !== undefined) {
    const newer = await sql<{ moved: number }>`
      SELECT coalesce(sum(CASE WHEN credit_account_id = ${account.id} THEN amount ELSE -amount END), 0)::bigint AS moved
      FROM ledger_transfers
      WHERE (debit_account_id = ${account.id} OR credit_account_id = ${account.id}) AND id >= ${beforeId} AND kind IN (${postingKinds})`.execute(
      db,
    );
    balance -= Number(newer.rows[0]!.moved);
  }
  const items = page.map((r): StatementLine => {
    const incoming = r.credit_account_id === account.id;
    const other = {
      type: r.other_type,
      owner_type: r.other_owner_type,
      owner_id: r.other_owner_id,
      owner_code: r.other_owner_code,
      jurisdiction_code: r.other_jurisdiction_code,
    };
    const posts = POSTING_KINDS.includes(r.kind);
    const line: StatementLine = {
      transferId: r.id,
      at: new Date(r.created_at).toISOString(),
      kind: r.kind,
      direction: incoming ? 'in' : 'out',
      amountFen: Number(r.amount),
      counterparty: { accountId: r.other_id, name: nameable(other) ? r.other_name : hiddenName, type: r.other_type },
      reason: r.reason,
      memo: r.memo,
      programme: r.programme,
      period: r.period,
      policyVersionId: r.policy_version_id,
      balanceAfterFen: posts ? balance : null,
    };
    if (posts) balance -= incoming ? Number(r.amount) : -Number(r.amount);
    return line;
  });
  return { items, nextBefore: rows.rows.length > limit ? page.at(-1)!.id : null };
}

export type { CurrencyTotals };

export async function trialBalance(db: Db): Promise<TrialBalance> {
  const rows = await sql<{
    currency: string;
    debits: number;
    credits: number;
    balances: number;
    off: number;
    pending: number;
    accounts: number;
    transfers: number;
  }>`
    WITH legs AS (
      SELECT debit_account_id AS account_id, amount AS debit, 0::bigint AS credit, 1 AS n FROM ledger_transfers WHERE kind IN (${postingKinds})
      UNION ALL
      SELECT credit_account_id, 0::bigint, amount, 0 FROM ledger_transfers WHERE kind IN (${postingKinds})
    ), per_account AS (
      SELECT account_id, sum(debit) AS debits, sum(credit) AS credits, sum(n) AS transfers FROM legs GROUP BY account_id
    )
    SELECT a.currency,
           coalesce(sum(p.debits), 0)::bigint AS debits,
           coalesce(sum(p.credits), 0)::bigint AS credits,
           coalesce(sum(a.balance), 0)::bigint AS balances,
           count(*) FILTER (WHERE a.balance <> coalesce(p.credits, 0) - coalesce(p.debits, 0))::bigint AS off,
           coalesce(sum(a.pending_debits), 0)::bigint AS pending,
           count(*)::bigint AS accounts,
           coalesce(sum(p.transfers), 0)::bigint AS transfers
    FROM ledger_accounts a LEFT JOIN per_account p ON p.account_id = a.id
    GROUP BY a.currency ORDER BY a.currency`.execute(db);
  const out: TrialBalance = {};
  for (const r of rows.rows) {
    const debits = Number(r.debits);
    const credits = Number(r.credits);
    out[r.currency] = {
      totalDebitsFen: debits,
      totalCreditsFen: credits,
      balanced: debits === credits && Number(r.off) === 0 && Number(r.balances) === 0,
      sumOfBalancesFen: Number(r.balances),
      accountsOutOfBalance: Number(r.off),
      pendingFen: Number(r.pending),
      accounts: Number(r.accounts),
      transfers: Number(r.transfers),
    };
  }
  return out;
}

/** The trial balance, for city administrators only (it sums every account of the platform). */
export async function checkTrialBalance(ctx: UseCaseContext): Promise<TrialBalance> {
  if (!hasRole(ctx.actor, ['city_admin'])) throw new AppError('forbidden');
  return trialBalance(ctx.db);
}
