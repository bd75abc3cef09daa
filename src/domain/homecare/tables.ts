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
  created_at: Generated<Timestamp>;
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

export interface HomecareTables {
  homecare_catalogue_items: HomecareCatalogueItemsTable;
  homecare_item_subsidies: HomecareItemSubsidiesTable;
  homecare_policies: HomecarePoliciesTable;
  homecare_codes: HomecareCodesTable;
  homecare_providers: HomecareProvidersTable;
  homecare_provider_streets: HomecareProviderStreetsTable;
  homecare_provider_items: HomecareProviderItemsTable;
  homecare_worker_accounts: HomecareWorkerAccountsTable;
}
