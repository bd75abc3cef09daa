// Who reaches which worker. Employers (institution and provider staff) reach the people currently
// employed by their organisation; city and district officers reach everyone employed (now or
// before) by an organisation in their jurisdiction. Anyone else: 404.
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { coversCode, prefixesFor, type Actor } from '../identity/access.js';
import type { Role } from '../identity/roles.js';

type Db = Kysely<DB> | Transaction<DB>;

export const WORKFORCE_OFFICERS: readonly Role[] = ['city_admin', 'district_officer'];
export const EMPLOYER_ROLES: readonly Role[] = ['institution_staff', 'provider_staff'];

export function employerOrgIds(actor: Actor): number[] {
  return actor.grants.filter((g) => EMPLOYER_ROLES.includes(g.role) && g.organisationId != null).map((g) => g.organisationId!);
}

export function isWorkforceOfficer(actor: Actor): boolean {
  return prefixesFor(actor, WORKFORCE_OFFICERS).length > 0;
}

/** WHERE condition on an `employments as e` row joined with `organisations as o`. */
export function employmentScope(actor: Actor): RawBuilder<SqlBool> {
  const prefixes = prefixesFor(actor, WORKFORCE_OFFICERS);
  if (prefixes.includes('')) return sql<SqlBool>`true`;
  const ors = prefixes.map((p) => sql`o.jurisdiction_code LIKE ${p + '%'}`);
  const own = employerOrgIds(actor);
  if (own.length) ors.push(sql`(e.organisation_id = ANY(${own}::bigint[]) AND e.left_on IS NULL)`);
  return ors.length ? sql<SqlBool>`(${sql.join(ors, sql` OR `)})` : sql<SqlBool>`false`;
}

/** An organisation whose staff register the actor may keep: their own, or one in their jurisdiction. */
export async function employerFor(db: Db, actor: Actor, organisationId: number) {
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw new AppError('not_found', {}, 'organisationId');
  if (!coversCode(actor, WORKFORCE_OFFICERS, org.jurisdiction_code) && !employerOrgIds(actor).includes(org.id)) throw new AppError('not_found', {}, 'organisationId');
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
