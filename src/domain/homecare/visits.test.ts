// The verified visit (EVV) through the HTTP API: order → accept → assign → check-in → check-out →
// verified and paid; an exception holds verification until the provider resolves it; replays of
// an offline check-in are accepted once; strangers get 404 and bad input a 400 naming the field.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { balanceOf, budget } from '../ledger/ledger-fixtures.js';
import {
  assessedElder,
  caregiverOf,
  type ElderWorld,
  inMinutes,
  ok,
  type ProviderWorld,
  registeredProvider,
} from './testing.js';

let t: TestApp;
let p: ProviderWorld;
let elder: ElderWorld;
let carer: { workerId: number; token: string };
let other: { workerId: number; token: string };
let admin: string;
let careId: number;
let providerAccount: number;
let elderCode: string;
before(async () => {
  t = await testApp();
  admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  p = await registeredProvider(t, officer);
  elder = await assessedElder(t);
  carer = await caregiverOf(t, p);
  other = await caregiverOf(t, p);
  const budgetId = await budget(t, admin, '330102', 10_000_000);
  careId = (
    await ok(
      t.call(officer, {
        method: 'POST',
        url: '/api/v1/ledger/accounts',
        payload: { type: 'care', ownerId: elder.elderId },
      }),
      201,
    )
  ).id;
  providerAccount = (
    await ok(
      t.call(officer, {
        method: 'POST',
        url: '/api/v1/ledger/accounts',
        payload: { type: 'provider', ownerId: p.orgId },
      }),
      201,
    )
  ).id;
  await ok(
    t.call(admin, {
      method: 'POST',
      url: '/api/v1/ledger/transfers',
      payload: {
        fromAccountId: budgetId,
        toAccountId: careId,
        amountFen: 20_000,
        idempotencyKey: `fund-${process.pid}`,
      },
    }),
    201,
  );
  elderCode = (await ok(t.call(elder.community, { method: 'GET', url: `/api/v1/elders/${elder.elderId}` }))).elderCode;
});
after(() => t.close());

let clients = 0;
const clientId = () => `phone-${process.pid}-${++clients}`;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** An order for 助浴 accepted and assigned to `worker`; returns the visit as the caregiver sees it. */
async function assignedVisit(worker = carer) {
  const placed = await ok(
    t.call(elder.family, {
      method: 'POST',
      url: '/api/v1/homecare/orders',
      payload: { elderId: elder.elderId, itemCode: 'BATH', providerId: p.orgId, scheduledStart: inMinutes(1) },
    }),
    201,
  );
  const url = `/api/v1/homecare/orders/${placed.id}`;
  await ok(t.call(p.staff, { method: 'POST', url: `${url}/accept` }));
  const assigned = await ok(
    t.call(p.staff, { method: 'POST', url: `${url}/assign`, payload: { workerId: worker.workerId } }),
  );
  return ok(t.call(worker.token, { method: 'GET', url: `/api/v1/homecare/visits/${assigned.visitId}` }));
}

const post = (token: string, visitId: number, action: string, payload: Record<string, unknown>) =>
  t.call(token, { method: 'POST', url: `/api/v1/homecare/visits/${visitId}/${action}`, payload });

