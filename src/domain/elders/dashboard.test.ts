import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';

interface Dashboard {
  scopes: { code: string; name: string }[];
  total: number;
  areas: { code: string; name: string; count: number }[];
  ages: { band: string; count: number }[];
  flags: { flag: string; count: number }[];
}

describe('home dashboard counts in one answer', () => {
  let t: TestApp;
  let district: string;
  let city: string;
  before(async () => {
    t = await testApp();
    district = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    const births = ['1930-01-05', '1941-06-01', '1950-03-03', '1958-07-07', '1962-02-02'];
    for (const [i, birth] of births.entries()) {
      const r = await t.call(district, {
        method: 'POST',
        url: '/api/v1/elders',
        payload: elderBody({ idNumber: idNumber(birth), communityCode: i < 3 ? '330102001051' : '330102010057' }),
      });
      assert.equal(r.statusCode, 201, r.body);
      if (i % 2 === 0) {
        const f = await t.call(district, {
          method: 'POST',
          url: `/api/v1/elders/${r.json().id}/flags`,
          payload: { flag: 'living_alone', effectiveFrom: '2024-01-01' },
        });
        assert.equal(f.statusCode, 200, f.body);
      }
    }
    const xihu = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    await t.call(xihu, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ communityCode: '330106002051' }),
    });
  });
  after(() => t.close());

  const dashboard = async (token: string) => {
    const res = await t.call(token, { method: 'GET', url: '/api/v1/elders/dashboard' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Dashboard;
  };
  const searchTotal = async (token: string, query: string) =>
    (await t.call(token, { method: 'GET', url: `/api/v1/elders?pageSize=1&${query}` })).json().total as number;

  test('a district sees its streets, age bands and flags, matching the registry search', async () => {
    const d = await dashboard(district);
    assert.deepEqual(d.scopes, [{ code: '330102', name: '上城区' }]);
    assert.equal(d.total, 5);
    const counted = d.areas.filter((a) => a.count > 0).map((a) => [a.code, a.count]);
    assert.deepEqual(counted, [
      ['330102001', 3],
      ['330102010', 2],
    ]);
    assert.ok(d.areas.length > 2, 'streets without elders are listed with 0');
    assert.equal(d.areas[0]!.name, '清波街道');
    for (const [band, query] of [
      ['60–69', 'ageMin=60&ageMax=69'],
      ['80–89', 'ageMin=80&ageMax=89'],
      ['90+', 'ageMin=90'],
    ] as const)
      assert.equal(d.ages.find((a) => a.band === band)!.count, await searchTotal(district, query), band);
    assert.equal(d.flags.find((f) => f.flag === 'living_alone')!.count, 3);
    assert.equal(
      d.flags.find((f) => f.flag === 'advanced_age')!.count,
      await searchTotal(district, 'flag=advanced_age'),
    );
  });

  test('the city compares its districts; another district never counts in a district', async () => {
    const c = await dashboard(city);
    assert.equal(c.total, 6);
    assert.equal(c.areas.find((a) => a.code === '330102')!.count, 5);
    assert.equal(c.areas.find((a) => a.code === '330106')!.count, 1);
  });

  test('a family member has no dashboard of the registry', async () => {
    const elder = (await t.call(district, { method: 'GET', url: '/api/v1/elders?pageSize=1' })).json().items[0].id;
    const family = await t.userWith('elder_family', { elderId: elder });
    assert.equal((await t.call(family, { method: 'GET', url: '/api/v1/elders/dashboard' })).statusCode, 403);
  });
});
