// Caregiver incentives: this domain supplies the facts (who works where, frontline or 事业编,
// education and graduation, skill certificate) and stores the instalments; the policy engine
// (src/domain/policy, rules workforce.certificateBonus / entryBonus / postAllowance) decides
// eligibility, amounts and schedules, by version. The monthly run calls
// `prepareMonthlyIncentives`, pays `due` through the ledger and then `markInstalmentsPaid`.
import { type Kysely, sql, type Transaction } from 'kysely';
import { bulkInsert } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { monthEnd } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import type { UseCaseContext } from '../identity/context.js';
import { prefixesFor } from '../identity/scope.js';
import { type EvaluateInput, type Evaluation, evaluatePolicy } from '../policy/evaluate.js';
import { WORKFORCE_OFFICERS } from './access.js';
import { eligibilityFacts, type IncentiveFacts } from './incentive-facts.js';
import type { DueInstalment, InstalmentView, ScheduleView } from './schemas.js';
import { INCENTIVE_LABELS } from './vocabulary.js';

type Db = Kysely<DB> | Transaction<DB>;
export type Evaluator = (db: Db, input: EvaluateInput) => Promise<Evaluation>;

/** Facts of every employment open on the day (optionally one district or some workers). */
export async function incentiveFacts(
  db: Db,
  filter: { onDate: string; districtPrefix?: string; workerIds?: number[] },
): Promise<IncentiveFacts[]> {
  const rows = await sql<IncentiveFacts>`
    SELECT w.id AS "workerId", e.id AS "employmentId", e.organisation_id AS "organisationId", o.kind AS "organisationKind",
      o.jurisdiction_code AS "jurisdictionCode", e.district_code AS "districtCode", e.job_role AS "jobRole",
      e.frontline, e.establishment, e.hired_on AS "hiredOn", e.left_on AS "leftOn", w.education, w.graduated_on AS "graduatedOn",
      c.skill_level AS "skillLevel", c.id AS "certificateId", c.issued_on AS "certifiedOn"
    FROM employments e
    JOIN workers w ON w.id = e.worker_id
    JOIN organisations o ON o.id = e.organisation_id
    LEFT JOIN LATERAL (
      SELECT id, skill_level, issued_on FROM worker_certificates
      WHERE worker_id = w.id AND kind = 'caregiver_skill' AND issued_on <= ${filter.onDate}
      ORDER BY skill_level, issued_on DESC, id DESC LIMIT 1
    ) c ON true
    WHERE e.hired_on <= ${filter.onDate} AND (e.left_on IS NULL OR e.left_on >= ${filter.onDate})
      ${filter.districtPrefix ? sql`AND e.district_code LIKE ${`${filter.districtPrefix}%`}` : sql``}
      ${filter.workerIds?.length ? sql`AND w.id = ANY(${filter.workerIds}::bigint[])` : sql``}
    ORDER BY e.id`.execute(db);
  return rows.rows.map((r) => ({ ...r, skillLevel: r.skillLevel == null ? null : Number(r.skillLevel) }));
}

interface InstalmentRow {
  worker_id: number;
  employment_id: number;
  organisation_id: number;
  district_code: string;
  incentive: string;
  basis: string;
  seq: number;
  due_on: string;
  amount_fen: number;
  rule: string;
  rule_version: number;
  policy_version_id: number;
  explanation: unknown;
}

async function evaluateOrSkip(evaluate: Evaluator, db: Db, input: EvaluateInput): Promise<Evaluation | null> {
  try {
    return await evaluate(db, input);
  } catch (err) {
    // No version of the rule in force here on that date: nothing to schedule, not an error.
    if (String((err as { code?: string }).code) === 'policy_not_in_force') return null;
    throw err;
  }
}

export interface ScheduleResult {
  evaluated: number;
  scheduled: number;
  superseded: number;
}

