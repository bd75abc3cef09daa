-- Double-entry ledger: accounts and immutable transfers. A transfer row is one balanced journal
-- entry (the debit leg on debit_account_id, the credit leg on credit_account_id, same amount and
-- currency), so the books balance by construction; balances are maintained on the accounts and
-- can be recomputed from the transfers (the trial balance does). Money in integer fen, time-bank
-- hours in integer minutes.

CREATE TABLE ledger_accounts (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- care: an elder's 重阳分 account; provider: an organisation receiving 重阳分 or grants;
  -- provider_settled: what was paid out to that organisation's bank; worker: a caregiver's
  -- incentives; budget: a city or district budget line; time: a time-bank account.
  type              text NOT NULL CHECK (type IN ('care', 'provider', 'provider_settled', 'worker', 'budget', 'time')),
  currency          text NOT NULL CHECK (currency IN ('CNY_FEN', 'TIME_MINUTE')),
  name              text NOT NULL,
  owner_type        text NOT NULL CHECK (owner_type IN ('elder', 'organisation', 'caregiver', 'volunteer', 'jurisdiction')),
  owner_id          bigint,
  owner_code        text,
  -- Where the account belongs, for access: the elder's community, the organisation's place, the
  -- budget's own code. district_code is null only for city-level budget accounts.
  jurisdiction_code text NOT NULL,
  district_code     text,
  -- The lowest the available balance may go: 0 for accounts that never go negative, minus the
  -- appropriation for budget accounts (they spend into the negative up to what was voted).
  floor             bigint NOT NULL DEFAULT 0 CHECK (floor <= 0),
  balance           bigint NOT NULL DEFAULT 0,
  pending_debits    bigint NOT NULL DEFAULT 0 CHECK (pending_debits >= 0),
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_type = 'jurisdiction') = (owner_code IS NOT NULL)),
  CHECK ((owner_type = 'jurisdiction') = (owner_id IS NULL)),
  CONSTRAINT ledger_accounts_floor CHECK (balance - pending_debits >= floor)
) WITH (fillfactor = 80); -- room for HOT updates: balances change every month for every elder
CREATE UNIQUE INDEX ledger_accounts_owner_idx ON ledger_accounts (type, currency, owner_type, owner_id) WHERE owner_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_accounts_owner_code_idx ON ledger_accounts (type, currency, owner_code) WHERE owner_code IS NOT NULL;
CREATE INDEX ledger_accounts_jurisdiction_idx ON ledger_accounts (jurisdiction_code text_pattern_ops, type);

CREATE TABLE ledger_transfers (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- API keys are stored as u<user>:<key> (a user's keys cannot collide with another's or with the
  -- platform's), platform keys as sys:… (deterministic, e.g. per programme, person and month).
  idempotency_key    text NOT NULL UNIQUE,
  -- Hash of what was asked, to tell a retry (same content) from a reused key (409). Null for
  -- platform postings, whose keys already encode their content.
  request_hash       text,
  -- posted: moves money now. pending: a hold (two-phase), resolved exactly once by capture
  -- (posts up to the held amount), void or expire. reversal: the correction of a posted transfer.
  kind               text NOT NULL CHECK (kind IN ('posted', 'pending', 'capture', 'void', 'expire', 'reversal')),
  debit_account_id   bigint NOT NULL REFERENCES ledger_accounts (id),
  credit_account_id  bigint NOT NULL REFERENCES ledger_accounts (id),
  amount             bigint NOT NULL CHECK (amount > 0),
  currency           text NOT NULL,
  pending_id         bigint REFERENCES ledger_transfers (id),
  reverses_id        bigint REFERENCES ledger_transfers (id),
  expires_at         timestamptz,
  reason             text NOT NULL,
  memo               text,
  -- Provenance of platform postings: the programme, the period paid, the rule version that
  -- produced the amount and the run that posted it.
  programme          text,
  period             text,
  policy_version_id  bigint REFERENCES policy_versions (id),
  run_id             bigint,
  district_code      text,
  created_by         bigint,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (debit_account_id <> credit_account_id),
  CHECK ((kind IN ('capture', 'void', 'expire')) = (pending_id IS NOT NULL)),
  CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)),
  CHECK ((kind = 'pending') = (expires_at IS NOT NULL))
);
CREATE UNIQUE INDEX ledger_transfers_resolved_once ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_transfers_reversed_once ON ledger_transfers (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX ledger_transfers_debit_idx ON ledger_transfers (debit_account_id, id);
CREATE INDEX ledger_transfers_credit_idx ON ledger_transfers (credit_account_id, id);
CREATE INDEX ledger_transfers_open_holds_idx ON ledger_transfers (debit_account_id, expires_at) WHERE kind = 'pending';

CREATE FUNCTION refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_transfers is append-only: correct with a reversal';
END
$$;
CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
CREATE TRIGGER ledger_transfers_no_truncate BEFORE TRUNCATE ON ledger_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();

-- Provider settlement: once a period, what providers hold in 重阳分 moves to their settled
-- account and becomes a line of a payout batch exported for the bank.
CREATE TABLE ledger_settlement_batches (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period            text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  jurisdiction_code text NOT NULL,
  line_count        integer NOT NULL DEFAULT 0,
  total_fen         bigint NOT NULL DEFAULT 0,
  created_by        bigint,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (period, jurisdiction_code)
);

CREATE TABLE ledger_settlement_lines (
  batch_id            bigint NOT NULL REFERENCES ledger_settlement_batches (id),
  provider_account_id bigint NOT NULL REFERENCES ledger_accounts (id),
  transfer_id         bigint NOT NULL REFERENCES ledger_transfers (id),
  organisation_id     bigint NOT NULL,
  amount_fen          bigint NOT NULL CHECK (amount_fen > 0),
  PRIMARY KEY (batch_id, provider_account_id)
);
