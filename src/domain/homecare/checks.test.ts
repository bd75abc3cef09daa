// EVV checks that look beyond one call: the job that closes visits nobody checked out of (flagged
// missing_checkout, never verified by itself, limits from the policy row), and impossible travel
// from the worker's previous check-out to the next check-in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { closeMissingCheckouts, startHomecareJobs } from './jobs.js';
import {
  assessedElder,
  assignedVisit,
  caregiverOf,
  type ElderWorld,
  evvClientId,
  minutesAgo,
  ok,
  type ProviderWorld,
  registeredProvider,
} from './testing.js';
import { travelKmh } from './visits.js';

let t: TestApp;
let p: ProviderWorld;
let elder: ElderWorld;
before(async () => {
  t = await testApp();
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  p = await registeredProvider(t, officer);
  elder = await assessedElder(t);
});
after(() => t.close());

const post = (token: string, visitId: number, action: string, payload: Record<string, unknown>) =>
  t.call(token, { method: 'POST', url: `/api/v1/homecare/visits/${visitId}/${action}`, payload });
const codes = (v: { exceptions: { code: string }[] }) => v.exceptions.map((x) => x.code).sort();
const setGrace = (minutes: number) =>
  t.database.db
    .updateTable('homecare_policies')
    .set({ missing_checkout_grace_minutes: minutes })
    .where('jurisdiction_code', '=', '330100')
    .execute();

test('the serve job closes a visit left checked in past scheduled × long factor + grace, flagged and unverified', async () => {
  const carer = await caregiverOf(t, p);
  const visit = await assignedVisit(t, p, elder, carer);
  const home = { lat: visit.home.lat, lng: visit.home.lng, accuracyM: 10 };
  // 助浴: 60 minutes × 200 % + 60 grace = 180 minutes; checked in 200 minutes ago.
  await ok(post(carer.token, visit.id, 'check-in', { ...home, at: minutesAgo(200), clientId: evvClientId() }));

  const stop = startHomecareJobs(t.database, { onError: (err) => assert.fail(String(err)), everyMs: 50 });
  let closed: { status: string } | undefined;
  for (let i = 0; i < 100 && closed?.status !== 'exception'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    closed = await t.database.db
      .selectFrom('homecare_visits')
      .select(['status', 'auto_closed_at'])
      .where('id', '=', visit.id)
      .executeTakeFirst();
  }
  stop();
  const seen = await ok(t.call(p.staff, { method: 'GET', url: `/api/v1/homecare/visits/${visit.id}` }));
  assert.equal(seen.status, 'exception');
  assert.equal(seen.checkOut, null, 'no end time is invented');
  assert.deepEqual(
    seen.exceptions.map((x: { code: string; status: string }) => [x.code, x.status]),
    [['missing_checkout', 'open']],
  );
  assert.equal(seen.exceptions[0].detail.limitMinutes, 180);
  const order = await ok(t.call(elder.family, { method: 'GET', url: `/api/v1/homecare/orders/${seen.orderId}` }));
  assert.ok(
    order.events.some((e: { action: string; role: string }) => e.action === 'auto_closed' && e.role === 'system'),
  );
  const audit = await t.database.db
    .selectFrom('audit_log')
    .select(['user_id', 'detail'])
    .where('entity_type', '=', 'homecare_visit')
    .where('entity_id', '=', String(visit.id))
    .where('user_id', 'is', null)
    .execute();
  assert.equal(audit.length, 1);

  // The queued check-out arriving late is refused; resolving the flag does not verify or pay.
  const late = await post(carer.token, visit.id, 'check-out', { ...home, at: minutesAgo(1), clientId: evvClientId() });
  assert.equal(late.statusCode, 409, late.body);
  const resolved = await ok(
    post(p.staff, visit.id, `exceptions/${seen.exceptions[0].id}/resolve`, {
      reasonCode: 'device_problem',
      resolutionCode: 'confirmed_with_elder',
    }),
  );
  assert.equal(resolved.status, 'exception');
  assert.equal(resolved.verifiedAt, null);
  assert.equal(resolved.paymentStatus, 'none');
  // A second round finds nothing more to close.
  assert.deepEqual(await closeMissingCheckouts(t.database.db, new Date()), []);
});

