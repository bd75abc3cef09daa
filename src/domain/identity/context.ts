// The context every use case receives first: the database (or the transaction it runs in), who is
// asking and through which grants, why (X-Purpose), in which language, under which request id,
// and the clock. Built once per request by the server, and by jobs and the CLI for the system.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { todayInShanghai } from '../../lib/dates.js';
import { AppError, type Lang } from '../../lib/errors.js';
import type { Actor } from './access.js';
import type { Role } from './roles.js';
import { grantedElderIds, type JurisdictionScope, jurisdictionOf, organisationsOf } from './scope.js';

export type Db = Kysely<DB> | Transaction<DB>;

/** What the caller reaches, computed from their grants (see scope.ts). */
export interface Reach {
  places(roles: readonly Role[]): JurisdictionScope;
  organisations(roles: readonly Role[]): number[];
  elders(): number[];
}

export interface UseCaseContext {
  db: Db;
  actor: Actor;
  reach: Reach;
  /** Why personal data is read (查询事由), from the X-Purpose header or the form. */
  purpose: string | null;
  lang: Lang;
  requestId: string;
  ip: string | null;
  now: Date;
  /** Today's business date in Asia/Shanghai ('YYYY-MM-DD'). */
  today: string;
}

export function reachOf(actor: Actor): Reach {
  return {
    places: (roles) => jurisdictionOf(actor, roles),
    organisations: (roles) => organisationsOf(actor, roles),
    elders: () => grantedElderIds(actor),
  };
}

export interface ContextInput {
  db: Db;
  actor: Actor;
  purpose?: string | null;
  lang?: Lang;
  requestId: string;
  ip?: string | null;
  now?: Date;
}

export function makeContext(input: ContextInput): UseCaseContext {
  const now = input.now ?? new Date();
  // Formatted on first use: most requests never ask for the business date.
  let today: string | undefined;
  return {
    db: input.db,
    actor: input.actor,
    reach: reachOf(input.actor),
    purpose: input.purpose ?? null,
    lang: input.lang ?? 'zh-CN',
    requestId: input.requestId,
    ip: input.ip ?? input.actor.ip,
    now,
    get today() {
      today ??= todayInShanghai(now);
      return today;
    },
  };
}

/** The same context inside a transaction. */
export function inTransaction(ctx: UseCaseContext, tx: Transaction<DB>): UseCaseContext {
  return { ...ctx, db: tx };
}

/**
 * The context with the purpose a form sent in its body, where no X-Purpose header gave one
 * (the header wins, as in `parsePurpose`).
 */
export function withPurpose(ctx: UseCaseContext, bodyPurpose: string | null | undefined): UseCaseContext {
  if (ctx.purpose !== null || bodyPurpose == null) return ctx;
  return { ...ctx, purpose: parsePurpose(undefined, bodyPurpose) };
}

const MAX_PURPOSE = 200;

/**
 * The purpose of a read, from the X-Purpose header (percent-encoded UTF-8, so Chinese survives
 * HTTP) or a form field. A malformed encoding or an over-long text is the caller's error (400).
 */
export function parsePurpose(header: string | string[] | undefined, fallback?: string | null): string | null {
  const raw = Array.isArray(header) ? header[0] : header;
  let text: string | null = fallback ?? null;
  if (raw) {
    try {
      text = decodeURIComponent(raw);
    } catch {
      throw new AppError('invalid_format', { field: 'X-Purpose' }, 'X-Purpose');
    }
  }
  if (text == null) return null;
  text = text.trim();
  if (!text) return null;
  if (text.length > MAX_PURPOSE || text.includes('\u0000'))
    throw new AppError('too_long', { field: 'X-Purpose', limit: MAX_PURPOSE }, 'X-Purpose');
  return text;
}

// The system: jobs and CLI commands (a monthly run started by the operator, a sweep) act as it. It
// reaches every district, is recorded as nobody (created_by / approved_by stay null), and its audit
// entries carry no user, only the request id. Approvals that need a person refuse it.
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
