// Request and response schemas of the cockpit domain.
import { type Static, Type } from 'typebox';

const JurisdictionCode = Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', maxLength: 12 });
const KpiCode = Type.String({ pattern: '^[a-z0-9_]{2,60}$', maxLength: 60 });
const Value = Type.Union([Type.Number({ maximum: 1e12 }), Type.Null()]);

export const KpiQuery = Type.Object({
  jurisdiction: Type.Optional(JurisdictionCode),
  year: Type.Optional(Type.Integer({ minimum: 2020, maximum: 2035 })),
});
export type KpiQuery = Static<typeof KpiQuery>;

export const KpiStatus = Type.Union([
  Type.Literal('on_track'),
  Type.Literal('behind'),
  Type.Literal('met'),
  Type.Literal('no_data'),
]);
export type KpiStatus = Static<typeof KpiStatus>;
export const KpiRow = Type.Object({
  code: KpiCode,
  name: Type.String({ maxLength: 200 }),
  /** null: the platform does not hold the data yet (status no_data), never shown as 0. */
  value: Value,
  target: Value,
  /** Upper end of a range target (街道社区照护中心 2–3). */
  targetHigh: Value,
  targetYear: Type.Union([Type.Integer({ maximum: 2100 }), Type.Null()]),
  unit: Type.String({ maxLength: 20 }),
  status: KpiStatus,
  /** Whether the platform computes it from its own records (false: no data source yet). */
  computed: Type.Boolean(),
  /** The indicator's document and table. */
  source: Type.String({ maxLength: 100 }),
  /** The document and passage of the target applied. */
  targetSource: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
});
export type KpiRow = Static<typeof KpiRow>;
export const KpiList = Type.Array(KpiRow, { maxItems: 200 });
export type KpiList = Static<typeof KpiList>;

export const KpiBreakdownQuery = Type.Object({
  jurisdiction: Type.Optional(JurisdictionCode),
  year: Type.Optional(Type.Integer({ minimum: 2020, maximum: 2035 })),
  /** The KPI the areas are ranked by (highest first; areas without data last). */
  rankBy: Type.Optional(KpiCode),
});
export type KpiBreakdownQuery = Static<typeof KpiBreakdownQuery>;
export const KpiBreakdown = Type.Object({
  jurisdiction: JurisdictionCode,
  level: Type.Union([Type.Literal('district'), Type.Literal('street'), Type.Literal('community')]),
  rankBy: KpiCode,
  total: KpiList,
  areas: Type.Array(
    Type.Object({
      code: JurisdictionCode,
      name: Type.String({ maxLength: 100 }),
      rank: Type.Union([Type.Integer({ maximum: 100_000 }), Type.Null()]),
      kpis: KpiList,
    }),
    { maxItems: 5000 },
  ),
});
export type KpiBreakdown = Static<typeof KpiBreakdown>;

export const ReferenceRow = Type.Object({
  code: KpiCode,
  name: Type.String({ maxLength: 200 }),
  unit: Type.String({ maxLength: 20 }),
  base2015: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  planned2020: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  actual2020: Value,
  binding: Type.Union([Type.Boolean(), Type.Null()]),
});
export const ReferenceList = Type.Array(ReferenceRow, { maxItems: 100 });
export type ReferenceList = Static<typeof ReferenceList>;
