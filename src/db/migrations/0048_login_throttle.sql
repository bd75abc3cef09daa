-- Failed logins, counted per typed username and client address, so a stranger who guesses from
-- their own address locks only that address, never the owner elsewhere. The address '*' counts a
-- name's failures from every address (a slower, growing lock for addresses the owner never used).
-- Keyed by the name as typed, not the user id: an unknown name is counted and locked exactly like
-- a real one, so lock-out does not tell which accounts exist. Each failure is one atomic upsert.
CREATE TABLE login_throttle (
  username        text NOT NULL CHECK (length(username) <= 64),
  address         text NOT NULL CHECK (length(address) <= 64),
  failures        integer NOT NULL,
  last_failure_at timestamptz NOT NULL,
  locked_until    timestamptz,
  PRIMARY KEY (username, address)
);
CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);
