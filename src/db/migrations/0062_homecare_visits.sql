-- Home care, part 3: the visit (electronic visit verification, EVV). A visit keeps the six
-- elements EVV requires — service type (service_code), recipient (elder_id), date and start/end
-- (check_in_at, check_out_at), location (check-in/out position and accuracy), worker (worker_id) —
-- with the position taken only at check-in and check-out. Exceptions are rows with codes as data;
-- a visit is verified only when none is open. Each check-in/out is accepted once by its client id.

CREATE TABLE homecare_visits (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id               bigint NOT NULL UNIQUE REFERENCES homecare_orders (id),
  organisation_id        bigint NOT NULL REFERENCES homecare_providers (organisation_id),
  elder_id               bigint NOT NULL REFERENCES elders (id),
  district_code          text NOT NULL,
  community_code         text NOT NULL,
  worker_id              bigint NOT NULL REFERENCES workers (id),
  item_id                bigint NOT NULL REFERENCES homecare_catalogue_items (id),
  service_code           text NOT NULL,
  scheduled_start        timestamptz NOT NULL,
  scheduled_minutes      integer NOT NULL,
  status                 text NOT NULL DEFAULT 'scheduled'
                         CHECK (status IN ('scheduled', 'in_progress', 'exception', 'verified', 'cancelled')),
  home_lat               double precision,
  home_lng               double precision,
  check_in_at            timestamptz,          -- device time of the check-in (the visit's start)
  check_in_received_at   timestamptz,
  check_in_lat           double precision,
  check_in_lng           double precision,
  check_in_accuracy_m    double precision,
  check_in_distance_m    double precision,
  check_out_at           timestamptz,
  check_out_received_at  timestamptz,
  check_out_lat          double precision,
  check_out_lng          double precision,
  check_out_accuracy_m   double precision,
  check_out_distance_m   double precision,
  confirmed_by           text CHECK (confirmed_by IN ('elder_code', 'pin')),
  checklist              jsonb NOT NULL DEFAULT '[]',
  notes                  text,
  verified_at            timestamptz,
  -- The subsidised part, and how it was paid: posted through the ledger, or due (no account, short funds).
  subsidy_fen            bigint NOT NULL DEFAULT 0 CHECK (subsidy_fen >= 0),
  payment_status         text NOT NULL DEFAULT 'none' CHECK (payment_status IN ('none', 'posted', 'due')),
  payment_key            text,
  payment_note           text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'verified') = (verified_at IS NOT NULL)),
  CHECK (check_out_at IS NULL OR check_in_at IS NOT NULL)
);
CREATE INDEX homecare_visits_worker_idx ON homecare_visits (worker_id, scheduled_start);
CREATE INDEX homecare_visits_org_idx ON homecare_visits (organisation_id, status, scheduled_start);
CREATE INDEX homecare_visits_community_idx ON homecare_visits (community_code text_pattern_ops, scheduled_start);

CREATE TABLE homecare_visit_exceptions (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  visit_id         bigint NOT NULL REFERENCES homecare_visits (id),
  code             text NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  detail           jsonb NOT NULL DEFAULT '{}',
  raised_at        timestamptz NOT NULL DEFAULT now(),
  resolved_at      timestamptz,
  resolved_by      bigint REFERENCES users (id),
  reason_code      text,
  resolution_code  text,
  note             text,
  UNIQUE (visit_id, code),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND reason_code IS NOT NULL AND resolution_code IS NOT NULL))
);
CREATE INDEX homecare_visit_exceptions_open_idx ON homecare_visit_exceptions (visit_id) WHERE status = 'open';

-- One row per check-in/out the phone sent, by its client id: a replay finds it and changes nothing.
CREATE TABLE homecare_evv_calls (
  client_id     text PRIMARY KEY,
  visit_id      bigint NOT NULL REFERENCES homecare_visits (id),
  kind          text NOT NULL CHECK (kind IN ('check_in', 'check_out')),
  user_id       bigint NOT NULL REFERENCES users (id),
  device_at     timestamptz NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  request_hash  text NOT NULL
);
CREATE UNIQUE INDEX homecare_evv_calls_once ON homecare_evv_calls (visit_id, kind);
