// Community benchmark on PostgreSQL: generating a calendar month's visit tasks for the whole city
// set-based (goal ≤ 2× a raw INSERT … SELECT of the same rows into a table with the same indexes)
// and the city's visit compliance report (goal < 1 s), on a demo city of N elders with its flags.
//   node --import tsx bench/community.ts [--elders N] [--runs N] [--keep]
// Creates (and drops, unless --keep) its own database yiyang_bench_community on the server.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { insertMonthTasks, visitCompliance } from '../src/domain/community/visits.js';
import { seedDemoCity } from '../src/domain/demo/seed.js';
import { makeContext } from '../src/domain/identity/context.js';
import { actorForUser, createUser } from '../src/domain/identity/sessions.js';
import { loadCity } from '../src/domain/jurisdictions/load.js';

const { values } = parseArgs({
  options: {
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    elders: { type: 'string', default: '2350000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const NAME = 'yiyang_bench_community';
const adminUrl = values['admin-url']!;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${NAME}`;
  return u.toString();
})();
const log = (...a: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const elders = Number(values.elders);
const runs = Number(values.runs);

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${NAME}`);
const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 8, statementTimeoutMs: 0 });
const { db } = database;
try {
  await migrate(database);
  await loadCity(db, '330100');
  let t = Date.now();
  await seedDemoCity(database, { elders, seed: 1 });
  log(`seeded ${elders} elders in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const months = ['2026-01', '2026-02', '2026-03', '2026-05', '2026-06'].slice(0, runs);
  const ours: number[] = [];
  const raw: number[] = [];
  await sql`CREATE TABLE raw_tasks (LIKE visit_tasks INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)`.execute(
    db,
  );
  for (const month of months) {
    t = Date.now();
    const r = await insertMonthTasks(db, month, '3301');
    ours.push(Date.now() - t);
    t = Date.now();
    await sql`INSERT INTO raw_tasks (month, kind, seq, elder_id, community_code, street_code, district_code, tier, due_on)
              SELECT month, kind, seq, elder_id, community_code, street_code, district_code, tier, due_on
              FROM visit_tasks WHERE month = ${month}`.execute(db);
    raw.push(Date.now() - t);
    t = Date.now();
    const again = await insertMonthTasks(db, month, '3301');
    log(
      `${month}: ${r.created} tasks in ${ours.at(-1)} ms, raw ${raw.at(-1)} ms (${(ours.at(-1)! / raw.at(-1)!).toFixed(2)}×); rerun added ${again.created} in ${Date.now() - t} ms`,
    );
  }
  await sql`VACUUM ANALYZE visit_tasks`.execute(db);
  const userId = await createUser(db, {
    username: 'bench-city',
    displayName: 'bench',
    password: 'bench-password-1',
    grants: [{ role: 'city_admin', jurisdictionCode: '330100', organisationId: null, elderId: null }],
  });
  const actor = await actorForUser(db, userId, null);
  const ctx = makeContext({ db, actor: actor!, requestId: 'bench' });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = Date.now();
    const c = await visitCompliance(ctx, { month: months[0]!, jurisdiction: '330100' });
    times.push(Date.now() - t);
    if (i === 0) log(`compliance: ${c.total.due} due in ${c.rows.length} districts`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  log(
    `generation median ${median(ours)} ms vs raw ${median(raw)} ms: ${(median(ours) / median(raw)).toFixed(2)}× (goal ≤ 2×)`,
  );
  log(`city compliance median ${median(times)} ms (goal < 1,000 ms), runs ${times.join(', ')}`);
} finally {
  await database.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.end();
}
