// Who may do what in the assessment domain. Elders are reached only through the registry's
// `visibleElders`, so an elder outside the caller's jurisdiction is simply not found (404).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { visibleElders } from '../elders/service.js';
import type { Actor } from '../identity/access.js';
import { ASSESSMENT_MANAGERS, SCREENERS, TASK_ASSIGNERS, TASK_REQUESTERS } from '../identity/permissions.js';
import type { Role } from '../identity/roles.js';
import { coversCode, hasRole } from '../identity/scope.js';

export type Db = Kysely<DB> | Transaction<DB>;

export { ASSESSMENT_MANAGERS, SCREENERS, TASK_ASSIGNERS, TASK_REQUESTERS };

export interface ScopedElder {
  id: number;
  name: string;
  district_code: string;
  community_code: string;
  status: string;
}

/** The elder if the actor may see them; otherwise 404, as if the record did not exist. */
export async function elderInScope(db: Db, actor: Actor, elderId: number): Promise<ScopedElder> {
  const row = await visibleElders(db, actor)
    .select(['elders.id', 'elders.name', 'elders.district_code', 'elders.community_code', 'elders.status'])
    .where('elders.id', '=', elderId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

export function requireRoleFor(actor: Actor, roles: readonly Role[], code: string): void {
  if (!hasRole(actor, roles)) throw new AppError('forbidden');
  if (!coversCode(actor, roles, code)) throw new AppError('outside_jurisdiction', { code });
}

/**
 * For a record or place reached by id or code (a re-check draw, a district): outside the caller's
 * reach it answers 404 like a missing one, so the answer does not tell that it exists.
 */
export function requireInReach(actor: Actor, roles: readonly Role[], code: string): void {
  if (!hasRole(actor, roles)) throw new AppError('forbidden');
  if (!coversCode(actor, roles, code)) throw new AppError('not_found');
}

/**
 * While an assessor holds an unfinished re-check of an elder, that elder's results are hidden from
 * them: the re-check is blind to the first result.
 */
export async function blindFor(db: Db, actor: Actor, elderId: number): Promise<boolean> {
  const open = await db
    .selectFrom('recheck_items')
    .select('id')
    .where('recheck_assessor_id', '=', actor.userId)
    .where('elder_id', '=', elderId)
    .where('status', '=', 'assigned')
    .executeTakeFirst();
  return open !== undefined;
}
