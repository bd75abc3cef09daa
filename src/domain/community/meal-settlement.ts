// 助餐 monthly settlement: per meal point and month, the subsidies of the meals redeemed there
// (each check-in recorded the subsidy it took) are paid from the district budget to the
// organisation running the point — one ledger transfer per point under a key per point and month,
// posted set-based, so re-running a month pays nothing twice. A preview shows the same rows first.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { monthEnd, monthOf, monthStart } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { MEAL_POINT_MANAGERS, MEAL_SETTLERS } from '../identity/permissions.js';
import type { Role } from '../identity/roles.js';
import { codePrefix, hasRole } from '../identity/scope.js';
import { ensureAccount } from '../ledger/accounts.js';
import { checkFunds, postSelected } from '../ledger/posting.js';
import { budgetAccounts } from '../subsidies/post.js';
import type { SettleBody, Settlement, SettlementQuery, SettlementRow } from './schemas.js';

export const settlementKey = (pointId: number, month: string) => `sys:meals:settle:p${pointId}:${month}`;

/** The place asked for (default: the caller's own grant), inside the caller's reach, else 404. */
function placeOf(ctx: UseCaseContext, roles: readonly Role[], asked?: string): string {
  const scope = ctx.reach.places(roles);
  if (scope.none) throw new AppError('not_found');
  const code = asked ?? ctx.actor.grants.find((g) => roles.includes(g.role) && g.jurisdictionCode)!.jurisdictionCode!;
  if (!scope.covers(codePrefix(code)) && !scope.covers(code)) throw new AppError('not_found', {}, 'jurisdiction');
  return code;
}

async function rowsOf(ctx: UseCaseContext, month: string, code: string): Promise<SettlementRow[]> {
  const found = await sql<{
    id: number;
    name: string;
    district_code: string;
    organisation_id: number | null;
    organisation_name: string | null;
    meals: number;
    subsidy: number;
    transfer_id: number | null;
    settled_at: Date | string | null;
  }>`
    SELECT p.id, p.name, p.district_code, p.organisation_id, o.name AS organisation_name,
           m.meals, m.subsidy, s.transfer_id, s.settled_at
    FROM (
      SELECT c.meal_point_id, count(*)::bigint AS meals, sum(c.subsidy_fen)::bigint AS subsidy
      FROM meal_check_ins c
      WHERE c.served_on BETWEEN ${monthStart(month)}::date AND ${monthEnd(month)}::date AND c.subsidy_fen > 0
      GROUP BY c.meal_point_id
    ) m
    JOIN meal_points p ON p.id = m.meal_point_id
    LEFT JOIN organisations o ON o.id = p.organisation_id
    LEFT JOIN meal_settlements s ON s.meal_point_id = p.id AND s.month = ${month}
    WHERE p.community_code LIKE ${`${codePrefix(code)}%`}
    ORDER BY p.id
    LIMIT 20000`.execute(ctx.db);
  return found.rows.map((r) => ({
    mealPointId: Number(r.id),
    name: r.name,
    districtCode: r.district_code,
    organisationId: r.organisation_id == null ? null : Number(r.organisation_id),
    organisationName: r.organisation_name,
    meals: Number(r.meals),
    subsidyFen: Number(r.subsidy),
    status: r.transfer_id != null ? 'paid' : r.organisation_id == null ? 'no_organisation' : 'due',
    transferId: r.transfer_id == null ? null : Number(r.transfer_id),
    settledAt: r.settled_at == null ? null : new Date(r.settled_at).toISOString(),
  }));
}

function summary(month: string, code: string, rows: SettlementRow[], posted = { posted: 0, totalFen: 0 }): Settlement {
  const sum = (s: SettlementRow['status']) => rows.filter((r) => r.status === s).reduce((n, r) => n + r.subsidyFen, 0);
  return {
    month,
    jurisdiction: code,
    rows,
    dueFen: sum('due'),
    paidFen: sum('paid'),
    posted: posted.posted,
    postedFen: posted.totalFen,
  };
}

export async function previewSettlement(ctx: UseCaseContext, q: SettlementQuery): Promise<Settlement> {
  const code = placeOf(ctx, [...MEAL_POINT_MANAGERS, ...MEAL_SETTLERS], q.jurisdiction);
  return summary(q.month, code, await rowsOf(ctx, q.month, code));
}

