// Column-array inserts through unnest(): the generated chunk is already one array per column, so
// it is sent as is (one bind parameter per column, whatever the row count) and the statement
// can add ON CONFLICT, WHERE or RETURNING, which the shared bulkInsert does not return.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { SqlArrayType } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';

export type ColumnArrays = Record<string, [SqlArrayType, unknown[]]>;

/** `suffix` refers to the columns as c0, c1 … in the order given. */
export async function insertColumns<R = never>(
  db: Kysely<DB> | Transaction<DB>,
  table: string,
  columns: ColumnArrays,
  suffix = '',
): Promise<R[]> {
  const names = Object.keys(columns);
  if (!names.length || columns[names[0]!]![1].length === 0) return [];
  const arrays = names.map((n) => sql`${columns[n]![1]}::${sql.raw(columns[n]![0])}[]`);
  const aliases = sql.raw(names.map((_, i) => `c${i}`).join(', '));
  const r = await sql<R>`INSERT INTO ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
    SELECT ${aliases} FROM unnest(${sql.join(arrays)}) AS t(${aliases}) ${sql.raw(suffix)}`.execute(db);
  return r.rows;
}
