import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { latLngToCell } from 'h3-js';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import { distanceM } from './coverage.js';

// A deterministic spread of homes around a point (about ±2.2 km).
function homes(n: number, lat: number, lng: number, seed: number) {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  return Array.from({ length: n }, () => ({
    lat: Number((lat + (next() - 0.5) * 0.04).toFixed(6)),
    lng: Number((lng + (next() - 0.5) * 0.04).toFixed(6)),
  }));
}

describe('cockpit: 1 km coverage and uncovered H3 hotspots', () => {
  let t: TestApp;
  let city: string;
  let shangcheng: string;
  const institutions = [
    { lat: 30.29, lng: 120.19 },
    { lat: 30.3, lng: 120.18 },
    { lat: 30.26, lng: 120.09 },
  ];
  const placed: { lat: number; lng: number; district: string }[] = [];
  before(async () => {
    t = await testApp();
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const xihu = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    await t.database.db
      .insertInto('organisations')
      .values([
        {
          kind: 'institution',
          name: '甲院',
          jurisdiction_code: '330102001',
          district_code: '330102',
          bed_count: 50,
          ...institutions[0]!,
        },
        {
          kind: 'institution',
          name: '乙院',
          jurisdiction_code: '330102001',
          district_code: '330102',
          bed_count: 30,
          ...institutions[1]!,
        },
        {
          kind: 'institution',
          name: '丙院',
          jurisdiction_code: '330106002',
          district_code: '330106',
          bed_count: 20,
          ...institutions[2]!,
        },
        {
          kind: 'meal_point',
          name: '助餐点',
          jurisdiction_code: '330102001',
          district_code: '330102',
          lat: 30.28,
          lng: 120.2,
        },
        { kind: 'institution', name: '无坐标院', jurisdiction_code: '330102001', district_code: '330102' },
      ])
      .execute();
    for (const home of homes(40, 30.29, 120.19, 7)) {
      const r = await t.call(shangcheng, { method: 'POST', url: '/api/v1/elders', payload: elderBody({ home }) });
      assert.equal(r.statusCode, 201, r.body);
      placed.push({ ...home, district: '330102' });
    }
    for (const home of homes(15, 30.26, 120.09, 11)) {
      const r = await t.call(xihu, {
        method: 'POST',
        url: '/api/v1/elders',
        payload: elderBody({ home, communityCode: '330106002051' }),
      });
      assert.equal(r.statusCode, 201, r.body);
      placed.push({ ...home, district: '330106' });
    }
  });
  after(() => t.close());

  test('home coordinates are set on create and edit, and checked', async () => {
    const created = await t.call(shangcheng, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ home: { lat: 30.2901, lng: 120.1902 } }),
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as number;
    assert.deepEqual([created.json().lat, created.json().lng], [30.2901, 120.1902]);
    const moved = await t.call(shangcheng, {
      method: 'PATCH',
      url: `/api/v1/elders/${id}`,
      payload: { home: { lat: 30.3, lng: 120.2 } },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual([moved.json().lat, moved.json().lng], [30.3, 120.2]);
    const bad = await t.call(shangcheng, {
      method: 'PATCH',
      url: `/api/v1/elders/${id}`,
      payload: { home: { lat: 130, lng: 120.2 } },
    });
    assert.equal(bad.statusCode, 400);
    // back out of the coverage set: archived elders do not count
    const archived = await t.call(shangcheng, {
      method: 'POST',
      url: `/api/v1/elders/${id}/archive`,
      payload: { reason: 'moved_away', date: '2026-01-01' },
    });
    assert.ok([200, 201].includes(archived.statusCode), archived.body);
  });

  test('the same answer as a brute-force computation', async () => {
    for (const radiusM of [1000, 500]) {
      const res = await t.call(city, {
        method: 'GET',
        url: `/api/v1/cockpit/coverage?jurisdiction=330100&radiusM=${radiusM}&limit=2000`,
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const covered = (p: { lat: number; lng: number }) =>
        institutions.some((f) => distanceM(p.lat, p.lng, f.lat, f.lng) <= radiusM);
      const expected = placed.filter(covered).length;
      assert.equal(body.elders, placed.length);
      assert.equal(body.covered, expected);
      assert.ok(expected > 0 && expected < placed.length, `radius ${radiusM}: ${expected}`);
      const cells = new Map<string, number>();
      for (const p of placed.filter((p) => !covered(p))) {
        const h = latLngToCell(p.lat, p.lng, 9);
        cells.set(h, (cells.get(h) ?? 0) + 1);
      }
      const got = new Map((body.hotspots as { h3: string; uncovered: number }[]).map((h) => [h.h3, h.uncovered]));
      assert.deepEqual(got, cells);
      const counts = body.hotspots.map((h: { uncovered: number }) => h.uncovered);
      assert.deepEqual(
        counts,
        [...counts].sort((a: number, b: number) => b - a),
      );
      for (const d of ['330102', '330106']) {
        const mine = placed.filter((p) => p.district === d);
        const row = body.districts.find((x: { code: string }) => x.code === d);
        assert.equal(row.elders, mine.length);
        assert.equal(row.covered, mine.filter(covered).length);
      }
    }
    const shangchengRow = (
      await t.call(city, { method: 'GET', url: '/api/v1/cockpit/coverage?jurisdiction=330102' })
    ).json().districts[0];
    assert.equal(shangchengRow.bedsPer10k, 20_000); // 80 beds for 40 elders
  });

  test('other facility kinds count when asked for', async () => {
    const only = await t.call(city, { method: 'GET', url: '/api/v1/cockpit/coverage?jurisdiction=330102' });
    const withMeals = await t.call(city, {
      method: 'GET',
      url: '/api/v1/cockpit/coverage?jurisdiction=330102&kinds=institution&kinds=meal_point',
    });
    assert.equal(withMeals.statusCode, 200, withMeals.body);
    assert.ok(withMeals.json().covered >= only.json().covered);
    const expected = placed.filter(
      (p) =>
        p.district === '330102' &&
        [...institutions, { lat: 30.28, lng: 120.2 }].some((f) => distanceM(p.lat, p.lng, f.lat, f.lng) <= 1000),
    ).length;
    assert.equal(withMeals.json().covered, expected);
  });

  test('scoped: a district sees its own area and only the totals of the city', async () => {
    const own = await t.call(shangcheng, { method: 'GET', url: '/api/v1/cockpit/coverage?radiusM=1000' });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().elders, 40);
    const cityTotals = await t.call(shangcheng, { method: 'GET', url: '/api/v1/cockpit/coverage?jurisdiction=330100' });
    assert.equal(cityTotals.statusCode, 200);
    const body = cityTotals.json();
    assert.equal(body.elders, placed.length);
    assert.deepEqual(
      body.districts.map((d: { code: string }) => d.code),
      ['330102'],
    );
    const xihuUncovered = placed.filter(
      (p) => p.district === '330106' && !institutions.some((f) => distanceM(p.lat, p.lng, f.lat, f.lng) <= 1000),
    );
    const xihuCells = new Set(xihuUncovered.map((p) => latLngToCell(p.lat, p.lng, 9)));
    for (const h of body.hotspots) assert.ok(!xihuCells.has(h.h3));
    assert.equal(
      (await t.call(shangcheng, { method: 'GET', url: '/api/v1/cockpit/coverage?jurisdiction=330106' })).statusCode,
      404,
    );
    const tooFar = await t.call(city, { method: 'GET', url: '/api/v1/cockpit/coverage?radiusM=20000' });
    assert.equal(tooFar.statusCode, 400);
    assert.equal(tooFar.json().code, 'cockpit_radius_out_of_range');
  });

  test('the map lists facilities with coordinates and the district centres', async () => {
    const res = await t.call(shangcheng, { method: 'GET', url: '/api/v1/cockpit/map/facilities' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.facilities.map((f: { name: string }) => f.name).sort(), ['乙院', '助餐点', '甲院'].sort());
    assert.ok(body.districts.some((d: { code: string }) => d.code === '330102'));
    const meals = await t.call(shangcheng, { method: 'GET', url: '/api/v1/cockpit/map/facilities?kinds=meal_point' });
    assert.deepEqual(
      meals.json().facilities.map((f: { kind: string }) => f.kind),
      ['meal_point'],
    );
  });
});
