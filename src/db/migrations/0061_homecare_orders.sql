-- Home care, part 2: orders (点单) with the quote they were confirmed at, the provider's answer,
-- the worker assigned, cancellation, and every step as an event (who, when, why).

CREATE TABLE homecare_orders (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id          bigint NOT NULL REFERENCES elders (id),
  district_code     text NOT NULL,
  street_code       text NOT NULL,
  community_code    text NOT NULL,
  organisation_id   bigint NOT NULL REFERENCES homecare_providers (organisation_id),
  item_id           bigint NOT NULL REFERENCES homecare_catalogue_items (id),
  item_code         text NOT NULL,
  policy_id         bigint NOT NULL REFERENCES homecare_policies (id),
  scheduled_start   timestamptz NOT NULL,
  duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
  note              text,
  -- The quote as confirmed: provider's price, the subsidy (重阳分) by the elder's standing then, the rest.
  price_fen         bigint NOT NULL CHECK (price_fen > 0),
  subsidy_fen       bigint NOT NULL CHECK (subsidy_fen >= 0),
  copay_fen         bigint NOT NULL CHECK (copay_fen >= 0),
  assessment_level  smallint,
  status            text NOT NULL DEFAULT 'requested'
                    CHECK (status IN ('requested', 'accepted', 'declined', 'assigned', 'in_progress', 'completed', 'cancelled')),
  accept_due_at     timestamptz NOT NULL,
  accepted_at       timestamptz,
  declined_at       timestamptz,
  decline_code      text,
  decline_note      text,
  worker_id         bigint REFERENCES workers (id),
  assigned_at       timestamptz,
  cancelled_at      timestamptz,
  cancelled_by      bigint REFERENCES users (id),
  cancelled_role    text,
  cancel_code       text,
  cancel_note       text,
  placed_by         bigint NOT NULL REFERENCES users (id),
  placed_role       text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (price_fen = subsidy_fen + copay_fen),
  CHECK ((status = 'declined') = (declined_at IS NOT NULL)),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK (status NOT IN ('assigned', 'in_progress', 'completed') OR worker_id IS NOT NULL)
);
CREATE INDEX homecare_orders_org_idx ON homecare_orders (organisation_id, status, scheduled_start);
CREATE INDEX homecare_orders_elder_idx ON homecare_orders (elder_id, scheduled_start);
CREATE INDEX homecare_orders_community_idx ON homecare_orders (community_code text_pattern_ops, scheduled_start);
CREATE INDEX homecare_orders_worker_idx ON homecare_orders (worker_id, scheduled_start) WHERE worker_id IS NOT NULL;
CREATE INDEX homecare_orders_accept_due_idx ON homecare_orders (accept_due_at) WHERE status = 'requested';

-- Append-only history of an order.
CREATE TABLE homecare_order_events (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id  bigint NOT NULL REFERENCES homecare_orders (id),
  at        timestamptz NOT NULL DEFAULT now(),
  action    text NOT NULL CHECK (action IN ('placed', 'accepted', 'declined', 'assigned', 'reassigned', 'cancelled', 'started', 'completed')),
  user_id   bigint REFERENCES users (id),
  role      text,
  code      text,
  note      text,
  detail    jsonb
);
CREATE INDEX homecare_order_events_order_idx ON homecare_order_events (order_id, id);
