// Posting one approved district of a run: payee accounts opened set-based, the budgets checked
// against their appropriations, every item posted as a ledger transfer whose key is fixed by
// (programme, person, period, funding share), instalments marked paid — all in one transaction.
// Killed at any point, the transaction is undone; run again, keys already posted are skipped.
import { type Kysely, sql, type Transaction } from 'kysely';
import { liftStatementTimeout } from '../../db/engine.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { ensureAccount } from '../ledger/accounts.js';
import { checkFunds, postSelected } from '../ledger/posting.js';
import type { PostedDistrict } from './schemas.js';
import { recordInstalmentsPaid } from './workforce-due.js';

type Tx = Transaction<DB>;

export const cityOf = (district: string) => `${district.slice(0, 4)}00`;

const ACCOUNT_OF = sql`CASE i.beneficiary_type WHEN 'elder' THEN 'care' WHEN 'caregiver' THEN 'worker' ELSE 'provider' END`;
const OWNER_OF = sql`CASE i.beneficiary_type WHEN 'elder' THEN 'elder' WHEN 'caregiver' THEN 'caregiver' ELSE 'organisation' END`;

/**
 * Opens the 重阳分, caregiver and provider accounts the run's payees lack, for all the districts
 * about to be posted at once: one anti-join over the accounts instead of one per district.
 * Accounts are never deleted, so opening them ahead of the postings is safe to repeat.
 */
export async function openPayeeAccounts(db: Kysely<DB>, runId: number, districts: string[]): Promise<void> {
  await sql`
    WITH missing AS MATERIALIZED (
      SELECT DISTINCT i.beneficiary_type, i.beneficiary_id, i.jurisdiction_code, i.district_code
      FROM subsidy_run_items i
      WHERE i.run_id = ${runId} AND i.district_code = ANY(${districts}::text[])
        AND NOT EXISTS (SELECT 1 FROM ledger_accounts a
                        WHERE a.type = ${ACCOUNT_OF} AND a.currency = 'CNY_FEN' AND a.owner_type = ${OWNER_OF} AND a.owner_id = i.beneficiary_id)
    )
    INSERT INTO ledger_accounts (type, currency, name, owner_type, owner_id, jurisdiction_code, district_code)
    SELECT ${ACCOUNT_OF}, 'CNY_FEN',
           CASE i.beneficiary_type WHEN 'elder' THEN coalesce(e.name, '老人') || ' 重阳分账户'
                                   WHEN 'caregiver' THEN '护理员 #' || i.beneficiary_id || ' 奖补账户'
                                   ELSE coalesce(o.name, '机构 #' || i.beneficiary_id) END,
           ${OWNER_OF}, i.beneficiary_id, i.jurisdiction_code, i.district_code
    FROM missing i
    LEFT JOIN elders e ON i.beneficiary_type = 'elder' AND e.id = i.beneficiary_id
    LEFT JOIN organisations o ON i.beneficiary_type = 'organisation' AND o.id = i.beneficiary_id
    ON CONFLICT DO NOTHING`.execute(db);
}

/** The budget accounts paying a district (its own and the city's), opened with no appropriation if missing. */
export async function budgetAccounts(
  db: Kysely<DB> | Tx,
  district: string,
): Promise<{ district: number; city: number }> {
  const names = await db
    .selectFrom('jurisdictions')
    .select(['code', 'name'])
    .where('code', 'in', [district, cityOf(district)])
    .execute();
  const nameOf = (code: string) => `${names.find((n) => n.code === code)?.name ?? code}养老服务预算`;
  const d = await ensureAccount(db, {
    type: 'budget',
    currency: 'CNY_FEN',
    name: nameOf(district),
    ownerType: 'jurisdiction',
    ownerCode: district,
    jurisdictionCode: district,
    districtCode: district,
  });
  const c = await ensureAccount(db, {
    type: 'budget',
    currency: 'CNY_FEN',
    name: nameOf(cityOf(district)),
    ownerType: 'jurisdiction',
    ownerCode: cityOf(district),
    jurisdictionCode: cityOf(district),
    districtCode: null,
  });
  return { district: d.account.id, city: c.account.id };
}

