// Benchmark: after a change of the level rules' version, re-derive the level of N stored, signed
// assessments set-based (one INSERT … SELECT, the same code the app runs when a city administrator
// activates a version), and compare with a raw UPDATE of the same number of level rows. Goal: ≤ 2×.
//
//   node --import tsx bench/assessment-relevel.ts [--rows 1000000] [--reps 3] [--admin-url URL] [--keep]
//
// Creates and drops (unless --keep) its own database `yiyang_bench_assess` on the PostgreSQL server.

import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { randomItems } from '../src/domain/assessment/fixtures.js';
import { type LevelRules, RULES_V1, scoreAssessment } from '../src/domain/assessment/rules.js';
import { activateRules, deriveLevels } from '../src/domain/assessment/rules-store.js';
import { loadCity } from '../src/domain/jurisdictions/load.js';
import { seededRandom } from '../src/lib/random.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    reps: { type: 'string', default: '3' },
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    keep: { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const REPS = Number(values.reps);
const DB_NAME = 'yiyang_bench_assess';
const ELDERS = Math.ceil(ROWS / 4); // four assessments per elder on average
const FORMS = 1000; // distinct answer sets, scored in TypeScript once; rows pick one each

/** A rules version that moves every band boundary and counts care-risk events per kind. */
const V2: LevelRules = {
  ...RULES_V1,
  version: 'GB/T 42195-2022 bench v2',
  bands: [
    { level: 0, min: 88, max: 90, zh: '能力完好', en: 'Intact' },
    { level: 1, min: 64, max: 87, zh: '轻度', en: 'Mild' },
    { level: 2, min: 44, max: 63, zh: '中度', en: 'Moderate' },
    { level: 3, min: 28, max: 43, zh: '重度', en: 'Severe' },
    { level: 4, min: 0, max: 27, zh: '完全', en: 'Total' },
  ],
  raise: { ...RULES_V1.raise, riskEventCounting: 'per_kind' },
};

async function time<T>(label: string, work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  console.log(`  ${label.padEnd(58)} ${(ms / 1000).toFixed(2).padStart(7)} s`);
  return { ms, result };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seed(database: Database): Promise<void> {
  const { db } = database;
  await loadCity(db, '330100');
  await time(`${ELDERS.toLocaleString()} elders (generate_series)`, () =>
    sql`
      WITH c AS (SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, district_code, parent_code FROM jurisdictions WHERE level = 'community'),
      n AS (SELECT count(*) AS k FROM c)
      INSERT INTO elders (elder_code, name, id_number, sex, birth_date, district_code, street_code, community_code, address)
      SELECT 'BENCH' || lpad(g::text, 8, '0'), '评估基准' || g, 'B' || lpad(g::text, 17, '0'), CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END,
             DATE '1930-01-01' + (g % 12000), c.district_code, c.parent_code, c.code, '基准地址'
      FROM generate_series(1, ${ELDERS}) g CROSS JOIN n JOIN c ON c.i = g % n.k`.execute(db),
  );
  // The answer sets are scored by the same pure scorer as the app, so totals are consistent.
  const rand = seededRandom(20240601);
  const forms = Array.from({ length: FORMS }, () => {
    const items = randomItems(rand);
    return { items, r: scoreAssessment({ items }) };
  });
  await sql`CREATE TEMP TABLE bench_forms (i int PRIMARY KEY, items jsonb, b1 int, b2 int, b3 int, b4 int, total int, coma boolean)`.execute(
    db,
  );
  await sql`INSERT INTO bench_forms SELECT * FROM unnest(${forms.map((_, i) => i)}::int[], ${forms.map((f) => JSON.stringify(f.items))}::jsonb[],
    ${forms.map((f) => f.r.dimensions['B.1'])}::int[], ${forms.map((f) => f.r.dimensions['B.2'])}::int[], ${forms.map((f) => f.r.dimensions['B.3'])}::int[],
    ${forms.map((f) => f.r.dimensions['B.4'])}::int[], ${forms.map((f) => f.r.total)}::int[], ${forms.map((f) => f.items['B.3.9'] === 0)}::boolean[])`.execute(
    db,
  );
  await time(`${ROWS.toLocaleString()} signed assessments (INSERT … SELECT)`, () =>
    sql`
      INSERT INTO assessments (elder_id, district_code, status, items, coma, diagnoses, risk_fall, risk_wandering, risk_choking, risk_self_harm, risk_other,
        score_b1, score_b2, score_b3, score_b4, total, rules_version, preliminary_level, final_level, reason_codes, assessed_on, place, signed_at)
      SELECT e.id, e.district_code, 'signed', f.items, f.coma AND g % 3 = 0,
        CASE WHEN g % 10 = 0 THEN ARRAY['F01'] WHEN g % 20 = 1 THEN ARRAY['F20'] WHEN g % 7 = 0 THEN ARRAY['I63'] ELSE ARRAY[]::text[] END,
        (g % 5 = 0)::int + (g % 11 = 0)::int, (g % 13 = 0)::int, (g % 17 = 0)::int, 0, (g % 23 = 0)::int,
        f.b1, f.b2, f.b3, f.b4, f.total, ${RULES_V1.version}, 0, 0, ARRAY[]::text[],
        DATE '2023-01-01' + (g % 700), '家中', TIMESTAMPTZ '2023-01-02 00:00+08' + (g % 700) * interval '1 day'
      FROM generate_series(1, ${ROWS}) g
      JOIN elders e ON e.elder_code = 'BENCH' || lpad((1 + (g - 1) % ${ELDERS})::text, 8, '0')
      JOIN bench_forms f ON f.i = g % ${FORMS}`.execute(db),
  );
  await time(`levels under ${RULES_V1.version} (the stored state)`, () => deriveLevels(db, RULES_V1.version));
  await db
    .insertInto('assessment_rule_versions')
    .values({ version: V2.version, standard: V2.standard, rules: JSON.stringify(V2), source: 'benchmark' })
    .execute();
  await sql`VACUUM ANALYZE`.execute(db);
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: values['admin-url'] });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  const url = new URL(values['admin-url']!);
  url.pathname = `/${DB_NAME}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  try {
    const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db))
      .rows[0]!.v;
    console.log(
      `assessment re-level benchmark: ${ROWS.toLocaleString()} signed assessments, PostgreSQL ${version}, ${REPS} repetitions\n\nseeding`,
    );
    await migrate(database);
    await seed(database);
    const { db } = database;
    const relevel: number[] = [];
    const update: number[] = [];
    let changedLevels = 0;
    for (let rep = 1; rep <= REPS; rep++) {
      console.log(`repetition ${rep}`);
      const r = await time(`re-derive under ${V2.version} (activate, set-based)`, () =>
        db.transaction().execute((tx) => activateRules(tx, V2.version)),
      );
      if (r.result !== ROWS) throw new Error(`re-derived ${r.result} rows, expected ${ROWS}`);
      relevel.push(r.ms);
      if (rep === 1) {
        const diff = await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM assessment_levels a JOIN assessment_levels b ON b.assessment_id = a.assessment_id
          WHERE a.rules_version = ${RULES_V1.version} AND b.rules_version = ${V2.version} AND a.final_level <> b.final_level`.execute(
          db,
        );
        changedLevels = diff.rows[0]!.n;
      }
      // The baseline: the cheapest write of the same rows, no computation at all.
      const u = await time('raw UPDATE of the same level rows (SET final_level = final_level)', () =>
        sql`UPDATE assessment_levels SET final_level = final_level WHERE rules_version = ${V2.version}`.execute(db),
      );
      update.push(u.ms);
      // Back to the stored state for the next repetition (not timed).
      await db.transaction().execute(async (tx) => {
        await sql`DELETE FROM assessment_levels WHERE rules_version = ${V2.version}`.execute(tx);
        await activateRules(tx, RULES_V1.version);
      });
      await sql`VACUUM ANALYZE assessment_levels`.execute(db);
    }
    const m = { relevel: median(relevel), update: median(update) };
    console.log(
      `\nmedian re-derive ${(m.relevel / 1000).toFixed(2)} s, raw UPDATE ${(m.update / 1000).toFixed(2)} s, ratio ${(m.relevel / m.update).toFixed(2)}× (goal ≤ 2×)`,
    );
    console.log(
      `throughput ${Math.round(ROWS / (m.relevel / 1000)).toLocaleString()} levels/s; ${changedLevels.toLocaleString()} final levels differ between the two versions`,
    );
  } finally {
    await database.close();
    if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
