// Request and response schemas of /ledger.
import { Type } from 'typebox';
import { ACCOUNT_TYPES, CURRENCIES, OWNER_TYPES } from './tables.js';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Key = Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$', description: 'client-chosen; the same key again returns the same transfer' });
const Money = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000, description: 'integer fen (minutes for TIME_MINUTE accounts)' });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const AccountView = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  currency: Type.String(),
  name: Type.String(),
  ownerType: Type.String(),
  ownerId: Type.Union([Type.Integer(), Type.String()]),
  jurisdictionCode: Type.String(),
  districtCode: Nullable(Type.String()),
  balanceFen: Type.Integer(),
  availableFen: Type.Integer(),
  pendingFen: Type.Integer(),
  appropriationFen: Nullable(Type.Integer()),
  createdAt: Type.String(),
});

export const AccountQuery = Type.Object({
  type: Type.Optional(Type.Enum(ACCOUNT_TYPES)),
  ownerType: Type.Optional(Type.Enum(OWNER_TYPES)),
  owner: Type.Optional(Type.String({ maxLength: 20, description: 'owner id (elder, organisation, caregiver) or jurisdiction code' })),
  jurisdiction: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
  currency: Type.Optional(Type.Enum(CURRENCIES)),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const AccountPage = Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(AccountView) });

export const OpenAccountBody = Type.Object(
  {
    type: Type.Enum(['care', 'provider', 'budget', 'worker', 'time'] as const),
    ownerId: Type.Optional(Type.Integer({ minimum: 1 })),
    ownerCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
    jurisdictionCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    appropriationFen: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const StatementQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'transfer id: lines older than it' })),
});

export const TransferBody = Type.Object(
  {
    fromAccountId: Type.Integer({ minimum: 1 }),
    toAccountId: Type.Integer({ minimum: 1 }),
    amountFen: Money,
    idempotencyKey: Key,
    memo: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 50, default: 'payment' })),
  },
  { additionalProperties: false },
);

export const HoldBody = Type.Object(
  {
    fromAccountId: Type.Integer({ minimum: 1 }),
    toAccountId: Type.Integer({ minimum: 1 }),
    amountFen: Money,
    idempotencyKey: Key,
    memo: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    expiresInSeconds: Type.Integer({ minimum: 1, maximum: 30 * 86_400, default: 86_400 }),
  },
  { additionalProperties: false },
);

export const CaptureBody = Type.Object(
  { idempotencyKey: Key, amountFen: Type.Optional(Money), memo: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
  { additionalProperties: false },
);

export const KeyBody = Type.Object({ idempotencyKey: Key, memo: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }, { additionalProperties: false });

export const TransferView = Type.Object({
  id: Type.Integer(),
  idempotencyKey: Type.String(),
  kind: Type.String(),
  fromAccountId: Type.Integer(),
  toAccountId: Type.Integer(),
  amountFen: Type.Integer(),
  currency: Type.String(),
  reason: Type.String(),
  memo: Nullable(Type.String()),
  pendingId: Nullable(Type.Integer()),
  reversesId: Nullable(Type.Integer()),
  expiresAt: Nullable(Type.String()),
  programme: Nullable(Type.String()),
  period: Nullable(Type.String()),
  policyVersionId: Nullable(Type.Integer()),
  createdAt: Type.String(),
  holdState: Type.Optional(Type.String()),
});

export const SettlementBody = Type.Object(
  { period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }), jurisdictionCode: Type.String({ pattern: '^\\d{6}$' }) },
  { additionalProperties: false },
);
