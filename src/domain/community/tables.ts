// Tables of the community domain, as Kysely sees them (migrations 0070–0079).
import type { Generated } from 'kysely';
import type { DateString, Timestamp } from '../../db/foundation-tables.js';

export const POLICY_KEYS = [
  'homeCareBed.eligibility',
  'meals.subsidy',
  'visits.frequency',
  'homeAdaptation.subsidy',
  'homeCareBed.planHorizon',
] as const;
export type CommunityPolicyKey = (typeof POLICY_KEYS)[number];

export interface CommunityPolicyValuesTable {
  id: Generated<number>;
  key: CommunityPolicyKey;
  jurisdiction_code: string;
  effective_from: DateString;
  effective_to: DateString | null;
  value: unknown;
  source: string;
  created_at: Timestamp;
}

export const BED_STATUSES = ['applied', 'assessed', 'accepted', 'contracted', 'closed'] as const;
export type BedStatus = (typeof BED_STATUSES)[number];
export const BED_ACTIONS = ['apply', 'assess', 'accept', 'contract', 'close'] as const;
export type BedAction = (typeof BED_ACTIONS)[number];
export const CLOSE_REASONS = ['death', 'admitted', 'moved_away', 'withdrawn'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export interface HomeCareBedsTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  community_code: string;
  status: Generated<BedStatus>;
  retrofit_done: boolean;
  eligibility_level: number;
  eligibility_assessment_id: number;
  applied_on: DateString;
  building_organisation_id: number | null;
  provider_organisation_id: number | null;
  service_plan: unknown;
  family_sickbed_ref: string | null;
  enrolment_id: number | null;
  close_reason: CloseReason | null;
  closed_on: DateString | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HomeCareBedEventsTable {
  id: Generated<number>;
  bed_id: number;
  district_code: string;
  action: BedAction;
  from_status: BedStatus | null;
  to_status: BedStatus;
  on_date: DateString;
  details: unknown;
  user_id: number | null;
  at: Timestamp;
}

export interface HomeCareBedGrantsTable {
  id: Generated<number>;
  bed_id: number;
  elder_id: number;
  organisation_id: number;
  district_code: string;
  amount_fen: number;
  policy_version_id: number;
  transfer_id: number;
  paid_on: DateString;
  created_at: Timestamp;
}

/** An item of a bed's service plan (服务计划): a catalogue item on ISO weekdays at a start time. */
export interface HomeCareBedPlanItemsTable {
  id: Generated<number>;
  bed_id: number;
  district_code: string;
  organisation_id: number;
  item_code: string;
  weekdays: number[];
  start_time: string;
  duration_minutes: number;
  note: string | null;
  active_from: DateString;
  ended_on: DateString | null;
  created_by: number;
  created_at: Timestamp;
}

/** A home-care order generated from a plan item for one day (one at most). */
export interface HomeCareBedPlanOrdersTable {
  plan_item_id: number;
  service_date: DateString;
  bed_id: number;
  order_id: number;
  created_at: Timestamp;
}

export const MEALS = ['breakfast', 'lunch', 'dinner'] as const;
export type Meal = (typeof MEALS)[number];
export const MEAL_POINT_KINDS = ['canteen', 'central_kitchen', 'community_point'] as const;
export type MealPointKind = (typeof MEAL_POINT_KINDS)[number];
export const CHECK_IN_METHODS = ['qr', 'face', 'delivery'] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];

export interface MealPointsTable {
  id: Generated<number>;
  name: string;
  kind: MealPointKind;
  organisation_id: number | null;
  community_code: string;
  district_code: string;
  address: string;
  lat: number | null;
  lng: number | null;
  hours: unknown;
  capacity: number;
  delivers: Generated<boolean>;
  active: Generated<boolean>;
  seed_key: string | null;
  created_at: Timestamp;
}

export interface MealMenusTable {
  id: Generated<number>;
  meal_point_id: number;
  served_on: DateString;
  meal: Meal;
  dishes: unknown;
  price_fen: number;
  updated_at: Timestamp;
}

export interface MealCheckInsTable {
  id: Generated<number>;
  meal_point_id: number;
  elder_id: number;
  district_code: string;
  served_on: DateString;
  meal: Meal;
  method: CheckInMethod;
  price_fen: number;
  subsidy_fen: number;
  copay_fen: number;
  setting_id: number | null;
  checked_in_by: number | null;
  at: Timestamp;
}

