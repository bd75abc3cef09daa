// Request and response schemas of the community domain (TypeBox).
import { type Static, type TSchema, Type } from 'typebox';
import { BED_ACTIONS, BED_STATUSES, CLOSE_REASONS } from './tables.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = (description?: string) =>
  Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, ...(description ? { description } : {}) });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: 'YYYY-MM-DD' });
const Note = Type.String({ maxLength: 1000 });
const Fen = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const Code = Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', maxLength: 12 });
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: 'YYYY-MM' });

export const IdParams = Type.Object({ id: Id() });

// 家庭养老照护床位
export const BedStatus = Type.Enum(BED_STATUSES);
export const CloseReason = Type.Enum(CLOSE_REASONS);

export const CreateBedBody = Type.Object(
  {
    elderId: Id(),
    retrofitDone: Type.Boolean({ description: '已完成适老化改造或无障碍改造' }),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type CreateBedBody = Static<typeof CreateBedBody>;

export const AssessBody = Type.Object(
  {
    assessedOn: Type.Optional(IsoDate),
    findings: Type.Optional(Note),
    /** 适老化/无障碍 retrofit plan items (grab bars, non-slip floor …). */
    retrofitPlan: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30 })),
    buildingOrganisationId: Type.Optional(Id('建床机构')),
  },
  { additionalProperties: false },
);
export type AssessBody = Static<typeof AssessBody>;

export const AcceptBody = Type.Object(
  {
    acceptedOn: Type.Optional(IsoDate),
    buildingOrganisationId: Type.Optional(Id('建床机构 (required unless given at the assessment)')),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type AcceptBody = Static<typeof AcceptBody>;

export const ServicePlan = Type.Object(
  {
    visitsPerWeek: Type.Integer({ minimum: 1, maximum: 21 }),
    items: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30 }),
  },
  { additionalProperties: false },
);

export const ContractBody = Type.Object(
  {
    startOn: Type.Optional(IsoDate),
    providerOrganisationId: Type.Optional(Id('签约服务机构 (default: the building institution)')),
    servicePlan: Type.Optional(ServicePlan),
    familySickbedRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '家庭病床 reference' })),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type ContractBody = Static<typeof ContractBody>;

export const CloseBody = Type.Object(
  { reason: CloseReason, closedOn: Type.Optional(IsoDate), note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type CloseBody = Static<typeof CloseBody>;

export const BedQuery = Type.Object({
  elderId: Type.Optional(Id()),
  status: Type.Optional(BedStatus),
  community: Type.Optional(Code),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export type BedQuery = Static<typeof BedQuery>;

export const BedEventView = Type.Object({
  action: Type.Enum(BED_ACTIONS),
  fromStatus: Nullable(BedStatus),
  toStatus: BedStatus,
  onDate: Type.String(),
  by: Nullable(Type.String()),
  at: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const GrantView = Type.Object({
  amountFen: Type.Integer(),
  organisationId: Type.Integer(),
  paidOn: Type.String(),
  transferId: Type.Integer(),
  policyVersionId: Type.Integer(),
});
export type GrantView = Static<typeof GrantView>;

export const BedSummary = Type.Object({
  id: Type.Integer(),
  elderId: Type.Integer(),
  elderName: Type.String(),
  districtCode: Type.String(),
  communityCode: Type.String(),
  status: BedStatus,
  retrofitDone: Type.Boolean(),
  eligibilityLevel: Type.Integer(),
  appliedOn: Type.String(),
  buildingOrganisationId: Nullable(Type.Integer()),
  providerOrganisationId: Nullable(Type.Integer()),
  closeReason: Nullable(CloseReason),
  closedOn: Nullable(Type.String()),
});
export type BedSummary = Static<typeof BedSummary>;

export const BedView = Type.Intersect([
  BedSummary,
  Type.Object({
    servicePlan: Nullable(ServicePlan),
    familySickbedRef: Nullable(Type.String()),
    enrolmentId: Nullable(Type.Integer()),
    /** The one-time building grant paid for this elder, if any. */
    grant: Nullable(GrantView),
    history: Type.Array(BedEventView),
  }),
]);
export type BedView = Static<typeof BedView>;

export const BedPage = Type.Object({ items: Type.Array(BedSummary), total: Type.Integer() });
export type BedPage = Static<typeof BedPage>;

export { Code, Fen, Id, IsoDate, Note, Nullable };
