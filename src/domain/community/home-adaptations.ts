// 适老化改造: home adaptation for households of elders with a funded status (特困, 低保 …, from the
// subsidy setting in force). A project opens per household (once, unless cancelled), the home
// assessment lists items from the catalogue with their unit costs (each at most the item's cap),
// the subsidy is the setting's share of the cost up to its cap per household, a contractor
// organisation does the works, and acceptance (验收) records photos and pays the subsidy from the
// district budget to the contractor in one ledger posting keyed by the project (paid once, ever).
// "应改尽改" progress per area compares the households eligible today with those whose project was accepted.
import { type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { monthOf } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext, userIdOf } from '../identity/context.js';
import { HOME_ADAPTATION_READERS, HOME_ADAPTATION_WRITERS } from '../identity/permissions.js';
import { codePrefix } from '../identity/scope.js';
import { ensureAccount } from '../ledger/accounts.js';
import { checkFunds } from '../ledger/posting.js';
import { move } from '../ledger/transfers.js';
import { budgetAccounts } from '../subsidies/post.js';
import type {
  AdaptationAcceptBody,
  AdaptationAssessBody,
  AdaptationContractBody,
  AdaptationItemList,
  AdaptationPage,
  AdaptationQuery,
  AdaptationSummary,
  AdaptationView,
  OpenAdaptationBody,
  Progress,
  ProgressQuery,
  ProgressRow,
} from './schemas.js';
import { settingFor } from './settings.js';
import type { AdaptationStatus } from './tables.js';

export interface AdaptationTier {
  name: string;
  anyFlags: string[];
  sharePct: number;
  capFen: number;
}

/** The highest-capped tier the household's flags match, or null (pure). */
export function adaptationTier(tiers: readonly AdaptationTier[], flags: readonly string[]): AdaptationTier | null {
  let best: AdaptationTier | null = null;
  for (const t of tiers) if (t.anyFlags.some((f) => flags.includes(f)) && (!best || t.capFen > best.capFen)) best = t;
  return best;
}

/** The subsidy for a cost: the tier's share, rounded down to the fen, at most its cap (pure). */
export const adaptationSubsidy = (costFen: number, tier: { sharePct: number; capFen: number }) =>
  Math.min(Math.floor((costFen * tier.sharePct) / 100), tier.capFen);

const STATUS_ZH: Record<AdaptationStatus, string> = {
  applied: '已申请',
  assessed: '已入户评估',
  contracted: '已确定施工单位',
  accepted: '已验收',
  cancelled: '已取消',
};
const ACTION_ZH = { assess: '入户评估', contract: '确定施工单位', accept: '验收' } as const;

export async function listAdaptationItems(ctx: UseCaseContext): Promise<AdaptationItemList> {
  const rows = await ctx.db
    .selectFrom('home_adaptation_items')
    .selectAll()
    .where('active', '=', true)
    .orderBy('sort')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    unitZh: r.unit_zh,
    unitEn: r.unit_en,
    unitCapFen: Number(r.unit_cap_fen),
  }));
}

function projects(ctx: UseCaseContext) {
  return ctx.db
    .selectFrom('home_adaptation_projects as p')
    .innerJoin('elders as e', 'e.id', 'p.elder_id')
    .leftJoin('jurisdictions as j', 'j.code', 'p.community_code')
    .where(ctx.reach.places(HOME_ADAPTATION_READERS).inJurisdiction('p.community_code'));
}

const SUMMARY = [
  'p.id',
  'p.elder_id',
  'e.name as elder_name',
  'p.community_code',
  'j.name as community_name',
  'p.status',
  'p.tier',
  'p.applied_on',
  'p.cost_fen',
  'p.subsidy_fen',
  'p.accepted_on',
] as const;

type SummaryRow = {
  id: number;
  elder_id: number;
  elder_name: string;
  community_code: string;
  community_name: string | null;
  status: AdaptationStatus;
  tier: string;
  applied_on: string;
  cost_fen: number;
  subsidy_fen: number;
  accepted_on: string | null;
};

const summary = (r: SummaryRow): AdaptationSummary => ({
  id: r.id,
  elderId: r.elder_id,
  elderName: r.elder_name,
  communityCode: r.community_code,
  communityName: r.community_name,
  status: r.status,
  tier: r.tier,
  appliedOn: r.applied_on,
  costFen: Number(r.cost_fen),
  subsidyFen: Number(r.subsidy_fen),
  acceptedOn: r.accepted_on,
});

