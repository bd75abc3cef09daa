// Request and response schemas of the elder registry (TypeBox: validation, types and OpenAPI in one).
import { type Static, Type } from 'typebox';
import { ARCHIVE_REASONS, STORED_FLAGS } from './flags.js';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** Home coordinates, WGS-84 (GPS, not the GCJ-02 of Chinese web maps), inside China's bounding box. */
const HomePoint = Type.Object(
  {
    lat: Type.Number({ minimum: 3, maximum: 54, description: 'WGS-84 latitude' }),
    lng: Type.Number({ minimum: 73, maximum: 136, description: 'WGS-84 longitude' }),
  },
  { additionalProperties: false },
);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const ElderCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50, description: '姓名' }),
    idNumber: Type.String({ minLength: 1, maxLength: 18, description: '18-digit citizen ID (GB 11643)' }),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    communityCode: Type.String({ pattern: '^\\d{12}$', description: '12-digit community (村/居委会) code' }),
    address: Type.String({ minLength: 1, maxLength: 200 }),
    hukouCode: Type.Optional(Nullable(Type.String({ maxLength: 12 }))),
    /** Home coordinates; left out (or null) places the elder at the community's centre. */
    home: Type.Optional(Nullable(HomePoint)),
    purpose: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ElderPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 18 })),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    communityCode: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    hukouCode: Type.Optional(Nullable(Type.String({ maxLength: 12 }))),
    /** Home coordinates; left out (or null) places the elder at the community's centre. */
    home: Type.Optional(Nullable(HomePoint)),
    purpose: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ElderSummary = Type.Object({
  id: Type.Integer(),
  elderCode: Type.String(),
  name: Type.String(),
  idNumber: Type.String(),
  sex: Type.String(),
  /** Null where the ID number is masked: the birth date would give most of it back. */
  birthDate: Type.Union([Type.String(), Type.Null()]),
  age: Type.Integer(),
  phone: Nullable(Type.String()),
  districtCode: Type.String(),
  streetCode: Type.String(),
  communityCode: Type.String(),
  communityName: Nullable(Type.String()),
  address: Type.String(),
  status: Type.String(),
});

export const ElderDetail = Type.Intersect([
  ElderSummary,
  Type.Object({
    idNumberMasked: Type.Boolean(),
    /** Place names from the jurisdiction tree; null where the code is not in it. */
    districtName: Nullable(Type.String()),
    streetName: Nullable(Type.String()),
    hukouCode: Nullable(Type.String()),
    hukouName: Nullable(Type.String()),
    lat: Nullable(Type.Number()),
    lng: Nullable(Type.Number()),
    archivedOn: Nullable(Type.String()),
    archiveReason: Nullable(Type.String()),
    flags: Type.Array(
      Type.Object({
        id: Nullable(Type.Integer()),
        flag: Type.String(),
        label: Type.String(),
        /** Null for the derived 高龄 flag where the birth date is hidden (it would give it back). */
        effectiveFrom: Type.Union([Type.String(), Type.Null()]),
        effectiveTo: Nullable(Type.String()),
        derived: Type.Boolean(),
      }),
    ),
    contacts: Type.Array(
      Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        relation: Type.String(),
        phone: Nullable(Type.String()),
        isGuardian: Type.Boolean(),
      }),
    ),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  }),
]);

const FlagName = Type.Union([...STORED_FLAGS, 'advanced_age'].map((f) => Type.Literal(f)));

export const ElderSearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50, description: 'name prefix, ID number or elder code' })),
  idNumber: Type.Optional(Type.String({ maxLength: 18 })),
  elderCode: Type.Optional(Type.String({ maxLength: 13 })),
  phone: Type.Optional(
    Type.String({ pattern: '^[0-9]{4,12}$', description: "the elder's phone: the full number or its last 4+ digits" }),
  ),
  idTail: Type.Optional(
    Type.String({
      pattern: '^[0-9]{3,5}[0-9Xx]$',
      description: 'the last 4–6 characters of the ID number (check character X in either case)',
    }),
  ),
  jurisdiction: Type.Optional(
    Type.String({ pattern: '^\\d{6,12}$', description: 'district, street or community code' }),
  ),
  status: Type.Optional(
    Type.Union([Type.Literal('active'), Type.Literal('deceased'), Type.Literal('moved_away'), Type.Literal('all')]),
  ),
  flag: Type.Optional(
    Type.Array(FlagName, { maxItems: STORED_FLAGS.length + 1, description: 'status flags, all must hold today' }),
  ),
  ageMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
  ageMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  purpose: Type.Optional(Type.String({ maxLength: 200 })),
});

export const ElderPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(ElderSummary),
});
export type ElderPage = Static<typeof ElderPage>;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const ArchiveBody = Type.Object(
  {
    reason: Type.Union(ARCHIVE_REASONS.map((r) => Type.Literal(r))),
    date: IsoDate,
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const FlagBody = Type.Object(
  {
    flag: Type.Union(STORED_FLAGS.map((f) => Type.Literal(f))),
    effectiveFrom: IsoDate,
    effectiveTo: Type.Optional(Nullable(IsoDate)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const ContactBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    relation: Type.String({ minLength: 1, maxLength: 20 }),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    isGuardian: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ElderDashboard = Type.Object({
  /** The caller's own jurisdictions (registry roles), by name. */
  scopes: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  total: Type.Integer(),
  /** One level below a single grant, or the grants themselves when there are several. */
  areas: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() })),
  ages: Type.Array(Type.Object({ band: Type.String(), count: Type.Integer() })),
  flags: Type.Array(Type.Object({ flag: Type.String(), count: Type.Integer() })),
});
export type ElderDashboard = Static<typeof ElderDashboard>;

export const FlagList = Type.Array(
  Type.Object({ flag: Type.String(), zh: Type.String(), en: Type.String(), derived: Type.Boolean() }),
);
export type FlagList = Static<typeof FlagList>;

/**
 * A 200 whose body is a file of `mediaType` (the QR code, the workbooks, the CSV report): OpenAPI
 * names its media type; Fastify sends the string, buffer or stream as it is.
 */
const FileBody = Type.Unsafe<unknown>({ type: 'string', format: 'binary' });
export const fileAnswer = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: FileBody } },
});
