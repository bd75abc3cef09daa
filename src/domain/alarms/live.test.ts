// The console's live feed over a real socket, and ingestion through an external broker
// (Mosquitto on 127.0.0.1:1883, which CI starts): a call is heard by the console of its own area
// only, and a call made while the server is down arrives when it comes back.
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import mqtt from 'mqtt';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { type AlarmIngestion, startAlarmIngestion } from './broker.js';
import type { DeviceCreated, IncidentSummary } from './schemas.js';
import { registeredDevice, registeredElder } from './test-helpers.js';

const quiet = { info() {}, warn() {}, error() {} };
const MOSQUITTO = { host: '127.0.0.1', port: 1883 };

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads an SSE response body into a list of parsed `incident` events as they come. */
function sseEvents(body: ReadableStream<Uint8Array>): { events: { id: number; status: string }[]; stop(): void } {
  const events: { id: number; status: string }[] = [];
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (frame.startsWith('event: incident')) {
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)));
        }
        end = buffered.indexOf('\n\n');
      }
    }
  })();
  return { events, stop: () => void reader.cancel().catch(() => {}) };
}

function reachable({ host, port }: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

describe('the live console feed over SSE', { timeout: 60_000 }, () => {
  let t: TestApp;
  let ingestion: AlarmIngestion;
  let base: string;
  before(async () => {
    t = await testApp();
    ingestion = await startAlarmIngestion(t.database, { port: 0, host: '127.0.0.1', log: quiet });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    await ingestion.stop();
    await t.close();
  });

  test('an SOS reaches the console of its community at once, and not the console of another district', {
    timeout: 30_000,
  }, async () => {
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    const outsider = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const open = async (token: string) => {
      const res = await fetch(`${base}/api/v1/alarms/stream`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      return sseEvents(res.body!);
    };
    const mine = await open(worker);
    const theirs = await open(outsider);
    try {
      const elder = await registeredElder(t, worker);
      const d = await registeredDevice(t, worker, elder.id);
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingestion.port}`, {
        clientId: d.mqtt.clientId,
        username: d.mqtt.username,
        password: d.mqtt.password,
        reconnectPeriod: 0,
      });
      await c.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ code: 101 }), { qos: 1 });
      await c.endAsync(true);
      const [heard] = await until(async () => (mine.events.length ? mine.events : null), 'the incident on the console');
      const listed: IncidentSummary[] = (
        await t.call(worker, { method: 'GET', url: `/api/v1/alarms/incidents?elderId=${elder.id}` })
      ).json().items;
      assert.equal(heard!.id, listed[0]!.id);

      // The acknowledgement is pushed too, so every open console drops the call from "new".
      const ack = await t.call(worker, {
        method: 'POST',
        url: `/api/v1/alarms/incidents/${heard!.id}/acknowledge`,
        payload: {},
      });
      assert.equal(ack.statusCode, 200, ack.body);
      await until(async () => mine.events.some((e) => e.id === heard!.id && e.status === 'acknowledged'), 'the ack');
      assert.deepEqual(theirs.events, [], 'another district hears nothing');
    } finally {
      mine.stop();
      theirs.stop();
    }
  });

  test('a caller without a console role is refused the stream', async () => {
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    const elder = await registeredElder(t, worker);
    const family = await t.userWith('elder_family', { elderId: elder.id });
    const res = await fetch(`${base}/api/v1/alarms/stream`, { headers: { authorization: `Bearer ${family}` } });
    assert.equal(res.status, 404);
    await res.body?.cancel();
  });
});

describe('ingestion through Mosquitto (MQTT_URL)', { timeout: 60_000 }, async () => {
  const up = await reachable(MOSQUITTO);
  const url = `mqtt://${MOSQUITTO.host}:${MOSQUITTO.port}`;
  // One persistent session per run: nothing another run publishes is taken by this one.
  const clientId = `yiyang-test-${process.pid}-${Date.now().toString(36)}`;
  let t: TestApp;
  let ingestion: AlarmIngestion | null = null;
  let worker: string;
  before(async () => {
    if (!up) return;
    t = await testApp();
    // Device ids far from other test databases': every run on this machine shares the broker's topics.
    const start = 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
    await sql`SELECT setval(pg_get_serial_sequence('alarm_devices', 'id'), ${start})`.execute(t.database.db);
    worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
  });
  after(async () => {
    if (!up) return;
    await ingestion?.stop();
    // End the persistent session so the broker keeps nothing for it.
    for (const id of [clientId, `${clientId}-hb1`, `${clientId}-hb2`, `${clientId}-hb3`]) {
      const cleanup = await mqtt.connectAsync(url, { clientId: id, clean: true, reconnectPeriod: 0 });
      await cleanup.endAsync(true);
    }
    await t.close();
  });
  const incidentsOf = async (elderId: number): Promise<IncidentSummary[]> =>
    (await t.call(worker, { method: 'GET', url: `/api/v1/alarms/incidents?elderId=${elderId}` })).json().items;

  test('an SOS published to Mosquitto opens an incident; one published while the server is down arrives after', {
    skip: up ? false : 'no MQTT broker on 127.0.0.1:1883',
    timeout: 40_000,
  }, async () => {
    ingestion = await startAlarmIngestion(t.database, { url, clientId, log: quiet });
    assert.equal(ingestion.state(), 'external');
    const health = await t.call(null, { method: 'GET', url: '/api/v1/health' });
    assert.equal(health.json().broker, 'external');

    const elder = await registeredElder(t, worker);
    const d = await registeredDevice(t, worker, elder.id);
    const device = await mqtt.connectAsync(url, { clientId: d.mqtt.clientId, reconnectPeriod: 0 });
    await device.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ code: 101 }), { qos: 1 });
    const [first] = await until(async () => {
      const l = await incidentsOf(elder.id);
      return l.length ? l : null;
    }, 'the SOS through Mosquitto');
    assert.equal(first!.kind, 'sos');

    // The server stops; a fall is reported meanwhile; the broker holds it for the server's session.
    await ingestion.stop();
    ingestion = null;
    await device.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ code: 120 }), { qos: 1 });
    await device.endAsync(true);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await incidentsOf(elder.id)).length, 1, 'nothing is ingested while the server is down');
    ingestion = await startAlarmIngestion(t.database, { url, clientId, log: quiet });
    const after = await until(async () => {
      const l = await incidentsOf(elder.id);
      return l.some((i) => i.kind === 'fall') ? l : null;
    }, 'the fall reported while the server was down');
    assert.equal(after.length, 2);
  });

  test('heartbeats shared by several clients are each stored once; events keep their own session', {
    skip: up ? false : 'no MQTT broker on 127.0.0.1:1883',
    timeout: 40_000,
  }, async () => {
    await ingestion?.stop();
    // The same session as before, which subscribed to every heartbeat: it now leaves them to the sharers.
    ingestion = await startAlarmIngestion(t.database, { url, clientId, log: quiet, heartbeatClients: 3 });
    assert.equal(ingestion.state(), 'external');
    const elder = await registeredElder(t, worker);
    const devices: DeviceCreated[] = [];
    for (let i = 0; i < 4; i++) devices.push(await registeredDevice(t, worker, elder.id));
    const gateway = await mqtt.connectAsync(url, { clientId: `gw-${process.pid}`, reconnectPeriod: 0 });
    const beats = 60;
    await Promise.all(
      Array.from({ length: beats }, (_, i) =>
        gateway.publishAsync(`${devices[i % 4]!.mqtt.topicPrefix}/heartbeat`, JSON.stringify({ battery: 70 }), {
          qos: 1,
        }),
      ),
    );
    await gateway.publishAsync(`${devices[0]!.mqtt.topicPrefix}/events`, JSON.stringify({ code: 101 }), { qos: 1 });
    await gateway.endAsync(true);
    const ids = devices.map((d) => d.id);
    const stored = () =>
      t.database.db
        .selectFrom('alarm_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('device_id', 'in', ids)
        .where('channel', '=', 'heartbeat')
        .executeTakeFirstOrThrow();
    await until(async () => Number((await stored()).n) >= beats, 'every shared heartbeat');
    await until(async () => (await incidentsOf(elder.id)).length === 1, 'the SOS on the ordered session');
    // No copy arrives late through a second subscription.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(Number((await stored()).n), beats);
  });
});
