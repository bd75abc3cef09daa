// 探访: the month's visit tasks for the target groups (status flags → risk tier → visits a month,
// from the setting in force), generated set-based and idempotently (a unique key per elder and
// visit number), assigned to community workers or volunteers, recorded as done by home visit,
// phone or video with findings; compliance per community, street and district against 100%.
import { type SqlBool, sql } from 'kysely';
import { addDays, isMonth, monthEnd, monthOf, monthStart } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { sheetOf, workbookBuffer } from '../../lib/workbook.js';
import { recordAudit } from '../identity/audit.js';
import { type Db, inTransaction, type UseCaseContext } from '../identity/context.js';
import { VISIT_PLANNERS, VISITORS } from '../identity/permissions.js';
import { anyOf, codePrefix, idIn } from '../identity/scope.js';
import { checkFindings, openFollowUps } from './follow-ups.js';
import type {
  AssignBody,
  Compliance,
  ComplianceQuery,
  ComplianceRow,
  GenerateBody,
  GenerateResult,
  LifeEventBody,
  RecordBody,
  TaskPage,
  TaskQuery,
  TaskView,
} from './schemas.js';
import { settingFor } from './settings.js';

export interface VisitTier {
  tier: string;
  anyFlags?: string[];
  allFlags?: string[];
  minAge?: number;
  perMonth: number;
  everyMonths?: number;
}
export interface VisitFrequency {
  tiers: VisitTier[];
  lifeEventHours?: number;
}

/** Who reads the tasks and compliance of a place: its planners and its community workers. */
const READERS = [...VISIT_PLANNERS, 'community_worker'] as const;

/** The place asked for (default: the caller's own grant), inside the caller's reach, else 404. */
function placeOf(ctx: UseCaseContext, roles: readonly (typeof READERS)[number][], asked?: string): string {
  const scope = ctx.reach.places(roles);
  if (scope.none) throw new AppError('not_found');
  const own = ctx.actor.grants.find((g) => roles.includes(g.role as never) && g.jurisdictionCode)!.jurisdictionCode!;
  const code = asked ?? own;
  if (!scope.covers(codePrefix(code)) && !scope.covers(code)) throw new AppError('not_found', {}, 'jurisdiction');
  return code;
}

/**
 * Generates the month's routine visit tasks under a jurisdiction, district by district (each
 * district takes the frequency setting in force there): one INSERT … SELECT per district, and
 * a second run for the same month adds only what is missing.
 */
export async function generateVisitTasks(ctx: UseCaseContext, body: GenerateBody): Promise<GenerateResult> {
  if (!isMonth(body.month)) throw new AppError('invalid_format', { field: 'month' }, 'month');
  const code = placeOf(ctx, VISIT_PLANNERS, body.jurisdiction);
  const { created, total } = await insertMonthTasks(ctx.db, body.month, codePrefix(code));
  await recordAudit(ctx, {
    action: 'create',
    entityType: 'visit_task',
    districtCode: code.slice(0, 6),
    detail: { month: body.month, jurisdiction: code, created },
  });
  return { month: body.month, jurisdiction: code, created, total };
}

/**
 * The month's routine tasks for every target elder under a code prefix, district by district
 * (no access check: callers answer for it). Returns how many were added and how many exist.
 */
