// Builders for ledger tests: a district with a budget, an elder with a 重阳分 account and a
// family login, a provider with staff — each made through the API where one exists.
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';

export interface LedgerWorld {
  admin: string;
  officer: string;
  budgetId: number;
  elderId: number;
  family: string;
  careId: number;
  orgId: number;
  providerStaff: string;
  providerId: number;
}

let orgCounter = 0;

export async function provider(t: TestApp, officer: string, district = '330102', community = '330102001051') {
  const org = await t.database.db
    .insertInto('organisations')
    .values({
      kind: 'home_care_provider',
      name: `测试服务商${++orgCounter}-${process.pid}`,
      jurisdiction_code: community,
      district_code: district,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const res = await t.call(officer, {
    method: 'POST',
    url: '/api/v1/ledger/accounts',
    payload: { type: 'provider', ownerId: org.id },
  });
  assert.equal(res.statusCode, 201, res.body);
  return { orgId: org.id, providerId: res.json().id as number };
}

export async function elderWithAccount(t: TestApp, officer: string, overrides: Record<string, unknown> = {}) {
  const elder = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody(overrides) });
  assert.equal(elder.statusCode, 201, elder.body);
  const elderId = elder.json().id as number;
  const care = await t.call(officer, {
    method: 'POST',
    url: '/api/v1/ledger/accounts',
    payload: { type: 'care', ownerId: elderId },
  });
  assert.equal(care.statusCode, 201, care.body);
  return { elderId, careId: care.json().id as number, family: await t.userWith('elder_family', { elderId }) };
}

export async function budget(t: TestApp, admin: string, code: string, appropriationFen: number): Promise<number> {
  const res = await t.call(admin, {
    method: 'POST',
    url: '/api/v1/ledger/accounts',
    payload: { type: 'budget', ownerCode: code, appropriationFen },
  });
  assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
  return res.json().id;
}

export async function ledgerWorld(t: TestApp): Promise<LedgerWorld> {
  const admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  const budgetId = await budget(t, admin, '330102', 100_000_000);
  const { elderId, careId, family } = await elderWithAccount(t, officer);
  const { orgId, providerId } = await provider(t, officer);
  const providerStaff = await t.userWith('provider_staff', { organisationId: orgId });
  return { admin, officer, budgetId, elderId, family, careId, orgId, providerStaff, providerId };
}

let keyCounter = 0;
export const newKey = (prefix = 'k') => `${prefix}-${process.pid}-${++keyCounter}`;

export async function pay(
  t: TestApp,
  token: string,
  from: number,
  to: number,
  amountFen: number,
  key = newKey(),
  memo?: string,
) {
  return t.call(token, {
    method: 'POST',
    url: '/api/v1/ledger/transfers',
    payload: { fromAccountId: from, toAccountId: to, amountFen, idempotencyKey: key, ...(memo ? { memo } : {}) },
  });
}

export async function balanceOf(
  t: TestApp,
  token: string,
  id: number,
): Promise<{ balanceFen: number; availableFen: number; pendingFen: number; appropriationFen: number | null }> {
  const res = await t.call(token, { method: 'GET', url: `/api/v1/ledger/accounts/${id}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** The invariant every ledger test checks after each scenario. */
export async function assertBooksBalance(t: TestApp, admin: string): Promise<void> {
  const res = await t.call(admin, { method: 'GET', url: '/api/v1/ledger/trial-balance' });
  assert.equal(res.statusCode, 200, res.body);
  for (const [currency, totals] of Object.entries(
    res.json() as Record<
      string,
      {
        totalDebitsFen: number;
        totalCreditsFen: number;
        balanced: boolean;
        accountsOutOfBalance: number;
        sumOfBalancesFen: number;
      }
    >,
  )) {
    assert.equal(totals.totalDebitsFen, totals.totalCreditsFen, `${currency}: debits = credits`);
    assert.equal(totals.accountsOutOfBalance, 0, `${currency}: maintained balances match the transfers`);
    assert.equal(totals.sumOfBalancesFen, 0, `${currency}: balances sum to zero`);
    assert.ok(totals.balanced);
  }
}
