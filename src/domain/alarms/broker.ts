// MQTT ingestion. By default an embedded Aedes broker listens on MQTT_PORT (1883); MQTT_URL names
// an external broker (Mosquitto, EMQX) instead. Devices authenticate with their own credentials and
// may publish only to devices/{id}/events|heartbeat|status. The server reads through an mqtt.js
// client with a persistent session (clean: false) at QoS 1, acknowledging a message only once it
// is stored, so the broker redelivers what a restarting server had not yet taken. Started by
// `yiyang serve`, never by building the app, so tests bind no broker unless they ask for one.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import type { Database } from '../../db/engine.js';
import { runExclusive } from '../../db/exclusive.js';
import { authenticateDevice } from './devices.js';
import { escalateDue } from './incidents.js';
import { countIngest, ingestMessage, parseTopic, sweepInactivity, sweepMissedHeartbeats } from './ingest.js';
import { logNotifier, type Notifier } from './notifier.js';

export type BrokerState = 'off' | 'starting' | 'embedded' | 'external' | 'port_in_use' | 'disconnected';

export interface AlarmIngestion {
  state(): BrokerState;
  /** The embedded broker's port (the one bound when 0 was asked), or null. */
  port: number | null;
  /** Messages taken and dropped by this process since it started. */
  stats: { received: number; rejected: number };
  stop(): Promise<void>;
}

export interface IngestionOptions {
  /** MQTT_URL: an external broker; when absent the embedded one is started. */
  url?: string;
  /** MQTT_PORT for the embedded broker (0: any free port). */
  port?: number;
  host?: string;
  /** Credentials of the server's client on an external broker (MQTT_USERNAME, MQTT_PASSWORD). */
  username?: string;
  password?: string;
  /** The persistent session's client id; one per deployment. */
  clientId?: string;
  log?: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  now?: () => Date;
  /**
   * MQTT_HEARTBEAT_CLIENTS: on an external broker, this many more clients take the heartbeats on a
   * shared subscription (`$share/yiyang/devices/+/heartbeat`: Mosquitto 2, EMQX) so they
   * are stored in parallel, while events and status keep the one ordered session. 0: one client
   * takes everything. The embedded broker (Aedes) has no shared subscriptions: always one client.
   */
  heartbeatClients?: number;
}

export const SUBSCRIPTIONS = ['devices/+/events', 'devices/+/heartbeat', 'devices/+/status'];
const ORDERED_SUBSCRIPTIONS = ['devices/+/events', 'devices/+/status'];
export const SHARED_HEARTBEATS = '$share/yiyang/devices/+/heartbeat';
const INGEST_USER = 'yiyang-ingest';

let current: AlarmIngestion | null = null;

/** This process's broker state, for /api/v1/health. */
export function brokerHealth(): BrokerState {
  return current?.state() ?? 'off';
}

export function ingestionOptionsFrom(env: NodeJS.ProcessEnv): IngestionOptions {
  const port = env.MQTT_PORT ? Number(env.MQTT_PORT) : 1883;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`MQTT_PORT must be a port, got "${env.MQTT_PORT}"`);
  const heartbeatClients = env.MQTT_HEARTBEAT_CLIENTS ? Number(env.MQTT_HEARTBEAT_CLIENTS) : 4;
  if (!Number.isInteger(heartbeatClients) || heartbeatClients < 0 || heartbeatClients > 64)
    throw new Error(`MQTT_HEARTBEAT_CLIENTS must be 0 to 64, got "${env.MQTT_HEARTBEAT_CLIENTS}"`);
  return {
    url: env.MQTT_URL || undefined,
    port,
    username: env.MQTT_USERNAME || undefined,
    password: env.MQTT_PASSWORD || undefined,
    clientId: env.MQTT_CLIENT_ID || 'yiyang-ingest',
    heartbeatClients,
  };
}

