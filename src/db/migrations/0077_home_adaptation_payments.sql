-- 适老化改造 payments: on acceptance the project's subsidy is paid from the district budget to the
-- contractor in one ledger posting (its key is per project, so the subsidy is paid once, ever).
ALTER TABLE home_adaptation_projects
  ADD COLUMN subsidy_transfer_id bigint REFERENCES ledger_transfers (id),
  ADD COLUMN subsidy_paid_on     date;
