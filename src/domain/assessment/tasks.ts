// Assessment tasks: opened on application (elder, family, officer), on a reported change of
// condition, or by the yearly schedule; assigned to two certified assessors.
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { visibleElders } from '../elders/service.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { coversCode, grantedElderIds, hasRole, prefixesFor } from '../identity/scope.js';
import { type Db, elderInScope, requireRoleFor, TASK_ASSIGNERS, TASK_REQUESTERS } from './access.js';
import { assertEligibleAssessor } from './assessors.js';
import { currentAssessmentLevels } from './current-level.js';
import type { RequesterKind, TaskStatus } from './tables.js';
import type { TaskView } from './view-schemas.js';

export type { TaskView } from './view-schemas.js';

/** Months between signed assessments before the schedule opens a re-assessment (configurable per call). */
export const REASSESSMENT_INTERVAL_MONTHS = 12;

function tasksQuery(db: Db, actor: Actor) {
  return visibleElders(db, actor)
    .innerJoin('assessment_tasks as t', 't.elder_id', 'elders.id')
    .leftJoin('users as a1', 'a1.id', 't.assessor_1_id')
    .leftJoin('users as a2', 'a2.id', 't.assessor_2_id')
    .select([
      't.id',
      't.elder_id',
      'elders.name as elder_name',
      't.district_code',
      't.reason',
      't.requester_kind',
      't.status',
      't.institution_id',
      't.note',
      't.due_on',
      't.assessor_1_id',
      't.assessor_2_id',
      'a1.display_name as a1_name',
      'a2.display_name as a2_name',
      't.created_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('assessments as a')
        .select('a.id')
        .whereRef('a.task_id', '=', 't.id')
        .where('a.supersedes_id', 'is', null)
        .as('assessment_id'),
    );
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof tasksQuery>['executeTakeFirstOrThrow']>>;

function view(r: TaskRow): TaskView {
  const assessors = [
    ...(r.assessor_1_id ? [{ id: r.assessor_1_id, name: r.a1_name ?? '' }] : []),
    ...(r.assessor_2_id ? [{ id: r.assessor_2_id, name: r.a2_name ?? '' }] : []),
  ];
  return {
    id: r.id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    districtCode: r.district_code,
    reason: r.reason,
    requesterKind: r.requester_kind,
    status: r.status,
    institutionId: r.institution_id,
    note: r.note,
    dueOn: r.due_on,
    assessors,
    assessmentId: r.assessment_id ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

/** One task (its elder's name and place): a read of personal data, audited unless the caller just wrote it. */
export async function getTask(ctx: UseCaseContext, id: number, options: { audit?: boolean } = {}): Promise<TaskView> {
  const row = await tasksQuery(ctx.db, ctx.actor).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (options.audit !== false)
    await recordAudit(ctx, {
      action: 'read',
      entityType: 'assessment_task',
      entityId: row.id,
      districtCode: row.district_code,
    });
  return view(row);
}

export interface TaskInput {
  elderId: number;
  reason: 'application' | 'condition_change';
  requesterKind?: 'elder' | 'family';
  institutionId?: number | null;
  note?: string | null;
  dueOn?: string | null;
}

/** Opens a task; a second request while one is live returns the live one (created: false). */
export async function requestAssessment(
  ctx: UseCaseContext,
  input: TaskInput,
): Promise<{ task: TaskView; created: boolean }> {
  const { db, actor } = ctx;
  const elder = await elderInScope(db, actor, input.elderId);
  if (elder.status !== 'active') throw new AppError('already_archived');
  let requesterKind: RequesterKind;
  if (coversCode(actor, TASK_REQUESTERS, elder.community_code)) requesterKind = 'officer';
  else if (grantedElderIds(actor).includes(elder.id)) requesterKind = input.requesterKind ?? 'family';
  else throw new AppError('forbidden');
  const row = await db
    .insertInto('assessment_tasks')
    .values({
      elder_id: elder.id,
      district_code: elder.district_code,
      reason: input.reason,
      requester_kind: requesterKind,
      requested_by: actor.userId,
      institution_id: input.institutionId ?? null,
      note: input.note ?? null,
      due_on: input.dueOn ?? null,
    })
    .onConflict((oc) => oc.column('elder_id').where('status', 'in', ['open', 'assigned']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row)
    await recordAudit(ctx, {
      action: 'create',
      entityType: 'assessment_task',
      entityId: row.id,
      districtCode: elder.district_code,
      detail: { reason: input.reason },
    });
  const id =
    row?.id ??
    (
      await db
        .selectFrom('assessment_tasks')
        .select('id')
        .where('elder_id', '=', elder.id)
        .where('status', 'in', ['open', 'assigned'])
        .executeTakeFirstOrThrow()
    ).id;
  return { task: await getTask(ctx, id, { audit: row === undefined }), created: row !== undefined };
}

export async function assignTask(
  ctx: UseCaseContext,
  taskId: number,
  input: { assessorIds: [number, number]; dueOn?: string | null },
): Promise<TaskView> {
  const { db, actor } = ctx;
  const task = await db.selectFrom('assessment_tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!task) throw new AppError('not_found');
  const elder = await elderInScope(db, actor, task.elder_id);
  requireRoleFor(actor, TASK_ASSIGNERS, elder.community_code);
  if (task.status !== 'open' && task.status !== 'assigned')
    throw new AppError('assessment_wrong_status', { status: task.status, action: '指派/assign' });
  const started = await db.selectFrom('assessments').select('id').where('task_id', '=', taskId).executeTakeFirst();
  if (started) throw new AppError('assessment_wrong_status', { status: 'started', action: '改派/reassign' });
  const [a, b] = input.assessorIds;
  if (a === b) throw new AppError('assessors_not_distinct', {}, 'assessorIds');
  for (const id of input.assessorIds) {
    await assertEligibleAssessor(
      db,
      id,
      { elderId: elder.id, communityCode: elder.community_code, institutionId: task.institution_id },
      ctx.today,
    );
  }
  await db
    .updateTable('assessment_tasks')
    .set({
      assessor_1_id: a,
      assessor_2_id: b,
      status: 'assigned',
      assigned_by: actor.userId,
      assigned_at: ctx.now,
      due_on: input.dueOn ?? task.due_on,
      updated_at: ctx.now,
    })
    .where('id', '=', taskId)
    .execute();
  await recordAudit(ctx, {
    action: 'update',
    entityType: 'assessment_task',
    entityId: taskId,
    districtCode: task.district_code,
    detail: { assign: input.assessorIds },
  });
  return getTask(ctx, taskId, { audit: false });
}

export async function cancelTask(ctx: UseCaseContext, taskId: number, note: string | null): Promise<TaskView> {
  const { db, actor } = ctx;
  const task = await getTask(ctx, taskId, { audit: false });
  const elder = await elderInScope(db, actor, task.elderId);
  const own =
    (await db.selectFrom('assessment_tasks').select('requested_by').where('id', '=', taskId).executeTakeFirstOrThrow())
      .requested_by === actor.userId;
  if (!own) requireRoleFor(actor, TASK_ASSIGNERS, elder.community_code);
  if (task.status !== 'open' && task.status !== 'assigned')
    throw new AppError('assessment_wrong_status', { status: task.status, action: '取消/cancel' });
  const signed = await db
    .selectFrom('assessments')
    .select('id')
    .where('task_id', '=', taskId)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  if (signed) throw new AppError('assessment_wrong_status', { status: 'submitted', action: '取消/cancel' });
  await db
    .updateTable('assessment_tasks')
    .set({ status: 'cancelled', note: note ?? task.note, updated_at: ctx.now })
    .where('id', '=', taskId)
    .execute();
  await recordAudit(ctx, {
    action: 'update',
    entityType: 'assessment_task',
    entityId: taskId,
    districtCode: task.districtCode,
    detail: { cancel: true },
  });
  return getTask(ctx, taskId, { audit: false });
}

export interface TaskFilters {
  status?: TaskStatus;
  mine?: boolean;
  elderId?: number;
}

export async function listTasks(
  ctx: UseCaseContext,
  f: TaskFilters,
  page: number,
  pageSize: number,
): Promise<TaskView[]> {
  const { db, actor } = ctx;
  let q = tasksQuery(db, actor);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.elderId) q = q.where('t.elder_id', '=', f.elderId);
  if (f.mine)
    q = q.where((eb) => eb.or([eb('t.assessor_1_id', '=', actor.userId), eb('t.assessor_2_id', '=', actor.userId)]));
  const rows = await q
    .orderBy('t.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  await recordAudit(ctx, { action: 'list', entityType: 'assessment_task', detail: { filters: f, page } });
  return rows.map(view);
}

/**
 * Opens a 'scheduled' task for every active elder whose current signed assessment is older than
 * `months`, set-based; elders with a live task are skipped by the one-live-task index.
 */
export async function scheduleReassessments(
  ctx: UseCaseContext,
  options: { today?: string; months?: number; districtPrefixes?: string[] } = {},
): Promise<number> {
  const { db } = ctx;
  const today = options.today ?? ctx.today;
  const months = options.months ?? REASSESSMENT_INTERVAL_MONTHS;
  const prefixes = options.districtPrefixes;
  const result = await sql<{ n: number }>`
    WITH latest AS (${currentAssessmentLevels(db)}),
    ins AS (
      INSERT INTO assessment_tasks (elder_id, district_code, reason, requester_kind, due_on)
      SELECT l.elder_id, e.district_code, 'scheduled', 'schedule', (l.assessed_on + make_interval(months => ${months}))::date
      FROM latest l JOIN elders e ON e.id = l.elder_id
      WHERE e.status = 'active'
        AND l.assessed_on <= (${today}::date - make_interval(months => ${months}))::date
        ${
          prefixes
            ? sql`AND (${sql.join(
                prefixes.map((p) => sql`e.community_code LIKE ${`${p}%`}`),
                sql` OR `,
              )})`
            : sql``
        }
      ON CONFLICT (elder_id) WHERE status IN ('open', 'assigned') DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** The schedule run by an officer for their own jurisdictions (city administrators: everywhere). */
export async function scheduleFor(ctx: UseCaseContext, options: { today?: string; months?: number }): Promise<number> {
  const { actor } = ctx;
  if (!hasRole(actor, TASK_ASSIGNERS)) throw new AppError('forbidden');
  const prefixes = prefixesFor(actor, TASK_ASSIGNERS);
  const created = await scheduleReassessments(ctx, {
    ...options,
    districtPrefixes: prefixes.includes('') ? undefined : prefixes,
  });
  await recordAudit(ctx, {
    action: 'create',
    entityType: 'assessment_task',
    detail: { schedule: true, created, months: options.months ?? REASSESSMENT_INTERVAL_MONTHS },
  });
  return created;
}
