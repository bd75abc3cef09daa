// Request and response schemas of the assessment API (TypeBox: validation, types and OpenAPI in one).
import { type TSchema, Type } from 'typebox';
import { RISK_KINDS } from './rules.js';
import { GBT_42195 } from './scale.js';
import { REHAB_AREAS } from './sections.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
export const Purpose = Type.Optional(Type.String({ maxLength: 200 }));

/** Item scores by code. Ranges are checked by the scorer so the error names the item and its range. */
export const ItemScores = Type.Record(Type.String({ maxLength: 10 }), Type.Integer({ maximum: 100 }), {
  maxProperties: 40,
  description: '{"B.1.1": 4, …}: all 26 items',
});
export const Diagnoses = Type.Array(
  Type.String({ pattern: '^[A-Za-z][0-9]{2}(\\.[0-9A-Za-z]{1,4})?$', description: 'ICD-10 code' }),
  { maxItems: 30 },
);
export const RiskEvents = Type.Object(
  Object.fromEntries(RISK_KINDS.map((k) => [k, Type.Optional(Type.Integer({ minimum: 0, maximum: 999 }))])),
  { additionalProperties: false, description: 'care-risk events in the last 30 days, by kind' },
);

export const ScoreBody = Type.Object(
  {
    standard: Type.Literal(GBT_42195),
    items: ItemScores,
    coma: Type.Optional(Type.Boolean()),
    diagnoses: Type.Optional(Diagnoses),
    riskEvents30d: Type.Optional(RiskEvents),
    rulesVersion: Type.Optional(Type.String({ maxLength: 100, description: 'default: the active rules version' })),
  },
  { additionalProperties: false },
);

export const Reason = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });
export const Dimensions = Type.Object({
  'B.1': Type.Integer(),
  'B.2': Type.Integer(),
  'B.3': Type.Integer(),
  'B.4': Type.Integer(),
});

export const ScoreResult = Type.Object({
  standard: Type.String(),
  rulesVersion: Type.String(),
  total: Type.Integer(),
  dimensions: Dimensions,
  preliminaryLevel: Type.Integer(),
  finalLevel: Type.Integer(),
  levelName: Type.Object({ zh: Type.String(), en: Type.String() }),
  reasons: Type.Array(Reason),
});

const lit = <T extends string>(values: readonly T[]) => Type.Enum(values);
const num = (min: number, max: number, description: string) =>
  Type.Optional(Type.Number({ minimum: min, maximum: max, description }));

/** 康复需求: the rehabilitation-needs section of an assessment. */
export const RehabNeeds = Type.Object(
  {
    needs: Type.Array(
      Type.Object(
        {
          area: lit(REHAB_AREAS),
          priority: lit(['high', 'medium', 'low'] as const),
          note: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
    recommendedServices: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

/** 体适能: physical-fitness results, usually from a health check-up. */
export const Fitness = Type.Object(
  {
    testedOn: IsoDate,
    source: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. 社区体检' })),
    heightCm: num(100, 230, 'height, cm'),
    weightKg: num(20, 250, 'weight, kg'),
    gripStrengthKg: num(0, 100, 'grip strength (dominant hand), kg'),
    chairStand30s: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, description: '30-second chair stands' })),
    timedUpAndGoS: num(0, 300, 'timed up-and-go, s'),
    sixMinuteWalkM: num(0, 1000, '6-minute walk, m'),
    singleLegStandS: num(0, 300, 'single-leg stand, eyes open, s'),
    sitAndReachCm: num(-50, 50, 'chair sit-and-reach, cm'),
    gaitSpeedMS: num(0, 3, 'usual gait speed, m/s'),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const AssessmentPatchBody = Type.Object(
  {
    items: Type.Optional(ItemScores),
    coma: Type.Optional(Type.Boolean()),
    diagnoses: Type.Optional(Diagnoses),
    riskEvents30d: Type.Optional(RiskEvents),
    rehabNeeds: Type.Optional(Nullable(RehabNeeds)),
    fitness: Type.Optional(Nullable(Fitness)),
    assessedOn: Type.Optional(IsoDate),
    place: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
