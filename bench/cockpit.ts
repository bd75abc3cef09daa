// Cockpit benchmark on PostgreSQL: the KPI snapshot of the city with all its districts (goal < 1 s)
// and 1 km institution coverage for every elder with the uncovered H3 hotspots (goal < 5 s), each
// against a raw-SQL baseline in the same run, and the coverage checked against a brute-force
// computation in JS (same covered count per district, same uncovered count per H3 cell).
//   node --import tsx bench/cockpit.ts [--elders N] [--institutions N] [--facilities N] [--runs N] [--keep] [--reuse]
// Creates (and drops, unless --keep) its own database yiyang_bench_cockpit on the server.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { coverage, coverageFigures, distanceM, rankHotspots } from '../src/domain/cockpit/coverage.js';
import { kpiBreakdown } from '../src/domain/cockpit/kpis.js';
import { homeCell } from '../src/domain/elders/home-cell.js';
import { makeContext } from '../src/domain/identity/context.js';
import { actorForUser, createUser } from '../src/domain/identity/sessions.js';
import { loadCity } from '../src/domain/jurisdictions/load.js';

const { values } = parseArgs({
  options: {
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    elders: { type: 'string', default: '2350000' },
    institutions: { type: 'string', default: '400' },
    facilities: { type: 'string', default: '2400' },
    workers: { type: 'string', default: '8000' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const NAME = 'yiyang_bench_cockpit';
const adminUrl = values['admin-url']!;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${NAME}`;
  return u.toString();
})();
const log = (...a: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number[]; median: number; last: T }> {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await work();
    ms.push(Math.round(performance.now() - t0));
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { ms, median: sorted[Math.floor(sorted.length / 2)]!, last };
}

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const reuse =
  values.reuse && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [NAME])).rowCount === 1;
if (!reuse) {
  await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${NAME}`);
}
const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 8, statementTimeoutMs: 0 });
const { db } = database;
try {
  await migrate(database);
  if (!reuse) {
    await loadCity(db, '330100');
    await generate(
      Number(values.elders),
      Number(values.institutions),
      Number(values.facilities),
      Number(values.workers),
    );
  } else log('reusing the kept database');
  await sql`VACUUM ANALYZE`.execute(db);
  log(
    `load average: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  const counts = (
    await sql<{ elders: number; institutions: number; facilities: number }>`
      SELECT (SELECT count(*) FROM elders WHERE status = 'active') AS elders,
             (SELECT count(*) FROM organisations WHERE kind = 'institution') AS institutions,
             (SELECT count(*) FROM organisations) AS facilities`.execute(db)
  ).rows[0]!;
  log('city:', counts);

  const existing = await db.selectFrom('users').select('id').where('username', '=', 'bench-admin').executeTakeFirst();
  const userId =
    existing?.id ??
    (await createUser(db, {
      username: 'bench-admin',
      displayName: 'bench',
      password: 'bench-password-1',
      grants: [{ role: 'city_admin', jurisdictionCode: '330100' }],
    }));
  const actor = (await actorForUser(db, userId, null))!;
  const ctx = makeContext({ db, actor, requestId: 'bench' });
  const runs = Number(values.runs);

  log('KPI snapshot: city totals and every district (kpiBreakdown) …');
  const kpi = await timed(runs, () => kpiBreakdown(ctx, { jurisdiction: '330100', year: 2025 }));
  const kpiBase = await timed(runs, () =>
    sql`SELECT substr(community_code, 1, 6), count(*) FROM elders WHERE status = 'active' AND community_code LIKE '3301%' GROUP BY 1`.execute(
      db,
    ),
  );
  const care = kpi.last.total.find((k) => k.code === 'care_bed_share');
  log(
    `  ${kpi.last.areas.length} districts, city care-bed share ${care?.value} (${care?.status}); runs ${kpi.ms.join(', ')} ms`,
  );

  log('1 km coverage of every elder with H3 hotspots (coverage use case) …');
  const cov = await timed(runs, () => coverage(ctx, { jurisdiction: '330100', radiusM: 1000, limit: 50 }));
  const covBase = await timed(runs, () =>
    sql`SELECT count(*), count(lat) FROM elders WHERE status = 'active' AND community_code LIKE '3301%'`.execute(db),
  );
  log(`  covered ${cov.last.covered} of ${cov.last.elders} (${cov.last.share}%); runs ${cov.ms.join(', ')} ms`);

  log('15/20-minute service circle of every elder (coverage use case, kind=service_circle) …');
  const circle = await timed(runs, () => coverage(ctx, { jurisdiction: '330100', kind: 'service_circle', limit: 50 }));
  log(
    `  covered ${circle.last.covered} of ${circle.last.elders} (${circle.last.share}%); runs ${circle.ms.join(', ')} ms`,
  );

  log('brute force: every elder against every institution within the bounding box, H3 per elder …');
  const t0 = performance.now();
  const brute = await bruteForce(1000);
  const bruteMs = Math.round(performance.now() - t0);
  const figures = await coverageFigures(db, '3301', 1000, ['institution'], ['']);
  const cells = rankHotspots(figures.cells, Number.MAX_SAFE_INTEGER);
  const sameCells = cells.length === brute.cells.size && cells.every((c) => brute.cells.get(c.h3) === c.uncovered);
  const sameDistricts = figures.districts.every((d) => brute.byDistrict.get(d.code) === d.covered);
  const sameTotal = brute.covered === cov.last.covered;
  log(
    `  brute force ${bruteMs} ms: covered ${brute.covered}; same total ${sameTotal}, same per district ${sameDistricts}, same ${cells.length} H3 cells ${sameCells}`,
  );

  const rows = [
    ['measure', 'median ms', 'runs ms', 'raw-SQL baseline ms', 'ratio'],
    [
      `KPI snapshot, city + ${kpi.last.areas.length} districts`,
      String(kpi.median),
      kpi.ms.join(' '),
      `${kpiBase.median} (elders per district GROUP BY)`,
      (kpi.median / Math.max(1, kpiBase.median)).toFixed(1),
    ],
    [
      '1 km coverage + H3 hotspots, whole city',
      String(cov.median),
      cov.ms.join(' '),
      `${covBase.median} (count of active elders)`,
      (cov.median / Math.max(1, covBase.median)).toFixed(1),
    ],
    [
      '15/20-minute service circle, whole city',
      String(circle.median),
      circle.ms.join(' '),
      `${covBase.median} (count of active elders)`,
      (circle.median / Math.max(1, covBase.median)).toFixed(1),
    ],
    ['brute force (check only)', String(bruteMs), '', '', ''],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n'),
  );
  console.log(
    `goals: KPI snapshot ${kpi.median} ms (< 1000) ${kpi.median < 1000 ? 'PASS' : 'FAIL'}; coverage ${cov.median} ms (< 5000) ${cov.median < 5000 ? 'PASS' : 'FAIL'}; brute force agrees: ${sameTotal && sameDistricts && sameCells}`,
  );
  if (!(sameTotal && sameDistricts && sameCells)) process.exitCode = 1;
} finally {
  await database.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.end();
}

/** Elders around their community's point, institutions and other facilities at community points. */
async function generate(elders: number, institutions: number, facilities: number, workers: number) {
  const t0 = performance.now();
  await sql`CREATE TEMP TABLE bench_communities AS
    SELECT row_number() OVER (ORDER BY code) - 1 AS rn, code, parent_code, district_code, lat, lng
      FROM jurisdictions WHERE level = 'community' AND lat IS NOT NULL`.execute(db);
  const nc = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM bench_communities`.execute(db)).rows[0]!.n);
  log(`generating ${elders.toLocaleString()} elders over ${nc} communities …`);
  const communities = (
    await sql<{ rn: number; lat: number; lng: number }>`SELECT rn, lat, lng FROM bench_communities ORDER BY rn`.execute(
      db,
    )
  ).rows;
  const chunk = 100_000;
  for (let from = 1; from <= elders; from += chunk) {
    const to = Math.min(elders, from + chunk - 1);
    // Homes up to about ±1.1 km (lat) around the community's point, deterministic per elder; the
    // H3 cell is written with them, as every writer of home coordinates does.
    const is: number[] = [];
    const rns: number[] = [];
    const lats: number[] = [];
    const lngs: number[] = [];
    const cells: string[] = [];
    for (let i = from; i <= to; i++) {
      const c = communities[Number((BigInt(i) * 2654435761n) % BigInt(nc))]!;
      const lat = Math.round((c.lat + (((i * 7919) % 10007) / 10007 - 0.5) * 0.02) * 1e6) / 1e6;
      const lng = Math.round((c.lng + (((i * 104729) % 10009) / 10009 - 0.5) * 0.024) * 1e6) / 1e6;
      is.push(i);
      rns.push(Number(c.rn));
      lats.push(lat);
      lngs.push(lng);
      cells.push(homeCell(lat, lng)!);
    }
    await sql`
      INSERT INTO elders (elder_code, name, id_number, sex, birth_date, district_code, street_code, community_code,
                          address, lat, lng, home_h3_r9)
      SELECT 'BE' || lpad(h.i::text, 10, '0'), '老人' || (h.i % 997), 'B' || lpad(h.i::text, 17, '0'),
             CASE WHEN h.i % 2 = 0 THEN 'F' ELSE 'M' END, date '1930-01-01' + (h.i % 10950),
             c.district_code, c.parent_code, c.code, '地址', h.lat, h.lng, h.cell
        FROM unnest(${is}::int[], ${rns}::bigint[], ${lats}::float8[], ${lngs}::float8[], ${cells}::text[])
             AS h (i, rn, lat, lng, cell)
        JOIN bench_communities c ON c.rn = h.rn`.execute(db);
    if (to % 500_000 < chunk || to === elders) log(`  elders ${to.toLocaleString()} / ${elders.toLocaleString()}`);
  }
  const kinds = ['street_care_centre', 'community_care_centre', 'meal_point', 'aid_rental_point', 'care_advisor_point'];
  await sql`
    INSERT INTO organisations (kind, name, ownership, jurisdiction_code, district_code, lat, lng, bed_count, nursing_bed_count)
    SELECT 'institution', '养老院' || i, CASE WHEN i % 4 = 0 THEN 'public' ELSE 'private' END, c.code, c.district_code,
           c.lat + 0.001, c.lng - 0.001, 50 + (i * 37) % 250, (50 + (i * 37) % 250) * 55 / 100
      FROM generate_series(1, ${institutions}::int) AS i
      JOIN bench_communities c ON c.rn = (i::bigint * 40503) % ${nc}`.execute(db);
  await sql`
    INSERT INTO organisations (kind, name, jurisdiction_code, district_code, lat, lng)
    SELECT (${kinds}::text[])[1 + i % ${kinds.length}], '设施' || i, c.code, c.district_code, c.lat, c.lng
      FROM generate_series(1, ${facilities}::int) AS i
      JOIN bench_communities c ON c.rn = (i::bigint * 69069) % ${nc}`.execute(db);
  await sql`
    INSERT INTO beds (organisation_id, district_code, label, bed_type)
    SELECT o.id, o.district_code, 'B' || g, CASE WHEN g % 10 = 0 THEN 'dementia' WHEN g % 2 = 0 THEN 'elderly_care' ELSE 'ordinary' END
      FROM organisations o, generate_series(1, o.bed_count) AS g WHERE o.kind = 'institution'`.execute(db);
  await sql`
    INSERT INTO workers (name, id_number, sex, birth_date, education, district_code)
    SELECT '护理员' || i, 'W' || lpad(i::text, 17, '0'), 'F', date '1975-01-01', 'high_school', '330102'
      FROM generate_series(1, ${workers}::int) AS i`.execute(db);
  await sql`
    INSERT INTO employments (worker_id, organisation_id, district_code, job_role, frontline, hired_on)
    SELECT w.id, o.id, o.district_code, CASE WHEN w.id % 10 = 0 THEN 'social_worker' ELSE 'caregiver' END, true, date '2022-01-01'
      FROM workers w JOIN (SELECT id, district_code, row_number() OVER (ORDER BY id) - 1 AS rn FROM organisations WHERE kind = 'institution') o
        ON o.rn = w.id % ${institutions}`.execute(db);
  await sql`
    INSERT INTO worker_certificates (worker_id, district_code, kind, skill_level, certificate_no, issued_on)
    SELECT w.id, '330102', CASE WHEN w.id % 10 = 0 THEN 'social_worker' ELSE 'caregiver_skill' END,
           CASE WHEN w.id % 10 = 0 THEN NULL ELSE 1 + w.id % 5 END, 'C' || w.id, date '2022-01-01'
      FROM workers w`.execute(db);
  log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Per elder: any institution within the radius (haversine), and the H3 cell of the uncovered. */
