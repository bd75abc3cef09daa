-- 探访 (visits to vulnerable elders): tasks anchored to the calendar month, generated once per month
-- (a unique key per elder and visit number), plus extra visits within 24 h after a life event.
CREATE TABLE visit_tasks (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  month             text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  kind              text NOT NULL DEFAULT 'routine' CHECK (kind IN ('routine', 'life_event')),
  -- The visit's number within the month for its elder (weekly visits: 1 … 4).
  seq               integer NOT NULL CHECK (seq >= 1),
  elder_id          bigint NOT NULL REFERENCES elders (id),
  community_code    text NOT NULL,
  street_code       text NOT NULL,
  district_code     text NOT NULL,
  tier              text NOT NULL,
  -- hospital_discharge, institution_discharge, bereavement, alarm (life-event visits only).
  reason            text,
  due_on            date NOT NULL,
  assignee_user_id  bigint REFERENCES users (id),
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  method            text CHECK (method IN ('home', 'phone', 'video')),
  visited_on        date,
  -- [{item, note?, followUp?}]: risk items found and the follow-up each asks for.
  findings          jsonb,
  note              text,
  done_by           bigint REFERENCES users (id),
  done_at           timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'done') = (method IS NOT NULL AND visited_on IS NOT NULL))
);
CREATE UNIQUE INDEX visit_tasks_once_a_month ON visit_tasks (month, elder_id, seq) WHERE kind = 'routine';
CREATE INDEX visit_tasks_month_community_idx ON visit_tasks (month, community_code text_pattern_ops);
CREATE INDEX visit_tasks_assignee_idx ON visit_tasks (assignee_user_id, month) WHERE assignee_user_id IS NOT NULL;

-- Target groups and visit frequency by risk tier (001 §二.3): an elder takes the first tier they
-- match (any of anyFlags, all of allFlags, or minAge); quarterly tiers fall in Jan/Apr/Jul/Oct.
INSERT INTO community_policy_values (key, jurisdiction_code, effective_from, value, source)
VALUES ('visits.frequency', '330000', '2021-01-01',
        '{"tiers": [
           {"tier": "high", "anyFlags": ["severe_disability", "dementia"], "allFlags": ["living_alone", "disabled"], "perMonth": 4},
           {"tier": "key", "anyFlags": ["living_alone", "empty_nest", "left_behind", "disabled", "family_planning_special", "extreme_poverty"], "perMonth": 1},
           {"tier": "other", "anyFlags": ["subsistence", "near_subsistence"], "minAge": 80, "perMonth": 1, "everyMonths": 3}
         ],
         "lifeEventHours": 24}',
        '001 §二.3 特殊困难老年人月探访（高风险每周、重点对象每月、其他每季度）');
