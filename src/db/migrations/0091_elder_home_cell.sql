-- 养老地图: each elder's home H3 cell at resolution 9, kept beside the coordinates so coverage
-- groups uncovered elders by cell in SQL (h3 is not available in SQL on either engine; the
-- application computes the cell on every write of lat/lng, src/domain/elders/home-cell.ts).
-- Existing rows start NULL and are filled by `yiyang backfill-home-cells` (idempotent); until
-- then coverage computes the cell of an uncovered elder with no stored cell point by point, so
-- its answers never depend on the back-fill having run.
ALTER TABLE elders ADD COLUMN home_h3_r9 text CHECK (home_h3_r9 ~ '^89[0-9a-f]{13}$');

-- The rows the back-fill still has to do (and coverage's per-point fallback reads).
CREATE INDEX elders_home_cell_pending_idx ON elders (id)
  WHERE home_h3_r9 IS NULL AND lat IS NOT NULL AND lng IS NOT NULL;

-- A write that moves the home without giving the new cell clears the old one: a stale cell
-- would put the elder in the wrong hotspot, a missing one only costs a per-point computation.
CREATE FUNCTION elders_home_cell_follows_home() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.lat IS DISTINCT FROM OLD.lat OR NEW.lng IS DISTINCT FROM OLD.lng)
     AND NEW.home_h3_r9 IS NOT DISTINCT FROM OLD.home_h3_r9 THEN
    NEW.home_h3_r9 := NULL;
  END IF;
  IF NEW.lat IS NULL OR NEW.lng IS NULL THEN
    NEW.home_h3_r9 := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER elders_home_cell_follows_home BEFORE UPDATE OF lat, lng ON elders
  FOR EACH ROW EXECUTE FUNCTION elders_home_cell_follows_home();

-- Coverage groups elders by (district, cell): without this the planner guesses the product of the
-- two columns' distinct counts and sorts 2 M rows instead of hashing a few thousand groups.
CREATE STATISTICS elders_district_cell_stats (ndistinct) ON district_code, home_h3_r9 FROM elders;
