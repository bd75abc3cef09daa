// Request schemas of the workforce registry (TypeBox).
import { type TSchema, Type } from 'typebox';
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
