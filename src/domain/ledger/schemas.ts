// Request and response schemas of /ledger.
import { type Static, Type } from 'typebox';
import { ACCOUNT_TYPES, CURRENCIES, OWNER_TYPES, type TransferKind } from './tables.js';

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
  type: Type.Enum(ACCOUNT_TYPES),
  currency: Type.Enum(CURRENCIES),
  name: Text(1_000),
  ownerType: Type.Enum(OWNER_TYPES),
  ownerId: Type.Union([Id(), Text(12)]),
  jurisdictionCode: Text(12),
  districtCode: Nullable(Text(12)),
  balanceFen: Type.Integer(),
  availableFen: Type.Integer(),
  pendingFen: Type.Integer(),
  appropriationFen: Nullable(Type.Integer()),
  createdAt: Text(40),
});
export type AccountView = Static<typeof AccountView>;

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
export type AccountPage = Static<typeof AccountPage>;

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
  holdState: Type.Optional(Type.Enum(['pending', 'captured', 'voided', 'expired'] as const)),
});
export type TransferView = Static<typeof TransferView>;

export const SettlementBody = Type.Object(
  { period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7 }), jurisdictionCode: Code('6') },
  { additionalProperties: false },
);

const TRANSFER_KINDS = [
  'posted',
  'pending',
  'capture',
  'void',
  'expire',
  'reversal',
] as const satisfies readonly TransferKind[];

export const StatementLine = Type.Object({
  transferId: Id(),
  at: Text(40),
  kind: Type.Enum(TRANSFER_KINDS),
  direction: Type.Enum(['in', 'out'] as const),
  amountFen: Type.Integer(),
  counterparty: Type.Object({ accountId: Id(), name: Text(1_000), type: Text(20) }),
  reason: Text(50),
  memo: Nullable(Text(10_000)),
  programme: Nullable(Text(200)),
  period: Nullable(Text(40)),
  policyVersionId: Nullable(Id()),
  balanceAfterFen: Nullable(
    Type.Integer({ description: 'after this line; null for lines that move no posted balance (holds)' }),
  ),
});
export type StatementLine = Static<typeof StatementLine>;

export const Statement = Type.Object({
  items: Type.Array(StatementLine, { maxItems: 500 }),
  nextBefore: Nullable(Id()),
});
export type Statement = Static<typeof Statement>;

export const AccountDetail = Type.Intersect([AccountView, Type.Object({ statement: Statement })]);
export type AccountDetail = Static<typeof AccountDetail>;

export const CurrencyTotals = Type.Object({
  totalDebitsFen: Type.Integer(),
  totalCreditsFen: Type.Integer(),
  balanced: Type.Boolean({
    description: 'debits equal credits, every balance matches its transfers, balances sum to zero',
  }),
  sumOfBalancesFen: Type.Integer(),
  accountsOutOfBalance: Type.Integer(),
  pendingFen: Type.Integer({ description: 'held by open two-phase transfers' }),
  accounts: Type.Integer(),
  transfers: Type.Integer(),
});
export type CurrencyTotals = Static<typeof CurrencyTotals>;
export const TrialBalance = Type.Record(Type.String(), CurrencyTotals, { description: 'per currency' });
export type TrialBalance = Static<typeof TrialBalance>;

export const BatchView = Type.Object({
  id: Id(),
  period: Text(7),
  jurisdictionCode: Text(12),
  lineCount: Type.Integer(),
  totalFen: Type.Integer(),
  createdAt: Text(40),
});
export type BatchView = Static<typeof BatchView>;
export const BatchList = Type.Array(BatchView, { maxItems: 200 });

export const SettlementLine = Type.Object({
  line: Type.Integer(),
  organisationId: Id(),
  payeeName: Text(1_000),
  providerAccountId: Id(),
  amountFen: Type.Integer(),
  transferId: Id(),
  reference: Text(100),
});
export type SettlementLine = Static<typeof SettlementLine>;
export const SettlementDetail = Type.Intersect([BatchView, Type.Object({ lines: Type.Array(SettlementLine) })]);
export type SettlementDetail = Static<typeof SettlementDetail>;
