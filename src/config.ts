// Configuration from the environment, validated once at boot.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
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

function intFrom(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  return {
    port: intFrom('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env.DATA_DIR || './data'),
    production: env.NODE_ENV === 'production',
    minElderAge: intFrom('MIN_ELDER_AGE', env.MIN_ELDER_AGE, 60, 0, 150),
    demoElders: intFrom('DEMO_ELDERS', env.DEMO_ELDERS, 20_000, 0, 3_000_000),
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: (env.TRUST_PROXY ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}
