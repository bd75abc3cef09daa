// Test builders of the alarms domain: an elder registered through the API, a device for them.
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import type { DeviceCreated } from './schemas.js';

let serials = 0;

export async function registeredElder(t: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const res = await t.call(token, { method: 'POST', url: '/api/v1/elders', payload: elderBody(overrides) });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: number; communityCode: string };
}

export async function registeredDevice(
  t: TestApp,
  token: string,
  elderId: number,
  body: Record<string, unknown> = {},
): Promise<DeviceCreated> {
  const res = await t.call(token, {
    method: 'POST',
    url: '/api/v1/alarms/devices',
    payload: { elderId, kind: 'sos_pendant', serial: `SN-${process.pid}-${++serials}`, ...body },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}
