-- Home care, part 4: missing check-outs closed by a job and flagged, impossible travel between two
-- visits of one worker, ratings and complaints of verified visits. The new limits are policy
-- values with the others (homecare_policies), so a jurisdiction's version can change them.

-- A visit still checked in after its scheduled minutes × long_visit_pct/100 plus this grace is
-- closed and flagged missing_checkout; never verified by the job.
ALTER TABLE homecare_policies
  ADD COLUMN missing_checkout_grace_minutes integer NOT NULL DEFAULT 60
    CHECK (missing_checkout_grace_minutes BETWEEN 0 AND 1440),
  -- Faster than this between a worker's check-out and their next check-in is impossible travel.
  ADD COLUMN max_travel_kmh integer NOT NULL DEFAULT 80 CHECK (max_travel_kmh BETWEEN 5 AND 1000),
  -- A complaint must be answered by the provider within this many hours.
  ADD COLUMN complaint_response_hours integer NOT NULL DEFAULT 72 CHECK (complaint_response_hours BETWEEN 1 AND 720);

-- When the job closed a visit nobody checked out of (check_out_at stays empty: no end was taken).
ALTER TABLE homecare_visits ADD COLUMN auto_closed_at timestamptz;
CREATE INDEX homecare_visits_open_idx ON homecare_visits (check_in_at) WHERE status = 'in_progress';
CREATE INDEX homecare_visits_worker_checkout_idx ON homecare_visits (worker_id, check_out_at) WHERE check_out_at IS NOT NULL;

ALTER TABLE homecare_order_events DROP CONSTRAINT homecare_order_events_action_check;
ALTER TABLE homecare_order_events ADD CONSTRAINT homecare_order_events_action_check
  CHECK (action IN ('placed', 'accepted', 'declined', 'assigned', 'reassigned', 'cancelled', 'started', 'completed', 'auto_closed'));

INSERT INTO homecare_codes (kind, code, name_zh, name_en) VALUES
  ('exception', 'missing_checkout', '未签退，系统自动结束', 'No check-out: closed by the system'),
  ('exception', 'impossible_travel', '与上一服务之间的移动速度不可能', 'Impossible travel from the previous visit');

-- One rating per visit, by the elder or their family, of a verified visit.
CREATE TABLE homecare_visit_ratings (
  visit_id         bigint PRIMARY KEY REFERENCES homecare_visits (id),
  organisation_id  bigint NOT NULL REFERENCES homecare_providers (organisation_id),
  elder_id         bigint NOT NULL REFERENCES elders (id),
  stars            smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  tags             text[] NOT NULL DEFAULT '{}',
  comment          text,
  rated_by         bigint NOT NULL REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX homecare_visit_ratings_org_idx ON homecare_visit_ratings (organisation_id);

-- A complaint (投诉) about a visit: a task of the provider with a deadline, seen by the district.
-- The complainant's account is kept for the district and never shown to the provider.
CREATE TABLE homecare_complaints (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  visit_id         bigint NOT NULL REFERENCES homecare_visits (id),
  organisation_id  bigint NOT NULL REFERENCES homecare_providers (organisation_id),
  elder_id         bigint NOT NULL REFERENCES elders (id),
  district_code    text NOT NULL,
  community_code   text NOT NULL,
  text             text NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  due_at           timestamptz NOT NULL,
  answer           text,
  answered_at      timestamptz,
  answered_by      bigint REFERENCES users (id),
  complained_by    bigint NOT NULL REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'answered') = (answered_at IS NOT NULL AND answer IS NOT NULL))
);
CREATE INDEX homecare_complaints_org_idx ON homecare_complaints (organisation_id, status, due_at);
CREATE INDEX homecare_complaints_community_idx ON homecare_complaints (community_code text_pattern_ops, created_at);
CREATE INDEX homecare_complaints_visit_idx ON homecare_complaints (visit_id);
