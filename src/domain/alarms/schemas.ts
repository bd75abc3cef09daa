// Request and response schemas of the alarms domain.
import { type Static, type TSchema, Type } from 'typebox';
import {
  CLOSURE_CODES,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  DISPOSITIONS,
  INCIDENT_ACTIONS,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
} from './vocabulary.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Note = Type.String({ maxLength: 500 });

export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;

// Devices
export const DeviceCreateBody = Type.Object(
  {
    elderId: Id,
    kind: Type.Enum(DEVICE_KINDS),
    serial: Type.String({ pattern: '^[A-Za-z0-9._:-]{4,40}$', maxLength: 40, description: 'serial number or IMEI' }),
    sim: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+]{5,30}$', maxLength: 30 }))),
    installAddress: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    installedOn: Type.Optional(Nullable(IsoDate)),
    firmware: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
  },
  { additionalProperties: false },
);
export type DeviceCreateBody = Static<typeof DeviceCreateBody>;

export const DeviceUpdateBody = Type.Object(
  {
    sim: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+]{5,30}$', maxLength: 30 }))),
    installAddress: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    installedOn: Type.Optional(Nullable(IsoDate)),
    firmware: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    status: Type.Optional(Type.Enum(DEVICE_STATUSES)),
  },
  { additionalProperties: false },
);
export type DeviceUpdateBody = Static<typeof DeviceUpdateBody>;

export const DeviceQuery = Type.Object({
  elderId: Type.Optional(Id),
  status: Type.Optional(Type.Enum(DEVICE_STATUSES)),
  kind: Type.Optional(Type.Enum(DEVICE_KINDS)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
});
export type DeviceQuery = Static<typeof DeviceQuery>;

export const DeviceView = Type.Object({
  id: Type.Integer(),
  elderId: Type.Integer(),
  elderName: Type.String(),
  communityCode: Type.String(),
  kind: Type.Enum(DEVICE_KINDS),
  serial: Type.String(),
  sim: Nullable(Type.String()),
  installAddress: Nullable(Type.String()),
  installedOn: Nullable(Type.String()),
  batteryPct: Nullable(Type.Integer()),
  firmware: Nullable(Type.String()),
  status: Type.Enum(DEVICE_STATUSES),
  online: Type.Boolean(),
  lastSeenAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type DeviceView = Static<typeof DeviceView>;

export const DeviceList = Type.Object({ total: Type.Integer(), items: Type.Array(DeviceView) });
export type DeviceList = Static<typeof DeviceList>;

export const MqttCredentials = Type.Object({
  clientId: Type.String(),
  username: Type.String(),
  password: Type.String({ description: 'shown once; only its hash is stored' }),
  topicPrefix: Type.String(),
});
export type MqttCredentials = Static<typeof MqttCredentials>;

export const DeviceCreated = Type.Object({ ...DeviceView.properties, mqtt: MqttCredentials });
export type DeviceCreated = Static<typeof DeviceCreated>;

// Incidents
export const IncidentQuery = Type.Object({
  elderId: Type.Optional(Id),
  status: Type.Optional(Type.Union([Type.Enum(INCIDENT_STATUSES), Type.Literal('open')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
});
export type IncidentQuery = Static<typeof IncidentQuery>;

export const IncidentSummary = Type.Object({
  id: Type.Integer(),
  elderId: Type.Integer(),
  elderName: Type.String(),
  communityCode: Type.String(),
  deviceId: Nullable(Type.Integer()),
  kind: Type.Enum(INCIDENT_KINDS),
  code: Type.Integer(),
  priority: Type.Integer(),
  status: Type.Enum(INCIDENT_STATUSES),
  eventCount: Type.Integer(),
  openedAt: Type.String(),
  lastEventAt: Type.String(),
  acknowledgedAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  escalationLevel: Type.Integer(),
  disposition: Nullable(Type.Enum(DISPOSITIONS)),
  closureCode: Nullable(Type.Enum(CLOSURE_CODES)),
  ageSeconds: Type.Integer({ description: 'seconds since it opened' }),
  slaBreached: Type.Boolean({ description: 'not acknowledged within the SLA (or acknowledged late)' }),
});
export type IncidentSummary = Static<typeof IncidentSummary>;

export const IncidentList = Type.Object({ total: Type.Integer(), items: Type.Array(IncidentSummary) });
export type IncidentList = Static<typeof IncidentList>;

export const TimelineEntry = Type.Object({
  at: Type.String({ description: 'to the second' }),
  action: Type.String(),
  actor: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const ElderCard = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  sex: Type.String(),
  age: Type.Integer(),
  phone: Nullable(Type.String()),
  address: Type.String(),
  communityCode: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  flags: Type.Array(Type.String()),
  contacts: Type.Array(
    Type.Object({
      name: Type.String(),
      relation: Type.String(),
      phone: Nullable(Type.String()),
      guardian: Type.Boolean(),
    }),
  ),
  assessmentLevel: Nullable(Type.String()),
});
export type ElderCard = Static<typeof ElderCard>;

export const EventView = Type.Object({
  id: Type.Integer(),
  deviceId: Type.Integer(),
  code: Nullable(Type.Integer()),
  kind: Type.String(),
  receivedAt: Type.String(),
});
export type EventView = Static<typeof EventView>;

export const IncidentDetail = Type.Object({
  ...IncidentSummary.properties,
  timeline: Type.Array(TimelineEntry),
  elder: ElderCard,
  devices: Type.Array(DeviceView),
  recentEvents: Type.Array(EventView),
});
export type IncidentDetail = Static<typeof IncidentDetail>;

export const AckBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export type AckBody = Static<typeof AckBody>;
export const ActionBody = Type.Object(
  { action: Type.Enum(INCIDENT_ACTIONS), note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBody>;
export const ResolveBody = Type.Object(
  { disposition: Type.Enum(DISPOSITIONS), note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type ResolveBody = Static<typeof ResolveBody>;
export const CloseBody = Type.Object(
  {
    closureCode: Type.Enum(CLOSURE_CODES),
    disposition: Type.Optional(Type.Enum(DISPOSITIONS)),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type CloseBody = Static<typeof CloseBody>;

export const IngestionStats = Type.Object({
  broker: Type.String(),
  received: Type.Integer(),
  rejected: Type.Integer({ description: 'bad payloads or topics, logged and dropped' }),
  byReason: Type.Record(Type.String({ maxLength: 40 }), Type.Integer()),
});
export type IngestionStats = Static<typeof IngestionStats>;

export { Instant };
