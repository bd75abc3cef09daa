import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';

describe('jurisdictions', () => {
  let t: TestApp;
  let worker: string;
  before(async () => {
    t = await testApp();
    worker = await t.userWith('community_worker', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  const get = (url: string, token: string | null = worker) => t.call(token, { method: 'GET', url: `/api/v1${url}` });

  test('children of a place, by level and by name, in code order', async () => {
    const districts = (await get('/jurisdictions?parent=330100')).json();
    assert.ok(districts.length > 5);
    assert.deepEqual(
      districts.map((d: { code: string }) => d.code),
      [...districts.map((d: { code: string }) => d.code)].sort(),
    );
    const shangcheng = districts.find((d: { code: string }) => d.code === '330102');
    assert.equal(shangcheng.name, '上城区');
    assert.equal(shangcheng.level, 'district');
    assert.equal(shangcheng.parentCode, '330100');
    assert.ok(
      Object.keys(shangcheng).every((k) =>
        ['code', 'name', 'level', 'parentCode', 'districtCode', 'lat', 'lng'].includes(k),
      ),
    );
    const byName = (await get(`/jurisdictions?level=district&q=${encodeURIComponent('上城')}`)).json();
    assert.deepEqual(
      byName.map((d: { code: string }) => d.code),
      ['330102'],
    );
    // A LIKE wildcard in the name is a character, not a pattern.
    assert.deepEqual((await get('/jurisdictions?q=%25')).json(), []);
    assert.equal((await get('/jurisdictions?parent=330100&limit=2')).json().length, 2);
  });

  test('one place by code; an unknown code is 404; anonymous callers are refused', async () => {
    const one = await get('/jurisdictions/330102');
    assert.equal(one.statusCode, 200);
    assert.equal(one.json().name, '上城区');
    assert.equal((await get('/jurisdictions/339999')).statusCode, 404);
    assert.equal((await get('/jurisdictions/330102', null)).statusCode, 401);
  });
});
