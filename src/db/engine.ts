// Engine selection: embedded PGlite (zero setup) or a PostgreSQL server when a URL is given.
// Both drivers are configured here to return the same JS types for the same SQL types,
// so no other module needs to know which engine it runs on.

import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from '../config.js';
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
  /**
   * PostgreSQL only: the schema owner's connection, when it is not this one. Migrations run
   * through it and then grant this connection's role what the application needs (migrator.ts).
   */
  migrationUrl?: string;
  /** The statement_timeout every connection starts with, in ms (0: none). */
  statementTimeoutMs: number;
  /**
   * Subscribes to a NOTIFY channel (sent by any process on this database, delivered on commit).
   * `live(false)` says notifications may be missed from now on (the listening connection dropped),
   * `live(true)` that they flow again; a consumer caching on their strength must not trust its
   * cache in between. Returns the unsubscribe.
   */
  listen(channel: string, handlers: ChannelHandlers): Promise<() => Promise<void>>;
}

export interface ChannelHandlers {
  message(payload: string): void;
  live(listening: boolean): void;
}

/** SQLSTATE of a statement cancelled by statement_timeout (query_canceled). */
export const STATEMENT_TIMEOUT_SQLSTATE = '57014';

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
  /** statement_timeout of every connection, in ms; 0 for none. Requests are bounded by default. */
  statementTimeoutMs?: number;
  /** PostgreSQL only: the schema owner's URL for migrations, when it differs from databaseUrl. */
  migrationUrl?: string;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const timeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeout) || timeout < 0)
    throw new Error(`statement timeout must be a whole number of ms, got ${timeout}`);
  if (options.databaseUrl) {
    const migrationUrl =
      options.migrationUrl && options.migrationUrl !== options.databaseUrl ? options.migrationUrl : undefined;
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, timeout, migrationUrl);
  }
  return openPglite(options.dataDir ?? 'memory://', options.loadDataDir, timeout);
}

/**
 * For a long job's transaction (the monthly run, seeding): its statements may run as long as
 * they need, whatever the connection's limit for requests. Ends with the transaction.
 */
export async function liftStatementTimeout(tx: Transaction<DB>): Promise<void> {
  await sql`SET LOCAL statement_timeout = 0`.execute(tx);
}

/**
 * Runs `work` on one connection without a statement limit, for job statements that cannot run in
 * a transaction (VACUUM); the connection's own limit is put back afterwards.
 */
export async function withoutStatementTimeout<T>(db: Kysely<DB>, work: (conn: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    const before = await sql<{ t: string }>`SELECT current_setting('statement_timeout') AS t`.execute(conn);
    await sql`SET statement_timeout = 0`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`SELECT set_config('statement_timeout', ${before.rows[0]!.t}, false)`.execute(conn);
    }
  });
}

async function openPglite(
  dataDir: string,
  loadDataDir: Blob | undefined,
  statementTimeoutMs: number,
): Promise<Database> {
  const pglite = await PGlite.create({
    dataDir,
    loadDataDir,
    extensions: { pg_trgm, cube, earthdistance },
    parsers: { [OID.int8]: parseInt8, [OID.numeric]: keepText, [OID.date]: keepText },
  });
  // Recorded like PostgreSQL's; PGlite runs each statement to its end on the JS thread, so nothing
  // can interrupt it there: the limit is enforced on PostgreSQL only.
  await pglite.exec(`SET statement_timeout = ${statementTimeoutMs}`);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    pglite,
    statementTimeoutMs,
    // One process, one instance: the subscription cannot drop.
    async listen(channel, handlers) {
      const unlisten = await pglite.listen(channel, (payload) => handlers.message(payload));
      handlers.live(true);
      return async () => unlisten();
    },
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

async function openPostgres(
  url: string,
  max: number,
  statementTimeoutMs: number,
  migrationUrl: string | undefined,
): Promise<Database> {
  // The limit is part of each connection's startup, so every pooled connection has it from the start.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: pgTypes,
    options: `-c statement_timeout=${statementTimeoutMs}`,
  });
  // An idle client dropped by the server (restart, failover) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', (err) => console.warn(`PostgreSQL idle connection lost: ${err.message}`));
  // Fail at boot, with the URL's host named, rather than at the first request.
  const probe = await pool.connect().catch((err: Error) => {
    throw new Error(`cannot reach PostgreSQL at ${redactUrl(url)}: ${err.message}`);
  });
  probe.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<() => Promise<void>>();
  return {
    db,
    engine: 'postgresql',
    migrationUrl,
    statementTimeoutMs,
    async listen(channel, handlers) {
      const stop = await listenOnPostgres(url, channel, handlers);
      listeners.add(stop);
      return async () => {
        listeners.delete(stop);
        await stop();
      };
    },
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
      await Promise.all([...listeners].map((stop) => stop()));
      await db.destroy();
    },
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to queries). When it drops it
 * says so and reconnects every second until it is back; the first LISTEN must succeed at once.
 */
async function listenOnPostgres(url: string, channel: string, handlers: ChannelHandlers): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const quoted = `"${channel.replaceAll('"', '""')}"`;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel) handlers.message(n.payload ?? '');
    });
    c.on('error', () => dropped(c));
    c.on('end', () => dropped(c));
    await c.connect();
    await c.query(`LISTEN ${quoted}`);
    client = c;
    handlers.live(true);
  };
  const dropped = (c: pg.Client) => {
    if (client !== c || stopped) return;
    client = null;
    handlers.live(false);
    c.end().catch(() => undefined);
    const again = () => {
      retry = setTimeout(() => {
        if (!stopped) connect().catch(again);
      }, 1000);
      retry.unref();
    };
    again();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
