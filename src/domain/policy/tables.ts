// Tables of the policy domain (migration 0020).
import type { Generated } from 'kysely';
import type { DateString, Timestamp } from '../../db/foundation-tables.js';

export interface PolicyVersionsTable {
  id: Generated<number>;
  jurisdiction_code: string;
  rule: string;
  version: number;
  effective_from: DateString;
  effective_to: DateString | null;
  retracted: Generated<boolean>;
  content: unknown;
  content_hash: string;
  pack_file: string;
  recorded_at: Timestamp;
}

export interface PolicyTables {
  policy_versions: PolicyVersionsTable;
}
