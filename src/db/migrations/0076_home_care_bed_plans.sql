-- 家庭养老照护床位 service plans: what the contracted provider delivers each week (items of the
-- home-care catalogue on weekdays at a start time), and the recurring home-care orders generated
-- from them for the next days (the horizon is a community setting), one per plan item and day.

ALTER TABLE community_policy_values DROP CONSTRAINT community_policy_values_key_check;
ALTER TABLE community_policy_values ADD CONSTRAINT community_policy_values_key_check
  CHECK (key IN ('homeCareBed.eligibility', 'meals.subsidy', 'visits.frequency', 'homeAdaptation.subsidy',
                 'homeCareBed.planHorizon'));

-- How many days ahead the plan's orders are placed, so providers can roster their workers.
INSERT INTO community_policy_values (key, jurisdiction_code, effective_from, value, source)
VALUES ('homeCareBed.planHorizon', '330000', '2021-01-01', '{"days": 14}',
        '家庭养老照护床位服务计划：提前两周生成上门服务工单（运营设定）');

-- Why generated orders are cancelled: the bed closed, or the plan changed.
INSERT INTO homecare_codes (kind, code, name_zh, name_en) VALUES
  ('cancel', 'bed_closed', '家庭养老照护床位已撤床', 'The family care bed was closed'),
  ('cancel', 'plan_changed', '床位服务计划已调整', 'The bed''s service plan changed');

-- One row per item of a bed's plan. A changed plan ends the rows it no longer has (ended_on) and
-- keeps them, so every generated order still names the plan item it came from.
CREATE TABLE home_care_bed_plan_items (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bed_id            bigint NOT NULL REFERENCES home_care_beds (id),
  district_code     text NOT NULL,
  organisation_id   bigint NOT NULL REFERENCES homecare_providers (organisation_id),
  item_code         text NOT NULL,
  -- ISO weekdays: 1 Monday … 7 Sunday.
  weekdays          integer[] NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7 AND weekdays <@ '{1,2,3,4,5,6,7}'),
  start_time        text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
  note              text,
  active_from       date NOT NULL,
  ended_on          date,
  -- Who set the plan: the generated orders are placed in their name.
  created_by        bigint NOT NULL REFERENCES users (id),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX home_care_bed_plan_items_bed_idx ON home_care_bed_plan_items (bed_id) WHERE ended_on IS NULL;

-- The generated orders: at most one per plan item and day, whoever runs the generator and however often.
CREATE TABLE home_care_bed_plan_orders (
  plan_item_id  bigint NOT NULL REFERENCES home_care_bed_plan_items (id),
  service_date  date NOT NULL,
  bed_id        bigint NOT NULL REFERENCES home_care_beds (id),
  order_id      bigint NOT NULL UNIQUE REFERENCES homecare_orders (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plan_item_id, service_date)
);
CREATE INDEX home_care_bed_plan_orders_bed_idx ON home_care_bed_plan_orders (bed_id, service_date);
