// Monthly provider settlement: balances move to settled accounts as one batch, exported as CSV.

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
  provider,
} from './ledger-fixtures.js';
import { csvCell } from './settlement.js';

describe('provider settlement', () => {
  let t: TestApp;
  let w: LedgerWorld;
  before(async () => {
    t = await testApp();
    w = await ledgerWorld(t);
  });
  after(() => t.close());

  test('a batch settles what each provider received, once per period', async () => {
    const second = await provider(t, w.officer);
    const idle = await provider(t, w.officer);
    await pay(t, w.officer, w.budgetId, w.careId, 5_000);
    await pay(t, w.family, w.careId, w.providerId, 1_250, newKey(), '助餐');
    await pay(t, w.family, w.careId, second.providerId, 2_000, newKey(), '助浴');
    // An open hold stays with the provider's payer until it is captured or released.
    await t.call(w.family, {
      method: 'POST',
      url: '/api/v1/ledger/holds',
      payload: { fromAccountId: w.careId, toAccountId: w.providerId, amountFen: 500, idempotencyKey: newKey() },
    });

    const res = await t.call(w.officer, {
      method: 'POST',
      url: '/api/v1/ledger/settlements',
      payload: { period: '2025-03', jurisdictionCode: '330102' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const batch = res.json();
    assert.equal(batch.lineCount, 2);
    assert.equal(batch.totalFen, 3_250);
    assert.equal((await balanceOf(t, w.providerStaff, w.providerId)).balanceFen, 0);
    const settled = (
      await t.call(w.officer, { method: 'GET', url: `/api/v1/ledger/accounts?type=provider_settled` })
    ).json();
    assert.deepEqual(settled.items.map((a: { balanceFen: number }) => a.balanceFen).sort(), [1_250, 2_000]);
    await assertBooksBalance(t, w.admin);

    const again = await t.call(w.officer, {
      method: 'POST',
      url: '/api/v1/ledger/settlements',
      payload: { period: '2025-03', jurisdictionCode: '330102' },
    });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, batch.id);

    const detail = (await t.call(w.officer, { method: 'GET', url: `/api/v1/ledger/settlements/${batch.id}` })).json();
    assert.deepEqual(
      detail.lines.map((l: { organisationId: number; amountFen: number }) => [l.organisationId, l.amountFen]),
      [
        [w.orgId, 1_250],
        [second.orgId, 2_000],
      ],
    );
    assert.ok(!detail.lines.some((l: { organisationId: number }) => l.organisationId === idle.orgId));

    const csv = await t.call(w.officer, { method: 'GET', url: `/api/v1/ledger/settlements/${batch.id}/export.csv` });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines[0], '批次号,序号,收款单位编号,收款单位名称,金额（元）,金额（分）,业务参考号');
    assert.equal(lines.length, 4);
    assert.match(lines[1]!, new RegExp(`^${batch.id},1,${w.orgId},测试服务商.*,12\\.50,1250,YY-202503-${batch.id}-1$`));
    assert.match(lines[3]!, /^合计,2,,,32\.50,3250,$/);

    const next = await t.call(w.officer, {
      method: 'POST',
      url: '/api/v1/ledger/settlements',
      payload: { period: '2025-04', jurisdictionCode: '330102' },
    });
    assert.equal(next.json().lineCount, 0, 'nothing new to settle');
  });

  test('settlements are scoped to the officer’s jurisdiction', async () => {
    const stranger = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const res = await t.call(stranger, {
      method: 'POST',
      url: '/api/v1/ledger/settlements',
      payload: { period: '2025-03', jurisdictionCode: '330102' },
    });
    assert.equal(res.statusCode, 403);
    assert.deepEqual((await t.call(stranger, { method: 'GET', url: '/api/v1/ledger/settlements' })).json(), []);
    const list = (await t.call(w.officer, { method: 'GET', url: '/api/v1/ledger/settlements' })).json();
    assert.equal(list.length, 2);
    const { careId } = await elderWithAccount(t, w.officer);
    assert.ok(careId > 0);
  });

  test('a batch keeps the payee it named: a later rename changes neither the batch nor its payout file', async () => {
    const payee = await provider(t, w.officer);
    await pay(t, w.officer, w.budgetId, w.careId, 600);
    await pay(t, w.family, w.careId, payee.providerId, 600, newKey(), '助洁');
    const batch = (
      await t.call(w.officer, {
        method: 'POST',
        url: '/api/v1/ledger/settlements',
        payload: { period: '2025-05', jurisdictionCode: '330102' },
      })
    ).json();
    const read = async () => ({
      detail: (await t.call(w.officer, { method: 'GET', url: `/api/v1/ledger/settlements/${batch.id}` })).json(),
      csv: (await t.call(w.officer, { method: 'GET', url: `/api/v1/ledger/settlements/${batch.id}/export.csv` })).body,
    });
    const before = await read();
    const named = before.detail.lines.find((l: { organisationId: number }) => l.organisationId === payee.orgId);
    assert.match(named.payeeName, /^测试服务商/);
    // The provider's profile and account are renamed afterwards (as the owning domain would).
    await t.database.db
      .updateTable('organisations')
      .set({ name: '改名后的服务商' })
      .where('id', '=', payee.orgId)
      .execute();
    await t.database.db
      .updateTable('ledger_accounts')
      .set({ name: '改名后的账户' })
      .where('id', '=', payee.providerId)
      .execute();
    const after = await read();
    assert.deepEqual(after.detail, before.detail);
    assert.equal(after.csv, before.csv);
    assert.doesNotMatch(after.csv, /改名后/);
    // And the lines themselves cannot be rewritten.
    await assert.rejects(
      t.database.db
        .updateTable('ledger_settlement_lines')
        .set({ payee_name: 'x' })
        .where('batch_id', '=', batch.id)
        .execute(),
      /append-only/,
    );
    await assert.rejects(
      t.database.db.deleteFrom('ledger_settlement_lines').where('batch_id', '=', batch.id).execute(),
      /append-only/,
    );
  });
});

describe('bank payout file', () => {
  test('a payee name that a spreadsheet would run as a formula stays text', () => {
    for (const name of ['=HYPERLINK("http://x","点我")', '+1+1', '-2+3', '@SUM(A1)']) {
      const cell = csvCell(name);
      assert.ok(cell.startsWith("'") || cell.startsWith(`"'`), `${name} → ${cell}`);
    }
    assert.equal(csvCell('上城区居家服务商'), '上城区居家服务商');
    assert.equal(csvCell(1200), '1200');
  });
});
