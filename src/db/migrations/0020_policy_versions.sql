-- Policy rule versions as loaded from the packs in policies/, bitemporal: effective_from/to is
-- when a version applies (valid time), recorded_at is when the platform learnt it (transaction
-- time). Rows are never changed: a corrected version is a new row with a later recorded_at, a
-- version taken out of its pack is a row with retracted = true. "As known at T" = for each
-- (jurisdiction, rule, version) the latest row recorded at or before T.
CREATE TABLE policy_versions (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_code text NOT NULL CHECK (jurisdiction_code ~ '^[0-9]{6}$'),
  rule              text NOT NULL,
  version           integer NOT NULL CHECK (version > 0),
  effective_from    date NOT NULL,
  effective_to      date,
  retracted         boolean NOT NULL DEFAULT false,
  content           jsonb NOT NULL,
  content_hash      text NOT NULL,
  pack_file         text NOT NULL,
  recorded_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE INDEX policy_versions_lookup_idx ON policy_versions (rule, jurisdiction_code, version, recorded_at);

CREATE FUNCTION refuse_policy_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'policy_versions is append-only: record a new version instead';
END
$$;
CREATE TRIGGER policy_versions_no_update BEFORE UPDATE OR DELETE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_policy_version_change();
