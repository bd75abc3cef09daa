// A bed is offered from the waiting list only while it is free: an occupied bed, one already
// reserved by an offer, or one out of service is never offered, and cannot be made free to force
// an offer either. A free bed, for contrast, goes to the waiting applicant.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { useLevelSource } from './assessment-level.js';
import { offerNextForBed } from './offers.js';
import { apply, beds, discharge, elder, institution, occupy } from './test-helpers.js';

describe('bed offers: only free beds', () => {
  let t: TestApp;
  let officer: string;
  let staff: string;
  let restore: () => void;
  const levels = new Map<number, number>();
  let occupied: number;
  let outOfService: number;
  let reserved: number;
  let residency: number;
  let waiting: { id: number };

  before(async () => {
    t = await testApp();
    restore = useLevelSource(async (_db, elderId) => levels.get(elderId) ?? null);
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const pub = await institution(t, officer, { ownership: 'public', name: '上城区床位邀约测试中心' });
    staff = await t.userWith('institution_staff', { organisationId: pub.id });
    [occupied, outOfService, reserved] = (await beds(t, officer, pub.id, 3)).map((b) => b.id) as [
      number,
      number,
      number,
    ];
    [residency] = (await occupy(t, officer, pub.id, [occupied])) as [number];
    const out = await t.call(staff, {
      method: 'PATCH',
      url: `/api/v1/beds/${outOfService}`,
      payload: { status: 'out_of_service' },
    });
    assert.equal(out.statusCode, 200, out.body);
    // The first applicant is offered the one free bed, which the offer then holds.
    const first = await elder(t, officer, { name: '邀约甲' });
    levels.set(first.id, 3);
    assert.equal((await apply(t, officer, first.id, [pub.id])).offers[0]?.bedId, reserved);
    const second = await elder(t, officer, { name: '轮候乙' });
    levels.set(second.id, 3);
    waiting = await apply(t, officer, second.id, [pub.id]);
  });
  after(async () => {
    restore();
    await t.close();
  });

  const bedStatus = async (id: number) =>
    (await t.database.db.selectFrom('beds').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const offersOf = async (applicationId: number) =>
    t.database.db
      .selectFrom('bed_offers')
      .select(['bed_id', 'status'])
      .where('application_id', '=', applicationId)
      .execute();

  const notFree = [
    ['an occupied', 'occupied', () => occupied],
    ['a reserved (offered)', 'reserved', () => reserved],
    ['an out-of-service', 'out_of_service', () => outOfService],
  ] as const;
  for (const [what, kind, bed] of notFree) {
    test(`${what} bed is not offered; the applicant keeps waiting and the bed keeps its status`, async () => {
      const outcome = await t.database.db.transaction().execute((tx) => offerNextForBed(tx, null, bed(), new Date()));
      assert.deepEqual(
        { outcome, status: await bedStatus(bed()), offers: await offersOf(waiting.id) },
        { outcome: 'not_free', status: kind, offers: [] },
      );
    });
  }

  test('an occupied or reserved bed cannot be marked free to force an offer', async () => {
    for (const id of [occupied, reserved]) {
      const res = await t.call(staff, { method: 'PATCH', url: `/api/v1/beds/${id}`, payload: { status: 'free' } });
      assert.equal(res.json().code, 'bed_unavailable', res.body);
    }
    assert.deepEqual(await offersOf(waiting.id), []);
  });

  test('once the occupied bed is freed it is offered to the waiting applicant', async () => {
    assert.equal((await discharge(t, staff, residency)).statusCode, 200);
    assert.deepEqual(await offersOf(waiting.id), [{ bed_id: occupied, status: 'active' }]);
    assert.equal(await bedStatus(occupied), 'reserved');
  });
});
