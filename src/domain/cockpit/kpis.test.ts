import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import { todayInShanghai } from '../../lib/dates.js';
import { kpiStatus } from './kpis.js';
import { snapshotKpis, startCockpitJobs } from './snapshots.js';

describe('cockpit: KPIs against targets, scoped', () => {
  let t: TestApp;
  let city: string;
  let shangcheng: string;
  before(async () => {
    t = await testApp();
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    await t.database.db
      .insertInto('organisations')
      .values([
        {
          kind: 'institution',
          name: '甲院',
          jurisdiction_code: '330102001',
          district_code: '330102',
          bed_count: 100,
          nursing_bed_count: 60,
        },
        {
          kind: 'institution',
          name: '乙院',
          jurisdiction_code: '330106002',
          district_code: '330106',
          bed_count: 100,
          nursing_bed_count: 40,
        },
      ])
      .execute();
    const jia = await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', '甲院')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('beds')
      .values([
        { organisation_id: jia.id, district_code: '330102', label: 'A-1', bed_type: 'dementia' },
        { organisation_id: jia.id, district_code: '330102', label: 'A-2', bed_type: 'elderly_care' },
      ])
      .execute();
    for (let i = 0; i < 4; i++) {
      const r = await t.call(shangcheng, { method: 'POST', url: '/api/v1/elders', payload: elderBody() });
      assert.equal(r.statusCode, 201, r.body);
    }
  });
  after(() => t.close());

  test('the registry holds every 001 表2 indicator with 2022 and 2025 targets', async () => {
    const rows = await t.database.db.selectFrom('kpi_targets').select(['kpi_code', 'year']).execute();
    const defs = await t.database.db
      .selectFrom('kpi_definitions')
      .selectAll()
      .where('source_table', '=', '表2')
      .execute();
    assert.equal(defs.length, 10);
    for (const d of defs) {
      assert.ok(
        rows.some((r) => r.kpi_code === d.code && r.year === 2022),
        d.code,
      );
      assert.ok(
        rows.some((r) => r.kpi_code === d.code && r.year === 2025),
        d.code,
      );
    }
  });

  test('the other plan targets and the 001 表1 2020 figures are loaded with their sources', async () => {
    const db = t.database.db;
    const targets = await db.selectFrom('kpi_targets').selectAll().execute();
    const target = (code: string, year: number) => {
      const r = targets.find((x) => x.kpi_code === code && x.year === year);
      return r ? [Number(r.target), r.target_high == null ? null : Number(r.target_high)] : null;
    };
    assert.deepEqual(target('care_bed_share', 2022), [56, null]);
    assert.deepEqual(target('dementia_beds_per_10k', 2025), [20, null]);
    assert.deepEqual(target('street_care_centres_per_street', 2025), [2, 3]);
    assert.deepEqual(target('care_consortia', 2025), [100, null]);
    assert.deepEqual(target('aid_rental_coverage', 2022), [40, null]);
    assert.deepEqual(target('senior_carer_share', 2025), [18, null]);
    assert.deepEqual(target('nursing_bed_share', 2025), [65, null]);
    assert.deepEqual(target('public_waitlist_coverage', 2025), [100, null]);
    assert.deepEqual(target('monthly_visit_rate', 2025), [100, null]);
    assert.deepEqual(target('institution_beds_per_10k', 2025), [300, null]);
    assert.deepEqual(target('elders_within_1km_share', 2025), [100, null]);
    const ref = await t.call(city, { method: 'GET', url: '/api/v1/cockpit/kpis/reference-2020' });
    assert.equal(ref.statusCode, 200, ref.body);
    const byCode = new Map(
      (ref.json() as { code: string; actual2020: number | null; planned2020: string | null }[]).map((r) => [r.code, r]),
    );
    assert.equal(byCode.get('social_beds_per_1000')!.actual2020, 71.1);
    assert.equal(byCode.get('institution_beds_per_1000')!.actual2020, 41.7);
    assert.equal(byCode.get('private_institution_bed_share')!.actual2020, 73.2);
    assert.equal(byCode.get('nursing_bed_share')!.actual2020, 55);
    assert.equal(byCode.get('dementia_bed_share')!.actual2020, 5.81);
    assert.equal(byCode.get('dementia_bed_share')!.planned2020, '4-6');
    assert.equal(byCode.get('home_care_centre_coverage_urban')!.actual2020, 96.7);
    assert.equal(byCode.get('home_care_centre_coverage_rural')!.actual2020, 97.8);
    assert.equal(byCode.get('comprehensive_home_care_centres')!.actual2020, 214);
    assert.equal(byCode.get('health_care_clusters')!.actual2020, 12);
    assert.equal(byCode.get('certified_carer_rate')!.actual2020, null);
  });

  test('computed from the platform; without data the KPI says no_data, never 0', async () => {
    const res = await t.call(city, { method: 'GET', url: '/api/v1/cockpit/kpis?jurisdiction=330100&year=2025' });
    assert.equal(res.statusCode, 200, res.body);
    const rows = res.json() as { code: string; value: number | null; status: string; target: number }[];
    const care = rows.find((r) => r.code === 'care_bed_share')!;
    assert.equal(care.value, 50);
    assert.equal(care.target, 60);
    assert.equal(care.status, 'behind');
    const consortia = rows.find((r) => r.code === 'care_consortia')!;
    assert.equal(consortia.value, null);
    assert.equal(consortia.status, 'no_data');
    const own = (
      await t.call(shangcheng, { method: 'GET', url: '/api/v1/cockpit/kpis?jurisdiction=330102&year=2025' })
    ).json() as { code: string; value: number | null }[];
    assert.equal(own.find((r) => r.code === 'care_bed_share')!.value, 60);
    assert.equal(own.find((r) => r.code === 'institution_beds_per_10k')!.value, 250_000);
    // the bed register: 1 dementia bed for 4 elders
    assert.equal(own.find((r) => r.code === 'dementia_beds_per_10k')!.value, 2500);
    // 西湖区 has no bed register rows: no_data, not 0
    const xihu = (
      await t.call(city, { method: 'GET', url: '/api/v1/cockpit/kpis?jurisdiction=330106&year=2025' })
    ).json() as { code: string; value: number | null; status: string }[];
    assert.equal(xihu.find((r) => r.code === 'dementia_beds_per_10k')!.status, 'no_data');
    assert.equal(xihu.find((r) => r.code === 'care_bed_share')!.value, 40);
  });

  test('the city ranks its districts; a district drills into its streets, not into the city', async () => {
    const res = await t.call(city, {
      method: 'GET',
      url: '/api/v1/cockpit/kpis/breakdown?jurisdiction=330100&year=2025&rankBy=care_bed_share',
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      level: string;
      total: { code: string; value: number | null }[];
      areas: { code: string; rank: number | null; kpis: { code: string; value: number | null }[] }[];
    };
    assert.equal(body.level, 'district');
    assert.equal(body.total.find((k) => k.code === 'care_bed_share')!.value, 50);
    assert.deepEqual(
      body.areas.slice(0, 2).map((a) => [a.code, a.rank, a.kpis.find((k) => k.code === 'care_bed_share')!.value]),
      [
        ['330102', 1, 60],
        ['330106', 2, 40],
      ],
    );
    assert.ok(body.areas.length >= 10);
    assert.equal(body.areas.at(-1)!.rank, null);
    const mine = await t.call(shangcheng, { method: 'GET', url: '/api/v1/cockpit/kpis/breakdown?jurisdiction=330102' });
    assert.equal(mine.statusCode, 200, mine.body);
    const streets = mine.json() as {
      level: string;
      areas: { code: string; kpis: { code: string; value: number | null }[] }[];
    };
    assert.equal(streets.level, 'street');
    const qingbo = streets.areas.find((a) => a.code === '330102001')!;
    assert.equal(qingbo.kpis.find((k) => k.code === 'care_bed_share')!.value, 60);
    const cityBreakdown = await t.call(shangcheng, {
      method: 'GET',
      url: '/api/v1/cockpit/kpis/breakdown?jurisdiction=330100',
    });
    assert.equal(cityBreakdown.statusCode, 404);
    const bad = await t.call(city, { method: 'GET', url: '/api/v1/cockpit/kpis?jurisdiction=33x' });
    assert.equal(bad.statusCode, 400);
    const leaf = await t.call(city, { method: 'GET', url: '/api/v1/cockpit/kpis/breakdown?jurisdiction=330102001051' });
    assert.equal(leaf.statusCode, 400);
    assert.equal(leaf.json().code, 'cockpit_no_lower_level');
  });

  test('a district officer sees its own figures and the city totals, not another district', async () => {
    const cityTotals = await t.call(shangcheng, { method: 'GET', url: '/api/v1/cockpit/kpis?jurisdiction=330100' });
    assert.equal(cityTotals.statusCode, 200);
    const other = await t.call(shangcheng, { method: 'GET', url: '/api/v1/cockpit/kpis?jurisdiction=330106' });
    assert.equal(other.statusCode, 404);
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    assert.equal((await t.call(worker, { method: 'GET', url: '/api/v1/cockpit/kpis' })).statusCode, 404);
  });

  test('monthly snapshots keep the values for trends; re-running a month overwrites it', async () => {
    const n = await snapshotKpis(t.database.db, '2026-11-15');
    assert.ok(n > 14 * 10);
    assert.equal(await snapshotKpis(t.database.db, '2026-11-30'), n);
    const res = await t.call(shangcheng, {
      method: 'GET',
      url: '/api/v1/cockpit/kpis/trend?jurisdiction=330102&kpi=care_bed_share',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), [{ month: '2026-11-01', value: 60, target: 60, status: 'met' }]);
    const other = await t.call(shangcheng, {
      method: 'GET',
      url: '/api/v1/cockpit/kpis/trend?jurisdiction=330106&kpi=care_bed_share',
    });
    assert.equal(other.statusCode, 404);
  });

  test('the snapshot job writes this month at once when the server starts, not hours later', async () => {
    const month = `${todayInShanghai().slice(0, 7)}-01`;
    const errors: unknown[] = [];
    const stop = startCockpitJobs(t.database, { onError: (e) => errors.push(e), everyMs: 3600_000 });
    try {
      const deadline = Date.now() + 20_000;
      let rows = 0;
      while (Date.now() < deadline && rows === 0) {
        await new Promise((r) => setTimeout(r, 100));
        rows = (await t.database.db.selectFrom('kpi_snapshots').select('kpi_code').where('month', '=', month).execute())
          .length;
      }
      assert.deepEqual(errors, []);
      assert.ok(rows > 14 * 10, `this month's rows: ${rows}`);
    } finally {
      stop();
    }
  });

  test('status follows the straight path from the baseline to the target', () => {
    const base = { year: 2020, value: 55 };
    assert.equal(kpiStatus(null, 60, 2025, base, '2023-01-01', 'up'), 'no_data');
    assert.equal(kpiStatus(61, 60, 2025, base, '2023-01-01', 'up'), 'met');
    // half-way (end of 2022.5) the path stands at 57.5
    assert.equal(kpiStatus(57, 60, 2025, base, '2023-07-02', 'up'), 'behind');
    assert.equal(kpiStatus(58, 60, 2025, base, '2023-07-02', 'up'), 'on_track');
  });
});
