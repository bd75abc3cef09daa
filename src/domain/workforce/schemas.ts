// Request and response schemas of the workforce registry (TypeBox).
import { type Static, type TSchema, Type } from 'typebox';
import { CERTIFICATE_KINDS, EDUCATIONS, JOB_ROLES } from './vocabulary.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const EmploymentBody = Type.Object(
  {
    organisationId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    jobRole: literals(JOB_ROLES),
    frontline: Type.Boolean({ description: '一线岗位' }),
    establishment: Type.Optional(Type.Boolean({ description: '事业编' })),
    hiredOn: IsoDate,
  },
  { additionalProperties: false },
);

export const WorkerCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    idNumber: Type.String({ minLength: 1, maxLength: 18 }),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    education: literals(EDUCATIONS),
    graduatedOn: Type.Optional(Nullable(IsoDate)),
    employment: EmploymentBody,
  },
  { additionalProperties: false },
);

export const HireBody = Type.Object(
  { idNumber: Type.String({ minLength: 1, maxLength: 18 }), employment: EmploymentBody },
  { additionalProperties: false },
);
export const EndEmploymentBody = Type.Object(
  { leftOn: IsoDate, reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const CertificateBody = Type.Object(
  {
    kind: literals(CERTIFICATE_KINDS),
    skillLevel: Type.Optional(
      Nullable(Type.Integer({ minimum: 1, maximum: 5, description: '5 五级/初级工 … 1 一级/高级技师' })),
    ),
    certificateNo: Type.String({ minLength: 1, maxLength: 50 }),
    issuedOn: IsoDate,
    issuer: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { additionalProperties: false },
);

export const TrainingBody = Type.Object(
  {
    course: Type.String({ minLength: 1, maxLength: 100 }),
    hours: Type.Number({ exclusiveMinimum: 0, maximum: 2000 }),
    completedOn: IsoDate,
    provider: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { additionalProperties: false },
);

export const WorkerQuery = Type.Object({
  organisationId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  jobRole: Type.Optional(literals(JOB_ROLES)),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  skillLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const MonthBody = Type.Object(
  { month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) },
  { additionalProperties: false },
);

// Response schemas: what the registry and worker pages, the institution's staff tab and the
// monthly run read.
const Labels = Type.Record(Type.String(), Type.String());
const Fen = Type.Integer();
const Hours = Type.Number({ minimum: 0 });

export const StaffingRule = Type.Object({
  code: Type.String(),
  when: Type.Object({ minResidents: Type.Optional(Type.Integer()), minStar: Type.Optional(Type.Integer()) }),
  roles: Type.Array(Type.String()),
  min: Type.Integer(),
  message: Type.String(),
});

export const Vocabulary = Type.Object({
  jobRoles: Labels,
  educations: Labels,
  skillLevels: Labels,
  certificateKinds: Labels,
  incentives: Labels,
  staffingRules: Type.Object({
    rule: Type.Optional(Type.String()),
    version: Type.String(),
    source: Type.String(),
    note: Type.Optional(Type.String()),
    rules: Type.Array(StaffingRule),
  }),
});
export type Vocabulary = Static<typeof Vocabulary>;

export const EmploymentView = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  jobRole: Type.String(),
  jobRoleLabel: Type.String(),
  frontline: Type.Boolean(),
  establishment: Type.Boolean(),
  hiredOn: Type.String(),
  leftOn: Nullable(Type.String()),
  leftReason: Nullable(Type.String()),
});

export const CertificateView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  kindLabel: Type.String(),
  skillLevel: Nullable(Type.Integer()),
  skillLevelLabel: Nullable(Type.String()),
  certificateNo: Type.String(),
  issuedOn: Type.String(),
  issuer: Nullable(Type.String()),
});

export const TrainingView = Type.Object({
  id: Type.Integer(),
  course: Type.String(),
  hours: Hours,
  completedOn: Type.String(),
  provider: Nullable(Type.String()),
});

export const InstalmentView = Type.Object({
  id: Type.Integer(),
  incentive: Type.String(),
  incentiveLabel: Type.String(),
  basis: Type.String(),
  seq: Type.Integer(),
  dueOn: Type.String(),
  amountFen: Fen,
  rule: Type.String(),
  ruleVersion: Type.Integer(),
  status: Type.Enum(['scheduled', 'paid', 'cancelled'] as const),
  paidOn: Nullable(Type.String()),
  cancelledOn: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
});
export type InstalmentView = Static<typeof InstalmentView>;

/** One person as their employer or officer sees them: the full ID number, for the record. */
export const WorkerView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  idNumber: Type.String(),
  sex: Type.Enum(['M', 'F'] as const),
  birthDate: Type.String(),
  age: Type.Integer(),
  phone: Nullable(Type.String()),
  education: Type.String(),
  educationLabel: Type.String(),
  graduatedOn: Nullable(Type.String()),
  /** Best caregiver skill level held (5 五级 … 1 一级). */
  skillLevel: Nullable(Type.Integer()),
  skillLevelLabel: Nullable(Type.String()),
  trainingHours: Hours,
  employments: Type.Array(EmploymentView),
  certificates: Type.Array(CertificateView),
  training: Type.Array(TrainingView),
  instalments: Type.Array(InstalmentView),
});
export type WorkerView = Static<typeof WorkerView>;

/** A row of the staff list: one open employment, the ID number masked. */
export const WorkerRow = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  idNumber: Type.String({ description: 'masked' }),
  sex: Type.Enum(['M', 'F'] as const),
  age: Type.Integer(),
  employmentId: Type.Integer(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  jobRole: Type.String(),
  jobRoleLabel: Type.String(),
  frontline: Type.Boolean(),
  establishment: Type.Boolean(),
  hiredOn: Type.String(),
  skillLevel: Nullable(Type.Integer()),
  skillLevelLabel: Nullable(Type.String()),
  trainingHours: Hours,
});
export type WorkerRow = Static<typeof WorkerRow>;

export const WorkerPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(WorkerRow),
});
export type WorkerPage = Static<typeof WorkerPage>;

export const EmploymentEnded = Type.Object({ workerId: Type.Integer() });

export const StaffingWarning = Type.Object({ code: Type.String(), message: Type.String(), source: Type.String() });

export const StaffingView = Type.Object({
  organisationId: Type.Integer(),
  /** Current staff by job role. */
  counts: Type.Record(Type.String(), Type.Integer()),
  /** Institutions only: residents now and the star level in force. */
  residents: Type.Optional(Type.Integer()),
  star: Type.Optional(Nullable(Type.Integer())),
  warnings: Type.Array(StaffingWarning),
});
export type StaffingView = Static<typeof StaffingView>;

export const DueInstalment = Type.Object({
  id: Type.Integer(),
  workerId: Type.Integer(),
  workerName: Type.String(),
  employmentId: Type.Integer(),
  organisationId: Type.Integer(),
  districtCode: Type.String(),
  incentive: Type.String(),
  seq: Type.Integer(),
  dueOn: Type.String(),
  amountFen: Fen,
  rule: Type.String(),
  ruleVersion: Type.Integer(),
  policyVersionId: Type.Integer(),
});
export type DueInstalment = Static<typeof DueInstalment>;

export const ScheduleView = Type.Object({
  evaluated: Type.Integer(),
  scheduled: Type.Integer(),
  superseded: Type.Integer(),
  dueCount: Type.Integer(),
  dueFen: Fen,
  /** The first 500 instalments due. */
  due: Type.Array(DueInstalment),
});
export type ScheduleView = Static<typeof ScheduleView>;
