// Who reaches which institution. Officers (city, district) reach institutions inside their
// jurisdiction; institution staff and caregivers reach the organisation named on their grant.
// Anyone else gets 404: an institution outside one's reach is simply not found.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { coversCode, prefixesFor, type Actor } from '../identity/access.js';
import type { Role } from '../identity/roles.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Govern institutions (register, profile, star ratings, waiting list) within their jurisdiction. */
export const INSTITUTION_OFFICERS: readonly Role[] = ['city_admin', 'district_officer'];
/** Run their own institution: beds, admissions, transfers, discharges. */
export const INSTITUTION_OPERATORS: readonly Role[] = ['institution_staff'];
/** See their own institution and its residents for care. */
export const INSTITUTION_READERS: readonly Role[] = ['institution_staff', 'caregiver'];

export type Need = 'read' | 'operate' | 'govern';

export function staffOrganisationIds(actor: Actor, roles: readonly Role[] = INSTITUTION_READERS): number[] {
  return actor.grants.filter((g) => roles.includes(g.role) && g.organisationId != null).map((g) => g.organisationId!);
}

export function isOfficer(actor: Actor): boolean {
  return prefixesFor(actor, INSTITUTION_OFFICERS).length > 0;
}

/** WHERE condition on `organisations` rows this actor may read. */
export function organisationScope(eb: ExpressionBuilder<DB, 'organisations'>, actor: Actor): Expression<SqlBool> {
  const prefixes = prefixesFor(actor, INSTITUTION_OFFICERS);
  if (prefixes.includes('')) return sql<SqlBool>`true`;
  const ors: Expression<SqlBool>[] = prefixes.map((p) => eb('organisations.jurisdiction_code', 'like', `${p}%`));
  const own = staffOrganisationIds(actor);
  if (own.length) ors.push(eb('organisations.id', 'in', own));
  return ors.length ? eb.or(ors) : sql<SqlBool>`false`;
}

export function canReach(actor: Actor, org: { id: number; jurisdiction_code: string }, need: Need): boolean {
  if (coversCode(actor, INSTITUTION_OFFICERS, org.jurisdiction_code)) return true;
  if (need === 'govern') return false;
  return staffOrganisationIds(actor, need === 'operate' ? INSTITUTION_OPERATORS : INSTITUTION_READERS).includes(org.id);
}

/** Whether this actor works in the organisation (the residency rule that opens residents' records). */
export function worksIn(actor: Actor, organisationId: number): boolean {
  return staffOrganisationIds(actor).includes(organisationId);
}

/**
 * Loads an organisation for the actor: out of reach → 404; readable but not enough for `need` → 403.
 * `lock` takes a row lock, so bed and admission changes of one institution run one after another.
 */
export async function organisationFor(db: Db, actor: Actor, id: number, need: Need, options: { lock?: boolean; kind?: string } = {}) {
  let q = db.selectFrom('organisations').selectAll().where('id', '=', id);
  if (options.lock) q = q.forUpdate();
  const org = await q.executeTakeFirst();
  if (!org || (options.kind && org.kind !== options.kind) || !canReach(actor, org, 'read')) throw new AppError('not_found');
  if (!canReach(actor, org, need)) throw new AppError('forbidden');
  return org;
}
