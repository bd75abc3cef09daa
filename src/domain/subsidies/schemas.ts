// Request and response schemas of /subsidies (TypeBox).
import { type Static, type TSchema, Type } from 'typebox';
import { ENROLMENT_PROGRAMMES } from './tables.js';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

export const RunParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
export const RunDistrictParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  code: Type.String({ pattern: '^\\d{6}$' }),
});

export const StartRunBody = Type.Object(
  {
    month: Month,
    jurisdictionCode: Type.String({ pattern: '^\\d{6}$', description: 'the city or one district' }),
    dryRun: Type.Optional(Type.Boolean({ description: 'compute and show, write nothing' })),
  },
  { additionalProperties: false },
);

export const ItemsQuery = Type.Object({
  district: Type.String({ pattern: '^\\d{6}$' }),
  programme: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});

export const EnrolBody = Type.Object(
  {
    programme: Type.Enum(ENROLMENT_PROGRAMMES),
    elderId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    effectiveFrom: IsoDate,
    organisationId: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'the institution caring for the elder, or building the family bed',
      }),
    ),
    facts: Type.Object(
      {
        fullTimeCare: Type.Optional(Type.Boolean()),
        medicalIntegrationFunded: Type.Optional(Type.Boolean()),
        institutionType: Type.Optional(
          Type.Enum(['private', 'publicBuiltPrivateRun', 'homeCareProvider', 'public'] as const),
        ),
        retrofitDone: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const EnrolmentQuery = Type.Object({
  programme: Type.Optional(Type.Enum(ENROLMENT_PROGRAMMES)),
  elderId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  district: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
});

// Response schemas: what the monthly run wizard, the CLI and the family-bed pages read.
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });
const Fen = Type.Integer();

export const ProgrammeSummary = Type.Object({
  programme: Type.String(),
  count: Count,
  totalFen: Fen,
  previousCount: Count,
  previousTotalFen: Fen,
  note: Type.Optional(Type.String()),
});

export const DistrictView = Type.Object({
  districtCode: Type.String(),
  name: Type.String(),
  itemCount: Count,
  totalFen: Fen,
  previousCount: Count,
  previousTotalFen: Fen,
  changeCount: Type.Integer(),
  changeFen: Fen,
  byProgramme: Type.Array(ProgrammeSummary),
  /** The approving officer's user name. */
  approvedBy: Nullable(Type.String()),
  approvedAt: Nullable(Type.String({ format: 'date-time' })),
  postedAt: Nullable(Type.String({ format: 'date-time' })),
  postedCount: Nullable(Count),
  postedTotalFen: Nullable(Fen),
  budget: Type.Optional(Nullable(Type.Object({ accountId: Type.Integer(), availableFen: Fen }))),
});
export type DistrictView = Static<typeof DistrictView>;

export const RUN_STATUSES = ['previewed', 'partly_approved', 'approved', 'partly_posted', 'posted'] as const;

export const RunView = Type.Object({
  /** null for a dry run: nothing was kept. */
  id: Nullable(Type.Integer()),
  month: Type.String(),
  jurisdictionCode: Type.String(),
  dryRun: Type.Boolean(),
  status: Type.Enum(RUN_STATUSES),
  policyKnownAt: Type.String({ format: 'date-time' }),
  districts: Type.Array(DistrictView),
  totals: Type.Object({
    itemCount: Count,
    totalFen: Fen,
    previousTotalFen: Fen,
    postedTotalFen: Fen,
  }),
});
export type RunView = Static<typeof RunView>;

export const RunList = Type.Array(RunView);

export const PostedDistrict = Type.Object({
  district: Type.String(),
  posted: Count,
  totalFen: Fen,
  alreadyPosted: Type.Boolean(),
});
export type PostedDistrict = Static<typeof PostedDistrict>;

export const PostResult = Type.Object({
  run: RunView,
  posted: Type.Array(PostedDistrict),
  /** Districts of the caller's still awaiting approval. */
  waiting: Type.Array(Type.String()),
});
export type PostResult = Static<typeof PostResult>;

export const RunItem = Type.Object({
  programme: Type.String(),
  beneficiaryType: Type.String(),
  beneficiaryId: Type.Integer(),
  name: Nullable(Type.String()),
  payer: Type.String(),
  amountFen: Fen,
  policyVersionId: Type.Integer(),
  ruleVersion: Nullable(Type.Integer()),
  pack: Nullable(Type.String()),
  idempotencyKey: Type.String(),
});

export const RunItemPage = Type.Object({
  total: Count,
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(RunItem),
});
export type RunItemPage = Static<typeof RunItemPage>;

export const EnrolmentView = Type.Object({
  id: Type.Integer(),
  programme: Type.String(),
  elderId: Type.Integer(),
  districtCode: Type.String(),
  organisationId: Nullable(Type.Integer()),
  /** The facts the enrolment was granted on (full-time care, institution type …). */
  facts: Type.Record(Type.String(), Type.Unknown()),
  policyVersionId: Type.Integer(),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  /** The one-time family-bed grant this enrolment earned its building institution, if any. */
  award: Nullable(
    Type.Object({ id: Type.Integer(), amountFen: Fen, dueOn: Type.String(), policyVersionId: Type.Integer() }),
  ),
});
export type EnrolmentView = Static<typeof EnrolmentView>;

export const EnrolmentList = Type.Array(EnrolmentView);

export const EndEnrolmentBody = Type.Object({ effectiveTo: IsoDate }, { additionalProperties: false });

export const RunListQuery = Type.Object({ month: Type.Optional(Month) });
