// Incentives through the policy engine: the right rule version by date, instalments stored once,
// leaving stops future instalments, a higher certificate supersedes the earlier award.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { idNumber } from '../../../test/support/elders.js';
import { institution } from '../institutions/test-helpers.js';
import { syncPolicyPacks } from '../policy/store.js';
import { eligibilityFacts } from './incentive-facts.js';
import {
  incentiveFacts,
  instalmentsDue,
  markInstalmentsPaid,
  prepareMonthlyIncentives,
  scheduleIncentives,
} from './incentives.js';

describe('caregiver incentives', () => {
  let t: TestApp;
  let city: string;
  let org: { id: number };
  let staff: string;
  before(async () => {
    t = await testApp();
    await syncPolicyPacks(t.database.db);
    city = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    org = await institution(t, city, { name: '激励测试院' });
    staff = await t.userWith('institution_staff', { organisationId: org.id });
  });
  after(() => t.close());

  async function caregiver(opts: {
    birth: string;
    education: string;
    graduatedOn?: string;
    hiredOn: string;
    level?: number;
    certifiedOn?: string;
    frontline?: boolean;
    establishment?: boolean;
    organisationId?: number;
    token?: string;
  }) {
    const token = opts.token ?? staff;
    const res = await t.call(token, {
      method: 'POST',
      url: '/api/v1/workforce/workers',
      payload: {
        name: `护理员${opts.birth}`,
        idNumber: idNumber(opts.birth, 'F'),
        education: opts.education,
        graduatedOn: opts.graduatedOn ?? null,
        employment: {
          organisationId: opts.organisationId ?? org.id,
          jobRole: 'caregiver',
          frontline: opts.frontline ?? true,
          establishment: opts.establishment ?? false,
          hiredOn: opts.hiredOn,
        },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const w = res.json();
    if (opts.level) {
      const c = await t.call(token, {
        method: 'POST',
        url: `/api/v1/workforce/workers/${w.id}/certificates`,
        payload: {
          kind: 'caregiver_skill',
          skillLevel: opts.level,
          certificateNo: `C-${w.id}-${opts.level}`,
          issuedOn: opts.certifiedOn,
        },
      });
      assert.equal(c.statusCode, 200, c.body);
    }
    return w as { id: number; employments: { id: number }[] };
  }

  const instalments = async (workerId: number) =>
    (await t.call(city, { method: 'GET', url: `/api/v1/workforce/workers/${workerId}` })).json().instalments as {
      incentive: string;
      dueOn: string;
      amountFen: number;
      ruleVersion: number;
      status: string;
      seq: number;
    }[];

  test('certificate bonus and entry bonus by the versions in force on the certificate and hiring dates', async () => {
    const w = await caregiver({
      birth: '2001-03-03',
      education: 'college',
      graduatedOn: '2022-06-30',
      hiredOn: '2023-03-01',
      level: 4,
      certifiedOn: '2023-05-01',
    });
    const result = await scheduleIncentives(t.database.db, { onDate: '2026-11-30', workerIds: [w.id] });
    assert.equal(result.scheduled, 8);
    const rows = await instalments(w.id);
    const cert = rows.filter((r) => r.incentive === 'certificate_bonus');
    assert.deepEqual(
      cert.map((r) => [r.dueOn, r.amountFen]),
      [
        ['2024-05-01', 300_000],
        ['2025-05-01', 300_000],
        ['2026-05-01', 300_000],
        ['2027-05-01', 300_000],
        ['2028-05-01', 300_000],
      ],
    );
    const entry = rows.filter((r) => r.incentive === 'entry_bonus');
    // Hired in 2023: the 2022 schedule (30% after 3 years, 30% after 4, 40% after 5) of 40,000 yuan.
    assert.deepEqual(
      entry.map((r) => [r.dueOn, r.amountFen, r.ruleVersion]),
      [
        ['2026-03-01', 1_200_000, 2],
        ['2027-03-01', 1_200_000, 2],
        ['2028-03-01', 1_600_000, 2],
      ],
    );
    const again = await scheduleIncentives(t.database.db, { onDate: '2026-11-30', workerIds: [w.id] });
    assert.equal(again.scheduled, 0, 'scheduling twice adds nothing');
  });

  test('hired in 2021: the first entry-bonus schedule (thirds after 2, 3 and 4 years)', async () => {
    const w = await caregiver({
      birth: '2000-01-05',
      education: 'secondary_vocational',
      graduatedOn: '2020-07-01',
      hiredOn: '2021-06-01',
    });
    await scheduleIncentives(t.database.db, { onDate: '2026-11-30', workerIds: [w.id] });
    const entry = (await instalments(w.id)).filter((r) => r.incentive === 'entry_bonus');
    assert.deepEqual(
      entry.map((r) => [r.dueOn, r.amountFen, r.ruleVersion]),
      [
        ['2023-06-01', 1_000_000, 1],
        ['2024-06-01', 1_000_000, 1],
        ['2025-06-01', 1_000_000, 1],
      ],
    );
  });

  test('no bonus for 事业编, for non-frontline work, or for graduating more than three years before hiring', async () => {
    const est = await caregiver({
      birth: '1995-05-05',
      education: 'bachelor',
      graduatedOn: '2022-06-30',
      hiredOn: '2022-09-01',
      level: 5,
      certifiedOn: '2023-01-01',
      establishment: true,
    });
    const office = await caregiver({
      birth: '1996-06-06',
      education: 'college',
      graduatedOn: '2022-06-30',
      hiredOn: '2022-09-01',
      level: 5,
      certifiedOn: '2023-01-01',
      frontline: false,
    });
    const late = await caregiver({
      birth: '1990-07-07',
      education: 'college',
      graduatedOn: '2015-06-30',
      hiredOn: '2022-09-01',
    });
    const r = await scheduleIncentives(t.database.db, {
      onDate: '2026-11-30',
      workerIds: [est.id, office.id, late.id],
    });
    assert.equal(r.scheduled, 0);
    for (const w of [est, office, late]) assert.deepEqual(await instalments(w.id), []);
    const facts = await incentiveFacts(t.database.db, { onDate: '2026-11-30', workerIds: [est.id] });
    assert.equal(facts[0]!.establishment, true);
    assert.equal(
      eligibilityFacts(facts[0]!).find((a) => a.incentive === 'certificate_bonus')!.facts.establishmentStaff,
      true,
      'the engine decides, with the 事业编 fact',
    );
  });

  test('leaving stops later instalments; a higher certificate supersedes the earlier award', async () => {
    const w = await caregiver({
      birth: '1999-09-09',
      education: 'college',
      graduatedOn: '2022-06-30',
      hiredOn: '2023-03-01',
      level: 5,
      certifiedOn: '2023-04-01',
    });
    await scheduleIncentives(t.database.db, { onDate: '2024-12-31', workerIds: [w.id] });
    await t.call(staff, {
      method: 'POST',
      url: `/api/v1/workforce/workers/${w.id}/certificates`,
      payload: { kind: 'caregiver_skill', skillLevel: 3, certificateNo: `UP-${w.id}`, issuedOn: '2025-02-01' },
    });
    const up = await scheduleIncentives(t.database.db, { onDate: '2025-03-31', workerIds: [w.id] });
    assert.equal(up.superseded, 4, 'the 五级 award’s unpaid 2025–2028 instalments give way to the 三级 award');
    const cert = (await instalments(w.id)).filter((r) => r.incentive === 'certificate_bonus');
    assert.equal(cert.filter((r) => r.status === 'scheduled' && r.amountFen === 360_000).length, 5);
    const left = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/workforce/employments/${w.employments[0]!.id}/end`,
      payload: { leftOn: '2026-06-30', reason: '离职' },
    });
    assert.equal(left.statusCode, 200, left.body);
    const after = await instalments(w.id);
    assert.ok(
      after.filter((r) => r.dueOn > '2026-06-30').every((r) => r.status === 'cancelled'),
      'nothing due after the last day stays scheduled',
    );
    assert.ok(
      after.some((r) => r.dueOn <= '2026-06-30' && r.status === 'scheduled'),
      'earned instalments stay payable',
    );
  });

  test('the monthly run: the county city’s post allowance with its version, what is due, and paying it', async () => {
    const jiande = await institution(t, city, { name: '建德颐养院', jurisdictionCode: '330182' });
    const jiandeStaff = await t.userWith('institution_staff', { organisationId: jiande.id });
    const w = await caregiver({
      birth: '1980-10-10',
      education: 'high_school',
      hiredOn: '2020-01-01',
      level: 3,
      certifiedOn: '2019-01-01',
      organisationId: jiande.id,
      token: jiandeStaff,
    });
    const run = await prepareMonthlyIncentives(t.database.db, '2026-11');
    const mine = run.due.filter((d) => d.workerId === w.id);
    const allowance = mine.find((d) => d.incentive === 'post_allowance');
    assert.equal(allowance?.amountFen, 60_000);
    assert.equal(allowance?.rule, 'workforce.postAllowance');
    assert.equal(allowance?.ruleVersion, 1);
    assert.equal(allowance?.dueOn, '2026-11-01');
    // Certified in 2019, before the certificate bonus existed: no award.
    assert.equal(mine.filter((d) => d.incentive === 'certificate_bonus').length, 0);
    const paid = await markInstalmentsPaid(
      t.database.db,
      mine.map((d) => d.id),
      '2026-11-30',
      'run:2026-11',
    );
    assert.equal(paid.length, mine.length);
    assert.equal((await instalmentsDue(t.database.db, '2026-11-30')).filter((d) => d.workerId === w.id).length, 0);
    assert.equal(
      (await prepareMonthlyIncentives(t.database.db, '2026-11')).due.filter((d) => d.workerId === w.id).length,
      0,
      'a second run of the month pays nothing twice',
    );
    const viaApi = await t.call(city, {
      method: 'POST',
      url: '/api/v1/workforce/incentives/schedule',
      payload: { month: '2026-12' },
    });
    assert.equal(viaApi.statusCode, 200, viaApi.body);
    assert.ok(
      viaApi
        .json()
        .due.some(
          (d: { workerId: number; incentive: string }) => d.workerId === w.id && d.incentive === 'post_allowance',
        ),
    );
    assert.equal(
      (
        await t.call(staff, {
          method: 'POST',
          url: '/api/v1/workforce/incentives/schedule',
          payload: { month: '2026-12' },
        })
      ).statusCode,
      403,
    );
  });
});
