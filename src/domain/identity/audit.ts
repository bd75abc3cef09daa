// Append-only audit log of personal-data access. The table refuses UPDATE, DELETE and TRUNCATE.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from './access.js';

export type AuditAction = 'read' | 'list' | 'search' | 'create' | 'update' | 'archive' | 'export' | 'import' | 'login' | 'logout' | 'password_change';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | number | null;
  districtCode?: string | null;
  purpose?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Kysely<DB> | Transaction<DB>, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: actor?.userId ?? null,
      username: actor?.username ?? null,
      roles: actor ? [...new Set(actor.grants.map((g) => g.role))].join(',') : null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      district_code: entry.districtCode ?? null,
      ip: actor?.ip ?? null,
      purpose: entry.purpose ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}
