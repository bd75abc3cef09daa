// Response schemas of the assessment API: what each route answers, with the static types the
// services return and the web pages import. The serializer drops every field not declared here.
import { type Static, type TSchema, Type } from 'typebox';
import { Dimensions, Nullable, Reason, RehabNeeds, ScoreResult } from './schemas.js';

const Id = Type.Integer();
const Text = Type.Object({ zh: Type.String(), en: Type.String() });
const Person = Type.Object({ id: Id, name: Type.String() });
const list = <T extends TSchema>(t: T) => Type.Array(t);

export const RISK_KIND_VALUES = ['fall', 'wandering', 'choking', 'selfHarm', 'other'] as const;
const RiskEventCounts = Type.Object({
  fall: Type.Integer(),
  wandering: Type.Integer(),
  choking: Type.Integer(),
  selfHarm: Type.Integer(),
  other: Type.Integer(),
});

// --- the scale and the rules ----------------------------------------------------------------

const DimensionCode = Type.Enum(['B.1', 'B.2', 'B.3', 'B.4']);
const ScaleOption = Type.Object({ score: Type.Integer(), zh: Type.String(), en: Type.String() });
export const ScaleView = Type.Object({
  standard: Type.String(),
  dimensions: list(Type.Object({ code: DimensionCode, zh: Type.String(), en: Type.String(), max: Type.Integer() })),
  items: list(
    Type.Object({
      code: Type.String(),
      dimension: DimensionCode,
      zh: Type.String(),
      en: Type.String(),
      options: list(ScaleOption),
    }),
  ),
  riskKinds: list(Type.Object({ kind: Type.Enum(RISK_KIND_VALUES), zh: Type.String(), en: Type.String() })),
});
export type ScaleView = Static<typeof ScaleView>;

export const LevelRulesView = Type.Object({
  version: Type.String(),
  standard: Type.String(),
  bands: list(
    Type.Object({
      level: Type.Integer(),
      min: Type.Integer(),
      max: Type.Integer(),
      zh: Type.String(),
      en: Type.String(),
    }),
  ),
  comaLevel: Type.Integer(),
  maxLevel: Type.Integer(),
  raise: Type.Object({
    diagnosisRanges: list(
      Type.Object({ from: Type.String(), to: Type.String(), kind: Type.Enum(['dementia', 'psychiatric']) }),
    ),
    riskEventThreshold: Type.Integer(),
    riskEventCounting: Type.Enum(['across_kinds', 'per_kind']),
  }),
});

export const RulesVersionView = Type.Object({
  version: Type.String(),
  rules: LevelRulesView,
  source: Nullable(Type.String()),
  active: Type.Boolean(),
  activatedAt: Nullable(Type.String()),
});
export type RulesVersionView = Static<typeof RulesVersionView>;
export const RulesVersionAdded = Type.Object({ version: Type.String(), derived: Type.Integer() });

// --- assessors --------------------------------------------------------------------------------

export const QualificationView = Type.Object({
  id: Id,
  userId: Id,
  username: Type.String(),
  displayName: Type.String(),
  districtCode: Type.String(),
  certificateNo: Type.String(),
  issuer: Nullable(Type.String()),
  issuedOn: Type.String(),
  expiresOn: Type.String(),
  revokedOn: Nullable(Type.String()),
  validToday: Type.Boolean(),
});
export type QualificationView = Static<typeof QualificationView>;
export const Created = Type.Object({ id: Id });

// --- tasks ------------------------------------------------------------------------------------

export const TaskView = Type.Object({
  id: Id,
  elderId: Id,
  elderName: Type.String(),
  districtCode: Type.String(),
  reason: Type.Enum(['application', 'condition_change', 'scheduled']),
  requesterKind: Type.Enum(['elder', 'family', 'officer', 'schedule']),
  status: Type.Enum(['open', 'assigned', 'completed', 'cancelled']),
  institutionId: Nullable(Id),
  note: Nullable(Type.String()),
  dueOn: Nullable(Type.String()),
  assessors: list(Person),
  assessmentId: Nullable(Id),
  createdAt: Type.String(),
});
export type TaskView = Static<typeof TaskView>;
export const ScheduleResult = Type.Object({ created: Type.Integer() });

// --- assessments ------------------------------------------------------------------------------

export const AssessmentResult = Type.Object({
  total: Type.Integer(),
  dimensions: Dimensions,
  preliminaryLevel: Type.Integer(),
  finalLevel: Type.Integer(),
  levelName: Text,
  reasons: list(Reason),
  rulesVersion: Type.String(),
});
export type AssessmentResult = Static<typeof AssessmentResult>;

export const SignatureView = Type.Object({
  userId: Id,
  name: Type.String(),
  certificateNo: Type.String(),
  signedAt: Type.String(),
  contentHash: Type.String(),
});
export type SignatureView = Static<typeof SignatureView>;

