// For commands and jobs that run outside the server: open the configured database, run the work,
// and always close it (PGlite keeps the process alive otherwise). Jobs are not requests: their
// statements have no time limit (STATEMENT_TIMEOUT_MS bounds the server's).
import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from './connect.js';
import type { Database } from './engine.js';

export async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase({ ...loadConfig(), statementTimeoutMs: 0 });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
