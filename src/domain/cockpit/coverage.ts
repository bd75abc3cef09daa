// 养老地图 coverage: for each elder, whether a facility lies within a radius of home (001 专栏3: an
// institution within 1 km in the main urban districts; the 15/20-minute service circle), the share
// covered per district, and the uncovered elders gathered into H3 resolution-9 cells ranked for
// siting the next facility.
//
// Set-based on both engines (no PostGIS): facilities are copied into the 3×3 block of grid cells
// around their own (cell side ≥ radius), elders hash-anti-join on their cell and count as uncovered
// when no facility of the block is within the radius (haversine). The uncovered are grouped by the
// H3 cell stored with each home (elders.home_h3_r9); an uncovered home without a stored cell (a row
// the back-fill has not reached) gets its cell computed here, point by point, so the answer is the
// per-elder computation's whatever the back-fill's progress.
import { latLngToCell } from 'h3-js';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { HOME_CELL_RESOLUTION } from '../elders/home-cell.js';
import type { Db, UseCaseContext } from '../identity/context.js';
import { COCKPIT_READERS } from '../identity/permissions.js';
import { codePrefix, jurisdictionOf } from '../identity/scope.js';
import { DISTRICT_CENTRES } from '../jurisdictions/centres.js';
import { mayDrillInto, resolveJurisdiction } from './kpis.js';
import type { CoverageQuery, CoverageView, FacilitiesQuery, FacilityKind, FacilityList } from './schemas.js';

export const EARTH_RADIUS_M = 6_371_008.8;
/** Less than a degree of latitude on the sphere (111,195 m), so grid cells err on the large side. */
const M_PER_DEG_BELOW = 111_000;
/** Metres per degree of latitude on the sphere of EARTH_RADIUS_M. */
const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;
/**
 * Relative margin of the planar pre-check: the flat distance with cos(lat) of the facility differs
 * from the haversine by less than 0.25 % for radii up to 5 km below 80° of latitude.
 */
const BAND = 0.003;
export const H3_RESOLUTION = HOME_CELL_RESOLUTION;

/** Haversine distance in metres (the formula the SQL uses). */
export function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The radius that applies to an elder: one for all, or per district (the service circle). */
export interface Radii {
  /** Radius for districts not listed in `byDistrict`. */
  radiusM: number;
  byDistrict?: ReadonlyMap<string, number>;
}

export interface CoverageFigures {
  districts: { code: string; elders: number; located: number; covered: number }[];
  /** Uncovered elders per H3 cell (only those under the hotspot prefixes), unordered. */
  cells: { h3: string; uncovered: number }[];
}

/**
 * Elders under `prefix` against facilities of `kinds` within the radius: per district counts, and
 * the uncovered elders per H3 cell (only those under `hotspotPrefixes`, '' for all).
 */
