-- 助餐 (meal assistance): meal points with hours and capacity, menus by day and meal with prices,
-- check-ins by elder code or face, one subsidised meal per elder per meal time.
CREATE TABLE meal_points (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('canteen', 'central_kitchen', 'community_point')),
  -- The organisation running it (a provider or institution), or null for a community's own table.
  organisation_id  bigint REFERENCES organisations (id),
  community_code   text NOT NULL,
  district_code    text NOT NULL,
  address          text NOT NULL,
  lat              double precision,
  lng              double precision,
  -- {"breakfast": "07:00-08:30", "lunch": "11:00-12:30", "dinner": "17:00-18:30"}: meals served.
  hours            jsonb NOT NULL,
  capacity         integer NOT NULL CHECK (capacity > 0),
  delivers         boolean NOT NULL DEFAULT false,
  active           boolean NOT NULL DEFAULT true,
  seed_key         text UNIQUE,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meal_points_community_idx ON meal_points (community_code text_pattern_ops);

CREATE TABLE meal_menus (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meal_point_id  bigint NOT NULL REFERENCES meal_points (id),
  served_on      date NOT NULL,
  meal           text NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'dinner')),
  dishes         jsonb NOT NULL,
  price_fen      bigint NOT NULL CHECK (price_fen >= 0),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meal_point_id, served_on, meal)
);

CREATE TABLE meal_check_ins (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meal_point_id      bigint NOT NULL REFERENCES meal_points (id),
  elder_id           bigint NOT NULL REFERENCES elders (id),
  district_code      text NOT NULL,
  served_on          date NOT NULL,
  meal               text NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'dinner')),
  method             text NOT NULL CHECK (method IN ('qr', 'face', 'delivery')),
  price_fen          bigint NOT NULL CHECK (price_fen >= 0),
  subsidy_fen        bigint NOT NULL CHECK (subsidy_fen >= 0),
  copay_fen          bigint NOT NULL CHECK (copay_fen >= 0),
  setting_id         bigint,
  checked_in_by      bigint REFERENCES users (id),
  at                 timestamptz NOT NULL DEFAULT now(),
  CHECK (subsidy_fen + copay_fen = price_fen)
);
-- 每餐限补一次: one subsidised meal per elder per meal time, wherever it is eaten.
CREATE UNIQUE INDEX meal_check_ins_one_subsidised ON meal_check_ins (elder_id, served_on, meal) WHERE subsidy_fen > 0;
CREATE INDEX meal_check_ins_point_day_idx ON meal_check_ins (meal_point_id, served_on);

-- The meal subsidy per meal by status and age (operator-set: the seeds name the programme, not the
-- amounts). The highest matching tier applies, capped at the meal's price.
INSERT INTO community_policy_values (key, jurisdiction_code, effective_from, value, source)
VALUES ('meals.subsidy', '330000', '2021-01-01',
        '{"tiers": [
           {"name": "特困、低保、计划生育特殊家庭", "anyFlags": ["extreme_poverty", "subsistence", "family_planning_special"], "perMealFen": 800},
           {"name": "失能、独居、空巢", "anyFlags": ["disabled", "severe_disability", "living_alone", "empty_nest"], "perMealFen": 500},
           {"name": "80 周岁以上", "minAge": 80, "perMealFen": 500},
           {"name": "60 周岁以上", "minAge": 60, "perMealFen": 200}
         ]}',
        '001 §一.2 老年助餐服务（每餐补助标准由运营方设定）');
