// Monthly run benchmark: N synthetic elders (default 1,000,000), the run for two consecutive
// months (the first opens every care account), each timed from preview to posted, with peak
// memory; against a raw INSERT … SELECT of the same number of ledger rows on the same engine
// (rolled back). Usage:
//   node --import tsx bench/monthly-run.ts [--elders 1000000] [--engine postgresql|pglite] [--keep]
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { EngineName } from '../src/db/engine.js';
import { systemContext } from '../src/domain/identity/context.js';
import { ensureAccount } from '../src/domain/ledger/accounts.js';
import { trialBalance } from '../src/domain/ledger/statement.js';
import { postRun, startRun } from '../src/domain/subsidies/runs.js';
import { syntheticPopulation } from '../src/domain/subsidies/synthetic.js';
import { mb, memorySampler, openBenchDatabase, secs } from './monthly-db.js';

const { values } = parseArgs({
  options: {
    elders: { type: 'string', default: '1000000' },
    engine: { type: 'string', default: 'postgresql' },
    keep: { type: 'boolean', default: false },
  },
});
const elders = Number(values.elders);
const engine = values.engine as EngineName;

const bench = await openBenchDatabase(engine, { keep: values.keep });
const { db } = bench.database;
const memory = memorySampler();
const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await work();
  return [r, performance.now() - t0];
};

try {
  console.log(`engine ${engine}, ${elders.toLocaleString()} elders`);
  const [, seedMs] = await time(() =>
    syntheticPopulation(db, {
      elders,
      prefix: '3301',
      onBatch: (n) => process.stderr.write(`\rseeded ${n.toLocaleString()}`),
    }),
  );
  process.stderr.write('\n');
  const districts = (
    await db
      .selectFrom('jurisdictions')
      .select('code')
      .where('level', '=', 'district')
      .where('code', 'like', '3301%')
      .execute()
  ).map((r) => r.code);
  for (const code of [...districts, '330100']) {
    await ensureAccount(db, {
      type: 'budget',
      currency: 'CNY_FEN',
      name: `${code} 预算`,
      ownerType: 'jurisdiction',
      ownerCode: code,
      jurisdictionCode: code,
      districtCode: code === '330100' ? null : code,
      floor: -1_000_000_000_000,
    });
  }
  // Fresh statistics, as autovacuum would have them in a running system (PGlite has no autovacuum).
  await sql`ANALYZE`.execute(db);
  console.log(`seeding (not part of the run): ${secs(seedMs)}`);

  const rows: Record<string, string | number>[] = [];
  for (const month of ['2025-03', '2025-04']) {
    memory.reset();
    const [view, previewMs] = await time(() =>
      startRun(systemContext(db, 'bench'), { month, jurisdictionCode: '330100' }),
    );
    // Approval is a person's act; the benchmark records it directly for every district.
    await db
      .updateTable('subsidy_run_districts')
      .set({ approved_at: new Date() })
      .where('run_id', '=', view.id!)
      .execute();
    const [posted, postMs] = await time(() => postRun(systemContext(db, 'bench'), view.id!));
    const transfers = posted.posted.reduce((s, p) => s + p.posted, 0);
    rows.push({
      month,
      transfers,
      preview: secs(previewMs),
      post: secs(postMs),
      total: secs(previewMs + postMs),
      'peak RSS': mb(memory.peak()),
      totalMs: previewMs + postMs,
    });
  }

  // The baseline: the same number of ledger rows with the same columns (a rule version, a run),
  // one INSERT … SELECT into the same table with the same indexes and foreign keys, rolled back
  // so the books stay as they were.
  const n = Number(rows[1]!.transfers);
  const budget = (
    await db.selectFrom('ledger_accounts').select('id').where('owner_code', '=', '330102').executeTakeFirstOrThrow()
  ).id;
  const version = (await db.selectFrom('policy_versions').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  let rawMs = 0;
  await db
    .transaction()
    .execute(async (tx) => {
      const t0 = performance.now();
      await sql`
        INSERT INTO ledger_transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, currency, reason, programme, period, policy_version_id, run_id, district_code)
        SELECT 'sys:raw:' || a.id, 'posted', ${budget}::bigint, a.id, 10000, 'CNY_FEN', 'subsidy', 'inclusiveCareSubsidy.monthly', '2025-05', ${version}::bigint, 1, a.district_code
        FROM ledger_accounts a WHERE a.type = 'care' LIMIT ${n}`.execute(tx);
      rawMs = performance.now() - t0;
      throw new Error('rollback');
    })
    .catch((err: Error) => {
      if (err.message !== 'rollback') throw err;
    });

  const tb = (await trialBalance(db)).CNY_FEN!;
  console.table(
    rows.map(({ totalMs, ...r }) => ({ ...r, 'ratio to raw insert': (Number(totalMs) / rawMs).toFixed(2) })),
  );
  console.log(`raw INSERT … SELECT of ${n.toLocaleString()} ledger rows: ${secs(rawMs)}`);
  console.log(
    `trial balance: debits ${tb.totalDebitsFen} = credits ${tb.totalCreditsFen}, ${tb.accountsOutOfBalance} accounts out of balance, ${tb.transfers.toLocaleString()} transfers`,
  );
} finally {
  memory.stop();
  await bench.close();
}
