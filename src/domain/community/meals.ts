// 助餐: meal points, menus, check-ins at the point (elder code, face, or delivery) with the meal
// subsidy from the setting in force at the elder's place, and the day's counts per point.
import { sql } from 'kysely';
import { ageOn } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { MEAL_CHECKERS, MEAL_POINT_MANAGERS, MEAL_POINT_STAFF } from '../identity/permissions.js';
import { anyOf, codePrefix, idIn } from '../identity/scope.js';
import { faceCheckIn } from './face.js';
import type {
  CheckInBody,
  CheckInView,
  CountsQuery,
  DailyCounts,
  MealPointBody,
  MealPointList,
  MealPointQuery,
  MealPointView,
  MenuBody,
  MenuQuery,
  MenuView,
} from './schemas.js';
import { settingFor } from './settings.js';
import type { Meal } from './tables.js';

export interface MealSubsidyTier {
  name: string;
  anyFlags?: string[];
  minAge?: number;
  perMealFen: number;
}

/** The highest tier the elder matches, capped at the price (pure: tested by table). */
export function mealSubsidy(
  tiers: MealSubsidyTier[],
  elder: { flags: readonly string[]; age: number },
  priceFen: number,
): { tier: string | null; subsidyFen: number } {
  let best: MealSubsidyTier | null = null;
  for (const t of tiers) {
    const byFlag = t.anyFlags?.some((f) => elder.flags.includes(f)) ?? false;
    const byAge = t.minAge !== undefined && elder.age >= t.minAge;
    if ((byFlag || byAge) && (!best || t.perMealFen > best.perMealFen)) best = t;
  }
  if (!best) return { tier: null, subsidyFen: 0 };
  return { tier: best.name, subsidyFen: Math.min(best.perMealFen, priceFen) };
}

type PointRow = {
  id: number;
  name: string;
  kind: MealPointView['kind'];
  organisation_id: number | null;
  community_code: string;
  district_code: string;
  address: string;
  lat: number | null;
  lng: number | null;
  hours: unknown;
  capacity: number;
  delivers: boolean;
  active: boolean;
};

const pointView = (r: PointRow): MealPointView => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  organisationId: r.organisation_id,
  communityCode: r.community_code,
  districtCode: r.district_code,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  hours: r.hours as MealPointView['hours'],
  capacity: r.capacity,
  delivers: r.delivers,
  active: r.active,
});

/** Points the caller works at: in their jurisdiction, or run by their organisation. */
function pointScope(ctx: UseCaseContext) {
  const places = ctx.reach.places(MEAL_CHECKERS);
  const orgs = ctx.reach.organisations(MEAL_POINT_STAFF);
  return anyOf([places.inJurisdiction('meal_points.community_code'), idIn('meal_points.organisation_id', orgs)]);
}

async function pointOrNotFound(ctx: UseCaseContext, id: number, field?: string): Promise<PointRow> {
  const row = await ctx.db
    .selectFrom('meal_points')
    .selectAll()
    .where('id', '=', id)
    .where(pointScope(ctx))
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', {}, field);
  return row;
}

