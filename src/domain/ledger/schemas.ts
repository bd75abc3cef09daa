// Request and response schemas of /ledger.
import { Type } from 'typebox';
import { ACCOUNT_TYPES, CURRENCIES, OWNER_TYPES } from './tables.js';

// Bounds: every string has a maxLength, every array a maxItems, every integer a maximum. Amounts
// are integers as sent: bodies are never coerced, so a string, boolean or array is refused (server/validators.ts).
const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Key = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[\\x21-\\x7e]+$',
  description: 'client-chosen; the same key again returns the same transfer',
});
/** One payment: at most ¥100 亿 (or as many minutes). */
const Money = Type.Integer({
  minimum: 1,
  maximum: 1_000_000_000_000,
  description: 'integer fen (minutes for TIME_MINUTE accounts)',
});
/** A budget's appropriation: at most ¥1 万亿. */
const Appropriation = Type.Integer({ minimum: 0, maximum: 100_000_000_000_000, description: 'integer fen' });
const Id = (description?: string) =>
  Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, ...(description ? { description } : {}) });
const Code = (digits: string) => Type.String({ pattern: `^\\d{${digits}}$`, maxLength: 12 });
const Text = (maxLength: number) => Type.String({ maxLength });
const Memo = Type.Optional(Nullable(Type.String({ maxLength: 500 })));

export const IdParams = Type.Object({ id: Id() });

export const AccountView = Type.Object({
  id: Id(),
  type: Text(20),
  currency: Text(20),
  name: Text(1_000),
  ownerType: Text(20),
  ownerId: Type.Union([Id(), Text(12)]),
  jurisdictionCode: Text(12),
  districtCode: Nullable(Text(12)),
  balanceFen: Type.Integer(),
  availableFen: Type.Integer(),
  pendingFen: Type.Integer(),
  appropriationFen: Nullable(Type.Integer()),
  createdAt: Text(40),
});

export const AccountQuery = Type.Object({
  type: Type.Optional(Type.Enum(ACCOUNT_TYPES)),
  ownerType: Type.Optional(Type.Enum(OWNER_TYPES)),
  owner: Type.Optional(
    Type.String({ maxLength: 20, description: 'owner id (elder, organisation, caregiver) or jurisdiction code' }),
  ),
  jurisdiction: Type.Optional(Code('6,12')),
  currency: Type.Optional(Type.Enum(CURRENCIES)),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const AccountPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(AccountView, { maxItems: 200 }),
});

export const OpenAccountBody = Type.Object(
  {
    type: Type.Enum(['care', 'provider', 'budget', 'worker', 'time'] as const),
    // The owner's record says where the account belongs (elder's community, employer's place,
    // volunteer's grant); a place in the body would let the caller choose, so there is none.
    ownerId: Type.Optional(Id('elder, organisation, worker or volunteer (user) id')),
    ownerCode: Type.Optional(Code('6')),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    appropriationFen: Type.Optional(Appropriation),
  },
  { additionalProperties: false },
);

export const StatementQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  before: Type.Optional(Id('transfer id: lines older than it')),
});

export const AppropriationBody = Type.Object({ appropriationFen: Appropriation }, { additionalProperties: false });

export const TransferBody = Type.Object(
  {
    fromAccountId: Id(),
    toAccountId: Id(),
    amountFen: Money,
    idempotencyKey: Key,
    memo: Memo,
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 50, default: 'payment' })),
  },
  { additionalProperties: false },
);

export const HoldBody = Type.Object(
  {
    fromAccountId: Id(),
    toAccountId: Id(),
    amountFen: Money,
    idempotencyKey: Key,
    memo: Memo,
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    expiresInSeconds: Type.Integer({ minimum: 1, maximum: 30 * 86_400, default: 86_400 }),
  },
  { additionalProperties: false },
);

export const CaptureBody = Type.Object(
  { idempotencyKey: Key, amountFen: Type.Optional(Money), memo: Memo },
  { additionalProperties: false },
);

export const KeyBody = Type.Object({ idempotencyKey: Key, memo: Memo }, { additionalProperties: false });

export const TransferView = Type.Object({
  id: Id(),
  idempotencyKey: Text(200),
  kind: Text(20),
  fromAccountId: Id(),
  toAccountId: Id(),
  amountFen: Type.Integer(),
  currency: Text(20),
  reason: Text(50),
  // Generous bounds in answers: platform postings write these too, and a union that matched no
  // branch would fail to serialise.
  memo: Nullable(Text(10_000)),
  pendingId: Nullable(Id()),
  reversesId: Nullable(Id()),
  expiresAt: Nullable(Text(40)),
  programme: Nullable(Text(200)),
  period: Nullable(Text(40)),
  policyVersionId: Nullable(Id()),
  createdAt: Text(40),
  holdState: Type.Optional(Text(20)),
});

export const SettlementBody = Type.Object(
  { period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7 }), jurisdictionCode: Code('6') },
  { additionalProperties: false },
);
