// The home dashboard's figures in one answer (首页概览): active elders in the caller's reach, per
// area one level below the grant, per age band and per status flag. Counts only, set-based: a few
// grouped queries instead of one registry search per bar.
import { sql } from 'kysely';
import { bornOnOrBefore } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import type { UseCaseContext } from '../identity/context.js';
import { REGISTRY_READERS } from '../identity/permissions.js';
import { codePrefix, hasRole } from '../identity/scope.js';
import { ADVANCED_AGE, STORED_FLAGS } from './flags.js';
import type { ElderDashboard } from './schemas.js';
import { visibleElders } from './service.js';

/** Age bands of the dashboard: [label, youngest, oldest (inclusive) or null]. */
export const AGE_BANDS: readonly [string, number, number | null][] = [
  ['60–69', 60, 69],
  ['70–79', 70, 79],
  ['80–89', 80, 89],
  ['90+', 90, null],
];

/** GB/T 2260 codes: a child's code is 2 digits longer below a city, 3 below a district or street. */
const childLength = (code: string, level: string) => (level === 'city' || level === 'province' ? 6 : code.length + 3);

export async function elderDashboard(ctx: UseCaseContext): Promise<ElderDashboard> {
  if (!hasRole(ctx.actor, REGISTRY_READERS)) throw new AppError('forbidden');
  const grantCodes = [
    ...new Set(
      ctx.actor.grants.flatMap((g) =>
        REGISTRY_READERS.includes(g.role) && g.jurisdictionCode ? [g.jurisdictionCode] : [],
      ),
    ),
  ];
  const scopes = grantCodes.length
    ? await ctx.db
        .selectFrom('jurisdictions')
        .select(['code', 'name', 'level'])
        .where('code', 'in', grantCodes)
        .orderBy('code')
        .execute()
    : [];
  // One grant: compare its children (the streets of a district …); several: compare the grants.
  const single = scopes.length === 1 ? scopes[0]! : null;
  const areas = single
    ? await ctx.db
        .selectFrom('jurisdictions')
        .select(['code', 'name'])
        .where('parent_code', '=', single.code)
        .orderBy('code')
        .limit(500)
        .execute()
    : scopes.map((s) => ({ code: s.code, name: s.name }));
  const areaLength = single ? childLength(single.code, single.level) : null;

  const today = ctx.today;
  const active = () => visibleElders(ctx.db, ctx.actor).where('elders.status', '=', 'active');
  const band = (min: number, max: number | null) =>
    max == null
      ? sql<number>`count(*) FILTER (WHERE elders.birth_date <= ${bornOnOrBefore(min, today)})`
      : sql<number>`count(*) FILTER (WHERE elders.birth_date <= ${bornOnOrBefore(min, today)} AND elders.birth_date > ${bornOnOrBefore(max + 1, today)})`;

  const [totals, byArea, byFlag] = await Promise.all([
    active()
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        sql<number>`count(*) FILTER (WHERE elders.birth_date <= ${bornOnOrBefore(ADVANCED_AGE, today)})`.as(
          'advanced_age',
        ),
        ...AGE_BANDS.map(([, min, max], i) => band(min, max).as(`band_${i}`)),
      ])
      .executeTakeFirstOrThrow(),
    areaLength
      ? active()
          .select([
            sql<string>`substr(elders.community_code, 1, ${sql.lit(areaLength)})`.as('code'),
            (eb) => eb.fn.countAll<number>().as('n'),
          ])
          .groupBy(sql`substr(elders.community_code, 1, ${sql.lit(areaLength)})`)
          .execute()
      : Promise.all(
          areas.map(async (a) => ({
            code: a.code,
            n: (
              await active()
                .where('elders.community_code', 'like', `${codePrefix(a.code)}%`)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          })),
        ),
    active()
      .innerJoin('elder_status_flags as f', 'f.elder_id', 'elders.id')
      .where('f.effective_from', '<=', today)
      .where((eb) => eb.or([eb('f.effective_to', 'is', null), eb('f.effective_to', '>=', today)]))
      .select(['f.flag', (eb) => eb.fn.count<number>(sql`DISTINCT elders.id`).as('n')])
      .groupBy('f.flag')
      .execute(),
  ]);
  const t = totals as unknown as Record<string, number | string>;
  const areaCount = new Map(byArea.map((r) => [r.code, Number(r.n)]));
  const flagCount = new Map(byFlag.map((r) => [r.flag as string, Number(r.n)]));
  return {
    scopes: scopes.map((s) => ({ code: s.code, name: s.name })),
    total: Number(t.total),
    areas: areas.map((a) => ({ code: a.code, name: a.name, count: areaCount.get(a.code) ?? 0 })),
    ages: AGE_BANDS.map(([label], i) => ({ band: label, count: Number(t[`band_${i}`]) })),
    flags: [
      ...STORED_FLAGS.map((flag) => ({ flag, count: flagCount.get(flag) ?? 0 })),
      { flag: 'advanced_age', count: Number(t.advanced_age) },
    ],
  };
}
