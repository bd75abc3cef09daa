// Forward-only SQL migrations: numbered files, each applied in one transaction and recorded
// with its checksum. A database whose history differs from the code's is refused, not "fixed".
// On PostgreSQL with two roles they run as the schema owner, and the application's role is then
// granted only what it needs: on audit_log, INSERT and SELECT, so it cannot rewrite the log.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Database, openDatabase, redactUrl } from './engine.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const version = Number(file.slice(0, 4));
    if (seen.has(version)) throw new Error(`migration number ${version} is used twice`);
    seen.add(version);
    const text = readFileSync(join(dir, file), 'utf8');
    return {
      version,
      name: file.replace(/\.sql$/, ''),
      sql: text,
      checksum: createHash('sha256').update(text).digest('hex'),
    };
  });
}

/** One hash for the whole migration set: names test templates so a changed migration rebuilds them. */
export function migrationSetHash(migrations = loadMigrations()): string {
  return createHash('sha256')
    .update(migrations.map((m) => m.checksum).join(','))
    .digest('hex')
    .slice(0, 16);
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
  /** The application role granted its privileges by the owner (two-role PostgreSQL only). */
  grantedTo?: string;
}

export class MigrationMismatchError extends Error {}

/** Migrates, through the owner's connection when the database has one (see Database.migrationUrl). */
export async function migrate(database: Database, onApply?: (name: string) => void): Promise<MigrateResult> {
  if (database.engine !== 'postgresql' || !database.migrationUrl) return applyMigrations(database, onApply);
  // Migrations are jobs: index builds on a full registry take longer than a request may.
  const owner = await openDatabase({ databaseUrl: database.migrationUrl, poolSize: 1, statementTimeoutMs: 0 }).catch(
    (err: Error) => {
      throw new Error(`cannot open MIGRATION_DATABASE_URL (${redactUrl(database.migrationUrl!)}): ${err.message}`);
    },
  );
  try {
    const result = await applyMigrations(owner, onApply);
    const role = await roleOf(database);
    const ownerRole = await roleOf(owner);
    if (role.name === ownerRole.name) return result;
    await grantApplicationRole(owner, role.name);
    return { ...result, grantedTo: role.name };
  } finally {
    await owner.close();
  }
}

async function roleOf(database: Database): Promise<{ name: string }> {
  const r = await sql<{ name: string }>`SELECT current_user AS name`.execute(database.db);
  return r.rows[0]!;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * What the application's role may do, granted by the owner after every migration (new tables get
 * theirs too): read and write the tables; on audit_log only INSERT and SELECT, on the migration
 * record only SELECT. Not owning audit_log, it can neither disable its triggers nor truncate it.
 * A superuser, or a member of the owner role, would bypass all of this: such a role is refused.
 */
export async function grantApplicationRole(owner: Database, role: string): Promise<void> {
  const check = await sql<{ superuser: boolean; owner_member: boolean }>`
    SELECT r.rolsuper AS superuser, pg_has_role(r.rolname, current_user, 'MEMBER') AS owner_member
    FROM pg_roles r WHERE r.rolname = ${role}`.execute(owner.db);
  const r = check.rows[0];
  if (!r) throw new Error(`the role ${role} of DATABASE_URL does not exist`);
  if (r.superuser)
    throw new Error(
      `DATABASE_URL connects as ${role}, a superuser: the audit log would not be append-only. Connect as a role without SUPERUSER (see README, "PostgreSQL: two roles")`,
    );
  if (r.owner_member)
    throw new Error(
      `DATABASE_URL connects as ${role}, a member of the schema owner's role: connect as a role that is not`,
    );
  const app = quoteIdent(role);
  await owner.execScript(`SELECT pg_advisory_xact_lock(775544);
GRANT USAGE ON SCHEMA public TO ${app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app};
REVOKE ALL ON audit_log, schema_migrations FROM ${app};
GRANT SELECT, INSERT ON audit_log TO ${app};
GRANT SELECT ON schema_migrations TO ${app};`);
}

async function applyMigrations(database: Database, onApply?: (name: string) => void): Promise<MigrateResult> {
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
    // No request limit inside a migration (index builds over the whole registry).
    await database.execScript(`SET LOCAL statement_timeout = 0;\n${lock}${m.sql}\n;${record}`);
    result.applied.push(m.name);
  }
  return result;
}