async function bruteForce(radiusM: number) {
  const inst = (
    await sql<{
      lat: number;
      lng: number;
    }>`SELECT lat, lng FROM organisations WHERE kind = 'institution' AND lat IS NOT NULL`.execute(db)
  ).rows;
  const dLat = radiusM / 111_000;
  const byDistrict = new Map<string, number>();
  const cells = new Map<string, number>();
  let covered = 0;
  let lastId = 0;
  for (;;) {
    const rows = (
      await sql<{ id: number; district_code: string; lat: number | null; lng: number | null }>`
        SELECT id, district_code, lat, lng FROM elders WHERE status = 'active' AND id > ${lastId} ORDER BY id LIMIT 200000`.execute(
        db,
      )
    ).rows;
    if (!rows.length) break;
    lastId = Number(rows.at(-1)!.id);
    for (const e of rows) {
      if (!byDistrict.has(e.district_code)) byDistrict.set(e.district_code, 0);
      if (e.lat == null || e.lng == null) continue;
      const dLng = dLat / Math.cos((e.lat * Math.PI) / 180);
      const hit = inst.some(
        (f) =>
          Math.abs(f.lat - e.lat!) <= dLat &&
          Math.abs(f.lng - e.lng!) <= dLng &&
          distanceM(e.lat!, e.lng!, f.lat, f.lng) <= radiusM,
      );
      if (hit) {
        covered++;
        byDistrict.set(e.district_code, byDistrict.get(e.district_code)! + 1);
      } else {
        const h3 = latLngToCell(e.lat, e.lng, 9);
        cells.set(h3, (cells.get(h3) ?? 0) + 1);
      }
    }
  }
  return { covered, byDistrict, cells };
}
