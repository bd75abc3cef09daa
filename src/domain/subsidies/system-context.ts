// The context of a monthly run started by the operator (the `run-month` command, a job) rather
// than by a signed-in officer: it reaches every district, is recorded as nobody (created_by and
// approved_by stay null) and its audit entries carry no user, only the request id.
import type { Actor } from '../identity/access.js';
import { type Db, makeContext, type UseCaseContext } from '../identity/context.js';

const SYSTEM: Actor = Object.freeze({
  userId: 0,
  username: 'system',
  displayName: '系统',
  grants: [],
  ip: null,
  sessionTokenHash: null,
});

export function systemContext(db: Db, requestId: string, now?: Date): UseCaseContext {
  return makeContext({ db, actor: SYSTEM, requestId, now });
}

export const isSystem = (ctx: UseCaseContext): boolean => ctx.actor === SYSTEM;

/** The user to record as having done it: none for the operator. */
export const userIdOf = (ctx: UseCaseContext): number | null => (isSystem(ctx) ? null : ctx.actor.userId);
