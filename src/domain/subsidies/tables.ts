// Tables of the subsidies domain (migrations 0022, 0050).
import type { Generated } from 'kysely';
import type { DateString, Timestamp } from '../../db/foundation-tables.js';

export const ENROLMENT_PROGRAMMES = ['institutionalCare.nursingSubsidy', 'homeCareBed.monthlyNursing'] as const;
export type EnrolmentProgramme = (typeof ENROLMENT_PROGRAMMES)[number];

export interface SubsidyEnrolmentsTable {
  id: Generated<number>;
  programme: EnrolmentProgramme;
  elder_id: number;
  district_code: string;
  organisation_id: number | null;
  facts: unknown;
  policy_version_id: number;
  effective_from: DateString;
  effective_to: DateString | null;
  created_by: number | null;
  created_at: Timestamp;
  ended_by: number | null;
}

export interface SubsidyAwardsTable {
  id: Generated<number>;
  programme: 'homeCareBed.oneTimeGrant';
  elder_id: number;
  organisation_id: number;
  district_code: string;
  enrolment_id: number | null;
  amount_fen: number;
  due_on: DateString;
  policy_version_id: number;
  created_by: number | null;
  created_at: Timestamp;
}

export interface SubsidyRunsTable {
  id: Generated<number>;
  month: string;
  jurisdiction_code: string;
  policy_known_at: Timestamp;
  created_by: number | null;
  created_at: Timestamp;
  /** Who computed the current preview (migration 0050): like created_by, barred from approving it. */
  previewed_by: number | null;
}

export interface ProgrammeSummary {
  programme: string;
  count: number;
  totalFen: number;
  previousCount: number;
  previousTotalFen: number;
  note?: string;
}

export interface SubsidyRunDistrictsTable {
  run_id: number;
  district_code: string;
  item_count: number;
  total_fen: number;
  previous_count: number;
  previous_total_fen: number;
  by_programme: ProgrammeSummary[];
  computed_at: Timestamp;
  approved_by: number | null;
  approved_at: Date | null;
  posted_at: Date | null;
  posted_count: number | null;
  posted_total_fen: number | null;
}

export interface SubsidyRunItemsTable {
  run_id: number;
  district_code: string;
  programme: string;
  beneficiary_type: 'elder' | 'caregiver' | 'organisation';
  beneficiary_id: number;
  payer: 'district' | 'city';
  jurisdiction_code: string;
  amount_fen: number;
  policy_version_id: number;
  subject: string;
}

export interface SubsidyTables {
  subsidy_enrolments: SubsidyEnrolmentsTable;
  subsidy_awards: SubsidyAwardsTable;
  subsidy_runs: SubsidyRunsTable;
  subsidy_run_districts: SubsidyRunDistrictsTable;
  subsidy_run_items: SubsidyRunItemsTable;
}