export async function insertMonthTasks(
  db: Db,
  month: string,
  prefix: string,
): Promise<{ created: number; total: number }> {
  const districts =
    prefix.length >= 6
      ? [prefix.slice(0, 6)]
      : (
          await db
            .selectFrom('jurisdictions')
            .select('code')
            .where('level', '=', 'district')
            .where('code', 'like', `${prefix}%`)
            .execute()
        ).map((r) => r.code);
  const start = monthStart(month);
  const end = monthEnd(month);
  const days = Number(end.slice(8, 10));
  const monthNo = Number(month.slice(5, 7));
  let created = 0;
  for (const district of districts) {
    const setting = await settingFor<VisitFrequency>(db, 'visits.frequency', district, start);
    if (!setting) continue;
    const r = await sql<{ n: number }>`
      WITH t AS (
        SELECT a.ord, a.x->>'tier' AS tier,
               ARRAY(SELECT jsonb_array_elements_text(coalesce(a.x->'anyFlags', '[]'::jsonb))) AS any_flags,
               ARRAY(SELECT jsonb_array_elements_text(coalesce(a.x->'allFlags', '[]'::jsonb))) AS all_flags,
               (a.x->>'minAge')::int AS min_age, (a.x->>'perMonth')::int AS per_month,
               coalesce((a.x->>'everyMonths')::int, 1) AS every
        FROM jsonb_array_elements(${JSON.stringify(setting.value.tiers)}::jsonb) WITH ORDINALITY AS a(x, ord)
      ), f AS (
        SELECT s.elder_id, array_agg(s.flag) AS flags FROM elder_status_flags s
        WHERE s.district_code = ${district} AND s.effective_from <= ${end}::date
          AND (s.effective_to IS NULL OR s.effective_to >= ${start}::date)
        GROUP BY s.elder_id
      ), pick AS (
        SELECT DISTINCT ON (e.id) e.id, e.community_code, e.street_code, e.district_code, t.tier, t.per_month, t.every
        FROM elders e
        LEFT JOIN f ON f.elder_id = e.id
        JOIN t ON coalesce(f.flags, '{}'::text[]) && t.any_flags
               OR (cardinality(t.all_flags) > 0 AND coalesce(f.flags, '{}'::text[]) @> t.all_flags)
               OR (t.min_age IS NOT NULL AND e.birth_date <= (${end}::date - make_interval(years => t.min_age))::date)
        WHERE e.district_code = ${district} AND e.community_code LIKE ${`${prefix}%`} AND e.status = 'active'
        ORDER BY e.id, t.ord
      ), ins AS (
        INSERT INTO visit_tasks (month, seq, elder_id, community_code, street_code, district_code, tier, due_on)
        SELECT ${month}, s.seq, p.id, p.community_code, p.street_code, p.district_code, p.tier,
               ${start}::date + (ceil(${days}::numeric * s.seq / p.per_month)::int - 1)
        FROM pick p CROSS JOIN LATERAL generate_series(1, p.per_month) AS s(seq)
        WHERE (${monthNo}::int - 1) % p.every = 0
        ON CONFLICT (month, elder_id, seq) WHERE kind = 'routine' DO NOTHING
        RETURNING 1
      )
      SELECT count(*)::bigint AS n FROM ins`.execute(db);
    created += Number(r.rows[0]?.n ?? 0);
  }
  const total = await db
    .selectFrom('visit_tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('month', '=', month)
    .where('community_code', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return { created, total: Number(total.n) };
}

/** An extra visit due within the setting's hours (24 h) after a discharge, a bereavement or an alarm. */
export async function lifeEventVisit(ctx: UseCaseContext, body: LifeEventBody): Promise<TaskView> {
  const elder = await ctx.db
    .selectFrom('elders')
    .select(['id', 'community_code', 'street_code', 'district_code', 'status'])
    .where('id', '=', body.elderId)
    .executeTakeFirst();
  const scope = ctx.reach.places(READERS);
  if (!elder || !scope.covers(elder.community_code)) throw new AppError('not_found', {}, 'elderId');
  const occurredOn = body.occurredOn ?? ctx.today;
  if (occurredOn > ctx.today) throw new AppError('out_of_range', { field: 'occurredOn' }, 'occurredOn');
  const setting = await settingFor<VisitFrequency>(ctx.db, 'visits.frequency', elder.community_code, occurredOn);
  const dueOn = addDays(occurredOn, Math.ceil((setting?.value.lifeEventHours ?? 24) / 24));
  const month = monthOf(dueOn);
  const seq = await ctx.db
    .selectFrom('visit_tasks')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('elder_id', '=', elder.id)
    .where('month', '=', month)
    .where('kind', '=', 'life_event')
    .executeTakeFirst();
  const row = await ctx.db
    .insertInto('visit_tasks')
    .values({
      month,
      kind: 'life_event',
      seq: Number(seq?.m ?? 0) + 1,
      elder_id: elder.id,
      community_code: elder.community_code,
      street_code: elder.street_code,
      district_code: elder.district_code,
      tier: 'life_event',
      reason: body.event,
      due_on: dueOn,
      note: body.note ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    action: 'create',
    entityType: 'visit_task',
    entityId: row.id,
    districtCode: elder.district_code,
    detail: { event: body.event },
  });
  return taskOrNotFound(ctx, row.id);
}

/** Tasks the caller reaches: their places (planners, community workers) or assigned to them (volunteers). */
function taskScope(ctx: UseCaseContext) {
  return anyOf([
    ctx.reach.places(READERS).inJurisdiction('t.community_code'),
    idIn('t.assignee_user_id', ctx.actor.grants.some((g) => VISITORS.includes(g.role)) ? [ctx.actor.userId] : []),
  ]);
}

function tasks(ctx: UseCaseContext) {
  return ctx.db.selectFrom('visit_tasks as t').innerJoin('elders as e', 'e.id', 't.elder_id').where(taskScope(ctx));
}

type TaskRow = {
  id: number;
  month: string;
  kind: 'routine' | 'life_event';
  seq: number;
  elder_id: number;
  elder_name: string;
  address: string;
  community_code: string;
  tier: string;
  reason: TaskView['reason'];
  due_on: string;
  assignee_user_id: number | null;
  status: 'open' | 'done';
  method: TaskView['method'];
  visited_on: string | null;
  findings: unknown;
  note: string | null;
};

const taskView = (r: TaskRow, today: string): TaskView => ({
  id: r.id,
  month: r.month,
  kind: r.kind,
  seq: r.seq,
  elderId: r.elder_id,
  elderName: r.elder_name,
  address: r.address,
  communityCode: r.community_code,
  tier: r.tier,
  reason: r.reason,
  dueOn: r.due_on,
  overdue: r.status === 'open' && r.due_on < today,
  assigneeUserId: r.assignee_user_id,
  status: r.status,
  method: r.method,
  visitedOn: r.visited_on,
  findings: (r.findings as TaskView['findings']) ?? [],
  note: r.note,
});

const TASK_COLUMNS = [
  't.id',
  't.month',
  't.kind',
  't.seq',
  't.elder_id',
  'e.name as elder_name',
  'e.address',
  't.community_code',
  't.tier',
  't.reason',
  't.due_on',
  't.assignee_user_id',
  't.status',
  't.method',
  't.visited_on',
  't.findings',
  't.note',
] as const;

async function taskOrNotFound(ctx: UseCaseContext, id: number): Promise<TaskView> {
  const row = await tasks(ctx).select(TASK_COLUMNS).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return taskView(row, ctx.today);
}

/**
 * The area filter of a task list as a code prefix: a community, street, district or city code
 * (a city or district code is padded with zeros, hence the prefix). The area must meet the
 * caller's reach, inside it or around it (a street's worker asking for the district sees their
 * street); an area apart from every grant answers 404, as compliance does.
 */
function areaPrefix(ctx: UseCaseContext, area: string): string {
  const prefix = codePrefix(area);
  const grants = ctx.reach.places([...READERS, ...VISITORS]).prefixes;
  if (!grants.some((g) => g.startsWith(prefix) || prefix.startsWith(g)))
    throw new AppError('not_found', {}, 'community');
  return prefix;
}

export async function listTasks(ctx: UseCaseContext, q: TaskQuery): Promise<TaskPage> {
  let query = tasks(ctx).where('t.month', '=', q.month ?? monthOf(ctx.today));
  if (q.community) query = query.where('t.community_code', 'like', `${areaPrefix(ctx, q.community)}%`);
  if (q.status) query = query.where('t.status', '=', q.status);
  if (q.overdue) query = query.where('t.status', '=', 'open').where('t.due_on', '<', ctx.today);
  if (q.mine) query = query.where('t.assignee_user_id', '=', ctx.actor.userId);
  const pageSize = 200;
  const [rows, n] = await Promise.all([
    query
      .select(TASK_COLUMNS)
      .orderBy('t.due_on')
      .orderBy('t.id')
      .limit(pageSize)
      .offset(((q.page ?? 1) - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, { action: 'list', entityType: 'visit_task', detail: { ...q } });
  return { items: rows.map((r) => taskView(r, ctx.today)), total: Number(n.n) };
}

export async function assignTask(ctx: UseCaseContext, id: number, body: AssignBody): Promise<TaskView> {
  const task = await taskOrNotFound(ctx, id);
  if (!ctx.reach.places(READERS).covers(task.communityCode)) throw new AppError('forbidden');
  if (task.status === 'done') throw new AppError('visit_task_done');
  const grants = await ctx.db
    .selectFrom('role_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.role', 'g.jurisdiction_code'])
    .where('g.user_id', '=', body.assigneeUserId)
    .where('u.disabled', '=', false)
    .where('g.role', 'in', [...VISITORS])
    .execute();
  const covers = grants.some(
    (g) => g.jurisdiction_code && task.communityCode.startsWith(codePrefix(g.jurisdiction_code)),
  );
  if (!covers) throw new AppError('visit_assignee_out_of_reach', {}, 'assigneeUserId');
  await ctx.db.updateTable('visit_tasks').set({ assignee_user_id: body.assigneeUserId }).where('id', '=', id).execute();
  return taskOrNotFound(ctx, id);
}

export async function recordVisit(ctx: UseCaseContext, id: number, body: RecordBody): Promise<TaskView> {
  const task = await taskOrNotFound(ctx, id);
  const visitedOn = body.visitedOn ?? ctx.today;
  if (visitedOn > ctx.today) throw new AppError('out_of_range', { field: 'visitedOn' }, 'visitedOn');
  if (visitedOn < monthStart(task.month) && task.kind === 'routine')
    throw new AppError('out_of_range', { field: 'visitedOn' }, 'visitedOn');
  const findings = body.findings ?? [];
  await checkFindings(ctx, findings);
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const done = await tx
      .updateTable('visit_tasks')
      .set({
        status: 'done',
        method: body.method,
        visited_on: visitedOn,
        findings: JSON.stringify(findings),
        note: body.note ?? task.note,
        done_by: ctx.actor.userId,
        done_at: ctx.now.toISOString(),
      })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returning('district_code')
      .executeTakeFirst();
    if (!done) throw new AppError('visit_task_done');
    const followUps = await openFollowUps(
      t,
      { id, elderId: task.elderId, communityCode: task.communityCode, districtCode: done.district_code },
      findings,
    );
    await recordAudit(t, {
      action: 'update',
      entityType: 'visit_task',
      entityId: id,
      districtCode: done.district_code,
      detail: { method: body.method, findings: findings.length, followUps },
    });
  });
  return taskOrNotFound(ctx, id);
}

/** The level below a code: a city's districts, a district's streets, a street's communities. */
function childColumn(code: string): 'district_code' | 'street_code' | 'community_code' {
  const p = codePrefix(code);
  if (p.length <= 4) return 'district_code';
  if (p.length === 6) return 'street_code';
  return 'community_code';
}

const TARGET_RATE = 100;

/** Done against due per child area of the place asked for (no audit: callers log what they do with it). */
async function complianceOf(ctx: UseCaseContext, q: ComplianceQuery): Promise<Compliance> {
  const code = placeOf(ctx, [...READERS], q.jurisdiction);
  const month = q.month ?? monthOf(ctx.today);
  const column = childColumn(code);
  const rows = await sql<{ code: string; name: string | null; due: number; done: number; overdue: number }>`
    SELECT g.code, j.name, g.due, g.done, g.overdue FROM (
      SELECT t.${sql.ref(column)} AS code, count(*)::bigint AS due,
             count(*) FILTER (WHERE t.status = 'done')::bigint AS done,
             count(*) FILTER (WHERE t.status = 'open' AND t.due_on < ${ctx.today}::date)::bigint AS overdue
      FROM visit_tasks t
      WHERE t.month = ${month} AND ${sql<SqlBool>`t.community_code LIKE ${`${codePrefix(code)}%`}`}
      GROUP BY 1
    ) g LEFT JOIN jurisdictions j ON j.code = g.code
    ORDER BY g.code`.execute(ctx.db);
  const row = (c: string, name: string, due: number, done: number, overdue: number): ComplianceRow => {
    const rate = due ? Math.round((done * 10_000) / due) / 100 : null;
    return { code: c, name, due, done, overdue, rate, met: rate !== null && rate >= TARGET_RATE };
  };
  const items = rows.rows.map((r) => row(r.code, r.name ?? r.code, Number(r.due), Number(r.done), Number(r.overdue)));
  const place = await ctx.db.selectFrom('jurisdictions').select('name').where('code', '=', code).executeTakeFirst();
  const sum = (k: 'due' | 'done' | 'overdue') => items.reduce((s, r) => s + r[k], 0);
  return {
    month,
    jurisdiction: code,
    targetRate: TARGET_RATE,
    total: row(code, place?.name ?? code, sum('due'), sum('done'), sum('overdue')),
    rows: items,
  };
}

export async function visitCompliance(ctx: UseCaseContext, q: ComplianceQuery): Promise<Compliance> {
  const result = await complianceOf(ctx, q);
  await recordAudit(ctx, {
    action: 'list',
    entityType: 'visit_compliance',
    districtCode: result.jurisdiction.slice(0, 6),
    detail: { month: result.month, code: result.jurisdiction },
  });
  return result;
}

/** The most overdue tasks one export lists; a narrower place gets the rest. */
export const VISIT_EXPORT_MAX_ROWS = 50_000;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

const TIER_ZH: Record<string, string> = { high: '高风险', key: '重点对象', other: '其他', life_event: '生活事件' };

/**
 * The compliance report as an .xlsx: a sheet of done against due per area (with the place's total)
 * and the overdue list (at most VISIT_EXPORT_MAX_ROWS tasks, oldest due first). The export is logged.
 */
export async function exportCompliance(
  ctx: UseCaseContext,
  q: ComplianceQuery,
): Promise<{ file: Buffer; overdue: number; truncated: boolean; month: string; jurisdiction: string }> {
  const report = await complianceOf(ctx, q);
  const found = await ctx.db
    .selectFrom('visit_tasks as t')
    .innerJoin('elders as e', 'e.id', 't.elder_id')
    .leftJoin('jurisdictions as c', 'c.code', 't.community_code')
    .leftJoin('jurisdictions as s', 's.code', 't.street_code')
    .leftJoin('users as u', 'u.id', 't.assignee_user_id')
    .select([
      't.id',
      'e.name as elder_name',
      'e.address',
      's.name as street_name',
      'c.name as community_name',
      't.tier',
      't.due_on',
      'u.display_name as assignee',
    ])
    .where('t.month', '=', report.month)
    .where('t.community_code', 'like', `${codePrefix(report.jurisdiction)}%`)
    .where('t.status', '=', 'open')
    .where('t.due_on', '<', ctx.today)
    .orderBy('t.due_on')
    .orderBy('t.id')
    .limit(VISIT_EXPORT_MAX_ROWS + 1)
    .execute();
  const truncated = found.length > VISIT_EXPORT_MAX_ROWS;
  const overdue = found.slice(0, VISIT_EXPORT_MAX_ROWS);
  const file = await workbookBuffer([
    sheetOf<ComplianceRow>(
      '探访完成率',
      [
        { header: '辖区代码', value: (r) => r.code },
        { header: '辖区', width: 20, value: (r) => r.name },
        { header: '应访', width: 10, value: (r) => r.due },
        { header: '已访', width: 10, value: (r) => r.done },
        { header: '逾期', width: 10, value: (r) => r.overdue },
        { header: '完成率（%）', width: 12, value: (r) => r.rate ?? '' },
        { header: '是否达标', width: 10, value: (r) => (r.met ? '达标' : '未达标') },
      ],
      [...report.rows, { ...report.total, name: `合计（${report.total.name}）` }],
    ),
    sheetOf(
      '逾期名单',
      [
        { header: '任务编号', width: 10, value: (r) => r.id },
        { header: '老人姓名', width: 12, value: (r) => r.elder_name },
        { header: '街道', width: 16, value: (r) => r.street_name ?? '' },
        { header: '社区', width: 18, value: (r) => r.community_name ?? '' },
        { header: '住址', width: 30, value: (r) => r.address },
        { header: '风险等级', width: 10, value: (r) => TIER_ZH[r.tier] ?? r.tier },
        { header: '应访日期', width: 12, value: (r) => r.due_on },
        { header: '逾期天数', width: 10, value: (r) => daysBetween(r.due_on, ctx.today) },
        { header: '探访人', width: 12, value: (r) => r.assignee ?? '未指派' },
      ],
      overdue,
    ),
  ]);
  await recordAudit(ctx, {
    action: 'export',
    entityType: 'visit_compliance',
    districtCode: report.jurisdiction.slice(0, 6),
    detail: { month: report.month, code: report.jurisdiction, overdue: overdue.length, truncated },
  });
  return { file, overdue: overdue.length, truncated, month: report.month, jurisdiction: report.jurisdiction };
}
