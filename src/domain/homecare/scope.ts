// Who reaches what in home care. Elders: the elder and family for their own, overseers for
// elders living in their jurisdiction. Providers: their own staff and the officers of the place.
// Outside the reach a record is not found (404), exactly like a missing id.
import { AppError } from '../../lib/errors.js';
import type { Db, UseCaseContext } from '../identity/context.js';
import {
  HOMECARE_CAREGIVERS,
  HOMECARE_OFFICERS,
  HOMECARE_ORDER_PLACERS,
  HOMECARE_OVERSEERS,
  HOMECARE_PROVIDER_ROLES,
} from '../identity/permissions.js';
import { anyOf, codeUnder, idIn } from '../identity/scope.js';

export interface ElderRow {
  id: number;
  elder_code: string;
  name: string;
  district_code: string;
  street_code: string;
  community_code: string;
  address: string;
  phone: string | null;
  lat: number | null;
  lng: number | null;
  status: string;
}

async function elderRow(db: Db, id: number): Promise<ElderRow | undefined> {
  return (
    db
      .selectFrom('elders as e')
      .leftJoin('jurisdictions as c', 'c.code', 'e.community_code')
      .select([
        'e.id',
        'e.elder_code',
        'e.name',
        'e.district_code',
        'e.street_code',
        'e.community_code',
        'e.address',
        'e.phone',
        'e.status',
      ])
      // Where the registry has no coordinates for the home, the community's centre stands in.
      .select((eb) => [eb.fn.coalesce('e.lat', 'c.lat').as('lat'), eb.fn.coalesce('e.lng', 'c.lng').as('lng')])
      .where('e.id', '=', id)
      .executeTakeFirst()
  );
}

/** The elder, when the caller reaches them as the elder/family or an overseer; else 404. */
export async function visibleElder(ctx: UseCaseContext, id: number): Promise<ElderRow> {
  const e = await elderRow(ctx.db, id);
  if (!e) throw new AppError('not_found');
  if (ctx.reach.elders().includes(e.id)) return e;
  if (ctx.reach.places(HOMECARE_OVERSEERS).covers(e.community_code)) return e;
  throw new AppError('not_found');
}

/** The elder an order may be placed for by this caller: their own, or one of their community. */
export async function orderableElder(ctx: UseCaseContext, id: number): Promise<ElderRow> {
  const e = await elderRow(ctx.db, id);
  if (e?.status !== 'active') throw new AppError('not_found');
  if (ctx.reach.elders().includes(e.id)) return e;
  if (ctx.reach.places(HOMECARE_ORDER_PLACERS).covers(e.community_code)) return e;
  throw new AppError('not_found');
}

export async function elderById(db: Db, id: number): Promise<ElderRow> {
  const e = await elderRow(db, id);
  if (!e) throw new AppError('not_found');
  return e;
}

/** Organisations the caller runs as provider staff. */
export const providerOrgs = (ctx: UseCaseContext) => ctx.reach.organisations(HOMECARE_PROVIDER_ROLES);

/** Whether the caller manages this provider: its staff, or an officer of its place. */
export function managesProvider(ctx: UseCaseContext, org: { id: number; jurisdiction_code: string }): boolean {
  return providerOrgs(ctx).includes(org.id) || ctx.reach.places(HOMECARE_OFFICERS).covers(org.jurisdiction_code);
}

/** The worker the caller is on the caregiver's phone view, or null. */
export async function workerOfCaller(
  ctx: UseCaseContext,
): Promise<{ workerId: number; organisationId: number } | null> {
  if (!ctx.actor.grants.some((g) => HOMECARE_CAREGIVERS.includes(g.role))) return null;
  const row = await ctx.db
    .selectFrom('homecare_worker_accounts')
    .select(['worker_id', 'organisation_id'])
    .where('user_id', '=', ctx.actor.userId)
    .executeTakeFirst();
  return row ? { workerId: row.worker_id, organisationId: row.organisation_id } : null;
}

/**
 * A WHERE condition on homecare_orders (aliased `o`): the orders the caller reaches — of their
 * own elders, of elders in their jurisdiction, of their provider, or assigned to them.
 */
export function orderReach(ctx: UseCaseContext, workerId: number | null) {
  const conditions = [idIn('o.elder_id', ctx.reach.elders()), idIn('o.organisation_id', providerOrgs(ctx))];
  const places = ctx.reach.places(HOMECARE_OVERSEERS);
  if (!places.none) conditions.push(codeUnder('o.community_code', places.prefixes));
  if (workerId != null) conditions.push(idIn('o.worker_id', [workerId]));
  return anyOf(conditions);
}
