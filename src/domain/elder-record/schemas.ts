// Response schemas of the joined-up elder record: one read over what every domain knows of an
// elder, and the list of who read the record (the elder's and the family's data right).
import { type Static, type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Fen = Type.Integer({ description: 'integer fen' });
const Text = Nullable(Type.String());

export const OverviewParams = Type.Object({ id: Id });

const Level = Type.Object({
  level: Type.Integer(),
  assessmentId: Type.Integer(),
  assessedOn: Type.String(),
  rulesVersion: Type.String(),
});

const Screen = Type.Object({
  id: Type.Integer(),
  instrument: Type.String(),
  score: Type.Integer(),
  positive: Type.Boolean(),
  screenedOn: Type.String(),
});

const Task = Type.Object({
  id: Type.Integer(),
  reason: Type.String(),
  status: Type.String(),
  dueOn: Text,
  createdAt: Type.String(),
});

const Posting = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  kind: Type.String(),
  /** Positive into the account, negative out of it. */
  amountFen: Fen,
  memo: Text,
  reason: Type.String(),
});

const Account = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  currency: Type.String(),
  balanceFen: Fen,
  pendingFen: Fen,
  postings: Type.Array(Posting, { maxItems: 5 }),
});

const Residency = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer(),
  institutionName: Type.String(),
  admittedOn: Type.String(),
  placement: Type.String(),
});

const Waiting = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  appliedOn: Type.String(),
  priorityLabel: Type.String(),
  /** 1-based place among the eligible waiting applications of the same tier and earlier; null unless waiting. */
  place: Nullable(Type.Integer()),
  institutions: Type.Array(Type.Object({ organisationId: Type.Integer(), name: Type.String() }), { maxItems: 20 }),
});

const Enrolment = Type.Object({
  id: Type.Integer(),
  programme: Type.String(),
  organisationName: Text,
  effectiveFrom: Type.String(),
  effectiveTo: Text,
});

const HomecareOrder = Type.Object({
  id: Type.Integer(),
  itemCode: Type.String(),
  /** The catalogue item's name in both languages (基本养老服务项目). */
  itemName: Type.Object({ zh: Type.String(), en: Type.String() }),
  status: Type.String(),
  scheduledStart: Type.String(),
  priceFen: Fen,
  subsidyFen: Fen,
  copayFen: Fen,
});

const Incident = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  status: Type.String(),
  priority: Type.Integer(),
  openedAt: Type.String(),
});

const CareBed = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  appliedOn: Type.String(),
  closedOn: Text,
});

export const ElderOverview = Type.Object({
  elderId: Type.Integer(),
  name: Type.String(),
  districtCode: Type.String(),
  currentLevel: Nullable(Level),
  latestScreen: Nullable(Screen),
  openTasks: Type.Array(Task, { maxItems: 5 }),
  accounts: Type.Array(Account, { maxItems: 5 }),
  residency: Nullable(Residency),
  waiting: Nullable(Waiting),
  enrolments: Type.Array(Enrolment, { maxItems: 20 }),
  /** Null where the platform does not keep these yet (the domain's tables are absent). */
  homecareOrders: Nullable(Type.Array(HomecareOrder, { maxItems: 5 })),
  alarmIncidents: Nullable(Type.Array(Incident, { maxItems: 5 })),
  careBed: Nullable(CareBed),
});
export type ElderOverview = Static<typeof ElderOverview>;

export const RecordRead = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  userId: Nullable(Type.Integer()),
  username: Text,
  displayName: Text,
  roles: Text,
  action: Type.String(),
  purpose: Text,
});
export type RecordRead = Static<typeof RecordRead>;

export const RecordReads = Type.Object({ items: Type.Array(RecordRead, { maxItems: 50 }) });
export type RecordReads = Static<typeof RecordReads>;
