// Request and response schemas of the admission waiting list (TypeBox). The serializer sends only
// what is declared: the privacy rules of waitlist-views.ts (why a tier was given, history reasons,
// names) hold because those fields are null or empty for readers who may not see them.
import { type Static, Type } from 'typebox';
import { Count, Id, IsoDate, JurisdictionCode, Nullable, Text } from './schemas.js';

export const APPLICATION_STATUSES = ['waiting', 'offered', 'accepted', 'admitted', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const OFFER_STATUSES = ['active', 'accepted', 'declined', 'expired', 'withdrawn', 'admitted'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Tier = Type.Integer({ minimum: 0, maximum: 99 });
const StatusLabel = Text(50);
const TierLabel = Text(100);
const Line = Text(1000);

// ---- Requests

export const ApplyBody = Type.Object(
  {
    elderId: Id,
    organisationIds: Type.Array(Id, {
      minItems: 1,
      maxItems: 5,
      description: 'public institutions, in the applicant’s order of preference',
    }),
    appliedOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type ApplyBody = Static<typeof ApplyBody>;
export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const AnswerBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export const ApplicationQuery = Type.Object({
  status: Type.Optional(Type.Enum(APPLICATION_STATUSES)),
  district: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});
export type ApplicationQuery = Static<typeof ApplicationQuery>;

// ---- Responses

/** One application as its reader may see it (waitlist-views.ts getApplication). */
export const WaitlistApplication = Type.Object({
  id: Id,
  elderId: Id,
  /** Null for a reader outside the elder's registry scope (the officer of a chosen institution elsewhere). */
  elderName: Nullable(Text(50)),
  appliedOn: IsoDate,
  queuedAt: Instant,
  status: Type.Enum(APPLICATION_STATUSES),
  statusLabel: StatusLabel,
  eligible: Type.Boolean(),
  tier: Tier,
  /** Why the tier was given: null, like `reasons` empty, for a reader outside the elder's scope. */
  tierLabel: Nullable(TierLabel),
  reasons: Type.Array(Line, { maxItems: 50 }),
  policyVersion: Text(60),
  declineCount: Count,
  declinesBeforeBack: Count,
  offerValidHours: Type.Integer({ minimum: 1, maximum: 10_000 }),
  choices: Type.Array(
    Type.Object({
      organisationId: Id,
      name: Text(100),
      districtCode: JurisdictionCode,
      /** Place in the institution's queue; null unless waiting and eligible. */
      position: Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
      aheadHigherTier: Count,
      aheadSameTier: Count,
      queueLength: Count,
    }),
    { maxItems: 5 },
  ),
  offers: Type.Array(
    Type.Object({
      id: Id,
      organisationId: Id,
      organisationName: Text(100),
      bedId: Id,
      bedLabel: Text(30),
      bedTypeLabel: Text(50),
      status: Type.Enum(OFFER_STATUSES),
      statusLabel: StatusLabel,
      offeredAt: Instant,
      expiresAt: Instant,
      respondedAt: Nullable(Instant),
    }),
    { maxItems: 1000 },
  ),
  /** The history; `reason` is null for a reader outside the elder's scope. */
  events: Type.Array(Type.Object({ at: Instant, kind: Text(40), reason: Nullable(Line) }), { maxItems: 10_000 }),
  /** The place and why, in sentences the family reads. */
  explanation: Type.Array(Line, { maxItems: 100 }),
});
export type WaitlistApplication = Static<typeof WaitlistApplication>;
export const WaitlistApplications = Type.Array(WaitlistApplication, { maxItems: 20 });

export const ApplicationListItem = Type.Object({
  id: Id,
  elderId: Id,
  elderName: Text(50),
  status: Type.Enum(APPLICATION_STATUSES),
  statusLabel: StatusLabel,
  eligible: Type.Boolean(),
  tier: Tier,
  tierLabel: TierLabel,
  appliedOn: IsoDate,
  declineCount: Count,
  districtCode: JurisdictionCode,
});
export type ApplicationListItem = Static<typeof ApplicationListItem>;
export const ApplicationList = Type.Object({
  total: Count,
  page: Type.Integer({ minimum: 1, maximum: 10_000 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200 }),
  items: Type.Array(ApplicationListItem, { maxItems: 200 }),
});
export type ApplicationList = Static<typeof ApplicationList>;

export const QueueItem = Type.Object({
  applicationId: Id,
  elderId: Id,
  /** Officers: through their registry scope; the institution's staff: only for holders of its beds. */
  elderName: Nullable(Text(50)),
  /** Offer order among those waiting; null for holders of an offer and the ineligible. */
  position: Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
  status: Type.Enum(APPLICATION_STATUSES),
  statusLabel: StatusLabel,
  eligible: Type.Boolean(),
  tier: Tier,
  /** Shown only beside a name the reader may see. */
  tierLabel: Nullable(TierLabel),
  appliedOn: IsoDate,
  queuedAt: Instant,
  declineCount: Count,
  offer: Nullable(
    Type.Object({
      id: Id,
      /** Whether the offered bed is this institution's. */
      here: Type.Boolean(),
      status: Type.Enum(OFFER_STATUSES),
      bedLabel: Nullable(Text(30)),
      expiresAt: Nullable(Instant),
    }),
  ),
});
export type QueueItem = Static<typeof QueueItem>;
export const InstitutionQueue = Type.Object({
  organisationId: Id,
  name: Text(100),
  items: Type.Array(QueueItem, { maxItems: 10_000 }),
});
export type InstitutionQueue = Static<typeof InstitutionQueue>;

export const ExpiredOffers = Type.Object({ expired: Count });

// The rules as served: a condition holds one level of `anyOf` (waitlist-policy.ts refuses deeper ones).
const ConditionFields = {
  label: Type.Optional(Text(200)),
  flags: Type.Optional(Type.Array(Text(40), { maxItems: 50 })),
  minLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  minAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
};
const Condition = Type.Object({
  ...ConditionFields,
  anyOf: Type.Optional(Type.Array(Type.Object(ConditionFields), { maxItems: 50 })),
});
export const WaitlistPolicyView = Type.Object({
  version: Text(60),
  jurisdiction: JurisdictionCode,
  effectiveFrom: IsoDate,
  source: Text(1000),
  appliesToOwnership: Type.Array(Text(40), { maxItems: 20 }),
  offerValidHours: Type.Integer({ minimum: 1, maximum: 10_000 }),
  declines: Type.Object({ sendToBackAfter: Count, expiryCountsAsDecline: Type.Boolean() }),
  eligibility: Type.Object({
    minAge: Type.Integer({ minimum: 0, maximum: 200 }),
    anyOf: Type.Array(Condition, { maxItems: 50 }),
    otherwise: Text(1000),
  }),
  tiers: Type.Array(Type.Object({ tier: Tier, label: TierLabel, when: Condition }), { maxItems: 100 }),
});
export const WaitlistPolicies = Type.Array(WaitlistPolicyView, { maxItems: 1000 });

// The institutions an applicant may choose (public ones that allocate beds through the list).
export const AdmissionChoicesQuery = Type.Object({ elderId: Id });
export const AdmissionChoice = Type.Object({
  id: Id,
  name: Text(200),
  ownershipLabel: Nullable(Text(40)),
  districtCode: JurisdictionCode,
  districtName: Nullable(Text(100)),
  address: Nullable(Text(500)),
  /** Beds free today; a full home still takes applications. */
  freeBeds: Count,
  /** In the elder's own district (listed first). */
  ownDistrict: Type.Boolean(),
});
export const AdmissionChoices = Type.Array(AdmissionChoice, { maxItems: 500 });
export type AdmissionChoices = Static<typeof AdmissionChoices>;
