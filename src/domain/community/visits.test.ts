// 探访 through the HTTP API: a month's tasks generated once from status flags and the frequency
// setting (weekly, monthly, quarterly), assigned and recorded, compliance against 100%, overdue
// lists, life-event visits, scope and input errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';

const COMMUNITY = '330102001051';

describe('community: monthly visits', () => {
  let t: TestApp;
  let street: string;
  let worker: string;
  const ids: Record<string, number> = {};
  const me = async (token: string) =>
    (await t.call(token, { method: 'GET', url: '/api/v1/auth/me' })).json().id as number;
  const elder = async (key: string, birth: string, flag?: string, communityCode = COMMUNITY) => {
    const res = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ idNumber: idNumber(birth, 'M'), communityCode }),
    });
    assert.equal(res.statusCode, 201, res.body);
    ids[key] = res.json().id;
    if (flag) {
      const f = await t.call(worker, {
        method: 'POST',
        url: `/api/v1/elders/${ids[key]}/flags`,
        payload: { flag, effectiveFrom: '2024-01-01' },
      });
      assert.ok(f.statusCode < 300, f.body);
    }
  };
  const generate = (token: string, month: string, jurisdiction = '330102001') =>
    t.call(token, { method: 'POST', url: '/api/v1/visits/tasks/generate', payload: { month, jurisdiction } });
  const list = (token: string, query: string) => t.call(token, { method: 'GET', url: `/api/v1/visits/tasks?${query}` });

  before(async () => {
    t = await testApp();
    street = await t.userWith('street_officer', { jurisdictionCode: '330102001' });
    worker = await t.userWith('community_worker', { jurisdictionCode: '330102001' });
    await elder('high', '1950-01-01', 'severe_disability');
    await elder('key', '1951-01-01', 'living_alone');
    await elder('poor', '1952-01-01', 'subsistence');
    await elder('old', '1940-01-01');
    await elder('none', '1958-01-01');
  });
  after(() => t.close());

  test('tasks are generated once per month, by tier: weekly, monthly, quarterly', async () => {
    const first = await generate(street, '2026-01');
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().created, 4 + 1 + 1 + 1);
    const again = await generate(street, '2026-01');
    assert.equal(again.json().created, 0);
    assert.equal(again.json().total, 7);
    const tasks = (await list(worker, 'month=2026-01')).json();
    assert.equal(tasks.total, 7);
    const high = tasks.items.filter((x: { elderId: number }) => x.elderId === ids.high);
    assert.deepEqual(
      high.map((x: { dueOn: string }) => x.dueOn),
      ['2026-01-08', '2026-01-16', '2026-01-24', '2026-01-31'],
    );
    assert.ok(!tasks.items.some((x: { elderId: number }) => x.elderId === ids.none));
    const feb = await generate(street, '2026-02');
    assert.equal(feb.json().created, 4 + 1, 'quarterly tiers skip February');
  });

  test('the community filter takes any area: a city, district or street code lists every task under it', async () => {
    const city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    for (const area of ['330100', '330102', '330102001', COMMUNITY]) {
      const res = await list(city, `month=2026-01&community=${area}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().total, 7, `city admin, area ${area}`);
      assert.equal((await list(worker, `month=2026-01&community=${area}`)).json().total, 7, `worker, area ${area}`);
    }
    assert.equal((await list(city, 'month=2026-01&community=330106')).json().total, 0, 'an area without tasks');
    const far = await list(worker, 'month=2026-01&community=330106');
    assert.equal(far.statusCode, 404, "an area outside the caller's reach");
    assert.equal(far.json().field, 'community');
    assert.equal((await list(worker, 'month=2026-01&community=330102002')).statusCode, 404);
  });

  test('assigned, recorded with findings, counted in compliance; overdue listed', async () => {
    const volunteer = await t.userWith('volunteer', { jurisdictionCode: COMMUNITY });
    const volunteerId = await me(volunteer);
    const tasks = (await list(worker, 'month=2026-01')).json().items as { id: number; elderId: number }[];
    const keyTask = tasks.find((x) => x.elderId === ids.key)!;
    const assigned = await t.call(worker, {
      method: 'POST',
      url: `/api/v1/visits/tasks/${keyTask.id}/assign`,
      payload: { assigneeUserId: volunteerId },
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    const mine = (await list(volunteer, 'month=2026-01&mine=true')).json();
    assert.deepEqual(
      mine.items.map((x: { id: number }) => x.id),
      [keyTask.id],
    );
    assert.equal((await list(volunteer, 'month=2026-01')).json().total, 1, 'a volunteer sees only their tasks');
    const done = await t.call(volunteer, {
      method: 'POST',
      url: `/api/v1/visits/tasks/${keyTask.id}/record`,
      payload: {
        method: 'phone',
        visitedOn: '2026-01-20',
        findings: [{ item: 'fall_risk', note: '卫生间地滑', followUp: 'device' }],
      },
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'done');
    assert.equal(done.json().findings[0].followUp, 'device');
    const twice = await t.call(worker, {
      method: 'POST',
      url: `/api/v1/visits/tasks/${keyTask.id}/record`,
      payload: { method: 'home' },
    });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'visit_task_done');

    const district = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const c = await t.call(district, {
      method: 'GET',
      url: '/api/v1/visits/compliance?month=2026-01&jurisdiction=330102',
    });
    assert.equal(c.statusCode, 200, c.body);
    const body = c.json();
    assert.equal(body.targetRate, 100);
    assert.equal(body.total.due, 7);
    assert.equal(body.total.done, 1);
    assert.equal(body.total.met, false);
    assert.deepEqual(
      body.rows.map((r: { code: string; due: number }) => [r.code, r.due]),
      [['330102001', 7]],
    );
    const byCommunity = await t.call(street, { method: 'GET', url: '/api/v1/visits/compliance?month=2026-01' });
    assert.equal(byCommunity.json().rows[0].code, COMMUNITY);
    assert.equal(byCommunity.json().rows[0].rate, Math.round(10_000 / 7) / 100);
    const overdue = (await list(worker, 'month=2026-01&overdue=true')).json();
    assert.equal(overdue.total, 6);
  });

  test('a life event brings an extra visit due within 24 hours', async () => {
    const res = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/visits/tasks/life-event',
      payload: { elderId: ids.old, event: 'hospital_discharge', occurredOn: '2026-03-31' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().dueOn, '2026-04-01');
    assert.equal(res.json().month, '2026-04');
    assert.equal(res.json().kind, 'life_event');
  });

  test('out of scope answers 404; bad input answers 400 naming the field', async () => {
    const elsewhere = await t.userWith('community_worker', { jurisdictionCode: '330106002051' });
    const tasks = (await list(worker, 'month=2026-01')).json().items as { id: number }[];
    const far = await t.call(elsewhere, {
      method: 'POST',
      url: `/api/v1/visits/tasks/${tasks[0]!.id}/record`,
      payload: { method: 'home' },
    });
    assert.equal(far.statusCode, 404);
    assert.equal((await list(elsewhere, 'month=2026-01')).json().total, 0);
    const westlake = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    assert.equal(
      (await t.call(westlake, { method: 'GET', url: '/api/v1/visits/compliance?jurisdiction=330102' })).statusCode,
      404,
    );
    assert.equal((await generate(westlake, '2026-01', '330102')).statusCode, 404);
    const stranger = await t.userWith('volunteer', { jurisdictionCode: '330106002051' });
    const wrongAssignee = await t.call(worker, {
      method: 'POST',
      url: `/api/v1/visits/tasks/${tasks[0]!.id}/assign`,
      payload: { assigneeUserId: await me(stranger) },
    });
    assert.equal(wrongAssignee.statusCode, 400);
    assert.equal(wrongAssignee.json().field, 'assigneeUserId');

    const badMonth = await generate(street, '2026-13');
    assert.equal(badMonth.statusCode, 400);
    assert.equal(badMonth.json().field, 'month');
    const badMethod = await t.call(worker, {
      method: 'POST',
      url: `/api/v1/visits/tasks/${tasks[0]!.id}/record`,
      payload: { method: 'email' },
    });
    assert.equal(badMethod.statusCode, 400);
    assert.equal(badMethod.json().field, 'method');
  });
});
