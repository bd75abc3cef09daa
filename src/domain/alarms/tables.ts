// Tables of the alarms domain, as Kysely sees them.
import type { Generated } from 'kysely';
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
  credential_hash: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlarmTables {
  alarm_devices: AlarmDevicesTable;
}
