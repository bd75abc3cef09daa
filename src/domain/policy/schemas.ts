// Request and response schemas of /policies (TypeBox: validation, types and OpenAPI in one).
import { type Static, Type } from 'typebox';
import type { ResolvedSource } from './pack-schema.js';
import type { Cadence, Payee } from './rules/types.js';

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

/** Stored as recorded (pack-schema.ts checked it on loading); passed through as it is. */
const Source = Type.Unsafe<ResolvedSource>(
  Type.Unknown({ description: 'seed document and section with the quoted words, or {kind:"operatorSet", note}' }),
);
const Title = Type.Object({ zh: Type.String(), en: Type.String() });
const TRAIL_STATES = ['chosen', 'overridden', 'not_in_force', 'absent'] as const;

export const SourceViewSchema = Type.Object({
  versionId: Type.Integer(),
  jurisdictionCode: Type.String(),
  packName: Type.String(),
  packFile: Type.String(),
  rule: Type.String(),
  ruleTitle: Title,
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
    Type.Object({
      jurisdictionCode: Type.String(),
      state: Type.Enum(TRAIL_STATES),
      versions: Type.Array(Type.Integer()),
    }),
  ),
});
export type SourceView = Static<typeof SourceViewSchema>;

const Payment = Type.Object({ dueDate: Type.String(), amountFen: Type.Integer() });

export const EvaluationSchema = Type.Object({
  rule: Type.String(),
  jurisdictionCode: Type.String(),
  onDate: Type.String(),
  knownAt: Type.String(),
  payee: Type.Unsafe<Payee>(Type.String()),
  eligible: Type.Boolean(),
  amountFen: Type.Integer(),
  payments: Type.Array(Payment),
  shares: Type.Optional(
    Type.Array(
      Type.Object({
        payer: Type.Enum(['city', 'district'] as const),
        shareBp: Type.Integer(),
        amountFen: Type.Integer(),
      }),
    ),
  ),
  cityShareFen: Type.Optional(Type.Integer()),
  source: SourceViewSchema,
  explanation: Type.Array(Line),
});
export type EvaluationView = Static<typeof EvaluationSchema>;

export const PackSummary = Type.Object({
  jurisdictionCode: Type.String(),
  name: Type.String(),
  packFile: Type.String(),
  rules: Type.Array(Type.Object({ rule: Type.String(), title: Title, versions: Type.Array(Type.Integer()) })),
});
export type PackSummary = Static<typeof PackSummary>;
export const PackList = Type.Array(PackSummary);

export const PackDetail = Type.Object({
  jurisdictionCode: Type.String(),
  name: Type.String(),
  packFile: Type.String(),
  versions: Type.Array(SourceViewSchema),
});
export type PackDetail = Static<typeof PackDetail>;

export const RuleInfo = Type.Object({
  rule: Type.String(),
  title: Title,
  payee: Type.Unsafe<Payee>(Type.String()),
  cadence: Type.Unsafe<Cadence>(Type.String()),
  facts: Type.Array(Type.Object({ name: Type.String(), required: Type.Boolean(), expected: Type.String() })),
  parameters: Type.Array(Type.Object({ name: Type.String(), unit: Type.String() })),
});
export type RuleInfo = Static<typeof RuleInfo>;
export const RuleList = Type.Array(RuleInfo);

export const VersionHistory = Type.Intersect([
  SourceViewSchema,
  Type.Object({
    changes: Type.Array(
      Type.Object(
        { parameter: Type.String(), from: Type.Unknown(), to: Type.Unknown() },
        { description: 'from the previous version of the same pack' },
      ),
    ),
    recordings: Type.Array(
      Type.Object({
        versionId: Type.Integer(),
        recordedAt: Type.String(),
        contentHash: Type.String(),
        retracted: Type.Boolean(),
      }),
    ),
  }),
]);
export type VersionHistory = Static<typeof VersionHistory>;
export const RuleHistory = Type.Object({ rule: Type.String(), title: Title, versions: Type.Array(VersionHistory) });
export type RuleHistory = Static<typeof RuleHistory>;

export const RecordedVersion = Type.Intersect([
  SourceViewSchema,
  Type.Object({ retracted: Type.Boolean(), contentHash: Type.String() }),
]);
export type RecordedVersion = Static<typeof RecordedVersion>;

export const SourceDocument = Type.Object({
  seed: Type.String(),
  file: Type.String(),
  title: Type.String(),
  issuer: Type.String(),
  status: Type.String(),
  references: Type.Array(
    Type.Object({
      jurisdictionCode: Type.String(),
      rule: Type.String(),
      version: Type.Integer(),
      parameter: Type.Union([Type.String(), Type.Null()]),
      section: Type.String(),
    }),
  ),
});
export type SourceDocument = Static<typeof SourceDocument>;
export const SourceList = Type.Array(SourceDocument);
