-- Home and community care (在宅服务), part 1: the city's 基本养老服务项目清单 as versioned policy
-- data, the home-care policy values (SLAs, geofence, visit tolerances) with effective dates, the
-- codes exceptions and decisions are recorded with, and the providers with their market items.

-- One row per version of an item in a jurisdiction's list. A new version closes the old one
-- (effective_to) and keeps it, so an order names the exact version its quote came from.
CREATE TABLE homecare_catalogue_items (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_code    text NOT NULL CHECK (jurisdiction_code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'), -- the tree loads after migrations
  code                 text NOT NULL CHECK (code ~ '^[A-Z0-9_]{2,20}$'),
  version              integer NOT NULL CHECK (version > 0),
  name_zh              text NOT NULL,
  name_en              text NOT NULL,
  category             text NOT NULL,
  unit                 text NOT NULL CHECK (unit IN ('visit', 'hour', 'meal')),
  standard_minutes     integer NOT NULL CHECK (standard_minutes BETWEEN 5 AND 1440),
  checklist            jsonb NOT NULL DEFAULT '[]',
  -- Certificate kinds (worker_certificates.kind) of which a worker must hold one; empty: anyone employed.
  required_certificates text[] NOT NULL DEFAULT '{}',
  effective_from       date NOT NULL,
  effective_to         date,
  created_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (jurisdiction_code, code, version),
  CHECK (effective_to IS NULL OR effective_to > effective_from)
);
CREATE INDEX homecare_catalogue_items_current_idx ON homecare_catalogue_items (jurisdiction_code, code, effective_from);

-- Who is subsidised and how much, per unit, for an item version: by assessment level (null: any
-- level, including none) and by status flag (null: no flag needed). The elder gets the largest row
-- they match, never more than the price.
CREATE TABLE homecare_item_subsidies (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id          bigint NOT NULL REFERENCES homecare_catalogue_items (id),
  assessment_level smallint CHECK (assessment_level BETWEEN 0 AND 4),
  status_flag      text,
  subsidy_fen      bigint NOT NULL CHECK (subsidy_fen >= 0),
  UNIQUE NULLS NOT DISTINCT (item_id, assessment_level, status_flag)
);

-- Policy values of home care per jurisdiction, versioned by effective dates.
CREATE TABLE homecare_policies (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_code   text NOT NULL CHECK (jurisdiction_code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
  version             integer NOT NULL CHECK (version > 0),
  effective_from      date NOT NULL,
  effective_to        date,
  accept_sla_hours    integer NOT NULL CHECK (accept_sla_hours BETWEEN 1 AND 720),
  geofence_radius_m   integer NOT NULL CHECK (geofence_radius_m BETWEEN 10 AND 5000),
  -- A check-in whose accuracy is worse than this cannot prove presence at all.
  max_accuracy_m      integer NOT NULL CHECK (max_accuracy_m BETWEEN 10 AND 5000),
  short_visit_pct     integer NOT NULL CHECK (short_visit_pct BETWEEN 1 AND 100),
  long_visit_pct      integer NOT NULL CHECK (long_visit_pct BETWEEN 100 AND 1000),
  late_start_minutes  integer NOT NULL CHECK (late_start_minutes BETWEEN 1 AND 1440),
  -- How far back an offline check-in/out's device time may lie.
  max_offline_hours   integer NOT NULL CHECK (max_offline_hours BETWEEN 1 AND 720),
  created_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (jurisdiction_code, version),
  CHECK (effective_to IS NULL OR effective_to > effective_from)
);

-- Codes as data: visit exceptions, and the reasons of declines, cancellations and resolutions.
CREATE TABLE homecare_codes (
  kind     text NOT NULL CHECK (kind IN ('exception', 'decline', 'cancel', 'exception_reason', 'exception_resolution')),
  code     text NOT NULL CHECK (code ~ '^[a-z_]{2,40}$'),
  name_zh  text NOT NULL,
  name_en  text NOT NULL,
  PRIMARY KEY (kind, code)
);

-- A provider: an organisation of a provider kind, with its profile and the streets it serves.
CREATE TABLE homecare_providers (
  organisation_id  bigint PRIMARY KEY REFERENCES organisations (id),
  district_code    text NOT NULL,
  licence_no       text,
  qualifications   text[] NOT NULL DEFAULT '{}',
  phone            text,
  opening_hours    text,
  active           boolean NOT NULL DEFAULT true,
  created_by       bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE homecare_provider_streets (
  organisation_id  bigint NOT NULL REFERENCES homecare_providers (organisation_id),
  street_code      text NOT NULL REFERENCES jurisdictions (code),
  PRIMARY KEY (organisation_id, street_code)
);
CREATE INDEX homecare_provider_streets_street_idx ON homecare_provider_streets (street_code);

-- A provider's market items: the catalogue code it offers and its price per unit in fen.
CREATE TABLE homecare_provider_items (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id  bigint NOT NULL REFERENCES homecare_providers (organisation_id),
  item_code        text NOT NULL,
  price_fen        bigint NOT NULL CHECK (price_fen > 0),
  active           boolean NOT NULL DEFAULT true,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, item_code)
);
CREATE INDEX homecare_provider_items_code_idx ON homecare_provider_items (item_code) WHERE active;

-- Hangzhou's list (杭州市基本养老服务项目清单, version 1) and its policy values.
INSERT INTO homecare_catalogue_items
  (jurisdiction_code, code, version, name_zh, name_en, category, unit, standard_minutes, checklist, required_certificates, effective_from)
SELECT '330100', v.code, 1, v.name_zh, v.name_en, v.category, v.unit, v.minutes, v.checklist::jsonb, v.certs::text[], DATE '2025-01-01'
FROM (VALUES
  ('CLEAN',   '助洁',     'Home cleaning',        'daily_living', 'hour',  60, '["整理床铺","清扫地面","清洁厨卫","垃圾清运"]', '{}'),
  ('BATH',    '助浴',     'Bathing',              'daily_living', 'visit', 60, '["测量体温血压","协助洗浴","更换衣物","清洁浴室"]', '{}'),
  ('MEAL',    '助餐送餐', 'Meal delivery',        'meals',        'meal',  15, '["送达餐食","核对餐食","提醒用餐"]', '{}'),
  ('ESCORT',  '助医',     'Escort to the doctor', 'health',       'visit', 120, '["陪同就诊","代取药品","告知医嘱"]', '{}'),
  ('CARE',    '生活照料', 'Personal care',        'daily_living', 'hour',  60, '["协助进食","协助如厕","协助穿衣","翻身拍背"]', '{}'),
  ('REHAB',   '康复护理', 'Rehabilitation care',  'health',       'visit', 45, '["评估身体状况","康复训练","记录训练结果"]', '{rehab,nurse_licence}'),
  ('RESPITE', '喘息服务', 'Respite care',         'respite',      'visit', 240, '["照护交接","日间照护","照护交回"]', '{}'),
  ('ROUNDS',  '上门巡诊', 'Home medical round',   'health',       'visit', 30, '["测量生命体征","用药检查","健康指导"]', '{nurse_licence}')
) AS v(code, name_zh, name_en, category, unit, minutes, checklist, certs);

-- Per unit: 重度/完全失能 (levels 3, 4) most, 中度 (2) less, 轻度 (1) a little; 特困 gets the most of any.
INSERT INTO homecare_item_subsidies (item_id, assessment_level, status_flag, subsidy_fen)
SELECT i.id, s.level, s.flag, s.fen
FROM homecare_catalogue_items i
JOIN (VALUES
  ('CLEAN', 1, NULL, 1000), ('CLEAN', 2, NULL, 2000), ('CLEAN', 3, NULL, 3000), ('CLEAN', 4, NULL, 3000),
  ('BATH', 2, NULL, 3000), ('BATH', 3, NULL, 5000), ('BATH', 4, NULL, 6000),
  ('MEAL', NULL, 'extreme_poverty', 1500), ('MEAL', 2, NULL, 500), ('MEAL', 3, NULL, 800), ('MEAL', 4, NULL, 800),
  ('ESCORT', 3, NULL, 4000), ('ESCORT', 4, NULL, 5000),
  ('CARE', 1, NULL, 1000), ('CARE', 2, NULL, 2500), ('CARE', 3, NULL, 3500), ('CARE', 4, NULL, 4000),
  ('REHAB', 2, NULL, 4000), ('REHAB', 3, NULL, 6000), ('REHAB', 4, NULL, 6000),
  ('RESPITE', 3, NULL, 10000), ('RESPITE', 4, NULL, 12000),
  ('ROUNDS', 2, NULL, 3000), ('ROUNDS', 3, NULL, 5000), ('ROUNDS', 4, NULL, 5000)
) AS s(code, level, flag, fen) ON s.code = i.code
WHERE i.jurisdiction_code = '330100' AND i.version = 1;

INSERT INTO homecare_policies
  (jurisdiction_code, version, effective_from, accept_sla_hours, geofence_radius_m, max_accuracy_m,
   short_visit_pct, long_visit_pct, late_start_minutes, max_offline_hours)
VALUES ('330100', 1, DATE '2025-01-01', 4, 150, 500, 50, 200, 30, 72);

INSERT INTO homecare_codes (kind, code, name_zh, name_en) VALUES
  ('exception', 'outside_geofence', '签到/签退位置不在服务地址范围内', 'Checked in or out away from the service address'),
  ('exception', 'poor_accuracy', '定位精度不足，无法证明到场', 'Position too inaccurate to prove presence'),
  ('exception', 'home_location_unknown', '服务地址无坐标，无法核验位置', 'The service address has no coordinates'),
  ('exception', 'too_short', '服务时长明显短于标准', 'Visit much shorter than the standard'),
  ('exception', 'too_long', '服务时长明显长于标准', 'Visit much longer than the standard'),
  ('exception', 'late_start', '晚于预约时间开始服务', 'Visit started late'),
  ('exception', 'worker_not_qualified', '护理员不具备该项目所需资格', 'Worker not qualified for the item'),
  ('exception', 'overlapping_visit', '同一护理员服务时间重叠', 'Overlaps another visit of the same worker'),
  ('exception', 'not_confirmed', '老人未确认服务', 'The elder did not confirm the visit'),
  ('decline', 'no_capacity', '人手不足', 'No worker available'),
  ('decline', 'outside_area', '不在服务范围', 'Outside the service area'),
  ('decline', 'item_unavailable', '暂停该项目', 'Item not offered at the moment'),
  ('decline', 'other', '其他', 'Other'),
  ('cancel', 'elder_request', '老人或家属取消', 'Cancelled by the elder or family'),
  ('cancel', 'elder_unavailable', '老人不在家/住院', 'Elder away or in hospital'),
  ('cancel', 'provider_unable', '服务商无法提供', 'Provider unable to serve'),
  ('cancel', 'duplicate', '重复下单', 'Duplicate order'),
  ('cancel', 'other', '其他', 'Other'),
  ('exception_reason', 'gps_drift', '定位漂移', 'GPS drift'),
  ('exception_reason', 'elder_elsewhere', '在其他地点服务（如医院）', 'Served elsewhere (e.g. hospital)'),
  ('exception_reason', 'traffic', '交通延误', 'Traffic delay'),
  ('exception_reason', 'elder_request', '老人要求调整', 'At the elder''s request'),
  ('exception_reason', 'device_problem', '设备故障', 'Device problem'),
  ('exception_reason', 'other', '其他', 'Other'),
  ('exception_resolution', 'confirmed_with_elder', '已与老人或家属电话核实', 'Confirmed with the elder or family by phone'),
  ('exception_resolution', 'supervisor_verified', '主管现场核实', 'Verified on site by a supervisor'),
  ('exception_resolution', 'accepted_as_is', '按实际服务认可', 'Accepted as delivered'),
  ('exception_resolution', 'worker_retrained', '已对护理员培训纠正', 'Worker retrained');

-- The login a worker of a provider uses on the caregiver's phone view.
CREATE TABLE homecare_worker_accounts (
  user_id          bigint PRIMARY KEY REFERENCES users (id),
  worker_id        bigint NOT NULL UNIQUE REFERENCES workers (id),
  organisation_id  bigint NOT NULL REFERENCES homecare_providers (organisation_id),
  created_by       bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
