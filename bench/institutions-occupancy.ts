// Institutions benchmark on PostgreSQL: live occupancy and nursing-bed share for the whole city and
// per district (goal < 200 ms), and freeing a bed with the next waiting-list offer while 5,000
// applicants queue for that institution (goal < 50 ms p99).
//   node --import tsx bench/institutions-occupancy.ts [--elders N] [--institutions N] [--runs N] [--keep] [--reuse]
// Creates (and drops, unless --keep) its own database yiyang_bench_inst on the server; --reuse
// measures again on a database kept by an earlier --keep run (generation takes minutes).
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { makeContext } from '../src/domain/identity/context.js';
import { actorForUser, createUser } from '../src/domain/identity/sessions.js';
import { areaOccupancy, occupancyByInstitution } from '../src/domain/institutions/occupancy.js';
import { inOfferTransaction, offerNextForBed } from '../src/domain/institutions/offers.js';
import { dischargeResident } from '../src/domain/institutions/residents.js';
import { loadCity } from '../src/domain/jurisdictions/load.js';
import { generateCity } from './institutions-data.js';

const { values } = parseArgs({
  options: {
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    elders: { type: 'string', default: '2350000' },
    institutions: { type: 'string', default: '400' },
    queued: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const NAME = 'yiyang_bench_inst';
const adminUrl = values['admin-url']!;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${NAME}`;
  return u.toString();
})();

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return {
    n: s.length,
    median: +at(0.5).toFixed(2),
    p95: +at(0.95).toFixed(2),
    p99: +at(0.99).toFixed(2),
    max: +s.at(-1)!.toFixed(2),
  };
}

async function measure(runs: number, work: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work(i);
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const reuse =
  values.reuse && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [NAME])).rowCount === 1;
if (!reuse) {
  await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${NAME}`);
}
const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 4 });
const { db } = database;
try {
  let city: { targetInstitution: number };
  if (reuse) {
    const t = await sql<{
      id: number;
    }>`SELECT organisation_id AS id FROM waitlist_choices GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`.execute(db);
    city = { targetInstitution: Number(t.rows[0]!.id) };
    console.log('reusing the kept database');
  } else {
    const t0 = performance.now();
    await migrate(database);
    await loadCity(db, '330100');
    const generated = await generateCity(db, {
      elders: Number(values.elders),
      institutions: Number(values.institutions),
      occupancy: 0.85,
      queued: Number(values.queued),
      otherApplicants: 15_000,
    });
    console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s:`, generated.timings);
    city = generated;
  }
  // Other work on the machine moves the tail latencies: say how busy it was.
  console.log(
    `load average: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  const counts = await sql<{ elders: number; beds: number; residents: number; waiting: number; queued: number }>`
    SELECT (SELECT count(*) FROM elders) AS elders, (SELECT count(*) FROM beds) AS beds,
      (SELECT count(*) FROM residencies WHERE discharged_on IS NULL) AS residents,
      (SELECT count(*) FROM waitlist_applications WHERE status = 'waiting') AS waiting,
      (SELECT count(*) FROM waitlist_choices WHERE organisation_id = ${city.targetInstitution}) AS queued`.execute(db);
  console.log('city:', counts.rows[0]);

  const existing = await db.selectFrom('users').select('id').where('username', '=', 'bench-admin').executeTakeFirst();
  const userId =
    existing?.id ??
    (await createUser(db, {
      username: 'bench-admin',
      displayName: 'bench',
      password: 'bench-password-1',
      grants: [{ role: 'city_admin', jurisdictionCode: '330100' }],
    }));
  const cityAdmin = (await actorForUser(db, userId, null))!;
  // A fresh context per call, as each request gets one.
  const asAdmin = () => makeContext({ db, actor: cityAdmin, requestId: 'bench' });
  const districts = (
    await sql<{ code: string }>`SELECT code FROM jurisdictions WHERE level = 'district' ORDER BY code`.execute(db)
  ).rows.map((r) => r.code);
  const runs = Number(values.runs);
  const results: Record<string, ReturnType<typeof stats>> = {};

  const whole = await areaOccupancy(asAdmin());
  console.log(
    `city occupancy: ${whole.total.occupied}/${whole.total.inService} in service (${whole.total.occupancyRate}), nursing share ${whole.total.nursingShare}, ${whole.districts.length} districts`,
  );
  results['city + per-district occupancy (one GROUP BY)'] = await measure(runs, () => areaOccupancy(asAdmin()));
  results['one district occupancy'] = await measure(runs, (i) =>
    areaOccupancy(asAdmin(), districts[i % districts.length]),
  );
  const orgIds = (
    await sql<{ id: number }>`SELECT id FROM organisations WHERE kind = 'institution' ORDER BY id`.execute(db)
  ).rows.map((r) => Number(r.id));
  results['per-institution occupancy, all institutions'] = await measure(Math.min(runs, 50), () =>
    occupancyByInstitution(db, orgIds),
  );

  // Free a bed of the target institution and offer it to the next of its 5,000 applicants: the
  // whole discharge use case (residency, bed, offer, events, audit, then the record it returns).
  const stays = (
    await sql<{
      id: number;
    }>`SELECT id FROM residencies WHERE organisation_id = ${city.targetInstitution} AND discharged_on IS NULL ORDER BY id`.execute(
      db,
    )
  ).rows.map((r) => Number(r.id));
  const n = Math.min(runs, stays.length);
  const activeOffers = async () =>
    Number(
      (
        await sql<{
          n: number;
        }>`SELECT count(*) AS n FROM bed_offers WHERE organisation_id = ${city.targetInstitution} AND status = 'active'`.execute(
          db,
        )
      ).rows[0]!.n,
    );
  const offersBefore = await activeOffers();
  results[`discharge → next offer (use case, ${values.queued} queued)`] = await measure(n, (i) =>
    dischargeResident(asAdmin(), stays[i]!, { dischargedOn: '2026-01-15', reason: 'returned_home' }),
  );
  console.log(`offers made by the ${n} discharges: ${(await activeOffers()) - offersBefore}`);

  // The offer step alone: a bed made free again, offered in its own transaction.
  const freeBeds = (
    await sql<{
      id: number;
    }>`SELECT id FROM beds WHERE organisation_id = ${city.targetInstitution} AND status = 'free' ORDER BY id`.execute(
      db,
    )
  ).rows.map((r) => Number(r.id));
  const reserved = (
    await sql<{
      id: number;
    }>`SELECT bed_id AS id FROM bed_offers WHERE organisation_id = ${city.targetInstitution} AND status = 'active' ORDER BY id LIMIT ${runs}`.execute(
      db,
    )
  ).rows.map((r) => Number(r.id));
  const pool = [...freeBeds, ...reserved];
  // Release the reserved beds (withdrawn offers) so each can be offered anew.
  await sql`UPDATE bed_offers SET status = 'withdrawn', responded_at = now() WHERE organisation_id = ${city.targetInstitution} AND status = 'active'`.execute(
    db,
  );
  await sql`UPDATE waitlist_applications SET status = 'waiting' WHERE status = 'offered'`.execute(db);
  await sql`UPDATE beds SET status = 'free', vacated_at = now() WHERE id = ANY(${pool}::bigint[])`.execute(db);
  results['offerNextForBed alone (5,000 queued)'] = await measure(Math.min(runs, pool.length), (i) =>
    inOfferTransaction(db, (tx) => offerNextForBed(tx, null, pool[i]!, new Date())),
  );

  console.table(results);
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  const cityMs = results['city + per-district occupancy (one GROUP BY)']!.p99;
  const offerMs = results[`discharge → next offer (use case, ${values.queued} queued)`]!.p99;
  console.log(
    `goals: occupancy p99 ${cityMs} ms (< 200) ${cityMs < 200 ? 'PASS' : 'FAIL'}; free + offer p99 ${offerMs} ms (< 50) ${offerMs < 50 ? 'PASS' : 'FAIL'}`,
  );
} finally {
  await database.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.end();
}
