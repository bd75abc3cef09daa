// The device simulator against the embedded broker: every device logs in with the run's secret,
// and what it says it sent is what the server stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { type AlarmIngestion, startAlarmIngestion } from './broker.js';
import { prepareSimulatedDevices, simulateTraffic } from './simulator.js';
import { registeredElder } from './test-helpers.js';

const quiet = { info() {}, warn() {}, error() {} };

describe('simulated devices', { timeout: 90_000 }, () => {
  let t: TestApp;
  let ingestion: AlarmIngestion;
  before(async () => {
    t = await testApp();
    ingestion = await startAlarmIngestion(t.database, { port: 0, host: '127.0.0.1', log: quiet });
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    for (let i = 0; i < 5; i++) await registeredElder(t, worker);
  });
  after(async () => {
    await ingestion.stop();
    await t.close();
  });

  test('heartbeats and SOS presses sent are all stored; a second run reuses the same devices', async () => {
    const fleet = await prepareSimulatedDevices(t.database.db, 24);
    assert.equal(fleet.ids.length, 24);
    const stats = await simulateTraffic({
      url: `mqtt://127.0.0.1:${ingestion.port}`,
      fleet,
      rate: 40,
      sosPerSecond: 2,
      seconds: 2,
      gateways: 0,
    });
    assert.equal(stats.failed, 0);
    // How many go out in two seconds depends on the machine's load; what is sent must all be stored.
    assert.ok(stats.heartbeats >= 10, `${stats.heartbeats} heartbeats`);
    assert.ok(stats.sos >= 1, `${stats.sos} SOS`);
    const stored = async () => {
      const rows = await t.database.db
        .selectFrom('alarm_events')
        .select(({ fn }) => ['channel', fn.countAll<number>().as('n')])
        .where('device_id', 'in', fleet.ids)
        .groupBy('channel')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
    };
    // QoS 1: the broker acknowledged each message, and the server acknowledges after storing.
    const deadline = Date.now() + 60_000;
    let counts = await stored();
    while ((counts.heartbeat ?? 0) + (counts.events ?? 0) < stats.heartbeats + stats.sos && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      counts = await stored();
    }
    assert.equal(counts.heartbeat, stats.heartbeats);
    assert.equal(counts.events, stats.sos);
    const incidents = await t.database.db
      .selectFrom('alarm_incidents')
      .select('id')
      .where('kind', '=', 'sos')
      .where('device_id', 'in', fleet.ids)
      .execute();
    assert.equal(incidents.length, stats.sos, 'each press on its own device opens its own incident');

    const again = await prepareSimulatedDevices(t.database.db, 24);
    assert.deepEqual(again.ids, fleet.ids);
    assert.notEqual(again.secret, fleet.secret);
  });
});
