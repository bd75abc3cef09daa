// The alarms domain's part of the demo city: run by `yiyang serve` on a fresh database after the
// elders, organisations, beds, accounts and assessments exist. Safe to re-run (does nothing twice).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What it made, as one log line, or null when there was nothing to do. */
export async function seedAlarmsDemo(_db: Kysely<DB>): Promise<string | null> {
  return null;
}
