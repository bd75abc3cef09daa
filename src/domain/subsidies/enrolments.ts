// Enrolling an elder in a monthly programme that needs an application (机构护理补贴, 家庭照护床位
// 护理补贴), checked against the rule in force; a family bed also earns its building institution
// the one-time grant, once per elder (a unique key, not a convention).
import { AppError } from '../../lib/errors.js';
import { currentLevel } from '../assessment/current-level.js';
import { visibleElders } from '../elders/service.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { coversCode, prefixesFor } from '../identity/scope.js';
import { LEDGER_ADMINS } from '../ledger/access.js';
import { type Evaluation, evaluatePolicy } from '../policy/evaluate.js';
import type { EnrolmentView } from './schemas.js';
import type { EnrolmentProgramme } from './tables.js';

export type { EnrolmentView } from './schemas.js';

export interface EnrolInput {
  programme: EnrolmentProgramme;
  elderId: number;
  effectiveFrom: string;
  organisationId?: number;
  facts: Record<string, unknown>;
}

const refused = (ev: Evaluation) =>
  new AppError('enrolment_not_eligible', { rule: ev.rule, reason: ev.explanation.at(-1)?.zh ?? '' }, 'facts');

export async function enrol(ctx: UseCaseContext, input: EnrolInput): Promise<EnrolmentView> {
  const { db, actor } = ctx;
  const elder = await visibleElders(db, actor)
    .select(['id', 'community_code', 'district_code'])
    .where('id', '=', input.elderId)
    .executeTakeFirst();
  if (!elder) throw new AppError('not_found');
  if (!coversCode(actor, LEDGER_ADMINS, elder.community_code)) throw new AppError('forbidden');
  let facts: Record<string, unknown>;
  let evaluation: Evaluation;
  if (input.programme === 'institutionalCare.nursingSubsidy') {
    const { fullTimeCare, medicalIntegrationFunded, institutionType } = input.facts;
    facts = { fullTimeCare, medicalIntegrationFunded, ...(institutionType !== undefined ? { institutionType } : {}) };
    // The level is read fresh every month; here it only decides whether the application stands.
    const level = await currentLevel(db, elder.id);
    if (!level)
      throw new AppError(
        'enrolment_not_eligible',
        { rule: input.programme, reason: '尚无已签署的能力评估 / no signed assessment' },
        'elderId',
      );
    evaluation = await evaluatePolicy(db, {
      jurisdictionCode: elder.community_code,
      rule: input.programme,
      onDate: input.effectiveFrom,
      facts: { ...facts, abilityLevel: level.level },
    });
  } else {
    facts = { bedActive: true };
    evaluation = await evaluatePolicy(db, {
      jurisdictionCode: elder.community_code,
      rule: input.programme,
      onDate: input.effectiveFrom,
      facts,
    });
  }
  if (!evaluation.eligible) throw refused(evaluation);

  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('subsidy_enrolments')
      .values({
        programme: input.programme,
        elder_id: elder.id,
        district_code: elder.district_code,
        organisation_id: input.organisationId ?? null,
        facts: JSON.stringify(facts),
        policy_version_id: evaluation.source.versionId,
        effective_from: input.effectiveFrom,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.columns(['programme', 'elder_id']).where('effective_to', 'is', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const open = await tx
        .selectFrom('subsidy_enrolments')
        .select('id')
        .where('programme', '=', input.programme)
        .where('elder_id', '=', elder.id)
        .where('effective_to', 'is', null)
        .executeTakeFirstOrThrow();
      throw new AppError('enrolment_exists', { rule: input.programme, id: open.id });
    }
    let award: EnrolmentView['award'] = null;
    if (input.programme === 'homeCareBed.monthlyNursing' && input.organisationId) {
      const before = await tx
        .selectFrom('subsidy_awards')
        .select('id')
        .where('programme', '=', 'homeCareBed.oneTimeGrant')
        .where('elder_id', '=', elder.id)
        .executeTakeFirst();
      const grant = await evaluatePolicy(tx, {
        jurisdictionCode: elder.community_code,
        rule: 'homeCareBed.oneTimeGrant',
        onDate: input.effectiveFrom,
        facts: { retrofitDone: input.facts.retrofitDone === true, grantedBefore: !!before },
      });
      if (grant.eligible) {
        const a = await tx
          .insertInto('subsidy_awards')
          .values({
            programme: 'homeCareBed.oneTimeGrant',
            elder_id: elder.id,
            organisation_id: input.organisationId,
            district_code: elder.district_code,
            enrolment_id: row.id,
            amount_fen: grant.amountFen,
            due_on: input.effectiveFrom,
            policy_version_id: grant.source.versionId,
            created_by: actor.userId,
          })
          .onConflict((oc) => oc.columns(['programme', 'elder_id']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (a)
          award = { id: a.id, amountFen: Number(a.amount_fen), dueOn: a.due_on, policyVersionId: a.policy_version_id };
      }
    }
    await recordAudit(inTransaction(ctx, tx), {
      action: 'create',
      entityType: 'subsidy_enrolment',
      entityId: row.id,
      districtCode: elder.district_code,
      detail: { programme: input.programme, elderId: elder.id },
    });
    return view(row, award);
  });
}

function view(
  r: {
    id: number;
    programme: string;
    elder_id: number;
    district_code: string;
    organisation_id: number | null;
    facts: unknown;
    policy_version_id: number;
    effective_from: string;
    effective_to: string | null;
  },
  award: EnrolmentView['award'] = null,
): EnrolmentView {
  return {
    id: r.id,
    programme: r.programme,
    elderId: r.elder_id,
    districtCode: r.district_code,
    organisationId: r.organisation_id,
    facts: (r.facts ?? {}) as Record<string, unknown>,
    policyVersionId: r.policy_version_id,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    award,
  };
}

export async function endEnrolment(ctx: UseCaseContext, id: number, effectiveTo: string): Promise<EnrolmentView> {
  const { db, actor } = ctx;
  const row = await db.selectFrom('subsidy_enrolments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !coversCode(actor, LEDGER_ADMINS, row.district_code)) throw new AppError('not_found');
  if (row.effective_to)
    throw new AppError('run_state', { status: `ended on ${row.effective_to}`, action: 'end it again' });
  if (effectiveTo < row.effective_from) throw new AppError('out_of_range', { field: 'effectiveTo' }, 'effectiveTo');
  const updated = await db
    .updateTable('subsidy_enrolments')
    .set({ effective_to: effectiveTo, ended_by: actor.userId })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    action: 'update',
    entityType: 'subsidy_enrolment',
    entityId: id,
    districtCode: row.district_code,
    detail: { effectiveTo },
  });
  return view(updated);
}

export async function listEnrolments(
  ctx: UseCaseContext,
  f: { programme?: string; elderId?: number; districtCode?: string },
): Promise<EnrolmentView[]> {
  const { db, actor } = ctx;
  const prefixes = prefixesFor(actor, LEDGER_ADMINS);
  let q = db
    .selectFrom('subsidy_enrolments')
    .selectAll()
    .where((eb) => (prefixes.length ? eb.or(prefixes.map((p) => eb('district_code', 'like', `${p}%`))) : eb.val(false)))
    .orderBy('id', 'desc')
    .limit(500);
  if (f.programme) q = q.where('programme', '=', f.programme as EnrolmentProgramme);
  if (f.elderId) q = q.where('elder_id', '=', f.elderId);
  if (f.districtCode) q = q.where('district_code', '=', f.districtCode);
  const rows = await q.execute();
  await recordAudit(ctx, { action: 'list', entityType: 'subsidy_enrolment', detail: f });
  return rows.map((r) => view(r));
}
