// 家庭养老照护床位服务计划 through the HTTP API and the generator: a contracted bed's weekly plan
// places accepted home-care orders on the right days for the horizon, a second run (or a later
// one) places none twice, a changed plan cancels what it dropped, closing the bed cancels the
// orders ahead with the reason, items the provider does not offer are refused naming the field,
// and another district's officer gets 404.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import { addDays, todayInShanghai } from '../../lib/dates.js';
import { COMMUNITY, ok, registeredProvider } from '../homecare/testing.js';
import { systemContext } from '../identity/context.js';
import { budget } from '../ledger/ledger-fixtures.js';
import { signLevel } from '../subsidies/subsidy-fixtures.js';
import { generatePlanOrders } from './service-plans.js';

const isoWeekday = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};
/** The days of the horizon from today whose weekday is listed and whose start (Shanghai) is after `now`. */
function expectedDays(now: Date, weekdays: number[], time: string, horizon = 14): string[] {
  const today = todayInShanghai(now);
  const days: string[] = [];
  for (let n = 0; n < horizon; n++) {
    const day = addDays(today, n);
    if (weekdays.includes(isoWeekday(day)) && new Date(`${day}T${time}:00+08:00`).getTime() > now.getTime())
      days.push(day);
  }
  return days;
}

describe('community: family care bed service plans', () => {
  let t: TestApp;
  let officer: string;
  let worker: string;
  let outsider: string;
  let orgId: number;
  let admin: string;
  let budgetId: number;

  const bedsUrl = '/api/v1/home-care-beds';
  /** An elder of 清波 (level 3) with a contracted bed whose provider is the registered one. */
  const contractedBed = async () => {
    const elder = await ok(
      t.call(worker, { method: 'POST', url: '/api/v1/elders', payload: elderBody({ communityCode: COMMUNITY }) }),
      201,
    );
    await signLevel(t.database.db, elder.id, 3);
    const bed = await ok(
      t.call(worker, { method: 'POST', url: bedsUrl, payload: { elderId: elder.id, retrofitDone: true } }),
      201,
    );
    await ok(t.call(worker, { method: 'POST', url: `${bedsUrl}/${bed.id}/assess`, payload: {} }));
    await ok(
      t.call(officer, {
        method: 'POST',
        url: `${bedsUrl}/${bed.id}/accept`,
        payload: { buildingOrganisationId: orgId },
      }),
    );
    await ok(
      t.call(officer, {
        method: 'POST',
        url: `${bedsUrl}/${bed.id}/contract`,
        payload: { providerOrganisationId: orgId },
      }),
    );
    return { bedId: bed.id as number, elderId: elder.id as number };
  };
  const putPlan = (token: string, bedId: number, payload: Record<string, unknown>) =>
    t.call(token, { method: 'PUT', url: `${bedsUrl}/${bedId}/plan`, payload });
  const ordersOf = (elderId: number) =>
    t.database.db
      .selectFrom('homecare_orders')
      .select([
        'id',
        'item_code',
        'scheduled_start',
        'status',
        'cancel_code',
        'cancel_note',
        'placed_role',
        'hold_status',
      ])
      .where('elder_id', '=', elderId)
      .orderBy('scheduled_start')
      .execute();

  before(async () => {
    t = await testApp();
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    worker = await t.userWith('community_worker', { jurisdictionCode: COMMUNITY });
    outsider = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    budgetId = await budget(t, admin, '330102', 10_000_000);
    ({ orgId } = await registeredProvider(t, officer));
    await ok(
      t.call(officer, {
        method: 'POST',
        url: '/api/v1/ledger/accounts',
        payload: { type: 'provider', ownerId: orgId },
      }),
      201,
    );
  });
  after(() => t.close());

  test('a plan places accepted orders on its weekdays for the horizon, once, and a later run adds only new days', async () => {
    const { bedId, elderId } = await contractedBed();
    const before = new Date();
    const plan = await ok(
      putPlan(worker, bedId, {
        items: [
          { itemCode: 'CLEAN', weekdays: [5, 1, 3], startTime: '09:00' },
          { itemCode: 'BATH', weekdays: [6], startTime: '14:30', durationMinutes: 50, note: '需两人协助' },
        ],
      }),
    );
    assert.equal(plan.horizonDays, 14);
    assert.equal(plan.providerOrganisationId, orgId);
    assert.deepEqual(
      plan.items.map((i: { itemCode: string; weekdays: number[] }) => [i.itemCode, i.weekdays]),
      [
        ['CLEAN', [1, 3, 5]],
        ['BATH', [6]],
      ],
    );
    const clean = expectedDays(before, [1, 3, 5], '09:00');
    const bath = expectedDays(before, [6], '14:30');
    const byItem = (code: string) =>
      plan.upcoming
        .filter((o: { itemCode: string }) => o.itemCode === code)
        .map((o: { serviceDate: string }) => o.serviceDate);
    assert.deepEqual(byItem('CLEAN'), clean);
    assert.deepEqual(byItem('BATH'), bath);
    const first = plan.upcoming.find((o: { itemCode: string }) => o.itemCode === 'BATH');
    if (first) assert.equal(first.scheduledStart, new Date(`${first.serviceDate}T14:30:00+08:00`).toISOString());

    const orders = await ordersOf(elderId);
    assert.equal(orders.length, clean.length + bath.length);
    assert.ok(orders.every((o) => o.status === 'accepted' && o.placed_role === 'home_care_bed_plan'));
    // The order is a home-care order like any other: the provider's staff see it with its quote.
    const seen = await ok(t.call(officer, { method: 'GET', url: `/api/v1/homecare/orders/${orders[0]!.id}` }));
    assert.equal(seen.providerId, orgId);
    assert.ok(seen.quote.priceFen > 0);

    // Again, and again as the job would: nothing twice.
    const again = await generatePlanOrders(systemContext(t.database.db, 'test:again'), { bedId });
    assert.equal(again.created, 0);
    await generatePlanOrders(systemContext(t.database.db, 'test:all'));
    assert.equal((await ordersOf(elderId)).length, orders.length);

    // Three days later the horizon has moved on: only the days newly inside it are added.
    const later = new Date(before.getTime() + 3 * 86_400_000);
    await generatePlanOrders(systemContext(t.database.db, 'test:later', later), { bedId });
    const after = await ordersOf(elderId);
    const newDays = (weekdays: number[], time: string) =>
      expectedDays(later, weekdays, time).filter((d) => d > addDays(todayInShanghai(before), 13)).length;
    assert.equal(after.length, orders.length + newDays([1, 3, 5], '09:00') + newDays([6], '14:30'));
    const keys = after.map((o) => `${o.item_code}|${new Date(o.scheduled_start).toISOString()}`);
    assert.equal(new Set(keys).size, keys.length, 'one order per item and day');
    const dup = await t.database.db
      .selectFrom('home_care_bed_plan_orders')
      .select(['plan_item_id', 'service_date'])
      .where('bed_id', '=', bedId)
      .groupBy(['plan_item_id', 'service_date'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    assert.equal(dup.length, 0);
  });

  test('a changed plan keeps what it still has and cancels what it dropped', async () => {
    const { bedId, elderId } = await contractedBed();
    const items = [
      { itemCode: 'CLEAN', weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '10:00' },
      { itemCode: 'BATH', weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '15:00' },
    ];
    await ok(putPlan(worker, bedId, { items }));
    const before = await ordersOf(elderId);
    const changed = await ok(putPlan(worker, bedId, { items: [items[0]] }));
    assert.deepEqual(
      changed.items.map((i: { itemCode: string }) => i.itemCode),
      ['CLEAN'],
    );
    const now = await ordersOf(elderId);
    assert.equal(now.length, before.length, 'the kept item placed nothing again');
    assert.ok(now.filter((o) => o.item_code === 'CLEAN').every((o) => o.status === 'accepted'));
    assert.ok(
      now
        .filter((o) => o.item_code === 'BATH')
        .every((o) => o.status === 'cancelled' && o.cancel_code === 'plan_changed'),
    );
  });

  test('closing the bed cancels its orders ahead with the reason, and nothing more is generated', async () => {
    const { bedId, elderId } = await contractedBed();
    // The elder's 重阳分, so the accepted orders hold their subsidy on it.
    const care = await ok(
      t.call(officer, { method: 'POST', url: '/api/v1/ledger/accounts', payload: { type: 'care', ownerId: elderId } }),
      201,
    );
    await ok(
      t.call(admin, {
        method: 'POST',
        url: '/api/v1/ledger/transfers',
        payload: {
          fromAccountId: budgetId,
          toAccountId: care.id,
          amountFen: 500_000,
          idempotencyKey: `hcb-plan-${bedId}`,
        },
      }),
      201,
    );
    await ok(
      putPlan(worker, bedId, { items: [{ itemCode: 'CLEAN', weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '23:30' }] }),
    );
    const placed = await ordersOf(elderId);
    assert.ok(placed.length >= 13);
    assert.ok(
      placed.every((o) => o.hold_status === 'held'),
      'the subsidy is reserved as at acceptance',
    );
    const closed = await t.call(officer, {
      method: 'POST',
      url: `${bedsUrl}/${bedId}/close`,
      payload: { reason: 'admitted', note: '入住机构' },
    });
    assert.equal(closed.statusCode, 200, closed.body);
    const orders = await ordersOf(elderId);
    assert.ok(orders.every((o) => o.status === 'cancelled' && o.cancel_code === 'bed_closed'));
    assert.ok(orders.every((o) => o.cancel_note?.includes('入住养老机构')));
    assert.ok(
      orders.every((o) => o.hold_status === 'voided'),
      'the reserved subsidy is released',
    );
    const pending = await t.database.db
      .selectFrom('ledger_accounts')
      .select('pending_debits')
      .where('id', '=', care.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(pending.pending_debits), 0);
    const events = await t.database.db
      .selectFrom('homecare_order_events')
      .select('action')
      .where('order_id', '=', orders[0]!.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.map((e) => e.action),
      ['placed', 'accepted', 'cancelled'],
    );
    const plan = await ok(t.call(worker, { method: 'GET', url: `${bedsUrl}/${bedId}/plan` }));
    assert.equal(plan.bedStatus, 'closed');
    assert.deepEqual(plan.items, []);
    const later = new Date(Date.now() + 86_400_000);
    assert.equal((await generatePlanOrders(systemContext(t.database.db, 'test:closed', later), { bedId })).created, 0);
    const refused = await putPlan(worker, bedId, { items: [] });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'hcb_state');
  });

  test('items the provider does not offer, or the catalogue lacks, are refused naming the field', async () => {
    const { bedId, elderId } = await contractedBed();
    const notOffered = await putPlan(worker, bedId, {
      items: [
        { itemCode: 'CLEAN', weekdays: [1], startTime: '09:00' },
        { itemCode: 'ESCORT', weekdays: [2], startTime: '09:00' },
      ],
    });
    assert.equal(notOffered.statusCode, 409, notOffered.body);
    assert.equal(notOffered.json().code, 'homecare_provider_not_serving');
    assert.equal(notOffered.json().field, 'items/1/itemCode');
    const unknown = await putPlan(worker, bedId, { items: [{ itemCode: 'NOPE', weekdays: [1], startTime: '09:00' }] });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().field, 'items/0/itemCode');
    const twice = await putPlan(worker, bedId, {
      items: [
        { itemCode: 'CLEAN', weekdays: [1, 2], startTime: '09:00' },
        { itemCode: 'CLEAN', weekdays: [2], startTime: '09:00' },
      ],
    });
    assert.equal(twice.statusCode, 400);
    assert.equal(twice.json().field, 'items/1/startTime');
    const unbounded = await putPlan(worker, bedId, {
      items: [{ itemCode: 'CLEAN', weekdays: [8], startTime: '9:00' }],
    });
    assert.equal(unbounded.statusCode, 400);
    assert.equal((await ordersOf(elderId)).length, 0, 'nothing was written');
  });

  test('another district answers 404; the family reads the plan but may not set it', async () => {
    const { bedId, elderId } = await contractedBed();
    for (const res of [
      await t.call(outsider, { method: 'GET', url: `${bedsUrl}/${bedId}/plan` }),
      await putPlan(outsider, bedId, { items: [] }),
      await t.call(outsider, { method: 'GET', url: `${bedsUrl}/999999999/plan` }),
    ]) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().code, 'not_found');
    }
    const family = await t.userWith('elder_family', { elderId });
    assert.equal((await t.call(family, { method: 'GET', url: `${bedsUrl}/${bedId}/plan` })).statusCode, 200);
    assert.equal((await putPlan(family, bedId, { items: [] })).statusCode, 403);
    const audited = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'home_care_bed_plan')
      .where('entity_id', '=', String(bedId))
      .execute();
    assert.ok(audited.some((a) => a.action === 'read'));
  });
});
