// Simulated devices for load tests and demos (`yiyang simulate-devices`, bench/alarms.ts):
// registers N SOS pendants with one shared secret of this run, then publishes heartbeats at a
// steady rate and occasional SOS presses over MQTT, counting what it sent.
//
// Two ways to publish: one connection per device (each logs in with its own credentials: what the
// embedded broker requires), or a few gateway connections publishing on behalf of many devices
// (for a broker without per-device rules, such as a local Mosquitto with anonymous access).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import mqtt, { type MqttClient } from 'mqtt';
import type { Db } from '../identity/context.js';
import { deviceClientId, deviceTopicPrefix, hashSecret } from './devices.js';

/** Serial numbers of simulated devices: never those of a real device (real ones are not `SIM-`). */
export const SIM_SERIAL_PREFIX = 'SIM-';

export interface SimulatedFleet {
  ids: number[];
  /** The secret every simulated device of this run logs in with (its hash is stored). */
  secret: string;
}

/**
 * Makes sure `count` simulated devices exist (serials SIM-000001 …), owned round-robin by the
 * registry's elders, active, with a fresh shared secret. Set-based and re-runnable: a second run
 * reuses the same devices and only renews their secret.
 */
export async function prepareSimulatedDevices(db: Db, count: number): Promise<SimulatedFleet> {
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new Error('devices: 1 to 1,000,000');
  const secret = randomBytes(18).toString('base64url');
  const hash = hashSecret(secret);
  const elders = await sql<{ n: number }>`SELECT count(*)::int AS n FROM elders`.execute(db);
  if (!elders.rows[0]?.n) throw new Error('no elders registered: seed or import some first');
  const chunk = 20_000;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    await sql`
      WITH owners AS (
        SELECT id, address, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n FROM elders
      )
      INSERT INTO alarm_devices (elder_id, kind, serial, install_address, installed_on, credential_hash,
        created_at, updated_at)
      SELECT o.id, 'sos_pendant', ${SIM_SERIAL_PREFIX} || lpad(g::text, 6, '0'), o.address, current_date,
        ${hash}, now(), now()
      FROM generate_series(${from}::int, ${to}::int) g
      JOIN owners o ON o.k = (g - 1) % o.n
      ON CONFLICT (serial) DO UPDATE SET credential_hash = excluded.credential_hash, status = 'active',
        updated_at = now()`.execute(db);
  }
  const rows = await sql<{ id: number }>`
    SELECT id FROM alarm_devices WHERE serial LIKE ${`${SIM_SERIAL_PREFIX}%`}
      AND serial <= ${SIM_SERIAL_PREFIX + String(count).padStart(6, '0')}
    ORDER BY serial`.execute(db);
  return { ids: rows.rows.map((r) => Number(r.id)), secret };
}

export interface TrafficOptions {
  url: string;
  fleet: SimulatedFleet;
  /** Heartbeats per second across the fleet. */
  rate: number;
  /** SOS presses per second across the fleet (each from a different device). */
  sosPerSecond: number;
  seconds: number;
  /** Gateway connections publishing for every device; 0: one connection per device. */
  gateways: number;
  onProgress?: (p: TrafficStats) => void;
}

export interface TrafficStats {
  heartbeats: number;
  sos: number;
  failed: number;
  elapsedMs: number;
  /** When each SOS was acknowledged by the broker (QoS 1), by device id. */
  sosSentAt: Map<number, number>;
}

/** Publishes for `seconds`: heartbeats spread evenly over the fleet, SOS presses on distinct devices. */
export async function simulateTraffic(o: TrafficOptions): Promise<TrafficStats> {
  const { ids, secret } = o.fleet;
  const stats: TrafficStats = { heartbeats: 0, sos: 0, failed: 0, elapsedMs: 0, sosSentAt: new Map() };
  const clients: MqttClient[] = [];
  const connectOpts = { reconnectPeriod: 0, connectTimeout: 10_000, clean: true } as const;
  if (o.gateways > 0) {
    for (let i = 0; i < o.gateways; i++)
      clients.push(await mqtt.connectAsync(o.url, { ...connectOpts, clientId: `sim-gw-${process.pid}-${i}` }));
  } else {
    for (let i = 0; i < ids.length; i += 200) {
      const batch = ids.slice(i, i + 200);
      clients.push(
        ...(await Promise.all(
          batch.map((id) =>
            mqtt.connectAsync(o.url, {
              ...connectOpts,
              clientId: deviceClientId(id),
              username: deviceClientId(id),
              password: secret,
            }),
          ),
        )),
      );
    }
  }
  const clientFor = (index: number) => clients[o.gateways > 0 ? index % clients.length : index]!;
  const started = Date.now();
  const tickMs = 100;
  let beatCursor = 0;
  let sosCursor = ids.length - 1;
  const inFlight = new Set<Promise<unknown>>();
  const send = (index: number, channel: 'heartbeat' | 'events', body: object, onAck: () => void) => {
    const p = clientFor(index)
      .publishAsync(`${deviceTopicPrefix(ids[index]!)}/${channel}`, JSON.stringify(body), { qos: 1 })
      .then(onAck, () => {
        stats.failed++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  let lastReport = started;
  // Sends by the clock, not by ticks: a late tick catches up on what fell due meanwhile.
  let beatsSent = 0;
  let sosSent = 0;
  for (let tick = 0; Date.now() - started < o.seconds * 1000; tick++) {
    const elapsed = (Date.now() - started) / 1000;
    for (; beatsSent < Math.floor(elapsed * o.rate); beatsSent++) {
      const index = beatCursor++ % ids.length;
      send(index, 'heartbeat', { battery: 80 }, () => {
        stats.heartbeats++;
      });
    }
    for (; sosSent < Math.floor(elapsed * o.sosPerSecond) && sosCursor >= 0; sosSent++) {
      const index = sosCursor--;
      const id = ids[index]!;
      send(index, 'events', { code: 101 }, () => {
        stats.sos++;
        stats.sosSentAt.set(id, Date.now());
      });
    }
    const wait = started + (tick + 1) * tickMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (o.onProgress && Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      o.onProgress({ ...stats, elapsedMs: lastReport - started });
    }
  }
  await Promise.all(inFlight);
  stats.elapsedMs = Date.now() - started;
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
  return stats;
}
