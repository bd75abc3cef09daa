// The assessment workflow: draft → submitted → signed by both assigned assessors. A signed
// assessment never changes (the database refuses it too); a correction is a new assessment that
// supersedes it, and goes through the same steps.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, validationError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { REGISTRY_READERS } from '../identity/permissions.js';
import { coversCode, hasRole } from '../identity/scope.js';
import { blindFor, elderInScope, TASK_ASSIGNERS } from './access.js';
import {
  type AssessmentRow,
  type AssessmentView,
  assessmentView,
  contentHash,
  inputOf,
  riskColumns,
} from './assessment-view.js';
import { assertEligibleAssessor } from './assessors.js';
import { checkScoreInput, type RiskEvents, scoreAssessment } from './rules.js';
import { activeRules } from './rules-store.js';
import { assertValidInput } from './scoring.js';

export interface AssessmentPatch {
  items?: Record<string, number>;
  coma?: boolean;
  diagnoses?: string[];
  riskEvents30d?: Partial<RiskEvents>;
  rehabNeeds?: unknown;
  fitness?: unknown;
  assessedOn?: string;
  place?: string;
}

const isAssigned = (row: { assessor_1_id: number | null; assessor_2_id: number | null }, actor: Actor) =>
  row.assessor_1_id === actor.userId || row.assessor_2_id === actor.userId;

