-- 一键呼救与智能监测: the registry of emergency-call devices, wearables and home sensors. A device
-- belongs to one elder and is reached through that elder's community; its MQTT password is kept
-- only as a SHA-256 hash (a random 192-bit secret, so a slow hash adds nothing but connect latency).
CREATE TABLE alarm_devices (
  id               bigserial PRIMARY KEY,
  elder_id         bigint NOT NULL REFERENCES elders (id),
  kind             text NOT NULL CHECK (kind IN ('sos_pendant', 'smart_watch', 'fall_detector', 'smoke_sensor',
                     'gas_sensor', 'water_sensor', 'door_sensor', 'bed_sensor', 'bp_meter', 'glucose_meter')),
  serial           text NOT NULL UNIQUE CHECK (length(serial) BETWEEN 4 AND 40),
  sim              text CHECK (length(sim) <= 30),
  install_address  text CHECK (length(install_address) <= 200),
  installed_on     date,
  battery_pct      smallint CHECK (battery_pct BETWEEN 0 AND 100),
  firmware         text CHECK (length(firmware) <= 40),
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'retired')),
  online           boolean NOT NULL DEFAULT false,
  last_seen_at     timestamptz,
  credential_hash  text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alarm_devices_elder ON alarm_devices (elder_id);
-- The missed-heartbeat sweep looks only at devices that are believed online.
CREATE INDEX alarm_devices_seen ON alarm_devices (last_seen_at) WHERE online AND status = 'active';
