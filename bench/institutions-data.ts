// Data for the institutions benchmark, generated in the database with generate_series: a city of
// elders, its institutions (seedInstitutionBeds makes their beds), residents in most beds, and a
// queue of waiting-list applicants for one public institution. Each step is one set-based statement.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { seedInstitutionBeds } from '../src/domain/institutions/seed.js';

export interface CitySize {
  elders: number;
  institutions: number;
  /** Share of in-service beds with a resident. */
  occupancy: number;
  /** Applicants queued for the target institution. */
  queued: number;
  /** Other applicants spread over the other public institutions. */
  otherApplicants: number;
}

export interface Generated {
  targetInstitution: number;
  beds: number;
  residents: number;
  timings: Record<string, number>;
}

async function timed<T>(timings: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await work();
  timings[name] = Math.round(performance.now() - t0);
  return r;
}

export async function generateCity(db: Kysely<DB>, size: CitySize): Promise<Generated> {
  const timings: Record<string, number> = {};
  await timed(timings, 'elders', () =>
    sql`INSERT INTO elders (elder_code, name, id_number, sex, birth_date, district_code, street_code, community_code, address)
      SELECT 'YB' || lpad(g::text, 11, '0'), '老人' || g, '9' || lpad(g::text, 17, '0'),
        CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, date '1930-01-01' + (g % 12000),
        left(c.code, 6), left(c.code, 9), c.code, '住址 ' || g
      FROM generate_series(1, ${size.elders}) g
      CROSS JOIN LATERAL (SELECT codes[1 + g % cardinality(codes)] AS code FROM (SELECT array_agg(code ORDER BY code) AS codes FROM jurisdictions WHERE level = 'community') a) c`.execute(
      db,
    ),
  );
  // Institutions: 27% public, 26% 公建民营, the rest private (the 2020 mix), 60–440 beds, ~58% nursing.
  await timed(timings, 'institutions', () =>
    sql`INSERT INTO organisations (kind, name, ownership, jurisdiction_code, district_code, lat, lng, bed_count, nursing_bed_count, seed_key)
      SELECT 'institution', '机构' || g,
        CASE WHEN g % 100 < 27 THEN 'public' WHEN g % 100 < 53 THEN 'public_built_private_run' ELSE 'private' END,
        s.code, s.district_code, s.lat, s.lng, 60 + (g * 37) % 380, ((60 + (g * 37) % 380) * 58) / 100, 'bench-inst-' || g
      FROM generate_series(1, ${size.institutions}) g
      CROSS JOIN LATERAL (SELECT streets[1 + (g * 97) % cardinality(streets)] AS code FROM (SELECT array_agg(code ORDER BY code) AS streets FROM jurisdictions WHERE level = 'street') a) x
      JOIN jurisdictions s ON s.code = x.code`.execute(db),
  );
  const beds = await timed(timings, 'beds (seedInstitutionBeds)', () => seedInstitutionBeds(db));
  await sql`UPDATE beds SET status = 'out_of_service' WHERE id % 97 = 0`.execute(db);
  // Residents: the first share of each institution's in-service beds, one distinct elder each.
  const residents = await timed(timings, 'residents', async () => {
    const r = await sql<{ n: number }>`
      WITH chosen AS (
        SELECT b.id AS bed_id, b.organisation_id, b.district_code, row_number() OVER (ORDER BY b.id) AS k
        FROM beds b
        WHERE b.status = 'free' AND (b.id % 100) < ${Math.round(size.occupancy * 100)}
      ), ins AS (
        INSERT INTO residencies (elder_id, organisation_id, district_code, bed_id, admitted_on, placement)
        SELECT k, organisation_id, district_code, bed_id, date '2024-01-01' + (k % 600)::int, 'direct' FROM chosen
        RETURNING id, elder_id, organisation_id, district_code, bed_id, admitted_on
      ), safety AS (
        INSERT INTO admission_safety_assessments (residency_id, elder_id, organisation_id, district_code, assessed_on, assessor_name,
          choking, wrong_intake, pressure_sore, scald, bed_fall, fall, injury, wandering, activity_accident)
        SELECT id, elder_id, organisation_id, district_code, admitted_on, '评估员', 1, 0, 1, 0, 1, 2, 0, 1, 0 FROM ins
        RETURNING 1
      )
      SELECT count(*) AS n FROM safety`.execute(db);
    await sql`UPDATE beds SET status = 'occupied' WHERE id IN (SELECT bed_id FROM residencies WHERE discharged_on IS NULL)`.execute(
      db,
    );
    return Number(r.rows[0]!.n);
  });
  // The target: the public institution with the most residents; its queue gets `queued` applicants.
  const target = await sql<{ id: number }>`
    SELECT o.id FROM organisations o JOIN residencies r ON r.organisation_id = o.id
    WHERE o.ownership = 'public' GROUP BY o.id ORDER BY count(*) DESC, o.id LIMIT 1`.execute(db);
  const targetInstitution = Number(target.rows[0]!.id);
  await timed(timings, 'applicants', async () => {
    const firstFree = residents + 1;
    const total = size.queued + size.otherApplicants;
    await sql`
      INSERT INTO waitlist_applications (elder_id, district_code, applied_on, queued_at, status, eligible, priority_tier, priority_label, priority_reasons, policy_version)
      SELECT e.id, e.district_code, date '2024-01-01' + (g % 600), timestamptz '2024-01-01 08:00+08' + g * interval '7 minutes', 'waiting', true,
        (ARRAY[1, 2, 3, 4, 4, 5, 5, 5, 6, 9])[1 + g % 10], '基准', '[]'::jsonb, 'hangzhou-2021.1'
      FROM generate_series(0, ${total - 1}) g JOIN elders e ON e.id = ${firstFree} + g`.execute(db);
    // The first `queued` name the target (plus another public institution); the rest spread out.
    await sql`
      INSERT INTO waitlist_choices (application_id, organisation_id, district_code)
      SELECT a.id, ${targetInstitution}, (SELECT district_code FROM organisations WHERE id = ${targetInstitution})
      FROM waitlist_applications a WHERE a.elder_id < ${firstFree + size.queued}`.execute(db);
    await sql`
      INSERT INTO waitlist_choices (application_id, organisation_id, district_code)
      SELECT a.id, p.ids[1 + a.id % cardinality(p.ids)], o.district_code
      FROM waitlist_applications a
      CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM organisations WHERE ownership = 'public' AND kind = 'institution' AND id <> ${targetInstitution}) p
      JOIN organisations o ON o.id = p.ids[1 + a.id % cardinality(p.ids)]
      ON CONFLICT DO NOTHING`.execute(db);
  });
  await timed(timings, 'vacuum analyze', () => sql`VACUUM ANALYZE`.execute(db));
  return { targetInstitution, beds, residents, timings };
}
