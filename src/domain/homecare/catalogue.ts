// The catalogue (基本养老服务项目清单) in effect for a place on a date, the subsidy an elder gets
// per unit, the policy values of a place, and the quote of an order. The most specific
// jurisdiction wins: a district's own version of an item replaces the city's.

import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { AppError, type Lang } from '../../lib/errors.js';
import { currentLevel } from '../assessment/current-level.js';
import type { Db, UseCaseContext } from '../identity/context.js';
import type { Catalogue, CatalogueItem, CatalogueQuery, CodeList } from './schemas.js';
import { visibleElder } from './scope.js';
import type { HomecareCatalogueItemsTable, HomecarePoliciesTable } from './tables.js';

type ItemRow = {
  id: number;
  jurisdiction_code: string;
  code: string;
  version: number;
  name_zh: string;
  name_en: string;
  category: string;
  unit: HomecareCatalogueItemsTable['unit'];
  standard_minutes: number;
  checklist: string[];
  required_certificates: string[];
  effective_from: string;
  effective_to: string | null;
};

/** A condition: `column` (a jurisdiction code) covers `place`. */
const covering = (column: string, place: string) =>
  sql<boolean>`${place} LIKE (CASE WHEN length(${sql.ref(column)}) = 6 AND ${sql.ref(column)} LIKE '%0000' THEN left(${sql.ref(column)}, 2)
    WHEN length(${sql.ref(column)}) = 6 AND ${sql.ref(column)} LIKE '%00' THEN left(${sql.ref(column)}, 4)
    ELSE ${sql.ref(column)} END) || '%'`;

/** Items in effect at `place` on `date`, one version per code. */
export async function itemsInEffect(db: Db, place: string, date: string, code?: string): Promise<ItemRow[]> {
  let q = db
    .selectFrom('homecare_catalogue_items as i')
    .selectAll('i')
    .distinctOn('i.code')
    .where(covering('i.jurisdiction_code', place))
    .where('i.effective_from', '<=', date)
    .where((eb) => eb.or([eb('i.effective_to', 'is', null), eb('i.effective_to', '>', date)]));
  if (code) q = q.where('i.code', '=', code);
  const rows = await q
    .orderBy('i.code')
    .orderBy(sql`length(i.jurisdiction_code)`, 'desc')
    .orderBy('i.version', 'desc')
    .execute();
  return rows as ItemRow[];
}

export async function itemInEffect(db: Db, place: string, date: string, code: string, field = 'itemCode') {
  const [item] = await itemsInEffect(db, place, date, code);
  if (!item) throw new AppError('homecare_unknown_item', { code }, field);
  return item;
}

export type Policy = Selectable<HomecarePoliciesTable>;

/** The home-care policy values in effect at `place` on `date`. */
export async function policyInEffect(db: Db, place: string, date: string): Promise<Policy> {
  const row = await db
    .selectFrom('homecare_policies as p')
    .selectAll('p')
    .where(covering('p.jurisdiction_code', place))
    .where('p.effective_from', '<=', date)
    .where((eb) => eb.or([eb('p.effective_to', 'is', null), eb('p.effective_to', '>', date)]))
    .orderBy(sql`length(p.jurisdiction_code)`, 'desc')
    .orderBy('p.version', 'desc')
    .executeTakeFirst();
  if (!row) throw new AppError('homecare_no_policy', { place });
  return row;
}

export interface ElderStanding {
  assessmentLevel: number | null;
  statusFlags: string[];
}

/** The elder's current assessment level and the status flags in effect on `date`. */
export async function elderStanding(db: Db, elderId: number, date: string): Promise<ElderStanding> {
  const level = await currentLevel(db, elderId);
  const flags = await db
    .selectFrom('elder_status_flags')
    .select('flag')
    .distinct()
    .where('elder_id', '=', elderId)
    .where('effective_from', '<=', date)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', date)]))
    .orderBy('flag')
    .execute();
  return { assessmentLevel: level?.level ?? null, statusFlags: flags.map((f) => f.flag) };
}

type SubsidyRow = { item_id: number; assessment_level: number | null; status_flag: string | null; subsidy_fen: number };

