// Every role set the platform decides by, in one place: the server checks them and the web app
// imports the same lists to show or hide pages, so the two never disagree. Pure data, no imports
// beyond the role names, so the browser bundle can take it.
import type { Role } from './roles.js';

// Registry (老人档案)
/** Roles whose jurisdiction grant opens the elder registry of that place. */
export const REGISTRY_READERS: readonly Role[] = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
  'assessor',
];
/** Roles that register and edit elders in their jurisdiction. */
export const REGISTRY_WRITERS: readonly Role[] = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
];
/** Roles that see full ID numbers on a record (they verify identity in person). */
export const SEES_FULL_ID_NUMBER: readonly Role[] = REGISTRY_WRITERS;

// Identity and audit
/** Roles that create accounts and grants within their jurisdiction. */
export const USER_ADMINS: readonly Role[] = ['city_admin', 'district_officer'];
/** Roles that may search the audit log (within their jurisdiction). */
export const AUDIT_READERS: readonly Role[] = ['city_admin', 'district_officer'];

// Assessment (能力评估)
/** Officers who open assessment tasks for elders in their jurisdiction. */
export const TASK_REQUESTERS: readonly Role[] = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
];
/** Officers who assign tasks to assessors and ask for corrections. */
export const TASK_ASSIGNERS: readonly Role[] = ['city_admin', 'district_officer', 'street_officer'];
/** Officers who register assessor qualifications, import old results and run re-checks. */
export const ASSESSMENT_MANAGERS: readonly Role[] = ['city_admin', 'district_officer'];
/** Who may record a cognitive screen. */
export const SCREENERS: readonly Role[] = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
  'assessor',
];

// Institutions (机构养老)
/** Govern institutions (register, profile, star ratings, waiting list) within their jurisdiction. */
export const INSTITUTION_OFFICERS: readonly Role[] = ['city_admin', 'district_officer'];
/** Run their own institution: beds, admissions, transfers, discharges. */
export const INSTITUTION_OPERATORS: readonly Role[] = ['institution_staff'];
/** See their own institution and its residents for care. */
export const INSTITUTION_READERS: readonly Role[] = ['institution_staff', 'caregiver'];
/** Bureau roles that file and follow waiting-list applications for residents of their place. */
export const WAITLIST_BUREAU_ROLES: readonly Role[] = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
];

// Money (资金与补贴)
/** Roles whose jurisdiction grant opens the accounts of that place (read). */
export const LEDGER_READERS: readonly Role[] = ['city_admin', 'district_officer', 'street_officer', 'community_worker'];
/** Roles that run the books of their jurisdiction: budgets, corrections, settlements, runs. */
export const LEDGER_ADMINS: readonly Role[] = ['city_admin', 'district_officer'];
/** Organisation roles that see their own organisation's accounts. */
export const ORGANISATION_ACCOUNT_HOLDERS: readonly Role[] = ['provider_staff', 'institution_staff'];

// Workforce (人才队伍)
export const WORKFORCE_OFFICERS: readonly Role[] = ['city_admin', 'district_officer'];
/** Staff who keep the register of their own organisation's workers. */
export const EMPLOYER_ROLES: readonly Role[] = ['institution_staff', 'provider_staff'];

// Elders and families
export const FAMILY_ROLES: readonly Role[] = ['elder_family'];

// homecare: this domain's role sets go below this line
/** Officers who register providers and oversee home care within their jurisdiction. */
export const HOMECARE_OFFICERS: readonly Role[] = ['city_admin', 'district_officer'];
/** See the orders and visits of elders living in their jurisdiction. */
export const HOMECARE_OVERSEERS: readonly Role[] = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
];
/** Order home care for an elder of their jurisdiction (besides the elder and family for their own). */
export const HOMECARE_ORDER_PLACERS: readonly Role[] = ['community_worker'];
/** Run a provider: its items and prices, accepting, assigning, resolving exceptions. */
export const HOMECARE_PROVIDER_ROLES: readonly Role[] = ['provider_staff'];
/** Deliver visits: check in and out of their own. */
export const HOMECARE_CAREGIVERS: readonly Role[] = ['caregiver'];

// community: this domain's role sets go below this line
/** Apply for, assess and read family care beds of elders in their jurisdiction. */
export const HOME_CARE_BED_WRITERS: readonly Role[] = REGISTRY_WRITERS;
/** Accept, contract and close family care beds: these steps move subsidy money. */
export const HOME_CARE_BED_APPROVERS: readonly Role[] = ['city_admin', 'district_officer'];
/** Register meal points and their menus in their jurisdiction. */
export const MEAL_POINT_MANAGERS: readonly Role[] = ['city_admin', 'district_officer', 'street_officer'];
/** Check elders in at a meal point of their jurisdiction (points are also run by their organisation's staff). */
export const MEAL_CHECKERS: readonly Role[] = ['city_admin', 'district_officer', 'street_officer', 'community_worker'];
/** Staff of the organisation running a meal point, who check elders in there. */
export const MEAL_POINT_STAFF: readonly Role[] = ['provider_staff', 'institution_staff'];
/** Generate and assign the month's visit tasks and read compliance for their jurisdiction. */
export const VISIT_PLANNERS: readonly Role[] = ['city_admin', 'district_officer', 'street_officer'];
/** Visit elders and record the visits of their community (volunteers: the tasks assigned to them). */
export const VISITORS: readonly Role[] = ['community_worker', 'volunteer'];
/** Pay a month's meal subsidies to the meal points' organisations from the district budget. */
export const MEAL_SETTLERS: readonly Role[] = ['city_admin', 'district_officer'];
/** Open, assess, contract and accept home adaptation projects (适老化改造) in their jurisdiction. */
export const HOME_ADAPTATION_WRITERS: readonly Role[] = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
];
/** Read "应改尽改" progress for their jurisdiction. */
export const HOME_ADAPTATION_READERS: readonly Role[] = HOME_ADAPTATION_WRITERS;

// alarms: this domain's role sets go below this line
/** Call-centre roles: answer and handle the emergency calls of elders in their jurisdiction. */
export const ALARM_OPERATORS: readonly Role[] = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
];
/** Register, install and retire devices for elders of their jurisdiction. */
export const ALARM_DEVICE_MANAGERS: readonly Role[] = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
];

// Cockpit (数据驾驶舱): officers see their own jurisdiction's figures and the city's totals.
export const COCKPIT_READERS: readonly Role[] = ['city_admin', 'district_officer', 'street_officer'];

// elder-record: this domain's role sets go below this line
/** Who, besides the elder's family, sees who read an elder's record: the officers over the elder's place. */
export const RECORD_READ_LOG_READERS: readonly Role[] = ['city_admin', 'district_officer', 'street_officer'];
