-- A settlement line keeps the payee as it stood when its batch was made: the payout file sent to
-- the bank for a batch must read the same tomorrow, whatever the provider's profile says by then.
-- (Organisations hold no bank account yet; when they do, it is copied here in the same way.)
ALTER TABLE ledger_settlement_lines ADD COLUMN payee_name text;
UPDATE ledger_settlement_lines l
SET payee_name = coalesce((SELECT o.name FROM organisations o WHERE o.id = l.organisation_id),
                          (SELECT a.name FROM ledger_accounts a WHERE a.id = l.provider_account_id));
ALTER TABLE ledger_settlement_lines ALTER COLUMN payee_name SET NOT NULL;

-- Lines are written once, with their batch, and never changed or removed.
CREATE FUNCTION refuse_settlement_line_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_settlement_lines is append-only: a batch is never rewritten';
END
$$;
CREATE TRIGGER ledger_settlement_lines_frozen BEFORE UPDATE OR DELETE ON ledger_settlement_lines
  FOR EACH ROW EXECUTE FUNCTION refuse_settlement_line_change();
CREATE TRIGGER ledger_settlement_lines_no_truncate BEFORE TRUNCATE ON ledger_settlement_lines
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_settlement_line_change();