export async function coverageFigures(
  db: Db,
  prefix: string,
  radii: Radii | number,
  kinds: readonly string[],
  hotspotPrefixes: readonly string[],
): Promise<CoverageFigures> {
  const { radiusM, byDistrict } = typeof radii === 'number' ? { radiusM: radii, byDistrict: undefined } : radii;
  const maxR = Math.max(radiusM, ...(byDistrict?.values() ?? []));
  const like = `${prefix}%`;
  const facilities = await db
    .selectFrom('organisations')
    .select(['lat', 'lng'])
    .where('kind', 'in', [...kinds])
    .where('lat', 'is not', null)
    .where('lng', 'is not', null)
    .execute();
  // Cell sides in degrees, at least the radius: any facility within reach of an elder lies in the
  // 3×3 block around the elder's cell. An elder within reach of a facility lies at most maxR north
  // or south of it, so the widest longitude span is that at the facilities' highest |lat| plus that.
  const dLat = maxR / M_PER_DEG_BELOW;
  const topLat = Math.min(80, Math.max(0, ...facilities.map((f) => Math.abs(f.lat!))) + 2 * dLat);
  const dLng = maxR / (M_PER_DEG_BELOW * Math.cos((topLat * Math.PI) / 180));
  // Per elder: the radius, and the squared planar distance (degrees, longitude scaled by the
  // facility's cos(lat)) that is surely within it (1 - BAND) or surely beyond it (1 + BAND). Only
  // pairs in between pay for the haversine, whose answer decides.
  const perElder = (f: (r: number) => number) =>
    byDistrict?.size
      ? sql`CASE ${sql.join(
          [...groupBy(byDistrict)].map(
            ([r, codes]) => sql`WHEN e.district_code = ANY(${codes}::text[]) THEN ${f(r)}::float8`,
          ),
          sql` `,
        )} ELSE ${f(radiusM)}::float8 END`
      : sql`${f(radiusM)}::float8`;
  const surelyIn = perElder((r) => ((r / M_PER_DEG) * (1 - BAND)) ** 2);
  const surelyOut = perElder((r) => ((r / M_PER_DEG) * (1 + BAND)) ** 2);
  const planar = sql`((fc.lat - e.lat) * (fc.lat - e.lat) + (fc.lng - e.lng) * (fc.lng - e.lng) * fc.k2)`;
  const hot = hotspotPrefixes.includes('')
    ? sql`true`
    : hotspotPrefixes.length
      ? sql`(${sql.join(
          hotspotPrefixes.map((p) => sql`e.community_code LIKE ${`${p}%`}`),
          sql` OR `,
        )})`
      : sql`false`;
  // The elders of the area with a home and no facility within their radius.
  const uncovered = (extra: RawBuilder<unknown>) => sql`
    elders e
     WHERE e.status = 'active' AND e.community_code LIKE ${like} AND e.lat IS NOT NULL AND e.lng IS NOT NULL ${extra}
       AND NOT EXISTS (
             SELECT 1 FROM fc
              WHERE fc.cy = floor(e.lat / ${dLat}::float8)::int AND fc.cx = floor(e.lng / ${dLng}::float8)::int
                AND (${planar} <= ${surelyIn}
                     OR (${planar} <= ${surelyOut}
                         AND 2 * ${EARTH_RADIUS_M}::float8 * asin(least(1, sqrt(
                               power(sin(radians(fc.lat - e.lat) / 2), 2)
                               + cos(radians(e.lat)) * cos(radians(fc.lat)) * power(sin(radians(fc.lng - e.lng) / 2), 2))))
                             <= ${perElder((r) => r)})))`;
  const fc = sql`fc AS (
      SELECT f.lat, f.lng, f.k2,
             floor(f.lat / ${dLat}::float8)::int + dy AS cy, floor(f.lng / ${dLng}::float8)::int + dx AS cx
        FROM unnest(${facilities.map((f) => f.lat)}::float8[], ${facilities.map((f) => f.lng)}::float8[],
                    ${facilities.map((f) => Math.cos((f.lat! * Math.PI) / 180) ** 2)}::float8[]) AS f (lat, lng, k2),
             (VALUES (-1), (0), (1)) AS a (dy),
             (VALUES (-1), (0), (1)) AS b (dx))`;
  const [totals, gaps] = await Promise.all([
    sql<{ district_code: string; elders: number; located: number }>`
      SELECT district_code, count(*) AS elders, count(*) FILTER (WHERE lat IS NOT NULL AND lng IS NOT NULL) AS located
        FROM elders WHERE status = 'active' AND community_code LIKE ${like} GROUP BY 1`.execute(db),
    // '' marks a hotspot elder whose cell is not stored yet; NULL one outside the hotspot area.
    withHashPlans(db, (tx) =>
      sql<{ district_code: string; h3: string | null; n: number }>`
        WITH ${fc}
        SELECT e.district_code, CASE WHEN ${hot} THEN coalesce(e.home_h3_r9, '') END AS h3, count(*) AS n
          FROM ${uncovered(sql``)} GROUP BY 1, 2`.execute(tx),
    ),
  ]);
  const uncoveredIn = new Map<string, number>();
  const cells = new Map<string, number>();
  const add = (h3: string, n: number) => cells.set(h3, (cells.get(h3) ?? 0) + n);
  let pending = 0;
  for (const g of gaps.rows) {
    uncoveredIn.set(g.district_code, (uncoveredIn.get(g.district_code) ?? 0) + Number(g.n));
    if (g.h3 === '') pending += Number(g.n);
    else if (g.h3 != null) add(g.h3, Number(g.n));
  }
  if (pending > 0) {
    const points = await withHashPlans(db, (tx) =>
      sql<{ lat: number; lng: number }>`
        WITH ${fc} SELECT e.lat, e.lng FROM ${uncovered(sql`AND e.home_h3_r9 IS NULL AND ${hot}`)}`.execute(tx),
    );
    for (const p of points.rows) add(latLngToCell(p.lat, p.lng, H3_RESOLUTION), 1);
  }
  return {
    districts: totals.rows.map((t) => ({
      code: t.district_code,
      elders: Number(t.elders),
      located: Number(t.located),
      covered: Number(t.located) - (uncoveredIn.get(t.district_code) ?? 0),
    })),
    cells: [...cells].map(([h3, uncovered]) => ({ h3, uncovered })),
  };
}

