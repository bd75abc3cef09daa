// The database as Kysely sees it. Each domain declares its own tables next to its code;
// this file only joins them into one interface.
import type { FoundationTables } from './foundation-tables.js';
import type { AssessmentTables } from '../domain/assessment/tables.js';

export interface DB extends FoundationTables, AssessmentTables {}
