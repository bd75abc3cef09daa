// 助餐 monthly settlement through the HTTP API: the preview per meal point (subsidised meals ×
// subsidy), paying from the district budget to the point's organisation in one transfer per point,
// a rerun paying nothing twice, a month not yet over refused, a short budget refusing the whole run,
// roles and scope. Check-ins are made today through the API and then dated into last month.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';
import { monthOf, previousMonth, todayInShanghai } from '../../lib/dates.js';
import { assertBooksBalance, balanceOf, budget, provider } from '../ledger/ledger-fixtures.js';

const COMMUNITY = '330102001051';

describe('community: meal settlement', () => {
  let t: TestApp;
  let admin: string;
  let officer: string;
  let street: string;
  let worker: string;
  let budgetId: number;
  let providerAccount: number;
  let paidPoint: number;
  let ownTable: number;
  const today = todayInShanghai();
  const month = previousMonth(monthOf(today));

  const point = async (name: string, organisationId?: number) => {
    const res = await t.call(street, {
      method: 'POST',
      url: '/api/v1/meals/points',
      payload: {
        name,
        kind: 'community_point',
        communityCode: COMMUNITY,
        address: '劳动路 1 号',
        hours: { lunch: '11:00-12:30' },
        capacity: 50,
        ...(organisationId ? { organisationId } : {}),
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as number;
    const menu = await t.call(street, {
      method: 'PUT',
      url: `/api/v1/meals/points/${id}/menus`,
      payload: { servedOn: today, meal: 'lunch', dishes: ['米饭'], priceFen: 1500 },
    });
    assert.equal(menu.statusCode, 200, menu.body);
    return id;
  };
  const eat = async (pointId: number, birth: string, flag?: string) => {
    const e = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ idNumber: idNumber(birth, 'M'), communityCode: COMMUNITY }),
    });
    assert.equal(e.statusCode, 201, e.body);
    if (flag)
      await t.call(worker, {
        method: 'POST',
        url: `/api/v1/elders/${e.json().id}/flags`,
        payload: { flag, effectiveFrom: '2024-01-01' },
      });
    const c = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/meals/check-ins',
      payload: { mealPointId: pointId, elderCode: e.json().elderCode, meal: 'lunch' },
    });
    assert.equal(c.statusCode, 201, c.body);
    return c.json().subsidyFen as number;
  };
  const preview = (token: string, query = `month=${month}`) =>
    t.call(token, { method: 'GET', url: `/api/v1/meals/settlements/preview?${query}` });
  const settle = (token: string, payload: Record<string, unknown> = { month }) =>
    t.call(token, { method: 'POST', url: '/api/v1/meals/settlements', payload });

  before(async () => {
    t = await testApp();
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    street = await t.userWith('street_officer', { jurisdictionCode: '330102001' });
    worker = await t.userWith('community_worker', { jurisdictionCode: COMMUNITY });
    let orgId: number;
    ({ orgId, providerId: providerAccount } = await provider(t, officer));
    paidPoint = await point('清波老年食堂', orgId);
    ownTable = await point('社区自办助餐点');
    assert.equal(await eat(paidPoint, '1955-01-01', 'subsistence'), 800);
    assert.equal(await eat(paidPoint, '1950-01-01'), 200);
    assert.equal(await eat(ownTable, '1951-01-01', 'living_alone'), 500);
    // The month passes: these meals were eaten last month.
    await t.database.db
      .updateTable('meal_check_ins')
      .set({ served_on: `${month}-15` })
      .where('served_on', '=', today)
      .execute();
  });
  after(() => t.close());

  test('the preview lists each point with its subsidised meals and what is due', async () => {
    const res = await preview(street);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const paid = body.rows.find((r: { mealPointId: number }) => r.mealPointId === paidPoint);
    assert.deepEqual(
      { meals: paid.meals, subsidyFen: paid.subsidyFen, status: paid.status, transferId: paid.transferId },
      { meals: 2, subsidyFen: 1000, status: 'due', transferId: null },
    );
    const own = body.rows.find((r: { mealPointId: number }) => r.mealPointId === ownTable);
    assert.equal(own.status, 'no_organisation');
    assert.equal(body.dueFen, 1000);
    assert.equal(body.posted, 0);
  });

  test('a short budget refuses the whole run; nothing is paid', async () => {
    const res = await settle(officer);
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'appropriation_exceeded');
    assert.equal((await balanceOf(t, officer, providerAccount)).balanceFen, 0);
  });

  test('paying moves the subsidy once per point and month; a rerun pays nothing twice', async () => {
    budgetId = await budget(t, admin, '330102', 1_000_000);
    const before = (await balanceOf(t, officer, budgetId)).balanceFen;
    const res = await settle(officer);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().posted, 1);
    assert.equal(res.json().postedFen, 1000);
    const row = res.json().rows.find((r: { mealPointId: number }) => r.mealPointId === paidPoint);
    assert.equal(row.status, 'paid');
    assert.ok(row.transferId);
    assert.equal((await balanceOf(t, officer, providerAccount)).balanceFen, 1000);
    assert.equal((await balanceOf(t, officer, budgetId)).balanceFen, before - 1000);

    const again = await settle(officer);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().posted, 0);
    assert.equal(again.json().dueFen, 0);
    assert.equal(again.json().paidFen, 1000);
    assert.equal((await balanceOf(t, officer, providerAccount)).balanceFen, 1000);
    const transfers = await t.database.db
      .selectFrom('ledger_transfers')
      .select('amount')
      .where('idempotency_key', 'like', 'sys:meals:settle:%')
      .execute();
    assert.deepEqual(
      transfers.map((x) => Number(x.amount)),
      [1000],
    );
    await assertBooksBalance(t, admin);
  });

  test('the month under way is refused; roles and scope', async () => {
    const open = await settle(officer, { month: monthOf(today) });
    assert.equal(open.statusCode, 409);
    assert.equal(open.json().code, 'meal_settlement_month_open');
    assert.equal((await settle(street)).statusCode, 403, 'a street officer previews but does not pay');
    const westlake = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    assert.equal((await settle(westlake, { month, jurisdiction: '330102' })).statusCode, 404);
    assert.equal((await preview(westlake, `month=${month}&jurisdiction=330102`)).statusCode, 404);
    assert.equal((await preview(westlake)).json().rows.length, 0);
    assert.equal((await preview(worker)).statusCode, 404);
    const bad = await settle(officer, { month: '2026-13' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'month');
  });
});
