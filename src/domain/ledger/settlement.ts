// Provider settlement: once a period, the 重阳分 each provider holds becomes a line of a payout
// batch, moved (set-based) to the provider's settled account, and exported as a CSV for the bank.
// One batch per period and jurisdiction: asking again returns the same batch.
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import { type Db, inTransaction, type UseCaseContext } from '../identity/context.js';
import { codePrefix, coversCode, jurisdictionOf } from '../identity/scope.js';
import { LEDGER_ADMINS } from './access.js';
import { postSelected } from './posting.js';
import type { BatchView, SettlementBody, SettlementDetail, SettlementLine } from './schemas.js';

export type { BatchView, SettlementLine };

const batchView = (b: {
  id: number;
  period: string;
  jurisdiction_code: string;
  line_count: number;
  total_fen: number;
  created_at: Date;
}): BatchView => ({
  id: b.id,
  period: b.period,
  jurisdictionCode: b.jurisdiction_code,
  lineCount: b.line_count,
  totalFen: Number(b.total_fen),
  createdAt: new Date(b.created_at).toISOString(),
});

export async function createSettlement(
  ctx: UseCaseContext,
  body: Static<typeof SettlementBody>,
): Promise<{ batch: BatchView; created: boolean }> {
  const { actor } = ctx;
  const { period, jurisdictionCode } = body;
  if (!coversCode(actor, LEDGER_ADMINS, jurisdictionCode))
    throw new AppError('outside_jurisdiction', { code: jurisdictionCode }, 'jurisdictionCode');
  const prefix = codePrefix(jurisdictionCode);
  return ctx.db.transaction().execute(async (tx) => {
    const fresh = await tx
      .insertInto('ledger_settlement_batches')
      .values({ period, jurisdiction_code: jurisdictionCode, created_by: actor.userId })
      .onConflict((oc) => oc.columns(['period', 'jurisdiction_code']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!fresh) {
      const existing = await tx
        .selectFrom('ledger_settlement_batches')
        .selectAll()
        .where('period', '=', period)
        .where('jurisdiction_code', '=', jurisdictionCode)
        .executeTakeFirstOrThrow();
      return { batch: batchView(existing), created: false };
    }
    const batchId = fresh.id;
    // Settled accounts for every provider account that has something to settle.
    await sql`
      INSERT INTO ledger_accounts (type, currency, name, owner_type, owner_id, jurisdiction_code, district_code)
      SELECT 'provider_settled', p.currency, p.name || ' 已结算', p.owner_type, p.owner_id, p.jurisdiction_code, p.district_code
      FROM ledger_accounts p
      WHERE p.type = 'provider' AND p.jurisdiction_code LIKE ${`${prefix}%`} AND p.balance - p.pending_debits > 0
      ON CONFLICT DO NOTHING`.execute(tx);
    // Lock the provider accounts in id order, so payments arriving meanwhile wait rather than
    // slip between the amount read here and the transfer written below.
    await sql`SELECT id FROM ledger_accounts WHERE type = 'provider' AND jurisdiction_code LIKE ${`${prefix}%`} AND balance - pending_debits > 0 ORDER BY id FOR UPDATE`.execute(
      tx,
    );
    const source = sql`
      SELECT 'sys:settle:' || ${batchId}::text || ':' || p.id AS idempotency_key, p.id AS debit_account_id, s.id AS credit_account_id,
             p.balance - p.pending_debits AS amount, p.currency, 'settlement' AS reason, ${`${period} 结算`}::text AS memo,
             NULL::text AS programme, ${period}::text AS period, NULL::bigint AS policy_version_id, NULL::bigint AS run_id, p.district_code
      FROM ledger_accounts p
      JOIN ledger_accounts s ON s.type = 'provider_settled' AND s.currency = p.currency AND s.owner_type = p.owner_type AND s.owner_id = p.owner_id
      WHERE p.type = 'provider' AND p.jurisdiction_code LIKE ${`${prefix}%`} AND p.balance - p.pending_debits > 0`;
    await postSelected(tx, source, actor.userId);
    // The payee's name is copied onto the line: the batch pays whom it named when it was made.
    await sql`
      INSERT INTO ledger_settlement_lines (batch_id, provider_account_id, transfer_id, organisation_id, amount_fen, payee_name)
      SELECT ${batchId}, t.debit_account_id, t.id, a.owner_id, t.amount, coalesce(o.name, a.name)
      FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.debit_account_id
      LEFT JOIN organisations o ON o.id = a.owner_id
      WHERE t.idempotency_key LIKE ${`sys:settle:${batchId}:%`}`.execute(tx);
    const batch = await tx
      .updateTable('ledger_settlement_batches')
      .set({
        line_count: sql`(SELECT count(*) FROM ledger_settlement_lines WHERE batch_id = ${batchId})`,
        total_fen: sql`(SELECT coalesce(sum(amount_fen), 0) FROM ledger_settlement_lines WHERE batch_id = ${batchId})`,
      })
      .where('id', '=', batchId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(inTransaction(ctx, tx), {
      action: 'create',
      entityType: 'settlement_batch',
      entityId: batchId,
      detail: { period, jurisdictionCode },
    });
    return { batch: batchView(batch), created: true };
  });
}

function scopedBatches(db: Db, actor: Actor) {
  return db
    .selectFrom('ledger_settlement_batches')
    .where(jurisdictionOf(actor, LEDGER_ADMINS).inJurisdiction('ledger_settlement_batches.jurisdiction_code'));
}

export async function listSettlements(ctx: UseCaseContext): Promise<BatchView[]> {
  return (
    await scopedBatches(ctx.db, ctx.actor)
      .selectAll()
      .orderBy('period', 'desc')
      .orderBy('id', 'desc')
      .limit(200)
      .execute()
  ).map(batchView);
}

export async function settlementDetail(ctx: UseCaseContext, id: number): Promise<SettlementDetail> {
  const { db } = ctx;
  const batch = await scopedBatches(db, ctx.actor).selectAll().where('id', '=', id).executeTakeFirst();
  if (!batch) throw new AppError('not_found');
  const lines = await db
    .selectFrom('ledger_settlement_lines as l')
    .select(['l.organisation_id', 'l.provider_account_id', 'l.amount_fen', 'l.transfer_id', 'l.payee_name'])
    .where('l.batch_id', '=', id)
    .orderBy('l.provider_account_id')
    .execute();
  return {
    ...batchView(batch),
    lines: lines.map((l, i) => ({
      line: i + 1,
      organisationId: Number(l.organisation_id),
      payeeName: l.payee_name,
      providerAccountId: l.provider_account_id,
      amountFen: Number(l.amount_fen),
      transferId: l.transfer_id,
      reference: `YY-${batch.period.replace('-', '')}-${batch.id}-${i + 1}`,
    })),
  };
}

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed
 * with an apostrophe, so a payee named "=HYPERLINK(…)" stays text in the bank clerk's Excel.
 */
export const csvCell = (v: string | number) => {
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The bank's payout file: UTF-8 with a BOM (Excel opens it as Chinese text), amounts in yuan. */
export function settlementCsv(detail: SettlementDetail): string {
  const header = ['批次号', '序号', '收款单位编号', '收款单位名称', '金额（元）', '金额（分）', '业务参考号'];
  const rows = detail.lines.map((l) => [
    detail.id,
    l.line,
    l.organisationId,
    l.payeeName,
    (l.amountFen / 100).toFixed(2),
    l.amountFen,
    l.reference,
  ]);
  const total = ['合计', detail.lines.length, '', '', (detail.totalFen / 100).toFixed(2), detail.totalFen, ''];
  return `\uFEFF${[header, ...rows, total].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The bank's payout file of a batch, with its file name; the export is audited. */
export async function exportSettlement(ctx: UseCaseContext, id: number): Promise<{ filename: string; csv: string }> {
  const detail = await settlementDetail(ctx, id);
  await recordAudit(ctx, { action: 'export', entityType: 'settlement_batch', entityId: detail.id });
  return { filename: `settlement-${detail.period}-${detail.id}.csv`, csv: settlementCsv(detail) };
}
