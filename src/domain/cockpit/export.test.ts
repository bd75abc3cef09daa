import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';

async function sheetsOf(body: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  return book.worksheets.map((s) => ({
    name: s.name,
    rows: s.getSheetValues().filter(Boolean) as unknown[][],
  }));
}

describe('cockpit: any table as an .xlsx', () => {
  let t: TestApp;
  let city: string;
  let shangcheng: string;
  before(async () => {
    t = await testApp();
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    await t.database.db
      .insertInto('organisations')
      .values({
        kind: 'institution',
        name: '甲院',
        jurisdiction_code: '330102001',
        district_code: '330102',
        bed_count: 100,
        nursing_bed_count: 60,
        lat: 30.25,
        lng: 120.17,
      })
      .execute();
    for (let i = 0; i < 3; i++) {
      const r = await t.call(shangcheng, { method: 'POST', url: '/api/v1/elders', payload: elderBody() });
      assert.equal(r.statusCode, 201, r.body);
    }
  });
  after(() => t.close());

  const get = (token: string, query: string) =>
    t.call(token, { method: 'GET', url: `/api/v1/cockpit/export.xlsx?${query}` });

  test('the KPIs with value, target and status, Chinese headers by default and English when asked', async () => {
    const r = await get(city, 'table=kpis&jurisdiction=330100&year=2025');
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /spreadsheetml/);
    assert.match(String(r.headers['content-disposition']), /cockpit-kpis-330100\.xlsx/);
    const [kpis] = await sheetsOf(r.rawPayload);
    assert.equal(kpis!.name, '指标');
    assert.deepEqual(kpis!.rows[0]!.slice(1, 4), ['指标代码', '指标', '当前值']);
    const careBeds = kpis!.rows.find((row) => row[1] === 'care_bed_share')!;
    assert.equal(careBeds[3], 60);
    assert.equal(careBeds[4], '60');
    assert.equal(careBeds[7], '已达标');
    assert.equal(Number(r.headers['x-total-count']), kpis!.rows.length - 1);

    const en = await get(city, 'table=kpis&jurisdiction=330100&year=2025&lang=en');
    const [enKpis] = await sheetsOf(en.rawPayload);
    assert.equal(enKpis!.name, 'KPIs');
    assert.equal(enKpis!.rows[0]![2], 'Indicator');
    assert.ok(enKpis!.rows.some((row) => row[7] === 'Met'));
  });

  test('the district ranking, coverage with hotspots and beds per 10,000 elders', async () => {
    const ranking = await sheetsOf(
      (await get(city, 'table=ranking&jurisdiction=330100&rankBy=care_bed_share')).rawPayload,
    );
    assert.equal(ranking[0]!.rows[0]![1], '排名');
    assert.deepEqual(ranking[0]!.rows[1]!.slice(1, 4), [1, '330102', '上城区']);

    const cov = await sheetsOf((await get(city, 'table=coverage&jurisdiction=330100&radiusM=1000')).rawPayload);
    assert.deepEqual(
      cov.map((s) => s.name),
      ['区县覆盖率', '未覆盖热点'],
    );
    const shangchengRow = cov[0]!.rows.find((row) => row[1] === '330102')!;
    assert.equal(shangchengRow[3], 3);

    const beds = await sheetsOf((await get(city, 'table=beds&jurisdiction=330100')).rawPayload);
    const bedsRow = beds[0]!.rows.find((row) => row[1] === '330102')!;
    assert.equal(bedsRow[4], Math.round((100 * 10_000 * 100) / 3) / 100);
  });

  test('scoped: another district answers 404, and every export is logged', async () => {
    assert.equal((await get(shangcheng, 'table=kpis&jurisdiction=330106')).statusCode, 404);
    assert.equal((await get(shangcheng, 'table=ranking&jurisdiction=330100')).statusCode, 404);
    assert.equal((await get(shangcheng, 'table=kpis&jurisdiction=330102')).statusCode, 200);
    const logged = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'district_code', 'detail'])
      .where('entity_type', '=', 'cockpit_table')
      .execute();
    assert.ok(logged.length >= 5);
    assert.ok(logged.every((l) => l.action === 'export'));
    assert.ok(logged.some((l) => l.district_code === '330102'));
  });

  test('the table asked for is one of the four', async () => {
    assert.equal((await get(city, 'table=elders')).statusCode, 400);
  });
});
