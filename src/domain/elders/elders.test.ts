import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';

describe('elder registry', () => {
  let t: TestApp;
  let officer: string;
  before(async () => {
    t = await testApp();
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  test('registers an elder and derives birth date, sex, age and an opaque elder code', async () => {
    const body = elderBody({ idNumber: idNumber('1944-03-08', 'M') });
    const res = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: body });
    assert.equal(res.statusCode, 201, res.body);
    const elder = res.json();
    assert.equal(elder.birthDate, '1944-03-08');
    assert.equal(elder.sex, 'M');
    assert.ok(elder.age >= 80);
    assert.match(elder.elderCode, /^YY[0-9A-Z]{11}$/);
    assert.ok(!elder.elderCode.includes(body.idNumber.slice(6, 14)));
    assert.equal(elder.districtCode, '330102');
    assert.equal(elder.communityName, '清波门社区');
    assert.equal(elder.districtName, '上城区');
    assert.match(elder.streetName, /街道$/);
    assert.equal(elder.hukouName, null);
    assert.ok(
      elder.flags.some((f: { flag: string }) => f.flag === 'advanced_age'),
      'derived 高龄 flag',
    );
  });

  test('refuses a wrong check digit with a field path and a zh-CN message, writing nothing', async () => {
    const good = idNumber('1950-01-01', 'F');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody({ idNumber: bad }) });
    assert.equal(res.statusCode, 400);
    const err = res.json();
    assert.equal(err.code, 'id_number_check_digit');
    assert.equal(err.field, 'idNumber');
    assert.match(err.message, /校验位/);
    const en = await t.call(officer, {
      method: 'POST',
      url: '/api/v1/elders',
      headers: { 'accept-language': 'en' },
      payload: elderBody({ idNumber: bad }),
    });
    assert.match(en.json().message, /check character/);
    const search = await t.call(officer, { method: 'GET', url: `/api/v1/elders?q=${bad}` });
    assert.equal(search.json().total, 0);
  });

  test('refuses an impossible birth date, a person under 60 and a duplicate ID number', async () => {
    const feb30 = '33010219500230' + '0021';
    const r1 = await t.call(officer, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ idNumber: feb30 }),
    });
    assert.equal(r1.json().code, 'id_number_birth_date');
    const young = await t.call(officer, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ idNumber: idNumber('1990-06-01') }),
    });
    assert.equal(young.statusCode, 400);
    assert.equal(young.json().code, 'elder_too_young');
    const id = idNumber('1949-10-01');
    assert.equal(
      (await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody({ idNumber: id }) }))
        .statusCode,
      201,
    );
    const dup = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody({ idNumber: id }) });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'duplicate_id_number');
  });

  test('names a missing field from the schema', async () => {
    const { address: _omit, ...body } = elderBody();
    const res = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: body });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'required');
    assert.equal(res.json().field, 'address');
    assert.match(res.json().message, /缺少必填字段 address/);
  });

  test('searches by name prefix, masks ID numbers in lists and shows them on the record', async () => {
    const body = elderBody({ name: '钱塘江', idNumber: idNumber('1939-12-12', 'M') });
    const created = (await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: body })).json();
    const list = (await t.call(officer, { method: 'GET', url: '/api/v1/elders?q=钱塘' })).json();
    assert.equal(list.total, 1);
    assert.equal(list.items[0].idNumber, `${body.idNumber.slice(0, 4)}************${body.idNumber.slice(16)}`);
    const detail = (await t.call(officer, { method: 'GET', url: `/api/v1/elders/${created.id}` })).json();
    assert.equal(detail.idNumber, body.idNumber);
    assert.equal(detail.idNumberMasked, false);
    const byAge = (await t.call(officer, { method: 'GET', url: '/api/v1/elders?ageMin=85&flag=advanced_age' })).json();
    assert.ok(byAge.items.some((e: { id: number }) => e.id === created.id));
    const tooYoung = (await t.call(officer, { method: 'GET', url: '/api/v1/elders?ageMax=70&q=钱塘' })).json();
    assert.equal(tooYoung.total, 0);
  });

  test('status flags with dates filter the list; archiving keeps the record and ends its flags', async () => {
    const created = (
      await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody({ name: '孤寡测试' }) })
    ).json();
    const flagged = await t.call(officer, {
      method: 'POST',
      url: `/api/v1/elders/${created.id}/flags`,
      payload: { flag: 'living_alone', effectiveFrom: '2024-01-01' },
    });
    assert.equal(flagged.statusCode, 200, flagged.body);
    const alone = (await t.call(officer, { method: 'GET', url: '/api/v1/elders?flag=living_alone' })).json();
    assert.deepEqual(
      alone.items.map((e: { id: number }) => e.id),
      [created.id],
    );
    const archived = await t.call(officer, {
      method: 'POST',
      url: `/api/v1/elders/${created.id}/archive`,
      payload: { reason: 'deceased', date: '2025-02-03' },
    });
    assert.equal(archived.statusCode, 200, archived.body);
    assert.equal(archived.json().status, 'deceased');
    assert.equal(
      archived.json().flags.find((f: { flag: string }) => f.flag === 'living_alone').effectiveTo,
      '2025-02-03',
    );
    const again = await t.call(officer, {
      method: 'POST',
      url: `/api/v1/elders/${created.id}/archive`,
      payload: { reason: 'deceased', date: '2025-02-03' },
    });
    assert.equal(again.statusCode, 409);
    const activeList = (await t.call(officer, { method: 'GET', url: '/api/v1/elders?q=孤寡测试' })).json();
    assert.equal(activeList.total, 0);
    const all = (await t.call(officer, { method: 'GET', url: '/api/v1/elders?q=孤寡测试&status=all' })).json();
    assert.equal(all.total, 1);
  });

  test('contacts and guardians are kept on the record', async () => {
    const created = (await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody() })).json();
    const res = await t.call(officer, {
      method: 'POST',
      url: `/api/v1/elders/${created.id}/contacts`,
      payload: { name: '王小明', relation: '儿子', phone: '13912345678', isGuardian: true },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().contacts.map((c: { name: string; isGuardian: boolean }) => [c.name, c.isGuardian]),
      [['王小明', true]],
    );
    const badPhone = await t.call(officer, {
      method: 'POST',
      url: `/api/v1/elders/${created.id}/contacts`,
      payload: { name: '某', relation: '女儿', phone: '12' },
    });
    assert.equal(badPhone.statusCode, 400);
  });

  test('a record read is audited by its own statement: the row is there when the answer is, a read out of reach writes none', async () => {
    const created = (await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody() })).json();
    const family = await t.userWith('elder_family', { elderId: created.id });
    const auditOf = (requestId: string) =>
      t.database.db.selectFrom('audit_log').selectAll().where('request_id', '=', requestId).execute();
    const read = await t.call(family, {
      method: 'GET',
      url: `/api/v1/elders/${created.id}`,
      headers: { 'x-purpose': encodeURIComponent('探望前核对') },
    });
    assert.equal(read.statusCode, 200, read.body);
    const rows = await auditOf(read.headers['x-request-id'] as string);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.action, 'read');
    assert.equal(rows[0]!.entity_type, 'elder');
    assert.equal(rows[0]!.entity_id, String(created.id));
    assert.equal(rows[0]!.district_code, '330102');
    assert.equal(rows[0]!.roles, 'elder_family');
    assert.equal(rows[0]!.purpose, '探望前核对');
    assert.equal(rows[0]!.detail, null);
    assert.ok(rows[0]!.user_id && rows[0]!.username && rows[0]!.ip);
    // Another elder, outside the family grant: the same 404 as a missing id, and nothing audited.
    const other = (await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody() })).json();
    for (const id of [other.id, 9_000_000]) {
      const refused = await t.call(family, { method: 'GET', url: `/api/v1/elders/${id}` });
      assert.equal(refused.statusCode, 404);
      assert.deepEqual(await auditOf(refused.headers['x-request-id'] as string), []);
    }
    // The answer to a write is the record read back: its own entry stands for it, no read row.
    const patched = await t.call(officer, {
      method: 'PATCH',
      url: `/api/v1/elders/${created.id}`,
      payload: { address: '清波街1号' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const written = await auditOf(patched.headers['x-request-id'] as string);
    assert.deepEqual(
      written.map((r) => r.action),
      ['update'],
    );
  });

  test('the elder code is served as a QR code', async () => {
    const created = (await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: elderBody() })).json();
    const res = await t.call(officer, { method: 'GET', url: `/api/v1/elders/${created.id}/qr.svg` });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /svg/);
    assert.match(res.body, /<svg/);
  });
});
