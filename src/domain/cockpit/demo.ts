// The cockpit domain's part of the demo city: run by `yiyang serve` on a fresh database after the
// elders, organisations, beds, accounts and assessments exist. Safe to re-run (does nothing twice).
//
// A fresh database has no history, so the trend chart would show one point. The demo back-fills
// the months before this one as if the city had grown into its present figures (a few per cent
// fewer nursing beds, carers, social workers and street centres each month back), then takes this
// month's snapshot from the live figures.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { monthOf, previousMonth, todayInShanghai } from '../../lib/dates.js';
import type { Figures } from './kpis.js';
import { snapshotKpis, snapshotRows, writeSnapshot } from './snapshots.js';

/** Months of history before the current one. */
export const DEMO_MONTHS_BACK = 5;
/** Share of the growth items lost per month back. */
const MONTHLY_GROWTH = 0.04;

/** An area's figures `monthsBack` months ago in the demo's story of steady growth. */
export function figuresMonthsBack(f: Figures | undefined, monthsBack: number): Figures | undefined {
  if (!f) return f;
  const g = Math.max(0, 1 - MONTHLY_GROWTH * monthsBack);
  const scale = (n: number, by = g) => Math.round(n * by);
  return {
    ...f,
    nursing_beds: scale(f.nursing_beds),
    dementia_beds: scale(f.dementia_beds),
    street_centres: scale(f.street_centres),
    carers: scale(f.carers),
    senior_carers: scale(f.senior_carers, g * g),
    social_workers: scale(f.social_workers),
    public_with_waitlist: scale(f.public_with_waitlist),
    large_with_rehab: scale(f.large_with_rehab),
  };
}

/** What it made, as one log line, or null when there was nothing to do. */
export async function seedCockpitDemo(db: Kysely<DB>, today: string = todayInShanghai()): Promise<string | null> {
  const thisMonth = `${today.slice(0, 7)}-01`;
  const earlier = await db
    .selectFrom('kpi_snapshots')
    .select('month')
    .where('month', '<', thisMonth)
    .limit(1)
    .executeTakeFirst();
  if (earlier) return null;
  const months = [monthOf(today)];
  while (months.length <= DEMO_MONTHS_BACK) months.unshift(previousMonth(months[0]!));
  let rows = 0;
  for (const [i, month] of months.slice(0, -1).entries()) {
    const back = DEMO_MONTHS_BACK - i;
    // Mid-month, so the straight path of the status stands where it stood then.
    const figures = await snapshotRows(db, `${month}-15`, (f) => figuresMonthsBack(f, back));
    rows += await writeSnapshot(db, `${month}-01`, figures);
  }
  rows += await snapshotKpis(db, today);
  return `wrote ${rows} cockpit KPI snapshot rows (${DEMO_MONTHS_BACK + 1} months, city to community)`;
}
