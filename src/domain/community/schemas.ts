// Request and response schemas of the community domain (TypeBox).
import { type Static, type TSchema, Type } from 'typebox';
import {
  ADAPTATION_STATUSES,
  BED_ACTIONS,
  BED_STATUSES,
  CHECK_IN_METHODS,
  CLOSE_REASONS,
  FOLLOW_UPS,
  LIFE_EVENTS,
  MEAL_POINT_KINDS,
  MEALS,
  VISIT_METHODS,
} from './tables.js';

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
  communityName: Type.Union([Type.String(), Type.Null()]),
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

// 家庭养老照护床位服务计划: items of the home-care catalogue on weekdays, delivered by the contracted provider
const Weekday = Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' });
const ClockTime = Type.String({
  pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
  maxLength: 5,
  description: 'HH:MM, Asia/Shanghai',
});

export const PlanItemBody = Type.Object(
  {
    itemCode: Type.String({
      pattern: '^[A-Z0-9_]{2,20}$',
      maxLength: 20,
      description: '居家服务项目代码 (the home-care catalogue)',
    }),
    weekdays: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }),
    startTime: ClockTime,
    durationMinutes: Type.Optional(
      Type.Integer({ minimum: 5, maximum: 1440, description: "default: the item's standard minutes" }),
    ),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type PlanItemBody = Static<typeof PlanItemBody>;

export const PlanBody = Type.Object(
  {
    /** The whole plan: items no longer listed end, and their future orders are cancelled. Empty: no plan. */
    items: Type.Array(PlanItemBody, { maxItems: 20 }),
    /** First day of the new items (default: today). */
    startOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type PlanBody = Static<typeof PlanBody>;

export const PlanItemView = Type.Object({
  id: Type.Integer(),
  itemCode: Type.String(),
  itemName: Nullable(Type.String()),
  weekdays: Type.Array(Type.Integer()),
  startTime: Type.String(),
  durationMinutes: Type.Integer(),
  note: Nullable(Type.String()),
  activeFrom: Type.String(),
});
export type PlanItemView = Static<typeof PlanItemView>;

export const PlanOrderView = Type.Object({
  orderId: Type.Integer(),
  planItemId: Type.Integer(),
  serviceDate: Type.String(),
  itemCode: Type.String(),
  scheduledStart: Type.String(),
  status: Type.String({ description: 'the home-care order status' }),
});

export const PlanView = Type.Object({
  bedId: Type.Integer(),
  bedStatus: BedStatus,
  providerOrganisationId: Nullable(Type.Integer()),
  providerName: Nullable(Type.String()),
  /** Days ahead the orders are generated (the setting in force at the bed's community). */
  horizonDays: Nullable(Type.Integer()),
  items: Type.Array(PlanItemView),
  /** Generated orders from today on, soonest first (at most 100). */
  upcoming: Type.Array(PlanOrderView),
});
export type PlanView = Static<typeof PlanView>;

// 助餐
export const Meal = Type.Enum(MEALS);
const Hours = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d$', maxLength: 11 });
export const MealHours = Type.Object(
  { breakfast: Type.Optional(Hours), lunch: Type.Optional(Hours), dinner: Type.Optional(Hours) },
  { additionalProperties: false, description: 'Serving hours per meal, e.g. {"lunch": "11:00-12:30"}' },
);

export const MealPointBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Enum(MEAL_POINT_KINDS),
    organisationId: Type.Optional(Id('运营机构 (none: the community runs its own table)')),
    communityCode: Type.String({ pattern: '^\\d{12}$', maxLength: 12 }),
    address: Type.String({ minLength: 1, maxLength: 200 }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    hours: MealHours,
    capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    delivers: Type.Optional(Type.Boolean({ description: '提供送餐上门' })),
  },
  { additionalProperties: false },
);
export type MealPointBody = Static<typeof MealPointBody>;

export const MealPointView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Enum(MEAL_POINT_KINDS),
  organisationId: Nullable(Type.Integer()),
  communityCode: Type.String(),
  districtCode: Type.String(),
  address: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  hours: MealHours,
  capacity: Type.Integer(),
  delivers: Type.Boolean(),
  active: Type.Boolean(),
});
export type MealPointView = Static<typeof MealPointView>;
export const MealPointQuery = Type.Object({
  community: Type.Optional(Code),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export type MealPointQuery = Static<typeof MealPointQuery>;
export const MealPointList = Type.Object({ items: Type.Array(MealPointView), total: Type.Integer() });
export type MealPointList = Static<typeof MealPointList>;

export const MenuBody = Type.Object(
  {
    servedOn: IsoDate,
    meal: Meal,
    dishes: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { minItems: 1, maxItems: 20 }),
    priceFen: Type.Integer({ minimum: 0, maximum: 100_000 }),
  },
  { additionalProperties: false },
);
export type MenuBody = Static<typeof MenuBody>;
export const MenuView = Type.Object({
  id: Type.Integer(),
  mealPointId: Type.Integer(),
  servedOn: Type.String(),
  meal: Meal,
  dishes: Type.Array(Type.String()),
  priceFen: Type.Integer(),
});
export type MenuView = Static<typeof MenuView>;
export const MenuQuery = Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) });
export type MenuQuery = Static<typeof MenuQuery>;
export const MenuList = Type.Array(MenuView, { maxItems: 200 });