export async function createMealPoint(ctx: UseCaseContext, body: MealPointBody): Promise<MealPointView> {
  const managers = ctx.reach.places(MEAL_POINT_MANAGERS);
  const place = await ctx.db
    .selectFrom('jurisdictions')
    .select(['code', 'level'])
    .where('code', '=', body.communityCode)
    .executeTakeFirst();
  if (place?.level !== 'community' || !managers.covers(place.code))
    throw new AppError('not_found', {}, 'communityCode');
  if (body.organisationId) {
    const org = await ctx.db
      .selectFrom('organisations')
      .select('jurisdiction_code')
      .where('id', '=', body.organisationId)
      .executeTakeFirst();
    if (!org || !managers.covers(org.jurisdiction_code)) throw new AppError('not_found', {}, 'organisationId');
  }
  const row = await ctx.db
    .insertInto('meal_points')
    .values({
      name: body.name,
      kind: body.kind,
      organisation_id: body.organisationId ?? null,
      community_code: body.communityCode,
      district_code: body.communityCode.slice(0, 6),
      address: body.address,
      lat: body.lat ?? null,
      lng: body.lng ?? null,
      hours: JSON.stringify(body.hours),
      capacity: body.capacity,
      delivers: body.delivers ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return pointView(row);
}

export async function listMealPoints(ctx: UseCaseContext, q: MealPointQuery): Promise<MealPointList> {
  let query = ctx.db.selectFrom('meal_points').where(pointScope(ctx)).where('active', '=', true);
  if (q.community) query = query.where('community_code', 'like', `${codePrefix(q.community)}%`);
  const pageSize = 200;
  const [rows, n] = await Promise.all([
    query
      .selectAll()
      .orderBy('id')
      .limit(pageSize)
      .offset(((q.page ?? 1) - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(pointView), total: Number(n.n) };
}

/** Managers of the place or the point's own staff keep its menus. */
function mayKeepMenus(ctx: UseCaseContext, point: PointRow): boolean {
  return (
    ctx.reach.places(MEAL_POINT_MANAGERS).covers(point.community_code) ||
    (point.organisation_id != null && ctx.reach.organisations(MEAL_POINT_STAFF).includes(point.organisation_id))
  );
}

const menuView = (r: {
  id: number;
  meal_point_id: number;
  served_on: string;
  meal: Meal;
  dishes: unknown;
  price_fen: number;
}): MenuView => ({
  id: r.id,
  mealPointId: r.meal_point_id,
  servedOn: r.served_on,
  meal: r.meal,
  dishes: r.dishes as string[],
  priceFen: Number(r.price_fen),
});

export async function putMenu(ctx: UseCaseContext, pointId: number, body: MenuBody): Promise<MenuView> {
  const point = await pointOrNotFound(ctx, pointId);
  if (!mayKeepMenus(ctx, point)) throw new AppError('forbidden');
  if (!(point.hours as Record<string, string>)[body.meal])
    throw new AppError('not_allowed_value', { field: 'meal' }, 'meal');
  const row = await ctx.db
    .insertInto('meal_menus')
    .values({
      meal_point_id: point.id,
      served_on: body.servedOn,
      meal: body.meal,
      dishes: JSON.stringify(body.dishes),
      price_fen: body.priceFen,
    })
    .onConflict((oc) =>
      oc.columns(['meal_point_id', 'served_on', 'meal']).doUpdateSet((eb) => ({
        dishes: eb.ref('excluded.dishes'),
        price_fen: eb.ref('excluded.price_fen'),
        updated_at: ctx.now.toISOString(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return menuView(row);
}

export async function listMenus(ctx: UseCaseContext, pointId: number, q: MenuQuery): Promise<MenuView[]> {
  await pointOrNotFound(ctx, pointId);
  const rows = await ctx.db
    .selectFrom('meal_menus')
    .selectAll()
    .where('meal_point_id', '=', pointId)
    .where('served_on', '>=', q.from ?? ctx.today)
    .where('served_on', '<=', q.to ?? q.from ?? ctx.today)
    .orderBy('served_on')
    .orderBy('meal')
    .limit(200)
    .execute();
  return rows.map(menuView);
}

/**
 * An elder eats at the point (or has the meal delivered): identified by the elder code shown as a
 * QR code, or by the face service. The elder code is the credential, so an elder of any place
 * may eat at any point; the subsidy follows the setting in force at the elder's own place.
 */
export async function checkIn(ctx: UseCaseContext, body: CheckInBody): Promise<CheckInView> {
  const point = await pointOrNotFound(ctx, body.mealPointId, 'mealPointId');
  let code = body.elderCode;
  let method: CheckInView['method'] = body.delivery ? 'delivery' : 'qr';
  if (!code && body.faceImage) {
    code = (await faceCheckIn().identify({ image: body.faceImage, mealPointId: point.id })) ?? undefined;
    if (!code) throw new AppError('meal_face_unmatched', {}, 'faceImage');
    if (!body.delivery) method = 'face';
  }
  if (!code) throw new AppError('required', { field: 'elderCode' }, 'elderCode');
  if (body.delivery && !point.delivers) throw new AppError('not_allowed_value', { field: 'delivery' }, 'delivery');
  const elder = await ctx.db
    .selectFrom('elders')
    .select(['id', 'name', 'birth_date', 'community_code', 'district_code', 'status'])
    .where('elder_code', '=', code)
    .executeTakeFirst();
  if (elder?.status !== 'active') throw new AppError('not_found', {}, 'elderCode');
  const menu = await ctx.db
    .selectFrom('meal_menus')
    .select('price_fen')
    .where('meal_point_id', '=', point.id)
    .where('served_on', '=', ctx.today)
    .where('meal', '=', body.meal)
    .executeTakeFirst();
  if (!menu) throw new AppError('meal_no_menu', { meal: body.meal }, 'meal');
  const price = Number(menu.price_fen);
  const [setting, flags] = await Promise.all([
    settingFor<{ tiers: MealSubsidyTier[] }>(ctx.db, 'meals.subsidy', elder.community_code, ctx.today),
    ctx.db
      .selectFrom('elder_status_flags')
      .select('flag')
      .where('elder_id', '=', elder.id)
      .where('effective_from', '<=', ctx.today)
      .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', ctx.today)]))
      .execute(),
  ]);
  const { tier, subsidyFen } = mealSubsidy(
    setting?.value.tiers ?? [],
    { flags: flags.map((f) => f.flag), age: ageOn(elder.birth_date, ctx.today) },
    price,
  );
  const row = await ctx.db
    .insertInto('meal_check_ins')
    .values({
      meal_point_id: point.id,
      elder_id: elder.id,
      district_code: elder.district_code,
      served_on: ctx.today,
      meal: body.meal,
      method,
      price_fen: price,
      subsidy_fen: subsidyFen,
      copay_fen: price - subsidyFen,
      setting_id: setting?.id ?? null,
      checked_in_by: ctx.actor.userId,
    })
    .onConflict((oc) => oc.columns(['elder_id', 'served_on', 'meal']).where('subsidy_fen', '>', 0).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('meal_already_served', { meal: body.meal });
  await recordAudit(ctx, {
    action: 'create',
    entityType: 'meal_check_in',
    entityId: row.id,
    districtCode: elder.district_code,
    detail: { mealPointId: point.id, elderId: elder.id, meal: body.meal, method },
  });
  return {
    id: row.id,
    mealPointId: point.id,
    elderId: elder.id,
    elderName: elder.name,
    servedOn: ctx.today,
    meal: body.meal,
    method,
    priceFen: price,
    subsidyFen,
    copayFen: price - subsidyFen,
    tier,
  };
}

/** The day's meals per point and meal time, for the points in reach. */
export async function dailyCounts(ctx: UseCaseContext, q: CountsQuery): Promise<DailyCounts> {
  const date = q.date ?? ctx.today;
  let query = ctx.db
    .selectFrom('meal_check_ins as c')
    .innerJoin('meal_points', 'meal_points.id', 'c.meal_point_id')
    .where(pointScope(ctx))
    .where('c.served_on', '=', date);
  if (q.community) query = query.where('meal_points.community_code', 'like', `${codePrefix(q.community)}%`);
  const rows = await query
    .select((eb) => [
      'meal_points.id',
      'meal_points.name',
      'meal_points.capacity',
      'c.meal',
      eb.fn.countAll<number>().as('served'),
      sql<number>`count(*) FILTER (WHERE c.subsidy_fen > 0)`.as('subsidised'),
      sql<number>`count(*) FILTER (WHERE c.method = 'delivery')`.as('delivered'),
      sql<number>`coalesce(sum(c.subsidy_fen), 0)`.as('subsidy'),
      sql<number>`coalesce(sum(c.copay_fen), 0)`.as('copay'),
    ])
    .groupBy(['meal_points.id', 'meal_points.name', 'meal_points.capacity', 'c.meal'])
    .orderBy('meal_points.id')
    .orderBy('c.meal')
    .limit(5_000)
    .execute();
  return {
    date,
    rows: rows.map((r) => ({
      mealPointId: r.id,
      name: r.name,
      capacity: r.capacity,
      meal: r.meal,
      served: Number(r.served),
      subsidised: Number(r.subsidised),
      delivered: Number(r.delivered),
      subsidyFen: Number(r.subsidy),
      copayFen: Number(r.copay),
    })),
  };
}
