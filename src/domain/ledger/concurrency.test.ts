// 50 simultaneous 1-yuan payments from an account holding 10 yuan: exactly 10 go through and
// the balance ends at 0 — on PGlite (one connection, so serialised) and on PostgreSQL (a pool
// of connections racing for the same row). Crossing payments A→B / B→A do not deadlock.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import {
  assertBooksBalance,
  balanceOf,
  elderWithAccount,
  type LedgerWorld,
  ledgerWorld,
  newKey,
  pay,
} from './ledger-fixtures.js';

describe('ledger under concurrency', () => {
  let t: TestApp;
  let w: LedgerWorld;
  before(async () => {
    t = await testApp();
    w = await ledgerWorld(t);
  });
  after(() => t.close());

  test('50 simultaneous 1-yuan payments from 10 yuan: exactly 10 succeed, balance 0', async () => {
    assert.equal((await pay(t, w.officer, w.budgetId, w.careId, 1_000)).statusCode, 201);
    const results = await Promise.all(Array.from({ length: 50 }, () => pay(t, w.family, w.careId, w.providerId, 100)));
    const codes = results.map((r) => r.statusCode);
    assert.equal(
      codes.filter((c) => c === 201).length,
      10,
      JSON.stringify(results.find((r) => r.statusCode !== 201 && r.statusCode !== 409)?.body),
    );
    assert.equal(codes.filter((c) => c === 409).length, 40);
    assert.ok(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'insufficient_funds'));
    assert.equal((await balanceOf(t, w.family, w.careId)).balanceFen, 0);
    assert.equal((await balanceOf(t, w.providerStaff, w.providerId)).balanceFen, 1_000);
    await assertBooksBalance(t, w.admin);
  });

  test('the same key sent 20 times at once makes one transfer', async () => {
    assert.equal((await pay(t, w.officer, w.budgetId, w.careId, 500)).statusCode, 201);
    const key = newKey('race');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => pay(t, w.family, w.careId, w.providerId, 100, key)),
    );
    assert.ok(
      results.every((r) => r.statusCode === 201),
      results.map((r) => r.body).join('\n'),
    );
    assert.equal(new Set(results.map((r) => r.json().id)).size, 1);
    assert.equal((await balanceOf(t, w.family, w.careId)).balanceFen, 400);
    await assertBooksBalance(t, w.admin);
  });

  test('crossing budget transfers in both directions all complete', async () => {
    const other = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    const cityRes = await t.call(other, {
      method: 'POST',
      url: '/api/v1/ledger/accounts',
      payload: { type: 'budget', ownerCode: '330100', appropriationFen: 10_000_000 },
    });
    const city = cityRes.json().id as number;
    const district = (
      await t.call(other, {
        method: 'POST',
        url: '/api/v1/ledger/accounts',
        payload: { type: 'budget', ownerCode: '330106', appropriationFen: 10_000_000 },
      })
    ).json().id as number;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 ? pay(t, other, city, district, 10) : pay(t, other, district, city, 10),
      ),
    );
    assert.deepEqual([...new Set(results.map((r) => r.statusCode))], [201], results.map((r) => r.body).join('\n'));
    assert.equal((await balanceOf(t, other, city)).balanceFen, 0);
    await assertBooksBalance(t, w.admin);
  });

  test('a hold and payments racing for the same money never overdraw', async () => {
    const { careId, family } = await elderWithAccount(t, w.officer);
    await pay(t, w.officer, w.budgetId, careId, 1_000);
    const hold = t.call(family, {
      method: 'POST',
      url: '/api/v1/ledger/holds',
      payload: { fromAccountId: careId, toAccountId: w.providerId, amountFen: 600, idempotencyKey: newKey() },
    });
    const payments = Array.from({ length: 10 }, () => pay(t, family, careId, w.providerId, 100));
    const all = await Promise.all([hold, ...payments]);
    const spent = all.filter((r) => r.statusCode === 201).reduce((s, r) => s + r.json().amountFen, 0);
    assert.equal(spent, 1_000);
    const b = await balanceOf(t, family, careId);
    assert.equal(b.balanceFen - b.pendingFen, 0);
    await assertBooksBalance(t, w.admin);
  });
});
