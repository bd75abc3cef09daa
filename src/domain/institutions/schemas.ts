// Request and response schemas of institutions, beds and residents (TypeBox).
import { type Static, type TSchema, Type } from 'typebox';
import {
  BED_STATUSES,
  BED_TYPES,
  DISCHARGE_REASONS,
  FACILITY_KINDS,
  MEDICAL_MODES,
  OWNERSHIPS,
  SAFETY_RISKS,
  type SafetyRisk,
} from './kinds.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

const ProfileFields = {
  isTownshipHome: Type.Optional(Type.Boolean({ description: '敬老院' })),
  medicalMode: Type.Optional(literals(MEDICAL_MODES)),
  medicalUnitName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  partnerHospital: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  partnerFrom: Type.Optional(Nullable(IsoDate)),
  partnerTo: Type.Optional(Nullable(IsoDate)),
  hasRehabRoom: Type.Optional(Type.Boolean()),
  hasDementiaUnit: Type.Optional(Type.Boolean({ description: '记忆家园' })),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
};
const ProfileBody = Type.Object(ProfileFields, { additionalProperties: false });

const OrgFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  ownership: Type.Optional(Nullable(literals(OWNERSHIPS))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  bedCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  nursingBedCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  profile: Type.Optional(ProfileBody),
};

