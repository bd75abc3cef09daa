// The alarms domain's closed vocabularies: device kinds, Contact ID event codes, incident states,
// actions, dispositions and closure codes. Pure data (the web app imports it too).

export const DEVICE_KINDS = [
  'sos_pendant',
  'smart_watch',
  'fall_detector',
  'smoke_sensor',
  'gas_sensor',
  'water_sensor',
  'door_sensor',
  'bed_sensor',
  'bp_meter',
  'glucose_meter',
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const DEVICE_STATUSES = ['active', 'inactive', 'retired'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** Event codes aligned with SIA DC-05 Contact ID. */
export const EVENT_CODES = {
  100: 'medical',
  101: 'sos',
  102: 'inactivity',
  120: 'fall',
  147: 'offline',
  301: 'mains_loss',
  302: 'low_battery',
  602: 'test',
} as const;
export type EventCode = keyof typeof EVENT_CODES;
export type EventKind = (typeof EVENT_CODES)[EventCode];
export const EVENT_CODE_LIST = Object.keys(EVENT_CODES).map(Number) as EventCode[];

/** Kinds of incident (an emergency to answer), by priority: 1 is answered first. */
export const INCIDENT_PRIORITY = { sos: 1, fall: 1, medical: 2, vitals: 2, inactivity: 2, offline: 3 } as const;
export type IncidentKind = keyof typeof INCIDENT_PRIORITY;
export const INCIDENT_KINDS = Object.keys(INCIDENT_PRIORITY) as IncidentKind[];

export const INCIDENT_STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const OPEN_STATUSES: readonly IncidentStatus[] = ['new', 'acknowledged', 'in_progress'];

/** What an operator does while handling a call (moves it to in_progress). */
export const INCIDENT_ACTIONS = ['call_back', 'contact_family', 'send_staff', 'call_120', 'note'] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

export const DISPOSITIONS = ['fall', 'medical', 'assistance', 'accidental', 'test', 'no_response'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const CLOSURE_CODES = ['ambulance_sent', 'handled_by_contacts', 'handled_by_staff', 'cancelled'] as const;
export type ClosureCode = (typeof CLOSURE_CODES)[number];

export const VITAL_METRICS = ['heart_rate', 'systolic', 'diastolic', 'spo2', 'glucose'] as const;
export type VitalMetric = (typeof VITAL_METRICS)[number];

/** Escalation targets of the ladder (alarm_escalation_steps.target). */
export const ESCALATION_TARGETS = ['operator', 'supervisor', 'community_worker', 'family'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];