/**
 * Asks the policy engine about every open employment and stores the instalments it grants.
 * Idempotent: (worker, incentive, basis, seq) is unique, so a second run adds nothing. A higher
 * skill certificate supersedes the earlier award: its unpaid future instalments are cancelled.
 */
export async function scheduleIncentives(
  db: Kysely<DB>,
  options: { onDate: string; month?: string; districtPrefix?: string; workerIds?: number[] },
  evaluate: Evaluator = evaluatePolicy,
): Promise<ScheduleResult> {
  const facts = await incentiveFacts(db, options);
  const rows: InstalmentRow[] = [];
  let evaluated = 0;
  for (const f of facts) {
    for (const ask of eligibilityFacts(f, options.month)) {
      const ev = await evaluateOrSkip(evaluate, db, {
        jurisdictionCode: f.jurisdictionCode,
        rule: ask.rule,
        onDate: ask.onDate,
        facts: ask.facts,
      });
      evaluated++;
      if (!ev?.eligible) continue;
      ev.payments.forEach((p, i) => {
        if (p.amountFen <= 0) return;
        rows.push({
          worker_id: f.workerId,
          employment_id: f.employmentId,
          organisation_id: f.organisationId,
          district_code: f.districtCode,
          incentive: ask.incentive,
          basis: ask.basis,
          seq: i + 1,
          due_on: p.dueDate,
          amount_fen: p.amountFen,
          rule: ev.rule,
          rule_version: ev.source.version,
          policy_version_id: ev.source.versionId,
          explanation: ev.explanation,
        });
      });
    }
  }
  const col = <K extends keyof InstalmentRow>(name: K, type: 'text' | 'bigint' | 'int' | 'date' | 'jsonb') => ({
    name,
    type,
    value: (r: InstalmentRow) => r[name],
  });
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('incentive_instalments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await bulkInsert(
      tx,
      'incentive_instalments',
      [
        col('worker_id', 'bigint'),
        col('employment_id', 'bigint'),
        col('organisation_id', 'bigint'),
        col('district_code', 'text'),
        col('incentive', 'text'),
        col('basis', 'text'),
        col('seq', 'int'),
        col('due_on', 'date'),
        col('amount_fen', 'bigint'),
        col('rule', 'text'),
        col('rule_version', 'int'),
        col('policy_version_id', 'bigint'),
        col('explanation', 'jsonb'),
      ],
      rows,
      { onConflict: 'ON CONFLICT (worker_id, incentive, basis, seq) DO NOTHING' },
    );
    const after = await tx
      .selectFrom('incentive_instalments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const current = [
      ...new Set(rows.filter((r) => r.incentive === 'certificate_bonus').map((r) => `${r.worker_id}|${r.basis}`)),
    ];
    let superseded = 0;
    for (const key of current) {
      const [workerId, basis] = key.split('|') as [string, string];
      const gone = await tx
        .updateTable('incentive_instalments')
        .set({ status: 'cancelled', cancelled_on: options.onDate, cancel_reason: '技能等级提升，按新等级证书发放' })
        .where('worker_id', '=', Number(workerId))
        .where('incentive', '=', 'certificate_bonus')
        .where('basis', '!=', basis)
        .where('status', '=', 'scheduled')
        .where('due_on', '>', options.onDate)
        .returning('id')
        .execute();
      superseded += gone.length;
    }
    return { evaluated, scheduled: Number(after.n) - Number(before.n), superseded };
  });
}

export type { DueInstalment } from './schemas.js';