const authError = (message: string): AuthenticateError => Object.assign(new Error(message), { returnCode: 4 as const });
const deviceOf = (client: Client | null) => (client as (Client & { deviceId?: number }) | null)?.deviceId;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startAlarmIngestion(database: Database, options: IngestionOptions = {}): Promise<AlarmIngestion> {
  const log = options.log ?? { info: console.log, warn: console.warn, error: console.error };
  const now = options.now ?? (() => new Date());
  let state: BrokerState = 'starting';
  const stats = { received: 0, rejected: 0 };
  let broker: Aedes | null = null;
  let server: Server | null = null;
  let client: MqttClient | null = null;
  let port: number | null = null;
  let url = options.url;
  let username = options.username;
  let password = options.password;

  if (!url) {
    const secret = randomBytes(24).toString('base64url');
    username = INGEST_USER;
    password = secret;
    broker = await Aedes.createBroker({
      authenticate(c, user, pass, done) {
        const given = pass?.toString('utf8') ?? '';
        if (user === INGEST_USER)
          return done(sameSecret(given, secret) ? null : authError('refused'), sameSecret(given, secret));
        authenticateDevice(database.db, user ?? '', given).then(
          (id) => {
            if (id == null || c.id !== `device-${id}`) return done(authError('bad credentials'), false);
            (c as Client & { deviceId?: number }).deviceId = id;
            done(null, true);
          },
          (err: Error) => {
            log.error(`mqtt device authentication failed: ${err.message}`);
            done(Object.assign(new Error('unavailable'), { returnCode: 3 as const }), false);
          },
        );
      },
      authorizePublish(c, packet, done) {
        const id = deviceOf(c);
        const topic = parseTopic(packet.topic);
        if (c && id != null && topic?.deviceId === id) return done(null);
        done(new Error('not your topic'));
      },
      authorizeSubscribe(c, sub, done) {
        if (c.id === (options.clientId ?? 'yiyang-ingest') && deviceOf(c) == null && SUBSCRIPTIONS.includes(sub.topic))
          return done(null, sub);
        const id = deviceOf(c);
        if (id != null && sub.topic.startsWith(`devices/${id}/`)) return done(null, sub);
        done(new Error('not your topic'));
      },
    });
    server = createServer(broker.handle);
    const bound = await new Promise<number | null>((resolve) => {
      server!.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') resolve(null);
        else {
          log.error(`mqtt broker could not listen: ${err.message}`);
          resolve(null);
        }
      });
      server!.listen(options.port ?? 1883, options.host ?? '0.0.0.0', () => {
        const a = server!.address();
        resolve(typeof a === 'object' && a ? a.port : null);
      });
    });
    if (bound == null) {
      log.warn(
        `MQTT: port ${options.port ?? 1883} is taken (another broker?): emergency-call ingestion is off; set MQTT_URL to use that broker or MQTT_PORT for another port`,
      );
      state = 'port_in_use';
      await new Promise<void>((r) => broker!.close(() => r()));
      broker = null;
      server = null;
      const service: AlarmIngestion = { state: () => state, port: null, stats, stop: async () => {} };
      current = service;
      return service;
    }
    port = bound;
    url = `mqtt://127.0.0.1:${bound}`;
  }

  const external = !broker;
  const brokerUrl = url as string;
  const sharedClients = external ? (options.heartbeatClients ?? 0) : 0;
  const mainId = options.clientId ?? 'yiyang-ingest';
  const connectOptions = { clean: false, username, password, reconnectPeriod: 1000, connectTimeout: 10_000 };

  async function handle(topic: string, payload: Buffer): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await ingestMessage(database.db, topic, payload, now());
        if (result.ok) stats.received++;
        else {
          stats.rejected++;
          log.warn(`mqtt message on ${topic.slice(0, 80)} rejected: ${result.reason}`);
        }
        return;
      } catch (err) {
        if (attempt >= 3) {
          stats.rejected++;
          log.error(`mqtt message on ${topic.slice(0, 80)} could not be stored: ${(err as Error).message}`);
          await countIngest(database.db, 'rejected:error').catch(() => {});
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }
  /** A persistent-session client that acknowledges each message once it is stored. */
  function ingestingClient(clientId: string, topics: string[], unsubscribe: string[]): MqttClient {
    // MQTT 3.1.1: a persistent session outlives the connection (in 5 it would need an expiry);
    // Mosquitto and EMQX honour `$share/` on 3.1.1 clients too.
    const c = mqtt.connect(brokerUrl, { ...connectOptions, clientId });
    c.handleMessage = (packet, callback) => {
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      handle(packet.topic, payload).then(
        () => callback(),
        () => callback(),
      );
    };
    c.on('connect', (ack) => {
      // A resumed persistent session keeps its subscriptions; subscribing again is harmless.
      if (!ack.sessionPresent || external)
        c.subscribe(topics, { qos: 1 }, (err) => {
          if (err) log.error(`mqtt subscribe failed: ${err.message}`);
        });
      // A session made before the heartbeats were shared still holds their plain subscription.
      if (ack.sessionPresent && unsubscribe.length) c.unsubscribe(unsubscribe);
    });
    c.on('error', (err) => log.error(`mqtt client: ${err.message}`));
    return c;
  }
  const ready = (c: MqttClient, topics: string[]) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 5000);
      c.once('connect', () => {
        clearTimeout(t);
        // Wait for the subscription to be in place before announcing readiness.
        c.subscribe(topics, { qos: 1 }, () => resolve());
      });
    });

  const mainTopics = sharedClients > 0 ? ORDERED_SUBSCRIPTIONS : SUBSCRIPTIONS;
  client = ingestingClient(mainId, mainTopics, sharedClients > 0 ? ['devices/+/heartbeat'] : []);
  client.on('connect', () => {
    state = external ? 'external' : 'embedded';
  });
  client.on('offline', () => {
    state = 'disconnected';
  });
  const heartbeatClients = Array.from({ length: sharedClients }, (_, i) =>
    ingestingClient(`${mainId}-hb${i + 1}`, [SHARED_HEARTBEATS], []),
  );
  await Promise.all([ready(client, mainTopics), ...heartbeatClients.map((c) => ready(c, [SHARED_HEARTBEATS]))]);
  if (state === 'starting') state = 'disconnected';
  log.info(
    external
      ? `MQTT: ingesting from ${url}${sharedClients ? ` (heartbeats shared by ${sharedClients} clients)` : ''}`
      : `MQTT: embedded broker on port ${port}`,
  );

  const service: AlarmIngestion = {
    state: () => state,
    port,
    stats,
    async stop() {
      await Promise.all([client, ...heartbeatClients].map((c) => c?.endAsync().catch(() => {})));
      if (broker) await new Promise<void>((r) => broker!.close(() => r()));
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      state = 'off';
      if (current === service) current = null;
    },
  };
  current = service;
  return service;
}

