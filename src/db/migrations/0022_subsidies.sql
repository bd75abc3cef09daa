-- Subsidy programmes and the monthly run. Enrolments say who receives a monthly programme that
-- needs an application (institutional nursing subsidy, family care bed); awards are one-off
-- grants (the family-bed building grant, once per elder by a unique key). A run computes, per
-- district, what every eligible person is due for a month (the preview), a district officer
-- approves it, and posting moves it through the ledger with deterministic idempotency keys.

CREATE TABLE subsidy_enrolments (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme        text NOT NULL CHECK (programme IN ('institutionalCare.nursingSubsidy', 'homeCareBed.monthlyNursing')),
  elder_id         bigint NOT NULL REFERENCES elders (id),
  district_code    text NOT NULL,
  organisation_id  bigint REFERENCES organisations (id),
  -- Facts the rule needs besides the assessed level (read fresh each month), e.g.
  -- {"fullTimeCare": true, "medicalIntegrationFunded": false, "institutionType": "private"}.
  facts            jsonb NOT NULL,
  policy_version_id bigint NOT NULL REFERENCES policy_versions (id),
  effective_from   date NOT NULL,
  effective_to     date,
  created_by       bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  ended_by         bigint REFERENCES users (id),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE UNIQUE INDEX subsidy_enrolments_one_open ON subsidy_enrolments (programme, elder_id) WHERE effective_to IS NULL;
CREATE INDEX subsidy_enrolments_district_idx ON subsidy_enrolments (district_code, programme);

CREATE TABLE subsidy_awards (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme        text NOT NULL CHECK (programme IN ('homeCareBed.oneTimeGrant')),
  elder_id         bigint NOT NULL REFERENCES elders (id),
  organisation_id  bigint NOT NULL REFERENCES organisations (id),
  district_code    text NOT NULL,
  enrolment_id     bigint REFERENCES subsidy_enrolments (id),
  amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
  due_on           date NOT NULL,
  policy_version_id bigint NOT NULL REFERENCES policy_versions (id),
  created_by       bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (programme, elder_id) -- 每位老年人限补一次
);
CREATE INDEX subsidy_awards_due_idx ON subsidy_awards (district_code, due_on);

CREATE TABLE subsidy_runs (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  month             text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  jurisdiction_code text NOT NULL,
  -- The rules are read as known at this moment, so recomputing the preview gives the same answer.
  policy_known_at   timestamptz NOT NULL DEFAULT now(),
  created_by        bigint REFERENCES users (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (month, jurisdiction_code)
);

CREATE TABLE subsidy_run_districts (
  run_id              bigint NOT NULL REFERENCES subsidy_runs (id),
  district_code       text NOT NULL,
  item_count          bigint NOT NULL,
  total_fen           bigint NOT NULL,
  previous_count      bigint NOT NULL,
  previous_total_fen  bigint NOT NULL,
  -- [{programme, count, totalFen, previousCount, previousTotalFen, note?}]
  by_programme        jsonb NOT NULL,
  computed_at         timestamptz NOT NULL DEFAULT now(),
  approved_by         bigint REFERENCES users (id),
  approved_at         timestamptz,
  posted_at           timestamptz,
  posted_count        bigint,
  posted_total_fen    bigint,
  PRIMARY KEY (run_id, district_code),
  CHECK (approved_at IS NOT NULL OR posted_at IS NULL)
);

-- What each person is due this month, one row per programme, person and funding share. Written
-- once per (run, district) in the transaction that writes the district's summary.
CREATE TABLE subsidy_run_items (
  run_id            bigint NOT NULL,
  district_code     text NOT NULL,
  programme         text NOT NULL,
  beneficiary_type  text NOT NULL CHECK (beneficiary_type IN ('elder', 'caregiver', 'organisation')),
  beneficiary_id    bigint NOT NULL,
  payer             text NOT NULL CHECK (payer IN ('district', 'city')),
  jurisdiction_code text NOT NULL,
  amount_fen        bigint NOT NULL CHECK (amount_fen > 0),
  policy_version_id bigint NOT NULL,
  -- The idempotency key's subject: <period>:<programme>:<type>:<id> for monthly programmes,
  -- instalment:<id> / award:<id> for scheduled payments.
  subject           text NOT NULL
);
CREATE INDEX subsidy_run_items_district_idx ON subsidy_run_items (run_id, district_code);
