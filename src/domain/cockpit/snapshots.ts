// Monthly KPI snapshots for trends: the city, each district, street and community, written once a
// month by a job that runs in one process at a time (runExclusive). Re-running a month overwrites
// its rows. Set-based: one grouped scan per level and source table, one unnest insert per chunk.

import { bulkInsert } from '../../db/bulk.js';
import type { Database } from '../../db/engine.js';
import { runExclusive } from '../../db/exclusive.js';
import { todayInShanghai } from '../../lib/dates.js';
import type { Db, UseCaseContext } from '../identity/context.js';
import { areaFigures, type Figures, loadRegistry, resolveJurisdiction, rowsFor } from './kpis.js';
import type { KpiRow, KpiTrend, KpiTrendQuery } from './schemas.js';

const CITY = '330100';
/** Levels below the city and the length of their codes (areaFigures groups by that prefix). */
const LEVELS = [
  { level: 'district', keyLen: 6 },
  { level: 'street', keyLen: 9 },
  { level: 'community', keyLen: 12 },
] as const;

export type SnapshotRow = KpiRow & { area: string };

/**
 * The KPI rows of the city and of every area below it as of `today`. `adjust` rewrites an area's
 * figures before the formulas run (the demo's back-filled months); without it they are the live ones.
 */
export async function snapshotRows(
  db: Db,
  today: string,
  adjust: (f: Figures | undefined) => Figures | undefined = (f) => f,
): Promise<SnapshotRow[]> {
  const year = Number(today.slice(0, 4));
  const prefix = CITY.slice(0, 4);
  const [reg, city, areas, ...levels] = await Promise.all([
    loadRegistry(db, [CITY]),
    areaFigures(db, prefix, prefix.length),
    db
      .selectFrom('jurisdictions')
      .select(['code', 'level'])
      .where(
        'level',
        'in',
        LEVELS.map((l) => l.level),
      )
      .where('code', 'like', `${prefix}%`)
      .orderBy('code')
      .execute(),
    ...LEVELS.map((l) => areaFigures(db, prefix, l.keyLen)),
  ]);
  const ctx = { lang: 'zh-CN' as const, today };
  const figuresOf = new Map(LEVELS.map((l, i) => [l.level, levels[i]!]));
  return [
    ...rowsFor(ctx, reg, CITY, year, adjust(city.get(prefix))).map((k) => ({ ...k, area: CITY })),
    ...areas.flatMap((a) =>
      rowsFor(
        ctx,
        reg,
        a.code,
        year,
        adjust(figuresOf.get(a.level as (typeof LEVELS)[number]['level'])?.get(a.code)),
      ).map((k) => ({ ...k, area: a.code })),
    ),
  ];
}

/** Writes rows as the snapshot of `month` ('YYYY-MM-01'), overwriting what the month held. */
export async function writeSnapshot(db: Db, month: string, rows: SnapshotRow[]): Promise<number> {
  await bulkInsert(
    db,
    'kpi_snapshots',
    [
      { name: 'month', type: 'date', value: () => month },
      { name: 'jurisdiction_code', type: 'text', value: (r) => r.area },
      { name: 'kpi_code', type: 'text', value: (r) => r.code },
      { name: 'value', type: 'text', value: (r) => (r.value == null ? null : String(r.value)), cast: 'numeric' },
      { name: 'target', type: 'text', value: (r) => (r.target == null ? null : String(r.target)), cast: 'numeric' },
      { name: 'status', type: 'text', value: (r) => r.status },
    ],
    rows,
    {
      chunkSize: 10_000,
      onConflict: `ON CONFLICT (month, jurisdiction_code, kpi_code) DO UPDATE SET value = excluded.value,
        target = excluded.target, status = excluded.status, computed_at = now()`,
    },
  );
  return rows.length;
}

/** Writes the snapshot of the month of `today` (a Shanghai date); returns the rows written. */
export async function snapshotKpis(db: Db, today: string): Promise<number> {
  return writeSnapshot(db, `${today.slice(0, 7)}-01`, await snapshotRows(db, today));
}

/**
 * Writes the current month's snapshot at start and again every few hours (once across processes),
 * so the trend has this month's point from the first day a deployment runs.
 */
export function startCockpitJobs(database: Database, o: { onError: (err: unknown) => void; everyMs?: number }) {
  const round = () =>
    runExclusive(database, 'cockpit-kpi-snapshot', () => snapshotKpis(database.db, todayInShanghai())).catch(o.onError);
  void round();
  const timer = setInterval(round, o.everyMs ?? 6 * 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** One KPI's monthly values for an area the caller may read. */
export async function kpiTrend(ctx: UseCaseContext, q: KpiTrendQuery): Promise<KpiTrend> {
  const code = resolveJurisdiction(ctx, q.jurisdiction);
  const rows = await ctx.db
    .selectFrom('kpi_snapshots')
    .select(['month', 'value', 'target', 'status'])
    .where('jurisdiction_code', '=', code)
    .where('kpi_code', '=', q.kpi)
    .orderBy('month')
    .limit(240)
    .execute();
  return rows.map((r) => ({
    month: r.month,
    value: r.value == null ? null : Number(r.value),
    target: r.target == null ? null : Number(r.target),
    status: r.status,
  }));
}
