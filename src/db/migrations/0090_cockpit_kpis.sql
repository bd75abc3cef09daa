-- 数据驾驶舱: the KPI registry as data. Targets per year and jurisdiction come from the city's plans
-- (001 表2, 000, 002, 003); the 2020 completion figures of 001 表1 are a reference snapshot.
CREATE TABLE kpi_definitions (
  code           text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{2,60}$'),
  name_zh        text NOT NULL,
  name_en        text NOT NULL,
  unit           text NOT NULL,
  direction      text NOT NULL CHECK (direction IN ('up', 'down')),
  formula_key    text NOT NULL,        -- the computation in src/domain/cockpit/kpis.ts (FORMULAS), or 'none'
  baseline_year  smallint NOT NULL DEFAULT 2020,
  source_file    text NOT NULL,        -- seed document (shared/seeds) the indicator comes from
  source_table   text NOT NULL,        -- the table / section of that document
  sort_order     smallint NOT NULL DEFAULT 0
);

CREATE TABLE kpi_targets (
  kpi_code          text NOT NULL REFERENCES kpi_definitions (code),
  year              smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  jurisdiction_code text NOT NULL,     -- 330100 for the city-wide target
  target            numeric NOT NULL,
  target_high       numeric,           -- upper end of a range target (e.g. 2–3)
  source            text NOT NULL,     -- document and passage the target comes from
  PRIMARY KEY (kpi_code, year, jurisdiction_code)
);

-- Reference figures (001 表1 2020 completion), not computed by the platform.
CREATE TABLE kpi_reference_values (
  kpi_code          text NOT NULL REFERENCES kpi_definitions (code),
  year              smallint NOT NULL,
  jurisdiction_code text NOT NULL,
  value             numeric NOT NULL,
  source            text NOT NULL,
  PRIMARY KEY (kpi_code, year, jurisdiction_code)
);

INSERT INTO kpi_definitions (code, name_zh, name_en, unit, direction, formula_key, source_file, source_table, sort_order) VALUES
  ('care_bed_share', '照护型床位占养老机构床位比例', 'Share of care-type beds in institutions', '%', 'up', 'care_bed_share', '001', '表2', 1),
  ('dementia_beds_per_10k', '每万老年人拥有养老机构认知障碍床位数', 'Dementia-care beds per 10,000 elders', '张', 'up', 'dementia_beds_per_10k', '001', '表2', 2),
  ('street_care_centres_per_street', '街道社区照护中心数（每街道）', 'Street care centres per street', '个', 'up', 'street_care_centres_per_street', '001', '表2', 3),
  ('care_consortia', '康养联合体数', 'Care-and-health consortia', '个', 'up', 'none', '001', '表2', 4),
  ('aid_rental_coverage', '市县区康复辅具租赁销售中心覆盖率', 'Districts with an assistive-device rental centre', '%', 'up', 'aid_rental_coverage', '001', '表2', 5),
  ('smart_care_scenarios', '智慧/AI养老应用场景数', 'Smart/AI elderly-care application scenarios', '个', 'up', 'none', '001', '表2', 6),
  ('smart_care_homes', '市县区智慧养老院数', 'Smart care homes per district', '个', 'up', 'none', '001', '表2', 7),
  ('certified_carers_per_10k', '每万老年人拥有持证养老护理员数', 'Certified caregivers per 10,000 elders', '人', 'up', 'certified_carers_per_10k', '001', '表2', 8),
  ('senior_carer_share', '高级护理员、技师级护理员在护理员队伍中的比例', 'Share of senior and technician caregivers', '%', 'up', 'senior_carer_share', '001', '表2', 9),
  ('social_workers_per_10k', '每万名老年人拥有社会工作者数', 'Social workers per 10,000 elders', '人', 'up', 'social_workers_per_10k', '001', '表2', 10),
  ('nursing_bed_share', '养老机构护理型床位占比', 'Share of nursing beds in institutions', '%', 'up', 'care_bed_share', '000', '总体目标', 11),
  ('public_waitlist_coverage', '公办养老机构建立入院评估轮候制度比例', 'Public institutions admitting through the waiting list', '%', 'up', 'public_waitlist_coverage', '001', '三(一)', 12),
  ('monthly_visit_rate', '特殊困难老年人月探访率', 'Monthly visits to elders in special difficulty', '%', 'up', 'none', '001', '三(一)', 13),
  ('institution_beds_per_10k', '每万名老年人养老机构床位数', 'Institution beds per 10,000 elders', '张', 'up', 'institution_beds_per_10k', '001', '专栏3', 14),
  ('elders_within_1km_share', '主城区老年人1公里内有养老机构的比例', 'Elders with an institution within 1 km (main urban districts)', '%', 'up', 'none', '001', '专栏3', 15),
  ('rehab_room_share', '百张床位以上养老机构设立康复室比例', 'Institutions of 100+ beds with a rehabilitation room', '%', 'up', 'rehab_room_share', '002', '医养康养', 16),
  ('geriatrics_dept_share', '二级及以上综合医院设置老年医学科比例', 'Grade II+ hospitals with a geriatrics department', '%', 'up', 'none', '003', '老年医学科', 17),
  ('rehab_dept_share', '二级及以上综合医院设置康复科比例', 'Grade II+ hospitals with a rehabilitation department', '%', 'up', 'none', '003', '康复科', 18);

