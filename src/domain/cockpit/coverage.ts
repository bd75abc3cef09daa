// 养老地图 coverage: for each elder, whether a facility lies within a radius of home (001 专栏3: an
// institution within 1 km in the main urban districts), the share covered per district, and the
// uncovered elders gathered into H3 resolution-9 cells ranked for siting the next facility.
//
// Set-based on both engines (no PostGIS): facilities are copied into the 3×3 block of grid cells
// around their own (cell side ≥ radius), elders hash-join on their cell and keep a facility only
// when the haversine distance is within the radius. Uncovered elders are counted per fine grid
// square (GRID_DEG, about 20 m) in SQL; a square whose four corners fall in one H3 cell lies
// inside it (cells are convex at this scale), the others are split point by point, so every elder
// lands in the H3 cell of their own home, as a per-elder computation would put them.
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import type { Db, UseCaseContext } from '../identity/context.js';
import { COCKPIT_READERS } from '../identity/permissions.js';
import { codePrefix, jurisdictionOf } from '../identity/scope.js';
import { DISTRICT_CENTRES } from '../jurisdictions/centres.js';
import { mayDrillInto, resolveJurisdiction } from './kpis.js';
import type { CoverageQuery, CoverageView, FacilitiesQuery, FacilityKind, FacilityList } from './schemas.js';

export const EARTH_RADIUS_M = 6_371_008.8;
const M_PER_DEG_LAT = 111_320;
/** Side of the squares uncovered elders are counted in before the H3 assignment, in degrees. */
export const GRID_DEG = 0.0002;
export const H3_RESOLUTION = 9;

/** Haversine distance in metres (the formula the SQL uses). */
export function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface CoverageFigures {
  districts: { code: string; elders: number; located: number; covered: number }[];
  /** Uncovered elders per grid square, with their points (to split squares cut by a cell edge). */
  squares: { gy: number; gx: number; n: number; lats: number[]; lngs: number[] }[];
}

/**
 * Elders under `prefix` against facilities of `kinds` within `radiusM`: per district counts, and
 * the uncovered elders per grid square (only those under `hotspotPrefixes`, '' for all).
 */
export async function coverageFigures(
  db: Db,
  prefix: string,
  radiusM: number,
  kinds: readonly string[],
  hotspotPrefixes: readonly string[],
): Promise<CoverageFigures> {
  // Cell sides in degrees: the longitude side is widened for latitudes up to 60°, so that any
  // facility within the radius lies in the 3×3 block around the elder's cell.
  const dLat = radiusM / M_PER_DEG_LAT;
  const dLng = radiusM / (M_PER_DEG_LAT * 0.5);
  const like = `${prefix}%`;
  const hot = hotspotPrefixes.includes('')
    ? sql`true`
    : hotspotPrefixes.length
      ? sql`(${sql.join(
          hotspotPrefixes.map((p) => sql`e.community_code LIKE ${`${p}%`}`),
          sql` OR `,
        )})`
      : sql`false`;
  const r = await sql<{
    district_code: string | null;
    gy: number | null;
    gx: number | null;
    n: number;
    located: number;
    covered: number;
    lats: number[] | null;
    lngs: number[] | null;
  }>`
    WITH fc AS (
      SELECT o.lat, o.lng,
             floor(o.lat / ${dLat}::float8)::int + dy AS cy,
             floor(o.lng / ${dLng}::float8)::int + dx AS cx
        FROM organisations o,
             (VALUES (-1), (0), (1)) AS a (dy),
             (VALUES (-1), (0), (1)) AS b (dx)
       WHERE o.kind = ANY(${[...kinds]}::text[]) AND o.lat IS NOT NULL AND o.lng IS NOT NULL
    ), hit AS (
      -- A semi-join (hash on the cell): the elders with a facility within the radius.
      SELECT e.id FROM elders e
       WHERE e.status = 'active' AND e.community_code LIKE ${like} AND e.lat IS NOT NULL AND e.lng IS NOT NULL
         AND EXISTS (
               SELECT 1 FROM fc
                WHERE fc.cy = floor(e.lat / ${dLat}::float8)::int AND fc.cx = floor(e.lng / ${dLng}::float8)::int
                  AND 2 * ${EARTH_RADIUS_M}::float8 * asin(least(1, sqrt(
                        power(sin(radians(fc.lat - e.lat) / 2), 2)
                        + cos(radians(e.lat)) * cos(radians(fc.lat)) * power(sin(radians(fc.lng - e.lng) / 2), 2))))
                      <= ${radiusM}::float8)
    ), e AS (
      SELECT e.district_code, e.lat, e.lng, ${hot} AS hot, h.id IS NOT NULL AS covered
        FROM elders e LEFT JOIN hit h ON h.id = e.id
       WHERE e.status = 'active' AND e.community_code LIKE ${like}
    ), u AS (
      SELECT district_code, covered, lat, lng, lat IS NOT NULL AND lng IS NOT NULL AS located,
             CASE WHEN hot AND NOT covered AND lat IS NOT NULL AND lng IS NOT NULL
                  THEN floor(lat / ${GRID_DEG}::float8)::int END AS gy,
             CASE WHEN hot AND NOT covered AND lat IS NOT NULL AND lng IS NOT NULL
                  THEN floor(lng / ${GRID_DEG}::float8)::int END AS gx
        FROM e
    )
    SELECT district_code, gy, gx, count(*) AS n,
           count(*) FILTER (WHERE located) AS located, count(*) FILTER (WHERE covered) AS covered,
           CASE WHEN GROUPING(gy) = 0 THEN array_agg(lat) FILTER (WHERE gy IS NOT NULL) END AS lats,
           CASE WHEN GROUPING(gy) = 0 THEN array_agg(lng) FILTER (WHERE gy IS NOT NULL) END AS lngs
      FROM u GROUP BY GROUPING SETS ((district_code), (gy, gx))`.execute(db);
  const districts: CoverageFigures['districts'] = [];
  const squares: CoverageFigures['squares'] = [];
  for (const row of r.rows) {
    if (row.district_code != null)
      districts.push({
        code: row.district_code,
        elders: Number(row.n),
        located: Number(row.located),
        covered: Number(row.covered),
      });
    else if (row.gy != null && row.gx != null)
      squares.push({ gy: row.gy, gx: row.gx, n: Number(row.n), lats: row.lats ?? [], lngs: row.lngs ?? [] });
  }
  return { districts, squares };
}

