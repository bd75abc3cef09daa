// The H3 cell (resolution 9) of an elder's home, stored beside lat/lng (elders.home_h3_r9) so the
// cockpit's coverage groups uncovered elders by cell in SQL. SQL has no h3 on our engines, so every
// writer of home coordinates sets it through homeCell(); rows written before the column existed are
// filled by backfillHomeCells (`yiyang backfill-home-cells`).
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import type { Db } from '../identity/context.js';

export const HOME_CELL_RESOLUTION = 9;

/** The home's cell, or null without coordinates. */
export function homeCell(lat: number | null | undefined, lng: number | null | undefined): string | null {
  return lat == null || lng == null ? null : latLngToCell(lat, lng, HOME_CELL_RESOLUTION);
}

/**
 * Sets the cell of every elder with coordinates and none stored, in batches (each its own
 * statement, so a stopped run keeps what it did). Idempotent: a second run finds nothing to do.
 * Only rows whose coordinates are still those read are written, so a concurrent edit wins.
 */
export async function backfillHomeCells(db: Db, batch = 20_000): Promise<number> {
  let done = 0;
  let after = 0;
  for (;;) {
    const rows = (
      await sql<{ id: number; lat: number; lng: number }>`
        SELECT id, lat, lng FROM elders
         WHERE home_h3_r9 IS NULL AND lat IS NOT NULL AND lng IS NOT NULL AND id > ${after}
         ORDER BY id LIMIT ${batch}`.execute(db)
    ).rows;
    if (!rows.length) return done;
    after = Number(rows.at(-1)!.id);
    const r = await sql`
      UPDATE elders e SET home_h3_r9 = v.cell
        FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.lat)}::float8[],
                    ${rows.map((r) => r.lng)}::float8[], ${rows.map((r) => homeCell(r.lat, r.lng))}::text[])
             AS v (id, lat, lng, cell)
       WHERE e.id = v.id AND e.lat = v.lat AND e.lng = v.lng AND e.home_h3_r9 IS NULL`.execute(db);
    done += Number(r.numAffectedRows ?? 0);
  }
}
