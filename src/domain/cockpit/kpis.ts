// KPIs against the plan's targets, computed live per jurisdiction from the platform's own tables.
// The registry (definitions, targets, reference figures) is data in kpi_* tables; this file holds
// only the computations the registry names by formula_key.
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import type { Db, UseCaseContext } from '../identity/context.js';
import { COCKPIT_READERS } from '../identity/permissions.js';
import { codePrefix, jurisdictionOf } from '../identity/scope.js';
import type { KpiBreakdown, KpiBreakdownQuery, KpiList, KpiQuery, KpiRow, ReferenceList } from './schemas.js';

/** The city of a code: a district officer may read the city's totals (never a sibling district). */
export const cityOf = (code: string) => `${code.slice(0, 4)}00`;

/**
 * The jurisdiction asked for, checked against the caller's reach: their own area, anything below it,
 * or the totals of their city. Outside that answers 404, like a code that does not exist.
 */
export function resolveJurisdiction(ctx: UseCaseContext, asked: string | undefined): string {
  const scope = jurisdictionOf(ctx.actor, COCKPIT_READERS);
  if (scope.none) throw new AppError('not_found');
  const grants = ctx.actor.grants.filter((g) => COCKPIT_READERS.includes(g.role) && g.jurisdictionCode);
  const code = asked ?? grants[0]!.jurisdictionCode!;
  const cities = grants.map((g) => cityOf(g.jurisdictionCode!));
  if (!scope.covers(code) && !cities.includes(code)) throw new AppError('not_found');
  return code;
}

/** Whether the caller may see the areas below `code` one by one (the city's breakdown needs city reach). */
export function mayDrillInto(ctx: UseCaseContext, code: string): boolean {
  return jurisdictionOf(ctx.actor, COCKPIT_READERS).covers(code);
}

/** Raw counts of one area, the inputs of the formulas. null: the platform holds no such records. */
export interface Figures {
  elders: number;
  institutions: number;
  beds: number;
  nursing_beds: number;
  bed_register_rows: number;
  dementia_beds: number;
  streets: number;
  street_centres: number;
  districts: number;
  districts_with_rental: number;
  carers: number;
  senior_carers: number;
  social_workers: number;
  public_institutions: number;
  public_with_waitlist: number;
  large_institutions: number;
  large_with_rehab: number;
}

const EMPTY: Figures = {
  elders: 0,
  institutions: 0,
  beds: 0,
  nursing_beds: 0,
  bed_register_rows: 0,
  dementia_beds: 0,
  streets: 0,
  street_centres: 0,
  districts: 0,
  districts_with_rental: 0,
  carers: 0,
  senior_carers: 0,
  social_workers: 0,
  public_institutions: 0,
  public_with_waitlist: 0,
  large_institutions: 0,
  large_with_rehab: 0,
};

/**
 * Figures of every area under `prefix`, grouped by the first `keyLen` characters of its code
 * (keyLen = prefix length: the area itself; 6: its districts; 9: streets; 12: communities).
 * Set-based: one grouped scan per source table, whatever the number of areas.
 */