INSERT INTO kpi_targets (kpi_code, year, jurisdiction_code, target, target_high, source) VALUES
  ('care_bed_share', 2022, '330100', 56, NULL, '001 表2'), ('care_bed_share', 2025, '330100', 60, NULL, '001 表2'),
  ('dementia_beds_per_10k', 2022, '330100', 10, NULL, '001 表2'), ('dementia_beds_per_10k', 2025, '330100', 20, NULL, '001 表2'),
  ('street_care_centres_per_street', 2022, '330100', 1, NULL, '001 表2'), ('street_care_centres_per_street', 2025, '330100', 2, 3, '001 表2'),
  ('care_consortia', 2022, '330100', 40, NULL, '001 表2'), ('care_consortia', 2025, '330100', 100, NULL, '001 表2'),
  ('aid_rental_coverage', 2022, '330100', 40, NULL, '001 表2'), ('aid_rental_coverage', 2025, '330100', 70, NULL, '001 表2'),
  ('smart_care_scenarios', 2022, '330100', 1, NULL, '001 表2'), ('smart_care_scenarios', 2025, '330100', 3, NULL, '001 表2'),
  ('smart_care_homes', 2022, '330100', 1, NULL, '001 表2'), ('smart_care_homes', 2025, '330100', 2, NULL, '001 表2'),
  ('certified_carers_per_10k', 2022, '330100', 20, NULL, '001 表2'), ('certified_carers_per_10k', 2025, '330100', 25, NULL, '001 表2'),
  ('senior_carer_share', 2022, '330100', 15, NULL, '001 表2'), ('senior_carer_share', 2025, '330100', 18, NULL, '001 表2'),
  ('social_workers_per_10k', 2022, '330100', 20, NULL, '001 表2'), ('social_workers_per_10k', 2025, '330100', 25, NULL, '001 表2'),
  ('nursing_bed_share', 2023, '330100', 56, NULL, '002 医养康养融合'), ('nursing_bed_share', 2025, '330100', 65, NULL, '000 总体目标'),
  ('public_waitlist_coverage', 2025, '330100', 100, NULL, '001 三(一) 入院评估轮候'),
  ('monthly_visit_rate', 2025, '330100', 100, NULL, '001 三(一) 探访关爱'),
  ('institution_beds_per_10k', 2025, '330100', 300, NULL, '001 统筹新标准'),
  ('elders_within_1km_share', 2025, '330100', 100, NULL, '001 专栏3'),
  ('rehab_room_share', 2023, '330100', 60, NULL, '002 医养康养融合'),
  ('geriatrics_dept_share', 2025, '330100', 60, NULL, '003'),
  ('rehab_dept_share', 2025, '330100', 100, NULL, '003'),
  ('care_consortia', 2023, '330100', 4, NULL, '002 总体目标');