test('order → accept → assign → check-in → check-out → verified, and the subsidy is paid to the provider', async () => {
  const visit = await assignedVisit();
  assert.equal(visit.status, 'scheduled');
  assert.ok(visit.home, 'the visit knows where home is');
  const mine = await ok(t.call(carer.token, { method: 'GET', url: '/api/v1/homecare/visits/mine' }));
  assert.ok(mine.some((v: { id: number }) => v.id === visit.id));

  const near = { lat: visit.home.lat + 0.0003, lng: visit.home.lng, accuracyM: 15 };
  const started = await ok(post(carer.token, visit.id, 'check-in', { ...near, at: ago(200), clientId: clientId() }));
  assert.equal(started.status, 'in_progress');
  assert.deepEqual(started.exceptions, []);
  assert.ok(started.checkIn.distanceM < 50);

  const [a, b] = visit.checklistItems;
  const done = await ok(
    post(carer.token, visit.id, 'check-out', {
      ...near,
      at: ago(140),
      clientId: clientId(),
      confirmation: { method: 'elder_code', value: elderCode },
      checklist: [a, b],
      notes: '老人状态良好',
    }),
  );
  assert.equal(done.status, 'verified', JSON.stringify(done.exceptions));
  // The six EVV elements.
  assert.equal(done.serviceCode, 'BATH');
  assert.equal(done.elderId, elder.elderId);
  assert.match(done.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(done.workerId, carer.workerId);
  assert.ok(done.checkIn.at && done.checkOut.at && done.checkIn.lat && done.checkOut.lng);
  assert.deepEqual(done.checklist, [a, b]);
  assert.equal(done.confirmedBy, 'elder_code');
  // 助浴 level 3: 5000 fen of 重阳分 from the elder's account to the provider's.
  assert.equal(done.paymentStatus, 'posted');
  assert.equal(done.subsidyFen, 5000);
  assert.equal((await balanceOf(t, admin, careId)).balanceFen, 15_000);
  assert.equal((await balanceOf(t, admin, providerAccount)).balanceFen, 5000);

  const transfers = await t.database.db
    .selectFrom('ledger_transfers')
    .select(['amount', 'debit_account_id', 'credit_account_id'])
    .where('idempotency_key', '=', `sys:homecare:visit:${visit.id}`)
    .execute();
  assert.deepEqual(transfers, [{ amount: 5000, debit_account_id: careId, credit_account_id: providerAccount }]);

  const order = await ok(t.call(elder.family, { method: 'GET', url: `/api/v1/homecare/orders/${done.orderId}` }));
  assert.equal(order.status, 'completed');
});

test('a check-in away from home holds verification until the provider resolves the exception', async () => {
  const visit = await assignedVisit();
  const far = { lat: visit.home.lat + 0.01, lng: visit.home.lng, accuracyM: 20 }; // about 1.1 km
  const started = await ok(post(carer.token, visit.id, 'check-in', { ...far, at: ago(60), clientId: clientId() }));
  assert.deepEqual(
    started.exceptions.map((x: { code: string; status: string }) => [x.code, x.status]),
    [['outside_geofence', 'open']],
  );
  const home = { lat: visit.home.lat, lng: visit.home.lng, accuracyM: 10 };
  const done = await ok(
    post(carer.token, visit.id, 'check-out', {
      ...home,
      at: ago(0),
      clientId: clientId(),
      confirmation: { method: 'elder_code', value: elderCode },
    }),
  );
  assert.equal(done.status, 'exception');
  assert.equal(done.paymentStatus, 'none');
  const before = (await balanceOf(t, admin, careId)).balanceFen;

  const exceptionId = done.exceptions[0].id;
  const resolveUrl = `exceptions/${exceptionId}/resolve`;
  const byCarer = await post(carer.token, visit.id, resolveUrl, {
    reasonCode: 'gps_drift',
    resolutionCode: 'accepted_as_is',
  });
  assert.equal(byCarer.statusCode, 403);
  const badCode = await post(p.staff, visit.id, resolveUrl, { reasonCode: 'gps_drift', resolutionCode: 'shrug' });
  assert.equal(badCode.statusCode, 400);
  assert.equal(badCode.json().field, 'resolutionCode');
  const stranger = (await registeredProvider(t, p.officer, { BATH: 100 })).staff;
  const foreign = await post(stranger, visit.id, resolveUrl, {
    reasonCode: 'gps_drift',
    resolutionCode: 'accepted_as_is',
  });
  assert.equal(foreign.statusCode, 404);

  const resolved = await ok(
    post(p.staff, visit.id, resolveUrl, {
      reasonCode: 'gps_drift',
      resolutionCode: 'confirmed_with_elder',
      note: '电话核实',
    }),
  );
  assert.equal(resolved.status, 'verified');
  assert.equal(resolved.exceptions[0].status, 'resolved');
  assert.equal(resolved.paymentStatus, 'posted');
  assert.equal((await balanceOf(t, admin, careId)).balanceFen, before - 5000);
  const again = await post(p.staff, visit.id, resolveUrl, {
    reasonCode: 'gps_drift',
    resolutionCode: 'accepted_as_is',
  });
  assert.equal(again.statusCode, 409);
});

test('short visits, missing confirmation, unqualified workers and overlaps are exceptions from data', async () => {
  const visit = await assignedVisit(other);
  const home = { lat: visit.home.lat, lng: visit.home.lng, accuracyM: 10 };
  await ok(post(other.token, visit.id, 'check-in', { ...home, at: ago(10), clientId: clientId() }));
  const second = await assignedVisit(other);
  const overlapping = await ok(post(other.token, second.id, 'check-in', { ...home, at: ago(5), clientId: clientId() }));
  assert.equal(overlapping.status, 'in_progress');
  const done = await ok(post(other.token, visit.id, 'check-out', { ...home, at: ago(0), clientId: clientId() }));
  assert.deepEqual(done.exceptions.map((x: { code: string }) => x.code).sort(), [
    'not_confirmed',
    'overlapping_visit',
    'too_short',
  ]);
  assert.equal(done.status, 'exception');

  // 康复护理 needs a rehab or nurse certificate, which this worker does not hold.
  const placed = await ok(
    t.call(elder.family, {
      method: 'POST',
      url: '/api/v1/homecare/orders',
      payload: { elderId: elder.elderId, itemCode: 'REHAB', providerId: p.orgId, scheduledStart: inMinutes(1) },
    }),
    201,
  );
  await ok(t.call(p.staff, { method: 'POST', url: `/api/v1/homecare/orders/${placed.id}/accept` }));
  const rehab = await ok(
    t.call(p.staff, {
      method: 'POST',
      url: `/api/v1/homecare/orders/${placed.id}/assign`,
      payload: { workerId: carer.workerId },
    }),
  );
  const checked = await ok(post(carer.token, rehab.visitId, 'check-in', { ...home, at: ago(0), clientId: clientId() }));
  assert.deepEqual(
    checked.exceptions.map((x: { code: string }) => x.code),
    ['worker_not_qualified'],
  );
});

test('a check-in queued offline and sent again is accepted once', async () => {
  const visit = await assignedVisit();
  const body = { lat: visit.home.lat, lng: visit.home.lng, accuracyM: 12, at: ago(30), clientId: clientId() };
  const first = await ok(post(carer.token, visit.id, 'check-in', body));
  const replay = await ok(post(carer.token, visit.id, 'check-in', body));
  assert.deepEqual(replay.checkIn, first.checkIn);
  assert.equal(replay.status, 'in_progress');
  const calls = await t.database.db
    .selectFrom('homecare_evv_calls')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('visit_id', '=', visit.id)
    .executeTakeFirstOrThrow();
  assert.equal(Number(calls.n), 1);
  const reused = await post(carer.token, visit.id, 'check-in', { ...body, accuracyM: 99 });
  assert.equal(reused.statusCode, 409);
  assert.equal(reused.json().field, 'clientId');
  const twice = await post(carer.token, visit.id, 'check-in', { ...body, clientId: clientId() });
  assert.equal(twice.statusCode, 409);
});

test('other caregivers and other places get 404; bad input gets a 400 naming the field', async () => {
  const visit = await assignedVisit();
  const pos = { lat: visit.home.lat, lng: visit.home.lng, accuracyM: 10, at: ago(0) };
  assert.equal((await post(other.token, visit.id, 'check-in', { ...pos, clientId: clientId() })).statusCode, 404);
  const district = await t.userWith('district_officer', { jurisdictionCode: '330105' });
  assert.equal((await t.call(district, { method: 'GET', url: `/api/v1/homecare/visits/${visit.id}` })).statusCode, 404);
  assert.equal((await post(p.staff, visit.id, 'check-in', { ...pos, clientId: clientId() })).statusCode, 403);

  const cases: [Record<string, unknown>, string][] = [
    [{ lat: pos.lat, lng: pos.lng, at: pos.at, clientId: clientId() }, 'accuracyM'],
    [{ ...pos, lat: 200, clientId: clientId() }, 'lat'],
    [{ ...pos, clientId: 'x' }, 'clientId'],
    [{ ...pos, at: inMinutes(60), clientId: clientId() }, 'at'],
    [{ ...pos, at: ago(60 * 24 * 7), clientId: clientId() }, 'at'],
  ];
  for (const [payload, field] of cases) {
    const res = await post(carer.token, visit.id, 'check-in', payload);
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().field, field, res.body);
  }
  await ok(post(carer.token, visit.id, 'check-in', { ...pos, clientId: clientId() }));
  const wrongCode = await post(carer.token, visit.id, 'check-out', {
    ...pos,
    clientId: clientId(),
    confirmation: { method: 'elder_code', value: 'WRONG' },
  });
  assert.equal(wrongCode.statusCode, 400);
  assert.equal(wrongCode.json().field, 'confirmation.value');
});

