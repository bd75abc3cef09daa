// 助餐 through the HTTP API: meal points and menus, check-in by elder code and by the face
// adapter's fake, the subsidy by status and age from the setting, one subsidised meal per elder per
// meal time, the day's counts per point, scope and input errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';
import { todayInShanghai } from '../../lib/dates.js';
import { fakeFaceCheckIn, setFaceCheckIn } from './face.js';
import { mealSubsidy } from './meals.js';

const COMMUNITY = '330102001051';

describe('community: meal assistance', () => {
  let t: TestApp;
  let street: string;
  let worker: string;
  let pointId: number;
  const today = todayInShanghai();
  const elder = async (birth: string, flag?: string) => {
    const res = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ idNumber: idNumber(birth, 'F'), communityCode: COMMUNITY }),
    });
    assert.equal(res.statusCode, 201, res.body);
    if (flag) {
      const f = await t.call(worker, {
        method: 'POST',
        url: `/api/v1/elders/${res.json().id}/flags`,
        payload: { flag, effectiveFrom: '2024-01-01' },
      });
      assert.ok(f.statusCode < 300, f.body);
    }
    return res.json() as { id: number; elderCode: string };
  };
  const checkIn = (token: string, payload: Record<string, unknown>) =>
    t.call(token, { method: 'POST', url: '/api/v1/meals/check-ins', payload });

  before(async () => {
    t = await testApp();
    street = await t.userWith('street_officer', { jurisdictionCode: '330102001' });
    worker = await t.userWith('community_worker', { jurisdictionCode: COMMUNITY });
    const point = await t.call(street, {
      method: 'POST',
      url: '/api/v1/meals/points',
      payload: {
        name: '清波街道老年食堂',
        kind: 'canteen',
        communityCode: COMMUNITY,
        address: '劳动路 20 号',
        hours: { lunch: '11:00-12:30', dinner: '17:00-18:00' },
        capacity: 80,
        delivers: true,
      },
    });
    assert.equal(point.statusCode, 201, point.body);
    pointId = point.json().id;
    const menu = await t.call(street, {
      method: 'PUT',
      url: `/api/v1/meals/points/${pointId}/menus`,
      payload: { servedOn: today, meal: 'lunch', dishes: ['红烧鱼', '青菜', '米饭'], priceFen: 1500 },
    });
    assert.equal(menu.statusCode, 200, menu.body);
  });
  after(() => {
    setFaceCheckIn(null);
    return t.close();
  });

  test('check-in by elder code: the subsidy by status, once per meal time', async () => {
    const a = await elder('1955-04-04', 'subsistence');
    const first = await checkIn(worker, { mealPointId: pointId, elderCode: a.elderCode, meal: 'lunch' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().subsidyFen, 800);
    assert.equal(first.json().copayFen, 700);
    assert.equal(first.json().method, 'qr');
    const again = await checkIn(worker, { mealPointId: pointId, elderCode: a.elderCode, meal: 'lunch' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'meal_already_served');
    const delivered = await checkIn(worker, {
      mealPointId: pointId,
      elderCode: a.elderCode,
      meal: 'lunch',
      delivery: true,
    });
    assert.equal(delivered.statusCode, 409, 'a delivery is the same meal time');
    const noMenu = await checkIn(worker, { mealPointId: pointId, elderCode: a.elderCode, meal: 'dinner' });
    assert.equal(noMenu.statusCode, 409);
    assert.equal(noMenu.json().code, 'meal_no_menu');
  });

  test("face check-in through the adapter (fake), the subsidy by age, and the day's counts", async () => {
    setFaceCheckIn(fakeFaceCheckIn);
    const b = await elder('1950-03-03');
    const face = await checkIn(worker, { mealPointId: pointId, faceImage: `fake-face:${b.elderCode}`, meal: 'lunch' });
    assert.equal(face.statusCode, 201, face.body);
    assert.equal(face.json().method, 'face');
    assert.equal(face.json().subsidyFen, 200, 'aged 60–79 without a status flag');
    const unknown = await checkIn(worker, { mealPointId: pointId, faceImage: 'a-stranger', meal: 'lunch' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().field, 'faceImage');
    const counts = await t.call(street, { method: 'GET', url: `/api/v1/meals/counts?date=${today}` });
    assert.equal(counts.statusCode, 200, counts.body);
    const lunch = counts
      .json()
      .rows.find((r: { mealPointId: number; meal: string }) => r.mealPointId === pointId && r.meal === 'lunch');
    assert.equal(lunch.served, 2);
    assert.equal(lunch.subsidised, 2);
    assert.equal(lunch.subsidyFen, 1000);
    assert.equal(lunch.capacity, 80);
  });

  test('out of scope answers 404; bad input answers 400 naming the field', async () => {
    const elsewhere = await t.userWith('community_worker', { jurisdictionCode: '330106002051' });
    const list = await t.call(elsewhere, { method: 'GET', url: '/api/v1/meals/points' });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().total, 0);
    const c = await elder('1952-02-02');
    const far = await checkIn(elsewhere, { mealPointId: pointId, elderCode: c.elderCode, meal: 'lunch' });
    assert.equal(far.statusCode, 404);
    assert.equal(far.json().field, 'mealPointId');
    const mine = await t.call(worker, { method: 'GET', url: '/api/v1/meals/points' });
    assert.ok(mine.json().items.some((p: { id: number }) => p.id === pointId));
    for (const area of ['330100', '330102', '330102001']) {
      const under = await t.call(street, { method: 'GET', url: `/api/v1/meals/points?community=${area}` });
      assert.ok(
        under.json().items.some((p: { id: number }) => p.id === pointId),
        `a city, district or street code lists the points under it (${area})`,
      );
      const counted = await t.call(street, { method: 'GET', url: `/api/v1/meals/counts?community=${area}` });
      assert.ok(
        counted.json().rows.some((r: { mealPointId: number }) => r.mealPointId === pointId),
        area,
      );
    }

    const badHours = await t.call(street, {
      method: 'POST',
      url: '/api/v1/meals/points',
      payload: {
        name: 'x',
        kind: 'canteen',
        communityCode: COMMUNITY,
        address: 'y',
        hours: { lunch: '25:00-26:00' },
        capacity: 10,
      },
    });
    assert.equal(badHours.statusCode, 400);
    assert.equal(badHours.json().field, 'hours.lunch');
    const badMeal = await checkIn(worker, { mealPointId: pointId, elderCode: c.elderCode, meal: 'supper' });
    assert.equal(badMeal.statusCode, 400);
    assert.equal(badMeal.json().field, 'meal');
    const badCode = await checkIn(worker, { mealPointId: pointId, elderCode: 'YY0000000000Z', meal: 'lunch' });
    assert.equal(badCode.statusCode, 404);
    assert.equal(badCode.json().field, 'elderCode');
  });

  test('the subsidy rule: highest matching tier, capped at the price', () => {
    const tiers = [
      { name: 'poor', anyFlags: ['subsistence'], perMealFen: 800 },
      { name: '80+', minAge: 80, perMealFen: 500 },
      { name: '60+', minAge: 60, perMealFen: 200 },
    ];
    const cases: [string[], number, number, number, string | null][] = [
      [['subsistence'], 85, 1500, 800, 'poor'],
      [[], 85, 1500, 500, '80+'],
      [[], 65, 1500, 200, '60+'],
      [[], 59, 1500, 0, null],
      [['subsistence'], 70, 600, 600, 'poor'],
    ];
    for (const [flags, age, price, fen, tier] of cases)
      assert.deepEqual(mealSubsidy(tiers, { flags, age }, price), { tier, subsidyFen: fen }, `${flags} ${age}`);
  });
});
