// The rules from events to incidents that need no broker: inactivity of elders living alone,
// flapping devices, persistent vitals; and the /devices alias of device registration.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { ingestMessage, sweepInactivity } from './ingest.js';
import { daytimeSecondsBetween, isFlapping, isInactive } from './rules.js';
import type { DeviceCreated, IncidentSummary } from './schemas.js';
import { registeredDevice, registeredElder } from './test-helpers.js';

const at = (iso: string) => new Date(iso);
const policy = { inactivityHours: 6, daytimeFromMinute: 7 * 60, daytimeToMinute: 21 * 60 };

describe('alarm rules (pure)', () => {
  test('daytime seconds count only 07:00–21:00 Shanghai time', () => {
    // 2026-03-02 08:00 → 12:00 Shanghai (00:00 → 04:00 UTC): four daytime hours.
    assert.equal(daytimeSecondsBetween(at('2026-03-02T00:00:00Z'), at('2026-03-02T04:00:00Z'), 420, 1260), 4 * 3600);
    // 20:00 → next day 09:00 Shanghai: one hour in the evening, two in the morning.
    assert.equal(daytimeSecondsBetween(at('2026-03-02T12:00:00Z'), at('2026-03-03T01:00:00Z'), 420, 1260), 3 * 3600);
    // The whole night: nothing.
    assert.equal(daytimeSecondsBetween(at('2026-03-02T13:00:00Z'), at('2026-03-02T23:00:00Z'), 420, 1260), 0);
    assert.equal(daytimeSecondsBetween(at('2026-03-02T04:00:00Z'), at('2026-03-02T00:00:00Z'), 420, 1260), 0);
  });
  test('inactive after the policy daytime hours; a night does not count; flapping above the threshold', () => {
    assert.equal(isInactive(at('2026-03-02T00:00:00Z'), at('2026-03-02T06:00:00Z'), policy), true);
    assert.equal(isInactive(at('2026-03-02T00:00:00Z'), at('2026-03-02T05:59:00Z'), policy), false);
    // Still since 19:00, now 08:00 next morning: three daytime hours.
    assert.equal(isInactive(at('2026-03-02T11:00:00Z'), at('2026-03-03T00:00:00Z'), policy), false);
    assert.equal(isFlapping(10, 10), false);
    assert.equal(isFlapping(11, 10), true);
  });
});

