import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';

describe('audit log: search by district, names, export', () => {
  let t: TestApp;
  let city: string;
  let shangcheng: string;
  before(async () => {
    t = await testApp();
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const xihu = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    for (const [token, code] of [
      [shangcheng, '330102001051'],
      [xihu, '330106002051'],
    ] as const) {
      const r = await t.call(token, {
        method: 'POST',
        url: '/api/v1/elders',
        payload: elderBody({ communityCode: code }),
      });
      assert.equal(r.statusCode, 201, r.body);
    }
  });
  after(() => t.close());

  test('the city filters by district and reads district names; a district sees only its own', async () => {
    const res = await t.call(city, { method: 'GET', url: '/api/v1/audit?districtCode=330106&entityType=elder' });
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json() as { total: number; items: { districtCode: string; districtName: string }[] };
    assert.ok(page.total >= 1);
    assert.ok(page.items.every((r) => r.districtCode === '330106' && r.districtName === '西湖区'));
    const own = (
      await t.call(shangcheng, { method: 'GET', url: '/api/v1/audit?districtCode=330106&entityType=elder' })
    ).json() as { total: number };
    assert.equal(own.total, 0);
  });

  test('a selection exports to .xlsx with its rows, and the export is itself logged', async () => {
    const res = await t.call(shangcheng, { method: 'GET', url: '/api/v1/audit/export.xlsx?entityType=elder' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    assert.equal(sheet.getRow(1).getCell(1).value, '时间');
    assert.equal(sheet.rowCount - 1, Number(res.headers['x-total-count']));
    assert.ok(sheet.rowCount >= 2);
    for (let i = 2; i <= sheet.rowCount; i++) assert.equal(sheet.getRow(i).getCell(7).value, '上城区');
    const logged = (
      await t.call(shangcheng, { method: 'GET', url: '/api/v1/audit?action=export&entityType=audit_log' })
    ).json() as { total: number };
    assert.equal(logged.total, 1);
  });

  test('other roles cannot read the log; a bad district code is a 400 naming the field', async () => {
    const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    assert.equal((await t.call(worker, { method: 'GET', url: '/api/v1/audit' })).statusCode, 403);
    const bad = await t.call(city, { method: 'GET', url: '/api/v1/audit?districtCode=33' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /districtCode/);
  });
});
