-- Demo seeding: each seeded elder carries its ordinal within the seeding runs, so a run that
-- crashed continues where it stopped and a finished run is never repeated.
ALTER TABLE elders ADD COLUMN seed_ordinal integer;
CREATE UNIQUE INDEX elders_seed_ordinal_idx ON elders (seed_ordinal);

-- Where a run's ordinals start: runs with other seeds or sizes can follow one another.
ALTER TABLE seed_runs ADD COLUMN first_ordinal integer;
