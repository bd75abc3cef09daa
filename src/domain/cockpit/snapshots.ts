// Monthly KPI snapshots for trends: the city and each district, written once a month by a job
// that runs in one process at a time (runExclusive). Re-running a month overwrites its rows.
import { sql } from 'kysely';
import type { Database } from '../../db/engine.js';
import { runExclusive } from '../../db/exclusive.js';
import { todayInShanghai } from '../../lib/dates.js';
import type { Db, UseCaseContext } from '../identity/context.js';
import { areaFigures, loadRegistry, resolveJurisdiction, rowsFor } from './kpis.js';
import type { KpiTrend, KpiTrendQuery } from './schemas.js';

const CITY = '330100';

/** Writes the snapshot of the month of `today` (a Shanghai date); returns the rows written. */
export async function snapshotKpis(db: Db, today: string): Promise<number> {
  const month = `${today.slice(0, 7)}-01`;
  const year = Number(today.slice(0, 4));
  const prefix = CITY.slice(0, 4);
  const [reg, city, districts] = await Promise.all([
    loadRegistry(db, [CITY]),
    areaFigures(db, prefix, prefix.length),
    areaFigures(db, prefix, 6),
  ]);
  const codes = (
    await db
      .selectFrom('jurisdictions')
      .select('code')
      .where('level', '=', 'district')
      .where('code', 'like', `${prefix}%`)
      .execute()
  ).map((r) => r.code);
  const ctx = { lang: 'zh-CN' as const, today };
  const rows = [
    ...rowsFor(ctx, reg, CITY, year, city.get(prefix)).map((k) => ({ ...k, area: CITY })),
    ...codes.flatMap((c) => rowsFor(ctx, reg, c, year, districts.get(c)).map((k) => ({ ...k, area: c }))),
  ];
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('kpi_snapshots')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          month,
          jurisdiction_code: r.area,
          kpi_code: r.code,
          value: r.value == null ? null : String(r.value),
          target: r.target == null ? null : String(r.target),
          status: r.status,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['month', 'jurisdiction_code', 'kpi_code']).doUpdateSet({
          value: (eb) => eb.ref('excluded.value'),
          target: (eb) => eb.ref('excluded.target'),
          status: (eb) => eb.ref('excluded.status'),
          computed_at: sql`now()`,
        }),
      )
      .execute();
  }
  return rows.length;
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
