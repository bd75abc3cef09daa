-- Home care, part 7: the elder's PIN (服务确认码). An elder who cannot show the elder code confirms a
-- visit by telling the caregiver a 4–6 digit PIN set by their family or community worker. Only its
-- scrypt hash is kept; five wrong tries lock it for half an hour.
CREATE TABLE homecare_elder_pins (
  elder_id        bigint PRIMARY KEY REFERENCES elders (id),
  district_code   text NOT NULL,
  pin_hash        text NOT NULL,
  set_by          bigint REFERENCES users (id),
  set_at          timestamptz NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until    timestamptz
);
