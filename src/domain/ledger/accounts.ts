// Opening accounts, reading them (scoped) with their statement, and setting a budget's appropriation.
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Static } from 'typebox';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { visibleElders } from '../elders/service.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { codePrefix, coversCode, hasRole } from '../identity/scope.js';
import { accountScope, administers, LEDGER_ADMINS, mayName } from './access.js';
import { availableFen, floorRefused } from './posting.js';
import type { AccountDetail, AccountPage, AccountQuery, AccountView, StatementQuery } from './schemas.js';
import { statementOf } from './statement.js';
import type { AccountType, Currency, LedgerAccountsTable, OwnerType } from './tables.js';

type Db = Kysely<DB> | Transaction<DB>;
export type AccountRow = Selectable<LedgerAccountsTable>;

export type { AccountView };

export function accountView(a: AccountRow): AccountView {
  return {
    id: a.id,
    type: a.type,
    currency: a.currency,
    name: a.name,
    ownerType: a.owner_type,
    ownerId: a.owner_code ?? Number(a.owner_id),
    jurisdictionCode: a.jurisdiction_code,
    districtCode: a.district_code,
    balanceFen: a.balance,
    // What may still be spent: down to the floor (for a budget, the rest of its appropriation).
    availableFen: availableFen(a),
    pendingFen: a.pending_debits,
    appropriationFen: a.type === 'budget' ? -a.floor : null,
    createdAt: new Date(a.created_at).toISOString(),
  };
}

export interface AccountSpec {
  type: AccountType;
  currency: Currency;
  name: string;
  ownerType: OwnerType;
  ownerId?: number | null;
  ownerCode?: string | null;
  jurisdictionCode: string;
  districtCode: string | null;
  floor?: number;
}