/** A project in reach with its items, else 404 (the same answer as a missing id). */
async function viewOf(ctx: UseCaseContext, id: number): Promise<AdaptationView> {
  const row = await projects(ctx)
    .leftJoin('organisations as o', 'o.id', 'p.contractor_organisation_id')
    .select([
      ...SUMMARY,
      'p.share_pct',
      'p.cap_fen',
      'p.assessed_on',
      'p.assessment_note',
      'p.contractor_organisation_id',
      'o.name as contractor_name',
      'p.contracted_on',
      'p.acceptance_note',
      'p.photos',
      'p.subsidy_transfer_id',
      'p.subsidy_paid_on',
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const items = await ctx.db
    .selectFrom('home_adaptation_project_items as i')
    .innerJoin('home_adaptation_items as c', 'c.code', 'i.item_code')
    .select(['i.item_code', 'c.name_zh', 'c.name_en', 'i.quantity', 'i.unit_cost_fen', 'i.total_fen'])
    .where('i.project_id', '=', id)
    .orderBy('c.sort')
    .execute();
  const transfer =
    row.subsidy_transfer_id == null
      ? undefined
      : await ctx.db
          .selectFrom('ledger_transfers')
          .select(['id', 'idempotency_key', 'amount', 'debit_account_id', 'credit_account_id'])
          .where('id', '=', row.subsidy_transfer_id)
          .executeTakeFirst();
  const base = summary(row);
  return {
    ...base,
    sharePct: row.share_pct,
    capFen: Number(row.cap_fen),
    selfPayFen: base.costFen - base.subsidyFen,
    assessedOn: row.assessed_on,
    assessmentNote: row.assessment_note,
    contractorOrganisationId: row.contractor_organisation_id,
    contractorName: row.contractor_name,
    contractedOn: row.contracted_on,
    acceptanceNote: row.acceptance_note,
    photos: (row.photos as string[]) ?? [],
    items: items.map((i) => ({
      code: i.item_code,
      nameZh: i.name_zh,
      nameEn: i.name_en,
      quantity: i.quantity,
      unitCostFen: Number(i.unit_cost_fen),
      totalFen: Number(i.total_fen),
    })),
    payment: transfer
      ? {
          transferId: Number(transfer.id),
          idempotencyKey: transfer.idempotency_key,
          amountFen: Number(transfer.amount),
          debitAccountId: Number(transfer.debit_account_id),
          creditAccountId: Number(transfer.credit_account_id),
          paidOn: row.subsidy_paid_on!,
        }
      : null,
  };
}

export async function getAdaptation(ctx: UseCaseContext, id: number): Promise<AdaptationView> {
  const view = await viewOf(ctx, id);
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'home_adaptation',
    entityId: id,
    districtCode: view.communityCode.slice(0, 6),
  });
  return view;
}

