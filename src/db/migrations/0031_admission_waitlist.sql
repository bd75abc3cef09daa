-- Admission waiting list (入院评估轮候) for public institutions: applications, the institutions
-- each names, bed offers and the applicant-visible history of every change of order.

CREATE TABLE waitlist_applications (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id         bigint NOT NULL REFERENCES elders (id),
  district_code    text NOT NULL,                 -- the elder's district
  applied_on       date NOT NULL,
  -- Place inside the priority tier: the application time, reset when the policy sends it to the back.
  queued_at        timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'waiting'
                     CHECK (status IN ('waiting', 'offered', 'accepted', 'admitted', 'withdrawn')),
  eligible         boolean NOT NULL,
  priority_tier    smallint NOT NULL,
  priority_label   text NOT NULL,
  priority_reasons jsonb NOT NULL,               -- the facts that placed it, shown to the family
  policy_version   text NOT NULL,
  decline_count    integer NOT NULL DEFAULT 0 CHECK (decline_count >= 0),
  created_by       bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
-- One open application per elder.
CREATE UNIQUE INDEX waitlist_applications_open_elder_key ON waitlist_applications (elder_id)
  WHERE status IN ('waiting', 'offered', 'accepted');
CREATE INDEX waitlist_applications_queue_idx ON waitlist_applications (priority_tier, queued_at, id)
  WHERE status = 'waiting' AND eligible;
CREATE INDEX waitlist_applications_district_idx ON waitlist_applications (district_code, status);

CREATE TABLE waitlist_choices (
  application_id   bigint NOT NULL REFERENCES waitlist_applications (id),
  organisation_id  bigint NOT NULL REFERENCES organisations (id),
  district_code    text NOT NULL,                 -- the institution's district
  PRIMARY KEY (application_id, organisation_id)
);
CREATE INDEX waitlist_choices_org_idx ON waitlist_choices (organisation_id, application_id);

-- 'active' = waiting for the applicant's answer; 'accepted' = bed held until admission.
-- Both hold the bed and the applicant, so the partial unique indexes below cover both: a bed is
-- never offered to two applicants at once and an applicant never holds two offers.
CREATE TABLE bed_offers (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id   bigint NOT NULL REFERENCES waitlist_applications (id),
  elder_id         bigint NOT NULL REFERENCES elders (id),
  bed_id           bigint NOT NULL REFERENCES beds (id),
  organisation_id  bigint NOT NULL REFERENCES organisations (id),
  district_code    text NOT NULL,                 -- the institution's district
  status           text NOT NULL DEFAULT 'active'
                     CHECK (status IN ('active', 'accepted', 'declined', 'expired', 'withdrawn', 'admitted')),
  offered_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  responded_at     timestamptz,
  response_note    text,
  offered_by       bigint REFERENCES users (id),  -- null: offered by the system when the bed freed
  CHECK (expires_at > offered_at)
);
CREATE UNIQUE INDEX bed_offers_holding_bed_key ON bed_offers (bed_id) WHERE status IN ('active', 'accepted');
CREATE UNIQUE INDEX bed_offers_holding_application_key ON bed_offers (application_id) WHERE status IN ('active', 'accepted');
CREATE UNIQUE INDEX bed_offers_holding_elder_key ON bed_offers (elder_id) WHERE status IN ('active', 'accepted');
CREATE INDEX bed_offers_expiry_idx ON bed_offers (expires_at) WHERE status = 'active';
CREATE INDEX bed_offers_bed_idx ON bed_offers (bed_id, application_id);
CREATE INDEX bed_offers_org_idx ON bed_offers (organisation_id, status);

-- What the applicant and family read as "why": every change of place with its reason.
-- The audit log carries the same changes for supervision; this table is the applicant's view.
CREATE TABLE waitlist_events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id   bigint NOT NULL REFERENCES waitlist_applications (id),
  district_code    text NOT NULL,
  at               timestamptz NOT NULL DEFAULT now(),
  kind             text NOT NULL,
  reason           text NOT NULL,
  detail           jsonb,
  actor_id         bigint REFERENCES users (id)
);
CREATE INDEX waitlist_events_application_idx ON waitlist_events (application_id, id);
CREATE TRIGGER waitlist_events_append_only BEFORE UPDATE OR DELETE ON waitlist_events
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();

ALTER TABLE residencies ADD COLUMN offer_id bigint REFERENCES bed_offers (id);
