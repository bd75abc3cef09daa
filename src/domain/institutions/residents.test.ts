import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { beds, elder, institution, safety } from './test-helpers.js';

describe('residents: admission with the safety assessment, transfer, discharge, the residency rule', () => {
  let t: TestApp;
  let city: string;
  let shangcheng: string;
  let xihu: string;
  let org: { id: number };
  let staff: string;
  let bedIds: number[];
  before(async () => {
    t = await testApp();
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    shangcheng = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    xihu = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    org = await institution(t, shangcheng, { ownership: 'private' });
    staff = await t.userWith('institution_staff', { organisationId: org.id });
    bedIds = (await beds(t, staff, org.id, 4)).map((b) => b.id);
  });
  after(() => t.close());

  const admit = (token: string, body: Record<string, unknown>) =>
    t.call(token, {
      method: 'POST',
      url: `/api/v1/institutions/${org.id}/residents`,
      payload: { admittedOn: '2025-03-02', safety: safety(), ...body },
    });

  test('staff admit a person by the ID card they present; the nine risks are recorded; the bed is occupied', async () => {
    const e = await elder(t, shangcheng, { name: '入住甲' });
    const res = await admit(staff, {
      bedId: bedIds[0],
      idNumber: e.idNumber,
      safety: safety({ fall: 3, wandering: 2 }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const r = res.json();
    assert.equal(r.elder.name, '入住甲');
    assert.match(r.elder.idNumber, /\*{10}/, 'masked for care staff');
    assert.equal(r.safety.risks.fall, 3);
    assert.equal(r.safety.risks.wandering, 2);
    assert.equal(Object.keys(r.safety.risks).length, 9);
    assert.equal(r.placement, 'direct');
    const board = (await t.call(staff, { method: 'GET', url: `/api/v1/institutions/${org.id}/beds` })).json();
    const bed = board.find((b: { id: number }) => b.id === bedIds[0]);
    assert.equal(bed.status, 'occupied');
    assert.equal(bed.resident.name, '入住甲');
    // The identity lookup and the admission are in the audit log.
    const audit = (
      await t.call(city, { method: 'GET', url: `/api/v1/audit?entityType=elder&entityId=${e.id}` })
    ).json();
    assert.ok(audit.items.some((a: { purpose: string }) => /admission identity check/.test(a.purpose)));
  });

  test('refuses a second stay of the same elder, an occupied bed, a missing risk and a future date', async () => {
    const e = await elder(t, shangcheng);
    assert.equal((await admit(staff, { bedId: bedIds[1], idNumber: e.idNumber })).statusCode, 201);
    const twice = await admit(staff, { bedId: bedIds[2], idNumber: e.idNumber });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'already_resident');
    const other = await elder(t, shangcheng);
    const taken = await admit(staff, { bedId: bedIds[1], idNumber: other.idNumber });
    assert.equal(taken.json().code, 'bed_unavailable');
    const { choking: _c, ...eight } = safety().risks;
    const missing = await admit(staff, {
      bedId: bedIds[2],
      idNumber: other.idNumber,
      safety: { ...safety(), risks: eight },
    });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().field, 'safety.risks.choking');
    const future = await admit(staff, { bedId: bedIds[2], idNumber: other.idNumber, admittedOn: '2999-01-01' });
    assert.equal(future.statusCode, 400);
    const unknown = await admit(staff, { bedId: bedIds[2], idNumber: '11010519491231002X' });
    assert.equal(unknown.statusCode, 404);
  });

  test('the residency rule: staff read their resident but not the registry; other institutions and districts get 404', async () => {
    const e = await elder(t, shangcheng, { name: '规则乙' });
    const r = (await admit(staff, { bedId: bedIds[2], idNumber: e.idNumber })).json();
    assert.equal(
      (await t.call(staff, { method: 'GET', url: `/api/v1/residencies/${r.id}` })).json().elder.name,
      '规则乙',
    );
    assert.equal(
      (await t.call(staff, { method: 'GET', url: `/api/v1/elders/${e.id}` })).statusCode,
      404,
      'residency opens the stay, not the registry',
    );
    const otherOrg = await institution(t, shangcheng);
    const otherStaff = await t.userWith('institution_staff', { organisationId: otherOrg.id });
    assert.equal((await t.call(otherStaff, { method: 'GET', url: `/api/v1/residencies/${r.id}` })).statusCode, 404);
    assert.equal((await t.call(xihu, { method: 'GET', url: `/api/v1/residencies/${r.id}` })).statusCode, 404);
    assert.equal(
      (await t.call(city, { method: 'GET', url: `/api/v1/residencies/${r.id}` })).json().elder.name,
      '规则乙',
    );
    const caregiver = await t.userWith('caregiver', { organisationId: org.id });
    const residents = (
      await t.call(caregiver, { method: 'GET', url: `/api/v1/institutions/${org.id}/residents` })
    ).json();
    assert.ok(residents.some((x: { name: string }) => x.name === '规则乙'));
    const audit = (
      await t.call(city, { method: 'GET', url: `/api/v1/audit?entityType=elder&entityId=${e.id}&action=read` })
    ).json();
    assert.ok(audit.items.some((a: { purpose: string }) => a.purpose === `institution care (residency ${r.id})`));
  });

  test('an officer sees residents from outside their registry scope without their names', async () => {
    // A 西湖区 elder in a 上城区 institution: the 上城区 officer supervises the institution, not the elder.
    const westLakeElder = await elder(t, xihu, { communityCode: '330106002051', name: '外区丙' });
    const e = await admit(staff, { bedId: bedIds[3], idNumber: westLakeElder.idNumber });
    assert.equal(e.statusCode, 201, e.body);
    const seen = (await t.call(shangcheng, { method: 'GET', url: `/api/v1/institutions/${org.id}/residents` })).json();
    const row = seen.find((x: { elderId: number }) => x.elderId === westLakeElder.id);
    assert.equal(row.name, null);
    assert.equal(
      (await t.call(shangcheng, { method: 'GET', url: `/api/v1/residencies/${e.json().id}` })).json().elder,
      null,
    );
  });

  test('transfer moves the resident and frees the old bed; discharge records the reason and closes the record to staff', async () => {
    const [spare] = await beds(t, staff, org.id, 1, 'medical_care', 'B');
    const residents = (await t.call(staff, { method: 'GET', url: `/api/v1/institutions/${org.id}/residents` })).json();
    const r = residents[0];
    const moved = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/residencies/${r.residencyId}/bed-move`,
      payload: { toBedId: spare!.id, movedOn: '2025-04-01', reason: '需医疗照护' },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().bedId, spare!.id);
    assert.deepEqual(
      moved.json().moves.map((m: { fromBedId: number }) => m.fromBedId),
      [r.bedId],
    );
    const board = (await t.call(staff, { method: 'GET', url: `/api/v1/institutions/${org.id}/beds` })).json();
    assert.equal(board.find((b: { id: number }) => b.id === r.bedId).status, 'free');
    const toOccupied = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/residencies/${r.residencyId}/bed-move`,
      payload: { toBedId: bedIds[1], movedOn: '2025-04-01', reason: 'x' },
    });
    assert.equal(toOccupied.json().code, 'bed_unavailable');
    const out = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/residencies/${r.residencyId}/discharge`,
      payload: { dischargedOn: '2025-05-01', reason: 'hospital', note: '转入市一医院' },
    });
    assert.equal(out.statusCode, 200, out.body);
    assert.equal(out.json().dischargeReasonLabel, '转入医院');
    assert.equal(out.json().elder, null, 'after discharge the staff keep the stay, not the person');
    const again = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/residencies/${r.residencyId}/discharge`,
      payload: { dischargedOn: '2025-05-01', reason: 'hospital' },
    });
    assert.equal(again.json().code, 'residency_closed');
    const detail = (await t.call(staff, { method: 'GET', url: `/api/v1/institutions/${org.id}` })).json();
    assert.equal(detail.residents, 3);
    assert.equal(detail.occupancy.occupied, 3);
  });

  test('an occupied bed cannot be taken out of service', async () => {
    const res = await t.call(staff, {
      method: 'PATCH',
      url: `/api/v1/beds/${bedIds[1]}`,
      payload: { status: 'out_of_service' },
    });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'bed_unavailable');
  });
});