export async function listAdaptations(ctx: UseCaseContext, q: AdaptationQuery): Promise<AdaptationPage> {
  let query = projects(ctx);
  if (q.elderId) query = query.where('p.elder_id', '=', q.elderId);
  if (q.community) query = query.where('p.community_code', 'like', `${q.community}%`);
  if (q.status) query = query.where('p.status', '=', q.status);
  const pageSize = 200;
  const [rows, n] = await Promise.all([
    query
      .select(SUMMARY)
      .orderBy('p.id', 'desc')
      .limit(pageSize)
      .offset(((q.page ?? 1) - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, { action: 'list', entityType: 'home_adaptation', detail: { ...q } });
  return { items: rows.map(summary), total: Number(n.n) };
}

/** The household's project opens at the tier its status flags match today, once (unless cancelled). */
export async function openAdaptation(ctx: UseCaseContext, body: OpenAdaptationBody): Promise<AdaptationView> {
  const elder = await ctx.db
    .selectFrom('elders')
    .select(['id', 'community_code', 'street_code', 'district_code', 'status'])
    .where('id', '=', body.elderId)
    .executeTakeFirst();
  if (!elder || !ctx.reach.places(HOME_ADAPTATION_WRITERS).covers(elder.community_code))
    throw new AppError('not_found', {}, 'elderId');
  if (elder.status !== 'active') throw new AppError('hcb_elder_inactive', {}, 'elderId');
  const [setting, flags] = await Promise.all([
    settingFor<{ tiers: AdaptationTier[] }>(ctx.db, 'homeAdaptation.subsidy', elder.community_code, ctx.today),
    ctx.db
      .selectFrom('elder_status_flags')
      .select('flag')
      .where('elder_id', '=', elder.id)
      .where('effective_from', '<=', ctx.today)
      .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', ctx.today)]))
      .execute(),
  ]);
  if (!setting) throw new AppError('ha_no_setting');
  const tier = adaptationTier(
    setting.value.tiers,
    flags.map((f) => f.flag),
  );
  if (!tier) throw new AppError('ha_not_eligible', {}, 'elderId');
  const id = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('home_adaptation_projects')
      .values({
        elder_id: elder.id,
        district_code: elder.district_code,
        street_code: elder.street_code,
        community_code: elder.community_code,
        tier: tier.name,
        setting_id: setting.id,
        share_pct: tier.sharePct,
        cap_fen: tier.capFen,
        applied_on: ctx.today,
        assessment_note: body.note ?? null,
        created_by: ctx.actor.userId,
      })
      .onConflict((oc) => oc.column('elder_id').where('status', '<>', 'cancelled').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) {
      const open = await tx
        .selectFrom('home_adaptation_projects')
        .select('id')
        .where('elder_id', '=', elder.id)
        .where('status', '<>', 'cancelled')
        .executeTakeFirstOrThrow();
      throw new AppError('ha_open_exists', { id: open.id });
    }
    await recordAudit(inTransaction(ctx, tx), {
      action: 'create',
      entityType: 'home_adaptation',
      entityId: row.id,
      districtCode: elder.district_code,
      detail: { elderId: elder.id, tier: tier.name },
    });
    return row.id;
  });
  return viewOf(ctx, id);
}

/** The project in reach for a write, locked, in one of the states the step starts from. */
async function forStep(
  ctx: UseCaseContext,
  id: number,
  action: keyof typeof ACTION_ZH,
  from: readonly AdaptationStatus[],
) {
  const row = await ctx.db
    .selectFrom('home_adaptation_projects')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || !ctx.reach.places(HOME_ADAPTATION_WRITERS).covers(row.community_code)) throw new AppError('not_found');
  if (!from.includes(row.status))
    throw new AppError('ha_state', {
      status: ctx.lang === 'en' ? row.status : STATUS_ZH[row.status],
      action: ctx.lang === 'en' ? action : ACTION_ZH[action],
    });
  return row;
}

/**
 * The home assessment: the items to fit, each from the catalogue at a unit cost within its cap; the
 * cost and the subsidy follow. Repeatable until a contractor is chosen (the list is replaced).
 */
export async function assessAdaptation(
  ctx: UseCaseContext,
  id: number,
  body: AdaptationAssessBody,
): Promise<AdaptationView> {
  const onDate = body.assessedOn ?? ctx.today;
  if (onDate > ctx.today) throw new AppError('out_of_range', { field: 'assessedOn' }, 'assessedOn');
  const seen = new Set<string>();
  body.items.forEach((i, n) => {
    if (seen.has(i.code)) throw new AppError('not_allowed_value', { field: `items/${n}/code` }, `items/${n}/code`);
    seen.add(i.code);
  });
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const project = await forStep(t, id, 'assess', ['applied', 'assessed']);
    const catalogue = await tx
      .selectFrom('home_adaptation_items')
      .select(['code', 'name_zh', 'name_en', 'unit_cap_fen'])
      .where('active', '=', true)
      .where(
        'code',
        'in',
        body.items.map((i) => i.code),
      )
      .execute();
    body.items.forEach((i, n) => {
      const item = catalogue.find((c) => c.code === i.code);
      if (!item) throw new AppError('not_allowed_value', { field: `items/${n}/code` }, `items/${n}/code`);
      if (i.unitCostFen > Number(item.unit_cap_fen))
        throw new AppError(
          'ha_item_over_cap',
          {
            item: ctx.lang === 'en' ? item.name_en : item.name_zh,
            unitCostFen: i.unitCostFen,
            capFen: Number(item.unit_cap_fen),
          },
          `items/${n}/unitCostFen`,
        );
    });
    const cost = body.items.reduce((s, i) => s + i.quantity * i.unitCostFen, 0);
    const subsidy = adaptationSubsidy(cost, { sharePct: project.share_pct, capFen: Number(project.cap_fen) });
    await tx.deleteFrom('home_adaptation_project_items').where('project_id', '=', id).execute();
    await tx
      .insertInto('home_adaptation_project_items')
      .values(
        body.items.map((i) => ({
          project_id: id,
          item_code: i.code,
          quantity: i.quantity,
          unit_cost_fen: i.unitCostFen,
          total_fen: i.quantity * i.unitCostFen,
        })),
      )
      .execute();
    await tx
      .updateTable('home_adaptation_projects')
      .set({
        status: 'assessed',
        assessed_on: onDate,
        assessment_note: body.note ?? project.assessment_note,
        cost_fen: cost,
        subsidy_fen: subsidy,
        updated_at: ctx.now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(t, {
      action: 'update',
      entityType: 'home_adaptation',
      entityId: id,
      districtCode: project.district_code,
      detail: { step: 'assess', items: body.items.length, costFen: cost, subsidyFen: subsidy },
    });
  });
  return viewOf(ctx, id);
}

