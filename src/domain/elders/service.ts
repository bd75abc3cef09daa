// Use cases of the elder registry. Every read goes through `visibleElders` (or, for the one-row
// read, the same grants as parameters), so an elder outside them is simply not found.
import { type Kysely, type Selectable, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type { EldersTable } from '../../db/foundation-tables.js';
import { RateLimit } from '../../db/rate-limits.js';
import type { DB } from '../../db/schema.js';
import { maskCitizenId } from '../../lib/citizen-id.js';
import { ageOn, bornOnOrBefore, isIsoDate, todayInShanghai } from '../../lib/dates.js';
import { AppError, validationError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { auditDistrict, auditRowOf, recordAudit } from '../identity/audit.js';
import { inTransaction, makeContext, type UseCaseContext } from '../identity/context.js';
import { REGISTRY_READERS, REGISTRY_WRITERS, SEES_FULL_ID_NUMBER } from '../identity/permissions.js';
import { coversCode, grantedElderIds, hasRole, prefixesFor, scopeCondition } from '../identity/scope.js';
import { answerDuplicates, type DuplicateContext } from './duplicates.js';
import { newElderCode } from './elder-code.js';
import { ADVANCED_AGE, type ArchiveReason, type ElderFlag, FLAG_LABELS, type StoredFlag } from './flags.js';
import { homeCell } from './home-cell.js';
import { checkElder, type ElderDraft, PHONE_PATTERN } from './validate.js';

type Db = Kysely<DB> | Transaction<DB>;
type ElderRow = Selectable<EldersTable>;

/** The elders this actor may see: their jurisdictions through registry roles, plus their own family. */
// biome-ignore lint/complexity/noBannedTypes: Kysely's type of a query that selects nothing yet
export function visibleElders(db: Db, actor: Actor): SelectQueryBuilder<DB, 'elders', {}> {
  const prefixes = prefixesFor(actor, REGISTRY_READERS);
  const elderIds = grantedElderIds(actor);
  if (prefixes.includes('')) return db.selectFrom('elders');
  return db.selectFrom('elders').where(scopeCondition('elders.community_code', prefixes, 'elders.id', elderIds));
}

export interface FlagView {
  id: number | null;
  flag: ElderFlag;
  label: string;
  /** Null for the derived 高龄 flag where the birth date is hidden: its date is the 80th birthday. */
  effectiveFrom: string | null;
  effectiveTo: string | null;
  derived: boolean;
}

export interface ElderSummary {
  id: number;
  elderCode: string;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  /** Null where the ID number is shown masked (see maskCitizenId). */
  birthDate: string | null;
  age: number;
  phone: string | null;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  communityName: string | null;
  address: string;
  status: string;
}

export interface ElderDetail extends ElderSummary {
  idNumberMasked: boolean;
  /** Names of the elder's places (null where the code is not in the jurisdiction tree). */
  districtName: string | null;
  streetName: string | null;
  hukouCode: string | null;
  hukouName: string | null;
  lat: number | null;
  lng: number | null;
  archivedOn: string | null;
  archiveReason: string | null;
  flags: FlagView[];
  contacts: { id: number; name: string; relation: string; phone: string | null; isGuardian: boolean }[];
  createdAt: string;
  updatedAt: string;
}

/** `fullId`: the number in clear; `birthDate`: whether the reader may see the number at all (lists mask it anyway). */
function summary(
  row: ElderRow & { community_name?: string | null },
  fullId: boolean,
  today: string,
  birthDate = fullId,
): ElderSummary {
  return {
    id: row.id,
    elderCode: row.elder_code,
    name: row.name,
    idNumber: fullId ? row.id_number : maskCitizenId(row.id_number),
    sex: row.sex,
    birthDate: birthDate ? row.birth_date : null,
    age: ageOn(row.birth_date, today),
    phone: row.phone,
    districtCode: row.district_code,
    streetCode: row.street_code,
    communityCode: row.community_code,
    communityName: row.community_name ?? null,
    address: row.address,
    status: row.status,
  };
}

/** Roles that verify identity in person see full numbers, in their own area only. */
function seesFullId(actor: Actor, communityCode: string): boolean {
  return hasRole(actor, SEES_FULL_ID_NUMBER) && coversCode(actor, SEES_FULL_ID_NUMBER, communityCode);
}

function canWrite(actor: Actor, communityCode: string): boolean {
  return coversCode(actor, REGISTRY_WRITERS, communityCode);
}

async function communityOrFail(db: Db, code: string, field = 'communityCode') {
  const community = await db
    .selectFrom('jurisdictions')
    .select(['code', 'name', 'district_code', 'parent_code', 'lat', 'lng', 'level'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (community?.level !== 'community')
    throw new AppError('unknown_community', { code }, field, [{ field, code: 'unknown_community', params: { code } }]);
  return community;
}

/** The stored home: coordinates and their H3 cell, always written together. */
const homeOf = (p: { lat: number | null; lng: number | null }) => ({
  lat: p.lat,
  lng: p.lng,
  home_h3_r9: homeCell(p.lat, p.lng),
});

export interface RegisterOptions {
  minElderAge: number;
}

/** The registry's database: its reads outside transactions need the pool, not a transaction. */
const rootDb = (ctx: UseCaseContext) => ctx.db as Kysely<DB>;

export async function registerElder(
  ctx: UseCaseContext,
  draft: ElderDraft,
  options: RegisterOptions,
): Promise<ElderDetail> {
  const { actor } = ctx;
  const db = rootDb(ctx);
  const { elder, problems } = checkElder(draft, options.minElderAge, ctx.today);
  if (!elder) throw validationError(problems);
  const community = await communityOrFail(db, elder.communityCode);
  if (!hasRole(actor, REGISTRY_WRITERS)) throw new AppError('forbidden');
  if (!canWrite(actor, community.code))
    throw new AppError('outside_jurisdiction', { code: community.code }, 'communityCode');
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('elders')
      .values({
        elder_code: newElderCode(),
        name: elder.name,
        id_number: elder.idNumber,
        sex: elder.sex,
        birth_date: elder.birthDate,
        phone: elder.phone ?? null,
        district_code: community.district_code!,
        street_code: community.parent_code!,
        community_code: community.code,
        address: elder.address,
        hukou_code: elder.hukouCode ?? null,
        ...homeOf(draft.home ?? community),
      })
      .onConflict((oc) => oc.column('id_number').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return null;
    await recordAudit(inTransaction(ctx, tx), {
      action: 'create',
      entityType: 'elder',
      entityId: row.id,
      districtCode: community.district_code,
    });
    return row.id;
  });
  if (id === null) throw await duplicateError(ctx, elder.idNumber, 'register');
  return getElder(ctx, id, { audit: false });
}

interface DetailRow extends ElderRow {
  community_name: string | null;
  district_name: string | null;
  street_name: string | null;
  hukou_name: string | null;
  flags: { id: number; flag: string; effective_from: string; effective_to: string | null }[];
  contacts: { id: number; name: string; relation: string; phone: string | null; is_guardian: boolean }[];
}

/**
 * One elder's record with its flags and contacts, if the caller's grants reach it. With `audit`,
 * the same statement inserts the read's audit row (a data-modifying CTE, only when the record was
 * found): one round trip instead of two, and the row commits with the statement, before the
 * answer leaves, exactly as a separate INSERT would. The grants go in as arrays, so the text of
 * the statement is the same for every caller.
 */
async function readDetail(ctx: UseCaseContext, id: number, audit: AuditOfRead | null): Promise<DetailRow | undefined> {
  const prefixes = prefixesFor(ctx.actor, REGISTRY_READERS);
  const everywhere = prefixes.includes('');
  const likes = prefixes.map((p) => `${p.replace(/[%_\\]/g, '\\$&')}%`);
  const elderIds = grantedElderIds(ctx.actor);
  const a = audit
    ? auditRowOf(ctx, { action: 'read', entityType: 'elder', entityId: id, purpose: audit.purpose })
    : null;
  const record = sql`
    SELECT e.*, c.name AS community_name, d.name AS district_name, s.name AS street_name, h.name AS hukou_name,
      (SELECT COALESCE(json_agg(f ORDER BY f.effective_from, f.id), '[]')
         FROM (SELECT id, flag, effective_from, effective_to FROM elder_status_flags WHERE elder_id = e.id) f) AS flags,
      (SELECT COALESCE(json_agg(k ORDER BY k.id), '[]')
         FROM (SELECT id, name, relation, phone, is_guardian FROM elder_contacts WHERE elder_id = e.id) k) AS contacts
    FROM elders e
    LEFT JOIN jurisdictions c ON c.code = e.community_code
    LEFT JOIN jurisdictions d ON d.code = e.district_code
    LEFT JOIN jurisdictions s ON s.code = e.street_code
    LEFT JOIN jurisdictions h ON h.code = e.hukou_code
    WHERE e.id = ${id}
      AND (${everywhere} OR e.community_code LIKE ANY(${likes}::text[]) OR e.id = ANY(${elderIds}::bigint[]))`;
  const query = a
    ? sql<DetailRow>`
      WITH r AS (${record}),
      a AS (
        INSERT INTO audit_log (user_id, username, roles, action, entity_type, entity_id, district_code, ip, purpose, detail, request_id)
        SELECT ${a.user_id}::bigint, ${a.username}::text, ${a.roles}::text, ${a.action}::text, ${a.entity_type}::text,
          ${a.entity_id}::text, r.district_code, ${a.ip}::text, ${a.purpose}::text, ${a.detail}::jsonb, ${a.request_id}::text
        FROM r
      )
      SELECT * FROM r`
    : sql<DetailRow>`${record}`;
  return (await query.execute(ctx.db)).rows[0];
}

interface AuditOfRead {
  purpose?: string | null;
}

export interface GetElderOptions {
  /** False for the record answered after a write, whose own audit entry stands for it. */
  audit?: boolean;
  /** Overrides the context's purpose (a QR code, the waiting list). */
  purpose?: string | null;
}

export async function getElder(ctx: UseCaseContext, id: number, options?: GetElderOptions): Promise<ElderDetail>;
/** @deprecated the (db, actor) form, for callers not yet moved to the context. */
export async function getElder(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  options?: GetElderOptions,
): Promise<ElderDetail>;
export async function getElder(
  first: UseCaseContext | Kysely<DB>,
  second: number | Actor,
  third?: number | GetElderOptions,
  fourth?: GetElderOptions,
): Promise<ElderDetail> {
  const [ctx, id, options = {}] =
    typeof second === 'number'
      ? [first as UseCaseContext, second, third as GetElderOptions | undefined]
      : [
          makeContext({ db: first as Kysely<DB>, actor: second, requestId: second.requestId ?? '' }),
          third as number,
          fourth,
        ];
  const { actor } = ctx;
  const audit =
    options.audit === false ? null : { purpose: options.purpose === undefined ? undefined : options.purpose };
  const row = await readDetail(ctx, id, audit);
  if (!row) throw new AppError('not_found');
  const { flags, contacts } = row;
  const fullId = seesFullId(actor, row.community_code);
  const base = summary(row, fullId, ctx.today);
  const flagViews: FlagView[] = flags.map((f) => ({
    id: f.id,
    flag: f.flag as StoredFlag,
    label: FLAG_LABELS[f.flag as StoredFlag]?.zh ?? f.flag,
    effectiveFrom: f.effective_from,
    effectiveTo: f.effective_to,
    derived: false,
  }));
  if (base.age >= ADVANCED_AGE) {
    const [y, m, d] = row.birth_date.split('-');
    flagViews.push({
      id: null,
      flag: 'advanced_age',
      label: FLAG_LABELS.advanced_age.zh,
      effectiveFrom: base.birthDate ? `${Number(y) + ADVANCED_AGE}-${m}-${d}` : null,
      effectiveTo: null,
      derived: true,
    });
  }
  return {
    ...base,
    idNumberMasked: !fullId,
    districtName: row.district_name ?? null,
    streetName: row.street_name ?? null,
    hukouCode: row.hukou_code,
    hukouName: row.hukou_name ?? null,
    lat: row.lat,
    lng: row.lng,
    archivedOn: row.archived_on,
    archiveReason: row.archive_reason,
    flags: flagViews,
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      relation: c.relation,
      phone: c.phone,
      isGuardian: c.is_guardian,
    })),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export interface ElderFilters {
  q?: string;
  idNumber?: string;
  elderCode?: string;
  /** The elder's phone: the full number or its last digits (dashes in landlines ignored). */
  phone?: string;
  /** The last 4–6 characters of the ID number. */
  idTail?: string;
  jurisdiction?: string;
  status?: 'active' | 'deceased' | 'moved_away' | 'all';
  flags?: ElderFlag[];
  ageMin?: number;
  ageMax?: number;
}

/** Applies search filters to the actor's visible elders. Shared by search and export. */
export function filteredElders(db: Db, actor: Actor, f: ElderFilters, today = todayInShanghai()) {
  let q = visibleElders(db, actor);
  const text = f.q?.trim();
  if (text) {
    if (/^\d{17}[\dXx]$/.test(text)) q = q.where('elders.id_number', '=', text.toUpperCase());
    else if (/^YY[0-9A-Z]{11}$/i.test(text)) q = q.where('elders.elder_code', '=', text.toUpperCase());
    else q = q.where('elders.name', 'like', `${text.replace(/[%_\\]/g, '\\$&')}%`);
  }
  if (f.idNumber) q = q.where('elders.id_number', '=', f.idNumber.trim().toUpperCase());
  if (f.elderCode) q = q.where('elders.elder_code', '=', f.elderCode.trim().toUpperCase());
  // Suffix searches as prefix searches on the reversed value: the same expressions as the
  // text_pattern_ops indexes of migration 0100, so PostgreSQL reads an index range, not the table.
  if (f.phone) q = q.where(sql<string>`reverse(replace(elders.phone, '-', ''))`, 'like', `${reversed(f.phone)}%`);
  if (f.idTail) q = q.where(sql<string>`reverse(elders.id_number)`, 'like', `${reversed(f.idTail.toUpperCase())}%`);
  if (f.jurisdiction) q = q.where('elders.community_code', 'like', `${f.jurisdiction}%`);
  const status = f.status ?? 'active';
  if (status !== 'all') q = q.where('elders.status', '=', status);
  // Age bounds become birth-date bounds so the index on birth_date serves them.
  if (f.ageMin != null) q = q.where('elders.birth_date', '<=', bornOnOrBefore(f.ageMin, today));
  if (f.ageMax != null) q = q.where('elders.birth_date', '>', bornOnOrBefore(f.ageMax + 1, today));
  for (const flag of f.flags ?? []) {
    if (flag === 'advanced_age') {
      q = q.where('elders.birth_date', '<=', bornOnOrBefore(ADVANCED_AGE, today));
      continue;
    }
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('elder_status_flags as f')
          .select(sql.lit(1).as('one'))
          .whereRef('f.elder_id', '=', 'elders.id')
          .where('f.flag', '=', flag)
          .where('f.effective_from', '<=', today)
          .where((eb) => eb.or([eb('f.effective_to', 'is', null), eb('f.effective_to', '>=', today)])),
      ),
    );
  }
  return q;
}

