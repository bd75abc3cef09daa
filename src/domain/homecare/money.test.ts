// The money of an order on the ledger: acceptance holds the subsidy on the elder's 重阳分, the
// verified visit captures it (less for a shorter hourly service), cancellation voids it, a hold on
// a visit never verified expires by the job; the co-payment is recorded as owed. Every path is
// idempotent and the books stay balanced.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { systemContext } from '../identity/context.js';
import { budget } from '../ledger/ledger-fixtures.js';
import { expireUnverifiedHolds, payVerifiedVisit } from './payment.js';
import {
  assessedElder,
  caregiverOf,
  type ElderWorld,
  evvClientId,
  inMinutes,
  minutesAgo,
  ok,
  type ProviderWorld,
  registeredProvider,
} from './testing.js';

let t: TestApp;
let p: ProviderWorld;
let funded: ElderWorld;
let bare: ElderWorld;
let carer: { workerId: number; token: string };
let careId: number;
let providerAccountId: number;

before(async () => {
  t = await testApp();
  const admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  p = await registeredProvider(t, officer);
  funded = await assessedElder(t);
  bare = await assessedElder(t);
  carer = await caregiverOf(t, p);
  const budgetId = await budget(t, admin, '330102', 10_000_000);
  const open = (type: string, ownerId: number) =>
    ok(t.call(officer, { method: 'POST', url: '/api/v1/ledger/accounts', payload: { type, ownerId } }), 201);
  careId = (await open('care', funded.elderId)).id;
  providerAccountId = (await open('provider', p.orgId)).id;
  await ok(
    t.call(admin, {
      method: 'POST',
      url: '/api/v1/ledger/transfers',
      payload: {
        fromAccountId: budgetId,
        toAccountId: careId,
        amountFen: 50_000,
        idempotencyKey: `hc-money-${process.pid}`,
      },
    }),
    201,
  );
});
after(() => t.close());