export async function contractAdaptation(
  ctx: UseCaseContext,
  id: number,
  body: AdaptationContractBody,
): Promise<AdaptationView> {
  const onDate = body.contractedOn ?? ctx.today;
  if (onDate > ctx.today) throw new AppError('out_of_range', { field: 'contractedOn' }, 'contractedOn');
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const project = await forStep(t, id, 'contract', ['assessed']);
    const org = await tx
      .selectFrom('organisations')
      .select(['id', 'jurisdiction_code'])
      .where('id', '=', body.contractorOrganisationId)
      .executeTakeFirst();
    if (!org || !ctx.reach.places(HOME_ADAPTATION_WRITERS).covers(org.jurisdiction_code))
      throw new AppError('not_found', {}, 'contractorOrganisationId');
    await tx
      .updateTable('home_adaptation_projects')
      .set({
        status: 'contracted',
        contractor_organisation_id: org.id,
        contracted_on: onDate,
        updated_at: ctx.now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(t, {
      action: 'update',
      entityType: 'home_adaptation',
      entityId: id,
      districtCode: project.district_code,
      detail: { step: 'contract', contractorOrganisationId: org.id },
    });
  });
  return viewOf(ctx, id);
}

/** Acceptance (验收) with photos of the works: the household counts as adapted from here on. */
export async function acceptAdaptation(
  ctx: UseCaseContext,
  id: number,
  body: AdaptationAcceptBody,
): Promise<AdaptationView> {
  const onDate = body.acceptedOn ?? ctx.today;
  if (onDate > ctx.today) throw new AppError('out_of_range', { field: 'acceptedOn' }, 'acceptedOn');
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const project = await forStep(t, id, 'accept', ['contracted']);
    if (project.contracted_on && onDate < project.contracted_on)
      throw new AppError('out_of_range', { field: 'acceptedOn' }, 'acceptedOn');
    const paid = await paySubsidy(t, tx, project, onDate);
    await tx
      .updateTable('home_adaptation_projects')
      .set({
        status: 'accepted',
        accepted_on: onDate,
        acceptance_note: body.note ?? null,
        photos: JSON.stringify(body.photos),
        subsidy_transfer_id: paid?.id ?? null,
        subsidy_paid_on: paid ? onDate : null,
        updated_at: ctx.now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(t, {
      action: 'update',
      entityType: 'home_adaptation',
      entityId: id,
      districtCode: project.district_code,
      detail: {
        step: 'accept',
        photos: body.photos.length,
        ...(paid ? { subsidyFen: paid.amount, transferId: paid.id } : {}),
      },
    });
  });
  return viewOf(ctx, id);
}

export const adaptationPaymentKey = (projectId: number) => `sys:ha:subsidy:p${projectId}`;

/**
 * The subsidy to the contractor, from the district budget, in the acceptance's transaction: the
 * budget is checked first (short: refused naming the account, nothing written), and the key is
 * per project, so a retried or concurrent acceptance finds it posted and pays nothing again.
 */
async function paySubsidy(
  ctx: UseCaseContext,
  tx: Transaction<DB>,
  project: { id: number; district_code: string; subsidy_fen: number; contractor_organisation_id: number | null },
  onDate: string,
): Promise<{ id: number; amount: number } | null> {
  const amount = Number(project.subsidy_fen);
  if (amount <= 0) return null;
  if (project.contractor_organisation_id == null)
    throw new AppError('required', { field: 'contractorOrganisationId' }, 'contractorOrganisationId');
  const org = await tx
    .selectFrom('organisations')
    .select(['id', 'name', 'jurisdiction_code', 'district_code'])
    .where('id', '=', project.contractor_organisation_id)
    .executeTakeFirstOrThrow();
  const budgets = await budgetAccounts(tx, project.district_code);
  const payee = await ensureAccount(tx, {
    type: 'provider',
    currency: 'CNY_FEN',
    name: org.name,
    ownerType: 'organisation',
    ownerId: org.id,
    jurisdictionCode: org.jurisdiction_code,
    districtCode: org.district_code,
  });
  const key = adaptationPaymentKey(project.id);
  const before = await tx
    .selectFrom('ledger_transfers')
    .select(['id', 'amount'])
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (before) return { id: Number(before.id), amount: Number(before.amount) };
  await checkFunds(tx, [{ accountId: budgets.district, amountFen: amount }]);
  const paid = await move(tx, {
    kind: 'posted',
    debitAccountId: budgets.district,
    creditAccountId: payee.account.id,
    amount,
    key,
    reason: 'subsidy',
    memo: `适老化改造 #${project.id} 改造补贴`,
    createdBy: userIdOf(ctx),
    provenance: { programme: 'homeAdaptation.subsidy', period: monthOf(onDate), districtCode: project.district_code },
  });
  return { id: Number(paid.transfer.id), amount };
}