const JOB_EVERY_MS = 10_000;
const INACTIVITY_EVERY_MS = 60_000;

/**
 * The periodic rounds: escalation of unacknowledged incidents, heartbeat supervision and the
 * inactivity of elders living alone, each once
 * across every server process (runExclusive). Returns the stop.
 */
export function startAlarmJobs(
  database: Database,
  options: { notifier?: Notifier; onError?: (err: Error) => void; everyMs?: number } = {},
): () => void {
  const notifier = options.notifier ?? logNotifier();
  const timer = setInterval(() => {
    runExclusive(database, 'alarm-escalation', async () => {
      const now = new Date();
      await escalateDue(database.db, now, notifier);
      await sweepMissedHeartbeats(database.db, now);
    }).catch((err: Error) => options.onError?.(err));
  }, options.everyMs ?? JOB_EVERY_MS);
  timer.unref();
  // Stillness is counted in hours: once a minute is enough.
  const stillness = setInterval(() => {
    runExclusive(database, 'alarm-inactivity', () => sweepInactivity(database.db, new Date())).catch((err: Error) =>
      options.onError?.(err),
    );
  }, INACTIVITY_EVERY_MS);
  stillness.unref();
  return () => {
    clearInterval(timer);
    clearInterval(stillness);
  };
}
