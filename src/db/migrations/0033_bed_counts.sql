-- Live bed counts per institution, bed type and status, kept by a trigger in the same transaction
-- as every bed change. The city's occupancy view then sums a few thousand counter rows instead of
-- scanning every bed (100k beds at city scale) on each refresh of the cockpit.

CREATE TABLE bed_counts (
  organisation_id  bigint NOT NULL REFERENCES organisations (id),
  district_code    text NOT NULL,
  bed_type         text NOT NULL,
  status           text NOT NULL,
  -- No CHECK (n >= 0): PostgreSQL checks the proposed row of INSERT … ON CONFLICT too, and the
  -- upsert below proposes negative deltas. The tests compare the counters with a recount.
  n                integer NOT NULL,
  PRIMARY KEY (organisation_id, bed_type, status)
);
CREATE INDEX bed_counts_district_idx ON bed_counts (district_code);

-- Statement-level, over the transition tables: a bulk insert of 100k beds is one grouped upsert.
-- Old rows count -1 and new rows +1 in ONE statement, ordered by key, so concurrent bed changes
-- lock counter rows in the same order and cannot deadlock on them.
CREATE FUNCTION count_beds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO bed_counts (organisation_id, district_code, bed_type, status, n)
    SELECT organisation_id, district_code, bed_type, status, count(*) FROM new_rows
    GROUP BY organisation_id, district_code, bed_type, status
    ORDER BY organisation_id, bed_type, status
    ON CONFLICT (organisation_id, bed_type, status) DO UPDATE SET n = bed_counts.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE bed_counts c SET n = c.n - d.k
    FROM (SELECT organisation_id, bed_type, status, count(*) AS k FROM old_rows GROUP BY 1, 2, 3) d
    WHERE c.organisation_id = d.organisation_id AND c.bed_type = d.bed_type AND c.status = d.status;
  ELSE
    INSERT INTO bed_counts (organisation_id, district_code, bed_type, status, n)
    SELECT organisation_id, max(district_code), bed_type, status, sum(delta) FROM (
      SELECT organisation_id, district_code, bed_type, status, -1 AS delta FROM old_rows
      UNION ALL
      SELECT organisation_id, district_code, bed_type, status, 1 FROM new_rows
    ) d
    GROUP BY organisation_id, bed_type, status
    HAVING sum(delta) <> 0
    ORDER BY organisation_id, bed_type, status
    ON CONFLICT (organisation_id, bed_type, status) DO UPDATE SET n = bed_counts.n + excluded.n;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER beds_count_insert AFTER INSERT ON beds REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_beds();
CREATE TRIGGER beds_count_update AFTER UPDATE ON beds REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_beds();
CREATE TRIGGER beds_count_delete AFTER DELETE ON beds REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_beds();

-- Beds created before this migration.
INSERT INTO bed_counts (organisation_id, district_code, bed_type, status, n)
SELECT organisation_id, max(district_code), bed_type, status, count(*) FROM beds GROUP BY organisation_id, bed_type, status;
