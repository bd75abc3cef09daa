import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { beds, institution } from './test-helpers.js';

describe('institutions: registry, access, star rating, beds, occupancy', () => {
  let t: TestApp;
  let city: string;
  let shangcheng: string;
  let xihu: string;
  before(async () => {
    t = await testApp();
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    xihu = await t.userWith('district_officer', { jurisdictionCode: '330106' });
  });
  after(() => t.close());

  test('registers an institution with its profile; ≥100 beds without a rehab room is flagged', async () => {
    const org = await institution(t, shangcheng, {
      name: '清波颐养院',
      ownership: 'public_built_private_run',
      bedCount: 120,
      nursingBedCount: 80,
      profile: {
        medicalMode: 'partner_hospital',
        partnerHospital: '上城区人民医院',
        partnerFrom: '2024-01-01',
        partnerTo: '2026-12-31',
        hasDementiaUnit: true,
      },
    });
    const detail = (await t.call(shangcheng, { method: 'GET', url: `/api/v1/institutions/${org.id}` })).json();
    assert.equal(detail.districtCode, '330102');
    assert.equal(detail.ownershipLabel, '公建民营');
    assert.equal(detail.profile.medicalMode, 'partner_hospital');
    assert.equal(detail.profile.hasDementiaUnit, true);
    assert.ok(detail.lat && detail.lng, 'placed at its street when no point is given');
    assert.deepEqual(
      detail.warnings.map((w: { code: string }) => w.code),
      ['rehab_room_missing'],
    );
    const fixed = await t.call(shangcheng, {
      method: 'PATCH',
      url: `/api/v1/institutions/${org.id}`,
      payload: { profile: { hasRehabRoom: true } },
    });
    assert.equal(fixed.statusCode, 200, fixed.body);
    assert.deepEqual(fixed.json().warnings, []);
    assert.equal(fixed.json().profile.partnerHospital, '上城区人民医院', 'a partial profile patch keeps the rest');
  });

  test('a partner hospital needs its name and start date; an in-house unit its name', async () => {
    const res = await t.call(shangcheng, {
      method: 'POST',
      url: '/api/v1/institutions',
      payload: {
        kind: 'institution',
        name: '缺协议',
        jurisdictionCode: '330102001',
        profile: { medicalMode: 'partner_hospital' },
      },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, 'profile.partnerHospital');
  });

  test('reach: own district and city see it; another district, other staff and other roles get 404', async () => {
    const org = await institution(t, shangcheng);
    const other = await institution(t, shangcheng);
    const staff = await t.userWith('institution_staff', { organisationId: org.id });
    const otherStaff = await t.userWith('institution_staff', { organisationId: other.id });
    const community = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    for (const token of [city, shangcheng, staff]) {
      assert.equal((await t.call(token, { method: 'GET', url: `/api/v1/institutions/${org.id}` })).statusCode, 200);
    }
    for (const token of [xihu, otherStaff, community]) {
      assert.equal((await t.call(token, { method: 'GET', url: `/api/v1/institutions/${org.id}` })).statusCode, 404);
    }
    const staffList = (await t.call(staff, { method: 'GET', url: '/api/v1/institutions' })).json();
    assert.deepEqual(
      staffList.items.map((i: { id: number }) => i.id),
      [org.id],
    );
    assert.equal((await t.call(xihu, { method: 'GET', url: '/api/v1/institutions?district=330102' })).json().total, 0);
    // Staff run their beds but do not govern the registration.
    assert.equal(
      (await t.call(staff, { method: 'PATCH', url: `/api/v1/institutions/${org.id}`, payload: { name: 'x' } }))
        .statusCode,
      403,
    );
    const outside = await t.call(xihu, {
      method: 'POST',
      url: '/api/v1/institutions',
      payload: { kind: 'institution', name: '越界', jurisdictionCode: '330102001' },
    });
    assert.equal(outside.statusCode, 403);
  });

  test('star rating: section scores give the star by the versioned thresholds; scores over a section maximum are refused', async () => {
    const org = await institution(t, shangcheng);
    const four = await t.call(shangcheng, {
      method: 'POST',
      url: `/api/v1/institutions/${org.id}/star-ratings`,
      payload: {
        evaluatedOn: '2024-06-01',
        scores: { environment: 110, facilities: 120, operations: 130, service: 500 },
        evaluator: '市评定委员会',
      },
    });
    assert.equal(four.statusCode, 201, four.body);
    assert.equal(four.json().total, 860);
    assert.equal(four.json().star, 4);
    assert.equal(four.json().validUntil, '2027-05-31');
    assert.equal(four.json().scaleVersion, 'gbt37276-2018.local-1');
    assert.match(four.json().shortfall, /5 星/);
    // A high total with one weak section stays lower: 服务 480 < 80% of 600.
    const weak = await t.call(shangcheng, {
      method: 'POST',
      url: `/api/v1/institutions/${org.id}/star-ratings`,
      payload: {
        evaluatedOn: '2024-07-01',
        scores: { environment: 120, facilities: 130, operations: 150, service: 470 },
      },
    });
    assert.equal(weak.json().star, 3);
    const over = await t.call(shangcheng, {
      method: 'POST',
      url: `/api/v1/institutions/${org.id}/star-ratings`,
      payload: { evaluatedOn: '2024-07-01', scores: { environment: 121, facilities: 0, operations: 0, service: 0 } },
    });
    assert.equal(over.statusCode, 400);
    assert.equal(over.json().field, 'scores.environment');
    const detail = (await t.call(city, { method: 'GET', url: `/api/v1/institutions/${org.id}` })).json();
    assert.equal(detail.star, 3, 'the latest evaluation is the current star');
    const history = (
      await t.call(shangcheng, { method: 'GET', url: `/api/v1/institutions/${org.id}/star-ratings` })
    ).json();
    assert.deepEqual(
      history.map((h: { star: number }) => h.star),
      [3, 4],
    );
    const staff = await t.userWith('institution_staff', { organisationId: org.id });
    assert.equal(
      (
        await t.call(staff, {
          method: 'POST',
          url: `/api/v1/institutions/${org.id}/star-ratings`,
          payload: { evaluatedOn: '2024-07-01', scores: { environment: 1, facilities: 1, operations: 1, service: 1 } },
        })
      ).statusCode,
      403,
    );
  });

  test('beds: added by staff with generated labels, duplicates refused, out of service and back; occupancy is live', async () => {
    const org = await institution(t, shangcheng, { jurisdictionCode: '330102003' });
    const staff = await t.userWith('institution_staff', { organisationId: org.id });
    const a = await beds(t, staff, org.id, 3, 'medical_care', '1F-');
    assert.deepEqual(
      a.map((b) => b.label),
      ['1F-01', '1F-02', '1F-03'],
    );
    const more = await beds(t, staff, org.id, 2, 'ordinary', '1F-');
    assert.deepEqual(
      more.map((b) => b.label),
      ['1F-04', '1F-05'],
    );
    const dup = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/institutions/${org.id}/beds`,
      payload: { bedType: 'ordinary', labels: ['1F-01'] },
    });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'bed_label_taken');
    const off = await t.call(staff, {
      method: 'PATCH',
      url: `/api/v1/beds/${a[0]!.id}`,
      payload: { status: 'out_of_service' },
    });
    assert.equal(off.json().status, 'out_of_service');
    const detail = (await t.call(staff, { method: 'GET', url: `/api/v1/institutions/${org.id}` })).json();
    assert.equal(detail.occupancy.total, 5);
    assert.equal(detail.occupancy.outOfService, 1);
    assert.equal(detail.occupancy.inService, 4);
    assert.equal(detail.occupancy.nursing, 3);
    assert.equal(detail.occupancy.nursingShare, 0.6);
    const caregiver = await t.userWith('caregiver', { organisationId: org.id });
    assert.equal(
      (await t.call(caregiver, { method: 'GET', url: `/api/v1/institutions/${org.id}/beds` })).statusCode,
      200,
    );
    assert.equal(
      (
        await t.call(caregiver, {
          method: 'POST',
          url: `/api/v1/institutions/${org.id}/beds`,
          payload: { bedType: 'ordinary', count: 1 },
        })
      ).statusCode,
      403,
    );
  });

  test('occupancy per district and for the city, scoped to the caller', async () => {
    const westLake = await institution(t, xihu, { jurisdictionCode: '330106002' });
    const staff = await t.userWith('institution_staff', { organisationId: westLake.id });
    await beds(t, staff, westLake.id, 4, 'dementia', 'D');
    const cityView = (await t.call(city, { method: 'GET', url: '/api/v1/occupancy' })).json();
    const codes = cityView.districts.map((d: { districtCode: string }) => d.districtCode);
    assert.ok(codes.includes('330102') && codes.includes('330106'));
    assert.equal(
      cityView.total.total,
      cityView.districts.reduce((s: number, d: { total: number }) => s + d.total, 0),
    );
    const districtView = (await t.call(xihu, { method: 'GET', url: '/api/v1/occupancy' })).json();
    assert.deepEqual(
      districtView.districts.map((d: { districtCode: string }) => d.districtCode),
      ['330106'],
    );
    assert.equal(districtView.districts[0].dementia, 4);
    assert.equal(districtView.districts[0].districtName, '西湖区');
  });

  test('community facilities of the 大社区 model are registered with a place and appear on the map', async () => {
    const canteen = await t.call(shangcheng, {
      method: 'POST',
      url: '/api/v1/institutions',
      payload: { kind: 'meal_point', name: '清波老年食堂', jurisdictionCode: '330102001051', lat: 30.24, lng: 120.17 },
    });
    assert.equal(canteen.statusCode, 201, canteen.body);
    assert.equal(canteen.json().profile, null);
    const points = (
      await t.call(shangcheng, { method: 'GET', url: '/api/v1/institutions/map?kind=meal_point' })
    ).json();
    assert.ok(points.some((p: { id: number; lat: number }) => p.id === canteen.json().id && p.lat === 30.24));
    const list = (await t.call(shangcheng, { method: 'GET', url: '/api/v1/institutions?kind=meal_point' })).json();
    assert.equal(list.items[0].kindLabel, '老年食堂/助餐点');
  });
});