async function subsidyRows(db: Db, itemIds: number[]): Promise<SubsidyRow[]> {
  if (!itemIds.length) return [];
  return db
    .selectFrom('homecare_item_subsidies')
    .select(['item_id', 'assessment_level', 'status_flag', 'subsidy_fen'])
    .where('item_id', 'in', itemIds)
    .orderBy('item_id')
    .orderBy('assessment_level')
    .orderBy('status_flag')
    .execute();
}

/** The largest rule the elder matches, per unit (0 when none). */
export function subsidyPerUnit(rules: readonly SubsidyRow[], standing: ElderStanding): number {
  let best = 0;
  for (const r of rules) {
    if (r.assessment_level != null && r.assessment_level !== standing.assessmentLevel) continue;
    if (r.status_flag != null && !standing.statusFlags.includes(r.status_flag)) continue;
    best = Math.max(best, r.subsidy_fen);
  }
  return best;
}

export interface Quote {
  priceFen: number;
  subsidyFen: number;
  copayFen: number;
}

/**
 * Price and subsidy of one order: hourly items are charged by the minute booked (rounded to the
 * fen), other units once. The subsidy never exceeds the price; the elder pays the rest.
 */
export function quoteOf(
  unit: ItemRow['unit'],
  minutes: number,
  priceFenPerUnit: number,
  subsidyFenPerUnit: number,
): Quote {
  const units = unit === 'hour' ? minutes / 60 : 1;
  const priceFen = Math.round(priceFenPerUnit * units);
  const subsidyFen = Math.min(priceFen, Math.round(subsidyFenPerUnit * units));
  return { priceFen, subsidyFen, copayFen: priceFen - subsidyFen };
}

export async function subsidyForElder(db: Db, itemId: number, standing: ElderStanding): Promise<number> {
  return subsidyPerUnit(await subsidyRows(db, [itemId]), standing);
}

const nameOf = (row: { name_zh: string; name_en: string }, lang: Lang) => (lang === 'en' ? row.name_en : row.name_zh);

export function itemView(row: ItemRow, rules: readonly SubsidyRow[], lang: Lang): CatalogueItem {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    jurisdictionCode: row.jurisdiction_code,
    name: nameOf(row, lang),
    category: row.category,
    unit: row.unit,
    standardMinutes: row.standard_minutes,
    checklist: row.checklist,
    requiredCertificates: row.required_certificates,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    subsidies: rules
      .filter((r) => r.item_id === row.id)
      .map((r) => ({ assessmentLevel: r.assessment_level, statusFlag: r.status_flag, subsidyFen: r.subsidy_fen })),
  };
}

/**
 * GET /homecare/catalogue: the list in effect today for a place (the caller's own, or the city),
 * or for an elder the caller reaches, with the subsidy that elder gets per unit.
 */
export async function getCatalogue(ctx: UseCaseContext, q: CatalogueQuery): Promise<Catalogue> {
  let place = q.jurisdiction ?? ctx.actor.grants.find((g) => g.jurisdictionCode)?.jurisdictionCode ?? '330100';
  let elder: Catalogue['elder'];
  let standing: ElderStanding | null = null;
  if (q.elderId != null) {
    const e = await visibleElder(ctx, q.elderId);
    place = e.community_code;
    standing = await elderStanding(ctx.db, e.id, ctx.today);
    elder = { id: e.id, ...standing };
  }
  const rows = await itemsInEffect(ctx.db, place, ctx.today);
  const rules = await subsidyRows(
    ctx.db,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) => {
    const view = itemView(r, rules, ctx.lang);
    if (standing)
      view.elderSubsidyFen = subsidyPerUnit(
        rules.filter((x) => x.item_id === r.id),
        standing,
      );
    return view;
  });
  return { jurisdictionCode: place, date: ctx.today, ...(elder ? { elder } : {}), items };
}

/** GET /homecare/codes: the exception, decline, cancel and resolution codes. */
export async function listCodes(ctx: UseCaseContext): Promise<CodeList> {
  const rows = await ctx.db.selectFrom('homecare_codes').selectAll().orderBy('kind').orderBy('code').execute();
  return rows.map((r) => ({ kind: r.kind, code: r.code, name: nameOf(r, ctx.lang) }));
}

export async function requireCode(
  db: Db,
  kind: 'decline' | 'cancel' | 'exception_reason' | 'exception_resolution',
  code: string,
  field: string,
) {
  const row = await db
    .selectFrom('homecare_codes')
    .select('code')
    .where('kind', '=', kind)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw new AppError('homecare_unknown_code', { field, code }, field);
}