describe('alarm rules on the database', () => {
  let t: TestApp;
  let worker: string;
  before(async () => {
    t = await testApp();
    worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
  });
  after(() => t.close());

  const send = (d: DeviceCreated, channel: string, payload: object, now: Date) =>
    ingestMessage(t.database.db, `devices/${d.id}/${channel}`, Buffer.from(JSON.stringify(payload)), now);
  const incidentsOf = async (elderId: number): Promise<IncidentSummary[]> =>
    (await t.call(worker, { method: 'GET', url: `/api/v1/alarms/incidents?elderId=${elderId}` })).json().items;
  const livingAlone = (elderId: number) =>
    t.database.db
      .insertInto('elder_status_flags')
      .values({ elder_id: elderId, district_code: '330102', flag: 'living_alone', effective_from: '2020-01-01' })
      .execute();

  test('POST /api/v1/devices registers like /alarms/devices and answers the MQTT credentials', async () => {
    const elder = await registeredElder(t, worker);
    const res = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/devices',
      payload: { elderId: elder.id, kind: 'sos_pendant', serial: `ALIAS-${process.pid}` },
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json() as DeviceCreated;
    assert.equal(body.mqtt.clientId, `device-${body.id}`);
    assert.equal(body.mqtt.topicPrefix, `devices/${body.id}`);
    assert.ok(body.mqtt.username && body.mqtt.password);
    const outsider = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const out = await t.call(outsider, {
      method: 'POST',
      url: '/api/v1/devices',
      payload: { elderId: elder.id, kind: 'sos_pendant', serial: `ALIAS-OUT-${process.pid}` },
    });
    assert.equal(out.statusCode, 404);
  });

  test('an elder living alone still for six daytime hours gets one inactivity incident; motion ends the spell', async () => {
    const alone = await registeredElder(t, worker);
    await livingAlone(alone.id);
    const watch = await registeredDevice(t, worker, alone.id, { kind: 'bed_sensor' });
    const notAlone = await registeredElder(t, worker);
    const other = await registeredDevice(t, worker, notAlone.id, { kind: 'bed_sensor' });
    // Motion at 08:00 Shanghai on a day in the future (created_at lies before it).
    const morning = at('2030-03-04T00:00:00Z');
    assert.ok((await send(watch, 'heartbeat', { motion: true }, morning)).ok);
    assert.ok((await send(other, 'heartbeat', { motion: true }, morning)).ok);
    // A plain heartbeat is no motion.
    await send(watch, 'heartbeat', { battery: 80 }, at('2030-03-04T03:00:00Z'));

    assert.equal(await sweepInactivity(t.database.db, at('2030-03-04T05:30:00Z')), 0, '5.5 h: not yet');
    assert.ok((await sweepInactivity(t.database.db, at('2030-03-04T06:05:00Z'))) >= 1);
    const [inc] = await incidentsOf(alone.id);
    assert.equal(inc?.kind, 'inactivity');
    assert.equal(inc?.code, 102);
    assert.deepEqual(await incidentsOf(notAlone.id), [], 'not living alone: not watched');
    // The next rounds open nothing more for the same still spell.
    await sweepInactivity(t.database.db, at('2030-03-04T08:00:00Z'));
    assert.equal((await incidentsOf(alone.id)).length, 1);
    assert.equal((await incidentsOf(alone.id))[0]!.eventCount, 1);
    // A door opened at 17:00 starts a new spell: 17:00 → 21:00 and 07:00 → 09:00 make six daytime hours.
    await send(watch, 'events', { motion: true }, at('2030-03-04T09:00:00Z'));
    await sweepInactivity(t.database.db, at('2030-03-05T00:30:00Z'));
    assert.equal((await incidentsOf(alone.id)).length, 1, '17:00 → 08:30: 5.5 daytime hours');
    await sweepInactivity(t.database.db, at('2030-03-05T01:00:00Z'));
    assert.equal((await incidentsOf(alone.id)).length, 2, 'the night did not count');
  });

  test('a flapping device is rate-limited: its surplus presses join the open incident and it gets a maintenance task', async () => {
    const elder = await registeredElder(t, worker);
    const d = await registeredDevice(t, worker, elder.id);
    const start = at('2030-05-01T02:00:00Z');
    // The default policy: more than 10 events within 300 s is flapping.
    for (let i = 0; i < 10; i++) await send(d, 'events', { code: 101 }, new Date(start.getTime() + i * 1000));
    let list = await incidentsOf(elder.id);
    assert.equal(list.length, 1);
    assert.equal(list[0]!.eventCount, 10);
    const noTask = await t.database.db
      .selectFrom('alarm_maintenance_tasks')
      .select('id')
      .where('device_id', '=', d.id)
      .executeTakeFirst();
    assert.equal(noTask, undefined);

    // The operator closes it as accidental; the device keeps firing within the window.
    const id = list[0]!.id;
    const post = (step: string, payload: object = {}) =>
      t.call(worker, { method: 'POST', url: `/api/v1/alarms/incidents/${id}/${step}`, payload });
    assert.equal((await post('acknowledge')).statusCode, 200);
    assert.equal((await post('resolve', { disposition: 'accidental' })).statusCode, 200);
    assert.equal((await post('close', { closureCode: 'cancelled' })).statusCode, 200);
    for (let i = 10; i < 15; i++) {
      const r = await send(d, 'events', { code: 101 }, new Date(start.getTime() + i * 1000));
      assert.ok(r.ok);
      assert.equal(r.ok && r.incidentId, null, 'flapping: no new incident');
    }
    list = await incidentsOf(elder.id);
    assert.equal(list.length, 1);
    const task = await t.database.db
      .selectFrom('alarm_maintenance_tasks')
      .selectAll()
      .where('device_id', '=', d.id)
      .executeTakeFirstOrThrow();
    assert.equal(task.reason, 'flapping');
    assert.equal(task.event_count, 5);
    assert.match(task.note ?? '', /15 events within 300 s/);
    const stored = await t.database.db.selectFrom('alarm_events').select('id').where('device_id', '=', d.id).execute();
    assert.equal(stored.length, 15, 'every event is stored');
    const counters = await t.database.db
      .selectFrom('alarm_ingest_counters')
      .select('value')
      .where('counter', '=', 'flapping')
      .executeTakeFirstOrThrow();
    assert.ok(counters.value >= 5);

    // Past the window the device is heard again: a press opens a new incident.
    const later = new Date(start.getTime() + 20 * 60_000);
    const again = await send(d, 'events', { code: 101 }, later);
    assert.ok(again.ok && again.incidentId && again.incidentId !== id);
  });

  test('a flapping device with an incident still open joins it, however old its last event', async () => {
    const elder = await registeredElder(t, worker);
    const d = await registeredDevice(t, worker, elder.id, { kind: 'fall_detector' });
    const start = at('2030-06-01T02:00:00Z');
    for (let i = 0; i < 12; i++) await send(d, 'events', { code: 120 }, new Date(start.getTime() + i * 1000));
    const [inc] = await incidentsOf(elder.id);
    assert.equal(inc!.eventCount, 12);
    assert.equal((await incidentsOf(elder.id)).length, 1);
  });

  test('vitals: one reading out of range is a spike, the threshold of consecutive ones opens an incident', async () => {
    const elder = await registeredElder(t, worker);
    const d = await registeredDevice(t, worker, elder.id, { kind: 'bp_meter' });
    const start = at('2030-07-01T02:00:00Z');
    const read = (systolic: number, i: number) =>
      send(d, 'events', { vitals: { systolic } }, new Date(start.getTime() + i * 60_000));
    await read(190, 0);
    await read(120, 1);
    await read(190, 2);
    await read(195, 3);
    assert.deepEqual(await incidentsOf(elder.id), []);
    const r = await read(200, 4);
    assert.ok(r.ok && r.incidentId);
    const [inc] = await incidentsOf(elder.id);
    assert.equal(inc!.kind, 'vitals');
    // A reading takes the elder's effort: it counts as motion.
    const dev = await t.database.db
      .selectFrom('alarm_devices')
      .select('last_motion_at')
      .where('id', '=', d.id)
      .executeTakeFirstOrThrow();
    assert.equal(new Date(dev.last_motion_at!).getTime(), start.getTime() + 4 * 60_000);
  });
});
