// Orders through the HTTP API: quote before confirm, who may order for whom, the provider's
// answer, assignment to its own workers, cancellation with who and why, the overdue list.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
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
before(async () => {
  t = await testApp();
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  p = await registeredProvider(t, officer);
  elder = await assessedElder(t);
});
after(() => t.close());

const order = (token: string, payload: Record<string, unknown>) =>
  t.call(token, { method: 'POST', url: '/api/v1/homecare/orders', payload });

test('the quote shows price, subsidy by the current level and co-payment before the family confirms', async () => {
  const body = { elderId: elder.elderId, itemCode: 'BATH', providerId: p.orgId, scheduledStart: inMinutes(120) };
  const quote = await ok(t.call(elder.family, { method: 'POST', url: '/api/v1/homecare/orders/quote', payload: body }));
  assert.equal(quote.assessmentLevel, 3);
  // 助浴 8000 fen at this provider; level 3 is subsidised 5000 fen per visit (Hangzhou list v1).
  assert.deepEqual(quote.quote, { priceFen: 8000, subsidyFen: 5000, copayFen: 3000 });
  const before = await ok(t.call(p.staff, { method: 'GET', url: '/api/v1/homecare/orders' }));
  assert.equal(before.length, 0, 'a quote writes nothing');

  const placed = await ok(order(elder.family, body), 201);
  assert.equal(placed.status, 'requested');
  assert.deepEqual(placed.quote, quote.quote);
  const slaMs = new Date(placed.acceptDueAt).getTime() - Date.now();
  assert.ok(slaMs > 3.9 * 3600_000 && slaMs <= 4 * 3600_000, 'accept within 4 hours (policy data)');

  // Hourly items are charged by the minutes booked: 助洁 5000/h for 90 minutes, level 3 gets 3000/h.
  const clean = await ok(
    t.call(elder.community, {
      method: 'POST',
      url: '/api/v1/homecare/orders/quote',
      payload: { elderId: elder.elderId, itemCode: 'CLEAN', scheduledStart: inMinutes(60), durationMinutes: 90 },
    }),
  );
  assert.equal(clean.providerId, p.orgId, 'the provider serving the street is chosen');
  assert.deepEqual(clean.quote, { priceFen: 7500, subsidyFen: 4500, copayFen: 3000 });
});

test('provider staff and other places cannot order for an elder, nor see the order (404)', async () => {
  const body = { elderId: elder.elderId, itemCode: 'BATH', scheduledStart: inMinutes(120) };
  assert.equal((await order(p.staff, body)).statusCode, 404);
  const otherCommunity = await t.userWith('community_worker', { jurisdictionCode: '330102001052' });
  assert.equal((await order(otherCommunity, body)).statusCode, 404);

  const placed = await ok(order(elder.community, body), 201);
  const otherProvider = await registeredProvider(t, p.officer, { BATH: 7000 });
  for (const stranger of [
    otherProvider.staff,
    otherCommunity,
    await t.userWith('district_officer', { jurisdictionCode: '330105' }),
  ]) {
    const res = await t.call(stranger, { method: 'GET', url: `/api/v1/homecare/orders/${placed.id}` });
    assert.equal(res.statusCode, 404);
    const accept = await t.call(stranger, { method: 'POST', url: `/api/v1/homecare/orders/${placed.id}/accept` });
    assert.equal(accept.statusCode, 404);
  }
  const missing = await t.call(p.staff, { method: 'GET', url: '/api/v1/homecare/orders/999999999' });
  assert.equal(missing.statusCode, 404);
  assert.deepEqual(missing.json().code, 'not_found');
  // The family sees the order but does not act for the provider.
  const familyAccept = await t.call(elder.family, {
    method: 'POST',
    url: `/api/v1/homecare/orders/${placed.id}/accept`,
  });
  assert.equal(familyAccept.statusCode, 403);
});

test('bad input answers 400 naming the field', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ elderId: elder.elderId, itemCode: 'BATH' }, 'scheduledStart'],
    [
      { elderId: elder.elderId, itemCode: 'BATH', scheduledStart: inMinutes(60), durationMinutes: 3 },
      'durationMinutes',
    ],
    [{ elderId: elder.elderId, itemCode: 'NOPE', scheduledStart: inMinutes(60) }, 'itemCode'],
    [{ elderId: elder.elderId, itemCode: 'BATH', scheduledStart: inMinutes(-600) }, 'scheduledStart'],
    [{ elderId: elder.elderId, itemCode: 'BATH', scheduledStart: 'tomorrow' }, 'scheduledStart'],
    [{ elderId: elder.elderId, itemCode: 'MEAL', scheduledStart: inMinutes(60) }, 'itemCode'],
  ];
  for (const [payload, field] of cases) {
    const res = await order(elder.family, payload);
    assert.ok(res.statusCode === 400 || res.statusCode === 409, res.body);
    assert.equal(res.json().field, field, res.body);
  }
});