export const InstitutionCreateBody = Type.Object(
  {
    kind: literals(FACILITY_KINDS),
    jurisdictionCode: Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$' }),
    ...OrgFields,
  },
  { additionalProperties: false },
);
export const InstitutionPatchBody = Type.Object(
  { ...OrgFields, name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);

export const InstitutionQuery = Type.Object({
  kind: Type.Optional(literals(FACILITY_KINDS)),
  ownership: Type.Optional(literals(OWNERSHIPS)),
  district: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  township: Type.Optional(Type.Boolean()),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});

const SectionScores = Type.Object(
  // 1000 is the whole scale; each section's own maximum depends on the scale version (checked on save).
  {
    environment: Type.Number({ minimum: 0, maximum: 1000 }),
    facilities: Type.Number({ minimum: 0, maximum: 1000 }),
    operations: Type.Number({ minimum: 0, maximum: 1000 }),
    service: Type.Number({ minimum: 0, maximum: 1000 }),
  },
  { additionalProperties: false },
);
export const StarRatingBody = Type.Object(
  {
    evaluatedOn: IsoDate,
    scores: SectionScores,
    evaluator: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const AddBedsBody = Type.Object(
  {
    bedType: literals(BED_TYPES),
    labels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { minItems: 1, maxItems: 500 })),
    prefix: Type.Optional(Type.String({ maxLength: 20 })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export const BedPatchBody = Type.Object(
  {
    status: Type.Optional(literals(['free', 'out_of_service'])),
    bedType: Type.Optional(literals(BED_TYPES)),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
  },
  { additionalProperties: false },
);

const RiskLevel = Type.Integer({ minimum: 0, maximum: 3, description: '0 无 · 1 低 · 2 中 · 3 高' });
export const SafetyBody = Type.Object(
  {
    assessedOn: IsoDate,
    assessorName: Type.String({ minLength: 1, maxLength: 50 }),
    risks: Type.Object(
      Object.fromEntries(SAFETY_RISKS.map((r) => [r, RiskLevel])) as Record<SafetyRisk, typeof RiskLevel>,
      { additionalProperties: false },
    ),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);

export const AdmitBody = Type.Object(
  {
    bedId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    admittedOn: IsoDate,
    elderId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    idNumber: Type.Optional(Type.String({ maxLength: 18 })),
    offerId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    officialPlacement: Type.Optional(Type.Boolean({ description: '兜底安置 by the bureau' })),
    safety: SafetyBody,
  },
  { additionalProperties: false },
);

export const BedMoveBody = Type.Object(
  {
    toBedId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    movedOn: IsoDate,
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export const DischargeBody = Type.Object(
  {
    dischargedOn: IsoDate,
    reason: literals(DISCHARGE_REASONS),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const ResidentsQuery = Type.Object({ status: Type.Optional(literals(['current', 'discharged', 'all'])) });
export const OccupancyQuery = Type.Object({ district: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) });

// ---- Responses: the serializer sends only what is declared here; the types below are the services'.

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const Count = Type.Integer({ minimum: 0, maximum: 10_000_000 });
const Share = Type.Number({ minimum: 0, maximum: 1_000 });
export const Text = (maxLength: number) => Type.String({ maxLength });
const Code = Type.String({ maxLength: 40 });
export const JurisdictionCode = Type.String({ maxLength: 12 });
const Labels = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 100 }));

export const Occupancy = Type.Object({
  total: Count,
  inService: Count,
  occupied: Count,
  reserved: Count,
  free: Count,
  outOfService: Count,
  nursing: Count,
  medicalCare: Count,
  elderlyCare: Count,
  dementia: Count,
  ordinary: Count,
  /** occupied / beds in service; null without beds. */
  occupancyRate: Nullable(Share),
  /** 护理型 beds / all beds. */
  nursingShare: Nullable(Share),
});
export type Occupancy = Static<typeof Occupancy>;

export const AreaOccupancy = Type.Object({
  scope: Text(2000),
  total: Occupancy,
  districts: Type.Array(
    Type.Intersect([Occupancy, Type.Object({ districtCode: JurisdictionCode, districtName: Nullable(Text(100)) })]),
    { maxItems: 1000 },
  ),
});
export type AreaOccupancy = Static<typeof AreaOccupancy>;

const Score = Type.Number({ minimum: 0, maximum: 1000 });
export const StarRatingView = Type.Object({
  id: Id,
  evaluatedOn: IsoDate,
  validUntil: IsoDate,
  scores: Type.Object({ environment: Score, facilities: Score, operations: Score, service: Score }),
  total: Score,
  star: Type.Integer({ minimum: 0, maximum: 5 }),
  scaleVersion: Text(60),
  evaluator: Nullable(Text(100)),
  note: Nullable(Text(500)),
  current: Type.Boolean(),
});
export type StarRatingView = Static<typeof StarRatingView>;
export const StarRatingList = Type.Array(StarRatingView, { maxItems: 1000 });
export const StarRatingRecorded = Type.Intersect([
  StarRatingView,
  Type.Object({ shortfall: Nullable(Text(500)) }, { description: 'why not one star higher' }),
]);
export type StarRatingRecorded = Static<typeof StarRatingRecorded>;

export const Warning = Type.Object({ code: Code, message: Text(300), source: Text(100) });
export type Warning = Static<typeof Warning>;

export const Profile = Type.Object({
  isTownshipHome: Type.Boolean(),
  medicalMode: Type.Enum(MEDICAL_MODES),
  medicalUnitName: Nullable(Text(100)),
  partnerHospital: Nullable(Text(100)),
  partnerFrom: Nullable(IsoDate),
  partnerTo: Nullable(IsoDate),
  hasRehabRoom: Type.Boolean(),
  hasDementiaUnit: Type.Boolean(),
  phone: Nullable(Text(20)),
});
export type Profile = Static<typeof Profile>;

const SummaryFields = {
  id: Id,
  kind: Code,
  kindLabel: Text(100),
  name: Text(100),
  ownership: Nullable(Type.Enum(OWNERSHIPS)),
  ownershipLabel: Nullable(Text(100)),
  jurisdictionCode: JurisdictionCode,
  districtCode: JurisdictionCode,
  address: Nullable(Text(200)),
  lat: Nullable(Type.Number({ minimum: -90, maximum: 90 })),
  lng: Nullable(Type.Number({ minimum: -180, maximum: 180 })),
  bedCount: Count,
  nursingBedCount: Count,
  star: Nullable(Type.Integer({ minimum: 0, maximum: 5 })),
  occupancy: Occupancy,
};
export const InstitutionSummary = Type.Object(SummaryFields);
export type InstitutionSummary = Static<typeof InstitutionSummary>;
export const InstitutionPage = Type.Object({
  total: Count,
  page: Type.Integer({ minimum: 1, maximum: 10_000 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500 }),
  items: Type.Array(InstitutionSummary, { maxItems: 500 }),
});
export type InstitutionPage = Static<typeof InstitutionPage>;
export const InstitutionDetail = Type.Object({
  ...SummaryFields,
  profile: Nullable(Profile),
  currentStar: Nullable(StarRatingView),
  residents: Count,
  warnings: Type.Array(Warning, { maxItems: 100 }),
});
export type InstitutionDetail = Static<typeof InstitutionDetail>;

export const MapPoint = Type.Object({
  id: Id,
  kind: Code,
  name: Text(100),
  ownership: Nullable(Type.Enum(OWNERSHIPS)),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  districtCode: JurisdictionCode,
  beds: Count,
  occupied: Count,
});
export type MapPoint = Static<typeof MapPoint>;
export const MapPoints = Type.Array(MapPoint, { maxItems: 20_000 });

const StarScale = Type.Object({
  version: Text(60),
  effectiveFrom: IsoDate,
  source: Text(200),
  validityYears: Type.Integer({ minimum: 1, maximum: 100 }),
  sections: Type.Record(Code, Type.Object({ label: Text(50), max: Score })),
  stars: Type.Array(
    Type.Object({
      star: Type.Integer({ minimum: 0, maximum: 5 }),
      minTotal: Score,
      minSectionShare: Type.Number({ minimum: 0, maximum: 1 }),
    }),
    { maxItems: 10 },
  ),
});
export const Vocabulary = Type.Object({
  kinds: Labels,
  ownerships: Labels,
  bedTypes: Labels,
  bedStatuses: Labels,
  safetyRisks: Labels,
  riskLevels: Type.Array(Text(10), { maxItems: 10 }),
  dischargeReasons: Labels,
  starScales: Type.Array(StarScale, { maxItems: 100 }),
});
export type Vocabulary = Static<typeof Vocabulary>;

export const BedView = Type.Object({
  id: Id,
  label: Text(30),
  bedType: Type.Enum(BED_TYPES),
  bedTypeLabel: Text(50),
  status: Type.Enum(BED_STATUSES),
  statusLabel: Text(50),
  /** The current resident; name, sex and age only when the caller may read the elder. */
  resident: Nullable(
    Type.Object({
      residencyId: Id,
      elderId: Id,
      name: Nullable(Text(50)),
      sex: Nullable(Text(10)),
      age: Nullable(Type.Integer({ minimum: 0, maximum: 200 })),
      admittedOn: IsoDate,
    }),
  ),
});
export type BedView = Static<typeof BedView>;
export const BedList = Type.Array(BedView, { maxItems: 5000 });

const Placement = Type.Enum(['direct', 'waiting_list', 'official_placement'] as const);
export const ResidentRow = Type.Object({
  residencyId: Id,
  elderId: Id,
  name: Nullable(Text(50)),
  sex: Nullable(Text(10)),
  age: Nullable(Type.Integer({ minimum: 0, maximum: 200 })),
  bedId: Id,
  bedLabel: Text(30),
  bedType: Type.Enum(BED_TYPES),
  admittedOn: IsoDate,
  placement: Placement,
  dischargedOn: Nullable(IsoDate),
  dischargeReason: Nullable(Text(40)),
});
export type ResidentRow = Static<typeof ResidentRow>;
export const ResidentList = Type.Array(ResidentRow, { maxItems: 5000 });

export const ResidentRecord = Type.Object({
  id: Id,
  organisationId: Id,
  bedId: Id,
  bedLabel: Text(30),
  admittedOn: IsoDate,
  placement: Placement,
  dischargedOn: Nullable(IsoDate),
  dischargeReason: Nullable(Text(40)),
  dischargeReasonLabel: Nullable(Text(50)),
  dischargeNote: Nullable(Text(500)),
  /** Null when the elder's record is outside the caller's reach (an officer of another district). */
  elder: Nullable(
    Type.Object({
      id: Id,
      elderCode: Text(40),
      name: Text(50),
      sex: Text(10),
      birthDate: Type.Null({ description: 'withheld: with the masked number it would give most of it back' }),
      age: Type.Integer({ minimum: 0, maximum: 200 }),
      /** Masked, as in the elders registry's lists. */
      idNumber: Text(18),
      phone: Nullable(Text(20)),
    }),
  ),
  safety: Nullable(
    Type.Object({
      assessedOn: IsoDate,
      assessorName: Text(50),
      risks: Type.Object(
        Object.fromEntries(SAFETY_RISKS.map((r) => [r, RiskLevel])) as Record<SafetyRisk, typeof RiskLevel>,
      ),
      notes: Nullable(Text(1000)),
    }),
  ),
  moves: Type.Array(Type.Object({ fromBedId: Id, toBedId: Id, movedOn: IsoDate, reason: Text(200) }), {
    maxItems: 1000,
  }),
});
export type ResidentRecord = Static<typeof ResidentRecord>;
