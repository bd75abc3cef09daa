// The per-request actor and the jurisdiction scope every query of personal data goes through.
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Role } from './roles.js';

export interface Grant {
  role: Role;
  jurisdictionCode: string | null;
  organisationId: number | null;
  elderId: number | null;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  grants: Grant[];
  ip: string | null;
  sessionTokenHash: string | null;
}

/**
 * The code prefix a GB/T 2260 code stands for: 330100 (a city) covers 3301…, 330000 (a province)
 * covers 33…, 330102 (a district) covers 330102…; street and community codes cover themselves.
 */
export function codePrefix(code: string): string {
  if (code.length !== 6) return code;
  if (code === '000000') return '';
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.grants.some((g) => roles.includes(g.role));
}

/** Jurisdiction prefixes the actor holds through any of the given roles. */
export function prefixesFor(actor: Actor, roles: readonly Role[]): string[] {
  return actor.grants
    .filter((g) => roles.includes(g.role) && g.jurisdictionCode)
    .map((g) => codePrefix(g.jurisdictionCode!));
}

/** Whether a jurisdiction code lies inside one of the actor's grants for these roles. */
export function coversCode(actor: Actor, roles: readonly Role[], code: string): boolean {
  return prefixesFor(actor, roles).some((p) => code.startsWith(p));
}

/**
 * A WHERE condition limiting rows to the actor's jurisdictions (by a code column holding a
 * community, street or district code) and, for family members, to their own elders.
 */
export function scopeCondition<T extends keyof DB>(
  eb: ExpressionBuilder<DB, T>,
  codeColumn: string,
  prefixes: string[],
  elderIdColumn?: string,
  elderIds: number[] = [],
): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = prefixes.map((p) => sql<SqlBool>`${sql.ref(codeColumn)} LIKE ${p + '%'}`);
  if (elderIdColumn && elderIds.length) ors.push(sql<SqlBool>`${sql.ref(elderIdColumn)} = ANY(${elderIds})`);
  if (!ors.length) return sql<SqlBool>`false`;
  return eb.or(ors);
}

export function grantedElderIds(actor: Actor): number[] {
  return actor.grants.filter((g) => g.role === 'elder_family' && g.elderId != null).map((g) => g.elderId!);
}
