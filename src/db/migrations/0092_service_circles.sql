-- 养老服务圈: the 15-minute (urban) / 20-minute (rural) circle of home and community services, as
-- policy data. A walk of 15 minutes is taken as 1,000 m and one of 20 minutes as 1,500 m in a
-- straight line from home (at about 4 km/h, allowing for streets not running straight); which
-- districts are rural, and which facility kinds count as a service point, are rows here too.
CREATE TABLE service_circle_policies (
  area_type       text PRIMARY KEY CHECK (area_type IN ('urban', 'rural')),
  minutes         smallint NOT NULL CHECK (minutes BETWEEN 1 AND 120),
  radius_m        integer NOT NULL CHECK (radius_m BETWEEN 100 AND 5000),
  facility_kinds  text[] NOT NULL,
  source          text NOT NULL
);
INSERT INTO service_circle_policies (area_type, minutes, radius_m, facility_kinds, source) VALUES
  ('urban', 15, 1000,
   ARRAY['street_care_centre', 'community_care_centre', 'meal_point', 'family_empowerment_centre',
         'care_advisor_point', 'service_provider'],
   '001 城市15分钟养老服务圈; 1,000 m straight line for a 15-minute walk'),
  ('rural', 20, 1500,
   ARRAY['street_care_centre', 'community_care_centre', 'meal_point', 'family_empowerment_centre',
         'care_advisor_point', 'service_provider'],
   '001 农村20分钟养老服务圈; 1,500 m straight line for a 20-minute walk');

-- Districts under the rural circle; any district not listed is urban (the tighter circle).
CREATE TABLE district_area_types (
  district_code   text PRIMARY KEY CHECK (district_code ~ '^\d{6}$'),
  area_type       text NOT NULL REFERENCES service_circle_policies (area_type),
  source          text NOT NULL
);
INSERT INTO district_area_types (district_code, area_type, source) VALUES
  ('330111', 'rural', '富阳区: outside the main urban districts (001 专栏3)'),
  ('330112', 'rural', '临安区: outside the main urban districts (001 专栏3)'),
  ('330122', 'rural', '桐庐县'),
  ('330127', 'rural', '淳安县'),
  ('330182', 'rural', '建德市');
