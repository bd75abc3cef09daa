// A limit on events per key in a fixed window, counted in the database so that several server
// processes share one count (see migration 0046). `take` is one atomic upsert.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export class RateLimit {
  /**
   * @param name what is limited (part of every key, so limits never share counters)
   * @param limit events allowed per window and key
   * @param windowMs the window's length
   */
  constructor(
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private windowStart(now: Date): Date {
    return new Date(Math.floor(now.getTime() / this.windowMs) * this.windowMs);
  }

  private keyOf(key: string): string {
    return `${this.name}:${key}`.slice(0, 200);
  }

  /** Counts one event for `key`; false once the window holds more than `limit` events. */
  async take(db: Db, key: string, now = new Date()): Promise<boolean> {
    const start = this.windowStart(now);
    const row = await sql<{ hits: number }>`
      INSERT INTO rate_limit_windows (key, window_start, hits) VALUES (${this.keyOf(key)}, ${start}, 1)
      ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
      RETURNING hits`.execute(db);
    // Now and then, forget windows that have closed (cheap: an index on window_start).
    if (Math.random() < 0.01) await pruneRateLimits(db, new Date(now.getTime() - 24 * 3600_000));
    return Number(row.rows[0]!.hits) <= this.limit;
  }

  /** Whether `key` has used up the current window, without counting an event. */
  async exhausted(db: Db, key: string, now = new Date()): Promise<boolean> {
    const row = await db
      .selectFrom('rate_limit_windows')
      .select('hits')
      .where('key', '=', this.keyOf(key))
      .where('window_start', '=', this.windowStart(now))
      .executeTakeFirst();
    return row !== undefined && Number(row.hits) >= this.limit;
  }

  /** Clears the key's count (an administrator's unlock, a successful login). */
  async reset(db: Db, key: string): Promise<void> {
    await db.deleteFrom('rate_limit_windows').where('key', '=', this.keyOf(key)).execute();
  }
}

export async function pruneRateLimits(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('rate_limit_windows').where('window_start', '<', before).execute();
}
