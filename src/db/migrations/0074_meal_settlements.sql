-- 助餐 monthly settlement: per meal point and month, the subsidies of the meals redeemed there are
-- paid from the district budget to the organisation running the point, as one ledger transfer
-- under a key per point and month (re-running a month pays nothing twice). One row per point paid.
CREATE TABLE meal_settlements (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meal_point_id    bigint NOT NULL REFERENCES meal_points (id),
  month            text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  organisation_id  bigint NOT NULL REFERENCES organisations (id),
  district_code    text NOT NULL,
  meals            integer NOT NULL CHECK (meals > 0),
  subsidy_fen      bigint NOT NULL CHECK (subsidy_fen > 0),
  transfer_key     text NOT NULL UNIQUE,
  transfer_id      bigint NOT NULL REFERENCES ledger_transfers (id),
  settled_by       bigint REFERENCES users (id),
  settled_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meal_point_id, month)
);
CREATE INDEX meal_settlements_month_idx ON meal_settlements (month, district_code);
