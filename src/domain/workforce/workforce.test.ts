import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { idNumber } from '../../../test/support/elders.js';
import { institution } from '../institutions/test-helpers.js';
import { staffingChecks } from './staffing.js';

describe('workforce registry and staffing checks', () => {
  let t: TestApp;
  let city: string;
  let officer: string;
  let org: { id: number };
  let staff: string;
  before(async () => {
    t = await testApp();
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    org = await institution(t, officer, { name: '护理员测试院' });
    staff = await t.userWith('institution_staff', { organisationId: org.id });
  });
  after(() => t.close());

  const register = (token: string, body: Record<string, unknown> = {}, employment: Record<string, unknown> = {}) =>
    t.call(token, {
      method: 'POST',
      url: '/api/v1/workforce/workers',
      payload: {
        name: '王护理',
        idNumber: idNumber('1990-04-04', 'F', '330102'),
        education: 'college',
        graduatedOn: '2012-06-30',
        ...body,
        employment: {
          organisationId: org.id,
          jobRole: 'caregiver',
          frontline: true,
          hiredOn: '2023-03-01',
          ...employment,
        },
      },
    });

  test('registers a caregiver: ID number validated (GB 11643), duplicates refused, full ID on the record, masked in lists', async () => {
    const id = idNumber('1988-08-08', 'M', '330102');
    const bad = await register(staff, { idNumber: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'id_number_check_digit');
    const res = await register(staff, { idNumber: id, name: '李一线' });
    assert.equal(res.statusCode, 201, res.body);
    const w = res.json();
    assert.equal(w.idNumber, id);
    assert.equal(w.sex, 'M');
    assert.equal(w.birthDate, '1988-08-08');
    assert.equal(w.employments[0].jobRoleLabel, '养老护理员');
    assert.equal((await register(staff, { idNumber: id })).json().code, 'worker_registered');
    const list = (await t.call(staff, { method: 'GET', url: '/api/v1/workforce/workers?q=李一线' })).json();
    assert.equal(list.total, 1);
    assert.match(list.items[0].idNumber, /\*{10}/);
  });

  test('certificates and training; skill level required for the caregiver certificate; certificate numbers unique', async () => {
    const w = (await register(staff, { idNumber: idNumber('1985-01-02', 'F') })).json();
    const cert = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/workforce/workers/${w.id}/certificates`,
      payload: { kind: 'caregiver_skill', skillLevel: 4, certificateNo: 'HZ-2023-0001', issuedOn: '2023-05-01' },
    });
    assert.equal(cert.statusCode, 200, cert.body);
    assert.equal(cert.json().skillLevelLabel, '四级/中级工');
    const again = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/workforce/workers/${w.id}/certificates`,
      payload: { kind: 'caregiver_skill', skillLevel: 3, certificateNo: 'HZ-2023-0001', issuedOn: '2024-05-01' },
    });
    assert.equal(again.json().code, 'certificate_registered');
    const noLevel = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/workforce/workers/${w.id}/certificates`,
      payload: { kind: 'caregiver_skill', certificateNo: 'HZ-X', issuedOn: '2024-05-01' },
    });
    assert.equal(noLevel.statusCode, 400);
    await t.call(staff, {
      method: 'POST',
      url: `/api/v1/workforce/workers/${w.id}/training`,
      payload: { course: '失智照护', hours: 16, completedOn: '2024-03-01' },
    });
    const trained = (
      await t.call(staff, {
        method: 'POST',
        url: `/api/v1/workforce/workers/${w.id}/training`,
        payload: { course: '康复技能', hours: 8.5, completedOn: '2024-04-01' },
      })
    ).json();
    assert.equal(trained.trainingHours, 24.5);
    const byLevel = (await t.call(officer, { method: 'GET', url: '/api/v1/workforce/workers?skillLevel=4' })).json();
    assert.ok(
      byLevel.items.some((i: { id: number; trainingHours: number }) => i.id === w.id && i.trainingHours === 24.5),
    );
  });

  test('reach: other employers, other districts and other roles get 404; hiring a registered person elsewhere by ID card', async () => {
    const id = idNumber('1979-09-09', 'F');
    const w = (await register(staff, { idNumber: id })).json();
    const other = await institution(t, officer);
    const otherStaff = await t.userWith('institution_staff', { organisationId: other.id });
    const xihu = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const volunteer = await t.userWith('volunteer', { jurisdictionCode: '330102' });
    for (const token of [otherStaff, xihu, volunteer])
      assert.equal((await t.call(token, { method: 'GET', url: `/api/v1/workforce/workers/${w.id}` })).statusCode, 404);
    assert.equal((await t.call(city, { method: 'GET', url: `/api/v1/workforce/workers/${w.id}` })).statusCode, 200);
    // Registering someone for an organisation out of reach is refused as not found.
    assert.equal((await register(xihu, { idNumber: idNumber('1981-01-01', 'F') })).statusCode, 404);
    const hired = await t.call(otherStaff, {
      method: 'POST',
      url: '/api/v1/workforce/hire',
      payload: {
        idNumber: id,
        employment: { organisationId: other.id, jobRole: 'nurse', frontline: true, hiredOn: '2024-01-01' },
      },
    });
    assert.equal(hired.statusCode, 201, hired.body);
    assert.deepEqual(
      hired
        .json()
        .employments.map((e: { jobRole: string }) => e.jobRole)
        .sort(),
      ['caregiver', 'nurse'],
    );
    const left = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/workforce/employments/${w.employments[0].id}/end`,
      payload: { leftOn: '2024-06-30', reason: '辞职' },
    });
    assert.equal(left.statusCode, 200);
    assert.equal(
      (await t.call(staff, { method: 'GET', url: `/api/v1/workforce/workers/${w.id}` })).statusCode,
      404,
      'former employers lose sight of the person',
    );
    assert.equal(
      (
        await t.call(staff, {
          method: 'POST',
          url: `/api/v1/workforce/employments/${w.employments[0].id}/end`,
          payload: { leftOn: '2024-06-30', reason: 'x' },
        })
      ).json().code,
      'employment_ended',
    );
  });

  test('staffing warnings by star: a five-star institution without rehab staff is flagged until it has them', async () => {
    const five = await institution(t, officer, { name: '五星院' });
    const fiveStaff = await t.userWith('institution_staff', { organisationId: five.id });
    await t.call(officer, {
      method: 'POST',
      url: `/api/v1/institutions/${five.id}/star-ratings`,
      payload: {
        evaluatedOn: '2025-01-01',
        scores: { environment: 118, facilities: 128, operations: 148, service: 590 },
      },
    });
    const codes = async () =>
      (await t.call(officer, { method: 'GET', url: `/api/v1/institutions/${five.id}` }))
        .json()
        .warnings.map((w: { code: string }) => w.code);
    assert.deepEqual(await codes(), ['rehab_nurse_missing', 'rehab_specialist_missing']);
    const patched = await t.call(officer, {
      method: 'PATCH',
      url: `/api/v1/institutions/${five.id}`,
      payload: { name: '五星院（本部）' },
    });
    assert.deepEqual(
      patched.json().warnings.map((w: { code: string }) => w.code),
      ['rehab_nurse_missing', 'rehab_specialist_missing'],
      'a change answers the same warnings as a read',
    );
    const hire = (jobRole: string, year: number) =>
      register(
        fiveStaff,
        { idNumber: idNumber(`${year}-02-02`, 'F') },
        { organisationId: five.id, jobRole, frontline: true },
      );
    assert.equal((await hire('rehab_nurse', 1991)).statusCode, 201);
    assert.deepEqual(await codes(), ['rehab_specialist_missing']);
    await hire('rehab_therapist', 1992);
    assert.deepEqual(await codes(), []);
    const staffing = (
      await t.call(fiveStaff, { method: 'GET', url: `/api/v1/workforce/organisations/${five.id}/staffing` })
    ).json();
    assert.deepEqual(staffing.counts, { rehab_nurse: 1, rehab_therapist: 1 });
    assert.equal(staffing.star, 5);
  });

  test('staffing rules: a social worker and a nurse from 100 residents', () => {
    assert.deepEqual(staffingChecks({}, { residents: 99, star: null }), []);
    assert.deepEqual(
      staffingChecks({ caregiver: 30 }, { residents: 100, star: 3 }).map((w) => w.code),
      ['social_worker_missing', 'nurse_missing'],
    );
    assert.deepEqual(
      staffingChecks({ social_worker: 1, rehab_nurse: 1 }, { residents: 150, star: 4 }),
      [],
      'a rehab nurse is a nurse',
    );
    assert.match(staffingChecks({}, { residents: 120, star: null })[0]!.message, /入住 120 人/);
  });
});
