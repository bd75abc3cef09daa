-- Home care, part 5: the money of an order in two phases. Acceptance reserves the subsidised part
-- on the elder's 重阳分 account (a ledger hold, kind 'pending'); a verified visit captures it (less
-- when an hourly service was shorter); cancellation voids it; a hold on a visit never verified
-- expires. The co-payment of a verified visit is recorded as owed by the elder to the provider.

-- How long after the scheduled end an unverified visit's hold stays reserved (default: a week).
ALTER TABLE homecare_policies
  ADD COLUMN hold_expiry_minutes integer NOT NULL DEFAULT 10080 CHECK (hold_expiry_minutes BETWEEN 0 AND 129600);

ALTER TABLE homecare_orders
  ADD COLUMN hold_transfer_id bigint REFERENCES ledger_transfers (id),
  -- none: nothing to hold (no subsidy); unavailable: no account or short funds at acceptance.
  ADD COLUMN hold_status text NOT NULL DEFAULT 'none'
    CHECK (hold_status IN ('none', 'unavailable', 'held', 'captured', 'voided', 'expired')),
  ADD COLUMN hold_note text,
  ADD CONSTRAINT homecare_orders_hold_check CHECK (hold_status NOT IN ('held', 'captured', 'voided', 'expired') OR hold_transfer_id IS NOT NULL);
CREATE INDEX homecare_orders_held_idx ON homecare_orders (hold_transfer_id) WHERE hold_status = 'held';

ALTER TABLE homecare_order_events DROP CONSTRAINT homecare_order_events_action_check;
ALTER TABLE homecare_order_events ADD CONSTRAINT homecare_order_events_action_check
  CHECK (action IN ('placed', 'accepted', 'declined', 'assigned', 'reassigned', 'cancelled', 'started', 'completed',
                    'auto_closed', 'hold_expired'));

-- The co-payment (自付) of a verified visit, owed by the elder to the provider: the billed price
-- less the billed subsidy. One row per visit.
CREATE TABLE homecare_copayments (
  visit_id         bigint PRIMARY KEY REFERENCES homecare_visits (id),
  order_id         bigint NOT NULL REFERENCES homecare_orders (id),
  organisation_id  bigint NOT NULL REFERENCES homecare_providers (organisation_id),
  elder_id         bigint NOT NULL REFERENCES elders (id),
  district_code    text NOT NULL,
  billed_minutes   integer NOT NULL CHECK (billed_minutes >= 0),
  price_fen        bigint NOT NULL CHECK (price_fen >= 0),
  subsidy_fen      bigint NOT NULL CHECK (subsidy_fen >= 0),
  amount_fen       bigint NOT NULL CHECK (amount_fen >= 0),
  status           text NOT NULL DEFAULT 'owed' CHECK (status IN ('owed', 'paid')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (price_fen = subsidy_fen + amount_fen)
);
CREATE INDEX homecare_copayments_org_idx ON homecare_copayments (organisation_id, status);
