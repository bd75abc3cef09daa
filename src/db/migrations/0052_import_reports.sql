-- The error report of an import (the refused rows as uploaded, and why) for its importer, for an
-- hour: kept in the database so that whichever server process answers the download has it.
CREATE TABLE import_reports (
  id          text PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  report      jsonb NOT NULL
);
CREATE INDEX import_reports_expiry_idx ON import_reports (expires_at);
