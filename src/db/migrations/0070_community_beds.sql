-- 社区项目 (community programmes), part 1: programme settings as data and 家庭养老照护床位.
-- Settings the community programmes decide by (eligibility level, meal subsidies, visit
-- frequencies) live here as versioned rows per jurisdiction; the most specific code in force on
-- the day wins (community → street → district → city → province), like the policy packs.
CREATE TABLE community_policy_values (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key               text NOT NULL CHECK (key IN ('homeCareBed.eligibility', 'meals.subsidy', 'visits.frequency')),
  jurisdiction_code text NOT NULL CHECK (jurisdiction_code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
  effective_from    date NOT NULL,
  effective_to      date,
  value             jsonb NOT NULL,
  source            text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, jurisdiction_code, effective_from),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);

-- 002 §四.2: 家庭养老照护床位 for elders assessed moderately impaired (中度失能, level 2) or worse.
INSERT INTO community_policy_values (key, jurisdiction_code, effective_from, value, source)
VALUES ('homeCareBed.eligibility', '330000', '2021-01-01', '{"minLevel": 2}',
        '002 §四.2 家庭养老照护床位：中度及以上失能老年人');

-- One row per bed; the lifecycle is applied → assessed → accepted → contracted → closed, and a bed
-- may be closed from any open state. Every step is also an event (who, when, what was recorded).
CREATE TABLE home_care_beds (
  id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id                  bigint NOT NULL REFERENCES elders (id),
  district_code             text NOT NULL,
  community_code            text NOT NULL,
  status                    text NOT NULL DEFAULT 'applied'
                              CHECK (status IN ('applied', 'assessed', 'accepted', 'contracted', 'closed')),
  retrofit_done             boolean NOT NULL,
  eligibility_level         integer NOT NULL,
  eligibility_assessment_id bigint NOT NULL,
  applied_on                date NOT NULL,
  building_organisation_id  bigint REFERENCES organisations (id),
  provider_organisation_id  bigint REFERENCES organisations (id),
  -- The agreed service plan (services a week, items); recurring home-care orders follow from it.
  service_plan              jsonb,
  -- 家庭病床 (health-insurance funded) shared with this bed, as the insurer's reference.
  family_sickbed_ref        text,
  enrolment_id              bigint,
  close_reason              text CHECK (close_reason IN ('death', 'admitted', 'moved_away', 'withdrawn')),
  closed_on                 date,
  created_by                bigint REFERENCES users (id),
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'closed') = (close_reason IS NOT NULL))
);
CREATE UNIQUE INDEX home_care_beds_one_open ON home_care_beds (elder_id) WHERE status <> 'closed';
CREATE INDEX home_care_beds_community_idx ON home_care_beds (community_code text_pattern_ops, status);

CREATE TABLE home_care_bed_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bed_id        bigint NOT NULL REFERENCES home_care_beds (id),
  district_code text NOT NULL,
  action        text NOT NULL CHECK (action IN ('apply', 'assess', 'accept', 'contract', 'close')),
  from_status   text,
  to_status     text NOT NULL,
  on_date       date NOT NULL,
  details       jsonb NOT NULL DEFAULT '{}',
  user_id       bigint REFERENCES users (id),
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX home_care_bed_events_bed_idx ON home_care_bed_events (bed_id, id);

-- The one-time building grant: once per elder, ever (a unique key, and the ledger key with it).
CREATE TABLE home_care_bed_grants (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bed_id            bigint NOT NULL REFERENCES home_care_beds (id),
  elder_id          bigint NOT NULL UNIQUE REFERENCES elders (id),
  organisation_id   bigint NOT NULL REFERENCES organisations (id),
  district_code     text NOT NULL,
  amount_fen        bigint NOT NULL CHECK (amount_fen > 0),
  policy_version_id bigint NOT NULL,
  transfer_id       bigint NOT NULL,
  paid_on           date NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);