/** The level below a code: a city's districts, a district's streets, a street's communities. */
function childColumn(code: string): 'district_code' | 'street_code' | 'community_code' {
  const p = codePrefix(code);
  if (p.length <= 4) return 'district_code';
  if (p.length === 6) return 'street_code';
  return 'community_code';
}

/**
 * 应改尽改 per area under the place: households eligible today (an active elder with a status the
 * setting in force at the place funds), and of them those with an accepted project or one under way.
 */
export async function adaptationProgress(ctx: UseCaseContext, q: ProgressQuery): Promise<Progress> {
  const scope = ctx.reach.places(HOME_ADAPTATION_READERS);
  if (scope.none) throw new AppError('not_found');
  const code =
    q.jurisdiction ??
    ctx.actor.grants.find((g) => HOME_ADAPTATION_READERS.includes(g.role) && g.jurisdictionCode)!.jurisdictionCode!;
  if (!scope.covers(codePrefix(code)) && !scope.covers(code)) throw new AppError('not_found', {}, 'jurisdiction');
  const setting = await settingFor<{ tiers: AdaptationTier[] }>(ctx.db, 'homeAdaptation.subsidy', code, ctx.today);
  const flags = [...new Set((setting?.value.tiers ?? []).flatMap((t) => t.anyFlags))];
  const prefix = `${codePrefix(code)}%`;
  const column = childColumn(code);
  const found = await sql<{ code: string; name: string | null; eligible: number; accepted: number; under_way: number }>`
    WITH el AS (
      SELECT DISTINCT e.id, e.${sql.ref(column)} AS code
      FROM elder_status_flags f JOIN elders e ON e.id = f.elder_id
      WHERE f.flag = ANY(${flags}::text[]) AND f.effective_from <= ${ctx.today}::date
        AND (f.effective_to IS NULL OR f.effective_to >= ${ctx.today}::date)
        AND e.status = 'active' AND ${sql<SqlBool>`e.community_code LIKE ${prefix}`}
    )
    SELECT el.code, j.name, count(*)::bigint AS eligible,
           count(*) FILTER (WHERE p.status = 'accepted')::bigint AS accepted,
           count(*) FILTER (WHERE p.status IN ('applied', 'assessed', 'contracted'))::bigint AS under_way
    FROM el
    LEFT JOIN home_adaptation_projects p ON p.elder_id = el.id AND p.status <> 'cancelled'
    LEFT JOIN jurisdictions j ON j.code = el.code
    GROUP BY el.code, j.name
    ORDER BY el.code`.execute(ctx.db);
  const row = (c: string, name: string, eligible: number, accepted: number, inProgress: number): ProgressRow => ({
    code: c,
    name,
    eligible,
    accepted,
    inProgress,
    rate: eligible ? Math.round((accepted * 10_000) / eligible) / 100 : null,
  });
  const rows = found.rows.map((r) =>
    row(r.code, r.name ?? r.code, Number(r.eligible), Number(r.accepted), Number(r.under_way)),
  );
  const place = await ctx.db.selectFrom('jurisdictions').select('name').where('code', '=', code).executeTakeFirst();
  const sum = (k: 'eligible' | 'accepted' | 'inProgress') => rows.reduce((s, r) => s + r[k], 0);
  await recordAudit(ctx, {
    action: 'list',
    entityType: 'home_adaptation_progress',
    districtCode: code.slice(0, 6),
    detail: { code },
  });
  return {
    jurisdiction: code,
    onDate: ctx.today,
    total: row(code, place?.name ?? code, sum('eligible'), sum('accepted'), sum('inProgress')),
    rows,
  };
}
