// From device messages to stored events, incidents and maintenance tasks. Runs in the process that
// holds the MQTT subscription; every message is validated first, and a bad one is counted and
// dropped (never thrown to the broker client).
import { sql } from 'kysely';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { todayInShanghai } from '../../lib/dates.js';
import type { Db } from '../identity/context.js';
import { type IncidentTrigger, joinOpenIncident, openOrJoinIncident } from './incidents.js';
import { type AlarmPolicy, policyOn } from './policy.js';
import { isFlapping, isInactive } from './rules.js';
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
    /** A motion, door, bed or wearable sensor saw the elder move. */
    motion: Type.Optional(Type.Boolean()),
    at: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  },
  { additionalProperties: false },
);
const HeartbeatPayload = Type.Object(
  {
    battery: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    firmware: Type.Optional(Type.String({ maxLength: 40 })),
    mains: Type.Optional(Type.Boolean()),
    /** The elder moved since the last heartbeat (wearables, bed and door sensors). */
    motion: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const StatusPayload = Type.Object(
  { status: Type.Union([Type.Literal('online'), Type.Literal('offline')]) },
  { additionalProperties: false },
);
type EventPayload = Static<typeof EventPayload>;
type Heartbeat = Static<typeof HeartbeatPayload>;

/** What counts as the elder moving: a sensor saying so, a press of the button, a reading taken. */
function showsMotion(channel: Channel, p: { motion?: boolean; code?: number; vitals?: unknown }): boolean {
  if (p.motion === true) return true;
  return channel === 'events' && (p.vitals != null || p.code === 101 || p.code === 100);
}

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
  const e = value as EventPayload;
  if (channel === 'events' && e.code == null && !e.vitals && e.motion !== true) return null;
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
    const beat = payload as Heartbeat;
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
  let flapped = false;
  const result = await db.transaction().execute(async (tx) => {
    // Opens or joins an incident, unless the device is flapping: then it only joins an open one.
    const raise = async (t: Omit<IncidentTrigger, 'elderId' | 'deviceId' | 'now' | 'policy'>) => {
      const trigger = { ...t, elderId: device.elder_id, deviceId: device.id, now, policy };
      if (!(await deviceFlapping(tx, device, now, policy))) return openOrJoinIncident(tx, trigger);
      flapped = true;
      return joinOpenIncident(tx, { ...trigger, note: `${t.note ?? ''} flapping`.trim() });
    };
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
        incidentId = await raise({ kind: 'offline', code });
      }
    } else {
      const p = payload as Heartbeat & EventPayload;
      await tx
        .updateTable('alarm_devices')
        .set({
          online: true,
          last_seen_at: now,
          ...(showsMotion(parsed.channel, p) ? { last_motion_at: now } : {}),
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
          else if (eventKind !== 'test') incidentId = await raise({ kind: eventKind as IncidentKind, code: e.code });
        }
        if (e.code == null && !e.vitals) kind = 'motion';
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
  if (flapped) await countIngest(db, 'flapping');
  return { ok: true, incidentId: result };
}

/**
 * The common case, most of the traffic (150,000 devices beating every minute): a heartbeat with
 * nothing to act on, stored in one statement — device seen, event row, counter — instead of six
 * round trips. Anything with a consequence (low battery, mains loss) takes the full path.
 */
async function plainHeartbeat(db: Db, deviceId: number, beat: Heartbeat, now: Date): Promise<IngestResult> {
  const r = await sql<{ stored: number }>`
    WITH d AS (
      UPDATE alarm_devices SET online = true, last_seen_at = ${now},
        last_motion_at = coalesce(${beat.motion ? now : null}::timestamptz, last_motion_at),
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

/**
 * Whether this device sent more than the policy's threshold of events and status changes within
 * the window (this one included). A flapping device gets a maintenance task noting the count.
 */
async function deviceFlapping(
  tx: Db,
  device: { id: number; elder_id: number },
  now: Date,
  policy: AlarmPolicy,
): Promise<boolean> {
  const since = new Date(now.getTime() - policy.flapWindowSeconds * 1000);
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM alarm_events
    WHERE device_id = ${device.id} AND channel <> 'heartbeat' AND received_at > ${since}`.execute(tx);
  const inWindow = (r.rows[0]?.n ?? 0) + 1;
  if (!isFlapping(inWindow, policy.flapThreshold)) return false;
  const note = `${inWindow} events within ${policy.flapWindowSeconds} s`;
  await tx
    .insertInto('alarm_maintenance_tasks')
    .values({ device_id: device.id, elder_id: device.elder_id, reason: 'flapping', opened_at: now, note })
    .onConflict((oc) =>
      oc
        .columns(['device_id', 'reason'])
        .where('status', '=', 'open')
        .doUpdateSet({ event_count: sql`alarm_maintenance_tasks.event_count + 1`, note }),
    )
    .execute();
  return true;
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

/** Kinds that watch the elder move; an elder living alone with one of them is watched for stillness. */
export const MOTION_SENSING_KINDS = ['smart_watch', 'fall_detector', 'door_sensor', 'bed_sensor'] as const;

/**
 * 独居老人无活动: elders living alone (flag living_alone in force today) with an active
 * motion-sensing device, whose devices saw no motion for the policy's daytime hours, get an
 * inactivity incident (Contact ID 102) — one per still spell: not again until they move.
 * Run periodically under runExclusive.
 */
export async function sweepInactivity(db: Db, now: Date): Promise<number> {
  const today = todayInShanghai(now);
  const policy = await policyOn(db, today);
  // Daytime seconds never exceed wall-clock seconds: only elders still for that long are candidates.
  const cutoff = new Date(now.getTime() - policy.inactivityHours * 3600_000);
  const still = await sql<{ elder_id: number; last_motion: Date; device_id: number }>`
    WITH watched AS (
      SELECT d.elder_id, max(coalesce(d.last_motion_at, d.created_at)) AS last_motion,
             min(d.id) FILTER (WHERE d.kind IN (${sql.join([...MOTION_SENSING_KINDS])})) AS device_id
      FROM alarm_devices d
      JOIN elders e ON e.id = d.elder_id AND e.status = 'active'
      WHERE d.status = 'active'
        AND EXISTS (SELECT 1 FROM elder_status_flags f
                    WHERE f.elder_id = d.elder_id AND f.flag = 'living_alone' AND f.effective_from <= ${today}
                      AND (f.effective_to IS NULL OR f.effective_to >= ${today}))
      GROUP BY d.elder_id
    )
    SELECT w.elder_id, w.last_motion, w.device_id FROM watched w
    WHERE w.device_id IS NOT NULL AND w.last_motion < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM alarm_incidents i
                      WHERE i.elder_id = w.elder_id AND i.kind = 'inactivity' AND i.opened_at >= w.last_motion)
    ORDER BY w.last_motion
    LIMIT 1000`.execute(db);
  let opened = 0;
  for (const r of still.rows) {
    if (!isInactive(new Date(r.last_motion), now, policy)) continue;
    await db.transaction().execute((tx) =>
      openOrJoinIncident(tx, {
        elderId: r.elder_id,
        deviceId: r.device_id,
        kind: 'inactivity',
        code: 102,
        now,
        policy,
        note: `no motion since ${new Date(r.last_motion).toISOString().slice(0, 16)}Z`,
      }),
    );
    opened++;
  }
  return opened;
}
