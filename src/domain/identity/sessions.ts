// Login, sessions and lock-out. Tokens are random; only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { RateLimit } from '../../db/rate-limits.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { Actor, Grant } from './access.js';
import { auditDistrict, recordAudit } from './audit.js';
import {
  clearAllLoginFailures,
  clearLoginFailures,
  countLoginFailure,
  loginLockedUntil,
  throttleName,
} from './login-throttle.js';
import { assertNewPassword, DEMO_PASSWORD, hashPassword, verifyPassword } from './passwords.js';
import type { Role } from './roles.js';

export const SESSION_HOURS = 12;
export { LOCK_MINUTES, MAX_FAILED_LOGINS } from './login-throttle.js';

/** Guesses at the current password when changing it, per user: a borrowed session may not try many. */
export const passwordChangeGuesses = new RateLimit('password-change', 5, 15 * 60_000);

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  production: boolean;
  /** The login request, written on the audit entry. */
  requestId?: string | null;
}

// A hash to compare against when the user does not exist, so timing does not reveal usernames.
const dummyHash = hashPassword('not-a-real-password-1');

export async function login(
  db: Kysely<DB>,
  input: LoginInput,
): Promise<{ token: string; actor: Actor; expiresAt: Date }> {
  // Unknown and known names take the same steps: the lock is read by the name as typed, and a
  // password is always hashed (against a dummy when there is no such account).
  const name = throttleName(input.username);
  const lockedUntil = await loginLockedUntil(db, name, input.ip);
  if (lockedUntil) throw new AppError('account_locked', { until: lockedUntil.toISOString() });
  const found = await db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();
  const user = found && !found.disabled ? found : undefined;
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash));
  if (!user || !ok) {
    const lock = await countLoginFailure(db, name, input.ip);
    if (lock) throw new AppError('account_locked', { until: lock.toISOString() });
    throw new AppError('bad_credentials');
  }
  if (input.production && (user.is_demo || input.password === DEMO_PASSWORD))
    throw new AppError('demo_password_refused');
  await clearLoginFailures(db, name, input.ip);

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000);
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: user.id,
      expires_at: expiresAt,
      ip: input.ip,
      user_agent: input.userAgent,
    })
    .execute();
  const actor = await actorForUser(db, user.id, input.ip, hashToken(token));
  await recordAudit(db, actor!, {
    action: 'login',
    entityType: 'user',
    entityId: user.id,
    districtCode: auditDistrict(actor!),
    requestId: input.requestId,
  });
  return { token, actor: actor!, expiresAt };
}

export async function actorForToken(db: Kysely<DB>, token: string, ip: string | null): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const session = await db
    .selectFrom('sessions')
    .select(['user_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  if (!session) return null;
  return actorForUser(db, session.user_id, ip, tokenHash);
}

export async function actorForUser(
  db: Kysely<DB>,
  userId: number,
  ip: string | null,
  sessionTokenHash: string | null = null,
): Promise<Actor | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'disabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  const grants = await db
    .selectFrom('role_grants')
    .select(['role', 'jurisdiction_code', 'organisation_id', 'elder_id'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    ip,
    sessionTokenHash,
    grants: grants.map(
      (g): Grant => ({
        role: g.role as Role,
        jurisdictionCode: g.jurisdiction_code,
        organisationId: g.organisation_id,
        elderId: g.elder_id,
      }),
    ),
  };
}

export async function logout(db: Kysely<DB>, actor: Actor): Promise<void> {
  if (!actor.sessionTokenHash) return;
  await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('token_hash', '=', actor.sessionTokenHash)
    .execute();
  await recordAudit(db, actor, { action: 'logout', entityType: 'user', entityId: actor.userId });
}

/** Changes the password and ends every other session of the user. */
export async function changePassword(
  db: Kysely<DB>,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  // Counted before the check (one atomic upsert), so parallel guesses cannot slip past the limit.
  const guessKey = String(actor.userId);
  if (!(await passwordChangeGuesses.take(db, guessKey))) throw new AppError('too_many_requests');
  const user = await db
    .selectFrom('users')
    .select(['username', 'password_hash'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(currentPassword, user.password_hash)))
    throw new AppError('bad_credentials', {}, 'currentPassword');
  await passwordChangeGuesses.reset(db, guessKey);
  await assertNewPassword(newPassword, { username: user.username, previous: currentPassword }, 'newPassword');
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: hash, is_demo: false, password_changed_at: new Date() })
      .where('id', '=', actor.userId)
      .execute();
    await tx
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .$if(actor.sessionTokenHash != null, (q) => q.where('token_hash', '!=', actor.sessionTokenHash!))
      .execute();
    await recordAudit(tx, actor, { action: 'password_change', entityType: 'user', entityId: actor.userId });
  });
}

/** Creates an account. Its password must pass the rules, except a demo account's (refused in production). */
export async function createUser(
  db: Kysely<DB>,
  user: {
    username: string;
    displayName: string;
    password: string;
    isDemo?: boolean;
    grants: Array<Partial<Grant> & { role: Role }>;
  },
): Promise<number> {
  if (!user.isDemo) await assertNewPassword(user.password, { username: user.username }, 'password');
  const hash = await hashPassword(user.password);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('users')
      .values({
        username: user.username,
        display_name: user.displayName,
        password_hash: hash,
        is_demo: user.isDemo ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const g of user.grants) {
      await tx
        .insertInto('role_grants')
        .values({
          user_id: row.id,
          role: g.role,
          jurisdiction_code: g.jurisdictionCode ?? null,
          organisation_id: g.organisationId ?? null,
          elder_id: g.elderId ?? null,
        })
        .execute();
    }
    return row.id;
  });
}

/** An administrator lifts every login lock on the account (all addresses); audited. */
export async function unlockAccount(db: Kysely<DB>, actor: Actor, userId: number): Promise<void> {
  const user = await db.selectFrom('users').select(['username']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('not_found');
  const district = await db
    .selectFrom('role_grants')
    .select('jurisdiction_code')
    .where('user_id', '=', userId)
    .where('jurisdiction_code', 'is not', null)
    .orderBy('id')
    .executeTakeFirst();
  await db.transaction().execute(async (tx) => {
    const cleared = await clearAllLoginFailures(tx, user.username);
    // Older lock columns, still read by the accounts list.
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
    await recordAudit(tx, actor, {
      action: 'update',
      entityType: 'user',
      entityId: userId,
      districtCode: district?.jurisdiction_code?.slice(0, 6) ?? null,
      detail: { unlocked: true, counters: cleared },
    });
  });
}
