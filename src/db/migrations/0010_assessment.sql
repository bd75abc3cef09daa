-- Capability assessment (GB/T 42195-2022): rules versions, assessors, tasks, assessments and their
-- signatures, levels per rules version, cognitive screens and referrals, old MZ/T 039-2013 results,
-- random re-checks. Rows about an elder carry elder_id and district_code (the district responsible
-- when the row was written, which is also the re-check and statistics district) for distribution.
-- Access always goes through the elder registry's jurisdiction check, not these codes.

-- Level bands and raise rules as data (rules.ts RULES_V1 mirrors version 1; a test keeps them equal).
CREATE TABLE assessment_rule_versions (
  version       text PRIMARY KEY,
  standard      text NOT NULL CHECK (standard = 'GB/T 42195-2022'),
  rules         jsonb NOT NULL,
  source        text,
  active        boolean NOT NULL DEFAULT false,
  activated_at  timestamptz,
  created_by    bigint REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX assessment_rule_versions_one_active ON assessment_rule_versions (active) WHERE active;

-- A version's rules never change once written (past levels stay reproducible under it); only which
-- version is active moves. Corrections are new versions.
CREATE FUNCTION assessment_rules_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.version IS DISTINCT FROM OLD.version OR NEW.rules IS DISTINCT FROM OLD.rules OR NEW.standard IS DISTINCT FROM OLD.standard THEN
    RAISE EXCEPTION 'assessment rules version % is frozen; add a new version instead', OLD.version;
  END IF;
  RETURN NEW;
END
$$;

INSERT INTO assessment_rule_versions (version, standard, rules, source, active, activated_at) VALUES (
  'GB/T 42195-2022 v1', 'GB/T 42195-2022',
  '{"version": "GB/T 42195-2022 v1", "standard": "GB/T 42195-2022",
    "bands": [
      {"level": 0, "min": 90, "max": 90, "zh": "能力完好", "en": "Intact"},
      {"level": 1, "min": 66, "max": 89, "zh": "能力轻度受损（轻度失能）", "en": "Mildly impaired"},
      {"level": 2, "min": 46, "max": 65, "zh": "能力中度受损（中度失能）", "en": "Moderately impaired"},
      {"level": 3, "min": 30, "max": 45, "zh": "能力重度受损（重度失能）", "en": "Severely impaired"},
      {"level": 4, "min": 0, "max": 29, "zh": "能力完全丧失（完全失能）", "en": "Total loss of capability"}],
    "comaLevel": 4, "maxLevel": 4,
    "raise": {"diagnosisRanges": [{"from": "F00", "to": "F03", "kind": "dementia"}, {"from": "F04", "to": "F99", "kind": "psychiatric"}],
              "riskEventThreshold": 2, "riskEventCounting": "across_kinds"}}',
  'GB/T 42195-2022 C.3–C.5; DOMAIN.md §1', true, now());
CREATE TRIGGER assessment_rule_versions_frozen BEFORE UPDATE OR DELETE ON assessment_rule_versions
  FOR EACH ROW EXECUTE FUNCTION assessment_rules_frozen();

-- 评估员资格: certificate number and expiry, for users holding the assessor role.
CREATE TABLE assessor_qualifications (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id         bigint NOT NULL REFERENCES users (id),
  district_code   text NOT NULL,
  certificate_no  text NOT NULL UNIQUE,
  issuer          text,
  issued_on       date NOT NULL,
  expires_on      date NOT NULL,
  revoked_on      date,
  created_by      bigint REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (expires_on > issued_on)
);
CREATE INDEX assessor_qualifications_user_idx ON assessor_qualifications (user_id, expires_on);

-- Declared conflicts of interest: a relative (elder_id) or an employing institution (organisation_id).
CREATE TABLE assessor_conflicts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id          bigint NOT NULL REFERENCES users (id),
  kind             text NOT NULL CHECK (kind IN ('relative', 'employer', 'other')),
  elder_id         bigint REFERENCES elders (id),
  organisation_id  bigint REFERENCES organisations (id),
  district_code    text NOT NULL,
  note             text,
  declared_by      bigint REFERENCES users (id),
  declared_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'employer') = (organisation_id IS NOT NULL)),
  CHECK (kind = 'employer' OR elder_id IS NOT NULL)
);
CREATE INDEX assessor_conflicts_user_idx ON assessor_conflicts (user_id);

