// What the workforce domain says caregivers are due this month (post allowances and incentive
// instalments), through its exported functions: it schedules, we pay, it records the payment.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { monthEnd, monthStart } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { postAllowanceShares } from '../policy/rules/workforce.js';
import { versionById } from '../policy/store.js';
import { eligibilityFacts } from '../workforce/incentive-facts.js';
import {
  incentiveFacts,
  instalmentsDue,
  markInstalmentsPaid,
  prepareMonthlyIncentives,
} from '../workforce/incentives.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface DueRow {
  districtCode: string;
  programme: string;
  workerId: number;
  payer: 'district' | 'city';
  amountFen: number;
  policyVersionId: number;
  subject: string;
}

async function split(
  db: Db,
  rows: {
    districtCode: string;
    rule: string;
    workerId: number;
    amountFen: number;
    policyVersionId: number;
    subject: string;
  }[],
): Promise<DueRow[]> {
  const shareOf = new Map<number, number>();
  const out: DueRow[] = [];
  for (const r of rows) {
    if (r.rule !== 'workforce.postAllowance') {
      out.push({ ...r, programme: r.rule, payer: 'district' });
      continue;
    }
    if (!shareOf.has(r.policyVersionId)) {
      const v = await versionById(db, r.policyVersionId);
      shareOf.set(r.policyVersionId, Number(v?.content.parameters.cityShareBp?.value ?? 0));
    }
    for (const s of postAllowanceShares(r.amountFen, shareOf.get(r.policyVersionId)!)) {
      if (s.amountFen > 0) out.push({ ...r, programme: r.rule, payer: s.payer, amountFen: s.amountFen });
    }
  }
  return out;
}

/**
 * Due this month, city-wide. For real: the workforce domain schedules what the month grants and
 * lists every unpaid instalment due by the month's end. Dry run: nothing is scheduled; this
 * month's post allowances are asked of the policy engine directly so the preview shows them.
 */
export async function workforceDue(db: Kysely<DB>, tx: Db, month: string, dryRun: boolean): Promise<DueRow[]> {
  const end = monthEnd(month);
  const due = dryRun ? await instalmentsDue(tx, end) : (await prepareMonthlyIncentives(db, month)).due;
  const rows = due.map((d) => ({
    districtCode: d.districtCode,
    rule: d.rule,
    workerId: d.workerId,
    amountFen: d.amountFen,
    policyVersionId: d.policyVersionId,
    subject: `instalment:${d.id}`,
  }));
  if (dryRun && !due.some((d) => d.rule === 'workforce.postAllowance' && d.dueOn >= monthStart(month))) {
    for (const f of await incentiveFacts(tx, { onDate: monthStart(month) })) {
      for (const ask of eligibilityFacts(f, month).filter((a) => a.incentive === 'post_allowance')) {
        try {
          const ev = await evaluatePolicy(tx, {
            jurisdictionCode: f.jurisdictionCode,
            rule: ask.rule,
            onDate: ask.onDate,
            facts: ask.facts,
          });
          if (ev.eligible)
            rows.push({
              districtCode: f.districtCode,
              rule: ask.rule,
              workerId: f.workerId,
              amountFen: ev.amountFen,
              policyVersionId: ev.source.versionId,
              subject: `preview:${f.employmentId}:${month}`,
            });
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'policy_not_in_force')) throw err;
        }
      }
    }
  }
  return split(tx, rows);
}

/** After the district's transfers are written, in the same transaction. */
export async function recordInstalmentsPaid(
  tx: Transaction<DB>,
  instalmentIds: number[],
  paidOn: string,
  runId: number,
): Promise<number> {
  let marked = 0;
  for (let i = 0; i < instalmentIds.length; i += 5_000) {
    marked += (await markInstalmentsPaid(tx, instalmentIds.slice(i, i + 5_000), paidOn, `subsidy-run:${runId}`)).length;
  }
  return marked;
}
