-- Counters that slow down guessing (logins, exact ID-number searches, duplicate checks), kept in
-- the database so every server process on it shares them. One row per key and fixed window; the
-- upsert that counts a hit is atomic, so parallel requests cannot all slip under the limit.
CREATE TABLE rate_limit_windows (
  key          text NOT NULL CHECK (length(key) <= 200),
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limit_windows_start_idx ON rate_limit_windows (window_start);
