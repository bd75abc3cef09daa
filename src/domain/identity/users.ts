// User administration: city administrators manage everyone; district officers manage the
// accounts whose every grant lies inside their district. Nobody grants beyond their own reach.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from './audit.js';
import { inTransaction, type UseCaseContext } from './context.js';
import { lockedUsernames } from './login-throttle.js';
import { assertNewPassword, hashPassword, isStrongEnough } from './passwords.js';
import { USER_ADMINS } from './permissions.js';
import type { Role } from './roles.js';
import { coversCode, hasRole, prefixesFor } from './scope.js';
import { createUser } from './sessions.js';

export { USER_ADMINS };

export interface GrantInput {
  role: Role;
  jurisdictionCode?: string | null;
  organisationId?: number | null;
  elderId?: number | null;
}

/** The one anchor each role is granted on: a place, an organisation or an elder. */
export const ROLE_ANCHOR: Record<Role, 'jurisdictionCode' | 'organisationId' | 'elderId'> = {
  city_admin: 'jurisdictionCode',
  district_officer: 'jurisdictionCode',
  street_officer: 'jurisdictionCode',
  community_worker: 'jurisdictionCode',
  assessor: 'jurisdictionCode',
  volunteer: 'jurisdictionCode',
  institution_staff: 'organisationId',
  provider_staff: 'organisationId',
  caregiver: 'organisationId',
  elder_family: 'elderId',
};

const ANCHORS = ['jurisdictionCode', 'organisationId', 'elderId'] as const;

/**
 * The place a grant's anchor lies in. A grant names exactly the anchor its role needs and nothing
 * else, so no second reference can slip past the reach check on the first.
 */
async function grantPlace(db: Kysely<DB>, g: GrantInput): Promise<string> {
  const anchor = ROLE_ANCHOR[g.role];
  for (const other of ANCHORS) {
    if (other !== anchor && g[other] != null)
      throw new AppError('grant_anchor', { role: g.role, anchor }, `grants.${other}`);
  }
  if (anchor === 'jurisdictionCode' && g.jurisdictionCode) {
    const place = await db
      .selectFrom('jurisdictions')
      .select('code')
      .where('code', '=', g.jurisdictionCode)
      .executeTakeFirst();
    if (!place) throw new AppError('not_found', {}, 'grants.jurisdictionCode');
    return g.jurisdictionCode;
  }
  if (anchor === 'organisationId' && g.organisationId) {
    const org = await db
      .selectFrom('organisations')
      .select('jurisdiction_code')
      .where('id', '=', g.organisationId)
      .executeTakeFirst();
    if (!org) throw new AppError('not_found', {}, 'grants.organisationId');
    return org.jurisdiction_code;
  }
  if (anchor === 'elderId' && g.elderId) {
    const elder = await db.selectFrom('elders').select('community_code').where('id', '=', g.elderId).executeTakeFirst();
    if (!elder) throw new AppError('not_found', {}, 'grants.elderId');
    return elder.community_code;
  }
  throw new AppError('required', { field: `grants.${anchor}` }, `grants.${anchor}`);
}

export async function adminCreateUser(
  ctx: UseCaseContext,
  input: { username: string; displayName: string; password: string; grants: GrantInput[] },
): Promise<number> {
  if (!hasRole(ctx.actor, USER_ADMINS)) throw new AppError('forbidden');
  if (!isStrongEnough(input.password)) throw new AppError('weak_password', {}, 'password');
  const district = await checkGrants(ctx, input.grants);
  const taken = await ctx.db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw new AppError('duplicate_username', {}, 'username');
  const id = await createUser(ctx.db as Kysely<DB>, {
    username: input.username,
    displayName: input.displayName,
    password: input.password,
    grants: input.grants,
  });
  await recordAudit(ctx, {
    action: 'create',
    entityType: 'user',
    entityId: id,
    districtCode: district,
    detail: { grants: input.grants },
  });
  return id;
}

