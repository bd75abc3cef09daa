// Tables that serve every domain rather than one.
import type { Generated } from 'kysely';
export interface RateLimitWindowsTable {
  key: string;
  window_start: Date;
  hits: number;
}

/** Failed logins per typed username and client address ('*': every address); migration 0048. */
export interface LoginThrottleTable {
  username: string;
  address: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

/** An import's error report for its importer, for an hour (migration 0052). */
export interface ImportReportsTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  expires_at: Date;
  report: unknown;
}

export interface SharedTables {
  rate_limit_windows: RateLimitWindowsTable;
  login_throttle: LoginThrottleTable;
  import_reports: ImportReportsTable;
}
