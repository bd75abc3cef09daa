-- Foundation: places, organisations, identity and access, audit log, elder registry.
-- Large tables carry district_code (6-digit GB/T 2260) so they can be distributed by it later.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

-- GB/T 2260 tree: province (2) / city (4) / district (6) as 6-digit codes, street 9, community 12.
CREATE TABLE jurisdictions (
  code          text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
  name          text NOT NULL,
  level         text NOT NULL CHECK (level IN ('province', 'city', 'district', 'street', 'community')),
  parent_code   text REFERENCES jurisdictions (code),
  district_code text,
  lat           double precision,
  lng           double precision
);
CREATE INDEX jurisdictions_parent_idx ON jurisdictions (parent_code);
CREATE INDEX jurisdictions_name_trgm ON jurisdictions USING gin (name gin_trgm_ops);

CREATE TABLE organisations (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind              text NOT NULL,
  name              text NOT NULL,
  ownership         text CHECK (ownership IN ('public', 'private', 'public_built_private_run')),
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  district_code     text NOT NULL,
  address           text,
  lat               double precision,
  lng               double precision,
  bed_count         integer NOT NULL DEFAULT 0 CHECK (bed_count >= 0),
  nursing_bed_count integer NOT NULL DEFAULT 0 CHECK (nursing_bed_count >= 0),
  seed_key          text UNIQUE,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisations_district_idx ON organisations (district_code, kind);
CREATE INDEX organisations_jurisdiction_idx ON organisations (jurisdiction_code text_pattern_ops);

CREATE TABLE users (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name         text NOT NULL,
  password_hash        text NOT NULL,
  is_demo              boolean NOT NULL DEFAULT false,
  disabled             boolean NOT NULL DEFAULT false,
  failed_logins        integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  password_changed_at  timestamptz NOT NULL DEFAULT now(),
  created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_grants (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id           bigint NOT NULL REFERENCES users (id),
  role              text NOT NULL CHECK (role IN (
                      'city_admin', 'district_officer', 'street_officer', 'community_worker',
                      'institution_staff', 'provider_staff', 'caregiver', 'assessor',
                      'volunteer', 'elder_family')),
  jurisdiction_code text REFERENCES jurisdictions (code),
  organisation_id   bigint REFERENCES organisations (id),
  elder_id          bigint,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (jurisdiction_code IS NOT NULL OR organisation_id IS NOT NULL OR elder_id IS NOT NULL)
);
CREATE INDEX role_grants_user_idx ON role_grants (user_id);

CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Append-only: who read or changed which personal record, when, from where, why.
CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  user_id       bigint,
  username      text,
  roles         text,
  action        text NOT NULL,
  entity_type   text NOT NULL,
  entity_id     text,
  district_code text,
  ip            text,
  purpose       text,
  detail        jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

-- 老年人基本信息建档
CREATE TABLE elders (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_code      text NOT NULL UNIQUE,
  name            text NOT NULL,
  id_number       text NOT NULL UNIQUE,
  sex             text NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date      date NOT NULL,
  phone           text,
  district_code   text NOT NULL,
  street_code     text NOT NULL,
  community_code  text NOT NULL REFERENCES jurisdictions (code),
  address         text NOT NULL,
  hukou_code      text,
  lat             double precision,
  lng             double precision,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deceased', 'moved_away')),
  archived_on     date,
  archive_reason  text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'active') = (archived_on IS NULL))
);
CREATE INDEX elders_community_idx ON elders (community_code text_pattern_ops, id);
CREATE INDEX elders_district_idx ON elders (district_code, id);
CREATE INDEX elders_name_prefix_idx ON elders (name text_pattern_ops);
CREATE INDEX elders_name_trgm ON elders USING gin (name gin_trgm_ops);
CREATE INDEX elders_birth_idx ON elders (birth_date);

-- Status flags with effective dates (特困, 低保, …). 高龄 is derived from age, not stored.
CREATE TABLE elder_status_flags (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id        bigint NOT NULL REFERENCES elders (id),
  district_code   text NOT NULL,
  flag            text NOT NULL CHECK (flag IN (
                    'extreme_poverty', 'subsistence', 'near_subsistence', 'family_planning_special',
                    'empty_nest', 'left_behind', 'living_alone', 'disabled', 'dementia',
                    'severe_disability')),
  effective_from  date NOT NULL,
  effective_to    date,
  note            text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE INDEX elder_status_flags_elder_idx ON elder_status_flags (elder_id);
CREATE INDEX elder_status_flags_flag_idx ON elder_status_flags (flag, district_code);

CREATE TABLE elder_contacts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id      bigint NOT NULL REFERENCES elders (id),
  district_code text NOT NULL,
  name          text NOT NULL,
  relation      text NOT NULL,
  phone         text,
  is_guardian   boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX elder_contacts_elder_idx ON elder_contacts (elder_id);

-- Seeding runs record their parameters so the same seed twice is a no-op.
CREATE TABLE seed_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seed        integer NOT NULL,
  elders      integer NOT NULL,
  stage       text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (seed, elders)
);
