// Who reaches which worker. Employers (institution and provider staff) reach the people currently
// employed by their organisation; city and district officers reach everyone employed (now or
// before) by an organisation in their jurisdiction. Anyone else: 404.
import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { EMPLOYER_ROLES, WORKFORCE_OFFICERS } from '../identity/permissions.js';
import { anyOf, jurisdictionOf, organisationsOf } from '../identity/scope.js';

type Db = Kysely<DB> | Transaction<DB>;

export { EMPLOYER_ROLES, WORKFORCE_OFFICERS };

export function employerOrgIds(actor: Actor): number[] {
  return organisationsOf(actor, EMPLOYER_ROLES);
}

export function isWorkforceOfficer(actor: Actor): boolean {
  return !jurisdictionOf(actor, WORKFORCE_OFFICERS).none;
}

/** WHERE condition on an `employments as e` row joined with `organisations as o`. */
export function employmentScope(actor: Actor): RawBuilder<SqlBool> {
  const officer = jurisdictionOf(actor, WORKFORCE_OFFICERS);
  const ors: RawBuilder<SqlBool>[] = officer.none ? [] : [officer.inJurisdiction('o.jurisdiction_code')];
  const own = employerOrgIds(actor);
  if (own.length) ors.push(sql<SqlBool>`(e.organisation_id = ANY(${own}::bigint[]) AND e.left_on IS NULL)`);
  return anyOf(ors);
}

/** An organisation whose staff register the actor may keep: their own, or one in their jurisdiction. */
export async function employerFor(db: Db, actor: Actor, organisationId: number) {
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw new AppError('not_found', {}, 'organisationId');
  if (
    !jurisdictionOf(actor, WORKFORCE_OFFICERS).covers(org.jurisdiction_code) &&
    !employerOrgIds(actor).includes(org.id)
  )
    throw new AppError('not_found', {}, 'organisationId');
  return org;
}

/** A worker the actor reaches (see above), or 404. */
export async function reachableWorker(db: Db, actor: Actor, workerId: number) {
  const hit = await db
    .selectFrom('employments as e')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select('e.id')
    .where('e.worker_id', '=', workerId)
    .where(employmentScope(actor))
    .executeTakeFirst();
  if (!hit) throw new AppError('not_found');
  const worker = await db.selectFrom('workers').selectAll().where('id', '=', workerId).executeTakeFirstOrThrow();
  return worker;
}
