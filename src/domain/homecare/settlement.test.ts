// The provider's settlement report: verified visits of the month by item, units (hours for hourly
// items), the subsidy the ledger moved, the subsidy still due for want of an account, co-payments;
// visits not verified do not count; JSON and .xlsx agree; outsiders get 404.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { budget } from '../ledger/ledger-fixtures.js';
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
let month: string;
before(async () => {
  t = await testApp();
  const admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  p = await registeredProvider(t, officer);
  funded = await assessedElder(t);
  bare = await assessedElder(t);
  carer = await caregiverOf(t, p);
  const budgetId = await budget(t, admin, '330102', 10_000_000);
  const care = await ok(
    t.call(officer, {
      method: 'POST',
      url: '/api/v1/ledger/accounts',
      payload: { type: 'care', ownerId: funded.elderId },
    }),
    201,
  );
  await ok(
    t.call(officer, {
      method: 'POST',
      url: '/api/v1/ledger/accounts',
      payload: { type: 'provider', ownerId: p.orgId },
    }),
    201,
  );
  await ok(
    t.call(admin, {
      method: 'POST',
      url: '/api/v1/ledger/transfers',
      payload: {
        fromAccountId: budgetId,
        toAccountId: care.id,
        amountFen: 50_000,
        idempotencyKey: `hc-set-${process.pid}`,
      },
    }),
    201,
  );
  month = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
});
after(() => t.close());

let slot = 0;
/** A visit of `minutes` checked in and out at home; confirmed (verified) unless told otherwise. */
async function visit(elder: ElderWorld, itemCode: string, minutes: number, confirm = true) {
  const placed = await ok(
    t.call(elder.family, {
      method: 'POST',
      url: '/api/v1/homecare/orders',
      payload: {
        elderId: elder.elderId,
        itemCode,
        providerId: p.orgId,
        scheduledStart: inMinutes(1),
        durationMinutes: minutes,
      },
    }),
    201,
  );
  const url = `/api/v1/homecare/orders/${placed.id}`;
  await ok(t.call(p.staff, { method: 'POST', url: `${url}/accept` }));
  const { visitId } = await ok(
    t.call(p.staff, { method: 'POST', url: `${url}/assign`, payload: { workerId: carer.workerId } }),
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
    ...(confirm ? { confirmation: { method: 'elder_code', value: code } } : {}),
  });
}

test('the month by item: units, subsidy paid through the ledger, due, co-payments; unverified visits left out', async () => {
  // 助浴 at 8000 fen, level 3 subsidy 5000: paid for the funded elder, due for the one without an account.
  assert.equal((await visit(funded, 'BATH', 60)).paymentStatus, 'posted');
  assert.equal((await visit(bare, 'BATH', 60)).paymentStatus, 'due');
  // 助洁 hourly at 5000 fen/h for two hours, level 3 subsidy 3000/h: 10000 price, 6000 subsidy.
  assert.equal((await visit(funded, 'CLEAN', 120)).paymentStatus, 'posted');
  // Not confirmed by the elder: an open exception, not settled.
  assert.equal((await visit(funded, 'BATH', 60, false)).status, 'exception');

  const url = `/api/v1/homecare/providers/${p.orgId}/settlement?month=${month}`;
  const report = await ok(t.call(p.staff, { method: 'GET', url }));
  assert.equal(report.providerId, p.orgId);
  assert.deepEqual(
    report.items.map((i: Record<string, unknown>) => [
      i.itemCode,
      i.unit,
      i.visits,
      i.units,
      i.priceFen,
      i.subsidyPaidFen,
      i.subsidyDueFen,
      i.copayFen,
    ]),
    [
      ['BATH', 'visit', 2, 2, 16_000, 5000, 5000, 6000],
      ['CLEAN', 'hour', 1, 2, 10_000, 6000, 0, 4000],
    ],
  );
  assert.deepEqual(report.totals, {
    visits: 3,
    priceFen: 26_000,
    subsidyPaidFen: 11_000,
    subsidyDueFen: 5000,
    copayFen: 10_000,
  });
  // What the report calls paid is what the ledger moved to the provider.
  const moved = await t.database.db
    .selectFrom('ledger_transfers as t')
    .innerJoin('ledger_accounts as a', 'a.id', 't.credit_account_id')
    .select((eb) => eb.fn.sum<number>('t.amount').as('n'))
    .where('a.owner_type', '=', 'organisation')
    .where('a.owner_id', '=', p.orgId)
    // Holds only reserve; captures and postings move the money.
    .where('t.kind', 'in', ['posted', 'capture'])
    .executeTakeFirstOrThrow();
  assert.equal(Number(moved.n), 11_000);

  // The district sees it; another district and another provider get 404, as for a missing one.
  const district = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  assert.deepEqual(await ok(t.call(district, { method: 'GET', url })), report);
  const elsewhere = await t.userWith('district_officer', { jurisdictionCode: '330105' });
  const rival = (await registeredProvider(t, p.officer, { BATH: 100 })).staff;
  for (const outsider of [elsewhere, rival, funded.family, carer.token])
    assert.equal((await t.call(outsider, { method: 'GET', url })).statusCode, 404);
  const missing = await t.call(p.staff, {
    method: 'GET',
    url: `/api/v1/homecare/providers/999999/settlement?month=${month}`,
  });
  assert.equal(missing.statusCode, 404);
  for (const bad of ['2026-13', '2026-1', 'x', '2999-01']) {
    const res = await t.call(p.staff, {
      method: 'GET',
      url: `/api/v1/homecare/providers/${p.orgId}/settlement?month=${bad}`,
    });
    assert.equal(res.statusCode, 400, `${bad}: ${res.body}`);
    assert.equal(res.json().field, 'month');
  }
  // An earlier month has nothing.
  const before = await ok(
    t.call(p.staff, { method: 'GET', url: `/api/v1/homecare/providers/${p.orgId}/settlement?month=2025-01` }),
  );
  assert.deepEqual(before.items, []);
  assert.equal(before.totals.visits, 0);
});

test('the .xlsx carries the same lines and totals in 元', async () => {
  const res = await t.call(p.staff, {
    method: 'GET',
    url: `/api/v1/homecare/providers/${p.orgId}/settlement.xlsx?month=${month}`,
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /spreadsheetml/);
  assert.match(String(res.headers['content-disposition']), /attachment; filename="settlement-/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1))));
  assert.equal(rows.length, 4, JSON.stringify(rows));
  assert.deepEqual(rows[1], ['助浴', 'BATH', 2, 2, 160, 50, 50, 60]);
  assert.deepEqual(rows[2], ['助洁', 'CLEAN', 1, 2, 100, 60, 0, 40]);
  assert.deepEqual(rows[3], ['合计', undefined, 3, undefined, 260, 110, 50, 100]);
  const rival = (await registeredProvider(t, p.officer, { BATH: 100 })).staff;
  const foreign = await t.call(rival, {
    method: 'GET',
    url: `/api/v1/homecare/providers/${p.orgId}/settlement.xlsx?month=${month}`,
  });
  assert.equal(foreign.statusCode, 404);
});
