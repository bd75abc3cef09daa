// Tables of migration 0001: places, organisations, identity, audit, elder registry.
import type { ColumnType, Generated } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by the database. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A date column, read and written as 'YYYY-MM-DD' on both engines. */
export type DateString = string;

export interface JurisdictionsTable {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district' | 'street' | 'community';
  parent_code: string | null;
  district_code: string | null;
  lat: number | null;
  lng: number | null;
}

export interface OrganisationsTable {
  id: Generated<number>;
  kind: string;
  name: string;
  ownership: 'public' | 'private' | 'public_built_private_run' | null;
  jurisdiction_code: string;
  district_code: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  bed_count: Generated<number>;
  nursing_bed_count: Generated<number>;
  seed_key: string | null;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  is_demo: Generated<boolean>;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
}

export interface RoleGrantsTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  jurisdiction_code: string | null;
  organisation_id: number | null;
  elder_id: number | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  username: string | null;
  roles: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  district_code: string | null;
  ip: string | null;
  purpose: string | null;
  detail: unknown;
  request_id: string | null;
}

export interface EldersTable {
  id: Generated<number>;
  elder_code: string;
  name: string;
  id_number: string;
  sex: 'M' | 'F';
  birth_date: DateString;
  phone: string | null;
  district_code: string;
  street_code: string;
  community_code: string;
  address: string;
  hukou_code: string | null;
  lat: number | null;
  lng: number | null;
  /** H3 resolution-9 cell of (lat, lng), set with them; NULL until computed (0091). */
  home_h3_r9: string | null;
  status: Generated<'active' | 'deceased' | 'moved_away'>;
  archived_on: DateString | null;
  archive_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  seed_ordinal: number | null;
}

export interface ElderStatusFlagsTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  flag: string;
  effective_from: DateString;
  effective_to: DateString | null;
  note: string | null;
  created_at: Timestamp;
}

export interface ElderContactsTable {
  id: Generated<number>;
  elder_id: number;
  district_code: string;
  name: string;
  relation: string;
  phone: string | null;
  is_guardian: Generated<boolean>;
  created_at: Timestamp;
}

export interface SeedRunsTable {
  id: Generated<number>;
  seed: number;
  elders: number;
  stage: string;
  started_at: Timestamp;
  finished_at: Date | null;
  first_ordinal: number | null;
}

export interface FoundationTables {
  jurisdictions: JurisdictionsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  elders: EldersTable;
  elder_status_flags: ElderStatusFlagsTable;
  elder_contacts: ElderContactsTable;
  seed_runs: SeedRunsTable;
}
