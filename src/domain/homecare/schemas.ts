// Request and response schemas of the homecare domain (TypeBox); the web app imports the types.
import { type Static, type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = () => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Fen = () => Type.Integer({ minimum: 0, maximum: 100_000_000_00 });
const Code = Type.String({ pattern: '^[A-Z0-9_]{2,20}$', maxLength: 20 });
const ReasonCode = Type.String({ pattern: '^[a-z_]{2,40}$', maxLength: 40 });
const PlaceCode = Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', maxLength: 12 });
const Note = Type.String({ maxLength: 500 });
const DateTime = Type.String({ format: 'date-time', maxLength: 40 });

export const IdParams = Type.Object({ id: Id() });
export type IdParams = Static<typeof IdParams>;

// Catalogue (基本养老服务项目清单)
export const CatalogueQuery = Type.Object({
  jurisdiction: Type.Optional(PlaceCode),
  elderId: Type.Optional(Id()),
});
export type CatalogueQuery = Static<typeof CatalogueQuery>;

export const Unit = Type.Union([Type.Literal('visit'), Type.Literal('hour'), Type.Literal('meal')]);
export const SubsidyRule = Type.Object({
  assessmentLevel: Nullable(Type.Integer({ minimum: 0, maximum: 4 })),
  statusFlag: Nullable(Type.String()),
  subsidyFen: Fen(),
});
export const CatalogueItem = Type.Object({
  id: Id(),
  code: Type.String(),
  version: Type.Integer(),
  jurisdictionCode: Type.String(),
  name: Type.String(),
  category: Type.String(),
  unit: Unit,
  standardMinutes: Type.Integer(),
  checklist: Type.Array(Type.String()),
  requiredCertificates: Type.Array(Type.String()),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  subsidies: Type.Array(SubsidyRule),
  /** For the elder named in the query: the subsidy per unit they get (重阳分, fen). */
  elderSubsidyFen: Type.Optional(Fen()),
});
export type CatalogueItem = Static<typeof CatalogueItem>;
export const Catalogue = Type.Object({
  jurisdictionCode: Type.String(),
  date: Type.String(),
  elder: Type.Optional(
    Type.Object({
      id: Id(),
      assessmentLevel: Nullable(Type.Integer()),
      statusFlags: Type.Array(Type.String()),
    }),
  ),
  items: Type.Array(CatalogueItem),
});
export type Catalogue = Static<typeof Catalogue>;

export const CodeView = Type.Object({ kind: Type.String(), code: Type.String(), name: Type.String() });
export const CodeList = Type.Array(CodeView);
export type CodeList = Static<typeof CodeList>;

// Providers
export const ProviderBody = Type.Object(
  {
    organisationId: Id(),
    licenceNo: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    qualifications: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    openingHours: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    streets: Type.Array(Type.String({ pattern: '^\\d{9}$', maxLength: 9 }), { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type ProviderBody = Static<typeof ProviderBody>;

export const ProviderQuery = Type.Object({
  street: Type.Optional(Type.String({ pattern: '^\\d{9}$', maxLength: 9 })),
  itemCode: Type.Optional(Code),
});
export type ProviderQuery = Static<typeof ProviderQuery>;

export const ProviderView = Type.Object({
  id: Id(),
  name: Type.String(),
  kind: Type.String(),
  districtCode: Type.String(),
  jurisdictionCode: Type.String(),
  address: Nullable(Type.String()),
  licenceNo: Nullable(Type.String()),
  qualifications: Type.Array(Type.String()),
  phone: Nullable(Type.String()),
  openingHours: Nullable(Type.String()),
  active: Type.Boolean(),
  streets: Type.Array(Type.String()),
  /** Mean stars of its rated visits (one decimal), null before the first rating. */
  ratingAverage: Nullable(Type.Number({ minimum: 1, maximum: 5 })),
  ratingCount: Type.Integer({ minimum: 0 }),
  complaintCount: Type.Integer({ minimum: 0 }),
});
export type ProviderView = Static<typeof ProviderView>;
export const ProviderList = Type.Array(ProviderView);
export type ProviderList = Static<typeof ProviderList>;

export const ProviderItemsBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          itemCode: Code,
          priceFen: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
          active: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type ProviderItemsBody = Static<typeof ProviderItemsBody>;

export const ProviderItem = Type.Object({
  itemCode: Type.String(),
  name: Type.String(),
  unit: Unit,
  standardMinutes: Type.Integer(),
  priceFen: Fen(),
  active: Type.Boolean(),
});
export type ProviderItem = Static<typeof ProviderItem>;
export const ProviderItemList = Type.Array(ProviderItem);
export type ProviderItemList = Static<typeof ProviderItemList>;

export const WorkerAccountBody = Type.Object(
  { workerId: Id(), username: Type.String({ minLength: 2, maxLength: 64 }) },
  { additionalProperties: false },
);
export type WorkerAccountBody = Static<typeof WorkerAccountBody>;
export const WorkerAccountView = Type.Object({ workerId: Id(), userId: Id(), organisationId: Id() });
export type WorkerAccountView = Static<typeof WorkerAccountView>;

// Orders (点单)
export const OrderBody = Type.Object(
  {
    elderId: Id(),
    itemCode: Code,
    providerId: Type.Optional(Id()),
    scheduledStart: DateTime,
    durationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 1440 })),
    note: Type.Optional(Nullable(Note)),
  },
  { additionalProperties: false },
);
export type OrderBody = Static<typeof OrderBody>;

export const QuoteView = Type.Object({ priceFen: Fen(), subsidyFen: Fen(), copayFen: Fen() });
export type QuoteView = Static<typeof QuoteView>;

export const QuoteAnswer = Type.Object({
  providerId: Id(),
  providerName: Type.String(),
  itemCode: Type.String(),
  itemName: Type.String(),
  unit: Unit,
  durationMinutes: Type.Integer(),
  assessmentLevel: Nullable(Type.Integer()),
  quote: QuoteView,
});
export type QuoteAnswer = Static<typeof QuoteAnswer>;

export const OrderStatus = Type.Union([
  Type.Literal('requested'),
  Type.Literal('accepted'),
  Type.Literal('declined'),
  Type.Literal('assigned'),
  Type.Literal('in_progress'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
]);
export const OrderEvent = Type.Object({
  at: Type.String(),
  action: Type.String(),
  role: Nullable(Type.String()),
  code: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
export const OrderView = Type.Object({
  id: Id(),
  status: OrderStatus,
  elderId: Id(),
  elderName: Type.String(),
  address: Type.String(),
  communityCode: Type.String(),
  providerId: Id(),
  providerName: Type.String(),
  itemCode: Type.String(),
  itemName: Type.String(),
  unit: Unit,
  scheduledStart: Type.String(),
  durationMinutes: Type.Integer(),
  note: Nullable(Type.String()),
  assessmentLevel: Nullable(Type.Integer()),
  quote: QuoteView,
  acceptDueAt: Type.String(),
  overdue: Type.Boolean(),
  workerId: Nullable(Id()),
  workerName: Nullable(Type.String()),
  visitId: Nullable(Id()),
  declineCode: Nullable(Type.String()),
  cancelCode: Nullable(Type.String()),
  /** The subsidy on the ledger: reserved at acceptance (held), then captured, voided or expired. */
  subsidyHold: Type.Object({
    status: Type.Union([
      Type.Literal('none'),
      Type.Literal('unavailable'),
      Type.Literal('held'),
      Type.Literal('captured'),
      Type.Literal('voided'),
      Type.Literal('expired'),
    ]),
    transferId: Nullable(Id()),
    note: Nullable(Type.String()),
  }),
  events: Type.Optional(Type.Array(OrderEvent)),
});
export type OrderView = Static<typeof OrderView>;

export const OrderQuery = Type.Object({
  status: Type.Optional(OrderStatus),
  providerId: Type.Optional(Id()),
  elderId: Type.Optional(Id()),
  overdue: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type OrderQuery = Static<typeof OrderQuery>;
export const OrderList = Type.Array(OrderView);
export type OrderList = Static<typeof OrderList>;

export const ReasonBody = Type.Object(
  { reasonCode: ReasonCode, note: Type.Optional(Nullable(Note)) },
  { additionalProperties: false },
);
export type ReasonBody = Static<typeof ReasonBody>;
export const AssignBody = Type.Object({ workerId: Id() }, { additionalProperties: false });
export type AssignBody = Static<typeof AssignBody>;

// Visits (EVV)
const Position = {
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  accuracyM: Type.Number({ minimum: 0, maximum: 100_000 }),
  /** Device time of the event: when it happened, also for a check-in queued offline and sent later. */
  at: DateTime,
  /** Made by the phone once per check-in/out; a resend with the same id is accepted once. */
  clientId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{8,64}$', maxLength: 64 }),
};
export const CheckInBody = Type.Object(Position, { additionalProperties: false });
export type CheckInBody = Static<typeof CheckInBody>;
export const CheckOutBody = Type.Object(
  {
    ...Position,
    /** The elder shows their elder code (QR) to the caregiver's phone, or tells their PIN. */
    confirmation: Type.Optional(
      Type.Object(
        {
          method: Type.Union([Type.Literal('elder_code'), Type.Literal('pin')]),
          value: Type.String({ minLength: 1, maxLength: 40 }),
        },
        { additionalProperties: false },
      ),
    ),
    checklist: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 30 })),
    notes: Type.Optional(Nullable(Note)),
  },
  { additionalProperties: false },
);
export type CheckOutBody = Static<typeof CheckOutBody>;

export const ResolveBody = Type.Object(
  { reasonCode: ReasonCode, resolutionCode: ReasonCode, note: Type.Optional(Nullable(Note)) },
  { additionalProperties: false },
);
export type ResolveBody = Static<typeof ResolveBody>;
export const ExceptionParams = Type.Object({ id: Id(), exceptionId: Id() });
export type ExceptionParams = Static<typeof ExceptionParams>;

export const VisitStatus = Type.Union([
  Type.Literal('scheduled'),
  Type.Literal('in_progress'),
  Type.Literal('exception'),
  Type.Literal('verified'),
  Type.Literal('cancelled'),
]);
export const VisitException = Type.Object({
  id: Id(),
  code: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  reasonCode: Nullable(Type.String()),
  resolutionCode: Nullable(Type.String()),
});
const Stamp = Type.Object({
  at: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  accuracyM: Type.Number(),
  distanceM: Nullable(Type.Number()),
});
export const VisitView = Type.Object({
  id: Id(),
  orderId: Id(),
  status: VisitStatus,
  // The six EVV elements: service type, recipient, date, location, worker, start and end.
  serviceCode: Type.String(),
  serviceName: Type.String(),
  elderId: Id(),
  elderName: Type.String(),
  address: Type.String(),
  home: Nullable(Type.Object({ lat: Type.Number(), lng: Type.Number() })),
  date: Nullable(Type.String()),
  workerId: Id(),
  workerName: Type.String(),
  providerId: Id(),
  scheduledStart: Type.String(),
  scheduledMinutes: Type.Integer(),
  checkIn: Nullable(Stamp),
  checkOut: Nullable(Stamp),
  confirmedBy: Nullable(Type.String()),
  checklistItems: Type.Array(Type.String()),
  checklist: Type.Array(Type.String()),
  notes: Nullable(Type.String()),
  orderNote: Nullable(Type.String()),
  verifiedAt: Nullable(Type.String()),
  subsidyFen: Fen(),
  paymentStatus: Type.Union([Type.Literal('none'), Type.Literal('posted'), Type.Literal('due')]),
  paymentNote: Nullable(Type.String()),
  exceptions: Type.Array(VisitException),
  /** When the job closed it for want of a check-out. */
  autoClosedAt: Nullable(Type.String()),
  /** The elder's or family's rating, once given. */
  rating: Nullable(
    Type.Object({
      stars: Type.Integer({ minimum: 1, maximum: 5 }),
      tags: Type.Array(Type.String()),
      comment: Nullable(Type.String()),
      createdAt: Type.String(),
    }),
  ),
});
export type VisitView = Static<typeof VisitView>;
export const VisitList = Type.Array(VisitView);
export type VisitList = Static<typeof VisitList>;
export const MineQuery = Type.Object({
  date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 })),
});
export type MineQuery = Static<typeof MineQuery>;
export const VisitQuery = Type.Object({
  status: Type.Optional(VisitStatus),
  providerId: Type.Optional(Id()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type VisitQuery = Static<typeof VisitQuery>;

export { DateTime, Fen, Id, Note, Nullable, ReasonCode };

// Ratings and complaints (评价与投诉)
export const RatingBody = Type.Object(
  {
    stars: Type.Integer({ minimum: 1, maximum: 5 }),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 10 })),
    comment: Type.Optional(Nullable(Note)),
  },
  { additionalProperties: false },
);
export type RatingBody = Static<typeof RatingBody>;
export const RatingView = Type.Object({
  visitId: Id(),
  stars: Type.Integer({ minimum: 1, maximum: 5 }),
  tags: Type.Array(Type.String()),
  comment: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type RatingView = Static<typeof RatingView>;

export const ComplaintBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type ComplaintBody = Static<typeof ComplaintBody>;
export const AnswerBody = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type AnswerBody = Static<typeof AnswerBody>;
export const ComplaintStatus = Type.Union([Type.Literal('open'), Type.Literal('answered')]);
/** A complaint as the provider, the district and the complainant see it: the complainant is never named. */
export const ComplaintView = Type.Object({
  id: Id(),
  visitId: Id(),
  providerId: Id(),
  providerName: Type.String(),
  elderId: Id(),
  serviceName: Type.String(),
  visitDate: Nullable(Type.String()),
  text: Type.String(),
  status: ComplaintStatus,
  dueAt: Type.String(),
  overdue: Type.Boolean(),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type ComplaintView = Static<typeof ComplaintView>;
export const ComplaintList = Type.Array(ComplaintView);
export type ComplaintList = Static<typeof ComplaintList>;
export const ComplaintQuery = Type.Object({
  status: Type.Optional(ComplaintStatus),
  providerId: Type.Optional(Id()),
  overdue: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type ComplaintQuery = Static<typeof ComplaintQuery>;

// Provider settlement (结算)
export const SettlementQuery = Type.Object({
  month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7 }),
});
export type SettlementQuery = Static<typeof SettlementQuery>;
const SettlementAmounts = {
  visits: Type.Integer({ minimum: 0 }),
  /** What the visits were worth at their quotes. */
  priceFen: Fen(),
  /** The subsidy (重阳分) moved to the provider through the ledger. */
  subsidyPaidFen: Fen(),
  /** Subsidy not paid: the elder's balance was short or an account was missing. */
  subsidyDueFen: Fen(),
  /** What the elders owe the provider themselves. */
  copayFen: Fen(),
};
export const SettlementLine = Type.Object({
  itemCode: Type.String(),
  itemName: Type.String(),
  unit: Unit,
  /** Hours for hourly items, else visits or meals. */
  units: Type.Number({ minimum: 0 }),
  ...SettlementAmounts,
});
export const SettlementReport = Type.Object({
  providerId: Id(),
  providerName: Type.String(),
  month: Type.String(),
  items: Type.Array(SettlementLine),
  totals: Type.Object(SettlementAmounts),
});
export type SettlementReport = Static<typeof SettlementReport>;

// Dispatch (派单): proposals and offers to workers
export const ProposalList = Type.Object({
  orderId: Id(),
  candidates: Type.Array(
    Type.Object({
      workerId: Id(),
      name: Type.String(),
      /** Qualified for the item and free at the order's time. */
      eligible: Type.Boolean(),
      /** 0–100: continuity, distance and the day's load. */
      score: Type.Integer({ minimum: 0, maximum: 100 }),
      qualified: Type.Boolean(),
      conflicts: Type.Integer(),
      continuity: Type.Integer(),
      load: Type.Integer(),
      distanceKm: Nullable(Type.Number()),
      /** Why, in the caller's language. */
      reasons: Type.Array(Type.String()),
    }),
  ),
});
export type ProposalList = Static<typeof ProposalList>;
export const OfferBody = Type.Object({ workerId: Id() }, { additionalProperties: false });
export type OfferBody = Static<typeof OfferBody>;
export const OfferAnswerBody = Type.Object(
  { reasonCode: Type.Optional(ReasonCode), note: Type.Optional(Nullable(Note)) },
  { additionalProperties: false },
);
export const OfferView = Type.Object({
  id: Id(),
  orderId: Id(),
  workerId: Id(),
  workerName: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('accepted'),
    Type.Literal('declined'),
    Type.Literal('expired'),
    Type.Literal('withdrawn'),
  ]),
  expiresAt: Type.String(),
  offeredAt: Type.String(),
  answeredAt: Nullable(Type.String()),
  elderName: Type.String(),
  address: Type.String(),
  itemName: Type.String(),
  scheduledStart: Type.String(),
  durationMinutes: Type.Integer(),
});
export type OfferView = Static<typeof OfferView>;
export const OfferList = Type.Array(OfferView);
export type OfferList = Static<typeof OfferList>;

// The elder's PIN (服务确认码)
export const PinBody = Type.Object(
  { pin: Type.String({ pattern: '^\\d{4,6}$', maxLength: 6, description: '4–6 digits' }) },
  { additionalProperties: false },
);
export type PinBody = Static<typeof PinBody>;
export const PinStatus = Type.Object({
  set: Type.Boolean(),
  setAt: Nullable(Type.String()),
  lockedUntil: Nullable(Type.String()),
});
export type PinStatus = Static<typeof PinStatus>;

// Worker safety (SOS)
export const SosBody = Type.Object(
  {
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    accuracyM: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
    visitId: Type.Optional(Id()),
    note: Type.Optional(Nullable(Note)),
  },
  { additionalProperties: false },
);
export type SosBody = Static<typeof SosBody>;
export const SosStatus = Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('resolved')]);
export const SosQuery = Type.Object({
  status: Type.Optional(SosStatus),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type SosQuery = Static<typeof SosQuery>;
export const SosResolveBody = Type.Object(
  { resolution: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type SosResolveBody = Static<typeof SosResolveBody>;
export const SosView = Type.Object({
  id: Id(),
  status: SosStatus,
  workerId: Id(),
  workerName: Type.String(),
  workerPhone: Nullable(Type.String()),
  organisationId: Id(),
  providerName: Type.String(),
  visitId: Nullable(Id()),
  elderName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  position: Nullable(Type.Object({ lat: Type.Number(), lng: Type.Number(), accuracyM: Nullable(Type.Number()) })),
  note: Nullable(Type.String()),
  raisedAt: Type.String(),
  acknowledgedAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  resolution: Nullable(Type.String()),
});
export type SosView = Static<typeof SosView>;
export const SosList = Type.Array(SosView);
export type SosList = Static<typeof SosList>;
