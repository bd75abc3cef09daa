// Tables that serve every domain rather than one.
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

export interface SharedTables {
  rate_limit_windows: RateLimitWindowsTable;
  login_throttle: LoginThrottleTable;
}
