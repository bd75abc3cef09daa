// Append-only audit log of personal-data access. The table refuses UPDATE, DELETE and TRUNCATE
// (triggers), and on PostgreSQL the application's role may only INSERT and SELECT it (migrator.ts).
import type { Actor } from './access.js';
import type { Db, UseCaseContext } from './context.js';
import { codePrefix } from './scope.js';

export type AuditAction =
  | 'read'
  | 'list'
  | 'search'
  | 'create'
  | 'update'
  | 'archive'
  | 'export'
  | 'import'
  | 'login'
  | 'logout'
  | 'password_change'
  | 'password_reset';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | number | null;
  /** The district (6-digit code; a city's code for city-wide acts) the entry concerns: its officers see it in /audit. */
  districtCode?: string | null;
  purpose?: string | null;
  detail?: Record<string, unknown>;
  /** The request, when the actor does not carry it (anonymous calls, login). */
  requestId?: string | null;
}

/**
 * Writes one audit row. The context form takes actor, purpose, address and request id from the
 * request's context (identity/context.ts); the (db, actor, entry) form is for calls without one
 * (anonymous requests, login) and for use cases not yet moved to the context.
 */
export async function recordAudit(ctx: UseCaseContext, entry: AuditEntry): Promise<void>;
export async function recordAudit(db: Db, actor: Actor | null, entry: AuditEntry): Promise<void>;
export async function recordAudit(
  first: UseCaseContext | Db,
  second: Actor | null | AuditEntry,
  third?: AuditEntry,
): Promise<void> {
  if (isContext(first)) {
    const entry = second as AuditEntry;
    return writeAudit(first.db, first.actor, {
      ...entry,
      purpose: entry.purpose === undefined ? first.purpose : entry.purpose,
      requestId: entry.requestId ?? first.requestId,
    });
  }
  return writeAudit(first, second as Actor | null, third as AuditEntry);
}

function isContext(value: UseCaseContext | Db): value is UseCaseContext {
  return 'reach' in value && 'actor' in value;
}

async function writeAudit(db: Db, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(actor, entry)).execute();
}

/** The audit_log row of an entry, for statements that write it themselves (see `auditRowOf`). */
export interface AuditRow {
  user_id: number | null;
  username: string | null;
  roles: string | null;
  action: AuditAction;
  entity_type: string;
  entity_id: string | null;
  district_code: string | null;
  ip: string | null;
  purpose: string | null;
  detail: string | null;
  request_id: string | null;
}

function auditRow(actor: Actor | null, entry: AuditEntry): AuditRow {
  return {
    // The system (jobs, the CLI: identity/context.ts) is user 0, no account: recorded as nobody.
    user_id: actor?.userId ? actor.userId : null,
    username: actor?.username ?? null,
    roles: actor ? [...new Set(actor.grants.map((g) => g.role))].join(',') : null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    district_code: entry.districtCode ?? null,
    ip: actor?.ip ?? null,
    purpose: entry.purpose ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    // An empty id is none (a context built outside a request).
    request_id: entry.requestId || actor?.requestId || null,
  };
}

/**
 * The row `recordAudit(ctx, entry)` would write, for a statement that inserts it in the same
 * round trip as the read it records (a data-modifying CTE): the row commits with the statement,
 * before the answer leaves, exactly as a separate INSERT would.
 */
export function auditRowOf(ctx: UseCaseContext, entry: AuditEntry): AuditRow {
  return auditRow(ctx.actor, {
    ...entry,
    purpose: entry.purpose === undefined ? ctx.purpose : entry.purpose,
    requestId: entry.requestId ?? ctx.requestId,
  });
}

/** The district part of a GB/T 2260 code of any level (330102001051 → 330102; 330100 stays). */
const districtPart = (code: string) => code.slice(0, 6);

/**
 * The district an act over many records concerns (a search, an export, an import): the filter's
 * when it lies inside one of the actor's jurisdiction grants (or they hold none), else the first
 * grant's (the place the rows come from), else null. For a login, the first grant's.
 */
export function auditDistrict(actor: Actor, filterCode?: string | null): string | null {
  const places = actor.grants.flatMap((g) => (g.jurisdictionCode ? [g.jurisdictionCode] : []));
  if (
    filterCode &&
    filterCode.length >= 6 &&
    (!places.length || places.some((p) => filterCode.startsWith(codePrefix(p))))
  )
    return districtPart(filterCode);
  return places.length ? districtPart(places[0]!) : null;
}
