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

/** Facility kinds of the 大社区 on the map (organisations.kind). */
export const FacilityKind = Type.Union([
  Type.Literal('institution'),
  Type.Literal('street_care_centre'),
  Type.Literal('community_care_centre'),
  Type.Literal('meal_point'),
  Type.Literal('aid_rental_point'),
  Type.Literal('family_empowerment_centre'),
  Type.Literal('care_advisor_point'),
  Type.Literal('service_provider'),
  Type.Literal('hospital'),
]);
export type FacilityKind = Static<typeof FacilityKind>;

/** institution: an institution within radiusM (001 专栏3); service_circle: a service point within the
 * district's 15-minute (urban) or 20-minute (rural) circle, radius and kinds set by policy. */
export const CoverageKind = Type.Union([Type.Literal('institution'), Type.Literal('service_circle')]);
export type CoverageKind = Static<typeof CoverageKind>;

export const CoverageQuery = Type.Object({
  jurisdiction: Type.Optional(JurisdictionCode),
  kind: Type.Optional(CoverageKind),
  /** Radius around each elder's home, in metres (001 专栏3: 1 km). */
  radiusM: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  /** Facility kinds that count (default: institutions). */
  kinds: Type.Optional(Type.Array(FacilityKind, { maxItems: 9 })),
  /** Hotspot cells returned, most uncovered first. */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
});
export type CoverageQuery = Static<typeof CoverageQuery>;

const Share = Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]);
const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const CoverageView = Type.Object({
  jurisdiction: JurisdictionCode,
  kind: CoverageKind,
  /** The radius (service_circle: the widest of the districts' circles; each district row has its own). */
  radiusM: Type.Integer({ maximum: 100_000 }),
  kinds: Type.Array(FacilityKind, { maxItems: 9 }),
  /** Active elders of the area; located: those with home coordinates. */
  elders: Count,
  located: Count,
  covered: Count,
  /** Covered per 100 elders (elders without coordinates count as not covered). */
  share: Share,
  districts: Type.Array(
    Type.Object({
      code: JurisdictionCode,
      name: Type.String({ maxLength: 100 }),
      /** Main urban district (the 1 km rule applies), null when unknown. */
      urban: Type.Union([Type.Boolean(), Type.Null()]),
      elders: Count,
      covered: Count,
      share: Share,
      bedsPer10k: Value,
      /** The radius applied to this district's elders. */
      radiusM: Type.Integer({ maximum: 100_000 }),
      /** The service circle's walk in minutes (15 urban, 20 rural); null for institution coverage. */
      minutes: Type.Union([Type.Integer({ maximum: 120 }), Type.Null()]),
    }),
    { maxItems: 200 },
  ),
  hotspots: Type.Array(Type.Object({ h3: Type.String({ maxLength: 16 }), uncovered: Count }), { maxItems: 2000 }),
});
export type CoverageView = Static<typeof CoverageView>;

export const FacilitiesQuery = Type.Object({
  jurisdiction: Type.Optional(JurisdictionCode),
  kinds: Type.Optional(Type.Array(FacilityKind, { maxItems: 9 })),
});
export type FacilitiesQuery = Static<typeof FacilitiesQuery>;
export const FacilityList = Type.Object({
  jurisdiction: JurisdictionCode,
  /** Centres of the districts, drawn as the offline base layer. */
  districts: Type.Array(
    Type.Object({
      code: JurisdictionCode,
      name: Type.String({ maxLength: 100 }),
      lat: Type.Number({ maximum: 90 }),
      lng: Type.Number({ maximum: 180 }),
    }),
    { maxItems: 200 },
  ),
  facilities: Type.Array(
    Type.Object({
      id: Type.Integer({ maximum: Number.MAX_SAFE_INTEGER }),
      kind: FacilityKind,
      name: Type.String({ maxLength: 200 }),
      districtCode: Type.String({ maxLength: 12 }),
      lat: Type.Number({ maximum: 90 }),
      lng: Type.Number({ maximum: 180 }),
      beds: Type.Integer({ maximum: 1_000_000 }),
    }),
    { maxItems: 50_000 },
  ),
});
export type FacilityList = Static<typeof FacilityList>;

export const KpiTrendQuery = Type.Object({
  jurisdiction: Type.Optional(JurisdictionCode),
  kpi: KpiCode,
});
export type KpiTrendQuery = Static<typeof KpiTrendQuery>;
export const KpiTrend = Type.Array(
  Type.Object({
    month: Type.String({ maxLength: 10 }),
    value: Value,
    target: Value,
    status: KpiStatus,
  }),
  { maxItems: 240 },
);
export type KpiTrend = Static<typeof KpiTrend>;

/** The cockpit tables an .xlsx export can hold. */
export const CockpitTable = Type.Union([
  Type.Literal('kpis'),
  Type.Literal('ranking'),
  Type.Literal('coverage'),
  Type.Literal('beds'),
]);
export type CockpitTable = Static<typeof CockpitTable>;
export const CockpitExportQuery = Type.Object({
  table: CockpitTable,
  jurisdiction: Type.Optional(JurisdictionCode),
  year: Type.Optional(Type.Integer({ minimum: 2020, maximum: 2035 })),
  rankBy: Type.Optional(KpiCode),
  radiusM: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  kinds: Type.Optional(Type.Array(FacilityKind, { maxItems: 9 })),
  /** Language of the headers and words (a download link carries no Accept-Language of the app's choice). */
  lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
});
export type CockpitExportQuery = Static<typeof CockpitExportQuery>;

/** The map's base layer: offline (null) unless a tile server is configured (MAP_TILE_URL). */
export const MapConfig = Type.Object({
  /** Template of the tile addresses the web app loads ({z}/{x}/{y}), served through this server. */
  tileUrl: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  attribution: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
});
export type MapConfig = Static<typeof MapConfig>;
export const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: 20 }),
  x: Type.Integer({ minimum: 0, maximum: 2 ** 20 - 1 }),
  y: Type.Integer({ minimum: 0, maximum: 2 ** 20 - 1 }),
});
export type TileParams = Static<typeof TileParams>;
