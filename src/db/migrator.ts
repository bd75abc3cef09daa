// Forward-only SQL migrations: numbered files, each applied in one transaction and recorded
// with its checksum. A database whose history differs from the code's is refused, not "fixed".
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from './engine.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const version = Number(file.slice(0, 4));
    if (seen.has(version)) throw new Error(`migration number ${version} is used twice`);
    seen.add(version);
    const text = readFileSync(join(dir, file), 'utf8');
    return { version, name: file.replace(/\.sql$/, ''), sql: text, checksum: createHash('sha256').update(text).digest('hex') };
  });
}

/** One hash for the whole migration set: names test templates so a changed migration rebuilds them. */
export function migrationSetHash(migrations = loadMigrations()): string {
  return createHash('sha256').update(migrations.map((m) => m.checksum).join(',')).digest('hex').slice(0, 16);
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationMismatchError extends Error {}

export async function migrate(database: Database, onApply?: (name: string) => void): Promise<MigrateResult> {
  const { db } = database;
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  const migrations = loadMigrations();
  const applied = await sql<{ version: number; name: string; checksum: string }>`
    SELECT version, name, checksum FROM schema_migrations ORDER BY version`.execute(db);
  for (const row of applied.rows) {
    const known = migrations.find((m) => m.version === row.version);
    if (!known) {
      throw new MigrationMismatchError(
        `database has migration ${row.name} that this code does not know: it was migrated by a newer or different version`,
      );
    }
    if (known.checksum !== row.checksum) {
      throw new MigrationMismatchError(`migration ${row.name} was changed after it was applied (checksum differs)`);
    }
  }
  const done = new Set(applied.rows.map((r) => r.version));
  const result: MigrateResult = { applied: [], alreadyApplied: done.size };
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    onApply?.(m.name);
    // The insert of the record runs in the same transaction; on PostgreSQL an advisory lock
    // makes two processes migrating at once take turns, and the loser fails on the primary key.
    const record = `INSERT INTO schema_migrations (version, name, checksum) VALUES (${m.version}, '${m.name}', '${m.checksum}');`;
    const lock = database.engine === 'postgresql' ? 'SELECT pg_advisory_xact_lock(775544);\n' : '';
    await database.execScript(`${lock}${m.sql}\n;${record}`);
    result.applied.push(m.name);
  }
  return result;
}