async function lockRow(tx: Transaction<DB>, id: number): Promise<AssessmentRow> {
  const row = await tx.selectFrom('assessments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** Loads an assessment the actor works on: visible elder, assigned assessor, expected status. */
async function workingRow(
  tx: Transaction<DB>,
  actor: Actor,
  id: number,
  status: AssessmentRow['status'],
  action: string,
) {
  const row = await lockRow(tx, id);
  const elder = await elderInScope(tx, actor, row.elder_id);
  if (!isAssigned(row, actor)) throw new AppError('assessment_not_assigned');
  if (row.status !== status) throw new AppError('assessment_wrong_status', { status: row.status, action });
  return { row, elder };
}

export async function startAssessment(
  ctx: UseCaseContext,
  taskId: number,
  input: { assessedOn?: string; place?: string },
): Promise<AssessmentView> {
  const { db, actor } = ctx;
  const id = await db.transaction().execute(async (tx) => {
    const task = await tx
      .selectFrom('assessment_tasks')
      .selectAll()
      .where('id', '=', taskId)
      .forUpdate()
      .executeTakeFirst();
    if (!task) throw new AppError('not_found');
    await elderInScope(tx, actor, task.elder_id);
    if (!isAssigned(task, actor)) throw new AppError('assessment_not_assigned');
    const existing = await tx
      .selectFrom('assessments')
      .select('id')
      .where('task_id', '=', taskId)
      .where('supersedes_id', 'is', null)
      .executeTakeFirst();
    if (existing) return existing.id;
    if (task.status !== 'assigned')
      throw new AppError('assessment_wrong_status', { status: task.status, action: '开始评估/start' });
    const row = await tx
      .insertInto('assessments')
      .values({
        elder_id: task.elder_id,
        district_code: task.district_code,
        task_id: taskId,
        assessor_1_id: task.assessor_1_id,
        assessor_2_id: task.assessor_2_id,
        created_by: actor.userId,
        assessed_on: input.assessedOn ?? ctx.today,
        place: input.place ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, {
      action: 'create',
      entityType: 'assessment',
      entityId: row.id,
      districtCode: task.district_code,
      detail: { taskId },
    });
    return row.id;
  });
  return getAssessment(ctx, id, { audit: false });
}

export async function updateDraft(ctx: UseCaseContext, id: number, patch: AssessmentPatch): Promise<AssessmentView> {
  const { db, actor } = ctx;
  await db.transaction().execute(async (tx) => {
    const { row } = await workingRow(tx, actor, id, 'draft', '修改/edit');
    const items = { ...row.items, ...(patch.items ?? {}) };
    const coma = patch.coma ?? row.coma;
    // A draft may be incomplete; what it holds must still be on the scale.
    const problems = checkScoreInput({ items, coma }).filter((p) => p.code !== 'assessment_item_missing');
    if (problems.length) throw validationError(problems);
    await tx
      .updateTable('assessments')
      .set({
        items: JSON.stringify(items),
        coma,
        ...(patch.diagnoses ? { diagnoses: [...new Set(patch.diagnoses.map((d) => d.trim().toUpperCase()))] } : {}),
        ...(patch.riskEvents30d ? riskColumns(patch.riskEvents30d) : {}),
        ...(patch.rehabNeeds !== undefined
          ? { rehab_needs: patch.rehabNeeds === null ? null : JSON.stringify(patch.rehabNeeds) }
          : {}),
        ...(patch.fitness !== undefined
          ? { fitness: patch.fitness === null ? null : JSON.stringify(patch.fitness) }
          : {}),
        ...(patch.assessedOn ? { assessed_on: patch.assessedOn } : {}),
        ...(patch.place ? { place: patch.place } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, actor, {
      action: 'update',
      entityType: 'assessment',
      entityId: id,
      districtCode: row.district_code,
      detail: { fields: Object.keys(patch) },
    });
  });
  return getAssessment(ctx, id, { audit: false });
}

/** Checks completeness and stores the score under the active rules; both assessors then sign. */
export async function submitAssessment(ctx: UseCaseContext, id: number): Promise<AssessmentView> {
  const { db, actor } = ctx;
  await db.transaction().execute(async (tx) => {
    const { row } = await workingRow(tx, actor, id, 'draft', '提交/submit');
    if (row.assessed_on! > ctx.today) throw new AppError('out_of_range', { field: 'assessedOn' }, 'assessedOn');
    await storeScore(tx, row, { status: 'submitted', submitted_at: new Date() });
    await recordAudit(tx, actor, {
      action: 'update',
      entityType: 'assessment',
      entityId: id,
      districtCode: row.district_code,
      detail: { step: 'submit' },
    });
  });
  return getAssessment(ctx, id, { audit: false });
}

async function storeScore(
  tx: Transaction<DB>,
  row: AssessmentRow,
  extra: Partial<{ status: 'submitted' | 'signed'; submitted_at: Date; signed_at: Date }>,
) {
  const input = inputOf(row);
  assertValidInput(input);
  const rules = await activeRules(tx);
  const r = scoreAssessment(input, rules);
  await tx
    .updateTable('assessments')
    .set({
      score_b1: r.dimensions['B.1'],
      score_b2: r.dimensions['B.2'],
      score_b3: r.dimensions['B.3'],
      score_b4: r.dimensions['B.4'],
      total: r.total,
      rules_version: rules.version,
      preliminary_level: r.preliminaryLevel,
      final_level: r.finalLevel,
      reason_codes: r.reasons.map((x) => x.code),
      updated_at: new Date(),
      ...extra,
    })
    .where('id', '=', row.id)
    .execute();
  return { rules, result: r };
}

/** Sends a submitted assessment back for changes; signatures of the old revision no longer count. */
export async function returnToDraft(ctx: UseCaseContext, id: number, note: string | null): Promise<AssessmentView> {
  const { db, actor } = ctx;
  await db.transaction().execute(async (tx) => {
    const row = await lockRow(tx, id);
    const elder = await elderInScope(tx, actor, row.elder_id);
    if (!isAssigned(row, actor) && !coversCode(actor, TASK_ASSIGNERS, elder.community_code))
      throw new AppError('assessment_not_assigned');
    if (row.status !== 'submitted')
      throw new AppError('assessment_wrong_status', { status: row.status, action: '退回/return' });
    await tx
      .updateTable('assessments')
      .set({ status: 'draft', revision: row.revision + 1, submitted_at: null, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, actor, {
      action: 'update',
      entityType: 'assessment',
      entityId: id,
      districtCode: row.district_code,
      detail: { step: 'return', note },
    });
  });
  return getAssessment(ctx, id, { audit: false });
}

/** One assessor's signature; the second one seals the assessment and records its level. */
export async function signAssessment(ctx: UseCaseContext, id: number): Promise<AssessmentView> {
  const { db, actor } = ctx;
  await db.transaction().execute(async (tx) => {
    const { row, elder } = await workingRow(tx, actor, id, 'submitted', '签名/sign');
    const task = row.task_id
      ? await tx
          .selectFrom('assessment_tasks')
          .select('institution_id')
          .where('id', '=', row.task_id)
          .executeTakeFirst()
      : undefined;
    // Qualification and conflicts are checked again at signing: a certificate may have expired since.
    const signer = await assertEligibleAssessor(
      tx,
      actor.userId,
      {
        elderId: row.elder_id,
        communityCode: elder.community_code,
        institutionId: task?.institution_id ?? null,
      },
      ctx.today,
    );
    const signed = await tx
      .insertInto('assessment_signatures')
      .values({
        assessment_id: id,
        elder_id: row.elder_id,
        district_code: row.district_code,
        revision: row.revision,
        user_id: actor.userId,
        signer_name: signer.name,
        certificate_no: signer.certificateNo,
        content_hash: contentHash(row),
      })
      .onConflict((oc) => oc.columns(['assessment_id', 'revision', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!signed) throw new AppError('assessment_already_signed_by_you');
    const count = await tx
      .selectFrom('assessment_signatures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('assessment_id', '=', id)
      .where('revision', '=', row.revision)
      .executeTakeFirstOrThrow();
    let sealed = false;
    if (Number(count.n) >= 2) {
      const { rules, result } = await storeScore(tx, row, { status: 'signed', signed_at: new Date() });
      await tx
        .insertInto('assessment_levels')
        .values({
          assessment_id: id,
          rules_version: rules.version,
          elder_id: row.elder_id,
          district_code: row.district_code,
          preliminary_level: result.preliminaryLevel,
          final_level: result.finalLevel,
          reason_codes: result.reasons.map((x) => x.code),
        })
        .execute();
      if (row.task_id)
        await tx
          .updateTable('assessment_tasks')
          .set({ status: 'completed', updated_at: new Date() })
          .where('id', '=', row.task_id)
          .where('status', '=', 'assigned')
          .execute();
      sealed = true;
    }
    await recordAudit(tx, actor, {
      action: 'update',
      entityType: 'assessment',
      entityId: id,
      districtCode: row.district_code,
      detail: { step: 'sign', revision: row.revision, sealed },
    });
  });
  return getAssessment(ctx, id, { audit: false });
}

/** Opens a correction of a signed assessment: a new draft with the same content, superseding it once signed. */
export async function correctAssessment(ctx: UseCaseContext, id: number, note: string): Promise<AssessmentView> {
  const { db, actor } = ctx;
  const newId = await db.transaction().execute(async (tx) => {
    const row = await lockRow(tx, id);
    const elder = await elderInScope(tx, actor, row.elder_id);
    if (!isAssigned(row, actor) && !coversCode(actor, TASK_ASSIGNERS, elder.community_code))
      throw new AppError('assessment_not_assigned');
    if (row.status !== 'signed')
      throw new AppError('assessment_wrong_status', { status: row.status, action: '更正/correct' });
    const created = await tx
      .insertInto('assessments')
      .values({
        elder_id: row.elder_id,
        district_code: row.district_code,
        task_id: row.task_id,
        supersedes_id: row.id,
        correction_note: note,
        items: JSON.stringify(row.items),
        coma: row.coma,
        diagnoses: row.diagnoses,
        risk_fall: row.risk_fall,
        risk_wandering: row.risk_wandering,
        risk_choking: row.risk_choking,
        risk_self_harm: row.risk_self_harm,
        risk_other: row.risk_other,
        rehab_needs: row.rehab_needs == null ? null : JSON.stringify(row.rehab_needs),
        fitness: row.fitness == null ? null : JSON.stringify(row.fitness),
        assessed_on: row.assessed_on,
        place: row.place,
        assessor_1_id: row.assessor_1_id,
        assessor_2_id: row.assessor_2_id,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.column('supersedes_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!created) throw new AppError('assessment_already_corrected');
    await recordAudit(tx, actor, {
      action: 'create',
      entityType: 'assessment',
      entityId: created.id,
      districtCode: row.district_code,
      detail: { corrects: id, note },
    });
    return created.id;
  });
  return getAssessment(ctx, newId, { audit: false });
}

/**
 * Signed assessments are shown to anyone who sees the elder; drafts and submitted ones only to
 * registry roles (officers, assessors), not to families. Blind re-checkers see nothing.
 */
export async function getAssessment(
  ctx: UseCaseContext,
  id: number,
  options: { audit?: boolean } = {},
): Promise<AssessmentView> {
  const { db, actor } = ctx;
  const row = await db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const elder = await elderInScope(db, actor, row.elder_id);
  if (
    row.status !== 'signed' &&
    !isAssigned(row, actor) &&
    !(hasRole(actor, REGISTRY_READERS) && coversCode(actor, REGISTRY_READERS, elder.community_code))
  )
    throw new AppError('not_found');
  if (!isAssigned(row, actor) && (await blindFor(db, actor, row.elder_id))) throw new AppError('not_found');
  if (options.audit !== false)
    await recordAudit(ctx, { action: 'read', entityType: 'assessment', entityId: id, districtCode: row.district_code });
  return assessmentView(db, row);
}