test('an elder without a 重阳分 account: the visit is verified and its subsidy recorded as due', async () => {
  const bare = await assessedElder(t);
  const placed = await ok(
    t.call(bare.family, {
      method: 'POST',
      url: '/api/v1/homecare/orders',
      payload: { elderId: bare.elderId, itemCode: 'BATH', providerId: p.orgId, scheduledStart: inMinutes(1) },
    }),
    201,
  );
  const url = `/api/v1/homecare/orders/${placed.id}`;
  await ok(t.call(p.staff, { method: 'POST', url: `${url}/accept` }));
  const helper = await caregiverOf(t, p);
  const { visitId } = await ok(
    t.call(p.staff, { method: 'POST', url: `${url}/assign`, payload: { workerId: helper.workerId } }),
  );
  const visit = await ok(t.call(helper.token, { method: 'GET', url: `/api/v1/homecare/visits/${visitId}` }));
  const pos = { lat: visit.home.lat, lng: visit.home.lng, accuracyM: 10 };
  await ok(post(helper.token, visitId, 'check-in', { ...pos, at: ago(61), clientId: clientId() }));
  const code = (await ok(t.call(bare.community, { method: 'GET', url: `/api/v1/elders/${bare.elderId}` }))).elderCode;
  const done = await ok(
    post(helper.token, visitId, 'check-out', {
      ...pos,
      at: ago(1),
      clientId: clientId(),
      confirmation: { method: 'elder_code', value: code },
    }),
  );
  assert.equal(done.status, 'verified');
  assert.equal(done.paymentStatus, 'due');
  assert.equal(done.subsidyFen, 5000);
  assert.match(done.paymentNote, /account/);
});
