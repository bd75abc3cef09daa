-- 独居老人无活动 and 设备抖动: two rules as policy data.
-- Inactivity: an elder living alone whose devices report no motion for N daytime hours (the hours
-- between daytime_from and daytime_to, Asia/Shanghai; the night does not count) opens an
-- inactivity incident (Contact ID 102). Flapping: a device sending more than flap_threshold events
-- within flap_window_seconds is rate-limited: further events are stored and counted on the open
-- incident, never opening a new one, and the device gets a maintenance task saying so.
ALTER TABLE alarm_policies
  ADD COLUMN inactivity_hours    smallint NOT NULL DEFAULT 6 CHECK (inactivity_hours BETWEEN 1 AND 24),
  ADD COLUMN daytime_from        time NOT NULL DEFAULT '07:00',
  ADD COLUMN daytime_to          time NOT NULL DEFAULT '21:00',
  ADD COLUMN flap_threshold      smallint NOT NULL DEFAULT 10 CHECK (flap_threshold BETWEEN 2 AND 1000),
  ADD COLUMN flap_window_seconds integer NOT NULL DEFAULT 300 CHECK (flap_window_seconds BETWEEN 10 AND 86400),
  ADD CONSTRAINT alarm_policies_daytime CHECK (daytime_from < daytime_to);

-- The last time a device saw the elder move (an event, a press, a reading, a heartbeat with motion).
ALTER TABLE alarm_devices ADD COLUMN last_motion_at timestamptz;

-- The flapping count reads a device's recent events and status changes; heartbeats stay out of the index.
CREATE INDEX alarm_events_device_recent ON alarm_events (device_id, received_at DESC) WHERE channel <> 'heartbeat';

ALTER TABLE alarm_maintenance_tasks DROP CONSTRAINT alarm_maintenance_tasks_reason_check;
ALTER TABLE alarm_maintenance_tasks
  ADD CONSTRAINT alarm_maintenance_tasks_reason_check CHECK (reason IN ('low_battery', 'mains_loss', 'flapping')),
  ADD COLUMN event_count integer NOT NULL DEFAULT 1,
  ADD COLUMN note text CHECK (length(note) <= 200);
