// Request schemas of /subsidies.
import { Type } from 'typebox';
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
