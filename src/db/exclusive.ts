// Periodic jobs run once across every server process on one database: the first process to take
// the job's advisory lock runs it, the others skip that round. PGlite is one process by nature.
import { sql } from 'kysely';
import type { Database } from './engine.js';

/** Runs `work` unless another process is running the same job now; tells whether it ran. */
export async function runExclusive<T>(
  database: Database,
  job: string,
  work: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  if (database.engine === 'pglite') return { ran: true, result: await work() };
  // A session lock on one pooled connection, held while `work` uses the rest of the pool.
  return database.db.connection().execute(async (conn) => {
    const got = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(hashtext(${job})) AS locked`.execute(conn);
    if (!got.rows[0]?.locked) return { ran: false } as const;
    try {
      return { ran: true, result: await work() } as const;
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext(${job}))`.execute(conn);
    }
  });
}
