// Tables of migrations 0030 (institutions, beds, residents) and 0031 (admission waiting list).
import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from '../../db/foundation-tables.js';

export interface InstitutionProfilesTable {
  organisation_id: number;
  district_code: string;
  is_township_home: Generated<boolean>;
  medical_mode: Generated<'none' | 'in_house' | 'partner_hospital'>;
  medical_unit_name: string | null;
  partner_hospital: string | null;
  partner_from: DateString | null;
  partner_to: DateString | null;
  has_rehab_room: Generated<boolean>;
  has_dementia_unit: Generated<boolean>;
  phone: string | null;
  updated_at: Timestamp;
}

/** numeric columns read back as strings on both engines (see engine.ts). */
type Numeric = ColumnType<string, number | string, number | string>;
/** A timestamptz the application always sets itself (clock passed in, so tests can move time). */
type Instant = ColumnType<Date, Date | string, Date | string>;

export interface InstitutionStarRatingsTable {
  id: Generated<number>;
  organisation_id: number;
  district_code: string;
  evaluated_on: DateString;
  valid_until: DateString;
  score_environment: Numeric;
  score_facilities: Numeric;
  score_operations: Numeric;
  score_service: Numeric;
  total: Numeric;
  star: number;
  scale_version: string;
  evaluator: string | null;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface BedsTable {
  id: Generated<number>;
  organisation_id: number;
  district_code: string;
  label: string;
  bed_type: 'medical_care' | 'elderly_care' | 'dementia' | 'ordinary';
  status: Generated<'free' | 'occupied' | 'reserved' | 'out_of_service'>;
  status_changed_at: Timestamp;
  vacated_at: Timestamp;
  created_at: Timestamp;
}

export interface ResidenciesTable {
  id: Generated<number>;
  elder_id: number;
  organisation_id: number;
  district_code: string;
  bed_id: number;
  admitted_on: DateString;
  placement: Generated<'direct' | 'waiting_list' | 'official_placement'>;
  offer_id: number | null;
  discharged_on: DateString | null;
  discharge_reason: string | null;
  discharge_note: string | null;
  admitted_by: number | null;
  discharged_by: number | null;
  created_at: Timestamp;
}

export interface ResidencyBedMovesTable {
  id: Generated<number>;
  residency_id: number;
  district_code: string;
  from_bed_id: number;
  to_bed_id: number;
  moved_on: DateString;
  reason: string;
  moved_by: number | null;
  created_at: Timestamp;
}

export interface AdmissionSafetyAssessmentsTable {
  id: Generated<number>;
  residency_id: number;
  elder_id: number;
  organisation_id: number;
  district_code: string;
  assessed_on: DateString;
  assessor_name: string;
  choking: number;
  wrong_intake: number;
  pressure_sore: number;
  scald: number;
  bed_fall: number;
  fall: number;
  injury: number;
  wandering: number;
  activity_accident: number;
  notes: string | null;
  created_at: Timestamp;
}

export interface WaitlistApplicationsTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  applied_on: DateString;
  queued_at: Instant;
  status: Generated<'waiting' | 'offered' | 'accepted' | 'admitted' | 'withdrawn'>;
  eligible: boolean;
  priority_tier: number;
  priority_label: string;
  priority_reasons: unknown;
  policy_version: string;
  decline_count: Generated<number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WaitlistChoicesTable {
  application_id: number;
  organisation_id: number;
  district_code: string;
}

export interface BedOffersTable {
  id: Generated<number>;
  application_id: number;
  elder_id: number;
  bed_id: number;
  organisation_id: number;
  district_code: string;
  status: Generated<'active' | 'accepted' | 'declined' | 'expired' | 'withdrawn' | 'admitted'>;
  offered_at: Instant;
  expires_at: Instant;
  responded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  response_note: string | null;
  offered_by: number | null;
}

export interface WaitlistEventsTable {
  id: Generated<number>;
  application_id: number;
  district_code: string;
  at: Timestamp;
  kind: string;
  reason: string;
  detail: unknown;
  actor_id: number | null;
}

/** Maintained by the beds trigger of migration 0033: live counts per institution, type and status. */
export interface BedCountsTable {
  organisation_id: number;
  district_code: string;
  bed_type: string;
  status: string;
  n: number;
}

export interface InstitutionTables {
  bed_counts: BedCountsTable;
  institution_profiles: InstitutionProfilesTable;
  institution_star_ratings: InstitutionStarRatingsTable;
  beds: BedsTable;
  residencies: ResidenciesTable;
  residency_bed_moves: ResidencyBedMovesTable;
  admission_safety_assessments: AdmissionSafetyAssessmentsTable;
  waitlist_applications: WaitlistApplicationsTable;
  waitlist_choices: WaitlistChoicesTable;
  bed_offers: BedOffersTable;
  waitlist_events: WaitlistEventsTable;
}