/**
 * Pays the month's due rows under the place: the districts' budgets are checked for the totals
 * first (refused whole if one is short), then every point is one transfer keyed by point and
 * month; a rerun, or a concurrent second run, finds the keys posted and pays nothing.
 */
export async function settleMeals(ctx: UseCaseContext, body: SettleBody): Promise<Settlement> {
  if (!hasRole(ctx.actor, MEAL_SETTLERS)) throw new AppError('forbidden');
  const code = placeOf(ctx, MEAL_SETTLERS, body.jurisdiction);
  if (body.month >= monthOf(ctx.today)) throw new AppError('meal_settlement_month_open', { month: body.month });
  const posted = await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const due = (await rowsOf(t, body.month, code)).filter((r) => r.status === 'due');
    if (!due.length) return { posted: 0, totalFen: 0 };
    const budgets = new Map<string, number>();
    for (const d of new Set(due.map((r) => r.districtCode))) budgets.set(d, (await budgetAccounts(tx, d)).district);
    const payees = await payeeAccounts(tx, [...new Set(due.map((r) => r.organisationId!))]);
    await checkFunds(
      tx,
      due.map((r) => ({ accountId: budgets.get(r.districtCode)!, amountFen: r.subsidyFen })),
    );
    const keys = due.map((r) => settlementKey(r.mealPointId, body.month));
    const result = await postSelected(
      tx,
      sql`SELECT u.key AS idempotency_key, u.debit AS debit_account_id, u.credit AS credit_account_id,
                 u.amount, 'CNY_FEN'::text AS currency, 'subsidy'::text AS reason,
                 '助餐补贴 ' || ${body.month}::text || ' ' || u.name AS memo, 'meals.subsidy'::text AS programme,
                 ${body.month}::text AS period, NULL::bigint AS policy_version_id, NULL::bigint AS run_id,
                 u.district AS district_code
          FROM unnest(${keys}::text[], ${due.map((r) => budgets.get(r.districtCode)!)}::bigint[],
                      ${due.map((r) => payees.get(r.organisationId!)!)}::bigint[], ${due.map((r) => r.subsidyFen)}::bigint[],
                      ${due.map((r) => r.districtCode)}::text[], ${due.map((r) => r.name)}::text[])
               AS u(key, debit, credit, amount, district, name)`,
      ctx.actor.userId,
    );
    await sql`
      INSERT INTO meal_settlements (meal_point_id, month, organisation_id, district_code, meals, subsidy_fen,
                                    transfer_key, transfer_id, settled_by)
      SELECT u.point, ${body.month}, u.org, u.district, u.meals, u.amount, u.key, l.id, ${ctx.actor.userId}::bigint
      FROM unnest(${due.map((r) => r.mealPointId)}::bigint[], ${due.map((r) => r.organisationId!)}::bigint[],
                  ${due.map((r) => r.districtCode)}::text[], ${due.map((r) => r.meals)}::int[],
                  ${due.map((r) => r.subsidyFen)}::bigint[], ${keys}::text[])
           AS u(point, org, district, meals, amount, key)
      JOIN ledger_transfers l ON l.idempotency_key = u.key
      ON CONFLICT (meal_point_id, month) DO NOTHING`.execute(tx);
    await recordAudit(t, {
      action: 'create',
      entityType: 'meal_settlement',
      districtCode: code.slice(0, 6),
      detail: { month: body.month, jurisdiction: code, posted: result.posted, totalFen: result.totalFen },
    });
    return result;
  });
  return summary(body.month, code, await rowsOf(ctx, body.month, code), posted);
}

/** The provider account of each paying organisation, opened when missing (as the bed grant does). */
async function payeeAccounts(tx: Transaction<DB>, orgIds: number[]): Promise<Map<number, number>> {
  const orgs = await tx
    .selectFrom('organisations')
    .select(['id', 'name', 'jurisdiction_code', 'district_code'])
    .where('id', 'in', orgIds)
    .execute();
  const out = new Map<number, number>();
  for (const org of orgs) {
    const { account } = await ensureAccount(tx, {
      type: 'provider',
      currency: 'CNY_FEN',
      name: org.name,
      ownerType: 'organisation',
      ownerId: org.id,
      jurisdictionCode: org.jurisdiction_code,
      districtCode: org.district_code,
    });
    out.set(org.id, account.id);
  }
  return out;
}
