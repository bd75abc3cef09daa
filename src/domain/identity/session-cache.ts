// Who is calling: the session, its user and the user's grants found in one query, and kept per
// token for a few seconds, because every request needs them. Anything that can take rights away
// (logout, password change, disabling, grant changes) announces the user on the `auth_changed`
// channel from a trigger (migration 0051), on whichever process or path it happened, and each
// process drops that user's entries when the notice arrives. While the listening connection is
// down the cache is not used at all; the TTL bounds anything else.
import { sql } from 'kysely';
import type { Database } from '../../db/engine.js';
import type { Actor, Grant } from './access.js';
import type { Role } from './roles.js';
import { hashToken } from './sessions.js';

export const AUTH_CHANNEL = 'auth_changed';
/** Longest an entry is served without being read again. */
export const ACTOR_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  userId: number;
  username: string;
  displayName: string;
  grants: Grant[];
  sessionExpiresAt: number;
  cachedAt: number;
}

interface ActorRow {
  user_id: number;
  username: string;
  display_name: string;
  expires_at: Date;
  grants:
    | { role: Role; jurisdictionCode: string | null; organisationId: number | null; elderId: number | null }[]
    | string;
}

export class ActorCache {
  private readonly entries = new Map<string, Entry>();
  private live = false;
  private unlisten: (() => Promise<void>) | null = null;
  /** Lookups answered from the cache and from the database, for the benchmarks and tests. */
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(
    private readonly database: Database,
    private readonly ttlMs = ACTOR_TTL_MS,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(AUTH_CHANNEL, {
      message: (payload) => this.dropUser(Number(payload)),
      live: (listening) => {
        // Notices may have been missed while down: start again from nothing.
        if (!listening || !this.live) this.entries.clear();
        this.live = listening;
      },
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.live = false;
    this.entries.clear();
  }

  /** The actor of a bearer or cookie token, or null when the session is unknown, ended or expired. */
  async actorFor(token: string, ip: string | null, now = Date.now()): Promise<Actor | null> {
    const tokenHash = hashToken(token);
    let entry = this.live ? this.entries.get(tokenHash) : undefined;
    if (entry && (now - entry.cachedAt > this.ttlMs || now >= entry.sessionExpiresAt)) {
      this.entries.delete(tokenHash);
      entry = undefined;
    }
    if (entry) this.stats.hits++;
    else {
      this.stats.misses++;
      entry = (await this.load(tokenHash, now)) ?? undefined;
      if (!entry) return null;
      if (this.live) {
        if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(tokenHash, entry);
      }
    }
    // A fresh object per request: handlers may set the request id on it.
    return {
      userId: entry.userId,
      username: entry.username,
      displayName: entry.displayName,
      grants: entry.grants,
      ip,
      sessionTokenHash: tokenHash,
    };
  }

  /** Forgets everything in this process. */
  clear(): void {
    this.stats.invalidations++;
    this.entries.clear();
  }

  /** Drops one user's entries at once in this process (the notice reaches the others). */
  dropUser(userId: number): void {
    this.stats.invalidations++;
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }

  private async load(tokenHash: string, now: number): Promise<Entry | null> {
    const result = await sql<ActorRow>`
      SELECT u.id AS user_id, u.username, u.display_name, s.expires_at,
        COALESCE(json_agg(json_build_object('role', g.role, 'jurisdictionCode', g.jurisdiction_code, 'organisationId', g.organisation_id, 'elderId', g.elder_id) ORDER BY g.id)
          FILTER (WHERE g.id IS NOT NULL), '[]') AS grants
      FROM sessions s
      JOIN users u ON u.id = s.user_id AND NOT u.disabled
      LEFT JOIN role_grants g ON g.user_id = u.id
      WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > now()
      GROUP BY u.id, s.expires_at`.execute(this.database.db);
    const row = result.rows[0];
    if (!row) return null;
    const grants =
      typeof row.grants === 'string' ? (JSON.parse(row.grants) as Exclude<ActorRow['grants'], string>) : row.grants;
    return {
      userId: Number(row.user_id),
      username: row.username,
      displayName: row.display_name,
      grants: grants.map((g) => ({
        role: g.role,
        jurisdictionCode: g.jurisdictionCode,
        organisationId: g.organisationId == null ? null : Number(g.organisationId),
        elderId: g.elderId == null ? null : Number(g.elderId),
      })),
      sessionExpiresAt: new Date(row.expires_at).getTime(),
      cachedAt: now,
    };
  }
}