CREATE TABLE assessment_tasks (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id        bigint NOT NULL REFERENCES elders (id),
  district_code   text NOT NULL,
  reason          text NOT NULL CHECK (reason IN ('application', 'condition_change', 'scheduled')),
  requester_kind  text NOT NULL CHECK (requester_kind IN ('elder', 'family', 'officer', 'schedule')),
  requested_by    bigint REFERENCES users (id),
  institution_id  bigint REFERENCES organisations (id),
  note            text,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assigned', 'completed', 'cancelled')),
  assessor_1_id   bigint REFERENCES users (id),
  assessor_2_id   bigint REFERENCES users (id),
  assigned_by     bigint REFERENCES users (id),
  assigned_at     timestamptz,
  due_on          date,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (assessor_1_id IS NULL OR assessor_1_id <> assessor_2_id),
  CHECK (status IN ('open', 'cancelled') OR (assessor_1_id IS NOT NULL AND assessor_2_id IS NOT NULL))
);
-- One live task per elder: a second application finds the first.
CREATE UNIQUE INDEX assessment_tasks_live_key ON assessment_tasks (elder_id) WHERE status IN ('open', 'assigned');
CREATE INDEX assessment_tasks_district_idx ON assessment_tasks (district_code, status);
CREATE INDEX assessment_tasks_assessor1_idx ON assessment_tasks (assessor_1_id, status);
CREATE INDEX assessment_tasks_assessor2_idx ON assessment_tasks (assessor_2_id, status);

-- draft → submitted → signed. Signed rows are immutable (trigger below); a correction is a new row
-- whose supersedes_id names the old one. task_id is null only for rows loaded in bulk.
CREATE TABLE assessments (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id           bigint NOT NULL REFERENCES elders (id),
  district_code      text NOT NULL,
  task_id            bigint REFERENCES assessment_tasks (id),
  standard           text NOT NULL DEFAULT 'GB/T 42195-2022' CHECK (standard = 'GB/T 42195-2022'),
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'signed')),
  revision           integer NOT NULL DEFAULT 1,
  supersedes_id      bigint UNIQUE REFERENCES assessments (id),
  correction_note    text,
  items              jsonb NOT NULL DEFAULT '{}',
  coma               boolean NOT NULL DEFAULT false,
  diagnoses          text[] NOT NULL DEFAULT '{}',
  risk_fall          smallint NOT NULL DEFAULT 0 CHECK (risk_fall >= 0),
  risk_wandering     smallint NOT NULL DEFAULT 0 CHECK (risk_wandering >= 0),
  risk_choking       smallint NOT NULL DEFAULT 0 CHECK (risk_choking >= 0),
  risk_self_harm     smallint NOT NULL DEFAULT 0 CHECK (risk_self_harm >= 0),
  risk_other         smallint NOT NULL DEFAULT 0 CHECK (risk_other >= 0),
  score_b1           smallint CHECK (score_b1 BETWEEN 0 AND 32),
  score_b2           smallint CHECK (score_b2 BETWEEN 0 AND 15),
  score_b3           smallint CHECK (score_b3 BETWEEN 0 AND 28),
  score_b4           smallint CHECK (score_b4 BETWEEN 0 AND 15),
  total              smallint CHECK (total BETWEEN 0 AND 90),
  rules_version      text REFERENCES assessment_rule_versions (version),
  preliminary_level  smallint CHECK (preliminary_level BETWEEN 0 AND 4),
  final_level        smallint CHECK (final_level BETWEEN 0 AND 4),
  reason_codes       text[],
  rehab_needs        jsonb,
  fitness            jsonb,
  assessed_on        date,
  place              text,
  assessor_1_id      bigint REFERENCES users (id),
  assessor_2_id      bigint REFERENCES users (id),
  created_by         bigint REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  submitted_at       timestamptz,
  signed_at          timestamptz,
  CHECK (status = 'draft' OR (total IS NOT NULL AND final_level IS NOT NULL AND assessed_on IS NOT NULL)),
  CHECK ((status = 'signed') = (signed_at IS NOT NULL)),
  CHECK (total IS NULL OR total = score_b1 + score_b2 + score_b3 + score_b4),
  CHECK ((supersedes_id IS NULL) = (correction_note IS NULL))
);
CREATE UNIQUE INDEX assessments_task_original_key ON assessments (task_id) WHERE supersedes_id IS NULL;
-- The current level is the latest signed, not superseded assessment by assessment date.
CREATE INDEX assessments_elder_signed_idx ON assessments (elder_id, assessed_on DESC, signed_at DESC, id DESC) WHERE status = 'signed';
CREATE INDEX assessments_district_signed_idx ON assessments (district_code, signed_at) WHERE status = 'signed';
CREATE INDEX assessments_elder_idx ON assessments (elder_id);

