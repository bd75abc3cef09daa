// A fresh, migrated benchmark database with the Hangzhou tree: a `yiyang_bench` database on the
// PostgreSQL server (created from an admin URL, dropped afterwards) or PGlite files in a
// temporary folder (on disk, not memory://, so a city-sized database does not sit in the heap).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type EngineName, openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { hasJurisdictions, loadCity } from '../src/domain/jurisdictions/load.js';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'yiyang_bench';

export interface BenchDatabase {
  database: Database;
  /** Closes, and removes the data unless it is to be kept. */
  dispose(): Promise<void>;
}

export interface BenchDatabaseOptions {
  engine: EngineName;
  adminUrl: string;
  /** Keep (and reuse) the database: a second run of the same scenario skips seeding. */
  keep: boolean;
  dataDir?: string;
}

export async function benchDatabase(o: BenchDatabaseOptions): Promise<BenchDatabase> {
  const opened = o.engine === 'postgresql' ? await postgres(o) : await pglite(o);
  await migrate(opened.database);
  if (!(await hasJurisdictions(opened.database.db))) await loadCity(opened.database.db, '330100');
  return opened;
}

async function postgres(o: BenchDatabaseOptions): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: o.adminUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB])).rowCount;
  if (exists && !o.keep) await admin.query(`DROP DATABASE ${BENCH_DB} WITH (FORCE)`);
  if (!exists || !o.keep) await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  const url = new URL(o.adminUrl);
  url.pathname = `/${BENCH_DB}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return {
    database,
    async dispose() {
      await database.close();
      if (!o.keep) await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function pglite(o: BenchDatabaseOptions): Promise<BenchDatabase> {
  const dir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'yiyang-bench-'));
  const database = await openDatabase({ dataDir: dir });
  return {
    database,
    async dispose() {
      await database.close();
      if (!o.keep && !o.dataDir) rmSync(dir, { recursive: true, force: true });
      else console.error(`PGlite data kept in ${dir}`);
    },
  };
}
