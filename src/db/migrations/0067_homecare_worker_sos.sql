-- Home care, part 8: worker safety (003 §1). A caregiver in trouble at a visit presses SOS on the
-- phone view; the alert goes to the provider's staff (the supervisor) and the district's overseers,
-- who acknowledge and resolve it. The position is taken once, at the press.
CREATE TABLE homecare_worker_alerts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  worker_id        bigint NOT NULL REFERENCES workers (id),
  organisation_id  bigint NOT NULL REFERENCES organisations (id),
  district_code    text NOT NULL,
  -- The place the overseers' reach is checked against: the visit's community, else the provider's.
  place_code       text NOT NULL,
  visit_id         bigint REFERENCES homecare_visits (id),
  lat              double precision,
  lng              double precision,
  accuracy_m       double precision,
  note             text,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  raised_at        timestamptz NOT NULL,
  acknowledged_by  bigint REFERENCES users (id),
  acknowledged_at  timestamptz,
  resolved_by      bigint REFERENCES users (id),
  resolved_at      timestamptz,
  resolution       text
);
CREATE INDEX homecare_worker_alerts_open_idx ON homecare_worker_alerts (organisation_id, raised_at DESC) WHERE status <> 'resolved';
CREATE INDEX homecare_worker_alerts_place_idx ON homecare_worker_alerts (place_code text_pattern_ops, raised_at DESC);