test('accept, assign a worker of the provider, reassign; decline and cancel keep who and why', async () => {
  const body = { elderId: elder.elderId, itemCode: 'BATH', providerId: p.orgId, scheduledStart: inMinutes(180) };
  const placed = await ok(order(elder.family, body), 201);
  const url = `/api/v1/homecare/orders/${placed.id}`;
  const early = await t.call(p.staff, { method: 'POST', url: `${url}/assign`, payload: { workerId: 1 } });
  assert.equal(early.statusCode, 409, 'assign needs an accepted order');
  await ok(t.call(p.staff, { method: 'POST', url: `${url}/accept` }));

  const a = await caregiverOf(t, p);
  const b = await caregiverOf(t, p);
  const foreign = await caregiverOf(t, await registeredProvider(t, p.officer, { BATH: 9000 }));
  const notOurs = await t.call(p.staff, {
    method: 'POST',
    url: `${url}/assign`,
    payload: { workerId: foreign.workerId },
  });
  assert.equal(notOurs.statusCode, 400);
  assert.equal(notOurs.json().field, 'workerId');

  const assigned = await ok(
    t.call(p.staff, { method: 'POST', url: `${url}/assign`, payload: { workerId: a.workerId } }),
  );
  assert.equal(assigned.status, 'assigned');
  assert.ok(assigned.visitId);
  const again = await ok(t.call(p.staff, { method: 'POST', url: `${url}/assign`, payload: { workerId: b.workerId } }));
  assert.equal(again.workerId, b.workerId);
  assert.equal(again.visitId, assigned.visitId, 'the same visit moves to the new worker');
  assert.deepEqual(
    again.events.map((e: { action: string }) => e.action),
    ['placed', 'accepted', 'assigned', 'reassigned'],
  );
  // The caregiver assigned sees the order; the one replaced no longer does.
  assert.equal((await t.call(b.token, { method: 'GET', url })).statusCode, 200);
  assert.equal((await t.call(a.token, { method: 'GET', url })).statusCode, 404);

  const badReason = await t.call(elder.family, {
    method: 'POST',
    url: `${url}/cancel`,
    payload: { reasonCode: 'bored' },
  });
  assert.equal(badReason.statusCode, 400);
  assert.equal(badReason.json().field, 'reasonCode');
  const cancelled = await ok(
    t.call(elder.family, {
      method: 'POST',
      url: `${url}/cancel`,
      payload: { reasonCode: 'elder_unavailable', note: '住院' },
    }),
  );
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.cancelCode, 'elder_unavailable');
  const last = cancelled.events.at(-1);
  assert.deepEqual(
    [last.action, last.role, last.code, last.note],
    ['cancelled', 'elder_family', 'elder_unavailable', '住院'],
  );

  const second = await ok(order(elder.family, body), 201);
  const declined = await ok(
    t.call(p.staff, {
      method: 'POST',
      url: `/api/v1/homecare/orders/${second.id}/decline`,
      payload: { reasonCode: 'no_capacity' },
    }),
  );
  assert.equal(declined.status, 'declined');
  assert.equal(declined.declineCode, 'no_capacity');
  const late = await t.call(p.staff, { method: 'POST', url: `/api/v1/homecare/orders/${second.id}/accept` });
  assert.equal(late.statusCode, 409);
});

test('orders unanswered past the accept SLA are listed as overdue for the provider and the district', async () => {
  const placed = await ok(
    order(elder.family, {
      elderId: elder.elderId,
      itemCode: 'BATH',
      providerId: p.orgId,
      scheduledStart: inMinutes(600),
    }),
    201,
  );
  // Five hours pass: the 4-hour SLA of the policy has run out.
  await t.database.db
    .updateTable('homecare_orders')
    .set({ accept_due_at: new Date(Date.now() - 3600_000) })
    .where('id', '=', placed.id)
    .execute();
  const overdue = await ok(t.call(p.staff, { method: 'GET', url: '/api/v1/homecare/orders?overdue=true' }));
  assert.ok(overdue.some((o: { id: number; overdue: boolean }) => o.id === placed.id && o.overdue));
  const district = await ok(t.call(p.officer, { method: 'GET', url: '/api/v1/homecare/orders?overdue=true' }));
  assert.ok(district.some((o: { id: number }) => o.id === placed.id));
  assert.ok(district.every((o: { overdue: boolean }) => o.overdue));
});
