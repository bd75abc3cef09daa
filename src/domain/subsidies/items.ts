// The lines of a run's preview for one district: who gets what, from which rule version.
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { coversCode } from '../identity/scope.js';
import { LEDGER_ADMINS } from '../ledger/access.js';
import type { RunItemPage } from './schemas.js';

export interface ItemsInput {
  district: string;
  programme?: string;
  page: number;
  pageSize: number;
}

export async function runItems(ctx: UseCaseContext, runId: number, input: ItemsInput): Promise<RunItemPage> {
  const { db, actor } = ctx;
  const { district, programme, page, pageSize } = input;
  if (!coversCode(actor, LEDGER_ADMINS, district)) throw new AppError('not_found');
  const where = sql`i.run_id = ${runId} AND i.district_code = ${district} ${programme ? sql`AND i.programme = ${programme}` : sql``}`;
  const [count, rows] = await Promise.all([
    sql<{ n: number }>`SELECT count(*)::bigint AS n FROM subsidy_run_items i WHERE ${where}`.execute(db),
    sql<{
      programme: string;
      beneficiary_type: string;
      beneficiary_id: number;
      payer: string;
      amount_fen: number;
      policy_version_id: number;
      subject: string;
      name: string | null;
      rule_version: number | null;
      pack: string | null;
    }>`
      SELECT i.programme, i.beneficiary_type, i.beneficiary_id, i.payer, i.amount_fen, i.policy_version_id, i.subject,
             CASE i.beneficiary_type WHEN 'elder' THEN e.name WHEN 'organisation' THEN o.name END AS name,
             v.version AS rule_version, v.jurisdiction_code AS pack
      FROM subsidy_run_items i
      LEFT JOIN elders e ON i.beneficiary_type = 'elder' AND e.id = i.beneficiary_id
      LEFT JOIN organisations o ON i.beneficiary_type = 'organisation' AND o.id = i.beneficiary_id
      LEFT JOIN policy_versions v ON v.id = i.policy_version_id
      WHERE ${where}
      ORDER BY i.programme, i.beneficiary_id, i.payer
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
  ]);
  await recordAudit(ctx, {
    action: 'list',
    entityType: 'subsidy_run_item',
    entityId: runId,
    districtCode: district,
    detail: { programme, page },
  });
  return {
    total: Number(count.rows[0]!.n),
    page,
    pageSize,
    items: rows.rows.map((r) => ({
      programme: r.programme,
      beneficiaryType: r.beneficiary_type,
      beneficiaryId: Number(r.beneficiary_id),
      name: r.name,
      payer: r.payer,
      amountFen: Number(r.amount_fen),
      policyVersionId: Number(r.policy_version_id),
      ruleVersion: r.rule_version,
      pack: r.pack,
      idempotencyKey: `sys:sub:${r.subject}:${r.payer.slice(0, 1)}`,
    })),
  };
}
