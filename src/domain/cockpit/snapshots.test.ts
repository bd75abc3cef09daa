import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import { DEMO_MONTHS_BACK, figuresMonthsBack, seedCockpitDemo } from './demo.js';
import { snapshotKpis } from './snapshots.js';

describe('cockpit: monthly snapshots from the city down to each community', () => {
  let t: TestApp;
  let city: string;
  let street: string;
  let community: string;
  before(async () => {
    t = await testApp();
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    const shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const place = await t.database.db
      .selectFrom('jurisdictions')
      .select(['code', 'parent_code'])
      .where('level', '=', 'community')
      .where('code', 'like', '330102%')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    community = place.code;
    street = place.parent_code!;
    await t.database.db
      .insertInto('organisations')
      .values({
        kind: 'institution',
        name: '甲院',
        jurisdiction_code: community,
        district_code: '330102',
        bed_count: 100,
        nursing_bed_count: 60,
      })
      .execute();
    for (let i = 0; i < 2; i++) {
      const r = await t.call(shangcheng, {
        method: 'POST',
        url: '/api/v1/elders',
        payload: { ...elderBody(), communityCode: community },
      });
      assert.equal(r.statusCode, 201, r.body);
    }
  });
  after(() => t.close());

  test('one snapshot writes every area of every level, and the street and community trends read it', async () => {
    const n = await snapshotKpis(t.database.db, '2027-01-15');
    const areas = await t.database.db
      .selectFrom('jurisdictions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('level', 'in', ['district', 'street', 'community'])
      .where('code', 'like', '3301%')
      .executeTakeFirstOrThrow();
    const kpis = await t.database.db
      .selectFrom('kpi_definitions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_table', '<>', '表1')
      .executeTakeFirstOrThrow();
    assert.equal(n, (Number(areas.n) + 1) * Number(kpis.n));
    for (const code of [street, community]) {
      const r = await t.call(city, {
        method: 'GET',
        url: `/api/v1/cockpit/kpis/trend?jurisdiction=${code}&kpi=care_bed_share`,
      });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), [{ month: '2027-01-01', value: 60, target: 60, status: 'met' }]);
    }
  });

  test('the demo back-fills months of steady growth once, so a fresh trend is a line', async () => {
    assert.equal(figuresMonthsBack(undefined, 2), undefined);
    const line = await seedCockpitDemo(t.database.db, '2026-12-04');
    assert.match(line ?? '', /6 months/);
    assert.equal(await seedCockpitDemo(t.database.db, '2026-12-04'), null);
    const r = await t.call(city, {
      method: 'GET',
      url: `/api/v1/cockpit/kpis/trend?jurisdiction=${community}&kpi=care_bed_share`,
    });
    const trend = r.json() as { month: string; value: number | null }[];
    // Five months back, this month, and the later snapshot of the first test, kept.
    assert.equal(trend.length, DEMO_MONTHS_BACK + 2);
    assert.deepEqual(
      trend.map((p) => p.month),
      ['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01', '2027-01-01'],
    );
    const values = trend.map((p) => p.value!);
    assert.ok(
      values.every((v, i) => i === 0 || v >= values[i - 1]!),
      String(values),
    );
    assert.equal(values.at(-1), 60);
    assert.ok(values[0]! < 60);
  });
});