/** Uncovered elders per H3 cell, most first (ties by cell id, so the order is stable). */
export function rankHotspots(squares: CoverageFigures['squares'], limit: number) {
  const cells = new Map<string, number>();
  const add = (h3: string, n: number) => cells.set(h3, (cells.get(h3) ?? 0) + n);
  const corners = new Map<string, string>();
  const corner = (gy: number, gx: number) => {
    const key = `${gy}:${gx}`;
    let h3 = corners.get(key);
    if (h3 === undefined) {
      h3 = latLngToCell(gy * GRID_DEG, gx * GRID_DEG, H3_RESOLUTION);
      corners.set(key, h3);
    }
    return h3;
  };
  const perPoint = (s: CoverageFigures['squares'][number]) => {
    for (let i = 0; i < s.lats.length; i++) add(latLngToCell(s.lats[i]!, s.lngs[i]!, H3_RESOLUTION), 1);
  };
  for (const s of squares) {
    // A sparse square costs fewer H3 calls point by point than by its four corners.
    if (s.n <= 4) {
      perPoint(s);
      continue;
    }
    const c = corner(s.gy, s.gx);
    if (corner(s.gy + 1, s.gx) === c && corner(s.gy, s.gx + 1) === c && corner(s.gy + 1, s.gx + 1) === c) add(c, s.n);
    else perPoint(s);
  }
  return [...cells]
    .map(([h3, uncovered]) => ({ h3, uncovered }))
    .sort((a, b) => b.uncovered - a.uncovered || a.h3.localeCompare(b.h3))
    .slice(0, limit);
}

const share = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 100);

export async function coverage(ctx: UseCaseContext, q: CoverageQuery): Promise<CoverageView> {
  const code = resolveJurisdiction(ctx, q.jurisdiction);
  const radiusM = q.radiusM ?? 1000;
  if (radiusM < 100 || radiusM > 5000) throw new AppError('cockpit_radius_out_of_range', {}, 'radiusM');
  const kinds: FacilityKind[] = q.kinds?.length ? q.kinds : ['institution'];
  const prefix = codePrefix(code);
  // Beyond the caller's reach (a district officer reading the city), only the totals are shown:
  // districts and hotspots stay inside their own area.
  const reach = jurisdictionOf(ctx.actor, COCKPIT_READERS);
  const full = mayDrillInto(ctx, code);
  const hotspotPrefixes = full ? [prefix] : reach.prefixes.filter((p) => p.startsWith(prefix));
  const [figures, names, beds] = await Promise.all([
    coverageFigures(ctx.db, prefix, radiusM, kinds, hotspotPrefixes),
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
      urban: DISTRICT_CENTRES[d.code]?.urban ?? null,
      elders: d.elders,
      covered: d.covered,
      share: share(d.covered, d.elders),
      bedsPer10k: d.elders ? Math.round(((beds.get(d.code) ?? 0) * 10_000 * 100) / d.elders) / 100 : null,
    }))
    .sort((a, b) => (a.share ?? 101) - (b.share ?? 101) || a.code.localeCompare(b.code));
  return {
    jurisdiction: code,
    radiusM,
    kinds,
    elders,
    located,
    covered,
    share: share(covered, elders),
    districts,
    hotspots: rankHotspots(figures.squares, q.limit ?? 50),
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
