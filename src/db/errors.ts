// Recognises a constraint violation by the constraint's name, on both drivers (pg and PGlite raise
// the same SQLSTATE and name the constraint, PGlite sometimes only in the message).
export const UNIQUE_VIOLATION = '23505';
export const CHECK_VIOLATION = '23514';

export function violates(err: unknown, constraint: string, sqlState: string = UNIQUE_VIOLATION): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (!e || e.code !== sqlState) return false;
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}

/** Any unique violation of one of the named indexes. */
export function violatesAny(err: unknown, constraints: readonly string[]): boolean {
  return constraints.some((c) => violates(err, c));
}
