import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { latLngToCell } from 'h3-js';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import { backfillHomeCells } from '../elders/home-cell.js';
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

  test('every write of home coordinates stores their H3 cell; a raw move clears it', async () => {
    const created = await t.call(shangcheng, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ home: { lat: 30.2911, lng: 120.1912 } }),
    });
    const id = created.json().id as number;
    const cellOf = async () =>
      await t.database.db
        .selectFrom('elders')
        .select(['lat', 'lng', 'home_h3_r9'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    assert.equal((await cellOf()).home_h3_r9, latLngToCell(30.2911, 120.1912, 9));
    await t.call(shangcheng, {
      method: 'PATCH',
      url: `/api/v1/elders/${id}`,
      payload: { home: { lat: 30.25, lng: 120.17 } },
    });
    assert.equal((await cellOf()).home_h3_r9, latLngToCell(30.25, 120.17, 9));
    // back to the community's point, then moved to another community: the cell follows
    await t.call(shangcheng, { method: 'PATCH', url: `/api/v1/elders/${id}`, payload: { home: null } });
    let row = await cellOf();
    assert.equal(row.home_h3_r9, row.lat == null ? null : latLngToCell(row.lat, row.lng!, 9));
    await t.call(shangcheng, {
      method: 'PATCH',
      url: `/api/v1/elders/${id}`,
      payload: { communityCode: '330102001052' },
    });
    row = await cellOf();
    // the two communities' points may share a cell: a move that keeps the cell is cleared by the
    // trigger (it cannot tell a kept cell from a forgotten one) and coverage computes it per point
    if (row.home_h3_r9 !== null) assert.equal(row.home_h3_r9, latLngToCell(row.lat!, row.lng!, 9));
    // a writer that moves the home without the cell leaves none rather than a stale one
    await t.database.db.updateTable('elders').set({ lat: 30.2, lng: 120.1 }).where('id', '=', id).execute();
    assert.equal((await cellOf()).home_h3_r9, null);
    const all = await t.database.db.selectFrom('elders').select(['id', 'lat', 'lng', 'home_h3_r9']).execute();
    for (const e of all.filter((e) => e.id !== id))
      assert.equal(e.home_h3_r9, e.lat == null ? null : latLngToCell(e.lat, e.lng!, 9), `elder ${e.id}`);
    await t.call(shangcheng, {
      method: 'POST',
      url: `/api/v1/elders/${id}/archive`,
      payload: { reason: 'moved_away', date: '2026-01-01' },
    });
  });

  test('coverage stays exact while cells are missing, and the back-fill restores them once', async () => {
    const ask = async () =>
      (await t.call(city, { method: 'GET', url: '/api/v1/cockpit/coverage?jurisdiction=330100&limit=2000' })).json();
    const before = await ask();
    const some = placed.slice(0, 30);
    await t.database.db
      .updateTable('elders')
      .set({ home_h3_r9: null })
      .where((eb) => eb.or(some.map((p) => eb.and([eb('lat', '=', p.lat), eb('lng', '=', p.lng)]))))
      .execute();
    const missing = await ask();
    assert.deepEqual(missing.hotspots, before.hotspots);
    assert.deepEqual(missing.districts, before.districts);
    assert.ok((await backfillHomeCells(t.database.db, 7)) >= 30);
    assert.equal(await backfillHomeCells(t.database.db), 0);
    assert.deepEqual((await ask()).hotspots, before.hotspots);
    const stale = await t.database.db
      .selectFrom('elders')
      .select(['lat', 'lng', 'home_h3_r9'])
      .where('lat', 'is not', null)
      .execute();
    for (const e of stale) assert.equal(e.home_h3_r9, latLngToCell(e.lat!, e.lng!, 9));
  });

  test('the 15/20-minute service circle: policy radius per district, service points only', async () => {
    // Policy as data: 西湖 counted rural here, so its elders get the 1,500 m (20-minute) circle.
    await t.database.db
      .insertInto('district_area_types')
      .values({ district_code: '330106', area_type: 'rural', source: 'test' })
      .execute();
    await t.database.db
      .insertInto('organisations')
      .values({
        kind: 'community_care_centre',
        name: '照护中心',
        jurisdiction_code: '330106002',
        district_code: '330106',
        lat: 30.265,
        lng: 120.1,
      })
      .execute();
    const res = await t.call(city, {
      method: 'GET',
      url: '/api/v1/cockpit/coverage?jurisdiction=330100&kind=service_circle&limit=2000',
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const points = [
      { lat: 30.28, lng: 120.2 },
      { lat: 30.265, lng: 120.1 },
    ];
    const radius = (d: string) => (d === '330106' ? 1500 : 1000);
    const covered = (p: (typeof placed)[number]) =>
      points.some((f) => distanceM(p.lat, p.lng, f.lat, f.lng) <= radius(p.district));
    assert.equal(body.kind, 'service_circle');
    assert.ok(!body.kinds.includes('institution'));
    assert.equal(body.covered, placed.filter(covered).length);
    assert.ok(body.covered > 0 && body.covered < placed.length);
    for (const d of ['330102', '330106']) {
      const row = body.districts.find((x: { code: string }) => x.code === d);
      assert.equal(row.covered, placed.filter((p) => p.district === d && covered(p)).length);
      assert.equal(row.radiusM, radius(d));
      assert.equal(row.minutes, d === '330106' ? 20 : 15);
      assert.equal(row.urban, d !== '330106');
    }
    const cells = new Map<string, number>();
    for (const p of placed.filter((p) => !covered(p))) {
      const h = latLngToCell(p.lat, p.lng, 9);
      cells.set(h, (cells.get(h) ?? 0) + 1);
    }
    assert.deepEqual(new Map(body.hotspots.map((h: { h3: string; uncovered: number }) => [h.h3, h.uncovered])), cells);
    const mixed = await t.call(city, {
      method: 'GET',
      url: '/api/v1/cockpit/coverage?kind=service_circle&radiusM=800',
    });
    assert.equal(mixed.statusCode, 400);
    assert.equal(mixed.json().code, 'cockpit_circle_is_policy');
    await t.database.db.deleteFrom('district_area_types').where('district_code', '=', '330106').execute();
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
