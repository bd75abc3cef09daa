// Tables that serve every domain rather than one.
export interface RateLimitWindowsTable {
  key: string;
  window_start: Date;
  hits: number;
}

export interface SharedTables {
  rate_limit_windows: RateLimitWindowsTable;
}
