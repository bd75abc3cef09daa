import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { authenticateDevice } from './devices.js';
import { registeredDevice, registeredElder } from './test-helpers.js';

describe('alarm device registry', () => {
  let t: TestApp;
  let worker: string;
  let outsider: string;
  let elderId: number;
  before(async () => {
    t = await testApp();
    worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    outsider = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    elderId = (await registeredElder(t, worker)).id;
  });
  after(() => t.close());

  test('registers a device with credentials shown once and stored hashed; lists, reads and updates it', async () => {
    const d = await registeredDevice(t, worker, elderId, { serial: '860123456789012', sim: '8986001234' });
    assert.equal(d.kind, 'sos_pendant');
    assert.equal(d.elderId, elderId);
    assert.equal(d.mqtt.clientId, `device-${d.id}`);
    assert.equal(d.mqtt.topicPrefix, `devices/${d.id}`);
    assert.ok(d.mqtt.password.length >= 24);
    assert.ok(d.installAddress, 'the elder address is the default installation address');
    const stored = await t.database.db
      .selectFrom('alarm_devices')
      .select('credential_hash')
      .where('id', '=', d.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.credential_hash, d.mqtt.password);
    assert.equal(await authenticateDevice(t.database.db, d.mqtt.username, d.mqtt.password), d.id);
    assert.equal(await authenticateDevice(t.database.db, d.mqtt.username, 'wrong'), null);

    const list = await t.call(worker, { method: 'GET', url: `/api/v1/alarms/devices?elderId=${elderId}` });
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().items.some((x: { id: number }) => x.id === d.id));
    assert.equal('mqtt' in list.json().items[0], false);

    const patched = await t.call(worker, {
      method: 'PATCH',
      url: `/api/v1/alarms/devices/${d.id}`,
      payload: { firmware: '2.1.0', status: 'inactive' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().firmware, '2.1.0');
    assert.equal(await authenticateDevice(t.database.db, d.mqtt.username, d.mqtt.password), null, 'inactive: refused');

    const dup = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/alarms/devices',
      payload: { elderId, kind: 'smart_watch', serial: '860123456789012' },
    });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'alarm_serial_exists');
  });

  test('rotating the secret retires the old one', async () => {
    const d = await registeredDevice(t, worker, elderId);
    const res = await t.call(worker, { method: 'POST', url: `/api/v1/alarms/devices/${d.id}/credentials` });
    assert.equal(res.statusCode, 200);
    assert.equal(await authenticateDevice(t.database.db, d.mqtt.username, d.mqtt.password), null);
    assert.equal(await authenticateDevice(t.database.db, d.mqtt.username, res.json().password), d.id);
  });

  test('outside the elder community: 404 on read, update and register; not in lists', async () => {
    const d = await registeredDevice(t, worker, elderId);
    for (const [method, url, payload] of [
      ['GET', `/api/v1/alarms/devices/${d.id}`, undefined],
      ['PATCH', `/api/v1/alarms/devices/${d.id}`, { firmware: 'x1' }],
      ['POST', '/api/v1/alarms/devices', { elderId, kind: 'sos_pendant', serial: 'OUTSIDE-1' }],
    ] as const) {
      const res = await t.call(outsider, { method, url, payload });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
    }
    const list = await t.call(outsider, { method: 'GET', url: '/api/v1/alarms/devices' });
    assert.equal(list.json().total, 0);
  });

  test('bad input is a clear 400', async () => {
    const res = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/alarms/devices',
      payload: { elderId, kind: 'toaster', serial: 'SN-X-1' },
    });
    assert.equal(res.statusCode, 400);
    const short = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/alarms/devices',
      payload: { elderId, kind: 'sos_pendant', serial: 'x' },
    });
    assert.equal(short.statusCode, 400);
  });
});

describe('alarms demo data', () => {
  test('seeds devices and closed incidents once', async () => {
    const t = await testApp();
    try {
      const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
      await registeredElder(t, worker);
      const { seedAlarmsDemo } = await import('./demo.js');
      assert.match((await seedAlarmsDemo(t.database.db)) ?? '', /1 devices, 1 closed/);
      assert.equal(await seedAlarmsDemo(t.database.db), null);
    } finally {
      await t.close();
    }
  });
});