/** Scheduled instalments due on or before the day: what the monthly run pays. */
export async function instalmentsDue(db: Db, through: string, districtPrefix?: string): Promise<DueInstalment[]> {
  const rows = await db
    .selectFrom('incentive_instalments as i')
    .innerJoin('workers as w', 'w.id', 'i.worker_id')
    .select([
      'i.id',
      'i.worker_id',
      'w.name',
      'i.employment_id',
      'i.organisation_id',
      'i.district_code',
      'i.incentive',
      'i.seq',
      'i.due_on',
      'i.amount_fen',
      'i.rule',
      'i.rule_version',
      'i.policy_version_id',
    ])
    .where('i.status', '=', 'scheduled')
    .where('i.due_on', '<=', through)
    .$if(!!districtPrefix, (q) => q.where('i.district_code', 'like', `${districtPrefix}%`))
    .orderBy('i.due_on')
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    workerId: r.worker_id,
    workerName: r.name,
    employmentId: r.employment_id,
    organisationId: r.organisation_id,
    districtCode: r.district_code,
    incentive: r.incentive,
    seq: r.seq,
    dueOn: r.due_on,
    amountFen: Number(r.amount_fen),
    rule: r.rule,
    ruleVersion: r.rule_version,
    policyVersionId: r.policy_version_id,
  }));
}

/** The monthly run's entry point: schedule what the month grants, then list what is due. */
export async function prepareMonthlyIncentives(db: Kysely<DB>, month: string, evaluate: Evaluator = evaluatePolicy) {
  const through = monthEnd(month);
  const scheduled = await scheduleIncentives(db, { onDate: through, month }, evaluate);
  return { ...scheduled, due: await instalmentsDue(db, through) };
}

/**
 * An officer schedules the month's instalments ahead of the run: the whole city for a city
 * officer, their district for a district officer; answers what is then due (the first 500).
 */
export async function scheduleMonth(ctx: UseCaseContext, month: string): Promise<ScheduleView> {
  const prefixes = prefixesFor(ctx.actor, WORKFORCE_OFFICERS);
  if (!prefixes.length) throw new AppError('forbidden');
  const through = monthEnd(month);
  const district = prefixes.includes('') || prefixes.some((p) => p.length < 6) ? undefined : prefixes[0];
  const result = await scheduleIncentives(ctx.db as Kysely<DB>, { onDate: through, month, districtPrefix: district });
  const due = await instalmentsDue(ctx.db, through, district);
  return {
    ...result,
    dueCount: due.length,
    dueFen: due.reduce((s, d) => s + d.amountFen, 0),
    due: due.slice(0, 500),
  };
}

/** Marks instalments paid (after the ledger transfer committed); returns the ids it changed. */
export async function markInstalmentsPaid(
  db: Db,
  ids: number[],
  paidOn: string,
  paymentRef: string,
): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db
    .updateTable('incentive_instalments')
    .set({ status: 'paid', paid_on: paidOn, payment_ref: paymentRef })
    .where('id', 'in', ids)
    .where('status', '=', 'scheduled')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Leaving the job stops the instalments that fall due after the last day. */
export async function cancelFutureInstalments(
  tx: Transaction<DB>,
  employmentId: number,
  leftOn: string,
  reason: string,
): Promise<number> {
  const rows = await tx
    .updateTable('incentive_instalments')
    .set({ status: 'cancelled', cancelled_on: leftOn, cancel_reason: reason })
    .where('employment_id', '=', employmentId)
    .where('status', '=', 'scheduled')
    .where('due_on', '>', leftOn)
    .returning('id')
    .execute();
  return rows.length;
}

export async function workerInstalments(db: Db, workerId: number): Promise<InstalmentView[]> {
  const rows = await db
    .selectFrom('incentive_instalments')
    .selectAll()
    .where('worker_id', '=', workerId)
    .orderBy('due_on')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    incentive: r.incentive,
    incentiveLabel: INCENTIVE_LABELS[r.incentive] ?? r.incentive,
    basis: r.basis,
    seq: r.seq,
    dueOn: r.due_on,
    amountFen: Number(r.amount_fen),
    rule: r.rule,
    ruleVersion: r.rule_version,
    status: r.status,
    paidOn: r.paid_on,
    cancelledOn: r.cancelled_on,
    cancelReason: r.cancel_reason,
  }));
}
