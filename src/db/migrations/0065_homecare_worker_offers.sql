-- Home care, part 6: dispatch by offer. The provider (or the platform's proposal) offers an order to
-- one of its workers; the offer expires unanswered after the policy's minutes, and the worker's
-- acceptance assigns the order. One open offer per order at a time.

ALTER TABLE homecare_policies
  ADD COLUMN offer_expiry_minutes integer NOT NULL DEFAULT 30 CHECK (offer_expiry_minutes BETWEEN 1 AND 1440);

CREATE TABLE homecare_worker_offers (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id         bigint NOT NULL REFERENCES homecare_orders (id),
  organisation_id  bigint NOT NULL REFERENCES organisations (id),
  worker_id        bigint NOT NULL REFERENCES workers (id),
  district_code    text NOT NULL,
  -- pending until answered; 'expired' is written by the job or on the late answer, and a read past
  -- expires_at treats a pending offer as expired either way.
  status           text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  expires_at       timestamptz NOT NULL,
  offered_by       bigint REFERENCES users (id),
  offered_at       timestamptz NOT NULL,
  answered_at      timestamptz,
  decline_code     text,
  CHECK ((status = 'pending') = (answered_at IS NULL))
);
CREATE UNIQUE INDEX homecare_worker_offers_open_key ON homecare_worker_offers (order_id) WHERE status = 'pending';
CREATE INDEX homecare_worker_offers_worker_idx ON homecare_worker_offers (worker_id, status);
CREATE INDEX homecare_worker_offers_due_idx ON homecare_worker_offers (expires_at) WHERE status = 'pending';

ALTER TABLE homecare_order_events DROP CONSTRAINT homecare_order_events_action_check;
ALTER TABLE homecare_order_events ADD CONSTRAINT homecare_order_events_action_check
  CHECK (action IN ('placed', 'accepted', 'declined', 'assigned', 'reassigned', 'cancelled', 'started', 'completed',
                    'auto_closed', 'hold_expired', 'offered', 'offer_declined', 'offer_expired'));