export const AssessmentView = Type.Object({
  id: Id,
  elderId: Id,
  elderName: Type.String(),
  districtCode: Type.String(),
  taskId: Nullable(Id),
  standard: Type.String(),
  status: Type.Enum(['draft', 'submitted', 'signed']),
  revision: Type.Integer(),
  supersedesId: Nullable(Id),
  correctionNote: Nullable(Type.String()),
  supersededById: Nullable(Id),
  items: Type.Record(Type.String(), Type.Integer()),
  coma: Type.Boolean(),
  diagnoses: list(Type.String()),
  riskEvents30d: RiskEventCounts,
  result: Nullable(AssessmentResult),
  rehabNeeds: Nullable(RehabNeeds),
  fitness: Nullable(Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]))),
  assessedOn: Nullable(Type.String()),
  place: Nullable(Type.String()),
  assessors: list(Person),
  signatures: list(SignatureView),
  createdAt: Type.String(),
  submittedAt: Nullable(Type.String()),
  signedAt: Nullable(Type.String()),
});
export type AssessmentView = Static<typeof AssessmentView>;

// --- history, levels, statistics, old results -------------------------------------------------

export const CurrentLevelView = Type.Object({
  level: Type.Integer(),
  preliminaryLevel: Type.Integer(),
  assessmentId: Id,
  rulesVersion: Type.String(),
  assessedOn: Type.String(),
  signedAt: Type.String(),
  levelName: Text,
});

export const HistoryEntry = Type.Object({
  id: Id,
  standard: Type.String(),
  status: Type.Enum(['draft', 'submitted', 'signed']),
  assessedOn: Nullable(Type.String()),
  total: Nullable(Type.Integer()),
  preliminaryLevel: Nullable(Type.Integer()),
  finalLevel: Nullable(Type.Integer()),
  rulesVersion: Nullable(Type.String()),
  levelUnderActiveRules: Nullable(Type.Integer()),
  supersedesId: Nullable(Id),
  supersededById: Nullable(Id),
  correctionNote: Nullable(Type.String()),
  signedAt: Nullable(Type.String()),
});
export type HistoryEntry = Static<typeof HistoryEntry>;

export const LegacyEntry = Type.Object({
  id: Id,
  standard: Type.String(),
  assessedOn: Type.String(),
  level: Type.Integer(),
  levelName: Text,
  adlScore: Nullable(Type.Integer()),
  source: Type.String(),
});
export type LegacyEntry = Static<typeof LegacyEntry>;

export const HistoryView = Type.Object({
  elderId: Id,
  current: Nullable(CurrentLevelView),
  assessments: list(HistoryEntry),
  legacy: list(LegacyEntry),
});
export type HistoryView = Static<typeof HistoryView>;

export const LevelView = Type.Object({ elderId: Id, standard: Type.String(), current: Nullable(CurrentLevelView) });
export type LevelView = Static<typeof LevelView>;

const DistrictCounts = Type.Object({
  districtCode: Type.String(),
  levels: list(Type.Integer()),
  total: Type.Integer(),
});
export const LevelStatistics = Type.Object({
  current: Type.Object({
    standard: Type.String(),
    rulesVersion: Type.String(),
    levels: list(Type.Object({ level: Type.Integer(), zh: Type.String(), en: Type.String() })),
    byDistrict: list(DistrictCounts),
  }),
  legacyOnly: Type.Object({ standard: Type.String(), note: Text, byDistrict: list(DistrictCounts) }),
});
export type LevelStatistics = Static<typeof LevelStatistics>;

export const LegacyImported = Type.Object({ imported: Type.Integer(), skipped: Type.Integer() });

// --- cognitive screening ----------------------------------------------------------------------

const Instrument = Type.Enum(['AD8', 'Mini-Cog', 'MMSE', 'MoCA']);
const EducationLevel = Type.Enum(['illiterate', 'primary', 'secondary_or_more']);

export const CutoffsView = Type.Object({
  version: Type.String(),
  AD8: Type.Object({ positiveAtLeast: Type.Number() }),
  'Mini-Cog': Type.Object({ positiveAtMost: Type.Number() }),
  MMSE: Type.Object({
    positiveAtMost: Type.Object({
      illiterate: Type.Number(),
      primary: Type.Number(),
      secondary_or_more: Type.Number(),
    }),
  }),
  MoCA: Type.Object({ normalAtLeast: Type.Number(), educationBonusUpToYears: Type.Number(), bonus: Type.Number() }),
});
export const InstrumentsView = Type.Object({
  instruments: list(Instrument),
  ad8Items: list(Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String() })),
  cutoffs: CutoffsView,
});
export type InstrumentsView = Static<typeof InstrumentsView>;

