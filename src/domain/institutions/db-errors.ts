// Recognises a unique-index violation by the index's name, on both drivers (pg and PGlite raise
// the same SQLSTATE and name the constraint).
export function violates(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (!e || e.code !== '23505') return false;
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}

/** Any unique violation of one of the named indexes. */
export function violatesAny(err: unknown, constraints: readonly string[]): boolean {
  return constraints.some((c) => violates(err, c));
}
