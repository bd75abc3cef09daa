// The money benchmarks' own database: yiyang_bench_money on the PostgreSQL server (created fresh,
// dropped afterwards unless --keep), or a PGlite folder. Migrated, with the Hangzhou tree and the
// policy packs loaded. Also a sampler of the process's peak memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type EngineName, openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { loadCity } from '../src/domain/jurisdictions/load.js';
import { syncPolicyPacks } from '../src/domain/policy/store.js';

export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_DB = 'yiyang_bench_money';

export interface BenchDatabase {
  database: Database;
  url: string | null;
  /** Closes, and drops the database / folder unless kept. */
  close(): Promise<void>;
}

export async function openBenchDatabase(
  engine: EngineName,
  options: { keep?: boolean; poolSize?: number } = {},
): Promise<BenchDatabase> {
  let database: Database;
  let url: string | null = null;
  let cleanup = async () => undefined as undefined;
  if (engine === 'postgresql') {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
    await admin.end();
    const u = new URL(ADMIN_URL);
    u.pathname = `/${BENCH_DB}`;
    url = u.toString();
    database = await openDatabase({ databaseUrl: url, poolSize: options.poolSize ?? 10 });
    cleanup = async () => {
      if (options.keep) return;
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      await a.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'yiyang-bench-money-'));
    database = await openDatabase({ dataDir: join(dir, 'pglite') });
    cleanup = async () => {
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrate(database);
  await loadCity(database.db, '330100');
  await syncPolicyPacks(database.db);
  return {
    database,
    url,
    async close() {
      await database.close();
      await cleanup();
    },
  };
}

/** Samples resident memory every 100 ms; `peak()` is the highest seen since `reset()`. */
export function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  timer.unref();
  return {
    reset: () => (peak = process.memoryUsage().rss),
    peak: () => Math.max(peak, process.memoryUsage().rss),
    stop: () => clearInterval(timer),
  };
}

export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