CREATE FUNCTION assessment_refuse_signed_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'assessment % is signed and cannot be changed; correct it with a new assessment', OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER assessments_signed_immutable BEFORE UPDATE OR DELETE ON assessments
  FOR EACH ROW EXECUTE FUNCTION assessment_refuse_signed_change();

CREATE FUNCTION assessment_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;

-- Each signature covers one revision of the content; content_hash is SHA-256 of what was signed.
CREATE TABLE assessment_signatures (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assessment_id   bigint NOT NULL REFERENCES assessments (id),
  elder_id        bigint NOT NULL,
  district_code   text NOT NULL,
  revision        integer NOT NULL,
  user_id         bigint NOT NULL REFERENCES users (id),
  signer_name     text NOT NULL,
  certificate_no  text NOT NULL,
  content_hash    text NOT NULL,
  signed_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (assessment_id, revision, user_id)
);
CREATE TRIGGER assessment_signatures_append_only BEFORE UPDATE OR DELETE ON assessment_signatures
  FOR EACH ROW EXECUTE FUNCTION assessment_refuse_change();

-- Levels of signed assessments under each rules version: derived data, written at signing and by
-- a set-based re-derivation when a new rules version is activated. Old versions' rows stay.
-- No foreign keys, on purpose: their per-row checks cost three times the insert itself when a
-- version change re-derives a million levels (bench/assessment-relevel.ts). Integrity holds
-- without them: rows are written only from the parents in the same statement or transaction, and
-- both parents are append-only (signed assessments by the trigger above, rule versions below).
CREATE TABLE assessment_levels (
  assessment_id      bigint NOT NULL,
  rules_version      text NOT NULL,
  elder_id           bigint NOT NULL,
  district_code      text NOT NULL,
  preliminary_level  smallint NOT NULL CHECK (preliminary_level BETWEEN 0 AND 4),
  final_level        smallint NOT NULL CHECK (final_level BETWEEN 0 AND 4),
  reason_codes       text[] NOT NULL,
  derived_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, rules_version)
);

-- Cognitive screening: cut-offs as versioned data (screens.ts SCREEN_CUTOFFS_V1 mirrors version 1).
CREATE TABLE cognitive_cutoff_versions (
  version     text PRIMARY KEY,
  cutoffs     jsonb NOT NULL,
  source      text,
  active      boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cognitive_cutoff_versions_one_active ON cognitive_cutoff_versions (active) WHERE active;
INSERT INTO cognitive_cutoff_versions (version, cutoffs, source, active) VALUES (
  'cognitive screens v1',
  '{"version": "cognitive screens v1",
    "AD8": {"positiveAtLeast": 2},
    "Mini-Cog": {"positiveAtMost": 2},
    "MMSE": {"positiveAtMost": {"illiterate": 17, "primary": 20, "secondary_or_more": 24}},
    "MoCA": {"normalAtLeast": 26, "educationBonusUpToYears": 12, "bonus": 1}}',
  'DOMAIN.md §3 (cut-offs vary by source)', true);

