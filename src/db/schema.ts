// The database as Kysely sees it. Each domain declares its own tables next to its code;
// this file only joins them into one interface.

import type { AlarmTables } from '../domain/alarms/tables.js';
import type { AssessmentTables } from '../domain/assessment/tables.js';
import type { CockpitTables } from '../domain/cockpit/tables.js';
import type { CommunityTables } from '../domain/community/tables.js';
import type { HomecareTables } from '../domain/homecare/tables.js';
import type { InstitutionTables } from '../domain/institutions/tables.js';
import type { LedgerTables } from '../domain/ledger/tables.js';
import type { PolicyTables } from '../domain/policy/tables.js';
import type { SubsidyTables } from '../domain/subsidies/tables.js';
import type { WorkforceTables } from '../domain/workforce/tables.js';
import type { FoundationTables } from './foundation-tables.js';
import type { SharedTables } from './shared-tables.js';

export interface DB
  extends FoundationTables,
    SharedTables,
    InstitutionTables,
    WorkforceTables,
    AssessmentTables,
    PolicyTables,
    LedgerTables,
    SubsidyTables,
    HomecareTables,
    CommunityTables,
    AlarmTables,
    CockpitTables {}
