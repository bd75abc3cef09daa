-- 一键呼救: events as received from devices, the incidents an operator answers, their timeline,
-- maintenance tasks (low battery, mains loss), per-elder vital thresholds and the call-centre policy.
CREATE TABLE alarm_events (
  id           bigserial PRIMARY KEY,
  device_id    bigint NOT NULL REFERENCES alarm_devices (id),
  elder_id     bigint NOT NULL REFERENCES elders (id),
  channel      text NOT NULL CHECK (channel IN ('events', 'heartbeat', 'status')),
  code         smallint,
  kind         text NOT NULL,
  payload      jsonb NOT NULL,
  received_at  timestamptz NOT NULL,
  incident_id  bigint
);
CREATE INDEX alarm_events_elder ON alarm_events (elder_id, received_at DESC);

CREATE TABLE alarm_incidents (
  id                  bigserial PRIMARY KEY,
  elder_id            bigint NOT NULL REFERENCES elders (id),
  device_id           bigint REFERENCES alarm_devices (id),
  kind                text NOT NULL CHECK (kind IN ('sos', 'fall', 'medical', 'vitals', 'inactivity', 'offline')),
  code                smallint NOT NULL,
  priority            smallint NOT NULL CHECK (priority BETWEEN 1 AND 9),
  status              text NOT NULL DEFAULT 'new'
                        CHECK (status IN ('new', 'acknowledged', 'in_progress', 'resolved', 'closed')),
  event_count         integer NOT NULL DEFAULT 1,
  opened_at           timestamptz NOT NULL,
  last_event_at       timestamptz NOT NULL,
  acknowledged_at     timestamptz,
  acknowledged_by     bigint,
  resolved_at         timestamptz,
  closed_at           timestamptz,
  disposition         text CHECK (disposition IN ('fall', 'medical', 'assistance', 'accidental', 'test', 'no_response')),
  closure_code        text CHECK (closure_code IN ('ambulance_sent', 'handled_by_contacts', 'handled_by_staff', 'cancelled')),
  escalation_level    smallint NOT NULL DEFAULT 0,
  next_escalation_at  timestamptz
);
-- The queue, and the join of a repeated press to the open incident of its elder.
CREATE INDEX alarm_incidents_open ON alarm_incidents (priority, opened_at) WHERE status IN ('new', 'acknowledged', 'in_progress');
CREATE INDEX alarm_incidents_elder ON alarm_incidents (elder_id, opened_at DESC);
CREATE INDEX alarm_incidents_escalation ON alarm_incidents (next_escalation_at) WHERE status = 'new';

CREATE TABLE alarm_incident_timeline (
  id            bigserial PRIMARY KEY,
  incident_id   bigint NOT NULL REFERENCES alarm_incidents (id),
  at            timestamptz NOT NULL,
  action        text NOT NULL,
  actor_user_id bigint,
  actor_name    text,
  note          text
);
CREATE INDEX alarm_incident_timeline_incident ON alarm_incident_timeline (incident_id, at, id);

CREATE TABLE alarm_maintenance_tasks (
  id          bigserial PRIMARY KEY,
  device_id   bigint NOT NULL REFERENCES alarm_devices (id),
  elder_id    bigint NOT NULL REFERENCES elders (id),
  reason      text NOT NULL CHECK (reason IN ('low_battery', 'mains_loss')),
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  opened_at   timestamptz NOT NULL,
  done_at     timestamptz
);
-- One open task per device and reason: a battery reporting low every minute is one task.
CREATE UNIQUE INDEX alarm_maintenance_open ON alarm_maintenance_tasks (device_id, reason) WHERE status = 'open';

-- Vital-sign thresholds: the row with elder_id NULL is the default, an elder's own rows override it.
CREATE TABLE alarm_vital_thresholds (
  id          bigserial PRIMARY KEY,
  elder_id    bigint REFERENCES elders (id),
  metric      text NOT NULL CHECK (metric IN ('heart_rate', 'systolic', 'diastolic', 'spo2', 'glucose')),
  min_value   numeric,
  max_value   numeric,
  consecutive smallint NOT NULL DEFAULT 3 CHECK (consecutive BETWEEN 1 AND 20)
);
CREATE UNIQUE INDEX alarm_vital_thresholds_key ON alarm_vital_thresholds (COALESCE(elder_id, 0), metric);
INSERT INTO alarm_vital_thresholds (elder_id, metric, min_value, max_value, consecutive) VALUES
  (NULL, 'heart_rate', 45, 130, 3),
  (NULL, 'systolic', 85, 180, 3),
  (NULL, 'diastolic', 50, 110, 3),
  (NULL, 'spo2', 90, NULL, 3),
  (NULL, 'glucose', 3.9, 16.7, 2);

CREATE TABLE alarm_vital_readings (
  id          bigserial PRIMARY KEY,
  device_id   bigint NOT NULL REFERENCES alarm_devices (id),
  elder_id    bigint NOT NULL REFERENCES elders (id),
  metric      text NOT NULL,
  value       numeric NOT NULL,
  out_of_range boolean NOT NULL,
  measured_at timestamptz NOT NULL
);
CREATE INDEX alarm_vital_readings_elder ON alarm_vital_readings (elder_id, metric, measured_at DESC);

-- The call-centre policy as data (EN 50134 / BS 8521 practice: answer within 60 s), by effective date.
CREATE TABLE alarm_policies (
  effective_from        date PRIMARY KEY,
  ack_sla_seconds       integer NOT NULL CHECK (ack_sla_seconds > 0),
  join_window_seconds   integer NOT NULL CHECK (join_window_seconds >= 0),
  heartbeat_seconds     integer NOT NULL CHECK (heartbeat_seconds > 0),
  missed_heartbeats     smallint NOT NULL CHECK (missed_heartbeats > 0),
  low_battery_pct       smallint NOT NULL CHECK (low_battery_pct BETWEEN 0 AND 100)
);
INSERT INTO alarm_policies VALUES ('2020-01-01', 60, 600, 300, 3, 20);

-- The escalation ladder of an unacknowledged incident: step N fires after_seconds past the opening,
-- then the last step reminds every remind_seconds until someone acknowledges.
CREATE TABLE alarm_escalation_steps (
  effective_from  date NOT NULL REFERENCES alarm_policies (effective_from),
  level           smallint NOT NULL CHECK (level BETWEEN 1 AND 20),
  target          text NOT NULL CHECK (target IN ('operator', 'supervisor', 'community_worker', 'family')),
  after_seconds   integer NOT NULL CHECK (after_seconds > 0),
  remind_seconds  integer NOT NULL CHECK (remind_seconds > 0),
  PRIMARY KEY (effective_from, level)
);
INSERT INTO alarm_escalation_steps VALUES
  ('2020-01-01', 1, 'supervisor', 60, 60),
  ('2020-01-01', 2, 'community_worker', 120, 60),
  ('2020-01-01', 3, 'family', 180, 120);

-- Ingestion counters (received, rejected by reason), shared by every server process.
CREATE TABLE alarm_ingest_counters (
  counter  text PRIMARY KEY,
  value    bigint NOT NULL DEFAULT 0
);
