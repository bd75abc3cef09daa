-- Workforce: caregivers and other care staff, their employments, certificates and training, and
-- the incentive instalments (持证奖补, 入职奖补, 岗位津贴) scheduled from the policy engine.

CREATE TABLE workers (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name           text NOT NULL,
  id_number      text NOT NULL UNIQUE,
  sex            text NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date     date NOT NULL,
  phone          text,
  education      text NOT NULL CHECK (education IN (
                   'primary', 'junior_high', 'high_school', 'secondary_vocational', 'college', 'bachelor', 'postgraduate')),
  graduated_on   date,
  district_code  text NOT NULL,            -- district of the employer that registered the person
  created_by     bigint REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workers_name_idx ON workers (name text_pattern_ops);

CREATE TABLE employments (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  worker_id        bigint NOT NULL REFERENCES workers (id),
  organisation_id  bigint NOT NULL REFERENCES organisations (id),
  district_code    text NOT NULL,          -- the employer's district
  job_role         text NOT NULL CHECK (job_role IN (
                     'caregiver', 'nurse', 'rehab_nurse', 'social_worker', 'rehab_therapist', 'rehab_physician',
                     'doctor', 'assessor', 'manager', 'other')),
  frontline        boolean NOT NULL,        -- 一线岗位
  establishment    boolean NOT NULL DEFAULT false,  -- 事业编
  hired_on         date NOT NULL,
  left_on          date,
  left_reason      text,
  created_by       bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (left_on IS NULL OR left_on >= hired_on),
  CHECK ((left_on IS NULL) = (left_reason IS NULL))
);
CREATE UNIQUE INDEX employments_open_key ON employments (worker_id, organisation_id) WHERE left_on IS NULL;
CREATE INDEX employments_org_idx ON employments (organisation_id, job_role) WHERE left_on IS NULL;
CREATE INDEX employments_worker_idx ON employments (worker_id);

-- Certificates: the caregiver skill level (养老护理员职业技能等级, 5 五级/初级工 … 1 一级/高级技师)
-- and the professional qualifications the staffing checks count.
CREATE TABLE worker_certificates (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  worker_id       bigint NOT NULL REFERENCES workers (id),
  district_code   text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('caregiver_skill', 'social_worker', 'nurse_licence', 'rehab', 'assessor')),
  skill_level     smallint CHECK (skill_level BETWEEN 1 AND 5),
  certificate_no  text NOT NULL,
  issued_on       date NOT NULL,
  issuer          text,
  created_by      bigint REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, certificate_no),
  CHECK ((kind = 'caregiver_skill') = (skill_level IS NOT NULL))
);
CREATE INDEX worker_certificates_worker_idx ON worker_certificates (worker_id);

CREATE TABLE worker_training (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  worker_id      bigint NOT NULL REFERENCES workers (id),
  district_code  text NOT NULL,
  course         text NOT NULL,
  hours          numeric(6, 1) NOT NULL CHECK (hours > 0),
  completed_on   date NOT NULL,
  provider       text,
  created_by     bigint REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX worker_training_worker_idx ON worker_training (worker_id);

-- One row per instalment the policy engine scheduled. The key (worker, incentive, basis, seq)
-- makes scheduling idempotent: the monthly run may ask again and nothing doubles.
CREATE TABLE incentive_instalments (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  worker_id        bigint NOT NULL REFERENCES workers (id),
  employment_id    bigint NOT NULL REFERENCES employments (id),
  organisation_id  bigint NOT NULL REFERENCES organisations (id),
  district_code    text NOT NULL,
  incentive        text NOT NULL CHECK (incentive IN ('certificate_bonus', 'entry_bonus', 'post_allowance')),
  basis            text NOT NULL,          -- what earned it: certificate:<id>, employment:<id>, month:<YYYY-MM>
  seq              smallint NOT NULL,
  due_on           date NOT NULL,
  amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
  rule             text NOT NULL,          -- policy rule id, e.g. workforce.certificateBonus
  rule_version     integer NOT NULL,
  policy_version_id bigint NOT NULL,       -- the policy engine's version row
  explanation      jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'paid', 'cancelled')),
  paid_on          date,
  payment_ref      text,                   -- the ledger transfer or monthly-run reference
  cancelled_on     date,
  cancel_reason    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (worker_id, incentive, basis, seq),
  CHECK ((status = 'paid') = (paid_on IS NOT NULL)),
  CHECK ((status = 'cancelled') = (cancelled_on IS NOT NULL))
);
CREATE INDEX incentive_instalments_due_idx ON incentive_instalments (due_on, district_code) WHERE status = 'scheduled';
CREATE INDEX incentive_instalments_employment_idx ON incentive_instalments (employment_id, status);
