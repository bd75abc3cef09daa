// Worker safety through the HTTP API: the caregiver's SOS reaches their provider's staff and the
// district's officers, not another provider; it is acknowledged and resolved once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { assessedElder, assignedVisit, caregiverOf, ok, registeredProvider } from './testing.js';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

test("a caregiver's SOS at a visit reaches the supervisor and the district, who acknowledge and resolve it", async () => {
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  const westLake = await t.userWith('district_officer', { jurisdictionCode: '330106' });
  const p = await registeredProvider(t, officer);
  const other = await registeredProvider(t, officer);
  const elder = await assessedElder(t);
  const carer = await caregiverOf(t, p);
  const otherCarer = await caregiverOf(t, other);
  const visit = await assignedVisit(t, p, elder, carer);
  const post = (token: string, url: string, payload?: Record<string, unknown>) =>
    t.call(token, { method: 'POST', url: `/api/v1/homecare${url}`, payload });
  const list = (token: string) => ok(t.call(token, { method: 'GET', url: '/api/v1/homecare/sos' }));

  assert.equal((await post(otherCarer.token, '/sos', { visitId: visit.id })).statusCode, 404, 'not their visit');
  assert.equal((await post(elder.family, '/sos', {})).statusCode, 403, 'caregivers only');
  const sos = await ok(
    post(carer.token, '/sos', { visitId: visit.id, lat: 30.24, lng: 120.16, accuracyM: 15, note: '家属情绪激动' }),
    201,
  );
  assert.equal(sos.status, 'open');
  assert.equal(sos.elderName, visit.elderName);
  assert.deepEqual(sos.position, { lat: 30.24, lng: 120.16, accuracyM: 15 });

  assert.deepEqual(
    (await list(p.staff)).map((a: { id: number }) => a.id),
    [sos.id],
  );
  assert.equal((await list(officer)).length, 1, 'the district sees it');
  assert.equal((await list(other.staff)).length, 0, 'another provider does not');
  assert.equal((await list(westLake)).length, 0, 'another district does not');
  assert.equal((await list(carer.token)).length, 1, 'the caregiver sees their own');
  assert.equal((await post(other.staff, `/sos/${sos.id}/acknowledge`)).statusCode, 404);
  assert.equal((await post(carer.token, `/sos/${sos.id}/resolve`, { resolution: '自己处理' })).statusCode, 404);

  const acked = await ok(post(p.staff, `/sos/${sos.id}/acknowledge`));
  assert.equal(acked.status, 'acknowledged');
  const resolved = await ok(post(officer, `/sos/${sos.id}/resolve`, { resolution: '站长已到场，护理员安全' }));
  assert.deepEqual([resolved.status, resolved.resolution], ['resolved', '站长已到场，护理员安全']);
  assert.ok(resolved.acknowledgedAt && resolved.resolvedAt);
  const again = await post(p.staff, `/sos/${sos.id}/resolve`, { resolution: 'x' });
  assert.equal(again.statusCode, 409);
});
