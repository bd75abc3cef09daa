// seedDemoCity: a deterministic, realistic Hangzhou of N elders with organisations, flags and
// families. Set-based: chunks of elders are generated as column arrays and inserted through
// unnest (a dozen bind parameters per statement), so memory stays flat at any N. Each chunk
// commits with its flags and contacts; seed_runs and the elders' seed ordinals let a crashed
// run continue where it stopped and make a finished run a no-op.
import { type Kysely, sql, type Transaction } from 'kysely';
import { type Database, liftStatementTimeout, withoutStatementTimeout } from '../../db/engine.js';
import type { DB } from '../../db/schema.js';
import { checkChar } from '../elders/elder-code.js';
import { type ElderChunk, generateElders } from './elder-rows.js';
import { IdSequences } from './id-sequences.js';
import { collectIfHeapAbove } from './memory.js';
import { demoOrganisations, insertOrganisations } from './organisations.js';
import { loadCityPlaces } from './places.js';
import { ADDRESS_CODES } from './population.js';
import { type ColumnArrays, insertColumns } from './unnest.js';

/** Part of the data's identity: changing it changes which elders a seed produces. */
export const ELDER_CHUNK = 10_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface SeedProgress {
  stage: 'organisations' | 'elders' | 'statistics' | 'done';
  done: number;
  total: number;
}

export interface SeedOptions {
  elders: number;
  seed: number;
  cityCode?: string;
  /** Elders per chunk; part of the data's identity (tests use small chunks to exercise resuming). */
  chunkSize?: number;
  /** Chunks in flight at once (PostgreSQL only; PGlite is one connection). */
  concurrency?: number;
  onProgress?: (p: SeedProgress) => void;
}

export interface SeedResult {
  skipped: boolean;
  elders: number;
  flags: number;
  contacts: number;
  organisations: number;
}

