// 探访 follow-ups and the compliance export through the HTTP API: findings name catalogue items
// (unknown ones refused), a finding asking for a follow-up opens one, listed per community and
// closed once with who closed it; scope answers 404. The .xlsx holds the report and the overdue list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';

const COMMUNITY = '330102001051';

describe('community: visit follow-ups and the compliance export', () => {
  let t: TestApp;
  let street: string;
  let worker: string;
  let taskIds: number[] = [];

  before(async () => {
    t = await testApp();
    street = await t.userWith('street_officer', { jurisdictionCode: '330102001' });
    worker = await t.userWith('community_worker', { jurisdictionCode: COMMUNITY });
    for (const [birth, flag] of [
      ['1951-02-01', 'living_alone'],
      ['1952-03-01', 'empty_nest'],
    ] as const) {
      const res = await t.call(worker, {
        method: 'POST',
        url: '/api/v1/elders',
        payload: elderBody({ idNumber: idNumber(birth, 'F'), communityCode: COMMUNITY }),
      });
      assert.equal(res.statusCode, 201, res.body);
      const f = await t.call(worker, {
        method: 'POST',
        url: `/api/v1/elders/${res.json().id}/flags`,
        payload: { flag, effectiveFrom: '2024-01-01' },
      });
      assert.ok(f.statusCode < 300, f.body);
    }
    const gen = await t.call(street, {
      method: 'POST',
      url: '/api/v1/visits/tasks/generate',
      payload: { month: '2026-01', jurisdiction: '330102001' },
    });
    assert.equal(gen.json().created, 2, gen.body);
    const tasks = await t.call(worker, { method: 'GET', url: '/api/v1/visits/tasks?month=2026-01' });
    taskIds = tasks.json().items.map((x: { id: number }) => x.id);
  });
  after(() => t.close());

  test('the risk items are data, with names in both languages', async () => {
    const res = await t.call(worker, { method: 'GET', url: '/api/v1/visits/risk-items' });
    assert.equal(res.statusCode, 200, res.body);
    const fall = res.json().find((r: { code: string }) => r.code === 'fall_risk');
    assert.deepEqual(fall, { code: 'fall_risk', nameZh: '跌倒风险', nameEn: 'Risk of falling', followUp: 'device' });
  });

  test('an unknown risk item is refused naming the finding, and nothing is recorded', async () => {
    const res = await t.call(worker, {
      method: 'POST',
      url: `/api/v1/visits/tasks/${taskIds[0]}/record`,
      payload: { method: 'home', visitedOn: '2026-01-10', findings: [{ item: 'fall_risk' }, { item: 'flood' }] },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().field, 'findings/1/item');
    const task = await t.call(worker, { method: 'GET', url: '/api/v1/visits/tasks?month=2026-01&status=open' });
    assert.equal(task.json().total, 2);
  });

  test('findings open follow-ups, listed per community and closed once with who closed them', async () => {
    const rec = await t.call(worker, {
      method: 'POST',
      url: `/api/v1/visits/tasks/${taskIds[0]}/record`,
      payload: {
        method: 'home',
        visitedOn: '2026-01-10',
        findings: [
          { item: 'fall_risk', note: '卫生间地滑', followUp: 'device' },
          { item: 'health_decline', followUp: 'assessment' },
          { item: 'loneliness' },
        ],
      },
    });
    assert.equal(rec.statusCode, 200, rec.body);
    const list = await t.call(street, { method: 'GET', url: `/api/v1/visits/follow-ups?community=${COMMUNITY}` });
    assert.equal(list.statusCode, 200, list.body);
    const page = list.json();
    assert.equal(page.total, 2);
    const city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    const citywide = await t.call(city, { method: 'GET', url: '/api/v1/visits/follow-ups?community=330100' });
    assert.equal(citywide.json().total, 2, 'a city code stands for all its districts');
    assert.deepEqual(page.items.map((f: { kind: string }) => f.kind).sort(), ['assessment', 'device']);
    const device = page.items.find((f: { kind: string }) => f.kind === 'device');
    assert.equal(device.status, 'open');
    assert.equal(device.riskItemZh, '跌倒风险');
    assert.equal(device.note, '卫生间地滑');
    assert.equal(device.taskId, taskIds[0]);
    assert.equal(device.closedBy, null);

    const closed = await t.call(worker, {
      method: 'POST',
      url: `/api/v1/visits/follow-ups/${device.id}/close`,
      payload: { note: '已安装紧急呼叫器' },
    });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'done');
    assert.ok(closed.json().closedBy);
    assert.ok(closed.json().closedAt);
    assert.equal(closed.json().closeNote, '已安装紧急呼叫器');
    const again = await t.call(worker, { method: 'POST', url: `/api/v1/visits/follow-ups/${device.id}/close` });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'visit_follow_up_done');
    const open = await t.call(worker, { method: 'GET', url: '/api/v1/visits/follow-ups?status=open' });
    assert.equal(open.json().total, 1);
    assert.equal(open.json().items[0].kind, 'assessment');
    const done = await t.call(worker, { method: 'GET', url: '/api/v1/visits/follow-ups?status=done&kind=device' });
    assert.equal(done.json().total, 1);

    // Outside the place: not listed, and closing answers 404 as for a missing id.
    const elsewhere = await t.userWith('community_worker', { jurisdictionCode: '330106002051' });
    assert.equal((await t.call(elsewhere, { method: 'GET', url: '/api/v1/visits/follow-ups' })).json().total, 0);
    const far = await t.call(elsewhere, {
      method: 'POST',
      url: `/api/v1/visits/follow-ups/${open.json().items[0].id}/close`,
    });
    assert.equal(far.statusCode, 404);
    const missing = await t.call(worker, { method: 'POST', url: '/api/v1/visits/follow-ups/999999/close' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(far.json(), missing.json());
  });

  test('the compliance report exports to .xlsx with the overdue list, and the export is logged', async () => {
    const res = await t.call(street, {
      method: 'GET',
      url: '/api/v1/visits/compliance.xlsx?month=2026-01&jurisdiction=330102001',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    assert.match(String(res.headers['content-disposition']), /attachment/);
    assert.equal(res.headers['x-total-count'], '1');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const [report, overdue] = book.worksheets;
    assert.equal(report!.getRow(1).getCell(2).value, '辖区');
    assert.equal(report!.getRow(2).getCell(1).value, COMMUNITY);
    assert.deepEqual(
      [3, 4, 5, 6, 7].map((c) => report!.getRow(2).getCell(c).value),
      [2, 1, 1, 50, '未达标'],
    );
    assert.match(String(report!.getRow(3).getCell(2).value), /^合计/);
    assert.equal(overdue!.name, '逾期名单');
    assert.equal(overdue!.getRow(1).getCell(2).value, '老人姓名');
    assert.equal(overdue!.rowCount, 2);
    assert.equal(overdue!.getRow(2).getCell(1).value, taskIds[1]);
    assert.equal(overdue!.getRow(2).getCell(9).value, '未指派');

    const city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    const log = await t.call(city, { method: 'GET', url: '/api/v1/audit?action=export&entityType=visit_compliance' });
    assert.equal(log.json().total, 1);
    const westlake = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const far = await t.call(westlake, { method: 'GET', url: '/api/v1/visits/compliance.xlsx?jurisdiction=330102' });
    assert.equal(far.statusCode, 404);
    const bad = await t.call(street, { method: 'GET', url: '/api/v1/visits/compliance.xlsx?month=2026-13' });
    assert.equal(bad.statusCode, 400);
  });
});