/** Refuses before writing anything when a budget cannot cover its share (names which one). */
async function checkBudgets(
  tx: Tx,
  runId: number,
  district: string,
  accounts: { district: number; city: number },
): Promise<number> {
  const needs = await sql<{ payer: string; total: number; n: number }>`
    SELECT payer, sum(amount_fen)::bigint AS total, count(*)::bigint AS n FROM subsidy_run_items WHERE run_id = ${runId} AND district_code = ${district} GROUP BY payer`.execute(
    tx,
  );
  await checkFunds(
    tx,
    needs.rows.map((need) => ({
      accountId: need.payer === 'city' ? accounts.city : accounts.district,
      amountFen: Number(need.total),
    })),
  );
  return needs.rows.reduce((s, r) => s + Number(r.n), 0);
}

/** Test hook: called between the steps of posting, so a test can "crash" at any of them. */
export type CrashPoint = (step: 'budgets' | 'transfers' | 'instalments' | 'summary') => void | Promise<void>;

/** Who posts and when: the user (none for the operator) and the clock of their context. */
export interface Poster {
  userId: number | null;
  today: string;
  now: Date;
}

export async function postDistrict(
  db: Kysely<DB>,
  target: { runId: number; month: string; district: string },
  by: Poster,
  crash?: CrashPoint,
): Promise<PostedDistrict> {
  const { runId, month, district } = target;
  const accounts = await budgetAccounts(db, district);
  return db.transaction().execute(async (tx) => {
    await liftStatementTimeout(tx);
    // Two posters of the same district take turns here; the second finds it posted.
    const row = await tx
      .selectFrom('subsidy_run_districts')
      .selectAll()
      .where('run_id', '=', runId)
      .where('district_code', '=', district)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (!row.approved_at) throw new AppError('run_not_approved', { district });
    if (row.posted_at)
      return {
        district,
        posted: Number(row.posted_count),
        totalFen: Number(row.posted_total_fen),
        alreadyPosted: true,
      };
    const expected = await checkBudgets(tx, runId, district, accounts);
    await crash?.('budgets');
    const source = sql`
      SELECT 'sys:sub:' || i.subject || ':' || left(i.payer, 1) AS idempotency_key,
             CASE i.payer WHEN 'city' THEN ${accounts.city}::bigint ELSE ${accounts.district}::bigint END AS debit_account_id,
             a.id AS credit_account_id, i.amount_fen AS amount, 'CNY_FEN' AS currency, 'subsidy' AS reason, NULL::text AS memo,
             i.programme, ${month}::text AS period, i.policy_version_id, i.run_id, i.district_code
      FROM subsidy_run_items i
      JOIN ledger_accounts a ON a.owner_id = i.beneficiary_id AND a.currency = 'CNY_FEN' AND a.type = ${ACCOUNT_OF} AND a.owner_type = ${OWNER_OF}
      WHERE i.run_id = ${runId} AND i.district_code = ${district}`;
    const { posted, totalFen } = await postSelected(tx, source, by.userId);
    // Every line becomes a transfer (the district is posted whole or not at all): fewer means a
    // payee account is missing, and nothing of this district may commit.
    if (posted !== expected) throw new Error(`district ${district}: ${posted} of ${expected} payments could be posted`);
    await crash?.('transfers');
    const instalments = await sql<{ id: string }>`
      SELECT DISTINCT substr(subject, 12) AS id FROM subsidy_run_items
      WHERE run_id = ${runId} AND district_code = ${district} AND subject LIKE 'instalment:%'`.execute(tx);
    await recordInstalmentsPaid(
      tx,
      instalments.rows.map((r) => Number(r.id)),
      by.today,
      runId,
    );
    await crash?.('instalments');
    await tx
      .updateTable('subsidy_run_districts')
      .set({ posted_at: by.now, posted_count: posted, posted_total_fen: totalFen })
      .where('run_id', '=', runId)
      .where('district_code', '=', district)
      .execute();
    await crash?.('summary');
    return { district, posted, totalFen, alreadyPosted: false };
  });
}
