// Request and response schemas of /policies (TypeBox: validation, types and OpenAPI in one).
import { Type } from 'typebox';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' });
const Line = Type.String();

export const KnownAtQuery = Type.Object({
  knownAt: Type.Optional(
    Type.String({ format: 'date-time', description: 'the rules as known at this moment (default: now)' }),
  ),
});

export const EvaluateBody = Type.Object(
  {
    jurisdictionCode: Type.String({
      pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$',
      description: 'district/county, street or community code',
    }),
    rule: Type.String({ minLength: 1, maxLength: 100, examples: ['homeCareBed.oneTimeGrant'] }),
    onDate: IsoDate,
    facts: Type.Record(Type.String(), Type.Unknown()),
    knownAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'evaluate with the rules as known at this moment' }),
    ),
  },
  { additionalProperties: false },
);

const Source = Type.Unknown({
  description: 'seed document and section with the quoted words, or {kind:"operatorSet", note}',
});

export const SourceViewSchema = Type.Object({
  versionId: Type.Integer(),
  jurisdictionCode: Type.String(),
  packName: Type.String(),
  packFile: Type.String(),
  rule: Type.String(),
  ruleTitle: Type.Object({ zh: Type.String(), en: Type.String() }),
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  effectiveTo: Type.Union([Type.String(), Type.Null()]),
  recordedAt: Type.String(),
  document: Source,
  dateSource: Source,
  note: Type.Union([Type.String(), Type.Null()]),
  parameters: Type.Array(
    Type.Object({ name: Type.String(), value: Type.Unknown(), unit: Type.String(), source: Source }),
  ),
  operatorSet: Type.Array(Type.String()),
  resolution: Type.Array(
    Type.Object({ jurisdictionCode: Type.String(), state: Type.String(), versions: Type.Array(Type.Integer()) }),
  ),
});

const Payment = Type.Object({ dueDate: Type.String(), amountFen: Type.Integer() });

export const EvaluationSchema = Type.Object({
  rule: Type.String(),
  jurisdictionCode: Type.String(),
  onDate: Type.String(),
  knownAt: Type.String(),
  payee: Type.String(),
  eligible: Type.Boolean(),
  amountFen: Type.Integer(),
  payments: Type.Array(Payment),
  shares: Type.Optional(
    Type.Array(Type.Object({ payer: Type.String(), shareBp: Type.Integer(), amountFen: Type.Integer() })),
  ),
  cityShareFen: Type.Optional(Type.Integer()),
  source: SourceViewSchema,
  explanation: Type.Array(Line),
});
