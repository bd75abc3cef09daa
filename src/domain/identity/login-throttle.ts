// Lock-out after failed logins (migration 0048). Failures count per typed name and client address,
// so whoever guesses from one address locks only that address: the owner logging in from another
// one is not locked out. All addresses together also count, and past a cap the name waits, longer
// each time, on every address the owner has not logged in from lately (a guesser spread over many
// addresses). An unknown name is counted and locked like a real one.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Failures from one address, since the last success or lock there, that lock that address. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Failures from all addresses together after which addresses the owner never used must wait. */
export const ACCOUNT_FAILURE_CAP = 30;
/** The account-wide wait doubles at each further cap: 15 minutes, 30, 60 … up to 16 hours. */
const MAX_DOUBLINGS = 6;
/** A name's failures are forgotten after a quiet day. */
const FORGET_HOURS = 24;
/** Addresses a session was opened from within this many days still reach an account-wide lock. */
const FAMILIAR_DAYS = 90;
const EVERY_ADDRESS = '*';

type Db = Kysely<DB> | Transaction<DB>;

export const throttleName = (username: string) => username.trim().toLowerCase().slice(0, 64);
const addressOf = (ip: string | null) => (ip ?? '').slice(0, 64);

/** Whether the user of this name opened a session from this address lately. */
async function familiar(db: Db, name: string, address: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select('sessions.user_id')
    .where('users.username', '=', name)
    .where('sessions.ip', '=', address)
    .where('sessions.created_at', '>', new Date(now.getTime() - FAMILIAR_DAYS * 86_400_000))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The lock among these rows that holds for this address, if any. */
async function lockFor(
  db: Db,
  rows: Array<{ address: string; locked_until: Date | null }>,
  name: string,
  address: string,
  now: Date,
): Promise<Date | null> {
  let until: Date | null = null;
  for (const row of rows) {
    if (!row.locked_until || row.locked_until <= now) continue;
    if (row.address === EVERY_ADDRESS && (await familiar(db, name, address, now))) continue;
    if (!until || row.locked_until > until) until = row.locked_until;
  }
  return until;
}

/** Until when `username` may not log in from `ip`, or null. Read before the password is checked. */
export async function loginLockedUntil(
  db: Db,
  username: string,
  ip: string | null,
  now = new Date(),
): Promise<Date | null> {
  const name = throttleName(username);
  const address = addressOf(ip);
  const rows = await db
    .selectFrom('login_throttle')
    .select(['address', 'locked_until'])
    .where('username', '=', name)
    .where('address', 'in', [address, EVERY_ADDRESS])
    .where('locked_until', '>', now)
    .execute();
  return lockFor(db, rows, name, address, now);
}

/**
 * Counts one failed login, each count one atomic upsert (parallel guesses all count), and answers
 * the lock that now holds for this address, if any.
 */
export async function countLoginFailure(
  db: Db,
  username: string,
  ip: string | null,
  now = new Date(),
): Promise<Date | null> {
  const name = throttleName(username);
  const address = addressOf(ip);
  // `excluded.last_failure_at` is this failure's time; the old row is `t`.
  const forgotten = sql`t.last_failure_at < excluded.last_failure_at - ${sql.raw(`interval '${FORGET_HOURS} hours'`)}`;
  const lock = sql.raw(`interval '${LOCK_MINUTES} minutes'`);
  const nextHere = sql`CASE WHEN ${forgotten} OR t.locked_until <= excluded.last_failure_at THEN 1 ELSE t.failures + 1 END`;
  const here = await sql<{ address: string; locked_until: Date | null }>`
    INSERT INTO login_throttle AS t (username, address, failures, last_failure_at, locked_until)
    VALUES (${name}, ${address}, 1, ${now}, NULL)
    ON CONFLICT (username, address) DO UPDATE SET
      failures = ${nextHere},
      last_failure_at = excluded.last_failure_at,
      locked_until = CASE WHEN ${nextHere} >= ${sql.lit(MAX_FAILED_LOGINS)} THEN excluded.last_failure_at + ${lock} ELSE NULL END
    RETURNING address, locked_until`.execute(db);
  const cap = sql.lit(ACCOUNT_FAILURE_CAP);
  const nextEverywhere = sql`CASE WHEN ${forgotten} THEN 1 ELSE t.failures + 1 END`;
  const everywhere = await sql<{ address: string; locked_until: Date | null }>`
    INSERT INTO login_throttle AS t (username, address, failures, last_failure_at, locked_until)
    VALUES (${name}, ${EVERY_ADDRESS}, 1, ${now}, NULL)
    ON CONFLICT (username, address) DO UPDATE SET
      failures = ${nextEverywhere},
      last_failure_at = excluded.last_failure_at,
      locked_until = CASE WHEN ${nextEverywhere} % ${cap} = 0
        THEN excluded.last_failure_at + ${lock} * power(2, least(${nextEverywhere} / ${cap} - 1, ${sql.lit(MAX_DOUBLINGS)}))
        ELSE t.locked_until END
    RETURNING address, locked_until`.execute(db);
  // Now and then, forget names that have been quiet for a day and hold no lock.
  if (Math.random() < 0.01) {
    await db
      .deleteFrom('login_throttle')
      .where('last_failure_at', '<', new Date(now.getTime() - FORGET_HOURS * 3_600_000))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .execute();
  }
  return lockFor(db, [...here.rows, ...everywhere.rows], name, address, now);
}

/** After a successful login: the address starts afresh (the account-wide count stays). */
export async function clearLoginFailures(db: Db, username: string, ip: string | null): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('username', '=', throttleName(username))
    .where('address', '=', addressOf(ip))
    .execute();
}

/** An administrator's unlock: every address, and the account-wide count. Answers the rows cleared. */
export async function clearAllLoginFailures(db: Db, username: string): Promise<number> {
  const result = await db
    .deleteFrom('login_throttle')
    .where('username', '=', throttleName(username))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The names locked out from some address right now (few rows: for the accounts list). */
export async function lockedUsernames(db: Db, now = new Date()): Promise<Set<string>> {
  const rows = await db
    .selectFrom('login_throttle')
    .select('username')
    .distinct()
    .where('locked_until', '>', now)
    .execute();
  return new Set(rows.map((r) => r.username));
}
