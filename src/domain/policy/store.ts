// Recording pack versions (transaction time) and reading them back "as known at" a moment.
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { VersionContent, VersionRecord } from './pack-schema.js';
import { loadPackDir, POLICIES_DIR } from './packs.js';
import type { PolicyVersionsTable } from './tables.js';

type Db = Kysely<DB> | Transaction<DB>;
export type VersionRow = Omit<Selectable<PolicyVersionsTable>, 'content'> & { content: VersionContent };

export interface SyncResult {
  recorded: number;
  retracted: number;
  unchanged: number;
}

/**
 * Makes the recorded knowledge match the packs on disk: a new or changed version gets a new row,
 * a version no longer in any pack gets a retraction row, an identical one nothing. Safe to run
 * at every start; two processes starting at once take turns on an advisory lock.
 */
export async function syncPolicyPacks(db: Kysely<DB>, dir = POLICIES_DIR): Promise<SyncResult> {
  const records = loadPackDir(dir);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(775520)`.execute(tx);
    const latest = await latestRows(tx, null);
    const byKey = new Map(latest.map((r) => [key(r.jurisdiction_code, r.rule, r.version), r]));
    const result: SyncResult = { recorded: 0, retracted: 0, unchanged: 0 };
    const inserts: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (const rec of records) {
      const k = key(rec.jurisdictionCode, rec.rule, rec.version);
      seen.add(k);
      const prev = byKey.get(k);
      if (prev && !prev.retracted && prev.content_hash === rec.contentHash) {
        result.unchanged++;
        continue;
      }
      inserts.push(rowOf(rec, false));
      result.recorded++;
    }
    for (const prev of latest) {
      if (prev.retracted || seen.has(key(prev.jurisdiction_code, prev.rule, prev.version))) continue;
      inserts.push({
        jurisdiction_code: prev.jurisdiction_code,
        rule: prev.rule,
        version: prev.version,
        effective_from: prev.effective_from,
        effective_to: prev.effective_to,
        retracted: true,
        content: JSON.stringify(prev.content),
        content_hash: prev.content_hash,
        pack_file: prev.pack_file,
      });
      result.retracted++;
    }
    if (inserts.length)
      await tx
        .insertInto('policy_versions')
        .values(inserts as never)
        .execute();
    return result;
  });
}

const key = (j: string, rule: string, version: number) => `${j}|${rule}|${version}`;

function rowOf(rec: VersionRecord, retracted: boolean) {
  return {
    jurisdiction_code: rec.jurisdictionCode,
    rule: rec.rule,
    version: rec.version,
    effective_from: rec.effectiveFrom,
    effective_to: rec.effectiveTo,
    retracted,
    content: JSON.stringify(rec.content),
    content_hash: rec.contentHash,
    pack_file: rec.packFile,
  };
}

export interface VersionFilter {
  rule?: string;
  jurisdictionCodes?: string[];
}

/**
 * The latest recording of each (jurisdiction, rule, version) known at `knownAt` (null = now),
 * retractions included so callers can tell "withdrawn" from "never known".
 */
export async function latestRows(db: Db, knownAt: Date | null, filter: VersionFilter = {}): Promise<VersionRow[]> {
  let q = db
    .selectFrom('policy_versions')
    .selectAll()
    .distinctOn(['jurisdiction_code', 'rule', 'version'])
    .orderBy('jurisdiction_code')
    .orderBy('rule')
    .orderBy('version')
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc');
  if (knownAt) q = q.where('recorded_at', '<=', knownAt);
  if (filter.rule) q = q.where('rule', '=', filter.rule);
  if (filter.jurisdictionCodes)
    q = q.where('jurisdiction_code', 'in', filter.jurisdictionCodes.length ? filter.jurisdictionCodes : ['-']);
  return (await q.execute()) as VersionRow[];
}

/** Versions in force as known at `knownAt`: the latest recordings that are not retractions. */
export async function knownVersions(db: Db, knownAt: Date | null, filter: VersionFilter = {}): Promise<VersionRow[]> {
  return (await latestRows(db, knownAt, filter)).filter((r) => !r.retracted);
}

export async function versionById(db: Db, id: number): Promise<VersionRow | undefined> {
  return (await db.selectFrom('policy_versions').selectAll().where('id', '=', id).executeTakeFirst()) as
    | VersionRow
    | undefined;
}

/** Every recording of one (jurisdiction, rule, version), oldest first: its transaction-time history. */
export async function recordingsOf(
  db: Db,
  jurisdictionCode: string,
  rule: string,
  version: number,
): Promise<VersionRow[]> {
  return (await db
    .selectFrom('policy_versions')
    .selectAll()
    .where('jurisdiction_code', '=', jurisdictionCode)
    .where('rule', '=', rule)
    .where('version', '=', version)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute()) as VersionRow[];
}