export const VISIT_METHODS = ['home', 'phone', 'video'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];
export const LIFE_EVENTS = ['hospital_discharge', 'institution_discharge', 'bereavement', 'alarm'] as const;
export type LifeEvent = (typeof LIFE_EVENTS)[number];
export const FOLLOW_UPS = ['assessment', 'homecare_order', 'device'] as const;
export type FollowUpKind = (typeof FOLLOW_UPS)[number];

export interface VisitTasksTable {
  id: Generated<number>;
  month: string;
  kind: Generated<'routine' | 'life_event'>;
  seq: number;
  elder_id: number;
  community_code: string;
  street_code: string;
  district_code: string;
  tier: string;
  reason: LifeEvent | null;
  due_on: DateString;
  assignee_user_id: number | null;
  status: Generated<'open' | 'done'>;
  method: VisitMethod | null;
  visited_on: DateString | null;
  findings: unknown;
  note: string | null;
  done_by: number | null;
  done_at: Date | string | null;
  created_at: Timestamp;
}

/** The risk items a visit may find, as data (migration 0073). */
export interface VisitRiskItemsTable {
  code: string;
  name_zh: string;
  name_en: string;
  follow_up: FollowUpKind | null;
  sort: number;
  active: Generated<boolean>;
}

export interface VisitFollowUpsTable {
  id: Generated<number>;
  task_id: number;
  finding_index: number;
  elder_id: number;
  community_code: string;
  district_code: string;
  kind: FollowUpKind;
  risk_item: string;
  note: string | null;
  status: Generated<'open' | 'done'>;
  opened_by: number | null;
  opened_at: Timestamp;
  closed_by: number | null;
  closed_at: string | null;
  close_note: string | null;
}

export interface MealSettlementsTable {
  id: Generated<number>;
  meal_point_id: number;
  month: string;
  organisation_id: number;
  district_code: string;
  meals: number;
  subsidy_fen: number;
  transfer_key: string;
  transfer_id: number;
  settled_by: number | null;
  settled_at: Timestamp;
}

export const ADAPTATION_STATUSES = ['applied', 'assessed', 'contracted', 'accepted', 'cancelled'] as const;
export type AdaptationStatus = (typeof ADAPTATION_STATUSES)[number];

export interface HomeAdaptationItemsTable {
  code: string;
  name_zh: string;
  name_en: string;
  unit_zh: string;
  unit_en: string;
  unit_cap_fen: number;
  sort: number;
  active: Generated<boolean>;
}

export interface HomeAdaptationProjectsTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  street_code: string;
  community_code: string;
  status: Generated<AdaptationStatus>;
  tier: string;
  setting_id: number;
  share_pct: number;
  cap_fen: number;
  applied_on: DateString;
  assessed_on: DateString | null;
  assessment_note: string | null;
  contractor_organisation_id: number | null;
  contracted_on: DateString | null;
  cost_fen: Generated<number>;
  subsidy_fen: Generated<number>;
  accepted_on: DateString | null;
  acceptance_note: string | null;
  photos: Generated<unknown>;
  /** The ledger posting of the subsidy to the contractor, made on acceptance. */
  subsidy_transfer_id: number | null;
  subsidy_paid_on: DateString | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HomeAdaptationProjectItemsTable {
  id: Generated<number>;
  project_id: number;
  item_code: string;
  quantity: number;
  unit_cost_fen: number;
  total_fen: number;
}

export interface CommunityTables {
  community_policy_values: CommunityPolicyValuesTable;
  home_care_beds: HomeCareBedsTable;
  home_care_bed_events: HomeCareBedEventsTable;
  home_care_bed_grants: HomeCareBedGrantsTable;
  home_care_bed_plan_items: HomeCareBedPlanItemsTable;
  home_care_bed_plan_orders: HomeCareBedPlanOrdersTable;
  meal_points: MealPointsTable;
  meal_menus: MealMenusTable;
  meal_check_ins: MealCheckInsTable;
  visit_tasks: VisitTasksTable;
  visit_risk_items: VisitRiskItemsTable;
  visit_follow_ups: VisitFollowUpsTable;
  meal_settlements: MealSettlementsTable;
  home_adaptation_items: HomeAdaptationItemsTable;
  home_adaptation_projects: HomeAdaptationProjectsTable;
  home_adaptation_project_items: HomeAdaptationProjectItemsTable;
}
