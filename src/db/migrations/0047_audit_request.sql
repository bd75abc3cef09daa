-- Each audit entry names the request that wrote it (the id the server logs and answers in
-- X-Request-Id), so an entry can be traced to its log lines and its other entries.
ALTER TABLE audit_log ADD COLUMN request_id text;
CREATE INDEX audit_log_request_idx ON audit_log (request_id) WHERE request_id IS NOT NULL;