export const CheckInBody = Type.Object(
  {
    mealPointId: Id(),
    meal: Meal,
    elderCode: Type.Optional(
      Type.String({ pattern: '^YY[0-9A-HJKMNP-TV-Z]{11}$', maxLength: 13, description: '老人码 (QR)' }),
    ),
    faceImage: Type.Optional(
      Type.String({ minLength: 1, maxLength: 700_000, description: '刷脸: the captured image (base64)' }),
    ),
    delivery: Type.Optional(Type.Boolean({ description: '送餐上门 for an elder who cannot come' })),
  },
  { additionalProperties: false },
);
export type CheckInBody = Static<typeof CheckInBody>;
export const CheckInView = Type.Object({
  id: Type.Integer(),
  mealPointId: Type.Integer(),
  elderId: Type.Integer(),
  elderName: Type.String(),
  servedOn: Type.String(),
  meal: Meal,
  method: Type.Enum(CHECK_IN_METHODS),
  priceFen: Type.Integer(),
  subsidyFen: Type.Integer(),
  copayFen: Type.Integer(),
  /** Which subsidy tier applied, if any. */
  tier: Nullable(Type.String()),
});
export type CheckInView = Static<typeof CheckInView>;

export const CountsQuery = Type.Object({ date: Type.Optional(IsoDate), community: Type.Optional(Code) });
export type CountsQuery = Static<typeof CountsQuery>;
export const PointCounts = Type.Object({
  mealPointId: Type.Integer(),
  name: Type.String(),
  capacity: Type.Integer(),
  meal: Meal,
  served: Type.Integer(),
  subsidised: Type.Integer(),
  delivered: Type.Integer(),
  subsidyFen: Type.Integer(),
  copayFen: Type.Integer(),
});
export const DailyCounts = Type.Object({ date: Type.String(), rows: Type.Array(PointCounts) });
export type DailyCounts = Static<typeof DailyCounts>;

// 探访
export const GenerateBody = Type.Object(
  { month: Month, jurisdiction: Type.Optional(Code) },
  { additionalProperties: false },
);
export type GenerateBody = Static<typeof GenerateBody>;
export const GenerateResult = Type.Object({
  month: Type.String(),
  jurisdiction: Type.String(),
  created: Type.Integer(),
  total: Type.Integer(),
});
export type GenerateResult = Static<typeof GenerateResult>;

