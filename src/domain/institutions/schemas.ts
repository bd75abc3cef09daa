// Request and response schemas of institutions, beds and residents (TypeBox).
import { type TSchema, Type } from 'typebox';
import {
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