export const ScreenView = Type.Object({
  id: Id,
  elderId: Id,
  instrument: Instrument,
  rawScore: Type.Number(),
  score: Type.Number(),
  positive: Type.Boolean(),
  educationLevel: Nullable(EducationLevel),
  educationYears: Nullable(Type.Number()),
  cutoffsVersion: Type.String(),
  interpretation: Text,
  screenedOn: Type.String(),
  answers: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
  referralTaskId: Nullable(Id),
});
export type ScreenView = Static<typeof ScreenView>;

const ReferralStatus = Type.Enum(['open', 'done', 'cancelled']);
export const ReferralView = Type.Object({
  id: Id,
  elderId: Id,
  elderName: Type.String(),
  districtCode: Type.String(),
  status: ReferralStatus,
  outcome: Nullable(Type.String()),
  instrument: Instrument,
  score: Type.Number(),
  screenedOn: Type.String(),
  createdAt: Type.String(),
});
export type ReferralView = Static<typeof ReferralView>;
export const ReferralClosed = Type.Object({ id: Id, status: ReferralStatus, outcome: Type.String() });

// --- re-checks --------------------------------------------------------------------------------

const RecheckStatus = Type.Enum(['assigned', 'unassigned', 'done']);
export const DrawView = Type.Object({
  id: Id,
  districtCode: Type.String(),
  month: Type.String(),
  share: Type.Number(),
  seed: Type.Integer(),
  algorithm: Type.String(),
  population: Type.Integer(),
  populationHash: Type.String(),
  drawn: Type.Integer(),
  createdAt: Type.String(),
  items: list(
    Type.Object({
      id: Id,
      assessmentId: Id,
      elderId: Id,
      position: Type.Integer(),
      status: RecheckStatus,
      recheckAssessor: Nullable(Person),
    }),
  ),
});
export type DrawView = Static<typeof DrawView>;

export const DrawVerified = Type.Object({
  id: Id,
  seed: Type.Integer(),
  algorithm: Type.String(),
  populationUnchanged: Type.Boolean(),
  reproduced: Type.Boolean(),
  drawn: list(Id),
});

/** The re-checker's work list: whom to visit, never the first result. */
export const MyRecheck = Type.Object({
  id: Id,
  elderId: Id,
  elderName: Type.String(),
  communityCode: Type.String(),
  address: Type.String(),
  month: Type.String(),
  status: RecheckStatus,
  total: Nullable(Type.Integer()),
  finalLevel: Nullable(Type.Integer()),
});
export type MyRecheck = Static<typeof MyRecheck>;

export const RescoreOutcome = Type.Object({
  id: Id,
  total: Type.Integer(),
  finalLevel: Type.Integer(),
  original: Type.Object({ total: Type.Integer(), finalLevel: Type.Integer() }),
  reviewId: Nullable(Id),
});
export type RescoreOutcome = Static<typeof RescoreOutcome>;

const Agreement = {
  pairs: Type.Integer(),
  agreementRate: Nullable(Type.Number()),
  kappa: Nullable(Type.Number()),
  meanAbsTotalDifference: Nullable(Type.Number()),
};
export const AgreementRow = Type.Object(Agreement);
export type AgreementRow = Static<typeof AgreementRow>;

export const RecheckReport = Type.Object({
  month: Type.String(),
  rules: Type.Object({
    version: Type.String(),
    defaultShare: Type.Number(),
    reviewIfLevelDifferenceAtLeast: Type.Integer(),
    reviewIfTotalDifferenceAtLeast: Type.Integer(),
    outlierMinPairs: Type.Integer(),
    outlierAgreementBelow: Type.Number(),
  }),
  overall: AgreementRow,
  districts: list(
    Type.Object({
      districtCode: Type.String(),
      drawn: Type.Integer(),
      done: Type.Integer(),
      unassigned: Type.Integer(),
      ...Agreement,
      openReviews: Type.Integer(),
    }),
  ),
  assessors: list(Type.Object({ assessorId: Id, name: Type.String(), ...Agreement, outlier: Type.Boolean() })),
  outliers: list(
    Type.Object({
      recheckItemId: Id,
      assessmentId: Id,
      elderId: Id,
      districtCode: Type.String(),
      original: Type.Object({ total: Type.Integer(), level: Type.Integer() }),
      recheck: Type.Object({ total: Nullable(Type.Integer()), level: Nullable(Type.Integer()) }),
      reviewId: Nullable(Id),
    }),
  ),
});
export type RecheckReport = Static<typeof RecheckReport>;

const ReviewStatus = Type.Enum(['open', 'closed']);
export const ReviewView = Type.Object({
  id: Id,
  recheckItemId: Id,
  assessmentId: Id,
  elderId: Id,
  districtCode: Type.String(),
  levelDifference: Type.Integer(),
  totalDifference: Type.Integer(),
  status: ReviewStatus,
  outcome: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type ReviewView = Static<typeof ReviewView>;
export const ReviewClosed = Type.Object({ id: Id, status: Type.Literal('closed'), outcome: Type.String() });

export { ScoreResult };
