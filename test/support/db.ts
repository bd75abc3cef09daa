// A fresh, migrated database per test file with the Hangzhou tree loaded: PGlite in memory
// (cloned from a cached template) by default, or a new PostgreSQL database when
// TEST_DATABASE_URL is set. The template carries the migration-set hash, so changes rebuild it.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/engine.js';
import { migrate, migrationSetHash } from '../../src/db/migrator.js';
import { loadCity } from '../../src/domain/jurisdictions/load.js';

const CACHE_DIR = join(process.cwd(), '.test-cache');

async function prepareTemplate(database: Database): Promise<void> {
  await migrate(database);
  await loadCity(database.db, '330100');
}

async function pgliteTemplate(): Promise<Blob> {
  const file = join(CACHE_DIR, `pglite-${migrationSetHash()}.tar.gz`);
  if (!existsSync(file)) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await prepareTemplate(database);
    const dump = await database.pglite!.dumpDataDir('gzip');
    await database.close();
    mkdirSync(CACHE_DIR, { recursive: true });
    // Written under a temporary name and renamed, so parallel test files never read half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
  }
  return new Blob([readFileSync(file)]);
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function postgresDatabase(adminUrl: string): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect().catch((err: Error) => {
    throw new Error(`TEST_DATABASE_URL is set but PostgreSQL cannot be reached: ${err.message}`);
  });
  const template = `yiyang_tpl_${migrationSetHash()}`;
  const name = `yiyang_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await admin.query('SELECT pg_advisory_lock(91237)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!exists.rowCount) {
      const building = `${template}_building_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      const database = await openDatabase({ databaseUrl: withDatabaseName(adminUrl, building), poolSize: 2 });
      await prepareTemplate(database);
      await database.close();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(91237)').catch(() => undefined);
  }
  const url = withDatabaseName(adminUrl, name);
  const database: TestDatabase = await openDatabase({ databaseUrl: url, poolSize: 10 });
  database.url = url;
  const close = database.close;
  database.close = async () => {
    await close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  };
  return database;
}

/** A test database; on PostgreSQL its URL, so a second process-like connection can share it. */
export type TestDatabase = Database & { url?: string };

export async function testDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return postgresDatabase(url);
  return openDatabase({ dataDir: 'memory://', loadDataDir: await pgliteTemplate() });
}