CREATE TABLE cognitive_screens (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id         bigint NOT NULL REFERENCES elders (id),
  district_code    text NOT NULL,
  assessment_id    bigint REFERENCES assessments (id),
  instrument       text NOT NULL CHECK (instrument IN ('AD8', 'Mini-Cog', 'MMSE', 'MoCA')),
  answers          jsonb NOT NULL,
  raw_score        smallint NOT NULL,
  score            smallint NOT NULL,
  education_years  smallint,
  education_level  text CHECK (education_level IN ('illiterate', 'primary', 'secondary_or_more')),
  cutoffs_version  text NOT NULL REFERENCES cognitive_cutoff_versions (version),
  positive         boolean NOT NULL,
  screened_on      date NOT NULL,
  screened_by      bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cognitive_screens_elder_idx ON cognitive_screens (elder_id, screened_on DESC);
CREATE TRIGGER cognitive_screens_append_only BEFORE UPDATE OR DELETE ON cognitive_screens
  FOR EACH ROW EXECUTE FUNCTION assessment_refuse_change();

-- A positive screen opens a referral for diagnosis (the referrals domain may take these over).
CREATE TABLE cognitive_referral_tasks (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id       bigint NOT NULL REFERENCES elders (id),
  district_code  text NOT NULL,
  screen_id      bigint NOT NULL UNIQUE REFERENCES cognitive_screens (id),
  kind           text NOT NULL DEFAULT 'cognitive_diagnosis',
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  outcome        text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  closed_at      timestamptz,
  closed_by      bigint REFERENCES users (id)
);
CREATE INDEX cognitive_referral_tasks_district_idx ON cognitive_referral_tasks (district_code, status);

-- Results under the previous standard, kept apart so they never enter GB/T 42195 statistics.
CREATE TABLE legacy_assessments (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id          bigint NOT NULL REFERENCES elders (id),
  district_code     text NOT NULL,
  standard          text NOT NULL CHECK (standard = 'MZ/T 039-2013'),
  assessed_on       date NOT NULL,
  adl_items         jsonb,
  adl_score         smallint CHECK (adl_score BETWEEN 0 AND 100),
  adl_grade         smallint CHECK (adl_grade BETWEEN 0 AND 3),
  mental_grade      smallint CHECK (mental_grade BETWEEN 0 AND 3),
  perception_grade  smallint CHECK (perception_grade BETWEEN 0 AND 3),
  social_grade      smallint CHECK (social_grade BETWEEN 0 AND 3),
  level             smallint NOT NULL CHECK (level BETWEEN 0 AND 3),
  source            text NOT NULL,
  external_id       text NOT NULL,
  imported_by       bigint REFERENCES users (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, external_id)
);
CREATE INDEX legacy_assessments_elder_idx ON legacy_assessments (elder_id, assessed_on DESC);
CREATE TRIGGER legacy_assessments_append_only BEFORE UPDATE OR DELETE ON legacy_assessments
  FOR EACH ROW EXECUTE FUNCTION assessment_refuse_change();

-- 抽查复评: one seeded draw per district and month. The seed, the algorithm and a hash of the
-- ordered candidate list are stored, so anyone can re-run the draw and get the same sample.
CREATE TABLE recheck_draws (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  district_code    text NOT NULL,
  month            text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  share            numeric(5, 4) NOT NULL CHECK (share > 0 AND share <= 1),
  seed             bigint NOT NULL CHECK (seed BETWEEN 0 AND 4294967295),
  algorithm        text NOT NULL,
  population       integer NOT NULL,
  population_hash  text NOT NULL,
  drawn            integer NOT NULL,
  drawn_by         bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district_code, month)
);

CREATE TABLE recheck_items (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  draw_id                 bigint NOT NULL REFERENCES recheck_draws (id),
  assessment_id           bigint NOT NULL REFERENCES assessments (id),
  elder_id                bigint NOT NULL,
  district_code           text NOT NULL,
  draw_position           integer NOT NULL,
  recheck_assessor_id     bigint REFERENCES users (id),
  status                  text NOT NULL CHECK (status IN ('unassigned', 'assigned', 'done')),
  original_total          smallint NOT NULL,
  original_level          smallint NOT NULL,
  original_rules_version  text NOT NULL,
  input                   jsonb,
  total                   smallint,
  final_level             smallint,
  rescored_at             timestamptz,
  UNIQUE (draw_id, assessment_id),
  CHECK ((status = 'unassigned') = (recheck_assessor_id IS NULL)),
  CHECK ((status = 'done') = (total IS NOT NULL AND final_level IS NOT NULL))
);
CREATE INDEX recheck_items_assessor_idx ON recheck_items (recheck_assessor_id, status);

CREATE TABLE assessment_reviews (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recheck_item_id    bigint NOT NULL UNIQUE REFERENCES recheck_items (id),
  assessment_id      bigint NOT NULL REFERENCES assessments (id),
  elder_id           bigint NOT NULL,
  district_code      text NOT NULL,
  level_difference   smallint NOT NULL,
  total_difference   smallint NOT NULL,
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  outcome            text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  closed_at          timestamptz,
  closed_by          bigint REFERENCES users (id)
);
CREATE INDEX assessment_reviews_district_idx ON assessment_reviews (district_code, status);
