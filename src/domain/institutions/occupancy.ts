// Live occupancy from bed_counts, which the beds trigger (migration 0033) keeps in the same
// transaction as every bed change: the city view sums a few thousand counter rows rather than
// scanning every bed. `recountBeds` rebuilds the counters from the beds, and the tests check the
// two agree.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { UseCaseContext } from '../identity/context.js';
import { prefixesFor } from '../identity/scope.js';
import { INSTITUTION_OFFICERS, staffOrganisationIds } from './access.js';
import { type BedType, NURSING_BED_TYPES } from './kinds.js';
import type { AreaOccupancy, Occupancy } from './schemas.js';

export type { AreaOccupancy, Occupancy } from './schemas.js';

type Db = Kysely<DB> | Transaction<DB>;

const nursingList = sql.join(NURSING_BED_TYPES.map((t) => sql.lit(t)));

/** The aggregate columns every occupancy query selects, over bed_counts rows. */
const counts = sql`sum(n) AS total,
  coalesce(sum(n) FILTER (WHERE status = 'occupied'), 0) AS occupied,
  coalesce(sum(n) FILTER (WHERE status = 'reserved'), 0) AS reserved,
  coalesce(sum(n) FILTER (WHERE status = 'free'), 0) AS free,
  coalesce(sum(n) FILTER (WHERE status = 'out_of_service'), 0) AS out_of_service,
  coalesce(sum(n) FILTER (WHERE bed_type IN (${nursingList})), 0) AS nursing,
  coalesce(sum(n) FILTER (WHERE bed_type = 'medical_care'), 0) AS medical_care,
  coalesce(sum(n) FILTER (WHERE bed_type = 'elderly_care'), 0) AS elderly_care,
  coalesce(sum(n) FILTER (WHERE bed_type = 'dementia'), 0) AS dementia,
  coalesce(sum(n) FILTER (WHERE bed_type = 'ordinary'), 0) AS ordinary`;

interface CountRow {
  total: number;
  occupied: number;
  reserved: number;
  free: number;
  out_of_service: number;
  nursing: number;
  medical_care: number;
  elderly_care: number;
  dementia: number;
  ordinary: number;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

export function occupancyOf(r: CountRow | undefined): Occupancy {
  const c = r ?? {
    total: 0,
    occupied: 0,
    reserved: 0,
    free: 0,
    out_of_service: 0,
    nursing: 0,
    medical_care: 0,
    elderly_care: 0,
    dementia: 0,
    ordinary: 0,
  };
  const total = Number(c.total);
  const outOfService = Number(c.out_of_service);
  const occupied = Number(c.occupied);
  const inService = total - outOfService;
  return {
    total,
    inService,
    occupied,
    reserved: Number(c.reserved),
    free: Number(c.free),
    outOfService,
    nursing: Number(c.nursing),
    medicalCare: Number(c.medical_care),
    elderlyCare: Number(c.elderly_care),
    dementia: Number(c.dementia),
    ordinary: Number(c.ordinary),
    occupancyRate: ratio(occupied, inService),
    nursingShare: ratio(Number(c.nursing), total),
  };
}

/** Occupancy of each listed institution (institutions without beds are absent from the map). */
export async function occupancyByInstitution(db: Db, organisationIds: number[]): Promise<Map<number, Occupancy>> {
  if (!organisationIds.length) return new Map();
  const rows = await sql<CountRow & { organisation_id: number }>`
    SELECT organisation_id, ${counts} FROM bed_counts WHERE organisation_id = ANY(${organisationIds}::bigint[]) GROUP BY organisation_id`.execute(
    db,
  );
  return new Map(rows.rows.map((r) => [Number(r.organisation_id), occupancyOf(r)]));
}

/**
 * Occupancy of the whole area the actor governs, per district and in total. A prefix narrows it
 * (a district code); staff without an officer grant get their own institutions only.
 */
export async function areaOccupancy(ctx: UseCaseContext, within?: string): Promise<AreaOccupancy> {
  const { db, actor } = ctx;
  const prefixes = prefixesFor(actor, INSTITUTION_OFFICERS);
  const own = staffOrganisationIds(actor);
  let scope = sql`true`;
  if (!prefixes.includes('')) {
    const ors = [
      ...prefixes.map((p) => sql`district_code LIKE ${`${p.slice(0, 6)}%`}`),
      ...(own.length ? [sql`organisation_id = ANY(${own}::bigint[])`] : []),
    ];
    scope = ors.length ? sql`(${sql.join(ors, sql` OR `)})` : sql`false`;
  }
  const narrow = within ? sql`AND district_code LIKE ${`${within.slice(0, 6)}%`}` : sql``;
  const rows = await sql<CountRow & { district_code: string; district_name: string | null }>`
    SELECT b.*, j.name AS district_name
    FROM (SELECT district_code, ${counts} FROM bed_counts WHERE ${scope} ${narrow} GROUP BY district_code) b
    LEFT JOIN jurisdictions j ON j.code = b.district_code
    ORDER BY b.district_code`.execute(db);
  const districts = rows.rows.map((r) => ({
    ...occupancyOf(r),
    districtCode: r.district_code,
    districtName: r.district_name,
  }));
  const sum = (k: keyof CountRow) => rows.rows.reduce((s, r) => s + Number(r[k]), 0);
  const total = occupancyOf({
    total: sum('total'),
    occupied: sum('occupied'),
    reserved: sum('reserved'),
    free: sum('free'),
    out_of_service: sum('out_of_service'),
    nursing: sum('nursing'),
    medical_care: sum('medical_care'),
    elderly_care: sum('elderly_care'),
    dementia: sum('dementia'),
    ordinary: sum('ordinary'),
  });
  return { scope: within ?? (prefixes.includes('') ? 'all' : prefixes.join(',') || 'own'), total, districts };
}

export const isNursingType = (t: BedType) => NURSING_BED_TYPES.includes(t);

/** Rebuilds bed_counts from the beds (repair after a bulk load that bypassed triggers). */
export async function recountBeds(db: Db): Promise<void> {
  await sql`DELETE FROM bed_counts`.execute(db);
  await sql`INSERT INTO bed_counts (organisation_id, district_code, bed_type, status, n)
    SELECT organisation_id, max(district_code), bed_type, status, count(*) FROM beds GROUP BY organisation_id, bed_type, status`.execute(
    db,
  );
}
