// Opens the database the configuration names: PostgreSQL by URL, else PGlite files in DATA_DIR.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { type Database, openDatabase } from './engine.js';

export async function openConfiguredDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'migrationDatabaseUrl' | 'statementTimeoutMs'>,
): Promise<Database> {
  const { statementTimeoutMs } = config;
  if (config.databaseUrl)
    return openDatabase({
      databaseUrl: config.databaseUrl,
      migrationUrl: config.migrationDatabaseUrl,
      statementTimeoutMs,
    });
  const dir = join(config.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return openDatabase({ dataDir: dir, statementTimeoutMs });
}
