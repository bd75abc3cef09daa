import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import { maskCitizenId } from '../../lib/citizen-id.js';
import { makeContext } from '../identity/context.js';
import { actorForUser } from '../identity/sessions.js';
import { prepareElderExport } from './export.js';

type Sheet = { headers: string[]; rows: Record<string, unknown>[] };

async function readSheet(buffer: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((r, i) => {
    if (i === 1) return;
    rows.push(Object.fromEntries(headers.map((h, c) => [h, r.getCell(c + 1).value ?? ''])));
  });
  return { headers, rows };
}

describe('elder export', () => {
  let t: TestApp;
  let upperCity: string; // 上城区 330102
  let westLake: string; // 西湖区 330106
  const bodies = { upper: [] as ReturnType<typeof elderBody>[], west: [] as ReturnType<typeof elderBody>[] };

  before(async () => {
    t = await testApp();
    upperCity = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    westLake = await t.userWith('district_officer', { jurisdictionCode: '330106' }, 'export-west-lake');
    for (let i = 0; i < 3; i++) {
      const b = elderBody({ name: `上城老人${i}` });
      bodies.upper.push(b);
      assert.equal((await t.call(upperCity, { method: 'POST', url: '/api/v1/elders', payload: b })).statusCode, 201);
    }
    for (let i = 0; i < 5; i++) {
      const b = elderBody({
        name: `西湖老人${i}`,
        communityCode: i < 4 ? '330106002051' : '330106002052',
        address: '北山街道某路 1 号',
      });
      bodies.west.push(b);
      const res = await t.call(westLake, { method: 'POST', url: '/api/v1/elders', payload: b });
      assert.equal(res.statusCode, 201, res.body);
      if (i === 0) {
        await t.call(westLake, {
          method: 'POST',
          url: `/api/v1/elders/${res.json().id}/flags`,
          payload: { flag: 'living_alone', effectiveFrom: '2024-01-01' },
        });
        await t.call(westLake, {
          method: 'POST',
          url: `/api/v1/elders/${res.json().id}/contacts`,
          payload: { name: '李女儿', relation: '女儿', phone: '13700001111', isGuardian: true },
        });
      }
    }
  });
  after(() => t.close());

  const exportAs = async (token: string, query = '') => {
    const res = await t.call(token, { method: 'GET', url: `/api/v1/elders/export.xlsx${query}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /spreadsheetml/);
    return { res, sheet: await readSheet(res.rawPayload) };
  };

  test("a district officer gets only their district's elders, with full ID numbers, flags and contacts", async () => {
    const { res, sheet } = await exportAs(westLake);
    assert.match(res.headers['content-disposition'] as string, /attachment; filename="elders-\d{8}\.xlsx"/);
    assert.equal(res.headers['x-total-count'], '5');
    assert.deepEqual(sheet.headers.slice(0, 4), ['老人码', '姓名', '身份证号', '性别']);
    assert.ok(sheet.headers.includes('独居') && sheet.headers.includes('高龄'));
    assert.deepEqual(sheet.rows.map((r) => r['姓名']).sort(), bodies.west.map((b) => b.name).sort());
    assert.ok(sheet.rows.every((r) => String(r['社区代码']).startsWith('330106')));
    const first = sheet.rows.find((r) => r['姓名'] === bodies.west[0]!.name)!;
    assert.equal(first['身份证号'], bodies.west[0]!.idNumber);
    assert.equal(first['独居'], '是');
    assert.equal(first['低保'], '否');
    assert.equal(first['所属社区'], '上保社区');
    assert.equal(first['区县'], '西湖区');
    assert.equal(first['档案状态'], '在册');
    assert.deepEqual(
      [first['紧急联系人'], first['联系人电话'], first['与老人关系']],
      ['李女儿', '13700001111', '女儿'],
    );

    const other = (await exportAs(upperCity)).sheet;
    assert.ok(other.rows.length >= 3);
    assert.ok(other.rows.every((r) => String(r['社区代码']).startsWith('330102')));
    assert.ok(!other.rows.some((r) => String(r['姓名']).startsWith('西湖老人')));
  });

  test('roles that must not see ID numbers get them masked', async () => {
    const assessor = await t.userWith('assessor', { jurisdictionCode: '330106' });
    const { sheet } = await exportAs(assessor);
    assert.equal(sheet.rows.length, 5);
    const byName = new Map(sheet.rows.map((r) => [r['姓名'], r['身份证号']]));
    for (const b of bodies.west) assert.equal(byName.get(b.name), maskCitizenId(b.idNumber));
    const family = await t.userWith('elder_family', { elderId: 1 });
    const refused = await t.call(family, { method: 'GET', url: '/api/v1/elders/export.xlsx' });
    assert.equal(refused.statusCode, 403);
  });

  test('applies the list filters and audits the export with its filters and count', async () => {
    const alone = (await exportAs(westLake, '?flag=living_alone')).sheet;
    assert.deepEqual(
      alone.rows.map((r) => r['姓名']),
      [bodies.west[0]!.name],
    );
    const community = (await exportAs(westLake, '?jurisdiction=330106002052')).sheet;
    assert.deepEqual(
      community.rows.map((r) => r['姓名']),
      [bodies.west[4]!.name],
    );
    // Asking for another district's code narrows the caller's own scope; it never widens it.
    const foreign = (await exportAs(westLake, '?jurisdiction=330102')).sheet;
    assert.equal(foreign.rows.length, 0);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['detail', 'username'])
      .where('action', '=', 'export')
      .where('username', '=', 'export-west-lake')
      .orderBy('id')
      .execute();
    const details = audit.map((a) => a.detail as { filters: Record<string, unknown>; count: number });
    assert.deepEqual(
      details.map((d) => d.count),
      [5, 1, 1, 0],
    );
    assert.deepEqual(details[1]!.filters.flags, ['living_alone']);
  });

  test('streams in keyset batches without losing or repeating rows', async () => {
    const user = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'export-west-lake')
      .executeTakeFirstOrThrow();
    const actor = (await actorForUser(t.database.db, user.id, null))!;
    const ctx = makeContext({ db: t.database.db, actor, requestId: 'test-export' });
    const job = await prepareElderExport(ctx, {}, { batchSize: 2, via: 'cli' });
    assert.equal(job.count, 5);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    assert.equal(await job.write(out), 5);
    const { rows } = await readSheet(Buffer.concat(chunks));
    assert.deepEqual(
      rows.map((r) => r['姓名']),
      bodies.west.map((b) => b.name),
    );
  });
});