export async function areaFigures(
  db: Db,
  prefix: string,
  keyLen: number,
  { countElders = true } = {},
): Promise<Map<string, Figures>> {
  const like = `${prefix}%`;
  const n = sql.lit(keyLen);
  const [elders, orgs, beds, streets, staff, districts] = await Promise.all([
    // The one scan of the (large) elder table; a caller that has the counts already skips it.
    countElders
      ? sql<{ k: string; elders: number }>`
      SELECT substr(community_code, 1, ${n}) AS k, count(*) AS elders
        FROM elders WHERE status = 'active' AND community_code LIKE ${like} GROUP BY 1`.execute(db)
      : { rows: [] },
    sql<{
      k: string;
      institutions: number;
      beds: number;
      nursing_beds: number;
      street_centres: number;
      public_institutions: number;
      public_with_waitlist: number;
      large_institutions: number;
      large_with_rehab: number;
    }>`
      SELECT substr(o.jurisdiction_code, 1, ${n}) AS k,
             count(*) FILTER (WHERE o.kind = 'institution') AS institutions,
             coalesce(sum(o.bed_count) FILTER (WHERE o.kind = 'institution'), 0) AS beds,
             coalesce(sum(o.nursing_bed_count) FILTER (WHERE o.kind = 'institution'), 0) AS nursing_beds,
             count(*) FILTER (WHERE o.kind = 'street_care_centre') AS street_centres,
             count(*) FILTER (WHERE o.kind = 'institution' AND o.ownership IN ('public', 'public_built_private_run'))
               AS public_institutions,
             count(*) FILTER (WHERE o.kind = 'institution' AND o.ownership IN ('public', 'public_built_private_run')
               AND EXISTS (SELECT 1 FROM waitlist_choices w WHERE w.organisation_id = o.id)) AS public_with_waitlist,
             count(*) FILTER (WHERE o.kind = 'institution' AND o.bed_count >= 100) AS large_institutions,
             count(*) FILTER (WHERE o.kind = 'institution' AND o.bed_count >= 100 AND p.has_rehab_room) AS large_with_rehab
        FROM organisations o LEFT JOIN institution_profiles p ON p.organisation_id = o.id
       WHERE o.jurisdiction_code LIKE ${like} GROUP BY 1`.execute(db),
    sql<{ k: string; bed_register_rows: number; dementia_beds: number }>`
      SELECT substr(o.jurisdiction_code, 1, ${n}) AS k, count(*) AS bed_register_rows,
             coalesce(sum(c.n) FILTER (WHERE c.bed_type = 'dementia'), 0) AS dementia_beds
        FROM bed_counts c JOIN organisations o ON o.id = c.organisation_id
       WHERE o.jurisdiction_code LIKE ${like} GROUP BY 1`.execute(db),
    sql<{ k: string; streets: number }>`
      SELECT substr(code, 1, ${n}) AS k, count(*) AS streets
        FROM jurisdictions WHERE level = 'street' AND code LIKE ${like} GROUP BY 1`.execute(db),
    sql<{ k: string; carers: number; senior_carers: number; social_workers: number }>`
      SELECT substr(o.jurisdiction_code, 1, ${n}) AS k,
             count(DISTINCT c.worker_id) FILTER (WHERE c.kind = 'caregiver_skill') AS carers,
             count(DISTINCT c.worker_id) FILTER (WHERE c.kind = 'caregiver_skill' AND c.skill_level <= 3) AS senior_carers,
             count(DISTINCT c.worker_id) FILTER (WHERE c.kind = 'social_worker') AS social_workers
        FROM worker_certificates c
        JOIN employments e ON e.worker_id = c.worker_id AND e.left_on IS NULL
        JOIN organisations o ON o.id = e.organisation_id
       WHERE o.jurisdiction_code LIKE ${like} GROUP BY 1`.execute(db),
    // 辅具租赁 coverage is counted over districts (市县区): a street inherits its district's answer.
    sql<{ code: string; has_rental: boolean }>`
      SELECT d.code, EXISTS (SELECT 1 FROM organisations o WHERE o.kind = 'aid_rental_point'
                             AND o.jurisdiction_code LIKE d.code || '%') AS has_rental
        FROM jurisdictions d
       WHERE d.level = 'district' AND (d.code LIKE ${like} OR ${prefix} LIKE d.code || '%')`.execute(db),
  ]);
  const out = new Map<string, Figures>();
  const at = (k: string) => {
    let f = out.get(k);
    if (!f) {
      f = { ...EMPTY };
      out.set(k, f);
    }
    return f;
  };
  for (const result of [elders, orgs, beds, streets, staff])
    for (const row of result.rows as unknown as Record<string, number | string>[]) {
      const f = at(String(row.k));
      for (const [key, v] of Object.entries(row))
        if (key !== 'k') (f as unknown as Record<string, number>)[key] = Number(v);
    }
  if (keyLen === prefix.length) at(prefix);
  for (const [k, f] of out) {
    const mine = districts.rows.filter((d) => (k.length <= 6 ? d.code.startsWith(k) : d.code === k.slice(0, 6)));
    f.districts = mine.length;
    f.districts_with_rental = mine.filter((d) => d.has_rental).length;
  }
  return out;
}

const ratio = (a: number, b: number, scale: number) => (b === 0 ? null : Math.round(((a * scale) / b) * 100) / 100);

/**
 * formula_key → value. A formula whose inputs the platform does not hold (no institutions, no bed
 * register, no certificates) answers null: the KPI shows no_data, never a misleading 0.
 */
