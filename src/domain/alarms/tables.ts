// Tables of the alarms domain, as Kysely sees them.
import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from '../../db/foundation-tables.js';

export interface AlarmDevicesTable {
  id: Generated<number>;
  elder_id: number;
  kind: string;
  serial: string;
  sim: string | null;
  install_address: string | null;
  installed_on: DateString | null;
  battery_pct: number | null;
  firmware: string | null;
  status: Generated<'active' | 'inactive' | 'retired'>;
  online: Generated<boolean>;
  last_seen_at: Timestamp | null;
  last_motion_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  credential_hash: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlarmEventsTable {
  id: Generated<number>;
  device_id: number;
  elder_id: number;
  channel: 'events' | 'heartbeat' | 'status';
  code: number | null;
  kind: string;
  payload: unknown;
  received_at: Timestamp;
  incident_id: number | null;
}

export interface AlarmIncidentsTable {
  id: Generated<number>;
  elder_id: number;
  device_id: number | null;
  kind: string;
  code: number;
  priority: number;
  status: Generated<string>;
  event_count: Generated<number>;
  opened_at: Timestamp;
  last_event_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: number | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  disposition: string | null;
  closure_code: string | null;
  escalation_level: Generated<number>;
  next_escalation_at: Timestamp | null;
}

export interface AlarmIncidentTimelineTable {
  id: Generated<number>;
  incident_id: number;
  at: Timestamp;
  action: string;
  actor_user_id: number | null;
  actor_name: string | null;
  note: string | null;
}

export interface AlarmMaintenanceTasksTable {
  id: Generated<number>;
  device_id: number;
  elder_id: number;
  reason: 'low_battery' | 'mains_loss' | 'flapping';
  status: Generated<'open' | 'done'>;
  event_count: Generated<number>;
  note: string | null;
  opened_at: Timestamp;
  done_at: Timestamp | null;
}

export interface AlarmVitalThresholdsTable {
  id: Generated<number>;
  elder_id: number | null;
  metric: string;
  min_value: string | null;
  max_value: string | null;
  consecutive: number;
}

export interface AlarmVitalReadingsTable {
  id: Generated<number>;
  device_id: number;
  elder_id: number;
  metric: string;
  value: number;
  out_of_range: boolean;
  measured_at: Timestamp;
}

export interface AlarmPoliciesTable {
  effective_from: DateString;
  ack_sla_seconds: number;
  join_window_seconds: number;
  heartbeat_seconds: number;
  missed_heartbeats: number;
  low_battery_pct: number;
  inactivity_hours: Generated<number>;
  /** 'HH:MM[:SS]', Asia/Shanghai. */
  daytime_from: Generated<string>;
  daytime_to: Generated<string>;
  flap_threshold: Generated<number>;
  flap_window_seconds: Generated<number>;
}

export interface AlarmEscalationStepsTable {
  effective_from: DateString;
  level: number;
  target: string;
  after_seconds: number;
  remind_seconds: number;
}

export interface AlarmIngestCountersTable {
  counter: string;
  value: Generated<number>;
}

export interface AlarmTables {
  alarm_devices: AlarmDevicesTable;
  alarm_events: AlarmEventsTable;
  alarm_incidents: AlarmIncidentsTable;
  alarm_incident_timeline: AlarmIncidentTimelineTable;
  alarm_maintenance_tasks: AlarmMaintenanceTasksTable;
  alarm_vital_thresholds: AlarmVitalThresholdsTable;
  alarm_vital_readings: AlarmVitalReadingsTable;
  alarm_policies: AlarmPoliciesTable;
  alarm_escalation_steps: AlarmEscalationStepsTable;
  alarm_ingest_counters: AlarmIngestCountersTable;
}
