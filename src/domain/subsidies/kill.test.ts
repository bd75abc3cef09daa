// The real thing: `yiyang run-month` killed with SIGKILL at random moments, again and again,
// until it finishes; then every computed payment is in the ledger exactly once and the books
// balance. PostgreSQL gets a database of its own, PGlite a data folder on disk.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/db.js';
import { type Database, openDatabase } from '../../db/engine.js';
import { migrate } from '../../db/migrator.js';
import { createUser } from '../identity/sessions.js';
import { loadCity } from '../jurisdictions/load.js';
import { ensureAccount } from '../ledger/accounts.js';
import { trialBalance } from '../ledger/statement.js';
import { syncPolicyPacks } from '../policy/store.js';
import { syntheticPopulation } from './synthetic.js';

const DISTRICTS = ['330102', '330105', '330106', '330108', '330109'];

describe('run-month under kill -9', { timeout: 600_000 }, () => {
  let database: Database | null = null;
  let env: Record<string, string>;
  let dir: string | null = null;

  async function open(): Promise<Database> {
    return dir ? openDatabase({ dataDir: join(dir, 'pglite') }) : database!;
  }

  before(async () => {
    let db: Database;
    if (process.env.TEST_DATABASE_URL) {
      database = db = await testDatabase();
      const name = (await sql<{ n: string }>`SELECT current_database() AS n`.execute(db.db)).rows[0]!.n;
      const url = new URL(process.env.TEST_DATABASE_URL);
      url.pathname = `/${name}`;
      env = { DATABASE_URL: url.toString() };
    } else {
      dir = mkdtempSync(join(tmpdir(), 'yiyang-kill-'));
      db = await openDatabase({ dataDir: join(dir, 'pglite') });
      await migrate(db);
      await loadCity(db.db, '330100');
      env = { DATA_DIR: dir, DATABASE_URL: '' };
    }
    await syncPolicyPacks(db.db);
    for (const code of [...DISTRICTS, '330100']) {
      await ensureAccount(db.db, {
        type: 'budget',
        currency: 'CNY_FEN',
        name: `${code} 预算`,
        ownerType: 'jurisdiction',
        ownerCode: code,
        jurisdictionCode: code,
        districtCode: code === '330100' ? null : code,
        floor: -10_000_000_000,
      });
    }
    await createUser(db.db, {
      username: 'kill-officer',
      displayName: 'kill',
      password: 'kill-test-password-1',
      grants: DISTRICTS.map((d) => ({
        role: 'district_officer' as const,
        jurisdictionCode: d,
        organisationId: null,
        elderId: null,
      })),
    });
    await syntheticPopulation(db.db, { elders: 5_000, prefix: '33010' });
    if (dir) await db.close();
  });
  after(async () => {
    if (database) await database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One CLI run, killed (SIGKILL) after `killAfterMs` or as soon as its output matches `killOn`. */
  function runOnce(
    month: string,
    kill: { afterMs?: number; on?: RegExp } = {},
  ): Promise<{ code: number | null; signal: string | null; out: string; ms: number }> {
    const t0 = Date.now();
    return new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        ['bin/yiyang.js', 'run-month', '--month', month, '--jurisdiction', '330100', '--approve-as', 'kill-officer'],
        {
          env: { ...process.env, ...env, LOG_LEVEL: 'error' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      const watch = (d: Buffer) => {
        out += d;
        if (kill.on?.test(out)) child.kill('SIGKILL');
      };
      child.stdout.on('data', watch);
      child.stderr.on('data', watch);
      const timer = kill.afterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
      child.on('exit', (code, signal) => {
        if (timer) clearTimeout(timer);
        resolve({ code, signal, out, ms: Date.now() - t0 });
      });
    });
  }

  /** Where a killed run stopped: districts computed and posted so far. */
  async function state(month: string): Promise<{ computed: number; posted: number }> {
    const db = await open();
    try {
      const r = await sql<{ computed: number; posted: number }>`
        SELECT count(*)::int AS computed, count(posted_at)::int AS posted FROM subsidy_run_districts d
        JOIN subsidy_runs r ON r.id = d.run_id WHERE r.month = ${month}`.execute(db.db);
      return { computed: Number(r.rows[0]!.computed), posted: Number(r.rows[0]!.posted) };
    } finally {
      if (dir) await db.close();
    }
  }

  test('killed in the preview, at the start of posting, mid-posting and at a random moment, it completes with every payment exactly once', async () => {
    const clean = await runOnce('2025-02');
    assert.equal(clean.code, 0, clean.out);
    const kills: { on?: RegExp; afterMs?: number }[] = [
      { on: /preview [1-3]\/4/ },
      { on: /posting 0\/\d/ },
      { on: /posting [1-9]\/\d/ },
      { afterMs: Math.round(clean.ms * 0.5) },
    ];
    const seen: string[] = [];
    for (const kill of kills) {
      const r = await runOnce('2025-03', kill);
      if (r.signal !== 'SIGKILL') {
        assert.equal(r.code, 0, r.out);
        seen.push('finished');
        continue;
      }
      const phase = r.out.trim().split('\n').at(-1)?.split(' ')[0] ?? 'start-up';
      const s = await state('2025-03');
      // The preview is all or nothing; posting is all or nothing per district.
      if (phase === 'preview') assert.ok(s.computed === 0 || s.computed === 13, `preview half written: ${s.computed}`);
      seen.push(
        `${phase === 'preview' || phase === 'posting' ? phase : 'start-up'} (computed ${s.computed}, posted ${s.posted}/${DISTRICTS.length})`,
      );
    }
    console.log(`a clean run took ${clean.ms} ms; kills: ${seen.join('; ')}`);
    assert.ok(
      seen.some((x) => x.startsWith('preview')),
      'a kill landed in the preview',
    );
    assert.ok(
      seen.some((x) => /^posting .*posted [0-4]\//.test(x)),
      'a kill landed in posting',
    );
    const done = await runOnce('2025-03');
    assert.equal(done.code, 0, done.out);
    const last = await runOnce('2025-03');
    assert.equal(last.code, 0, last.out);
    assert.match(last.out, /nothing new to post/);

    const db = await open();
    try {
      const run = await db.db
        .selectFrom('subsidy_runs')
        .selectAll()
        .where('month', '=', '2025-03')
        .executeTakeFirstOrThrow();
      const n = async (q: ReturnType<typeof sql>) => Number(((await q.execute(db.db)).rows[0] as { n: number }).n);
      const items = await n(sql`SELECT count(*) AS n FROM subsidy_run_items WHERE run_id = ${run.id}`);
      assert.ok(items > 2_000, `${items} items`);
      // Districts without elders are computed (empty) and left for their own officers to approve.
      assert.equal(await n(sql`SELECT count(*) AS n FROM subsidy_run_districts WHERE run_id = ${run.id}`), 13);
      assert.equal(
        await n(
          sql`SELECT count(*) AS n FROM subsidy_run_districts WHERE run_id = ${run.id} AND posted_at IS NOT NULL`,
        ),
        DISTRICTS.length,
      );
      assert.equal(
        await n(sql`SELECT count(*) AS n FROM ledger_transfers WHERE period = '2025-03' AND reason = 'subsidy'`),
        items,
      );
      assert.equal(
        await n(sql`SELECT count(*) AS n FROM subsidy_run_items i WHERE i.run_id = ${run.id}
                      AND NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.idempotency_key = 'sys:sub:' || i.subject || ':' || left(i.payer, 1))`),
        0,
        'no payment missing',
      );
      assert.equal(
        await n(
          sql`SELECT count(*) AS n FROM (SELECT subject FROM subsidy_run_items WHERE run_id = ${run.id} GROUP BY subject, payer HAVING count(*) > 1) d`,
        ),
        0,
        'no item computed twice',
      );
      const tb = (await trialBalance(db.db)).CNY_FEN!;
      assert.ok(tb.balanced, JSON.stringify(tb));
    } finally {
      if (dir) await db.close();
    }
  });
});