-- Indicators of 001 表1 (十三五) kept only as reference figures.
INSERT INTO kpi_definitions (code, name_zh, name_en, unit, direction, formula_key, source_file, source_table, sort_order) VALUES
  ('social_beds_per_1000', '社会养老千名老人床位数', 'Social elderly-care beds per 1,000 elders', '张', 'up', 'none', '001', '表1', 101),
  ('institution_beds_per_1000', '机构养老千名老人床位数', 'Institution beds per 1,000 elders', '张', 'up', 'none', '001', '表1', 102),
  ('private_institution_bed_share', '社会办养老机构床位占比', 'Share of beds in privately run institutions', '%', 'up', 'none', '001', '表1', 103),
  ('dementia_bed_share', '失智老人床位占比', 'Share of dementia beds', '%', 'up', 'none', '001', '表1', 104),
  ('home_care_centre_coverage_urban', '居家养老照料中心覆盖率（城市）', 'Home-care centre coverage (urban)', '%', 'up', 'none', '001', '表1', 105),
  ('home_care_centre_coverage_rural', '居家养老照料中心覆盖率（农村）', 'Home-care centre coverage (rural)', '%', 'up', 'none', '001', '表1', 106),
  ('comprehensive_home_care_centres', '综合型居家养老照料中心', 'Comprehensive home-care centres', '个', 'up', 'none', '001', '表1', 107),
  ('health_care_clusters', '健康养老产业集聚区（街区）', 'Health-and-care industry clusters', '个', 'up', 'none', '001', '表1', 108),
  ('subsidised_elders', '享受政府购买服务的养老服务补贴人数', 'Elders receiving government-purchased services', '人', 'up', 'none', '001', '表1', 109),
  ('certified_carer_rate', '护理人员持证上岗率', 'Caregivers working with a certificate', '%', 'up', 'none', '001', '表1', 110),
  ('care_groups_and_chains', '养老服务集团和连锁服务机构', 'Elderly-care groups and chains', '个', 'up', 'none', '001', '表1', 111);

-- 表1's 2020 planned values, so the reference snapshot shows plan against completion.
CREATE TABLE kpi_reference_plans (
  kpi_code          text NOT NULL REFERENCES kpi_definitions (code),
  year              smallint NOT NULL,
  jurisdiction_code text NOT NULL,
  planned           text NOT NULL,     -- as printed (e.g. '4-6', '城市100；农村70')
  base_2015         text,
  binding           boolean NOT NULL,  -- 约束性 (true) or 预期性
  PRIMARY KEY (kpi_code, year, jurisdiction_code)
);
INSERT INTO kpi_reference_plans (kpi_code, year, jurisdiction_code, planned, base_2015, binding) VALUES
  ('social_beds_per_1000', 2020, '330100', '50', '40.4', true),
  ('institution_beds_per_1000', 2020, '330100', '45', '40.4', true),
  ('private_institution_bed_share', 2020, '330100', '70', '52.05', false),
  ('nursing_bed_share', 2020, '330100', '60', '47.60', false),
  ('dementia_bed_share', 2020, '330100', '4-6', NULL, false),
  ('home_care_centre_coverage_urban', 2020, '330100', '100', '100', true),
  ('home_care_centre_coverage_rural', 2020, '330100', '100', '70', true),
  ('comprehensive_home_care_centres', 2020, '330100', '200', NULL, true),
  ('subsidised_elders', 2020, '330100', '115556', '90696', true),
  ('certified_carer_rate', 2020, '330100', '95', '93.8', true),
  ('health_care_clusters', 2020, '330100', '10', NULL, false),
  ('care_groups_and_chains', 2020, '330100', '10', NULL, false);

INSERT INTO kpi_reference_values (kpi_code, year, jurisdiction_code, value, source) VALUES
  ('social_beds_per_1000', 2020, '330100', 71.1, '001 表1'),
  ('institution_beds_per_1000', 2020, '330100', 41.7, '001 表1'),
  ('private_institution_bed_share', 2020, '330100', 73.2, '001 表1'),
  ('nursing_bed_share', 2020, '330100', 55, '001 表1'),
  ('care_bed_share', 2020, '330100', 55, '001 表1 护理型床位占比 (表2 prints no 2020 value)'),
  ('dementia_bed_share', 2020, '330100', 5.81, '001 表1'),
  ('home_care_centre_coverage_urban', 2020, '330100', 96.7, '001 表1'),
  ('home_care_centre_coverage_rural', 2020, '330100', 97.8, '001 表1'),
  ('comprehensive_home_care_centres', 2020, '330100', 214, '001 表1'),
  ('health_care_clusters', 2020, '330100', 12, '001 表1');


-- Monthly snapshots of the computed values, kept for trends (one row per month, area and KPI).
CREATE TABLE kpi_snapshots (
  month             date NOT NULL CHECK (extract(day FROM month) = 1),
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  kpi_code          text NOT NULL REFERENCES kpi_definitions (code),
  value             numeric,           -- NULL: the platform holds no data for it
  target            numeric,
  status            text NOT NULL CHECK (status IN ('on_track', 'behind', 'met', 'no_data')),
  computed_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (month, jurisdiction_code, kpi_code)
);
CREATE INDEX kpi_snapshots_trend_idx ON kpi_snapshots (jurisdiction_code, kpi_code, month);
