import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';
import { EXACT_ID_SEARCHES_PER_HOUR } from './service.js';

/** A valid ID number of a 上城区 elder whose check character is X. */
function xEnding(): string {
  for (;;) {
    const id = idNumber('1949-07-07', 'M');
    if (id.endsWith('X')) return id;
  }
}

// Search by phone (full or last digits) and by the last characters of the ID number.
describe('elder search by phone and ID-number ending', () => {
  let t: TestApp;
  let shangcheng: string; // 上城区 330102
  let xihu: string; // 西湖区 330106
  let inside: { id: number; idNumber: string };
  let outside: { id: number; idNumber: string };
  const phone = '13957101234';
  const landline = '0571-86665678';

  before(async () => {
    t = await testApp();
    shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    xihu = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const register = async (token: string, body: Record<string, unknown>) => {
      const res = await t.call(token, { method: 'POST', url: '/api/v1/elders', payload: elderBody(body) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; idNumber: string };
    };
    inside = await register(shangcheng, { phone, name: '尾号甲' });
    await register(shangcheng, { phone: landline, name: '尾号座机' });
    // Same phone, another district: never found from 上城区.
    outside = await register(xihu, { phone, name: '外区尾号', communityCode: '330106002051' });
  });
  after(() => t.close());

  const search = (token: string, query: string, headers: Record<string, string> = {}) =>
    t.call(token, { method: 'GET', url: `/api/v1/elders?${query}&status=all`, headers });
  const ids = (res: { json(): { items: { id: number }[] } }) => res.json().items.map((e) => e.id);

  test('the full phone or its last 4+ digits finds the elder inside the reach, not the one outside', async () => {
    for (const q of [phone, phone.slice(-4), phone.slice(-7)]) {
      const res = await search(shangcheng, `phone=${q}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(ids(res), [inside.id], q);
    }
    assert.deepEqual(ids(await search(xihu, `phone=${phone.slice(-4)}`)), [outside.id]);
    assert.equal((await search(shangcheng, 'phone=9999')).json().total, 0);
    // A landline is matched on its digits, the dash ignored.
    const fixed = await search(shangcheng, 'phone=057186665678');
    assert.deepEqual(
      fixed.json().items.map((e: { name: string }) => e.name),
      ['尾号座机'],
    );
    // Combined with the other filters (here the name prefix).
    assert.deepEqual(ids(await search(shangcheng, `phone=1234&q=${encodeURIComponent('尾号甲')}`)), [inside.id]);
  });

  test('the last 4–6 characters of the ID number find within reach; X in either case', async () => {
    for (const tail of [inside.idNumber.slice(-4), inside.idNumber.slice(-6)]) {
      const res = await search(shangcheng, `idTail=${tail.toLowerCase()}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(ids(res).includes(inside.id), tail);
      assert.ok(!ids(res).includes(outside.id), tail);
    }
    for (const tail of [outside.idNumber.slice(-4), outside.idNumber.slice(-5)]) {
      assert.ok(!ids(await search(shangcheng, `idTail=${tail}`)).includes(outside.id), tail);
      assert.ok(ids(await search(xihu, `idTail=${tail.toLowerCase()}`)).includes(outside.id), tail);
    }
    // An ending with the check character X, typed in lower case.
    const withX = (
      await t.call(shangcheng, {
        method: 'POST',
        url: '/api/v1/elders',
        payload: elderBody({ idNumber: xEnding(), name: '尾号X' }),
      })
    ).json();
    assert.ok(withX.idNumber.endsWith('X'), withX.idNumber);
    assert.ok(ids(await search(shangcheng, `idTail=${withX.idNumber.slice(-5).toLowerCase()}`)).includes(withX.id));
  });

  test('malformed input is a 400 naming the field', async () => {
    for (const [query, field] of [
      ['phone=123', 'phone'],
      ['phone=1395710123456', 'phone'],
      ['phone=139-5710', 'phone'],
      ['idTail=123', 'idTail'],
      ['idTail=1234567', 'idTail'],
      ['idTail=12X4', 'idTail'],
      ['idTail=%25%25%25%25', 'idTail'],
    ] as const) {
      const res = await search(shangcheng, query);
      assert.equal(res.statusCode, 400, query);
      assert.equal(res.json().field, field, query);
    }
  });

  test('a suffix search is audited as a search of personal data, with its filters and purpose', async () => {
    const res = await search(shangcheng, `phone=${phone.slice(-4)}&idTail=${inside.idNumber.slice(-4)}`, {
      'x-purpose': encodeURIComponent('来电核实'),
    });
    assert.equal(res.statusCode, 200);
    const rows = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('request_id', '=', res.headers['x-request-id'] as string)
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.action, 'search');
    assert.equal(rows[0]!.entity_type, 'elder');
    assert.equal(rows[0]!.district_code, '330102');
    assert.equal(rows[0]!.purpose, '来电核实');
    const detail = (typeof rows[0]!.detail === 'string' ? JSON.parse(rows[0]!.detail) : rows[0]!.detail) as {
      filters: Record<string, unknown>;
      total: number;
    };
    assert.equal(detail.filters.phone, phone.slice(-4));
    assert.equal(detail.filters.idTail, inside.idNumber.slice(-4));
    assert.equal(detail.total, 1);
  });

  test('a reader who sees masked numbers has ID-ending searches counted with the exact-number ones', async () => {
    const assessor = await t.userWith('assessor', { jurisdictionCode: '330102' });
    const tail = inside.idNumber.slice(-4);
    for (let i = 0; i < EXACT_ID_SEARCHES_PER_HOUR; i++) {
      const res = await search(assessor, `idTail=${tail}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.json().items[0].idNumber, /\*{12}/);
    }
    assert.equal((await search(assessor, `idTail=${tail}`)).statusCode, 429);
    // Phone searches are not limited: the list shows phones anyway.
    assert.equal((await search(assessor, `phone=${phone.slice(-4)}`)).statusCode, 200);
  });

  test('the export ignores the suffix filters: it selects a population, not a person', async () => {
    const all = await t.call(shangcheng, { method: 'GET', url: '/api/v1/elders/export.xlsx?status=all' });
    const narrowed = await t.call(shangcheng, {
      method: 'GET',
      url: `/api/v1/elders/export.xlsx?status=all&phone=${phone}&idTail=${inside.idNumber.slice(-4)}`,
    });
    assert.equal(narrowed.statusCode, 200);
    assert.equal(narrowed.headers['x-total-count'], all.headers['x-total-count']);
  });
});
