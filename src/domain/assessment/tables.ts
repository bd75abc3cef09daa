// Tables of migration 0010 (capability assessment) as Kysely sees them.
import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from '../../db/foundation-tables.js';

type Json<T = unknown> = ColumnType<T, string, string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export interface AssessmentRuleVersionsTable {
  version: string;
  standard: string;
  rules: Json;
  source: string | null;
  active: Generated<boolean>;
  activated_at: Date | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface AssessorQualificationsTable {
  id: Generated<number>;
  user_id: number;
  district_code: string;
  certificate_no: string;
  issuer: string | null;
  issued_on: DateString;
  expires_on: DateString;
  revoked_on: DateString | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface AssessorConflictsTable {
  id: Generated<number>;
  user_id: number;
  kind: 'relative' | 'employer' | 'other';
  elder_id: number | null;
  organisation_id: number | null;
  district_code: string;
  note: string | null;
  declared_by: number | null;
  declared_at: Timestamp;
}

export type TaskReason = 'application' | 'condition_change' | 'scheduled';
export type RequesterKind = 'elder' | 'family' | 'officer' | 'schedule';
export type TaskStatus = 'open' | 'assigned' | 'completed' | 'cancelled';

export interface AssessmentTasksTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  reason: TaskReason;
  requester_kind: RequesterKind;
  requested_by: number | null;
  institution_id: number | null;
  note: string | null;
  status: Generated<TaskStatus>;
  assessor_1_id: number | null;
  assessor_2_id: number | null;
  assigned_by: number | null;
  assigned_at: Date | null;
  due_on: DateString | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type AssessmentStatus = 'draft' | 'submitted' | 'signed';

export interface AssessmentsTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  task_id: number | null;
  standard: Generated<string>;
  status: Generated<AssessmentStatus>;
  revision: Generated<number>;
  supersedes_id: number | null;
  correction_note: string | null;
  items: ColumnType<Record<string, number>, string | undefined, string>;
  coma: Generated<boolean>;
  diagnoses: ColumnType<string[], string[] | undefined, string[]>;
  risk_fall: Generated<number>;
  risk_wandering: Generated<number>;
  risk_choking: Generated<number>;
  risk_self_harm: Generated<number>;
  risk_other: Generated<number>;
  score_b1: number | null;
  score_b2: number | null;
  score_b3: number | null;
  score_b4: number | null;
  total: number | null;
  rules_version: string | null;
  preliminary_level: number | null;
  final_level: number | null;
  reason_codes: string[] | null;
  rehab_needs: NullableJson;
  fitness: NullableJson;
  assessed_on: DateString | null;
  place: string | null;
  assessor_1_id: number | null;
  assessor_2_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Date | null;
  signed_at: Date | null;
}

export interface AssessmentSignaturesTable {
  id: Generated<number>;
  assessment_id: number;
  elder_id: number;
  district_code: string;
  revision: number;
  user_id: number;
  signer_name: string;
  certificate_no: string;
  content_hash: string;
  signed_at: Timestamp;
}

export interface AssessmentLevelsTable {
  assessment_id: number;
  rules_version: string;
  elder_id: number;
  district_code: string;
  preliminary_level: number;
  final_level: number;
  reason_codes: string[];
  derived_at: Timestamp;
}

export interface CognitiveCutoffVersionsTable {
  version: string;
  cutoffs: Json;
  source: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export type Instrument = 'AD8' | 'Mini-Cog' | 'MMSE' | 'MoCA';
export type EducationLevel = 'illiterate' | 'primary' | 'secondary_or_more';

export interface CognitiveScreensTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  assessment_id: number | null;
  instrument: Instrument;
  answers: Json;
  raw_score: number;
  score: number;
  education_years: number | null;
  education_level: EducationLevel | null;
  cutoffs_version: string;
  positive: boolean;
  screened_on: DateString;
  screened_by: number | null;
  created_at: Timestamp;
}

export interface CognitiveReferralTasksTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  screen_id: number;
  kind: Generated<string>;
  status: Generated<'open' | 'done' | 'cancelled'>;
  outcome: string | null;
  created_at: Timestamp;
  closed_at: Date | null;
  closed_by: number | null;
}

export interface LegacyAssessmentsTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  standard: 'MZ/T 039-2013';
  assessed_on: DateString;
  adl_items: NullableJson<Record<string, number>>;
  adl_score: number | null;
  adl_grade: number | null;
  mental_grade: number | null;
  perception_grade: number | null;
  social_grade: number | null;
  level: number;
  source: string;
  external_id: string;
  imported_by: number | null;
  created_at: Timestamp;
}

export interface RecheckDrawsTable {
  id: Generated<number>;
  district_code: string;
  month: string;
  /** numeric: read back as a string on both engines. */
  share: ColumnType<string, number | string, number | string>;
  seed: number;
  algorithm: string;
  population: number;
  population_hash: string;
  drawn: number;
  drawn_by: number | null;
  created_at: Timestamp;
}

export interface RecheckItemsTable {
  id: Generated<number>;
  draw_id: number;
  assessment_id: number;
  elder_id: number;
  district_code: string;
  draw_position: number;
  recheck_assessor_id: number | null;
  status: 'unassigned' | 'assigned' | 'done';
  original_total: number;
  original_level: number;
  original_rules_version: string;
  input: NullableJson;
  total: number | null;
  final_level: number | null;
  rescored_at: Date | null;
}

export interface AssessmentReviewsTable {
  id: Generated<number>;
  recheck_item_id: number;
  assessment_id: number;
  elder_id: number;
  district_code: string;
  level_difference: number;
  total_difference: number;
  status: Generated<'open' | 'closed'>;
  outcome: string | null;
  created_at: Timestamp;
  closed_at: Date | null;
  closed_by: number | null;
}

export interface AssessmentTables {
  assessment_rule_versions: AssessmentRuleVersionsTable;
  assessor_qualifications: AssessorQualificationsTable;
  assessor_conflicts: AssessorConflictsTable;
  assessment_tasks: AssessmentTasksTable;
  assessments: AssessmentsTable;
  assessment_signatures: AssessmentSignaturesTable;
  assessment_levels: AssessmentLevelsTable;
  cognitive_cutoff_versions: CognitiveCutoffVersionsTable;
  cognitive_screens: CognitiveScreensTable;
  cognitive_referral_tasks: CognitiveReferralTasksTable;
  legacy_assessments: LegacyAssessmentsTable;
  recheck_draws: RecheckDrawsTable;
  recheck_items: RecheckItemsTable;
  assessment_reviews: AssessmentReviewsTable;
}
