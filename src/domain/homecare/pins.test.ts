// The elder's PIN (服务确认码) through the HTTP API: set by the family, never shown, confirms a
// check-out instead of the elder code; five wrong tries lock it, and setting it again unlocks it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { assessedElder, assignedVisit, caregiverOf, evvClientId, ok, registeredProvider } from './testing.js';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

test('a PIN set by the family confirms the visit; wrong tries lock it; only those who order for the elder set it', async () => {
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  const p = await registeredProvider(t, officer);
  const elder = await assessedElder(t);
  const carer = await caregiverOf(t, p);
  const pinUrl = `/api/v1/homecare/elders/${elder.elderId}/pin`;
  const setPin = (token: string, pin: string) => t.call(token, { method: 'PUT', url: pinUrl, payload: { pin } });

  assert.deepEqual(await ok(t.call(elder.family, { method: 'GET', url: pinUrl })), {
    set: false,
    setAt: null,
    lockedUntil: null,
  });
  for (const simple of ['1111', '1234', '987654']) {
    const res = await setPin(elder.family, simple);
    assert.equal(res.statusCode, 400, simple);
    assert.equal(res.json().code, 'homecare_pin_simple');
  }
  assert.equal((await setPin(elder.family, '12a4')).statusCode, 400, 'digits only');
  assert.equal((await setPin(p.staff, '2580')).statusCode, 404, "the provider's staff do not set it");
  const stranger = await t.userWith('elder_family', { elderId: (await assessedElder(t)).elderId });
  assert.equal((await setPin(stranger, '2580')).statusCode, 404, "another family's elder");
  const set = await ok(setPin(elder.family, '2580'));
  assert.equal(set.set, true);
  const stored = await t.database.db
    .selectFrom('homecare_elder_pins')
    .select('pin_hash')
    .where('elder_id', '=', elder.elderId)
    .executeTakeFirstOrThrow();
  assert.ok(!stored.pin_hash.includes('2580') && stored.pin_hash.startsWith('scrypt$'), 'only a hash is kept');

  const visit = await assignedVisit(t, p, elder, carer);
  const home = { lat: visit.home.lat, lng: visit.home.lng, accuracyM: 10 };
  const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const url = `/api/v1/homecare/visits/${visit.id}`;
  await ok(
    t.call(carer.token, {
      method: 'POST',
      url: `${url}/check-in`,
      payload: { ...home, at: ago(70), clientId: evvClientId() },
    }),
  );
  const checkOut = (pin: string) =>
    t.call(carer.token, {
      method: 'POST',
      url: `${url}/check-out`,
      payload: { ...home, at: ago(10), clientId: evvClientId(), confirmation: { method: 'pin', value: pin } },
    });
  for (let i = 0; i < 5; i++) {
    const wrong = await checkOut('0000');
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.equal(wrong.json().code, 'homecare_confirmation_failed');
  }
  const locked = await checkOut('2580');
  assert.equal(locked.statusCode, 429, 'locked even for the right PIN');
  assert.equal(locked.json().code, 'homecare_pin_locked');
  assert.ok((await ok(t.call(elder.family, { method: 'GET', url: pinUrl }))).lockedUntil);
  const still = await ok(t.call(carer.token, { method: 'GET', url }));
  assert.equal(still.status, 'in_progress', 'nothing half-written');

  await ok(setPin(elder.family, '3691'));
  const done = await ok(checkOut('3691'));
  assert.equal(done.status, 'verified');
  assert.equal(done.confirmedBy, 'pin');
});
