-- 适老化改造 (home adaptation for poor households): a catalogue of items with a unit cost cap, the
-- subsidy setting by status (who is funded and up to how much per household), and projects per
-- household: home assessment with the items and their costs, the contractor, and acceptance with
-- photos. "应改尽改" progress compares eligible households with accepted projects.
ALTER TABLE community_policy_values DROP CONSTRAINT community_policy_values_key_check;
ALTER TABLE community_policy_values ADD CONSTRAINT community_policy_values_key_check
  CHECK (key IN ('homeCareBed.eligibility', 'meals.subsidy', 'visits.frequency', 'homeAdaptation.subsidy'));

-- The household takes the highest-capped tier it matches; the subsidy is sharePct of the cost,
-- capped at capFen (operator-set amounts: the seeds name the programme, not the figures).
INSERT INTO community_policy_values (key, jurisdiction_code, effective_from, value, source)
VALUES ('homeAdaptation.subsidy', '330000', '2021-01-01',
        '{"tiers": [
           {"name": "特困供养人员", "anyFlags": ["extreme_poverty"], "sharePct": 100, "capFen": 500000},
           {"name": "低保、低边、计划生育特殊家庭", "anyFlags": ["subsistence", "near_subsistence", "family_planning_special"], "sharePct": 100, "capFen": 300000}
         ]}',
        '000 §2 特殊困难老年人家庭适老化改造（应改尽改）');

CREATE TABLE home_adaptation_items (
  code          text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{0,39}$'),
  name_zh       text NOT NULL,
  name_en       text NOT NULL,
  unit_zh       text NOT NULL,
  unit_en       text NOT NULL,
  unit_cap_fen  bigint NOT NULL CHECK (unit_cap_fen > 0),
  sort          integer NOT NULL,
  active        boolean NOT NULL DEFAULT true
);
INSERT INTO home_adaptation_items (code, name_zh, name_en, unit_zh, unit_en, unit_cap_fen, sort) VALUES
  ('grab_bar', '安全扶手', 'Grab bar', '根', 'bar', 30000, 10),
  ('non_slip_floor', '防滑地面处理', 'Non-slip floor', '平方米', 'm²', 15000, 20),
  ('raised_toilet', '坐便器增高或坐便椅', 'Raised toilet or commode chair', '个', 'piece', 50000, 30),
  ('shower_chair', '淋浴椅', 'Shower chair', '把', 'chair', 20000, 40),
  ('threshold_ramp', '门槛移除或坡道', 'Threshold removal or ramp', '处', 'place', 30000, 50),
  ('night_light', '感应夜灯', 'Motion night light', '个', 'light', 8000, 60),
  ('bed_rail', '床边护栏', 'Bed rail', '个', 'rail', 30000, 70),
  ('emergency_call', '紧急呼叫装置', 'Emergency call device', '套', 'set', 50000, 80),
  ('lever_handle', '杠杆式门把手', 'Lever door handle', '个', 'handle', 5000, 90),
  ('doorway_widening', '门洞拓宽', 'Doorway widening', '处', 'doorway', 200000, 100);

CREATE TABLE home_adaptation_projects (
  id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id                    bigint NOT NULL REFERENCES elders (id),
  district_code               text NOT NULL,
  street_code                 text NOT NULL,
  community_code              text NOT NULL,
  status                      text NOT NULL DEFAULT 'applied'
                                CHECK (status IN ('applied', 'assessed', 'contracted', 'accepted', 'cancelled')),
  -- The subsidy tier the household matched when the project opened, and the setting it came from.
  tier                        text NOT NULL,
  setting_id                  bigint NOT NULL REFERENCES community_policy_values (id),
  share_pct                   integer NOT NULL CHECK (share_pct BETWEEN 0 AND 100),
  cap_fen                     bigint NOT NULL CHECK (cap_fen >= 0),
  applied_on                  date NOT NULL,
  assessed_on                 date,
  assessment_note             text,
  contractor_organisation_id  bigint REFERENCES organisations (id),
  contracted_on               date,
  cost_fen                    bigint NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
  subsidy_fen                 bigint NOT NULL DEFAULT 0 CHECK (subsidy_fen >= 0 AND subsidy_fen <= cost_fen),
  accepted_on                 date,
  acceptance_note             text,
  -- References to the acceptance photos (stored elsewhere).
  photos                      jsonb NOT NULL DEFAULT '[]',
  created_by                  bigint REFERENCES users (id),
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'accepted') = (accepted_on IS NOT NULL))
);
-- 应改尽改: one project per household, unless cancelled.
CREATE UNIQUE INDEX home_adaptation_projects_one ON home_adaptation_projects (elder_id) WHERE status <> 'cancelled';
CREATE INDEX home_adaptation_projects_community_idx ON home_adaptation_projects (community_code text_pattern_ops, status);

CREATE TABLE home_adaptation_project_items (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id     bigint NOT NULL REFERENCES home_adaptation_projects (id),
  item_code      text NOT NULL REFERENCES home_adaptation_items (code),
  quantity       integer NOT NULL CHECK (quantity > 0),
  unit_cost_fen  bigint NOT NULL CHECK (unit_cost_fen >= 0),
  total_fen      bigint NOT NULL CHECK (total_fen = quantity * unit_cost_fen),
  UNIQUE (project_id, item_code)
);
