// Tables of migration 0032: workers, employments, certificates, training, incentive instalments.
import type { ColumnType, Generated } from 'kysely';
import type { DateString, Timestamp } from '../../db/foundation-tables.js';

type Numeric = ColumnType<string, number | string, number | string>;

export interface WorkersTable {
  id: Generated<number>;
  name: string;
  id_number: string;
  sex: 'M' | 'F';
  birth_date: DateString;
  phone: string | null;
  education: string;
  graduated_on: DateString | null;
  district_code: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EmploymentsTable {
  id: Generated<number>;
  worker_id: number;
  organisation_id: number;
  district_code: string;
  job_role: string;
  frontline: boolean;
  establishment: Generated<boolean>;
  hired_on: DateString;
  left_on: DateString | null;
  left_reason: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface WorkerCertificatesTable {
  id: Generated<number>;
  worker_id: number;
  district_code: string;
  kind: string;
  skill_level: number | null;
  certificate_no: string;
  issued_on: DateString;
  issuer: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface WorkerTrainingTable {
  id: Generated<number>;
  worker_id: number;
  district_code: string;
  course: string;
  hours: Numeric;
  completed_on: DateString;
  provider: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface IncentiveInstalmentsTable {
  id: Generated<number>;
  worker_id: number;
  employment_id: number;
  organisation_id: number;
  district_code: string;
  incentive: 'certificate_bonus' | 'entry_bonus' | 'post_allowance';
  basis: string;
  seq: number;
  due_on: DateString;
  amount_fen: number;
  rule: string;
  rule_version: number;
  policy_version_id: number;
  explanation: unknown;
  status: Generated<'scheduled' | 'paid' | 'cancelled'>;
  paid_on: DateString | null;
  payment_ref: string | null;
  cancelled_on: DateString | null;
  cancel_reason: string | null;
  created_at: Timestamp;
}

export interface WorkforceTables {
  workers: WorkersTable;
  employments: EmploymentsTable;
  worker_certificates: WorkerCertificatesTable;
  worker_training: WorkerTrainingTable;
  incentive_instalments: IncentiveInstalmentsTable;
}
