// Who reaches which institution. Officers (city, district) reach institutions inside their
// jurisdiction; institution staff and caregivers reach the organisation named on their grant.
// Anyone else gets 404: an institution outside one's reach is simply not found.
import type { Kysely, RawBuilder, SqlBool, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { INSTITUTION_OFFICERS, INSTITUTION_OPERATORS, INSTITUTION_READERS } from '../identity/permissions.js';
import type { Role } from '../identity/roles.js';
import { anyOf, idIn, jurisdictionOf, organisationsOf } from '../identity/scope.js';

type Db = Kysely<DB> | Transaction<DB>;

export { INSTITUTION_OFFICERS, INSTITUTION_OPERATORS, INSTITUTION_READERS };

export type Need = 'read' | 'operate' | 'govern';

export function staffOrganisationIds(actor: Actor, roles: readonly Role[] = INSTITUTION_READERS): number[] {
  return organisationsOf(actor, roles);
}

export function isOfficer(actor: Actor): boolean {
  return !jurisdictionOf(actor, INSTITUTION_OFFICERS).none;
}

/** WHERE condition on `organisations` rows this actor may read. */
export function organisationScope(actor: Actor): RawBuilder<SqlBool> {
  const officer = jurisdictionOf(actor, INSTITUTION_OFFICERS);
  return anyOf([
    ...(officer.none ? [] : [officer.inJurisdiction('organisations.jurisdiction_code')]),
    idIn('organisations.id', staffOrganisationIds(actor)),
  ]);
}

export function canReach(actor: Actor, org: { id: number; jurisdiction_code: string }, need: Need): boolean {
  if (jurisdictionOf(actor, INSTITUTION_OFFICERS).covers(org.jurisdiction_code)) return true;
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
export async function organisationFor(
  db: Db,
  actor: Actor,
  id: number,
  need: Need,
  options: { lock?: boolean; kind?: string } = {},
) {
  let q = db.selectFrom('organisations').selectAll().where('id', '=', id);
  if (options.lock) q = q.forUpdate();
  const org = await q.executeTakeFirst();
  if (!org || (options.kind && org.kind !== options.kind) || !canReach(actor, org, 'read'))
    throw new AppError('not_found');
  if (!canReach(actor, org, need)) throw new AppError('forbidden');
  return org;
}
