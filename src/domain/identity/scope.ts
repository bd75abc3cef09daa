// The caller's reach, computed once from their grants and used by every domain: the places they
// hold through a set of roles (with the city-wide case), the organisations they work for and the
// elders they act for. Queries filter with `inJurisdiction`, rows in hand are checked with
// `covers`; outside the reach a record is simply not found.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from './access.js';
import type { Role } from './roles.js';

/** A column holding a GB/T 2260 code (district, street or community), as `table.column`. */
export type CodeColumn = `${string}.${string}`;

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

/** A WHERE condition: the code in `column` lies under one of `prefixes` ('' is everywhere). */
export function codeUnder(column: CodeColumn, prefixes: readonly string[]): RawBuilder<SqlBool> {
  if (prefixes.includes('')) return sql<SqlBool>`true`;
  if (!prefixes.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(
    prefixes.map((p) => sql`${sql.ref(column)} LIKE ${`${p}%`}`),
    sql` OR `,
  )})`;
}

/** The places the actor holds through `roles`. */
export interface JurisdictionScope {
  readonly prefixes: readonly string[];
  /** Nothing held through these roles. */
  readonly none: boolean;
  covers(code: string): boolean;
  /** A WHERE condition on a code column; `false` when nothing is held, `true` when everywhere. */
  inJurisdiction(column: CodeColumn): RawBuilder<SqlBool>;
}

export function jurisdictionOf(actor: Actor, roles: readonly Role[]): JurisdictionScope {
  const prefixes = prefixesFor(actor, roles);
  return {
    prefixes,
    none: prefixes.length === 0,
    covers: (code) => prefixes.some((p) => code.startsWith(p)),
    inJurisdiction: (column) => codeUnder(column, prefixes),
  };
}

/** Organisations named on the actor's grants for these roles. */
export function organisationsOf(actor: Actor, roles: readonly Role[]): number[] {
  return actor.grants.filter((g) => roles.includes(g.role) && g.organisationId != null).map((g) => g.organisationId!);
}

/** Elders the actor acts for as the elder or a family member (老人/家属). */
export function grantedElderIds(actor: Actor): number[] {
  return actor.grants.filter((g) => g.role === 'elder_family' && g.elderId != null).map((g) => g.elderId!);
}

/** A WHERE condition: the id in `column` is one of `ids` (`false` for none). */
export function idIn(column: CodeColumn, ids: readonly number[]): RawBuilder<SqlBool> {
  if (!ids.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} = ANY(${[...ids]}::bigint[])`;
}

/** OR of conditions, `false` when there are none. */
export function anyOf(conditions: readonly RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  if (!conditions.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join([...conditions], sql` OR `)})`;
}

/**
 * The registry's condition: rows whose code column lies in `prefixes` or, for family members,
 * whose elder is one of theirs.
 */
export function scopeCondition(
  codeColumn: CodeColumn,
  prefixes: readonly string[],
  elderIdColumn?: CodeColumn,
  elderIds: readonly number[] = [],
): RawBuilder<SqlBool> {
  const conditions = prefixes.length ? [codeUnder(codeColumn, prefixes)] : [];
  if (elderIdColumn && elderIds.length) conditions.push(idIn(elderIdColumn, elderIds));
  return anyOf(conditions);
}