export const LifeEventBody = Type.Object(
  { elderId: Id(), event: Type.Enum(LIFE_EVENTS), occurredOn: Type.Optional(IsoDate), note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type LifeEventBody = Static<typeof LifeEventBody>;

export const TaskQuery = Type.Object({
  month: Type.Optional(Month),
  community: Type.Optional(Code),
  status: Type.Optional(Type.Enum(['open', 'done'] as const)),
  overdue: Type.Optional(Type.Boolean({ description: 'open tasks past their due date' })),
  mine: Type.Optional(Type.Boolean({ description: 'tasks assigned to the caller' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export type TaskQuery = Static<typeof TaskQuery>;

export const Finding = Type.Object(
  {
    item: Type.String({
      pattern: '^[a-z][a-z_]{0,39}$',
      maxLength: 40,
      description: 'a risk item code from GET /visits/risk-items',
    }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    followUp: Type.Optional(Type.Enum(FOLLOW_UPS)),
  },
  { additionalProperties: false },
);
export type Finding = Static<typeof Finding>;
export const RecordBody = Type.Object(
  {
    method: Type.Enum(VISIT_METHODS),
    visitedOn: Type.Optional(IsoDate),
    findings: Type.Optional(Type.Array(Finding, { maxItems: 20 })),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type RecordBody = Static<typeof RecordBody>;
export const AssignBody = Type.Object({ assigneeUserId: Id() }, { additionalProperties: false });
export type AssignBody = Static<typeof AssignBody>;

export const TaskView = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  kind: Type.Enum(['routine', 'life_event'] as const),
  seq: Type.Integer(),
  elderId: Type.Integer(),
  elderName: Type.String(),
  address: Type.String(),
  communityCode: Type.String(),
  tier: Type.String(),
  reason: Nullable(Type.Enum(LIFE_EVENTS)),
  dueOn: Type.String(),
  overdue: Type.Boolean(),
  assigneeUserId: Nullable(Type.Integer()),
  status: Type.Enum(['open', 'done'] as const),
  method: Nullable(Type.Enum(VISIT_METHODS)),
  visitedOn: Nullable(Type.String()),
  findings: Type.Array(Finding),
  note: Nullable(Type.String()),
});
export type TaskView = Static<typeof TaskView>;
export const TaskPage = Type.Object({ items: Type.Array(TaskView), total: Type.Integer() });
export type TaskPage = Static<typeof TaskPage>;

export const ComplianceQuery = Type.Object({ month: Type.Optional(Month), jurisdiction: Type.Optional(Code) });
export type ComplianceQuery = Static<typeof ComplianceQuery>;
export const ComplianceRow = Type.Object({
  code: Type.String(),
  name: Type.String(),
  due: Type.Integer(),
  done: Type.Integer(),
  overdue: Type.Integer(),
  /** Done as a share of due, in percent (null when nothing was due). */
  rate: Nullable(Type.Number()),
  met: Type.Boolean(),
});
export type ComplianceRow = Static<typeof ComplianceRow>;
export const Compliance = Type.Object({
  month: Type.String(),
  jurisdiction: Type.String(),
  targetRate: Type.Number(),
  total: ComplianceRow,
  rows: Type.Array(ComplianceRow),
});
export type Compliance = Static<typeof Compliance>;

// Findings open follow-ups
export const FollowUpKind = Type.Enum(FOLLOW_UPS);
export const RiskItemView = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  /** The follow-up this item usually asks for, if any. */
  followUp: Nullable(FollowUpKind),
});
export type RiskItemView = Static<typeof RiskItemView>;
export const RiskItemList = Type.Array(RiskItemView, { maxItems: 200 });
export type RiskItemList = Static<typeof RiskItemList>;

export const FollowUpQuery = Type.Object({
  community: Type.Optional(Code),
  status: Type.Optional(Type.Enum(['open', 'done'] as const)),
  kind: Type.Optional(FollowUpKind),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export type FollowUpQuery = Static<typeof FollowUpQuery>;
export const CloseFollowUpBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export type CloseFollowUpBody = Static<typeof CloseFollowUpBody>;
export const FollowUpView = Type.Object({
  id: Type.Integer(),
  taskId: Type.Integer(),
  elderId: Type.Integer(),
  elderName: Type.String(),
  communityCode: Type.String(),
  communityName: Nullable(Type.String()),
  kind: FollowUpKind,
  riskItem: Type.String(),
  riskItemZh: Type.String(),
  riskItemEn: Type.String(),
  note: Nullable(Type.String()),
  status: Type.Enum(['open', 'done'] as const),
  openedBy: Nullable(Type.String()),
  openedAt: Type.String(),
  closedBy: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  closeNote: Nullable(Type.String()),
});
export type FollowUpView = Static<typeof FollowUpView>;
export const FollowUpPage = Type.Object({ items: Type.Array(FollowUpView), total: Type.Integer() });
export type FollowUpPage = Static<typeof FollowUpPage>;

// 助餐 monthly settlement
export const SettlementQuery = Type.Object({ month: Month, jurisdiction: Type.Optional(Code) });
export type SettlementQuery = Static<typeof SettlementQuery>;
export const SettleBody = Type.Object(
  { month: Month, jurisdiction: Type.Optional(Code) },
  { additionalProperties: false },
);
export type SettleBody = Static<typeof SettleBody>;
export const SettlementRow = Type.Object({
  mealPointId: Type.Integer(),
  name: Type.String(),
  districtCode: Type.String(),
  organisationId: Nullable(Type.Integer()),
  organisationName: Nullable(Type.String()),
  /** Subsidised meals redeemed at the point in the month. */
  meals: Type.Integer(),
  subsidyFen: Type.Integer(),
  /** due: to be paid; paid: settled (transferId); no_organisation: a community's own table, nobody to pay. */
  status: Type.Enum(['due', 'paid', 'no_organisation'] as const),
  transferId: Nullable(Type.Integer()),
  settledAt: Nullable(Type.String()),
});
export type SettlementRow = Static<typeof SettlementRow>;
export const Settlement = Type.Object({
  month: Type.String(),
  jurisdiction: Type.String(),
  rows: Type.Array(SettlementRow),
  dueFen: Type.Integer(),
  paidFen: Type.Integer(),
  /** Transfers this call posted (0 on a preview or a rerun). */
  posted: Type.Integer(),
  postedFen: Type.Integer(),
});
export type Settlement = Static<typeof Settlement>;

// 适老化改造
export const AdaptationStatus = Type.Enum(ADAPTATION_STATUSES);
const ItemCode = Type.String({ pattern: '^[a-z][a-z_]{0,39}$', maxLength: 40 });
export const AdaptationItemView = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  unitZh: Type.String(),
  unitEn: Type.String(),
  unitCapFen: Type.Integer(),
});
export type AdaptationItemView = Static<typeof AdaptationItemView>;
export const AdaptationItemList = Type.Array(AdaptationItemView, { maxItems: 200 });
export type AdaptationItemList = Static<typeof AdaptationItemList>;

export const OpenAdaptationBody = Type.Object(
  { elderId: Id(), note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type OpenAdaptationBody = Static<typeof OpenAdaptationBody>;
export const AdaptationAssessBody = Type.Object(
  {
    assessedOn: Type.Optional(IsoDate),
    note: Type.Optional(Note),
    items: Type.Array(
      Type.Object(
        {
          code: ItemCode,
          quantity: Type.Integer({ minimum: 1, maximum: 1000 }),
          unitCostFen: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);
export type AdaptationAssessBody = Static<typeof AdaptationAssessBody>;
export const AdaptationContractBody = Type.Object(
  { contractorOrganisationId: Id('施工单位'), contractedOn: Type.Optional(IsoDate), note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type AdaptationContractBody = Static<typeof AdaptationContractBody>;
export const AdaptationAcceptBody = Type.Object(
  {
    acceptedOn: Type.Optional(IsoDate),
    photos: Type.Array(Type.String({ minLength: 1, maxLength: 300, description: 'a stored photo reference' }), {
      minItems: 1,
      maxItems: 20,
    }),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type AdaptationAcceptBody = Static<typeof AdaptationAcceptBody>;

export const AdaptationQuery = Type.Object({
  elderId: Type.Optional(Id()),
  community: Type.Optional(Code),
  status: Type.Optional(AdaptationStatus),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export type AdaptationQuery = Static<typeof AdaptationQuery>;

export const AdaptationLine = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  quantity: Type.Integer(),
  unitCostFen: Type.Integer(),
  totalFen: Type.Integer(),
});
export const AdaptationSummary = Type.Object({
  id: Type.Integer(),
  elderId: Type.Integer(),
  elderName: Type.String(),
  communityCode: Type.String(),
  communityName: Nullable(Type.String()),
  status: AdaptationStatus,
  tier: Type.String(),
  appliedOn: Type.String(),
  costFen: Type.Integer(),
  subsidyFen: Type.Integer(),
  acceptedOn: Nullable(Type.String()),
});
export type AdaptationSummary = Static<typeof AdaptationSummary>;
export const AdaptationPayment = Type.Object({
  transferId: Type.Integer(),
  idempotencyKey: Type.String(),
  amountFen: Type.Integer(),
  debitAccountId: Type.Integer({ description: 'the district budget' }),
  creditAccountId: Type.Integer({ description: "the contractor's account" }),
  paidOn: Type.String(),
});
export type AdaptationPayment = Static<typeof AdaptationPayment>;

export const AdaptationView = Type.Intersect([
  AdaptationSummary,
  Type.Object({
    sharePct: Type.Integer(),
    capFen: Type.Integer(),
    /** What the household pays: cost less subsidy. */
    selfPayFen: Type.Integer(),
    assessedOn: Nullable(Type.String()),
    assessmentNote: Nullable(Type.String()),
    contractorOrganisationId: Nullable(Type.Integer()),
    contractorName: Nullable(Type.String()),
    contractedOn: Nullable(Type.String()),
    acceptanceNote: Nullable(Type.String()),
    photos: Type.Array(Type.String()),
    items: Type.Array(AdaptationLine),
    /** The subsidy paid to the contractor from the district budget on acceptance (one ledger posting). */
    payment: Nullable(AdaptationPayment),
  }),
]);
export type AdaptationView = Static<typeof AdaptationView>;
export const AdaptationPage = Type.Object({ items: Type.Array(AdaptationSummary), total: Type.Integer() });
export type AdaptationPage = Static<typeof AdaptationPage>;

export const ProgressQuery = Type.Object({ jurisdiction: Type.Optional(Code) });
export type ProgressQuery = Static<typeof ProgressQuery>;
export const ProgressRow = Type.Object({
  code: Type.String(),
  name: Type.String(),
  /** Households with a funded status today. */
  eligible: Type.Integer(),
  /** Of them, with an accepted project. */
  accepted: Type.Integer(),
  /** Of them, with a project under way (applied, assessed, contracted). */
  inProgress: Type.Integer(),
  /** Accepted as a share of eligible, in percent (null when none is eligible). */
  rate: Nullable(Type.Number()),
});
export type ProgressRow = Static<typeof ProgressRow>;
export const Progress = Type.Object({
  jurisdiction: Type.String(),
  onDate: Type.String(),
  total: ProgressRow,
  rows: Type.Array(ProgressRow),
});
export type Progress = Static<typeof Progress>;

export { Code, Fen, Id, IsoDate, Note, Nullable };
