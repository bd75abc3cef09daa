// Engine selection: embedded PGlite (zero setup) or a PostgreSQL server when a URL is given.
// Both drivers are configured here to return the same JS types for the same SQL types,
// so no other module needs to know which engine it runs on.
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import pg from 'pg';
import type { DB } from './schema.js';

export type EngineName = 'pglite' | 'postgresql';

export interface Database {
  db: Kysely<DB>;
  engine: EngineName;
  /** Runs a multi-statement SQL script in one transaction (migrations, bulk DDL). */
  execScript(script: string): Promise<void>;
  close(): Promise<void>;
  /** The PGlite instance when embedded, for dumping test templates. */
  pglite?: PGlite;
}

const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

/** int8 values (counts, ids, fen) as numbers; refuse silently losing precision. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${text} exceeds the safe integer range`);
  return n;
}
const keepText = (text: string) => text;

export interface OpenOptions {
  /** postgres://… selects PostgreSQL; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /** PGlite only: start from a dumped data directory (test templates). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? 'memory://', options.loadDataDir);
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  const pglite = await PGlite.create({
    dataDir,
    loadDataDir,
    extensions: { pg_trgm, cube, earthdistance },
    parsers: { [OID.int8]: parseInt8, [OID.numeric]: keepText, [OID.date]: keepText },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    pglite,
    async execScript(script) {
      await pglite.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === OID.int8) return parseInt8;
    if (oid === OID.numeric || oid === OID.date) return keepText;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes });
  // An idle client dropped by the server (restart, failover) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', (err) => console.warn(`PostgreSQL idle connection lost: ${err.message}`));
  // Fail at boot, with the URL's host named, rather than at the first request.
  const probe = await pool.connect().catch((err: Error) => {
    throw new Error(`cannot reach PostgreSQL at ${redactUrl(url)}: ${err.message}`);
  });
  probe.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgresql',
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
