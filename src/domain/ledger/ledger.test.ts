// Transfers, idempotency, flow and access rules, holds, reversals, appropriations — with the
// trial balance checked after every scenario.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import {
  assertBooksBalance,
  balanceOf,
  budget,
  elderWithAccount,
  type LedgerWorld,
  ledgerWorld,
  newKey,
  pay,
} from './ledger-fixtures.js';
import { expireHolds } from './transfers.js';

describe('ledger', () => {
  let t: TestApp;
  let w: LedgerWorld;
  before(async () => {
    t = await testApp();
    w = await ledgerWorld(t);
  });
  afterEach(() => assertBooksBalance(t, w.admin));
  after(() => t.close());

  test('a subsidy moves from the district budget into the care account; the budget goes negative within its appropriation', async () => {
    const res = await pay(t, w.officer, w.budgetId, w.careId, 1_000, newKey(), '3月普惠型补贴');
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().amountFen, 1_000);
    assert.equal((await balanceOf(t, w.family, w.careId)).balanceFen, 1_000);
    const b = await balanceOf(t, w.admin, w.budgetId);
    assert.equal(b.balanceFen, -1_000);
    assert.equal(b.availableFen, 100_000_000 - 1_000);
    assert.equal(b.appropriationFen, 100_000_000);
  });

  test('the same key twice is the same transfer; the same key with other content is a 409', async () => {
    const key = newKey('idem');
    const first = await pay(t, w.officer, w.budgetId, w.careId, 500, key);
    const again = await pay(t, w.officer, w.budgetId, w.careId, 500, key);
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().id, first.json().id);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const other = await pay(t, w.officer, w.budgetId, w.careId, 501, key);
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'idempotency_conflict');
    // Keys belong to their user: another officer's identical key is another transfer.
    const colleague = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const theirs = await pay(t, colleague, w.budgetId, w.careId, 500, key);
    assert.equal(theirs.statusCode, 201);
    assert.notEqual(theirs.json().id, first.json().id);
  });

  test('an elder pays a provider from 重阳分 and never below zero', async () => {
    const { careId, family } = await elderWithAccount(t, w.officer);
    assert.equal((await pay(t, w.officer, w.budgetId, careId, 1_000)).statusCode, 201);
    const paid = await pay(t, family, careId, w.providerId, 300, newKey(), '助浴服务');
    assert.equal(paid.statusCode, 201, paid.body);
    const broke = await pay(t, family, careId, w.providerId, 800);
    assert.equal(broke.statusCode, 409);
    assert.equal(broke.json().code, 'insufficient_funds');
    assert.match(broke.json().message, /¥7\.00/);
    const account = (await t.call(family, { method: 'GET', url: `/api/v1/ledger/accounts/${careId}` })).json();
    assert.equal(account.balanceFen, 700);
    assert.deepEqual(
      account.statement.items.map((l: { direction: string; amountFen: number; balanceAfterFen: number }) => [
        l.direction,
        l.amountFen,
        l.balanceAfterFen,
      ]),
      [
        ['out', 300, 700],
        ['in', 1_000, 1_000],
      ],
    );
    assert.equal(account.statement.items[0].memo, '助浴服务');
    // A retry of the successful payment still answers that payment, even with the money gone.
    const drain = await pay(t, family, careId, w.providerId, 700, 'drain-1');
    assert.equal(drain.statusCode, 201);
    const retry = await pay(t, family, careId, w.providerId, 700, 'drain-1');
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.json().id, drain.json().id);
  });

  test('flows and access: 重阳分 goes only to providers; only the family spends it; other districts see nothing', async () => {
    // Accounts the family cannot see are not found, whatever their type (reach.test.ts has more).
    assert.equal((await pay(t, w.family, w.careId, w.budgetId, 100)).json().code, 'not_found');
    const other = await elderWithAccount(t, w.officer);
    assert.equal((await pay(t, w.family, w.careId, other.careId, 100)).json().code, 'not_found');
    const officerSpends = await pay(t, w.officer, w.careId, w.providerId, 100);
    assert.equal(officerSpends.statusCode, 403);
    const stranger = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const foreign = await pay(t, stranger, w.budgetId, w.careId, 100);
    assert.equal(foreign.statusCode, 404);
    assert.equal(
      (await t.call(stranger, { method: 'GET', url: `/api/v1/ledger/accounts/${w.careId}` })).statusCode,
      404,
    );
    assert.equal(
      (await t.call(other.family, { method: 'GET', url: `/api/v1/ledger/accounts/${w.careId}` })).statusCode,
      404,
    );
    assert.equal((await pay(t, w.providerStaff, w.providerId, w.careId, 1)).statusCode, 403);
    assert.equal((await t.call(w.officer, { method: 'GET', url: '/api/v1/ledger/trial-balance' })).statusCode, 403);
  });

  test('account lists are filtered and scoped', async () => {
    const own = (await t.call(w.family, { method: 'GET', url: '/api/v1/ledger/accounts' })).json();
    assert.deepEqual(
      own.items.map((a: { id: number }) => a.id),
      [w.careId],
    );
    const budgets = (await t.call(w.officer, { method: 'GET', url: '/api/v1/ledger/accounts?type=budget' })).json();
    assert.deepEqual(
      budgets.items.map((a: { id: number; type: string }) => [a.id, a.type]),
      [[w.budgetId, 'budget']],
    );
    const byOwner = (
      await t.call(w.officer, { method: 'GET', url: `/api/v1/ledger/accounts?type=care&owner=${w.elderId}` })
    ).json();
    assert.equal(byOwner.items[0].id, w.careId);
    assert.equal(typeof byOwner.items[0].balanceFen, 'number');
    const staff = (await t.call(w.providerStaff, { method: 'GET', url: '/api/v1/ledger/accounts' })).json();
    assert.deepEqual(
      staff.items.map((a: { id: number }) => a.id),
      [w.providerId],
    );
    const elsewhere = (
      await t.call(w.officer, { method: 'GET', url: '/api/v1/ledger/accounts?jurisdiction=330106' })
    ).json();
    assert.equal(elsewhere.total, 0);
  });

  test('two-phase: hold, capture a smaller amount, and a second resolution is refused', async () => {
    const { careId, family } = await elderWithAccount(t, w.officer);
    await pay(t, w.officer, w.budgetId, careId, 2_000);
    const hold = await t.call(family, {
      method: 'POST',
      url: '/api/v1/ledger/holds',
      payload: { fromAccountId: careId, toAccountId: w.providerId, amountFen: 1_500, idempotencyKey: newKey('hold') },
    });
    assert.equal(hold.statusCode, 201, hold.body);
    assert.equal(hold.json().holdState, 'pending');
    assert.deepEqual(
      await balanceOf(t, family, careId).then((b) => [b.balanceFen, b.availableFen, b.pendingFen]),
      [2_000, 500, 1_500],
    );
    assert.equal(
      (await pay(t, family, careId, w.providerId, 600)).json().code,
      'insufficient_funds',
      'held money is not available',
    );
    const capture = await t.call(w.providerStaff, {
      method: 'POST',
      url: `/api/v1/ledger/holds/${hold.json().id}/capture`,
      payload: { idempotencyKey: 'cap-1', amountFen: 1_200 },
    });
    assert.equal(capture.statusCode, 201, capture.body);
    assert.equal(capture.json().kind, 'capture');
    assert.deepEqual(
      await balanceOf(t, family, careId).then((b) => [b.balanceFen, b.availableFen, b.pendingFen]),
      [800, 800, 0],
    );
    const again = await t.call(w.providerStaff, {
      method: 'POST',
      url: `/api/v1/ledger/holds/${hold.json().id}/capture`,
      payload: { idempotencyKey: 'cap-1', amountFen: 1_200 },
    });
    assert.equal(again.json().id, capture.json().id);
    const voided = await t.call(family, {
      method: 'POST',
      url: `/api/v1/ledger/holds/${hold.json().id}/void`,
      payload: { idempotencyKey: newKey() },
    });
    assert.equal(voided.statusCode, 409);
    assert.equal(voided.json().code, 'hold_not_pending');
    const tooMuch = await t.call(family, {
      method: 'POST',
      url: '/api/v1/ledger/holds',
      payload: { fromAccountId: careId, toAccountId: w.providerId, amountFen: 100, idempotencyKey: newKey() },
    });
    const over = await t.call(w.providerStaff, {
      method: 'POST',
      url: `/api/v1/ledger/holds/${tooMuch.json().id}/capture`,
      payload: { idempotencyKey: newKey(), amountFen: 101 },
    });
    assert.equal(over.json().code, 'capture_exceeds_hold');
    const v = await t.call(family, {
      method: 'POST',
      url: `/api/v1/ledger/holds/${tooMuch.json().id}/void`,
      payload: { idempotencyKey: newKey() },
    });
    assert.equal(v.statusCode, 201);
    assert.equal((await balanceOf(t, family, careId)).availableFen, 800);
  });

  test('holds expire: a late capture is refused, and expired holds free the money for new payments', async () => {
    const { careId, family } = await elderWithAccount(t, w.officer);
    await pay(t, w.officer, w.budgetId, careId, 1_000);
    const hold = (key: string, amountFen: number) =>
      t.call(family, {
        method: 'POST',
        url: '/api/v1/ledger/holds',
        payload: {
          fromAccountId: careId,
          toAccountId: w.providerId,
          amountFen,
          idempotencyKey: key,
          expiresInSeconds: 1,
        },
      });
    const h1 = (await hold(newKey(), 600)).json();
    const h2 = (await hold(newKey(), 400)).json();
    await new Promise((r) => setTimeout(r, 1_100));
    const late = await t.call(w.providerStaff, {
      method: 'POST',
      url: `/api/v1/ledger/holds/${h1.id}/capture`,
      payload: { idempotencyKey: newKey() },
    });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'hold_expired');
    assert.equal(
      (await t.call(family, { method: 'GET', url: `/api/v1/ledger/transfers/${h1.id}` })).json().holdState,
      'expired',
    );
    // h2 is expired too but not yet swept: paying the whole balance sweeps it.
    const all = await pay(t, family, careId, w.providerId, 1_000);
    assert.equal(all.statusCode, 201, all.body);
    assert.equal(
      (await t.call(family, { method: 'GET', url: `/api/v1/ledger/transfers/${h2.id}` })).json().holdState,
      'expired',
    );
    assert.deepEqual(await balanceOf(t, family, careId).then((b) => [b.balanceFen, b.pendingFen]), [0, 0]);
    // The background sweep releases stale holds nobody touched.
    await pay(t, w.officer, w.budgetId, careId, 300);
    const h3 = (await hold(newKey(), 300)).json();
    assert.equal((await balanceOf(t, family, careId)).availableFen, 0);
    await new Promise((r) => setTimeout(r, 1_100));
    assert.ok((await expireHolds(t.database.db)) >= 1);
    assert.deepEqual(await balanceOf(t, family, careId).then((b) => [b.availableFen, b.pendingFen]), [300, 0]);
    assert.equal(
      (await t.call(family, { method: 'GET', url: `/api/v1/ledger/transfers/${h3.id}` })).json().holdState,
      'expired',
    );
  });

  test('corrections are reversals: once, by the paying side, never overdrawing the care account', async () => {
    const { careId, family } = await elderWithAccount(t, w.officer);
    const wrong = (await pay(t, w.officer, w.budgetId, careId, 900)).json();
    const rev = await t.call(w.officer, {
      method: 'POST',
      url: `/api/v1/ledger/transfers/${wrong.id}/reverse`,
      payload: { idempotencyKey: 'rev-1', memo: '重复发放' },
    });
    assert.equal(rev.statusCode, 201, rev.body);
    assert.equal(rev.json().kind, 'reversal');
    assert.equal(rev.json().reversesId, wrong.id);
    assert.equal((await balanceOf(t, family, careId)).balanceFen, 0);
    const twice = await t.call(w.officer, {
      method: 'POST',
      url: `/api/v1/ledger/transfers/${wrong.id}/reverse`,
      payload: { idempotencyKey: 'rev-2' },
    });
    assert.equal(twice.json().code, 'not_reversible');
    const replay = await t.call(w.officer, {
      method: 'POST',
      url: `/api/v1/ledger/transfers/${wrong.id}/reverse`,
      payload: { idempotencyKey: 'rev-1', memo: '重复发放' },
    });
    assert.equal(replay.json().id, rev.json().id);
    const spent = (await pay(t, w.officer, w.budgetId, careId, 500)).json();
    await pay(t, family, careId, w.providerId, 400);
    const cannot = await t.call(w.officer, {
      method: 'POST',
      url: `/api/v1/ledger/transfers/${spent.id}/reverse`,
      payload: { idempotencyKey: newKey() },
    });
    assert.equal(cannot.statusCode, 409);
    assert.equal(cannot.json().code, 'insufficient_funds');
    assert.equal(
      (
        await t.call(family, {
          method: 'POST',
          url: `/api/v1/ledger/transfers/${spent.id}/reverse`,
          payload: { idempotencyKey: newKey() },
        })
      ).statusCode,
      404,
      'the family cannot see the budget',
    );
  });

  test('a budget spends up to its appropriation, which only the city sets', async () => {
    const small = await budget(t, w.admin, '330105', 1_000);
    const officer = await t.userWith('district_officer', { jurisdictionCode: '330105' });
    const elder = await elderWithAccount(t, officer, { communityCode: '330105001051', address: '拱墅区测试路 1 号' });
    assert.equal((await pay(t, officer, small, elder.careId, 1_000)).statusCode, 201);
    const over = await pay(t, officer, small, elder.careId, 1);
    assert.equal(over.statusCode, 409);
    assert.equal(over.json().code, 'appropriation_exceeded');
    assert.equal(
      (
        await t.call(officer, {
          method: 'PUT',
          url: `/api/v1/ledger/accounts/${small}/appropriation`,
          payload: { appropriationFen: 5_000 },
        })
      ).statusCode,
      403,
    );
    const lower = await t.call(w.admin, {
      method: 'PUT',
      url: `/api/v1/ledger/accounts/${small}/appropriation`,
      payload: { appropriationFen: 500 },
    });
    assert.equal(lower.json().code, 'appropriation_exceeded', 'cannot cut below what was spent');
    const raised = await t.call(w.admin, {
      method: 'PUT',
      url: `/api/v1/ledger/accounts/${small}/appropriation`,
      payload: { appropriationFen: 5_000 },
    });
    assert.equal(raised.json().availableFen, 4_000);
    assert.equal((await pay(t, officer, small, elder.careId, 1)).statusCode, 201);
  });

  test('transfers cannot be changed or deleted in the database', async () => {
    await assert.rejects(t.database.db.updateTable('ledger_transfers').set({ amount: 1 }).execute(), /append-only/);
    await assert.rejects(t.database.db.deleteFrom('ledger_transfers').execute(), /append-only/);
  });

  test('the trial balance reports per currency', async () => {
    const tb = (await t.call(w.admin, { method: 'GET', url: '/api/v1/ledger/trial-balance' })).json();
    assert.ok(tb.CNY_FEN.totalDebitsFen > 0);
    assert.equal(tb.CNY_FEN.totalDebitsFen, tb.CNY_FEN.totalCreditsFen);
  });
});
