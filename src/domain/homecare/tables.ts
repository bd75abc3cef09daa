// Tables of the homecare domain, as Kysely sees them (migrations 0060–0069).
import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from '../../db/foundation-tables.js';

type Json<T> = ColumnType<T, string, string>;

export interface HomecareCatalogueItemsTable {
  id: Generated<number>;
  jurisdiction_code: string;
  code: string;
  version: number;
  name_zh: string;
  name_en: string;
  category: string;
  unit: 'visit' | 'hour' | 'meal';
  standard_minutes: number;
  checklist: Json<string[]>;
  required_certificates: ColumnType<string[], string[] | undefined, string[]>;
  effective_from: DateString;
  effective_to: DateString | null;
  created_at: Generated<Timestamp>;
}

export interface HomecareItemSubsidiesTable {
  id: Generated<number>;
  item_id: number;
  assessment_level: number | null;
  status_flag: string | null;
  subsidy_fen: number;
}

export interface HomecarePoliciesTable {
  id: Generated<number>;
  jurisdiction_code: string;
  version: number;
  effective_from: DateString;
  effective_to: DateString | null;
  accept_sla_hours: number;
  geofence_radius_m: number;
  max_accuracy_m: number;
  short_visit_pct: number;
  long_visit_pct: number;
  late_start_minutes: number;
  max_offline_hours: number;
  missing_checkout_grace_minutes: Generated<number>;
  max_travel_kmh: Generated<number>;
  complaint_response_hours: Generated<number>;
  hold_expiry_minutes: Generated<number>;
  offer_expiry_minutes: Generated<number>;
  created_at: Generated<Timestamp>;
}

/** 派单邀约: an order offered to one worker, open until answered or expired. */
export interface HomecareWorkerOffersTable {
  id: Generated<number>;
  order_id: number;
  organisation_id: number;
  worker_id: number;
  district_code: string;
  status: Generated<'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn'>;
  expires_at: Timestamp;
  offered_by: number | null;
  offered_at: Timestamp;
  answered_at: Timestamp | null;
  decline_code: string | null;
}

export interface HomecareCodesTable {
  kind: 'exception' | 'decline' | 'cancel' | 'exception_reason' | 'exception_resolution';
  code: string;
  name_zh: string;
  name_en: string;
}

export interface HomecareProvidersTable {
  organisation_id: number;
  district_code: string;
  licence_no: string | null;
  qualifications: ColumnType<string[], string[] | undefined, string[]>;
  phone: string | null;
  opening_hours: string | null;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface HomecareProviderStreetsTable {
  organisation_id: number;
  street_code: string;
}

export interface HomecareProviderItemsTable {
  id: Generated<number>;
  organisation_id: number;
  item_code: string;
  price_fen: number;
  active: Generated<boolean>;
  updated_at: Generated<Timestamp>;
}

export interface HomecareWorkerAccountsTable {
  user_id: number;
  worker_id: number;
  organisation_id: number;
  created_by: number | null;
  created_at: Generated<Timestamp>;
}

export type OrderStatus =
  | 'requested'
  | 'accepted'
  | 'declined'
  | 'assigned'
  | 'in_progress'
  | 'completed'
  | 'cancelled';

export interface HomecareOrdersTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  street_code: string;
  community_code: string;
  organisation_id: number;
  item_id: number;
  item_code: string;
  policy_id: number;
  scheduled_start: Timestamp;
  duration_minutes: number;
  note: string | null;
  price_fen: number;
  subsidy_fen: number;
  copay_fen: number;
  assessment_level: number | null;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  accept_due_at: Timestamp;
  accepted_at: Timestamp | null;
  declined_at: Timestamp | null;
  decline_code: string | null;
  decline_note: string | null;
  worker_id: number | null;
  assigned_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancelled_by: number | null;
  cancelled_role: string | null;
  cancel_code: string | null;
  cancel_note: string | null;
  placed_by: number;
  placed_role: string;
  hold_transfer_id: number | null;
  hold_status: ColumnType<HoldStatus, HoldStatus | undefined, HoldStatus>;
  hold_note: string | null;
  created_at: Generated<Timestamp>;
}

/** Where the order's subsidy stands on the ledger (payment.ts). */
export type HoldStatus = 'none' | 'unavailable' | 'held' | 'captured' | 'voided' | 'expired';