export const FORMULAS: Record<string, (f: Figures) => number | null> = {
  care_bed_share: (f) => (f.beds ? ratio(f.nursing_beds, f.beds, 100) : null),
  institution_beds_per_10k: (f) => (f.institutions ? ratio(f.beds, f.elders, 10_000) : null),
  dementia_beds_per_10k: (f) => (f.bed_register_rows ? ratio(f.dementia_beds, f.elders, 10_000) : null),
  street_care_centres_per_street: (f) => ratio(f.street_centres, f.streets, 1),
  aid_rental_coverage: (f) => ratio(f.districts_with_rental, f.districts, 100),
  certified_carers_per_10k: (f) => (f.carers ? ratio(f.carers, f.elders, 10_000) : null),
  senior_carer_share: (f) => (f.carers ? ratio(f.senior_carers, f.carers, 100) : null),
  social_workers_per_10k: (f) => (f.social_workers ? ratio(f.social_workers, f.elders, 10_000) : null),
  public_waitlist_coverage: (f) => ratio(f.public_with_waitlist, f.public_institutions, 100),
  rehab_room_share: (f) => ratio(f.large_with_rehab, f.large_institutions, 100),
};

const yearEnd = (y: number) => Date.parse(`${y}-12-31T00:00:00Z`);

/**
 * Status against the straight path from the baseline (reference figure at the baseline year) to the
 * target: met when the target is reached, behind when below where the path stands today.
 */
export function kpiStatus(
  value: number | null,
  target: number | null,
  targetYear: number | null,
  baseline: { year: number; value: number } | null,
  today: string,
  direction: 'up' | 'down',
): KpiRow['status'] {
  if (value == null) return 'no_data';
  if (target == null || targetYear == null) return 'on_track';
  const sign = direction === 'up' ? 1 : -1;
  if (sign * (value - target) >= 0) return 'met';
  if (!baseline) return 'on_track';
  const t0 = yearEnd(baseline.year);
  const t1 = yearEnd(targetYear);
  const now = Date.parse(`${today}T00:00:00Z`);
  const share = Math.min(1, Math.max(0, (now - t0) / (t1 - t0)));
  const expected = baseline.value + (target - baseline.value) * share;
  return sign * (value - expected) < 0 ? 'behind' : 'on_track';
}

type Registry = Awaited<ReturnType<typeof loadRegistry>>;

/** The live indicators (not the 表1 reference-only ones), their targets and baselines. */
export async function loadRegistry(db: Db, codes: string[]) {
  const [defs, targets, refs] = await Promise.all([
    db.selectFrom('kpi_definitions').selectAll().where('source_table', '<>', '表1').orderBy('sort_order').execute(),
    db.selectFrom('kpi_targets').selectAll().where('jurisdiction_code', 'in', codes).execute(),
    db.selectFrom('kpi_reference_values').selectAll().where('jurisdiction_code', 'in', codes).execute(),
  ]);
  return { defs, targets, refs };
}

/** One area's KPI rows: the most specific target (own code, else the city's) for the year asked. */
export function rowsFor(
  ctx: Pick<UseCaseContext, 'lang' | 'today'>,
  reg: Registry,
  code: string,
  year: number,
  f: Figures | undefined,
): KpiRow[] {
  const figures = f ?? EMPTY;
  return reg.defs.map((d) => {
    const own = reg.targets.filter((t) => t.kpi_code === d.code && t.jurisdiction_code === code);
    const ts = (own.length ? own : reg.targets.filter((t) => t.kpi_code === d.code)).sort((a, b) => a.year - b.year);
    const next = ts.find((t) => t.year >= year) ?? ts.at(-1) ?? null;
    const ref =
      reg.refs.find((r) => r.kpi_code === d.code && r.jurisdiction_code === code) ??
      reg.refs.find((r) => r.kpi_code === d.code) ??
      null;
    const formula = FORMULAS[d.formula_key];
    const value = formula ? formula(figures) : null;
    const target = next ? Number(next.target) : null;
    return {
      code: d.code,
      name: ctx.lang === 'en' ? d.name_en : d.name_zh,
      value,
      target,
      targetHigh: next?.target_high == null ? null : Number(next.target_high),
      targetYear: next?.year ?? null,
      unit: d.unit,
      status: kpiStatus(
        value,
        target,
        next?.year ?? null,
        ref ? { year: ref.year, value: Number(ref.value) } : null,
        ctx.today,
        d.direction,
      ),
      computed: formula != null,
      source: `${d.source_file} ${d.source_table}`,
      targetSource: next?.source ?? null,
    };
  });
}

