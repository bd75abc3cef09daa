// Tables of the cockpit domain, as Kysely sees them.
import type { Generated } from 'kysely';

export interface KpiDefinitionsTable {
  code: string;
  name_zh: string;
  name_en: string;
  unit: string;
  direction: 'up' | 'down';
  formula_key: string;
  baseline_year: number;
  source_file: string;
  source_table: string;
  sort_order: number;
}
export interface KpiTargetsTable {
  kpi_code: string;
  year: number;
  jurisdiction_code: string;
  target: string;
  target_high: string | null;
  source: string;
}
export interface KpiReferenceValuesTable {
  kpi_code: string;
  year: number;
  jurisdiction_code: string;
  value: string;
  source: string;
}
export interface KpiReferencePlansTable {
  kpi_code: string;
  year: number;
  jurisdiction_code: string;
  planned: string;
  base_2015: string | null;
  binding: boolean;
}
export interface KpiSnapshotsTable {
  month: string;
  jurisdiction_code: string;
  kpi_code: string;
  value: string | null;
  target: string | null;
  status: 'on_track' | 'behind' | 'met' | 'no_data';
  computed_at: Generated<Date>;
}
/** 养老服务圈 policy: the circle's walk and radius per area type, and the kinds of service point. */
export interface ServiceCirclePoliciesTable {
  area_type: 'urban' | 'rural';
  minutes: number;
  radius_m: number;
  facility_kinds: string[];
  source: string;
}
export interface DistrictAreaTypesTable {
  district_code: string;
  area_type: 'urban' | 'rural';
  source: string;
}
export interface CockpitTables {
  service_circle_policies: ServiceCirclePoliciesTable;
  district_area_types: DistrictAreaTypesTable;
  kpi_definitions: KpiDefinitionsTable;
  kpi_targets: KpiTargetsTable;
  kpi_reference_values: KpiReferenceValuesTable;
  kpi_reference_plans: KpiReferencePlansTable;
  kpi_snapshots: KpiSnapshotsTable;
}