async function account(id: number) {
  return t.database.db
    .selectFrom('ledger_accounts')
    .select(['balance', 'pending_debits'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Every posting is balanced: the sum of all balances never changes. */
async function booksTotal() {
  const r = await t.database.db
    .selectFrom('ledger_accounts')
    .select((eb) => eb.fn.sum<number>('balance').as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function transfersOf(key: string) {
  return t.database.db
    .selectFrom('ledger_transfers')
    .select(['kind', 'amount', 'debit_account_id', 'credit_account_id'])
    .where('idempotency_key', '=', key)
    .execute();
}

async function acceptedOrder(elder: ElderWorld, itemCode: string, minutes?: number, start = inMinutes(1)) {
  const placed = await ok(
    t.call(elder.family, {
      method: 'POST',
      url: '/api/v1/homecare/orders',
      payload: {
        elderId: elder.elderId,
        itemCode,
        providerId: p.orgId,
        scheduledStart: start,
        ...(minutes ? { durationMinutes: minutes } : {}),
      },
    }),
    201,
  );
  return ok(t.call(p.staff, { method: 'POST', url: `/api/v1/homecare/orders/${placed.id}/accept` }));
}

let slot = 0;
/** Assigns the order and checks in and out at home, `served` minutes apart, confirmed by the elder. */
async function served(elder: ElderWorld, orderId: number, minutes: number) {
  const { visitId } = await ok(
    t.call(p.staff, {
      method: 'POST',
      url: `/api/v1/homecare/orders/${orderId}/assign`,
      payload: { workerId: carer.workerId },
    }),
  );
  const v = await ok(t.call(carer.token, { method: 'GET', url: `/api/v1/homecare/visits/${visitId}` }));
  const code = (await ok(t.call(elder.community, { method: 'GET', url: `/api/v1/elders/${elder.elderId}` }))).elderCode;
  const home = { lat: v.home.lat, lng: v.home.lng, accuracyM: 10 };
  const end = 2 + 130 * slot++;
  const post = (action: string, payload: Record<string, unknown>) =>
    ok(t.call(carer.token, { method: 'POST', url: `/api/v1/homecare/visits/${visitId}/${action}`, payload }));
  await post('check-in', { ...home, at: minutesAgo(end + minutes), clientId: evvClientId() });
  return post('check-out', {
    ...home,
    at: minutesAgo(end),
    clientId: evvClientId(),
    confirmation: { method: 'elder_code', value: code },
  });
}

test('acceptance holds the subsidy; the verified visit captures it; the co-payment is owed', async () => {
  const total = await booksTotal();
  const start = await account(careId);
  // 助浴 8000 fen, level 3 subsidy 5000.
  const order = await acceptedOrder(funded, 'BATH');
  assert.equal(order.subsidyHold.status, 'held');
  assert.deepEqual(await transfersOf(`sys:homecare:hold:${order.id}`), [
    { kind: 'pending', amount: 5000, debit_account_id: careId, credit_account_id: providerAccountId },
  ]);
  assert.deepEqual(await account(careId), { balance: start.balance, pending_debits: start.pending_debits + 5000 });

  const visit = await served(funded, order.id, 60);
  assert.equal(visit.status, 'verified');
  assert.equal(visit.paymentStatus, 'posted');
  assert.equal(visit.subsidyFen, 5000);
  const after = await ok(t.call(p.staff, { method: 'GET', url: `/api/v1/homecare/orders/${order.id}` }));
  assert.equal(after.subsidyHold.status, 'captured');
  assert.deepEqual(await transfersOf(`sys:homecare:visit:${visit.id}`), [
    { kind: 'capture', amount: 5000, debit_account_id: careId, credit_account_id: providerAccountId },
  ]);
  assert.deepEqual(await account(careId), { balance: start.balance - 5000, pending_debits: start.pending_debits });
  const copay = await t.database.db
    .selectFrom('homecare_copayments')
    .selectAll()
    .where('visit_id', '=', visit.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual([copay.price_fen, copay.subsidy_fen, copay.amount_fen, copay.status], [8000, 5000, 3000, 'owed']);

  // Paying the same visit again (a rerun) moves nothing.
  const before = await account(careId);
  await t.database.db.transaction().execute((tx) => payVerifiedVisit(systemContext(tx, 'money-test-rerun'), visit.id));
  assert.deepEqual(await account(careId), before);
  assert.equal((await transfersOf(`sys:homecare:visit:${visit.id}`)).length, 1);
  assert.equal(await booksTotal(), total);
});

test('a shorter hourly service captures less and releases the rest of the hold', async () => {
  const total = await booksTotal();
  const start = await account(careId);
  // 助洁 booked for 120 minutes (10000 fen, subsidy 6000), served 60: billed 5000, subsidy 3000.
  const order = await acceptedOrder(funded, 'CLEAN', 120);
  assert.equal((await account(careId)).pending_debits, start.pending_debits + 6000);
  const visit = await ok(
    t.call(p.staff, { method: 'GET', url: `/api/v1/homecare/visits/${(await served(funded, order.id, 60)).id}` }),
  );
  // Served half the time: a too_short exception is raised only below the policy's 50 %.
  assert.equal(visit.status, 'verified', JSON.stringify(visit.exceptions));
  assert.equal(visit.subsidyFen, 3000);
  assert.deepEqual((await transfersOf(`sys:homecare:visit:${visit.id}`))[0]?.amount, 3000);
  assert.deepEqual(await account(careId), { balance: start.balance - 3000, pending_debits: start.pending_debits });
  const copay = await t.database.db
    .selectFrom('homecare_copayments')
    .select(['billed_minutes', 'price_fen', 'subsidy_fen', 'amount_fen'])
    .where('visit_id', '=', visit.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(copay, { billed_minutes: 60, price_fen: 5000, subsidy_fen: 3000, amount_fen: 2000 });
  assert.equal(await booksTotal(), total);
});

test('cancellation voids the hold; a second cancellation is refused and voids nothing twice', async () => {
  const total = await booksTotal();
  const start = await account(careId);
  const order = await acceptedOrder(funded, 'BATH');
  assert.equal((await account(careId)).pending_debits, start.pending_debits + 5000);
  const cancelled = await ok(
    t.call(funded.family, {
      method: 'POST',
      url: `/api/v1/homecare/orders/${order.id}/cancel`,
      payload: { reasonCode: 'elder_request' },
    }),
  );
  assert.equal(cancelled.subsidyHold.status, 'voided');
  assert.deepEqual(await account(careId), start);
  assert.deepEqual(
    (await transfersOf(`sys:homecare:void:${order.id}`)).map((r) => [r.kind, r.amount]),
    [['void', 5000]],
  );
  const again = await t.call(funded.family, {
    method: 'POST',
    url: `/api/v1/homecare/orders/${order.id}/cancel`,
    payload: { reasonCode: 'elder_request' },
  });
  assert.equal(again.statusCode, 409);
  assert.deepEqual(await account(careId), start);
  assert.equal(await booksTotal(), total);
});

test('a hold on a visit never verified expires by the job, once', async () => {
  const total = await booksTotal();
  const start = await account(careId);
  // A policy that keeps holds no longer than the scheduled end, and a 5-minute visit booked 10 minutes ago.
  await t.database.db.updateTable('homecare_policies').set({ hold_expiry_minutes: 0 }).execute();
  try {
    const order = await acceptedOrder(funded, 'BATH', 5, minutesAgo(10));
    assert.equal(order.subsidyHold.status, 'held');
    await new Promise((r) => setTimeout(r, 1_100));
    assert.deepEqual(await expireUnverifiedHolds(t.database.db, new Date()), [order.id]);
    assert.deepEqual(await expireUnverifiedHolds(t.database.db, new Date()), []);
    const after = await ok(t.call(p.staff, { method: 'GET', url: `/api/v1/homecare/orders/${order.id}` }));
    assert.equal(after.subsidyHold.status, 'expired');
    assert.ok(after.events.some((e: { action: string }) => e.action === 'hold_expired'));
    assert.deepEqual(await account(careId), start);
    const resolution = await t.database.db
      .selectFrom('ledger_transfers')
      .select(['kind', 'amount'])
      .where('pending_id', '=', order.subsidyHold.transferId)
      .execute();
    assert.deepEqual(resolution, [{ kind: 'expire', amount: 5000 }]);
  } finally {
    await t.database.db.updateTable('homecare_policies').set({ hold_expiry_minutes: 10080 }).execute();
  }
  assert.equal(await booksTotal(), total);
});

test('no account at acceptance: nothing held, the verified visit is recorded as due', async () => {
  const total = await booksTotal();
  const order = await acceptedOrder(bare, 'BATH');
  assert.equal(order.subsidyHold.status, 'unavailable');
  assert.equal(order.subsidyHold.transferId, null);
  const visit = await served(bare, order.id, 60);
  assert.equal(visit.status, 'verified');
  assert.equal(visit.paymentStatus, 'due');
  assert.equal(visit.subsidyFen, 5000);
  assert.equal(await booksTotal(), total);
});