/** The account for an owner, created if missing (no access check: callers decide). */
export async function ensureAccount(db: Db, spec: AccountSpec): Promise<{ account: AccountRow; created: boolean }> {
  const inserted = await db
    .insertInto('ledger_accounts')
    .values({
      type: spec.type,
      currency: spec.currency,
      name: spec.name,
      owner_type: spec.ownerType,
      owner_id: spec.ownerId ?? null,
      owner_code: spec.ownerCode ?? null,
      jurisdiction_code: spec.jurisdictionCode,
      district_code: spec.districtCode,
      floor: spec.floor ?? 0,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { account: inserted, created: true };
  let q = db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('type', '=', spec.type)
    .where('currency', '=', spec.currency);
  q = spec.ownerCode
    ? q.where('owner_code', '=', spec.ownerCode)
    : q.where('owner_type', '=', spec.ownerType).where('owner_id', '=', spec.ownerId!);
  return { account: await q.executeTakeFirstOrThrow(), created: false };
}

export interface OpenAccountInput {
  type: Exclude<AccountType, 'provider_settled'>;
  ownerId?: number;
  ownerCode?: string;
  name?: string;
  appropriationFen?: number;
}

/** The district of a place code, null for a city or province (as for a city budget). */
const districtOf = (code: string): string | null =>
  code.length >= 6 && codePrefix(code.slice(0, 6)).length === 6 ? code.slice(0, 6) : null;

/**
 * Works out owner, place and name of a new account from the owner's own record: the elder's
 * community, the organisation's place, the worker's employer, the volunteer's grant. Never from
 * the caller, who could otherwise open (and so read) an account where they hold no books.
 */
async function specFor(db: Kysely<DB>, actor: Actor, input: OpenAccountInput): Promise<AccountSpec> {
  const need = (ok: boolean, field: string) => {
    if (!ok) throw new AppError('required', { field }, field);
  };
  if (input.type === 'care') {
    need(input.ownerId != null, 'ownerId');
    const elder = await visibleElders(db, actor)
      .select(['id', 'name', 'community_code', 'district_code'])
      .where('id', '=', input.ownerId!)
      .executeTakeFirst();
    if (!elder) throw new AppError('not_found');
    return {
      type: 'care',
      currency: 'CNY_FEN',
      name: input.name ?? `${elder.name} 重阳分账户`,
      ownerType: 'elder',
      ownerId: elder.id,
      jurisdictionCode: elder.community_code,
      districtCode: elder.district_code,
    };
  }
  if (input.type === 'provider') {
    need(input.ownerId != null, 'ownerId');
    const org = await db
      .selectFrom('organisations')
      .select(['id', 'name', 'jurisdiction_code', 'district_code'])
      .where('id', '=', input.ownerId!)
      .executeTakeFirst();
    if (!org) throw new AppError('not_found');
    return {
      type: 'provider',
      currency: 'CNY_FEN',
      name: input.name ?? org.name,
      ownerType: 'organisation',
      ownerId: org.id,
      jurisdictionCode: org.jurisdiction_code,
      districtCode: org.district_code,
    };
  }
  if (input.type === 'budget') {
    need(!!input.ownerCode, 'ownerCode');
    const place = await db
      .selectFrom('jurisdictions')
      .select(['code', 'name', 'level'])
      .where('code', '=', input.ownerCode!)
      .executeTakeFirst();
    if (!place || (place.level !== 'city' && place.level !== 'district'))
      throw new AppError('unknown_jurisdiction', { code: input.ownerCode! }, 'ownerCode');
    const floor = -(input.appropriationFen ?? 0);
    return {
      type: 'budget',
      currency: 'CNY_FEN',
      name: input.name ?? `${place.name}养老服务预算`,
      ownerType: 'jurisdiction',
      ownerCode: place.code,
      jurisdictionCode: place.code,
      districtCode: place.level === 'district' ? place.code : null,
      floor,
    };
  }
  need(input.ownerId != null, 'ownerId');
  if (input.type === 'worker') {
    // A caregiver's place is their employer's: the current one (the latest hired, if several),
    // else the last; one never employed belongs to the district that registered them.
    const worker = await db
      .selectFrom('workers as w')
      .leftJoin('employments as e', 'e.worker_id', 'w.id')
      .leftJoin('organisations as o', 'o.id', 'e.organisation_id')
      .select(['w.id', 'w.district_code', 'o.jurisdiction_code'])
      .where('w.id', '=', input.ownerId!)
      .orderBy(sql`e.left_on IS NULL`, 'desc')
      .orderBy(sql`coalesce(e.left_on, e.hired_on)`, sql`desc nulls last`)
      .orderBy('e.id', 'desc')
      .executeTakeFirst();
    if (!worker) throw new AppError('not_found');
    const code = worker.jurisdiction_code ?? worker.district_code;
    return {
      type: 'worker',
      currency: 'CNY_FEN',
      name: input.name ?? `护理员奖补账户 ${worker.id}`,
      ownerType: 'caregiver',
      ownerId: worker.id,
      jurisdictionCode: code,
      districtCode: districtOf(code),
    };
  }
  // A time-bank account belongs to a user holding a volunteer grant, in that grant's place.
  const grant = await db
    .selectFrom('role_grants')
    .select(['user_id', 'jurisdiction_code'])
    .where('user_id', '=', input.ownerId!)
    .where('role', '=', 'volunteer')
    .where('jurisdiction_code', 'is not', null)
    .orderBy('id')
    .executeTakeFirst();
  if (!grant) throw new AppError('not_found');
  const code = grant.jurisdiction_code!;
  return {
    type: 'time',
    currency: 'TIME_MINUTE',
    name: input.name ?? `时间银行账户 ${grant.user_id}`,
    ownerType: 'volunteer',
    ownerId: grant.user_id,
    jurisdictionCode: code,
    districtCode: districtOf(code),
  };
}

export async function openAccount(
  ctx: UseCaseContext,
  input: OpenAccountInput,
): Promise<{ account: AccountView; created: boolean }> {
  const { db, actor } = ctx;
  if (!hasRole(actor, LEDGER_ADMINS)) throw new AppError('forbidden');
  const spec = await specFor(db, actor, input);
  const probe = {
    type: spec.type,
    owner_type: spec.ownerType,
    owner_id: spec.ownerId ?? null,
    owner_code: spec.ownerCode ?? null,
    jurisdiction_code: spec.jurisdictionCode,
  };
  // Budgets and their appropriations are the city's to set (places are public: 403). Other
  // accounts are their place's officers'; an owner elsewhere is as unknown as a missing one.
  if (spec.type === 'budget' && !coversCode(actor, ['city_admin'], spec.jurisdictionCode))
    throw new AppError('outside_jurisdiction', { code: spec.jurisdictionCode });
  if (!administers(actor, probe)) throw new AppError('not_found');
  const { account, created } = await ensureAccount(db, spec);
  // An account already open answers only where the caller keeps the books: it may have been
  // opened in another place (by a platform run, or before the place came from the owner's record).
  if (!created && !administers(actor, account)) throw new AppError('not_found');
  if (created)
    await recordAudit(ctx, {
      action: 'create',
      entityType: 'ledger_account',
      entityId: account.id,
      districtCode: account.district_code,
    });
  return { account: accountView(account), created };
}

/** Accounts the caller may see, filtered (`owner`: an owner id or a jurisdiction code), one page. */
export async function listAccounts(ctx: UseCaseContext, query: Static<typeof AccountQuery>): Promise<AccountPage> {
  const { page, pageSize, owner, ...rest } = query;
  const f = { ...rest, ownerId: owner };
  let q = ctx.db.selectFrom('ledger_accounts').where(accountScope(ctx.actor));
  if (f.type) q = q.where('type', '=', f.type);
  if (f.currency) q = q.where('currency', '=', f.currency);
  if (f.ownerType) q = q.where('owner_type', '=', f.ownerType);
  if (f.ownerId)
    q = /^\d+$/.test(f.ownerId)
      ? q.where((eb) => eb.or([eb('owner_id', '=', Number(f.ownerId)), eb('owner_code', '=', f.ownerId!)]))
      : q.where('owner_code', '=', f.ownerId);
  if (f.jurisdiction) q = q.where(sql<boolean>`jurisdiction_code LIKE ${`${f.jurisdiction}%`}`);
  const [{ n }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .selectAll()
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  await recordAudit(ctx, { action: 'list', entityType: 'ledger_account', detail: { ...f, page } });
  return { total: Number(n), page, pageSize, items: rows.map(accountView) };
}

/** One account the actor may see, or 404. */
export async function visibleAccount(db: Db, actor: Actor, id: number): Promise<AccountRow> {
  const row = await db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('id', '=', id)
    .where(accountScope(actor))
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/**
 * An account with its statement (newest first, a page before `before`); counterparties the
 * caller may not see are named only as "outside your reach". Reading an elder's account is audited.
 */
export async function getAccount(
  ctx: UseCaseContext,
  id: number,
  query: Static<typeof StatementQuery>,
): Promise<AccountDetail> {
  const { db, actor } = ctx;
  const account = await visibleAccount(db, actor, id);
  const hidden = ctx.lang === 'en' ? 'Account outside your reach' : '辖区外账户';
  const statement = await statementOf(db, account, query.limit, query.before, (other) => mayName(actor, other), hidden);
  if (account.owner_type === 'elder')
    await recordAudit(ctx, {
      action: 'read',
      entityType: 'ledger_account',
      entityId: account.id,
      districtCode: account.district_code,
    });
  return { ...accountView(account), statement };
}

export async function setAppropriation(
  ctx: UseCaseContext,
  id: number,
  appropriationFen: number,
): Promise<AccountView> {
  const { actor } = ctx;
  return ctx.db.transaction().execute(async (tx) => {
    const account = await visibleAccount(tx, actor, id);
    if (account.type !== 'budget')
      throw new AppError('validation_failed', { detail: 'only budget accounts have an appropriation' });
    if (!coversCode(actor, ['city_admin'], account.jurisdiction_code)) throw new AppError('forbidden');
    const locked = await tx
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // The floor CHECK judges whether what was spent still fits: below it, 409 appropriation_exceeded.
    const row = await tx
      .updateTable('ledger_accounts')
      .set({ floor: -appropriationFen })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch(floorRefused);
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'ledger_account',
      entityId: id,
      districtCode: row.district_code,
      detail: { appropriationFen, previous: -locked.floor },
    });
    return accountView(row);
  });
}
