// Bulk insert through unnest(): a handful of bind parameters for any number of rows, which keeps
// PGlite below its 32,767-parameter trap and is the fastest portable path on both engines.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.js';

export type SqlArrayType = 'text' | 'int' | 'bigint' | 'date' | 'bool' | 'float8' | 'jsonb' | 'timestamptz';

export interface BulkColumn<Row> {
  name: string;
  type: SqlArrayType;
  value: (row: Row) => unknown;
  /** A SQL type the element is cast to on insert, e.g. `text[]` for an array literal carried as text. */
  cast?: string;
}

export interface BulkOptions {
  /** Appended after the SELECT, e.g. `ON CONFLICT (seed_key) DO NOTHING`. */
  onConflict?: string;
  chunkSize?: number;
}

export async function bulkInsert<Row>(
  db: Kysely<DB> | Transaction<DB>,
  table: string,
  columns: BulkColumn<Row>[],
  rows: Row[],
  options: BulkOptions = {},
): Promise<void> {
  const chunkSize = options.chunkSize ?? 20_000;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const arrays = columns.map((c) => {
      const values = chunk.map((r) => {
        const v = c.value(r);
        if (v == null) return null;
        return c.type === 'jsonb' ? JSON.stringify(v) : v;
      });
      // jsonb arrays travel as text[] and are cast per element.
      const arrayType = c.type === 'jsonb' ? 'text' : c.type;
      return sql`${values}::${sql.raw(arrayType)}[]`;
    });
    const selectList = columns
      .map((c, i) => (c.type === 'jsonb' ? `c${i}::jsonb` : c.cast ? `c${i}::${c.cast}` : `c${i}`))
      .join(', ');
    const aliases = columns.map((_, i) => `c${i}`).join(', ');
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c.name)))})
      SELECT ${sql.raw(selectList)} FROM unnest(${sql.join(arrays)}) AS t(${sql.raw(aliases)})
      ${sql.raw(options.onConflict ?? '')}`.execute(db);
  }
}
