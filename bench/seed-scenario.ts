// Scenario `seed`: seeds N elders and compares with a raw INSERT … SELECT generate_series of the
// same numbers of rows into same-shaped tables (LIKE … INCLUDING ALL, with the same foreign
// keys) on the same engine, in the same run: what the demo seeding costs over the engine's floor.
import { sql } from 'kysely';
import type { Database } from '../src/db/engine.js';
import { consoleProgress } from '../src/domain/demo/progress.js';
import { type SeedResult, seedDemoCity } from '../src/domain/demo/seed.js';

export interface SeedMeasure {
  result: SeedResult;
  seedMs: number;
  rawMs: number | null;
}

export async function seedScenario(
  database: Database,
  elders: number,
  seed: number,
  withBaseline: boolean,
): Promise<SeedMeasure> {
  await sql`CHECKPOINT`.execute(database.db);
  const progress = consoleProgress(`seed ${database.engine}`);
  const started = performance.now();
  const result = await seedDemoCity(database, { elders, seed, onProgress: (p) => progress.update(p) }).finally(() =>
    progress.stop(),
  );
  const seedMs = performance.now() - started;
  if (result.skipped || !withBaseline) return { result, seedMs, rawMs: null };
  return { result, seedMs, rawMs: await rawInsert(database, result) };
}

const SURNAMES = `ARRAY['陈','王','张','李','吴','徐','周','沈','朱','金','杨','黄','刘','胡','林','俞','方','蒋','钱','章']`;
const GIVEN = `ARRAY['建国','秀英','国强','桂英','红','伟','建华','玉兰','志明','美华','卫东','丽萍','根生','月娥','国庆','素珍','跃进','秀兰','德明','凤英','军','芳','永康','彩凤','建平','爱华','海林','菊英','振华','桂兰']`;
const FLAGS = `ARRAY['empty_nest','living_alone','disabled','subsistence','empty_nest','empty_nest','dementia','left_behind','near_subsistence','empty_nest']`;
// Random-looking but unique keys (hash prefix + serial), so unique indexes see random inserts as in the seed.
const rnd = (salt: number) => `abs(hashint4(g + ${salt}))`;

/** Milliseconds to insert the same numbers of elders, flags and contacts set-based in SQL. */
async function rawInsert(database: Database, n: SeedResult): Promise<number> {
  const { db } = database;
  await database.execScript(`
    DROP TABLE IF EXISTS bench_raw_contacts, bench_raw_flags, bench_raw_elders;
    CREATE TABLE bench_raw_elders (LIKE elders INCLUDING ALL);
    ALTER TABLE bench_raw_elders ADD FOREIGN KEY (community_code) REFERENCES jurisdictions (code);
    CREATE TABLE bench_raw_flags (LIKE elder_status_flags INCLUDING ALL);
    ALTER TABLE bench_raw_flags ADD FOREIGN KEY (elder_id) REFERENCES bench_raw_elders (id);
    CREATE TABLE bench_raw_contacts (LIKE elder_contacts INCLUDING ALL);
    ALTER TABLE bench_raw_contacts ADD FOREIGN KEY (elder_id) REFERENCES bench_raw_elders (id);`);
  await sql`CHECKPOINT`.execute(db);
  const started = performance.now();
  await sql`
    INSERT INTO bench_raw_elders (elder_code, name, id_number, sex, birth_date, phone, district_code, street_code,
                                  community_code, address, hukou_code, lat, lng, seed_ordinal)
    SELECT 'YY' || upper(to_hex(${sql.raw(rnd(1))})) || g, s || gv, lpad(to_hex(${sql.raw(rnd(2))}), 8, '0') || lpad(g::text, 10, '0'),
           CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, date '1925-01-01' + ${sql.raw(rnd(3))} % 15000,
           '138' || lpad((${sql.raw(rnd(4))} % 100000000)::text, 8, '0'), left(c, 6), left(c, 9), c,
           '清波街道清波门社区劳动路' || (g % 480) || '号', c, 30 + ${sql.raw(rnd(5))} % 10000 / 10000.0, 120 + ${sql.raw(rnd(6))} % 10000 / 10000.0, g
    FROM (SELECT array_agg(code) AS codes FROM jurisdictions WHERE level = 'community' AND code LIKE '3301%') a,
         generate_series(1, ${n.elders}) g,
         LATERAL (SELECT a.codes[1 + ${sql.raw(rnd(9))} % array_length(a.codes, 1)] AS c,
                         (${sql.raw(SURNAMES)})[1 + ${sql.raw(rnd(7))} % 20] AS s, (${sql.raw(GIVEN)})[1 + ${sql.raw(rnd(8))} % 30] AS gv) x`.execute(
    db,
  );
  await sql`
    INSERT INTO bench_raw_flags (elder_id, district_code, flag, effective_from)
    SELECT 1 + ${sql.raw(rnd(10))} % ${n.elders}, '330102', (${sql.raw(FLAGS)})[1 + g % 10], date '2014-01-01' + g % 4000
    FROM generate_series(1, ${n.flags}) g`.execute(db);
  await sql`
    INSERT INTO bench_raw_contacts (elder_id, district_code, name, relation, phone, is_guardian)
    SELECT 1 + ${sql.raw(rnd(11))} % ${n.elders}, '330102', (${sql.raw(SURNAMES)})[1 + g % 20] || (${sql.raw(GIVEN)})[1 + g % 30],
           (ARRAY['配偶','儿子','女儿'])[1 + g % 3], '139' || lpad((${sql.raw(rnd(12))} % 100000000)::text, 8, '0'), g % 7 = 0
    FROM generate_series(1, ${n.contacts}) g`.execute(db);
  const ms = performance.now() - started;
  await database.execScript('DROP TABLE bench_raw_contacts, bench_raw_flags, bench_raw_elders;');
  return ms;
}