export interface HomecareOrderEventsTable {
  id: Generated<number>;
  order_id: number;
  at: Timestamp;
  action: string;
  user_id: number | null;
  role: string | null;
  code: string | null;
  note: string | null;
  detail: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export type VisitStatus = 'scheduled' | 'in_progress' | 'exception' | 'verified' | 'cancelled';

export interface HomecareVisitsTable {
  id: Generated<number>;
  order_id: number;
  organisation_id: number;
  elder_id: number;
  district_code: string;
  community_code: string;
  worker_id: number;
  item_id: number;
  service_code: string;
  scheduled_start: Timestamp;
  scheduled_minutes: number;
  status: ColumnType<VisitStatus, VisitStatus | undefined, VisitStatus>;
  home_lat: number | null;
  home_lng: number | null;
  check_in_at: Timestamp | null;
  check_in_received_at: Timestamp | null;
  check_in_lat: number | null;
  check_in_lng: number | null;
  check_in_accuracy_m: number | null;
  check_in_distance_m: number | null;
  check_out_at: Timestamp | null;
  check_out_received_at: Timestamp | null;
  check_out_lat: number | null;
  check_out_lng: number | null;
  check_out_accuracy_m: number | null;
  check_out_distance_m: number | null;
  confirmed_by: 'elder_code' | 'pin' | null;
  checklist: ColumnType<string[], string | undefined, string>;
  notes: string | null;
  verified_at: Timestamp | null;
  subsidy_fen: Generated<number>;
  payment_status: ColumnType<
    'none' | 'posted' | 'due',
    'none' | 'posted' | 'due' | undefined,
    'none' | 'posted' | 'due'
  >;
  payment_key: string | null;
  payment_note: string | null;
  auto_closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Generated<Timestamp>;
}

export interface HomecareVisitExceptionsTable {
  id: Generated<number>;
  visit_id: number;
  code: string;
  status: ColumnType<'open' | 'resolved', 'open' | 'resolved' | undefined, 'open' | 'resolved'>;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  raised_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by: number | null;
  reason_code: string | null;
  resolution_code: string | null;
  note: string | null;
}

export interface HomecareEvvCallsTable {
  client_id: string;
  visit_id: number;
  kind: 'check_in' | 'check_out';
  user_id: number;
  device_at: Timestamp;
  received_at: Generated<Timestamp>;
  request_hash: string;
}

export interface HomecareVisitRatingsTable {
  visit_id: number;
  organisation_id: number;
  elder_id: number;
  stars: number;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  comment: string | null;
  rated_by: number;
  created_at: Timestamp;
}

export interface HomecareComplaintsTable {
  id: Generated<number>;
  visit_id: number;
  organisation_id: number;
  elder_id: number;
  district_code: string;
  community_code: string;
  text: string;
  status: ColumnType<'open' | 'answered', 'open' | 'answered' | undefined, 'open' | 'answered'>;
  due_at: Timestamp;
  answer: string | null;
  answered_at: Timestamp | null;
  answered_by: number | null;
  complained_by: number;
  created_at: Timestamp;
}

export interface HomecareCopaymentsTable {
  visit_id: number;
  order_id: number;
  organisation_id: number;
  elder_id: number;
  district_code: string;
  billed_minutes: number;
  price_fen: number;
  subsidy_fen: number;
  amount_fen: number;
  status: ColumnType<'owed' | 'paid', 'owed' | 'paid' | undefined, 'owed' | 'paid'>;
  created_at: Generated<Timestamp>;
}

export interface HomecareTables {
  homecare_catalogue_items: HomecareCatalogueItemsTable;
  homecare_item_subsidies: HomecareItemSubsidiesTable;
  homecare_policies: HomecarePoliciesTable;
  homecare_codes: HomecareCodesTable;
  homecare_providers: HomecareProvidersTable;
  homecare_provider_streets: HomecareProviderStreetsTable;
  homecare_provider_items: HomecareProviderItemsTable;
  homecare_worker_accounts: HomecareWorkerAccountsTable;
  homecare_orders: HomecareOrdersTable;
  homecare_order_events: HomecareOrderEventsTable;
  homecare_visits: HomecareVisitsTable;
  homecare_visit_exceptions: HomecareVisitExceptionsTable;
  homecare_evv_calls: HomecareEvvCallsTable;
  homecare_visit_ratings: HomecareVisitRatingsTable;
  homecare_complaints: HomecareComplaintsTable;
  homecare_copayments: HomecareCopaymentsTable;
  homecare_worker_offers: HomecareWorkerOffersTable;
  homecare_elder_pins: HomecareElderPinsTable;
  homecare_worker_alerts: HomecareWorkerAlertsTable;
}

/** A caregiver's SOS (worker safety). */
export interface HomecareWorkerAlertsTable {
  id: Generated<number>;
  worker_id: number;
  organisation_id: number;
  district_code: string;
  place_code: string;
  visit_id: number | null;
  lat: number | null;
  lng: number | null;
  accuracy_m: number | null;
  note: string | null;
  status: Generated<'open' | 'acknowledged' | 'resolved'>;
  raised_at: Timestamp;
  acknowledged_by: number | null;
  acknowledged_at: Timestamp | null;
  resolved_by: number | null;
  resolved_at: Timestamp | null;
  resolution: string | null;
}

export interface HomecareElderPinsTable {
  elder_id: number;
  district_code: string;
  pin_hash: string;
  set_by: number | null;
  set_at: Timestamp;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
}
