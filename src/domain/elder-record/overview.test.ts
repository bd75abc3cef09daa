import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { newElder, person, qualifiedAssessor, signedAssessment } from '../assessment/testing.js';
import { assessedElder, inMinutes, ok, registeredProvider } from '../homecare/testing.js';
import { budget, elderWithAccount, pay } from '../ledger/ledger-fixtures.js';

describe('the joined-up elder record', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  test('shows the current level after an assessment is signed, and the 404 of a missing elder outside scope', async () => {
    const officer = await person(t, 'district_officer', { jurisdictionCode: '330102' });
    const assessors = [await qualifiedAssessor(t), await qualifiedAssessor(t)] as [typeof officer, typeof officer];
    const elderId = await newElder(t, officer);
    const before = await t.call(officer.token, { method: 'GET', url: `/api/v1/elders/${elderId}/overview` });
    assert.equal(before.statusCode, 200, before.body);
    assert.equal(before.json().currentLevel, null);
    const signed = await signedAssessment(t, { officer, assessors, elderId });
    const res = await t.call(officer.token, { method: 'GET', url: `/api/v1/elders/${elderId}/overview` });
    assert.equal(res.statusCode, 200, res.body);
    const view = res.json();
    assert.equal(view.currentLevel.assessmentId, signed.id);
    assert.equal(typeof view.currentLevel.level, 'number');
    assert.match(view.currentLevel.assessedOn, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(view.openTasks, []);
    assert.equal(view.residency, null);

    const elsewhere = await t.userWith('district_officer', { jurisdictionCode: '330105' });
    const out = await t.call(elsewhere, { method: 'GET', url: `/api/v1/elders/${elderId}/overview` });
    assert.equal(out.statusCode, 404);
    const missing = await t.call(officer.token, { method: 'GET', url: '/api/v1/elders/999999999/overview' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(out.json(), missing.json());
    const bad = await t.call(officer.token, { method: 'GET', url: '/api/v1/elders/abc/overview' });
    assert.equal(bad.statusCode, 400);
  });

  test('shows the 重阳分 balance and the last postings with their memos', async () => {
    const admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const budgetId = await budget(t, admin, '330102', 10_000_000);
    const { elderId, careId, family } = await elderWithAccount(t, officer);
    for (let i = 1; i <= 6; i++) {
      const r = await pay(t, officer, budgetId, careId, 1000 * i, undefined, `第${i}笔`);
      assert.ok(r.statusCode === 200 || r.statusCode === 201, r.body);
    }
    const res = await t.call(family, { method: 'GET', url: `/api/v1/elders/${elderId}/overview` });
    assert.equal(res.statusCode, 200, res.body);
    const [account] = res.json().accounts;
    assert.equal(account.id, careId);
    assert.equal(account.balanceFen, 21_000);
    assert.equal(account.postings.length, 5);
    assert.equal(account.postings[0].amountFen, 6000);
    assert.equal(account.postings[0].memo, '第6笔');
  });

  test('names the home-care service ordered, not its catalogue code', async () => {
    const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const provider = await registeredProvider(t, officer);
    const elder = await assessedElder(t);
    const payload = {
      elderId: elder.elderId,
      itemCode: 'BATH',
      providerId: provider.orgId,
      scheduledStart: inMinutes(90),
    };
    await ok(t.call(elder.family, { method: 'POST', url: '/api/v1/homecare/orders', payload }), 201);
    const view = await ok(t.call(elder.family, { method: 'GET', url: `/api/v1/elders/${elder.elderId}/overview` }));
    assert.equal(view.homecareOrders.length, 1);
    assert.equal(view.homecareOrders[0].itemCode, 'BATH');
    assert.deepEqual(view.homecareOrders[0].itemName, { zh: '助浴', en: view.homecareOrders[0].itemName.en });
    assert.ok(view.homecareOrders[0].itemName.en.length > 0);
  });

  test('lists who read the record for the officer and the family, and refuses other communities', async () => {
    const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const { elderId, family } = await elderWithAccount(t, officer);
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    const read = await t.call(worker, {
      method: 'GET',
      url: `/api/v1/elders/${elderId}`,
      headers: { 'x-purpose': encodeURIComponent('上门核实') },
    });
    assert.equal(read.statusCode, 200, read.body);

    for (const who of [officer, family]) {
      const res = await t.call(who, { method: 'GET', url: `/api/v1/elders/${elderId}/reads` });
      assert.equal(res.statusCode, 200, res.body);
      const entry = res.json().items.find((e: { purpose: string | null }) => e.purpose === '上门核实');
      assert.ok(entry, 'the worker’s read is listed');
      assert.match(entry.roles, /community_worker/);
      assert.ok(entry.displayName);
    }

    const community = await t.database.db
      .selectFrom('jurisdictions')
      .select('code')
      .where('level', '=', 'community')
      .where('code', 'not like', '330102%')
      .executeTakeFirstOrThrow();
    const otherWorker = await t.userWith('community_worker', { jurisdictionCode: community.code });
    const refused = await t.call(otherWorker, { method: 'GET', url: `/api/v1/elders/${elderId}/reads` });
    assert.equal(refused.statusCode, 404);
    const sameWorker = await t.call(worker, { method: 'GET', url: `/api/v1/elders/${elderId}/reads` });
    assert.equal(sameWorker.statusCode, 404, 'community workers read the record, not its read log');
    const otherFamily = await t.userWith('elder_family', { elderId: elderId + 100000 });
    const refusedFamily = await t.call(otherFamily, { method: 'GET', url: `/api/v1/elders/${elderId}/reads` });
    assert.equal(refusedFamily.statusCode, 404);
  });
});
