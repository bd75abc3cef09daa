// From device messages to stored events, incidents and maintenance tasks. Runs in the process that
// holds the MQTT subscription; every message is validated first, and a bad one is counted and
// dropped (never thrown to the broker client).
import { sql } from 'kysely';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { todayInShanghai } from '../../lib/dates.js';
import type { Db } from '../identity/context.js';
import { openOrJoinIncident } from './incidents.js';
import { policyOn } from './policy.js';
import { EVENT_CODE_LIST, EVENT_CODES, type EventCode, type IncidentKind, VITAL_METRICS } from './vocabulary.js';

export const CHANNELS = ['events', 'heartbeat', 'status'] as const;
export type Channel = (typeof CHANNELS)[number];

const Vitals = Type.Object(
  {
    heart_rate: Type.Optional(Type.Number({ minimum: 0, maximum: 300 })),
    systolic: Type.Optional(Type.Number({ minimum: 0, maximum: 300 })),
    diastolic: Type.Optional(Type.Number({ minimum: 0, maximum: 250 })),
    spo2: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    glucose: Type.Optional(Type.Number({ minimum: 0, maximum: 60 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const EventPayload = Type.Object(
  {
    code: Type.Optional(Type.Union(EVENT_CODE_LIST.map((c) => Type.Literal(c)))),
    vitals: Type.Optional(Vitals),
    battery: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    at: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  },
  { additionalProperties: false },
);
const HeartbeatPayload = Type.Object(
  {
    battery: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    firmware: Type.Optional(Type.String({ maxLength: 40 })),
    mains: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const StatusPayload = Type.Object(
  { status: Type.Union([Type.Literal('online'), Type.Literal('offline')]) },
  { additionalProperties: false },
);
type EventPayload = Static<typeof EventPayload>;

export type IngestResult = { ok: true; incidentId: number | null } | { ok: false; reason: string };

const TOPIC = /^devices\/(\d{1,15})\/(events|heartbeat|status)$/;

/** The device id and channel of a topic, or null when it is not one of ours. */
export function parseTopic(topic: string): { deviceId: number; channel: Channel } | null {
  const m = TOPIC.exec(topic);
  return m ? { deviceId: Number(m[1]), channel: m[2] as Channel } : null;
}

function parsePayload(channel: Channel, raw: Buffer): unknown | null {
  if (raw.length > 4096) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  const schema = channel === 'events' ? EventPayload : channel === 'heartbeat' ? HeartbeatPayload : StatusPayload;
  if (!Value.Check(schema, value)) return null;
  if (channel === 'events' && (value as EventPayload).code == null && !(value as EventPayload).vitals) return null;
  return value;
}

export async function countIngest(db: Db, counter: string): Promise<void> {
  await db
    .insertInto('alarm_ingest_counters')
    .values({ counter, value: 1 })
    .onConflict((oc) => oc.column('counter').doUpdateSet({ value: sql`alarm_ingest_counters.value + 1` }))
    .execute();
}

/** Stores one device message and applies the rules; `now` is the time it was received. */
export async function ingestMessage(db: Db, topic: string, raw: Buffer, now: Date): Promise<IngestResult> {
  const parsed = parseTopic(topic);
  if (!parsed) return reject(db, 'topic');
  const payload = parsePayload(parsed.channel, raw);
  if (payload == null) return reject(db, 'payload');
  if (parsed.channel === 'heartbeat') {
    const beat = payload as { battery?: number; firmware?: string; mains?: boolean };
    const policy = await cachedPolicy(db, todayInShanghai(now));
    if ((beat.battery == null || beat.battery > policy.lowBatteryPct) && beat.mains !== false)
      return plainHeartbeat(db, parsed.deviceId, beat, now);
  }
  const device = await db
    .selectFrom('alarm_devices')
    .select(['id', 'elder_id', 'status', 'online'])
    .where('id', '=', parsed.deviceId)
    .executeTakeFirst();
  if (!device || device.status === 'retired') return reject(db, 'unknown_device');
  const policy = await policyOn(db, todayInShanghai(now));
  const result = await db.transaction().execute(async (tx) => {
    let incidentId: number | null = null;
    let code: number | null = null;
    let kind: string = parsed.channel;
    if (parsed.channel === 'status') {
      const status = (payload as { status: 'online' | 'offline' }).status;
      kind = status;
      await tx
        .updateTable('alarm_devices')
        .set({ online: status === 'online', last_seen_at: now })
        .where('id', '=', device.id)
        .execute();
      if (status === 'offline') {
        code = 147;
        incidentId = await openOrJoinIncident(tx, {
          elderId: device.elder_id,
          deviceId: device.id,
          kind: 'offline',
          code,
          now,
          policy,
        });
      }
    } else {
      const p = payload as { battery?: number; firmware?: string; mains?: boolean };
      await tx
        .updateTable('alarm_devices')
        .set({
          online: true,
          last_seen_at: now,
          ...(p.battery != null ? { battery_pct: p.battery } : {}),
          ...(p.firmware ? { firmware: p.firmware } : {}),
        })
        .where('id', '=', device.id)
        .execute();
      if (p.battery != null && p.battery <= policy.lowBatteryPct) await maintenanceTask(tx, device, 'low_battery', now);
      if (p.mains === false) await maintenanceTask(tx, device, 'mains_loss', now);
      if (parsed.channel === 'events') {
        const e = payload as EventPayload;
        if (e.code != null) {
          code = e.code;
          const eventKind = EVENT_CODES[e.code as EventCode];
          kind = eventKind;
          if (eventKind === 'low_battery') await maintenanceTask(tx, device, 'low_battery', now);
          else if (eventKind === 'mains_loss') await maintenanceTask(tx, device, 'mains_loss', now);
          else if (eventKind !== 'test')
            incidentId = await openOrJoinIncident(tx, {
              elderId: device.elder_id,
              deviceId: device.id,
              kind: eventKind as IncidentKind,
              code: e.code,
              now,
              policy,
            });
        }
        if (e.vitals) {
          kind = e.code != null ? kind : 'vitals';
          const vitalsIncident = await recordVitals(tx, device, e.vitals, now, policy);
          incidentId ??= vitalsIncident;
        }
      }
    }
    await tx
      .insertInto('alarm_events')
      .values({
        device_id: device.id,
        elder_id: device.elder_id,
        channel: parsed.channel,
        code,
        kind,
        payload: JSON.stringify(payload),
        received_at: now,
        incident_id: incidentId,
      })
      .execute();
    return incidentId;
  });
  await countIngest(db, 'received');
  return { ok: true, incidentId: result };
}

/**
 * The common case, most of the traffic (150,000 devices beating every minute): a heartbeat with
 * nothing to act on, stored in one statement — device seen, event row, counter — instead of six
 * round trips. Anything with a consequence (low battery, mains loss) takes the full path.
 */
async function plainHeartbeat(
  db: Db,
  deviceId: number,
  beat: { battery?: number; firmware?: string },
  now: Date,
): Promise<IngestResult> {
  const r = await sql<{ stored: number }>`
    WITH d AS (
      UPDATE alarm_devices SET online = true, last_seen_at = ${now},
        battery_pct = coalesce(${beat.battery ?? null}::int, battery_pct),
        firmware = coalesce(${beat.firmware ?? null}::text, firmware)
      WHERE id = ${deviceId} AND status <> 'retired'
      RETURNING id, elder_id
    ), e AS (
      INSERT INTO alarm_events (device_id, elder_id, channel, code, kind, payload, received_at, incident_id)
      SELECT id, elder_id, 'heartbeat', NULL, 'heartbeat', ${JSON.stringify(beat)}::jsonb, ${now}, NULL FROM d
      RETURNING 1
    ), c AS (
      INSERT INTO alarm_ingest_counters (counter, value)
      SELECT CASE WHEN EXISTS (SELECT 1 FROM d) THEN 'received' ELSE 'rejected:unknown_device' END, 1
      ON CONFLICT (counter) DO UPDATE SET value = alarm_ingest_counters.value + 1
    )
    SELECT count(*)::int AS stored FROM e`.execute(db);
  return r.rows[0]?.stored ? { ok: true, incidentId: null } : { ok: false, reason: 'unknown_device' };
}

/** The policy of a day, read again at most once a minute: it changes by new versions with a date. */
const policyCache = new WeakMap<Db, { date: string; at: number; policy: ReturnType<typeof policyOn> }>();
function cachedPolicy(db: Db, date: string): ReturnType<typeof policyOn> {
  const hit = policyCache.get(db);
  if (hit && hit.date === date && Date.now() - hit.at < 60_000) return hit.policy;
  const policy = policyOn(db, date);
  policyCache.set(db, { date, at: Date.now(), policy });
  policy.catch(() => policyCache.delete(db));
  return policy;
}

async function reject(db: Db, reason: string): Promise<IngestResult> {
  await countIngest(db, `rejected:${reason}`);
  return { ok: false, reason };
}

async function maintenanceTask(
  tx: Db,
  device: { id: number; elder_id: number },
  reason: 'low_battery' | 'mains_loss',
  now: Date,
): Promise<void> {
  await tx
    .insertInto('alarm_maintenance_tasks')
    .values({ device_id: device.id, elder_id: device.elder_id, reason, opened_at: now })
    .onConflict((oc) => oc.columns(['device_id', 'reason']).where('status', '=', 'open').doNothing())
    .execute();
}

/**
 * Stores the readings; a metric out of its range for the threshold's N consecutive readings (the
 * elder's own threshold, else the default) opens a vitals incident, one spike does not.
 */
async function recordVitals(
  tx: Db,
  device: { id: number; elder_id: number },
  vitals: Record<string, number | undefined>,
  now: Date,
  policy: Awaited<ReturnType<typeof policyOn>>,
): Promise<number | null> {
  const thresholds = await tx
    .selectFrom('alarm_vital_thresholds')
    .selectAll()
    .where((eb) => eb.or([eb('elder_id', 'is', null), eb('elder_id', '=', device.elder_id)]))
    .execute();
  let incidentId: number | null = null;
  for (const metric of VITAL_METRICS) {
    const value = vitals[metric];
    if (value == null) continue;
    const t =
      thresholds.find((x) => x.metric === metric && x.elder_id === device.elder_id) ??
      thresholds.find((x) => x.metric === metric && x.elder_id == null);
    const out =
      !!t &&
      ((t.min_value != null && value < Number(t.min_value)) || (t.max_value != null && value > Number(t.max_value)));
    await tx
      .insertInto('alarm_vital_readings')
      .values({ device_id: device.id, elder_id: device.elder_id, metric, value, out_of_range: out, measured_at: now })
      .execute();
    if (!out || !t) continue;
    const last = await tx
      .selectFrom('alarm_vital_readings')
      .select('out_of_range')
      .where('elder_id', '=', device.elder_id)
      .where('metric', '=', metric)
      .orderBy('measured_at', 'desc')
      .orderBy('id', 'desc')
      .limit(t.consecutive)
      .execute();
    if (last.length === t.consecutive && last.every((r) => r.out_of_range))
      incidentId = await openOrJoinIncident(tx, {
        elderId: device.elder_id,
        deviceId: device.id,
        kind: 'vitals',
        code: 100,
        now,
        policy,
        note: `${metric} ${value}`,
      });
  }
  return incidentId;
}

/**
 * Supervision: active devices believed online that missed the policy's heartbeats go offline and
 * open an offline incident (Contact ID 147). Run periodically under runExclusive.
 */
export async function sweepMissedHeartbeats(db: Db, now: Date): Promise<number> {
  const policy = await policyOn(db, todayInShanghai(now));
  const cutoff = new Date(now.getTime() - policy.heartbeatSeconds * policy.missedHeartbeats * 1000);
  const silent = await db
    .selectFrom('alarm_devices')
    .select(['id', 'elder_id'])
    .where('online', '=', true)
    .where('status', '=', 'active')
    .where('last_seen_at', '<', cutoff)
    .limit(1000)
    .execute();
  for (const d of silent)
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('alarm_devices').set({ online: false }).where('id', '=', d.id).execute();
      await openOrJoinIncident(tx, {
        elderId: d.elder_id,
        deviceId: d.id,
        kind: 'offline',
        code: 147,
        now,
        policy,
        note: 'missed heartbeats',
      });
    });
  return silent.length;
}