export async function seedDemoCity(database: Database, options: SeedOptions): Promise<SeedResult> {
  const { db } = database;
  const { elders: total, seed } = options;
  if (!Number.isInteger(total) || total < 0) throw new Error('elders must be a whole number ≥ 0');
  const result: SeedResult = { skipped: false, elders: 0, flags: 0, contacts: 0, organisations: 0 };
  const run = await startRun(db, seed, total);
  if (run.stage === 'done') return { ...result, skipped: true };

  const places = await loadCityPlaces(db, options.cityCode ?? '330100');
  options.onProgress?.({ stage: 'organisations', done: 0, total });
  const organisations = demoOrganisations(places, total, seed);
  await insertOrganisations(db, organisations);
  result.organisations = organisations.length;
  await setStage(db, run.id, 'elders');

  const ids = new IdSequences(ADDRESS_CODES);
  await noteExistingIds(db, ids, run.first, total);
  const size = options.chunkSize ?? ELDER_CHUNK;
  const done = await finishedChunks(db, run.first, total, size);
  const concurrency = database.engine === 'pglite' ? 1 : Math.max(1, options.concurrency ?? 2);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let inserted = [...done].reduce((n, c) => n + Math.min(size, total - c * size), 0);
  options.onProgress?.({ stage: 'elders', done: inserted, total });

  for (let chunk = 0; chunk * size < total && !failure; chunk++) {
    const count = Math.min(size, total - chunk * size);
    // Finished chunks are generated again without inserting: the ID-number counters must
    // advance exactly as in an uninterrupted run.
    const rows = generateElders(places, ids, seed, chunk, run.first + chunk * size, count);
    if (done.has(chunk)) continue;
    collectIfHeapAbove();
    const p = insertChunk(db, rows, ids)
      .then((n) => {
        result.elders += n.elders;
        result.flags += n.flags;
        result.contacts += n.contacts;
        inserted += count;
        options.onProgress?.({ stage: 'elders', done: inserted, total });
      })
      .catch((err) => (failure ??= err))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  // Fresh statistics and hint bits: otherwise the first searches on a just-seeded city are
  // planned for empty tables and each read rewrites the pages it touches.
  options.onProgress?.({ stage: 'statistics', done: total, total });
  await withoutStatementTimeout(db, (conn) =>
    sql`VACUUM (ANALYZE) elders, elder_status_flags, elder_contacts, organisations`.execute(conn),
  );
  await setStage(db, run.id, 'done');
  options.onProgress?.({ stage: 'done', done: total, total });
  return result;
}

async function startRun(db: Kysely<DB>, seed: number, elders: number) {
  const existing = await db
    .selectFrom('seed_runs')
    .select(['id', 'stage', 'first_ordinal'])
    .where('seed', '=', seed)
    .where('elders', '=', elders)
    .executeTakeFirst();
  if (existing) return { id: existing.id, stage: existing.stage, first: existing.first_ordinal ?? 0 };
  // A new run's ordinals follow those of earlier runs (other seeds or sizes).
  const last = await db
    .selectFrom('elders')
    .select((eb) => eb.fn.max('seed_ordinal').as('m'))
    .executeTakeFirstOrThrow();
  const first = last.m == null ? 0 : Number(last.m) + 1;
  const row = await db
    .insertInto('seed_runs')
    .values({ seed, elders, stage: 'organisations', first_ordinal: first })
    .returning(['id', 'stage'])
    .executeTakeFirstOrThrow();
  return { id: row.id, stage: row.stage, first };
}

async function setStage(db: Kysely<DB>, id: number, stage: SeedProgress['stage']) {
  await db
    .updateTable('seed_runs')
    .set({ stage, finished_at: stage === 'done' ? new Date() : null })
    .where('id', '=', id)
    .execute();
}

/** Chunks of this run already committed (a chunk commits whole, with its flags and contacts). */
async function finishedChunks(db: Kysely<DB>, first: number, total: number, size: number): Promise<Set<number>> {
  const r = await sql<{ c: number }>`
    SELECT DISTINCT (seed_ordinal - ${first}) / ${size} AS c FROM elders
    WHERE seed_ordinal >= ${first} AND seed_ordinal < ${first + total}`.execute(db);
  return new Set(r.rows.map((row) => Number(row.c)));
}

/** ID numbers issued outside this run (registered elders, other runs) are counted so they are not issued twice. */
async function noteExistingIds(db: Kysely<DB>, ids: IdSequences, first: number, total: number): Promise<void> {
  const r = await sql<{ k: string; male: boolean; n: number }>`
    SELECT left(id_number, 14) AS k, substr(id_number, 17, 1) IN ('1', '3', '5', '7', '9') AS male, count(*)::int AS n
    FROM elders WHERE seed_ordinal IS NULL OR seed_ordinal < ${first} OR seed_ordinal >= ${first + total}
    GROUP BY 1, 2`.execute(db);
  for (const { k, male, n } of r.rows)
    ids.noteExisting(k.slice(0, 6), `${k.slice(6, 10)}-${k.slice(10, 12)}-${k.slice(12, 14)}`, male ? 'M' : 'F', n);
}

const ELDER_TYPES = {
  seed_ordinal: 'int',
  elder_code: 'text',
  name: 'text',
  id_number: 'text',
  sex: 'text',
  birth_date: 'date',
  phone: 'text',
  district_code: 'text',
  street_code: 'text',
  community_code: 'text',
  address: 'text',
  hukou_code: 'text',
  lat: 'float8',
  lng: 'float8',
  home_h3_r9: 'text',
} as const;

async function insertChunk(db: Kysely<DB>, rows: ElderChunk, ids: IdSequences) {
  return db.transaction().execute(async (tx) => {
    await liftStatementTimeout(tx);
    const elderIds = await insertElders(tx, rows, ids);
    const idsOf = (ordinals: number[]) => ordinals.map((o) => elderIds.get(o) ?? null);
    // A child row whose elder was never inserted (it could not be) is left out by the WHERE.
    const { seed_ordinal: fo, ...flags } = rows.flags;
    await insertColumns(
      tx,
      'elder_status_flags',
      {
        elder_id: ['bigint', idsOf(fo)],
        district_code: ['text', flags.district_code],
        flag: ['text', flags.flag],
        effective_from: ['date', flags.effective_from],
      },
      'WHERE c0 IS NOT NULL',
    );
    const { seed_ordinal: co, ...contacts } = rows.contacts;
    await insertColumns(
      tx,
      'elder_contacts',
      {
        elder_id: ['bigint', idsOf(co)],
        district_code: ['text', contacts.district_code],
        name: ['text', contacts.name],
        relation: ['text', contacts.relation],
        phone: ['text', contacts.phone],
        is_guardian: ['bool', contacts.is_guardian],
      },
      'WHERE c0 IS NOT NULL',
    );
    return { elders: elderIds.size, flags: fo.length, contacts: co.length };
  });
}

/**
 * Inserts the chunk's elders and returns ordinal → id. An elder code or ID number that is already
 * taken (a registered elder, a rare random repeat) gets the next number or a new code and is retried.
 */
async function insertElders(tx: Transaction<DB>, rows: ElderChunk, ids: IdSequences): Promise<Map<number, number>> {
  const e = rows.elders;
  const elderIds = new Map<number, number>();
  let pending = e.seed_ordinal.map((_, i) => i);
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt === 5)
      throw new Error(
        `could not insert ${pending.length} demo elders (ordinal ${e.seed_ordinal[pending[0]!]}): codes keep colliding`,
      );
    const columns: ColumnArrays = {};
    for (const [name, type] of Object.entries(ELDER_TYPES))
      columns[name] = [type, pending.map((i) => e[name as keyof typeof ELDER_TYPES][i])];
    const returned = await insertColumns<{ id: number; seed_ordinal: number }>(
      tx,
      'elders',
      columns,
      'ON CONFLICT DO NOTHING RETURNING id, seed_ordinal',
    );
    for (const r of returned) elderIds.set(r.seed_ordinal, r.id);
    pending = pending.filter((i) => !elderIds.has(e.seed_ordinal[i]!));
    for (const i of pending) {
      e.id_number[i] = ids.next(e.id_number[i]!.slice(0, 6), e.birth_date[i]!, e.sex[i] as 'M' | 'F');
      e.elder_code[i] = retryCode(e.elder_code[i]!, attempt);
    }
  }
  return elderIds;
}

/** A different, still valid elder code derived from the one that collided. */
function retryCode(code: string, attempt: number): string {
  const body = code.slice(2, 12).split('');
  body[attempt % 10] = CROCKFORD[(CROCKFORD.indexOf(body[attempt % 10]!) + 7) % 32]!;
  return `YY${body.join('')}${checkChar(body.join(''))}`;
}