/**
 * Runs the anti-join with the plan it needs: a hash on the few thousand facility cells (PostgreSQL
 * picks a merge join with an external sort of every elder under a small work_mem), without JIT
 * (compiling the expression costs seconds and saves less). SET LOCAL: only this transaction.
 */
async function withHashPlans<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  const hints = async (tx: Db) => {
    await sql`SET LOCAL enable_mergejoin = off`.execute(tx);
    await sql`SET LOCAL jit = off`.execute(tx);
    return work(tx);
  };
  return db.isTransaction ? hints(db) : (db as Kysely<DB>).transaction().execute(hints);
}

/** radius → the districts it applies to. */
function groupBy(byDistrict: ReadonlyMap<string, number>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [code, r] of byDistrict) out.set(r, [...(out.get(r) ?? []), code]);
  return out;
}

/** Uncovered elders per H3 cell, most first (ties by cell id, so the order is stable). */
export function rankHotspots(cells: CoverageFigures['cells'], limit: number) {
  return [...cells]
    .sort((a, b) => b.uncovered - a.uncovered || (a.h3 < b.h3 ? -1 : a.h3 > b.h3 ? 1 : 0))
    .slice(0, limit);
}

const share = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 100);

/** The 15/20-minute service circle of each district (policy data, 0092). */
export async function serviceCircles(db: Db) {
  const [policies, areaTypes] = await Promise.all([
    db.selectFrom('service_circle_policies').selectAll().execute(),
    db.selectFrom('district_area_types').select(['district_code', 'area_type']).execute(),
  ]);
  const urban = policies.find((p) => p.area_type === 'urban');
  if (!urban) throw new Error('service_circle_policies has no urban row');
  const policyOf = new Map(policies.map((p) => [p.area_type, p]));
  const districtPolicy = new Map(areaTypes.map((a) => [a.district_code, policyOf.get(a.area_type) ?? urban]));
  const kinds = [...new Set(policies.flatMap((p) => p.facility_kinds))] as FacilityKind[];
  return {
    kinds,
    urban,
    of: (district: string) => districtPolicy.get(district) ?? urban,
    radii: {
      radiusM: urban.radius_m,
      byDistrict: new Map([...districtPolicy].map(([code, p]) => [code, p.radius_m])),
    } satisfies Radii,
  };
}

