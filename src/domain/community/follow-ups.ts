// 探访 follow-ups: a recorded visit's findings name risk items from the catalogue (data, with zh and
// en names); a finding that asks for a follow-up (an assessment request, a home-care order
// suggestion, a device installation request) opens one, listed per community until it is closed,
// with who closed it and when. Read and closed by the planners and community workers of the place.
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { VISIT_PLANNERS } from '../identity/permissions.js';
import { codePrefix } from '../identity/scope.js';
import type { CloseFollowUpBody, Finding, FollowUpPage, FollowUpQuery, FollowUpView, RiskItemList } from './schemas.js';

const KEEPERS = [...VISIT_PLANNERS, 'community_worker'] as const;

export async function listRiskItems(ctx: UseCaseContext): Promise<RiskItemList> {
  const rows = await ctx.db
    .selectFrom('visit_risk_items')
    .select(['code', 'name_zh', 'name_en', 'follow_up'])
    .where('active', '=', true)
    .orderBy('sort')
    .limit(200)
    .execute();
  return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, followUp: r.follow_up }));
}

/** Every finding names an active catalogue item, else 400 naming the finding. */
export async function checkFindings(ctx: UseCaseContext, findings: readonly Finding[]): Promise<void> {
  if (!findings.length) return;
  const known = await ctx.db
    .selectFrom('visit_risk_items')
    .select('code')
    .where('active', '=', true)
    .where(
      'code',
      'in',
      findings.map((f) => f.item),
    )
    .execute();
  const codes = new Set(known.map((k) => k.code));
  const bad = findings.findIndex((f) => !codes.has(f.item));
  if (bad >= 0) throw new AppError('not_allowed_value', { field: `findings/${bad}/item` }, `findings/${bad}/item`);
}

/** Inside the recording transaction: one open follow-up per finding that asks for one. */
export async function openFollowUps(
  ctx: UseCaseContext,
  task: { id: number; elderId: number; communityCode: string; districtCode: string },
  findings: readonly Finding[],
): Promise<number> {
  const rows = findings.flatMap((f, i) =>
    f.followUp
      ? [
          {
            task_id: task.id,
            finding_index: i,
            elder_id: task.elderId,
            community_code: task.communityCode,
            district_code: task.districtCode,
            kind: f.followUp,
            risk_item: f.item,
            note: f.note ?? null,
            opened_by: ctx.actor.userId,
            opened_at: ctx.now.toISOString(),
          },
        ]
      : [],
  );
  if (!rows.length) return 0;
  const done = await ctx.db
    .insertInto('visit_follow_ups')
    .values(rows)
    .onConflict((oc) => oc.columns(['task_id', 'finding_index']).doNothing())
    .returning('id')
    .execute();
  return done.length;
}

function followUps(ctx: UseCaseContext) {
  return ctx.db
    .selectFrom('visit_follow_ups as f')
    .innerJoin('elders as e', 'e.id', 'f.elder_id')
    .innerJoin('visit_risk_items as r', 'r.code', 'f.risk_item')
    .leftJoin('jurisdictions as j', 'j.code', 'f.community_code')
    .leftJoin('users as o', 'o.id', 'f.opened_by')
    .leftJoin('users as c', 'c.id', 'f.closed_by')
    .where(ctx.reach.places(KEEPERS).inJurisdiction('f.community_code'));
}

const COLUMNS = [
  'f.id',
  'f.task_id',
  'f.elder_id',
  'e.name as elder_name',
  'f.community_code',
  'j.name as community_name',
  'f.kind',
  'f.risk_item',
  'r.name_zh',
  'r.name_en',
  'f.note',
  'f.status',
  'o.display_name as opened_by',
  'f.opened_at',
  'c.display_name as closed_by',
  'f.closed_at',
  'f.close_note',
] as const;

const iso = (v: Date | string | null) => (v == null ? null : new Date(v).toISOString());

type Row = {
  id: number;
  task_id: number;
  elder_id: number;
  elder_name: string;
  community_code: string;
  community_name: string | null;
  kind: FollowUpView['kind'];
  risk_item: string;
  name_zh: string;
  name_en: string;
  note: string | null;
  status: 'open' | 'done';
  opened_by: string | null;
  opened_at: Date | string;
  closed_by: string | null;
  closed_at: Date | string | null;
  close_note: string | null;
};

const view = (r: Row): FollowUpView => ({
  id: r.id,
  taskId: r.task_id,
  elderId: r.elder_id,
  elderName: r.elder_name,
  communityCode: r.community_code,
  communityName: r.community_name,
  kind: r.kind,
  riskItem: r.risk_item,
  riskItemZh: r.name_zh,
  riskItemEn: r.name_en,
  note: r.note,
  status: r.status,
  openedBy: r.opened_by,
  openedAt: iso(r.opened_at)!,
  closedBy: r.closed_by,
  closedAt: iso(r.closed_at),
  closeNote: r.close_note,
});

export async function listFollowUps(ctx: UseCaseContext, q: FollowUpQuery): Promise<FollowUpPage> {
  if (ctx.reach.places(KEEPERS).none) throw new AppError('not_found');
  let query = followUps(ctx);
  if (q.community) query = query.where('f.community_code', 'like', `${codePrefix(q.community)}%`);
  if (q.status) query = query.where('f.status', '=', q.status);
  if (q.kind) query = query.where('f.kind', '=', q.kind);
  const pageSize = 200;
  const [rows, n] = await Promise.all([
    query
      .select(COLUMNS)
      .orderBy('f.status', 'desc')
      .orderBy('f.id', 'desc')
      .limit(pageSize)
      .offset(((q.page ?? 1) - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, { action: 'list', entityType: 'visit_follow_up', detail: { ...q } });
  return { items: rows.map(view), total: Number(n.n) };
}

export async function closeFollowUp(ctx: UseCaseContext, id: number, body: CloseFollowUpBody): Promise<FollowUpView> {
  const found = await followUps(ctx).select(['f.id', 'f.district_code']).where('f.id', '=', id).executeTakeFirst();
  if (!found) throw new AppError('not_found');
  const done = await ctx.db
    .updateTable('visit_follow_ups')
    .set({
      status: 'done',
      closed_by: ctx.actor.userId,
      closed_at: ctx.now.toISOString(),
      close_note: body.note ?? null,
    })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  if (!done) throw new AppError('visit_follow_up_done');
  await recordAudit(ctx, {
    action: 'update',
    entityType: 'visit_follow_up',
    entityId: id,
    districtCode: found.district_code,
    detail: { closed: true },
  });
  const row = await followUps(ctx).select(COLUMNS).where('f.id', '=', id).executeTakeFirstOrThrow();
  return view(row);
}
