-- Institutions and community facilities: profiles, GB/T 37276 star evaluations, beds, residents.
-- Organisations themselves live in 0001; these tables hang off organisations(id). Every row carries
-- the district_code of the institution, so the tables can later be distributed by it.

-- One row per care institution (organisations.kind = 'institution'); community facilities need none.
CREATE TABLE institution_profiles (
  organisation_id    bigint PRIMARY KEY REFERENCES organisations (id),
  district_code      text NOT NULL,
  is_township_home   boolean NOT NULL DEFAULT false,                 -- 敬老院
  medical_mode       text NOT NULL DEFAULT 'none'
                       CHECK (medical_mode IN ('none', 'in_house', 'partner_hospital')),  -- 医养结合
  medical_unit_name  text,
  partner_hospital   text,
  partner_from       date,
  partner_to         date,
  has_rehab_room     boolean NOT NULL DEFAULT false,                 -- 康复室
  has_dementia_unit  boolean NOT NULL DEFAULT false,                 -- 记忆家园
  phone              text,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (medical_mode <> 'in_house' OR medical_unit_name IS NOT NULL),
  CHECK (medical_mode <> 'partner_hospital' OR (partner_hospital IS NOT NULL AND partner_from IS NOT NULL)),
  CHECK (partner_to IS NULL OR partner_from IS NULL OR partner_to >= partner_from)
);

CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;

-- GB/T 37276 evaluations: append-only; a re-evaluation is a new row. The star comes from the
-- threshold table version named in scale_version (kept in code as data, see star-scales.json).
CREATE TABLE institution_star_ratings (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id    bigint NOT NULL REFERENCES organisations (id),
  district_code      text NOT NULL,
  evaluated_on       date NOT NULL,
  valid_until        date NOT NULL,
  score_environment  numeric(5, 1) NOT NULL CHECK (score_environment >= 0),
  score_facilities   numeric(5, 1) NOT NULL CHECK (score_facilities >= 0),
  score_operations   numeric(5, 1) NOT NULL CHECK (score_operations >= 0),
  score_service      numeric(5, 1) NOT NULL CHECK (score_service >= 0),
  total              numeric(6, 1) NOT NULL,
  star               smallint NOT NULL CHECK (star BETWEEN 0 AND 5),
  scale_version      text NOT NULL,
  evaluator          text,
  note               text,
  created_by         bigint REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until >= evaluated_on)
);
CREATE INDEX institution_star_ratings_org_idx ON institution_star_ratings (organisation_id, evaluated_on DESC, id DESC);
CREATE TRIGGER institution_star_ratings_append_only BEFORE UPDATE OR DELETE ON institution_star_ratings
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();

-- 护理型/照护型 beds split into 医疗照护 (medical_care) and 养老照护 (elderly_care); dementia; ordinary.
CREATE TABLE beds (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id    bigint NOT NULL REFERENCES organisations (id),
  district_code      text NOT NULL,
  label              text NOT NULL,
  bed_type           text NOT NULL CHECK (bed_type IN ('medical_care', 'elderly_care', 'dementia', 'ordinary')),
  status             text NOT NULL DEFAULT 'free' CHECK (status IN ('free', 'occupied', 'reserved', 'out_of_service')),
  status_changed_at  timestamptz NOT NULL DEFAULT now(),
  -- Start of the current vacancy: a waiting-list applicant who declined this bed is not offered it
  -- again until it has been occupied (or out of service) and freed anew.
  vacated_at         timestamptz NOT NULL DEFAULT now(),
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, label)
);
-- Covers the live occupancy GROUP BYs (city, district, institution) as index-only scans.
CREATE INDEX beds_occupancy_idx ON beds (district_code, organisation_id, bed_type, status);
CREATE INDEX beds_free_idx ON beds (organisation_id, id) WHERE status = 'free';

-- A stay in an institution. bed_id is the current bed; moves are kept in residency_bed_moves.
CREATE TABLE residencies (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id           bigint NOT NULL REFERENCES elders (id),
  organisation_id    bigint NOT NULL REFERENCES organisations (id),
  district_code      text NOT NULL,
  bed_id             bigint NOT NULL REFERENCES beds (id),
  admitted_on        date NOT NULL,
  placement          text NOT NULL DEFAULT 'direct' CHECK (placement IN ('direct', 'waiting_list', 'official_placement')),
  discharged_on      date,
  discharge_reason   text CHECK (discharge_reason IN ('returned_home', 'other_institution', 'hospital', 'deceased', 'other')),
  discharge_note     text,
  admitted_by        bigint REFERENCES users (id),
  discharged_by      bigint REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((discharged_on IS NULL) = (discharge_reason IS NULL)),
  CHECK (discharged_on IS NULL OR discharged_on >= admitted_on)
);
-- An elder lives in one institution at a time, and a bed holds one resident.
CREATE UNIQUE INDEX residencies_open_elder_key ON residencies (elder_id) WHERE discharged_on IS NULL;
CREATE UNIQUE INDEX residencies_open_bed_key ON residencies (bed_id) WHERE discharged_on IS NULL;
CREATE INDEX residencies_org_idx ON residencies (organisation_id, discharged_on);

CREATE TABLE residency_bed_moves (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  residency_id       bigint NOT NULL REFERENCES residencies (id),
  district_code      text NOT NULL,
  from_bed_id        bigint NOT NULL REFERENCES beds (id),
  to_bed_id          bigint NOT NULL REFERENCES beds (id),
  moved_on           date NOT NULL,
  reason             text NOT NULL,
  moved_by           bigint REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX residency_bed_moves_residency_idx ON residency_bed_moves (residency_id);

-- GB 38600-2019: a safety-risk assessment before admission, one level per risk
-- (0 none, 1 low, 2 medium, 3 high).
CREATE TABLE admission_safety_assessments (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  residency_id       bigint NOT NULL UNIQUE REFERENCES residencies (id),
  elder_id           bigint NOT NULL REFERENCES elders (id),
  organisation_id    bigint NOT NULL REFERENCES organisations (id),
  district_code      text NOT NULL,
  assessed_on        date NOT NULL,
  assessor_name      text NOT NULL,
  choking            smallint NOT NULL CHECK (choking BETWEEN 0 AND 3),            -- 噎食
  wrong_intake       smallint NOT NULL CHECK (wrong_intake BETWEEN 0 AND 3),       -- 食品药品误食
  pressure_sore      smallint NOT NULL CHECK (pressure_sore BETWEEN 0 AND 3),      -- 压疮
  scald              smallint NOT NULL CHECK (scald BETWEEN 0 AND 3),              -- 烫伤
  bed_fall           smallint NOT NULL CHECK (bed_fall BETWEEN 0 AND 3),           -- 坠床
  fall               smallint NOT NULL CHECK (fall BETWEEN 0 AND 3),               -- 跌倒
  injury             smallint NOT NULL CHECK (injury BETWEEN 0 AND 3),             -- 他伤和自伤
  wandering          smallint NOT NULL CHECK (wandering BETWEEN 0 AND 3),          -- 走失
  activity_accident  smallint NOT NULL CHECK (activity_accident BETWEEN 0 AND 3),  -- 文娱活动意外
  notes              text,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER admission_safety_assessments_append_only BEFORE UPDATE OR DELETE ON admission_safety_assessments
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();

CREATE INDEX organisations_kind_idx ON organisations (kind, district_code);