export async function coverage(ctx: UseCaseContext, q: CoverageQuery): Promise<CoverageView> {
  const code = resolveJurisdiction(ctx, q.jurisdiction);
  const kind = q.kind ?? 'institution';
  const prefix = codePrefix(code);
  // Beyond the caller's reach (a district officer reading the city), only the totals are shown:
  // districts and hotspots stay inside their own area.
  const reach = jurisdictionOf(ctx.actor, COCKPIT_READERS);
  const full = mayDrillInto(ctx, code);
  const hotspotPrefixes = full ? [prefix] : reach.prefixes.filter((p) => p.startsWith(prefix));
  let radii: Radii;
  let kinds: FacilityKind[];
  let circleOf: ((district: string) => { area_type: string; minutes: number; radius_m: number }) | null = null;
  if (kind === 'service_circle') {
    // The policy sets radius and kinds: asking for others would answer a different question.
    if (q.radiusM !== undefined || q.kinds?.length)
      throw new AppError('cockpit_circle_is_policy', {}, q.radiusM !== undefined ? 'radiusM' : 'kinds');
    const circles = await serviceCircles(ctx.db);
    radii = circles.radii;
    kinds = circles.kinds;
    circleOf = circles.of;
  } else {
    const radiusM = q.radiusM ?? 1000;
    if (radiusM < 100 || radiusM > 5000) throw new AppError('cockpit_radius_out_of_range', {}, 'radiusM');
    radii = { radiusM };
    kinds = q.kinds?.length ? q.kinds : ['institution'];
  }
  const [figures, names, beds] = await Promise.all([
    coverageFigures(ctx.db, prefix, radii, kinds, hotspotPrefixes),
    ctx.db.selectFrom('jurisdictions').select(['code', 'name']).where('level', '=', 'district').execute(),
    bedsByDistrict(ctx.db, prefix),
  ]);
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  const elders = figures.districts.reduce((s, d) => s + d.elders, 0);
  const covered = figures.districts.reduce((s, d) => s + d.covered, 0);
  const located = figures.districts.reduce((s, d) => s + d.located, 0);
  const districts = figures.districts
    .filter((d) => full || reach.covers(d.code))
    .map((d) => ({
      code: d.code,
      name: nameOf.get(d.code) ?? d.code,
      urban: circleOf ? circleOf(d.code).area_type === 'urban' : (DISTRICT_CENTRES[d.code]?.urban ?? null),
      elders: d.elders,
      covered: d.covered,
      share: share(d.covered, d.elders),
      bedsPer10k: d.elders ? Math.round(((beds.get(d.code) ?? 0) * 10_000 * 100) / d.elders) / 100 : null,
      radiusM: circleOf ? circleOf(d.code).radius_m : radii.radiusM,
      minutes: circleOf ? circleOf(d.code).minutes : null,
    }))
    .sort((a, b) => (a.share ?? 101) - (b.share ?? 101) || a.code.localeCompare(b.code));
  return {
    jurisdiction: code,
    kind,
    radiusM: Math.max(radii.radiusM, ...(radii.byDistrict?.values() ?? [])),
    kinds,
    elders,
    located,
    covered,
    share: share(covered, elders),
    districts,
    hotspots: rankHotspots(figures.cells, q.limit ?? 50),
  };
}

async function bedsByDistrict(db: Db, prefix: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('organisations')
    .select(['district_code', sql<number>`coalesce(sum(bed_count), 0)`.as('beds')])
    .where('kind', '=', 'institution')
    .where('jurisdiction_code', 'like', `${prefix}%`)
    .groupBy('district_code')
    .execute();
  return new Map(rows.map((r) => [r.district_code, Number(r.beds)]));
}

/** Facilities of the area with coordinates, and the district centres as the offline base layer. */
export async function mapFacilities(ctx: UseCaseContext, q: FacilitiesQuery): Promise<FacilityList> {
  const code = resolveJurisdiction(ctx, q.jurisdiction);
  const prefix = codePrefix(code);
  const kinds = q.kinds?.length ? q.kinds : FACILITY_KINDS;
  const [rows, districts] = await Promise.all([
    ctx.db
      .selectFrom('organisations')
      .select(['id', 'kind', 'name', 'district_code', 'lat', 'lng', 'bed_count'])
      .where('kind', 'in', kinds)
      .where('jurisdiction_code', 'like', `${prefix}%`)
      .where('lat', 'is not', null)
      .where('lng', 'is not', null)
      .orderBy('id')
      .limit(50_000)
      .execute(),
    ctx.db
      .selectFrom('jurisdictions')
      .select(['code', 'name', 'lat', 'lng'])
      .where('level', '=', 'district')
      .where('code', 'like', `${prefix.slice(0, 4)}%`)
      .where('lat', 'is not', null)
      .orderBy('code')
      .execute(),
  ]);
  return {
    jurisdiction: code,
    districts: districts.map((d) => ({ code: d.code, name: d.name, lat: d.lat!, lng: d.lng! })),
    facilities: rows.map((r) => ({
      id: r.id,
      kind: r.kind as FacilityKind,
      name: r.name,
      districtCode: r.district_code,
      lat: r.lat!,
      lng: r.lng!,
      beds: r.bed_count,
    })),
  };
}

const FACILITY_KINDS: FacilityKind[] = [
  'institution',
  'street_care_centre',
  'community_care_centre',
  'meal_point',
  'aid_rental_point',
  'family_empowerment_centre',
  'care_advisor_point',
  'service_provider',
  'hospital',
];
