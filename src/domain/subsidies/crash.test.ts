// Crash safety: a failure at any step of posting (or between computed districts) leaves no half
// state; running again completes with every payment exactly once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { AppError } from '../../lib/errors.js';
import { systemContext } from '../identity/context.js';
import { assertBooksBalance, budget } from '../ledger/ledger-fixtures.js';
import { syncPolicyPacks } from '../policy/store.js';
import { approveDistrict, postRun, startRun } from './runs.js';
import { syntheticPopulation } from './synthetic.js';

describe('monthly run crash safety', () => {
  let t: TestApp;
  let admin: string;
  let officer: string;
  before(async () => {
    t = await testApp();
    await syncPolicyPacks(t.database.db);
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    await budget(t, admin, '330102', 1_000_000_000);
    await budget(t, admin, '330106', 1_000_000_000);
    await syntheticPopulation(t.database.db, { elders: 600, prefix: '33010' });
  });
  after(() => t.close());

  const count = async (q: ReturnType<typeof sql>) =>
    Number(((await q.execute(t.database.db)).rows[0] as { n: number }).n);

  test('an interrupted preview leaves nothing; the rerun computes every district once', async () => {
    const db = t.database.db;
    await assert.rejects(
      startRun(
        systemContext(db, 'crash-test'),
        { month: '2025-05', jurisdictionCode: '330100' },
        {
          onProgress: (e) => {
            if (e.done === 2) throw new Error('killed in the preview');
          },
        },
      ),
      /killed/,
    );
    const run = await db
      .selectFrom('subsidy_runs')
      .selectAll()
      .where('month', '=', '2025-05')
      .executeTakeFirstOrThrow();
    assert.equal(await count(sql`SELECT count(*) AS n FROM subsidy_run_districts WHERE run_id = ${run.id}`), 0);
    assert.equal(await count(sql`SELECT count(*) AS n FROM subsidy_run_items WHERE run_id = ${run.id}`), 0);
    const view = await startRun(systemContext(db, 'crash-test'), { month: '2025-05', jurisdictionCode: '330100' });
    assert.equal(view.districts.length, 13);
    assert.equal(
      await count(
        sql`SELECT count(*) AS n FROM (SELECT subject, payer FROM subsidy_run_items WHERE run_id = ${run.id} GROUP BY 1, 2 HAVING count(*) > 1) d`,
      ),
      0,
    );
    assert.ok(view.districts.find((d) => d.districtCode === '330102')!.itemCount > 0);
  });

  for (const step of ['budgets', 'transfers', 'instalments', 'summary'] as const) {
    test(`a crash after "${step}" leaves nothing posted; the rerun posts everything once`, async () => {
      const db = t.database.db;
      const month = { budgets: '2025-06', transfers: '2025-07', instalments: '2025-08', summary: '2025-09' }[step];
      const view = await startRun(systemContext(db, 'crash-test'), { month, jurisdictionCode: '330102' });
      const expected = view.districts[0]!;
      assert.equal(
        (await t.call(officer, { method: 'POST', url: `/api/v1/subsidies/runs/${view.id}/districts/330102/approve` }))
          .statusCode,
        200,
      );
      await assert.rejects(
        postRun(systemContext(db, 'crash-test'), view.id!, {
          crash: (s) => {
            if (s === step) throw new Error(`crash at ${s}`);
          },
        }),
        /crash at/,
      );
      assert.equal(await count(sql`SELECT count(*) AS n FROM ledger_transfers WHERE run_id = ${view.id}`), 0);
      const { posted } = await postRun(systemContext(db, 'crash-test'), view.id!);
      assert.equal(posted[0]!.totalFen, expected.totalFen);
      assert.equal(
        await count(sql`SELECT count(*) AS n FROM ledger_transfers WHERE period = ${month} AND reason = 'subsidy'`),
        expected.itemCount,
      );
      const again = await postRun(systemContext(db, 'crash-test'), view.id!);
      assert.equal(again.posted.length, 0);
      await assertBooksBalance(t, admin);
    });
  }

  test("the operator's run is nobody's: no creator or previewer, audited under its request id; only a person approves", async () => {
    const db = t.database.db;
    const operator = systemContext(db, 'operator-test');
    const view = await startRun(operator, { month: '2025-11', jurisdictionCode: '330106' });
    const run = await db.selectFrom('subsidy_runs').selectAll().where('id', '=', view.id!).executeTakeFirstOrThrow();
    assert.equal(run.created_by, null);
    assert.equal(run.previewed_by, null);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'request_id'])
      .where('entity_type', '=', 'subsidy_run')
      .where('entity_id', '=', String(view.id))
      .execute();
    assert.deepEqual(audit, [{ action: 'create', user_id: null, request_id: 'operator-test' }]);
    await assert.rejects(
      approveDistrict(operator, view.id!, '330106'),
      (err) => err instanceof AppError && err.code === 'forbidden',
    );
  });

  test('two posters at once post each district once', async () => {
    const db = t.database.db;
    const view = await startRun(systemContext(db, 'crash-test'), { month: '2025-10', jurisdictionCode: '330102' });
    await t.call(officer, { method: 'POST', url: `/api/v1/subsidies/runs/${view.id}/districts/330102/approve` });
    const results = await Promise.all([
      postRun(systemContext(db, 'crash-test'), view.id!),
      postRun(systemContext(db, 'crash-test'), view.id!),
    ]);
    const fresh = results.flatMap((r) => r.posted).filter((p) => !p.alreadyPosted);
    assert.equal(fresh.length, 1);
    assert.equal(
      await count(sql`SELECT count(*) AS n FROM ledger_transfers WHERE period = '2025-10' AND reason = 'subsidy'`),
      view.districts[0]!.itemCount,
    );
    await assertBooksBalance(t, admin);
  });
});