export async function listUsers(ctx: UseCaseContext) {
  const { db, actor } = ctx;
  if (!hasRole(actor, USER_ADMINS)) throw new AppError('forbidden');
  const prefixes = prefixesFor(actor, USER_ADMINS);
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'disabled', 'is_demo', 'created_at'])
    .orderBy('id')
    .execute();
  // Locked from some address (login-throttle.ts): an administrator may unlock.
  const locked = await lockedUsernames(db, ctx.now);
  const grants = await db
    .selectFrom('role_grants as g')
    .leftJoin('organisations as o', 'o.id', 'g.organisation_id')
    .leftJoin('elders as e', 'e.id', 'g.elder_id')
    // Names, not codes: the place of a grant is the jurisdiction, the organisation or the elder's community.
    .leftJoin('jurisdictions as j', (join) =>
      join.on(sql<boolean>`j.code = coalesce(g.jurisdiction_code, o.jurisdiction_code, e.community_code)`),
    )
    .select([
      'j.name as place_name',
      'o.name as organisation_name',
      'g.user_id',
      'g.role',
      'g.jurisdiction_code',
      'g.organisation_id',
      'g.elder_id',
      'o.jurisdiction_code as org_code',
      'e.community_code as elder_code',
    ])
    .execute();
  const byUser = new Map<number, typeof grants>();
  for (const g of grants) byUser.set(g.user_id, [...(byUser.get(g.user_id) ?? []), g]);
  const inReach = (code: string | null) => code != null && prefixes.some((p) => code.startsWith(p));
  return users
    .filter((u) => {
      const gs = byUser.get(u.id) ?? [];
      return (
        prefixes.includes('') ||
        (gs.length > 0 && gs.every((g) => inReach(g.jurisdiction_code ?? g.org_code ?? g.elder_code)))
      );
    })
    .map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      disabled: u.disabled,
      isDemo: u.is_demo,
      locked: locked.has(u.username),
      grants: (byUser.get(u.id) ?? []).map((g) => ({
        role: g.role as Role,
        jurisdictionCode: g.jurisdiction_code,
        organisationId: g.organisation_id,
        elderId: g.elder_id,
        placeName: g.place_name,
        organisationName: g.organisation_name,
      })),
    }));
}

export async function setUserDisabled(ctx: UseCaseContext, userId: number, disabled: boolean): Promise<void> {
  const visible = (await listUsers(ctx)).some((u) => u.id === userId);
  if (!visible) throw new AppError('not_found');
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ disabled, failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute();
    if (disabled)
      await tx
        .updateTable('sessions')
        .set({ revoked_at: ctx.now })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'user',
      entityId: userId,
      detail: { disabled },
    });
  });
}

/** An account the caller administers, or 404 (the same answer as a missing id). */
async function administeredUser(ctx: UseCaseContext, userId: number) {
  if (!hasRole(ctx.actor, USER_ADMINS)) throw new AppError('forbidden');
  const visible = (await listUsers(ctx)).find((u) => u.id === userId);
  if (!visible) throw new AppError('not_found');
  // The district the account works in, so the log entry reaches that district's officers.
  const first = visible.grants[0];
  const district = first ? (await grantPlace(ctx.db as Kysely<DB>, first)).slice(0, 6) : null;
  return { ...visible, district };
}

/** Every grant checked against the caller's reach, as on creation; returns the first grant's district. */
async function checkGrants(ctx: UseCaseContext, grants: GrantInput[]): Promise<string | null> {
  let district: string | null = null;
  for (const g of grants) {
    const place = await grantPlace(ctx.db as Kysely<DB>, g);
    if (!coversCode(ctx.actor, USER_ADMINS, place)) {
      if (ROLE_ANCHOR[g.role] === 'jurisdictionCode')
        throw new AppError('outside_jurisdiction', { code: place }, 'grants');
      throw new AppError('not_found', {}, `grants.${ROLE_ANCHOR[g.role]}`);
    }
    if (g.role === 'city_admin' && !hasRole(ctx.actor, ['city_admin'])) throw new AppError('forbidden');
    district ??= place.slice(0, 6);
  }
  return district;
}

/**
 * An administrator sets a new password for an account within reach (重置密码): the rules of a chosen
 * password apply, every session of the account ends, and the log keeps who did it.
 */
export async function resetUserPassword(ctx: UseCaseContext, userId: number, password: string): Promise<void> {
  const user = await administeredUser(ctx, userId);
  if (userId === ctx.actor.userId) throw new AppError('forbidden');
  const stored = await ctx.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  await assertNewPassword(password, { username: user.username, previousHash: stored.password_hash }, 'password');
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    await tx
      .updateTable('users')
      .set({ password_hash: hash, is_demo: false, password_changed_at: ctx.now, failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute();
    await tx
      .updateTable('sessions')
      .set({ revoked_at: ctx.now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    await recordAudit(t, {
      action: 'password_reset',
      entityType: 'user',
      entityId: userId,
      districtCode: user.district,
    });
  });
}

/**
 * Replaces an account's grants (变更授权). Every new grant lies within the caller's reach, like on
 * creation; nobody changes their own grants. The actor cache drops the account by the database
 * notice the role_grants trigger sends.
 */
export async function replaceGrants(ctx: UseCaseContext, userId: number, grants: GrantInput[]): Promise<void> {
  const before = await administeredUser(ctx, userId);
  if (userId === ctx.actor.userId) throw new AppError('forbidden');
  const district = await checkGrants(ctx, grants);
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    await tx.deleteFrom('role_grants').where('user_id', '=', userId).execute();
    await tx
      .insertInto('role_grants')
      .values(
        grants.map((g) => ({
          user_id: userId,
          role: g.role,
          jurisdiction_code: g.jurisdictionCode ?? null,
          organisation_id: g.organisationId ?? null,
          elder_id: g.elderId ?? null,
        })),
      )
      .execute();
    await recordAudit(t, {
      action: 'update',
      entityType: 'user',
      entityId: userId,
      districtCode: district ?? before.district,
      detail: { grantsBefore: before.grants, grants },
    });
  });
}
