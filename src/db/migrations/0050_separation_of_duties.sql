-- Four eyes on the monthly run: whoever computed the preview (like whoever started the run,
-- created_by) may not approve it. Recomputing replaces the preview, so it records the new author.
ALTER TABLE subsidy_runs ADD COLUMN previewed_by bigint REFERENCES users (id);