test('the limit is policy data: a longer grace keeps the visit open, the standard one closes it', async () => {
  const carer = await caregiverOf(t, p);
  const visit = await assignedVisit(t, p, elder, carer);
  const home = { lat: visit.home.lat, lng: visit.home.lng, accuracyM: 10 };
  await ok(post(carer.token, visit.id, 'check-in', { ...home, at: minutesAgo(100), clientId: evvClientId() }));
  const later = new Date(Date.now() + 90 * 60_000); // 190 minutes after check-in
  assert.deepEqual(await closeMissingCheckouts(t.database.db, new Date()), [], 'within 180 minutes');
  await setGrace(120);
  try {
    assert.deepEqual(await closeMissingCheckouts(t.database.db, later), [], 'within 240 minutes');
  } finally {
    await setGrace(60);
  }
  assert.deepEqual(await closeMissingCheckouts(t.database.db, later), [visit.id]);
  // The unchecked-out visit counts as its scheduled hour only: a check-in two hours after it overlaps nothing.
  const next = await assignedVisit(t, p, elder, carer);
  const started = await ok(
    post(carer.token, next.id, 'check-in', { ...home, at: minutesAgo(-1), clientId: evvClientId() }),
  );
  const out = await ok(
    post(carer.token, next.id, 'check-out', { ...home, at: minutesAgo(-1.5), clientId: evvClientId() }),
  );
  assert.deepEqual(codes(started), []);
  assert.ok(!codes(out).includes('overlapping_visit'), JSON.stringify(codes(out)));
});

test('impossible travel: 55 km in ten minutes from the previous check-out is flagged, 2 km in half an hour is not', async () => {
  const carer = await caregiverOf(t, p);
  const first = await assignedVisit(t, p, elder, carer);
  const home = { lat: first.home.lat, lng: first.home.lng, accuracyM: 10 };
  await ok(post(carer.token, first.id, 'check-in', { ...home, at: minutesAgo(90), clientId: evvClientId() }));
  await ok(post(carer.token, first.id, 'check-out', { ...home, at: minutesAgo(30), clientId: evvClientId() }));

  const second = await assignedVisit(t, p, elder, carer);
  const far = { lat: home.lat + 0.5, lng: home.lng, accuracyM: 20 };
  const flagged = await ok(
    post(carer.token, second.id, 'check-in', { ...far, at: minutesAgo(20), clientId: evvClientId() }),
  );
  assert.deepEqual(codes(flagged), ['impossible_travel', 'outside_geofence']);
  const x = flagged.exceptions.find((e: { code: string }) => e.code === 'impossible_travel');
  assert.equal(x.detail.previousVisitId, first.id);
  assert.equal(x.detail.limitKmh, 80);
  assert.ok(x.detail.km > 50 && x.detail.km < 60, String(x.detail.km));
  assert.equal(x.detail.minutes, 10);

  const other = await caregiverOf(t, p);
  const a = await assignedVisit(t, p, elder, other);
  await ok(post(other.token, a.id, 'check-in', { ...home, at: minutesAgo(120), clientId: evvClientId() }));
  await ok(post(other.token, a.id, 'check-out', { ...home, at: minutesAgo(60), clientId: evvClientId() }));
  const b = await assignedVisit(t, p, elder, other);
  const near = { lat: home.lat + 0.018, lng: home.lng, accuracyM: 20 }; // about 2 km
  const fine = await ok(post(other.token, b.id, 'check-in', { ...near, at: minutesAgo(30), clientId: evvClientId() }));
  assert.deepEqual(codes(fine), ['outside_geofence']);
});

test('travel speed allows for both accuracies and treats distance in no time as impossible', () => {
  const at = new Date('2026-01-01T02:00:00Z');
  const from = { lat: 30.25, lng: 120.17, accuracyM: 200, at };
  const to = { lat: 30.2527, lng: 120.17, accuracyM: 200, at: new Date(at.getTime() + 60_000) }; // ~300 m
  assert.equal(travelKmh(from, to).kmh, 0);
  assert.equal(travelKmh({ ...from, accuracyM: 0 }, { ...to, accuracyM: 0, at }).kmh, Number.POSITIVE_INFINITY);
  const hour = travelKmh(
    { ...from, accuracyM: 0 },
    { lat: 30.25 + 0.9, lng: 120.17, accuracyM: 0, at: new Date(at.getTime() + 3_600_000) },
  );
  assert.ok(hour.kmh > 99 && hour.kmh < 101, String(hour.kmh));
});

test("a caregiver's /auth/me names their worker; other accounts' does not", async () => {
  const carer = await caregiverOf(t, p);
  const me = await ok(t.call(carer.token, { method: 'GET', url: '/api/v1/auth/me' }));
  assert.equal(me.workerId, carer.workerId);
  const staff = await ok(t.call(p.staff, { method: 'GET', url: '/api/v1/auth/me' }));
  assert.equal('workerId' in staff, false);
});
