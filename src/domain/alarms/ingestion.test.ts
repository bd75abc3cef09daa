// MQTT end to end: the embedded broker on an ephemeral port (never 1883), devices with their own
// credentials, incidents seen through the HTTP API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { type AlarmIngestion, startAlarmIngestion } from './broker.js';
import { escalateDue } from './incidents.js';
import { memoryNotifier } from './notifier.js';
import type { DeviceCreated, IncidentDetail, IncidentSummary } from './schemas.js';
import { registeredDevice, registeredElder } from './test-helpers.js';

const quiet = { info() {}, warn() {}, error() {} };

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('alarm ingestion over MQTT', { timeout: 60_000 }, () => {
  let t: TestApp;
  let ingestion: AlarmIngestion;
  let worker: string;
  let outsider: string;
  let url: string;
  const clients: MqttClient[] = [];
  before(async () => {
    t = await testApp();
    ingestion = await startAlarmIngestion(t.database, {
      port: 0,
      host: '127.0.0.1',
      log: quiet,
      clientId: `ingest-${process.pid}`,
    });
    assert.ok(ingestion.port && ingestion.port !== 1883);
    url = `mqtt://127.0.0.1:${ingestion.port}`;
    worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    outsider = await t.userWith('district_officer', { jurisdictionCode: '330106' });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await ingestion.stop();
    await t.close();
  });

  const connect = async (d: DeviceCreated, password = d.mqtt.password) => {
    const c = await mqtt.connectAsync(url, {
      clientId: d.mqtt.clientId,
      username: d.mqtt.username,
      password,
      reconnectPeriod: 0,
      will: {
        topic: `${d.mqtt.topicPrefix}/status`,
        payload: Buffer.from('{"status":"offline"}'),
        qos: 1,
        retain: true,
      },
    });
    clients.push(c);
    return c;
  };
  const incidentsOf = async (token: string, elderId: number): Promise<IncidentSummary[]> =>
    (await t.call(token, { method: 'GET', url: `/api/v1/alarms/incidents?elderId=${elderId}` })).json().items;
  const stats = async () => (await t.call(worker, { method: 'GET', url: '/api/v1/alarms/ingestion' })).json();

  test('health reports the broker; an SOS opens an incident; repeated presses join it with a count', {
    timeout: 20_000,
  }, async () => {
    const health = await t.call(null, { method: 'GET', url: '/api/v1/health' });
    assert.equal(health.json().broker, 'embedded');
    const elder = await registeredElder(t, worker);
    const d = await registeredDevice(t, worker, elder.id);
    const c = await connect(d);
    await c.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ code: 101 }), { qos: 1 });
    const [first] = await until(async () => {
      const l = await incidentsOf(worker, elder.id);
      return l.length ? l : null;
    }, 'the SOS incident');
    assert.equal(first!.kind, 'sos');
    assert.equal(first!.priority, 1);
    assert.equal(first!.status, 'new');
    await c.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ code: 101 }), { qos: 1 });
    await c.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ code: 101 }), { qos: 1 });
    const joined = await until(async () => {
      const l = await incidentsOf(worker, elder.id);
      return l.length === 1 && l[0]!.eventCount === 3 ? l : null;
    }, 'three presses on one incident');
    assert.equal(joined[0]!.id, first!.id);
    assert.deepEqual(await incidentsOf(outsider, elder.id), []);
    const out = await t.call(outsider, { method: 'GET', url: `/api/v1/alarms/incidents/${first!.id}` });
    assert.equal(out.statusCode, 404);
  });

  test('a device with a wrong secret is refused; one publishing to another device topic is refused', {
    timeout: 20_000,
  }, async () => {
    const elder = await registeredElder(t, worker);
    const mine = await registeredDevice(t, worker, elder.id);
    const victimElder = await registeredElder(t, worker);
    const victim = await registeredDevice(t, worker, victimElder.id);
    await assert.rejects(connect(mine, 'not-the-secret'));
    const c = await connect(mine);
    await c
      .publishAsync(`${victim.mqtt.topicPrefix}/events`, JSON.stringify({ code: 101 }), { qos: 0 })
      .catch(() => {});
    // The broker drops the offender; its own topic still works on a new connection.
    await new Promise((r) => setTimeout(r, 300));
    await c.endAsync(true);
    const again = await connect(mine);
    await again.publishAsync(`${mine.mqtt.topicPrefix}/events`, JSON.stringify({ code: 602 }), { qos: 1 });
    await until(
      () => t.database.db.selectFrom('alarm_events').select('id').where('device_id', '=', mine.id).executeTakeFirst(),
      'the test event of its own',
    );
    assert.deepEqual(await incidentsOf(worker, victimElder.id), []);
    const events = await t.database.db
      .selectFrom('alarm_events')
      .select('id')
      .where('device_id', '=', victim.id)
      .execute();
    assert.equal(events.length, 0);
  });

  test('a bad payload is counted and dropped; ingestion goes on; low battery is a maintenance task', {
    timeout: 20_000,
  }, async () => {
    const elder = await registeredElder(t, worker);
    const d = await registeredDevice(t, worker, elder.id);
    const c = await connect(d);
    const before = await stats();
    await c.publishAsync(`${d.mqtt.topicPrefix}/events`, 'not json {', { qos: 1 });
    await c.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ code: 999 }), { qos: 1 });
    await c.publishAsync(`${d.mqtt.topicPrefix}/heartbeat`, JSON.stringify({ battery: 'full' }), { qos: 1 });
    await until(
      async () => ((await stats()).byReason.payload ?? 0) >= (before.byReason.payload ?? 0) + 3,
      'three rejections',
    );
    await c.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ code: 302, battery: 9 }), { qos: 1 });
    const task = await until(
      () =>
        t.database.db
          .selectFrom('alarm_maintenance_tasks')
          .selectAll()
          .where('device_id', '=', d.id)
          .executeTakeFirst(),
      'the maintenance task',
    );
    assert.equal(task.reason, 'low_battery');
    assert.deepEqual(await incidentsOf(worker, elder.id), [], 'low battery is not an emergency');
    const dev = await t.call(worker, { method: 'GET', url: `/api/v1/alarms/devices/${d.id}` });
    assert.equal(dev.json().batteryPct, 9);
    assert.equal(dev.json().online, true);
  });

  test('vitals out of range once are a spike; three in a row open an incident', { timeout: 20_000 }, async () => {
    const elder = await registeredElder(t, worker);
    const d = await registeredDevice(t, worker, elder.id, { kind: 'smart_watch' });
    const c = await connect(d);
    for (const hr of [150, 72, 150, 150]) {
      await c.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ vitals: { heart_rate: hr } }), { qos: 1 });
    }
    await until(
      async () =>
        (await t.database.db.selectFrom('alarm_vital_readings').select('id').where('device_id', '=', d.id).execute())
          .length === 4,
      'four readings',
    );
    assert.deepEqual(await incidentsOf(worker, elder.id), []);
    await c.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ vitals: { heart_rate: 155 } }), { qos: 1 });
    const [inc] = await until(async () => {
      const l = await incidentsOf(worker, elder.id);
      return l.length ? l : null;
    }, 'the vitals incident');
    assert.equal(inc!.kind, 'vitals');
  });

  test('the last will marks the device offline and opens an offline incident', { timeout: 20_000 }, async () => {
    const elder = await registeredElder(t, worker);
    const d = await registeredDevice(t, worker, elder.id);
    const c = await connect(d);
    await c.publishAsync(`${d.mqtt.topicPrefix}/heartbeat`, JSON.stringify({ battery: 80 }), { qos: 1 });
    // Drop the socket without a DISCONNECT: the broker publishes the will.
    c.stream.destroy();
    const [inc] = await until(async () => {
      const l = await incidentsOf(worker, elder.id);
      return l.length ? l : null;
    }, 'the offline incident');
    assert.equal(inc!.kind, 'offline');
    assert.equal(inc!.code, 147);
  });

  test('ack, act, resolve and close with a timeline; wrong order 409; escalation when unacknowledged', {
    timeout: 20_000,
  }, async () => {
    const elder = await registeredElder(t, worker);
    const d = await registeredDevice(t, worker, elder.id, { kind: 'fall_detector' });
    const c = await connect(d);
    await c.publishAsync(`${d.mqtt.topicPrefix}/events`, JSON.stringify({ code: 120 }), { qos: 1 });
    const [inc] = await until(async () => {
      const l = await incidentsOf(worker, elder.id);
      return l.length ? l : null;
    }, 'the fall incident');
    const notifier = memoryNotifier();
    const later = new Date(Date.now() + 61_000);
    assert.ok((await escalateDue(t.database.db, later, notifier)) >= 1);
    assert.ok(notifier.sent.some((n) => n.incidentId === inc!.id && n.target === 'supervisor'));

    const post = (step: string, payload: object = {}, token = worker) =>
      t.call(token, { method: 'POST', url: `/api/v1/alarms/incidents/${inc!.id}/${step}`, payload });
    assert.equal((await post('resolve', { disposition: 'fall' })).statusCode, 409);
    assert.equal((await post('acknowledge', {}, outsider)).statusCode, 404);
    const ack = await post('acknowledge', { note: '已接听' });
    assert.equal(ack.statusCode, 200, ack.body);
    assert.equal(ack.json().status, 'acknowledged');
    assert.equal(ack.json().slaBreached, false);
    assert.equal((await post('acknowledge')).statusCode, 409);
    assert.equal((await post('actions', { action: 'contact_family', note: '联系女儿' })).json().status, 'in_progress');
    assert.equal((await post('actions', { action: 'teleport' })).statusCode, 400);
    assert.equal((await post('resolve', { disposition: 'fall' })).json().status, 'resolved');
    const closed = await post('close', { closureCode: 'handled_by_contacts' });
    assert.equal(closed.statusCode, 200);
    const detail = closed.json() as IncidentDetail;
    assert.equal(detail.status, 'closed');
    assert.equal(detail.disposition, 'fall');
    assert.equal(detail.closureCode, 'handled_by_contacts');
    assert.deepEqual(
      detail.timeline.map((e) => e.action),
      // The escalation ran on a clock 61 s ahead, so it sorts last.
      ['opened', 'acknowledged', 'contact_family', 'resolved', 'closed', 'escalated'],
    );
    assert.ok(detail.timeline.every((e) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(e.at)));
    assert.ok(detail.timeline.find((e) => e.action === 'acknowledged')!.actor);
    assert.equal(detail.elder.id, elder.id);
    assert.ok(detail.devices.some((x) => x.id === d.id));
    assert.ok(detail.recentEvents.some((e) => e.code === 120));
    assert.equal((await post('close', { closureCode: 'cancelled' })).statusCode, 409);
  });

  test('a second broker on a taken port reports it and starts nothing', { timeout: 20_000 }, async () => {
    const lines: string[] = [];
    const log = { info() {}, warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const second = await startAlarmIngestion(t.database, { port: ingestion.port!, host: '127.0.0.1', log });
    assert.equal(second.state(), 'port_in_use');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /port \d+ is taken/);
    await second.stop();
  });
});