export async function listKpis(ctx: UseCaseContext, q: KpiQuery): Promise<KpiList> {
  const code = resolveJurisdiction(ctx, q.jurisdiction);
  const year = q.year ?? Number(ctx.today.slice(0, 4));
  const prefix = codePrefix(code);
  const [reg, figures] = await Promise.all([
    loadRegistry(ctx.db, [code, cityOf(code)]),
    areaFigures(ctx.db, prefix, prefix.length),
  ]);
  return rowsFor(ctx, reg, code, year, figures.get(prefix));
}

const CHILD_LEVEL = { 4: 'district', 6: 'street', 9: 'community' } as const;

/**
 * The areas one level below `jurisdiction` with every KPI, ranked by the KPI asked for (the district
 * ranking of the city, drill-down district → street → community). Needs reach over the whole area.
 */
export async function kpiBreakdown(ctx: UseCaseContext, q: KpiBreakdownQuery): Promise<KpiBreakdown> {
  const code = resolveJurisdiction(ctx, q.jurisdiction);
  if (!mayDrillInto(ctx, code)) throw new AppError('not_found');
  const prefix = codePrefix(code);
  const level = CHILD_LEVEL[prefix.length as keyof typeof CHILD_LEVEL];
  if (!level) throw new AppError('cockpit_no_lower_level', { code }, 'jurisdiction');
  const year = q.year ?? Number(ctx.today.slice(0, 4));
  const keyLen = { district: 6, street: 9, community: 12 }[level];
  const [reg, own, children, areas] = await Promise.all([
    loadRegistry(ctx.db, [code, cityOf(code)]),
    // Elders are counted once, per child area, and summed for the area itself (every elder is in
    // exactly one child). The other figures are not all additive (a carer working in two areas
    // counts once above them), and cost little: they are counted at both levels.
    areaFigures(ctx.db, prefix, prefix.length, { countElders: false }),
    areaFigures(ctx.db, prefix, keyLen),
    ctx.db
      .selectFrom('jurisdictions')
      .select(['code', 'name'])
      .where('parent_code', '=', code)
      .where('level', '=', level)
      .orderBy('code')
      .execute(),
  ]);
  const total = own.get(prefix) ?? { ...EMPTY };
  total.elders = [...children.values()].reduce((sum, f) => sum + f.elders, 0);
  const rankBy = q.rankBy ?? 'care_bed_share';
  const rows = areas.map((a) => ({
    code: a.code,
    name: a.name,
    kpis: rowsFor(ctx, reg, a.code, year, children.get(a.code)),
  }));
  const rankValue = (r: (typeof rows)[number]) => r.kpis.find((k) => k.code === rankBy)?.value ?? null;
  rows.sort((a, b) => {
    const va = rankValue(a);
    const vb = rankValue(b);
    if (va == null || vb == null) return va == null ? (vb == null ? a.code.localeCompare(b.code) : 1) : -1;
    return vb - va || a.code.localeCompare(b.code);
  });
  return {
    jurisdiction: code,
    level,
    rankBy,
    total: rowsFor(ctx, reg, code, year, total),
    areas: rows.map((r, i) => ({ ...r, rank: rankValue(r) == null ? null : i + 1 })),
  };
}

/** 001 表1: the 十三五 plan's 2020 planned and completed figures, a fixed reference snapshot. */
export async function referenceSnapshot(ctx: UseCaseContext): Promise<ReferenceList> {
  resolveJurisdiction(ctx, undefined);
  const rows = await ctx.db
    .selectFrom('kpi_definitions as d')
    .leftJoin('kpi_reference_values as v', (j) => j.onRef('v.kpi_code', '=', 'd.code').on('v.year', '=', 2020))
    .leftJoin('kpi_reference_plans as p', (j) => j.onRef('p.kpi_code', '=', 'd.code').on('p.year', '=', 2020))
    .select(['d.code', 'd.name_zh', 'd.name_en', 'd.unit', 'v.value', 'p.planned', 'p.base_2015', 'p.binding'])
    .where((eb) => eb.or([eb('d.source_table', '=', '表1'), eb('p.kpi_code', 'is not', null)]))
    .orderBy('d.sort_order')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: ctx.lang === 'en' ? r.name_en : r.name_zh,
    unit: r.unit,
    base2015: r.base_2015 ?? null,
    planned2020: r.planned ?? null,
    actual2020: r.value == null ? null : Number(r.value),
    binding: r.binding ?? null,
  }));
}