/** Reversed characters; the callers pass digits (and X) only, so nothing needs escaping for LIKE. */
const reversed = (s: string) => [...s].reverse().join('');

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

/**
 * Exact-number searches per hour for a reader who sees numbers masked: each answers "is this
 * number registered here", so unbounded they would turn a masked number back into the full one.
 */
export const EXACT_ID_SEARCHES_PER_HOUR = 30;
const exactIdSearches = new RateLimit('elder-exact-id-search', EXACT_ID_SEARCHES_PER_HOUR, 3_600_000);
// A tail search counts too: with the masked number's visible ends it would give back hidden digits.
const isExactIdSearch = (f: ElderFilters) =>
  !!f.idNumber?.trim() || !!f.idTail || /^\d{17}[\dXx]$/.test(f.q?.trim() ?? '');

export async function searchElders(
  ctx: UseCaseContext,
  f: ElderFilters,
  page: number,
  pageSize: number,
): Promise<Page<ElderSummary>> {
  const { actor, db } = ctx;
  if (!hasRole(actor, REGISTRY_READERS) && grantedElderIds(actor).length === 0) throw new AppError('forbidden');
  if (
    isExactIdSearch(f) &&
    !hasRole(actor, SEES_FULL_ID_NUMBER) &&
    !(await exactIdSearches.take(db, String(actor.userId)))
  ) {
    await recordAudit(ctx, {
      action: 'search',
      entityType: 'elder',
      districtCode: auditDistrict(actor, f.jurisdiction),
      detail: { filters: f, outcome: 'refused_rate_limit' },
    });
    throw new AppError('too_many_requests');
  }
  const { today } = ctx;
  const base = filteredElders(db, actor, f, today);
  const [rows, count] = await Promise.all([
    base
      .leftJoin('jurisdictions as c', 'c.code', 'elders.community_code')
      .selectAll('elders')
      .select('c.name as community_name')
      .orderBy('elders.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, {
    action: 'search',
    entityType: 'elder',
    districtCode: auditDistrict(actor, f.jurisdiction),
    detail: { filters: f, page, total: count.n },
  });
  // Lists always mask ID numbers.
  return {
    total: count.n,
    page,
    pageSize,
    items: rows.map((r) =>
      summary(r as ElderRow & { community_name: string | null }, false, today, seesFullId(actor, r.community_code)),
    ),
  };
}

/** The 409 for a registered ID number: named inside the caller's reach, only "registered elsewhere" outside it (see duplicates.ts). */
async function duplicateError(ctx: UseCaseContext, idNumber: string, via: DuplicateContext['via']): Promise<AppError> {
  const context: DuplicateContext = { via, purpose: ctx.purpose };
  const code = (await answerDuplicates(rootDb(ctx), ctx.actor, [idNumber], context)).get(idNumber)!;
  return new AppError(code, {}, 'idNumber', [{ field: 'idNumber', code }]);
}

/** Loads an elder the actor may change; invisible → 404, visible but read-only → 403. */
async function writableElder(db: Db, actor: Actor, id: number) {
  const row = await visibleElders(db, actor)
    .selectAll('elders')
    .where('elders.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (!canWrite(actor, row.community_code)) throw new AppError('forbidden');
  return row;
}

export interface ElderPatch {
  name?: string;
  idNumber?: string;
  phone?: string | null;
  communityCode?: string;
  address?: string;
  hukouCode?: string | null;
  /** New home coordinates; null: back to the community's centre. */
  home?: { lat: number; lng: number } | null;
}

export async function updateElder(
  ctx: UseCaseContext,
  id: number,
  patch: ElderPatch,
  options: RegisterOptions,
): Promise<ElderDetail> {
  const { actor } = ctx;
  const taken = await rootDb(ctx)
    .transaction()
    .execute(async (tx) => {
      const row = await writableElder(tx, actor, id);
      if (row.status !== 'active') throw new AppError('already_archived');
      const merged: ElderDraft = {
        name: patch.name ?? row.name,
        idNumber: patch.idNumber ?? row.id_number,
        phone: patch.phone !== undefined ? patch.phone : row.phone,
        communityCode: patch.communityCode ?? row.community_code,
        address: patch.address ?? row.address,
        hukouCode: patch.hukouCode !== undefined ? patch.hukouCode : row.hukou_code,
      };
      const { elder, problems } = checkElder(merged, options.minElderAge, ctx.today);
      if (!elder) throw validationError(problems);
      const community = await communityOrFail(tx, elder.communityCode);
      if (!canWrite(actor, community.code))
        throw new AppError('outside_jurisdiction', { code: community.code }, 'communityCode');
      if (elder.idNumber !== row.id_number) {
        const taken = await tx
          .selectFrom('elders')
          .select('id')
          .where('id_number', '=', elder.idNumber)
          .executeTakeFirst();
        if (taken) return elder.idNumber;
      }
      const moved = community.code !== row.community_code;
      await tx
        .updateTable('elders')
        .set({
          name: elder.name,
          id_number: elder.idNumber,
          birth_date: elder.birthDate,
          sex: elder.sex,
          phone: elder.phone ?? null,
          community_code: community.code,
          street_code: community.parent_code!,
          district_code: community.district_code!,
          address: elder.address,
          hukou_code: elder.hukouCode ?? null,
          ...(patch.home ? homeOf(patch.home) : moved || patch.home === null ? homeOf(community) : {}),
          updated_at: ctx.now,
        })
        .where('id', '=', id)
        .execute();
      if (moved) {
        // Child rows carry the district code for distribution; keep them with their elder.
        await tx
          .updateTable('elder_status_flags')
          .set({ district_code: community.district_code! })
          .where('elder_id', '=', id)
          .execute();
        await tx
          .updateTable('elder_contacts')
          .set({ district_code: community.district_code! })
          .where('elder_id', '=', id)
          .execute();
      }
      const changed = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
      await recordAudit(inTransaction(ctx, tx), {
        action: 'update',
        entityType: 'elder',
        entityId: id,
        districtCode: row.district_code,
        detail: { fields: changed, ...(moved ? { movedTo: community.district_code } : {}) },
      });
      return null;
    });
  if (taken !== null) throw await duplicateError(ctx, taken, 'update');
  return getElder(ctx, id, { audit: false });
}

export interface ArchiveInput {
  reason: ArchiveReason;
  date: string;
  note?: string | null;
}

export async function archiveElder(ctx: UseCaseContext, id: number, input: ArchiveInput): Promise<ElderDetail> {
  const { actor } = ctx;
  const { reason, date: onDate } = input;
  const note = input.note ?? null;
  if (!isIsoDate(onDate)) throw new AppError('invalid_date', { field: 'date' }, 'date');
  if (onDate > ctx.today) throw new AppError('out_of_range', { field: 'date' }, 'date');
  await rootDb(ctx)
    .transaction()
    .execute(async (tx) => {
      const row = await writableElder(tx, actor, id);
      if (row.status !== 'active') throw new AppError('already_archived');
      await tx
        .updateTable('elders')
        .set({
          status: reason,
          archived_on: onDate,
          archive_reason: note ?? (reason === 'deceased' ? '死亡' : '迁出'),
          updated_at: ctx.now,
        })
        .where('id', '=', id)
        .execute();
      // Flags stop when the record closes, so policy runs stop paying from that day.
      await tx
        .updateTable('elder_status_flags')
        .set({ effective_to: onDate })
        .where('elder_id', '=', id)
        .where('effective_to', 'is', null)
        .execute();
      await recordAudit(inTransaction(ctx, tx), {
        action: 'archive',
        entityType: 'elder',
        entityId: id,
        districtCode: row.district_code,
        detail: { reason, onDate },
      });
    });
  return getElder(ctx, id, { audit: false });
}

export interface FlagInput {
  flag: StoredFlag;
  effectiveFrom: string;
  effectiveTo?: string | null;
  note?: string | null;
}

export async function addFlag(ctx: UseCaseContext, id: number, input: FlagInput): Promise<ElderDetail> {
  const { actor } = ctx;
  const { flag, effectiveFrom } = input;
  const effectiveTo = input.effectiveTo ?? null;
  const note = input.note ?? null;
  if (!isIsoDate(effectiveFrom)) throw new AppError('invalid_date', { field: 'effectiveFrom' }, 'effectiveFrom');
  if (effectiveTo != null && (!isIsoDate(effectiveTo) || effectiveTo < effectiveFrom))
    throw new AppError('invalid_date', { field: 'effectiveTo' }, 'effectiveTo');
  await rootDb(ctx)
    .transaction()
    .execute(async (tx) => {
      const row = await writableElder(tx, actor, id);
      if (row.status !== 'active') throw new AppError('already_archived');
      // A flag already open for the same period is a no-op rather than a duplicate.
      const open = await tx
        .selectFrom('elder_status_flags')
        .select('id')
        .where('elder_id', '=', id)
        .where('flag', '=', flag)
        .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', effectiveFrom)]))
        .executeTakeFirst();
      if (open) return;
      await tx
        .insertInto('elder_status_flags')
        .values({
          elder_id: id,
          district_code: row.district_code,
          flag,
          effective_from: effectiveFrom,
          effective_to: effectiveTo,
          note,
        })
        .execute();
      await recordAudit(inTransaction(ctx, tx), {
        action: 'update',
        entityType: 'elder',
        entityId: id,
        districtCode: row.district_code,
        detail: { flagAdded: flag, effectiveFrom, effectiveTo },
      });
    });
  return getElder(ctx, id, { audit: false });
}

export async function endFlag(
  ctx: UseCaseContext,
  id: number,
  flagId: number,
  effectiveTo: string,
): Promise<ElderDetail> {
  const { actor } = ctx;
  if (!isIsoDate(effectiveTo)) throw new AppError('invalid_date', { field: 'effectiveTo' }, 'effectiveTo');
  await rootDb(ctx)
    .transaction()
    .execute(async (tx) => {
      const row = await writableElder(tx, actor, id);
      const flag = await tx
        .selectFrom('elder_status_flags')
        .selectAll()
        .where('id', '=', flagId)
        .where('elder_id', '=', id)
        .executeTakeFirst();
      if (!flag) throw new AppError('not_found');
      if (effectiveTo < flag.effective_from)
        throw new AppError('invalid_date', { field: 'effectiveTo' }, 'effectiveTo');
      await tx.updateTable('elder_status_flags').set({ effective_to: effectiveTo }).where('id', '=', flagId).execute();
      await recordAudit(inTransaction(ctx, tx), {
        action: 'update',
        entityType: 'elder',
        entityId: id,
        districtCode: row.district_code,
        detail: { flagEnded: flag.flag, effectiveTo },
      });
    });
  return getElder(ctx, id, { audit: false });
}

export interface ContactInput {
  name: string;
  relation: string;
  phone?: string | null;
  isGuardian?: boolean;
}

export async function addContact(ctx: UseCaseContext, id: number, contact: ContactInput): Promise<ElderDetail> {
  const { actor } = ctx;
  if (contact.phone && !PHONE_PATTERN.test(contact.phone))
    throw new AppError('invalid_format', { field: 'phone' }, 'phone');
  await rootDb(ctx)
    .transaction()
    .execute(async (tx) => {
      const row = await writableElder(tx, actor, id);
      await tx
        .insertInto('elder_contacts')
        .values({
          elder_id: id,
          district_code: row.district_code,
          name: contact.name.trim(),
          relation: contact.relation.trim(),
          phone: contact.phone ?? null,
          is_guardian: contact.isGuardian ?? false,
        })
        .execute();
      await recordAudit(inTransaction(ctx, tx), {
        action: 'update',
        entityType: 'elder',
        entityId: id,
        districtCode: row.district_code,
        detail: { contactAdded: contact.relation },
      });
    });
  return getElder(ctx, id, { audit: false });
}

export async function removeContact(ctx: UseCaseContext, id: number, contactId: number): Promise<ElderDetail> {
  const { actor } = ctx;
  await rootDb(ctx)
    .transaction()
    .execute(async (tx) => {
      const row = await writableElder(tx, actor, id);
      const gone = await tx
        .deleteFrom('elder_contacts')
        .where('id', '=', contactId)
        .where('elder_id', '=', id)
        .returning('id')
        .executeTakeFirst();
      if (!gone) throw new AppError('not_found');
      await recordAudit(inTransaction(ctx, tx), {
        action: 'update',
        entityType: 'elder',
        entityId: id,
        districtCode: row.district_code,
        detail: { contactRemoved: contactId },
      });
    });
  return getElder(ctx, id, { audit: false });
}
