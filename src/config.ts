// Configuration from the environment, validated once at boot.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** The application's PostgreSQL connection (DATABASE_URL): a role that does not own audit_log. */
  databaseUrl: string | undefined;
  /**
   * The schema owner's connection for migrations (MIGRATION_DATABASE_URL); defaults to DATABASE_URL.
   * When its role differs, the application role is granted what it needs after migrating.
   */
  migrationDatabaseUrl: string | undefined;
  /** Longest a statement of a request may run, in ms (STATEMENT_TIMEOUT_MS; 0: no limit). */
  statementTimeoutMs: number;
  dataDir: string;
  production: boolean;
  /** Minimum age for registration in the elder registry (老年人 = 60+ by law; configurable). */
  minElderAge: number;
  /** Elders seeded by `npm start` into an empty database. */
  demoElders: number;
  logLevel: string;
  /**
   * Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, from TRUST_PROXY). Empty:
   * the client address is the socket's, so no client can write its own address into the audit log.
   */
  trustProxy: string[];
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

function intFrom(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  const migrationDatabaseUrl = env.MIGRATION_DATABASE_URL || undefined;
  if (migrationDatabaseUrl && !databaseUrl)
    throw new Error('MIGRATION_DATABASE_URL needs DATABASE_URL (the embedded database has one user)');
  if (migrationDatabaseUrl && !/^postgres(ql)?:\/\//.test(migrationDatabaseUrl))
    throw new Error('MIGRATION_DATABASE_URL must start with postgres:// or postgresql://');
  return {
    port: intFrom('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    migrationDatabaseUrl: migrationDatabaseUrl ?? databaseUrl,
    statementTimeoutMs: intFrom(
      'STATEMENT_TIMEOUT_MS',
      env.STATEMENT_TIMEOUT_MS,
      DEFAULT_STATEMENT_TIMEOUT_MS,
      0,
      3_600_000,
    ),
    dataDir: resolve(env.DATA_DIR || './data'),
    production: env.NODE_ENV === 'production',
    minElderAge: intFrom('MIN_ELDER_AGE', env.MIN_ELDER_AGE, 60, 0, 150),
    demoElders: intFrom('DEMO_ELDERS', env.DEMO_ELDERS, 20_000, 0, 3_000_000),
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: (env.TRUST_PROXY ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
