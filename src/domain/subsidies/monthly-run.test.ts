// The monthly run end to end: preview by district with last month's figures, approval by a
// second pair of eyes while the budget covers the list, posting through the ledger with the rule
// version on every transfer, idempotency, appropriations, and a dry run that writes nothing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { idNumber } from '../../../test/support/elders.js';
import { institution } from '../institutions/test-helpers.js';
import { assertBooksBalance, budget } from '../ledger/ledger-fixtures.js';
import { signLevel } from './subsidy-fixtures.js';

describe('monthly run', () => {
  let t: TestApp;
  let admin: string;
  let sc: string;
  let jd: string;
  const ids: Record<string, number> = {};
  let budgets: Record<string, number>;
  let runId: number;

  async function elder(
    token: string,
    key: string,
    birth: string,
    level: number | null,
    extra: Record<string, unknown> = {},
  ) {
    const res = await t.call(token, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: {
        name: `月度${key}`,
        idNumber: idNumber(birth),
        phone: null,
        communityCode: '330102001051',
        address: '测试地址 1 号',
        ...extra,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    ids[key] = res.json().id;
    if (level !== null) await signLevel(t.database.db, ids[key]!, level);
    return ids[key]!;
  }

  before(async () => {
    t = await testApp();
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    sc = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    jd = await t.userWith('district_officer', { jurisdictionCode: '330182' });
    budgets = {
      city: await budget(t, admin, '330100', 10_000_000),
      sc: await budget(t, admin, '330102', 10_000_000),
      jd: await budget(t, admin, '330182', 10_000_000),
    };
    await elder(sc, 'A', '1950-05-05', 3);
    await t.call(sc, {
      method: 'POST',
      url: `/api/v1/elders/${ids.A}/flags`,
      payload: { flag: 'subsistence', effectiveFrom: '2024-01-01' },
    });
    await elder(sc, 'B', '1952-06-06', 2);
    await elder(sc, 'C', '1953-07-07', 0);
    await elder(sc, 'D', '1954-08-08', null);
    await elder(sc, 'E', '1948-09-09', 4);
    await elder(sc, 'F', '1940-01-10', 1);
    await elder(sc, 'G', '1949-02-11', 3);
    await t.call(sc, {
      method: 'POST',
      url: `/api/v1/elders/${ids.G}/archive`,
      payload: { reason: 'deceased', date: '2025-02-10' },
    });
    const home = await institution(t, admin, { name: '上城月度测试院' });
    const enrolE = await t.call(sc, {
      method: 'POST',
      url: '/api/v1/subsidies/enrolments',
      payload: {
        programme: 'institutionalCare.nursingSubsidy',
        elderId: ids.E,
        effectiveFrom: '2025-01-01',
        organisationId: home.id,
        facts: { fullTimeCare: true, medicalIntegrationFunded: false, institutionType: 'private' },
      },
    });
    assert.equal(enrolE.statusCode, 201, enrolE.body);

    await elder(jd, 'H', '1947-03-12', 2, { communityCode: '330182001020' });
    const jiande = await institution(t, admin, { name: '建德月度测试院', jurisdictionCode: '330182001' });
    ids.jiande = jiande.id;
    const bed = await t.call(jd, {
      method: 'POST',
      url: '/api/v1/subsidies/enrolments',
      payload: {
        programme: 'homeCareBed.monthlyNursing',
        elderId: ids.H,
        effectiveFrom: '2025-03-05',
        organisationId: jiande.id,
        facts: { retrofitDone: false },
      },
    });
    assert.equal(bed.statusCode, 201, bed.body);
    assert.equal(bed.json().award.amountFen, 300_000);
    const staff = await t.userWith('institution_staff', { organisationId: jiande.id });
    const worker = await t.call(staff, {
      method: 'POST',
      url: '/api/v1/workforce/workers',
      payload: {
        name: '建德护理员',
        idNumber: idNumber('1985-04-04', 'F', '330182'),
        education: 'high_school',
        employment: { organisationId: jiande.id, jobRole: 'caregiver', frontline: true, hiredOn: '2020-01-01' },
      },
    });
    assert.equal(worker.statusCode, 201, worker.body);
    ids.worker = worker.json().id;
    const cert = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/workforce/workers/${ids.worker}/certificates`,
      payload: { kind: 'caregiver_skill', skillLevel: 3, certificateNo: `JD-${process.pid}`, issuedOn: '2024-12-01' },
    });
    assert.equal(cert.statusCode, 200, cert.body);
  });
  after(() => t.close());

  const district = (view: { districts: { districtCode: string }[] }, code: string) =>
    view.districts.find((d) => d.districtCode === code) as unknown as {
      itemCount: number;
      totalFen: number;
      previousTotalFen: number;
      changeFen: number;
      approvedBy: string | null;
      postedAt: string | null;
      postedCount: number;
      byProgramme: { programme: string; count: number; totalFen: number; note?: string }[];
    };
  const balance = async (type: string, owner: number) => {
    const res = (
      await t.call(admin, { method: 'GET', url: `/api/v1/ledger/accounts?type=${type}&owner=${owner}` })
    ).json();
    return res.items[0]?.balanceFen ?? null;
  };

  test('a dry run shows the preview and writes nothing', async () => {
    const count = async () =>
      (
        await t.database.db
          .selectFrom('subsidy_run_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/subsidies/runs',
      payload: { month: '2025-03', jurisdictionCode: '330100', dryRun: true },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().dryRun, true);
    assert.equal(district(res.json(), '330102').totalFen, 166_000);
    assert.equal(Number(await count()), 0);
    assert.equal((await t.call(admin, { method: 'GET', url: '/api/v1/subsidies/runs' })).json().length, 0);
  });

  test('the preview computes every programme per district, with the rule behind each line', async () => {
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/subsidies/runs',
      payload: { month: '2025-03', jurisdictionCode: '330100' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const run = res.json();
    runId = run.id;
    assert.equal(run.districts.length, 13);
    assert.equal(run.status, 'previewed');
    const shangcheng = district(run, '330102');
    // A 600 (level 3, 低保 100%), B 120 (level 2, 30%), E 240 + 600 institutional, F 100 (高龄 50% of 200).
    assert.deepEqual(
      shangcheng.byProgramme.filter((p) => p.count).map((p) => [p.programme, p.count, p.totalFen]),
      [
        ['inclusiveCareSubsidy.monthly', 4, 106_000],
        ['institutionalCare.nursingSubsidy', 1, 60_000],
      ],
    );
    assert.equal(
      shangcheng.byProgramme.find((p) => p.programme === 'homeCareBed.monthlyNursing')?.note,
      'no rule in force',
    );
    const jiande = district(run, '330182');
    assert.deepEqual(
      jiande.byProgramme
        .filter((p) => p.count)
        .map((p) => [p.programme, p.count, p.totalFen])
        .sort(),
      [
        ['homeCareBed.monthlyNursing', 1, 60_000],
        ['homeCareBed.oneTimeGrant', 1, 300_000],
        ['inclusiveCareSubsidy.monthly', 1, 12_000],
        ['workforce.postAllowance', 1, 60_000],
      ],
    );
    const items = (
      await t.call(sc, {
        method: 'GET',
        url: `/api/v1/subsidies/runs/${runId}/items?district=330102&programme=inclusiveCareSubsidy.monthly`,
      })
    ).json();
    const a = items.items.find((i: { beneficiaryId: number }) => i.beneficiaryId === ids.A);
    assert.equal(a.amountFen, 60_000);
    assert.equal(a.pack, '330100');
    assert.equal(a.idempotencyKey, `sys:sub:ics:2025-03:e${ids.A}:d`);
    assert.ok(
      !items.items.some((i: { beneficiaryId: number }) => [ids.C, ids.D, ids.G].includes(i.beneficiaryId)),
      'level 0, unassessed and archived elders get nothing',
    );
  });

  test('nothing is posted before approval; whoever started the run, or another district, cannot approve', async () => {
    const post = await t.call(admin, { method: 'POST', url: `/api/v1/subsidies/runs/${runId}/post` });
    assert.equal(post.statusCode, 200, post.body);
    assert.deepEqual(post.json().posted, []);
    assert.equal(post.json().waiting.length, 13);
    const own = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/subsidies/runs/${runId}/districts/330102/approve`,
    });
    assert.equal(own.statusCode, 403);
    assert.equal(own.json().code, 'four_eyes_required');
    assert.equal(
      (await t.call(jd, { method: 'POST', url: `/api/v1/subsidies/runs/${runId}/districts/330102/approve` }))
        .statusCode,
      403,
    );
    assert.equal(await balance('care', ids.A!), null);
  });

  test('approve → post moves the money and records the rule version on every transfer', async () => {
    const approved = await t.call(sc, {
      method: 'POST',
      url: `/api/v1/subsidies/runs/${runId}/districts/330102/approve`,
    });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.ok(district(approved.json(), '330102').approvedBy);
    assert.equal(approved.json().districts.length, 1, 'a district officer sees only their district');
    const post = (await t.call(sc, { method: 'POST', url: `/api/v1/subsidies/runs/${runId}/post` })).json();
    assert.deepEqual(
      post.posted.map((p: { district: string; posted: number; totalFen: number }) => [
        p.district,
        p.posted,
        p.totalFen,
      ]),
      [['330102', 5, 166_000]],
    );
    assert.equal(await balance('care', ids.A!), 60_000);
    assert.equal(await balance('care', ids.E!), 84_000);
    assert.equal(await balance('budget', 330102), -166_000);
    const account = (
      await t.call(admin, { method: 'GET', url: `/api/v1/ledger/accounts?type=care&owner=${ids.A}` })
    ).json().items[0];
    const statement = (await t.call(admin, { method: 'GET', url: `/api/v1/ledger/accounts/${account.id}` })).json()
      .statement.items;
    assert.equal(statement[0].programme, 'inclusiveCareSubsidy.monthly');
    assert.equal(statement[0].period, '2025-03');
    const version = (
      await t.call(admin, { method: 'GET', url: `/api/v1/policies/versions/${statement[0].policyVersionId}` })
    ).json();
    assert.equal(version.rule, 'inclusiveCareSubsidy.monthly');
    await assertBooksBalance(t, admin);
  });

  test('posting again, or starting the same month again, adds nothing', async () => {
    const before = (await t.call(admin, { method: 'GET', url: '/api/v1/ledger/trial-balance' })).json().CNY_FEN
      .transfers;
    const again = (await t.call(sc, { method: 'POST', url: `/api/v1/subsidies/runs/${runId}/post` })).json();
    assert.deepEqual(again.posted, []);
    const restart = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/subsidies/runs',
      payload: { month: '2025-03', jurisdictionCode: '330100' },
    });
    assert.equal(restart.json().id, runId);
    const overlap = await t.call(sc, {
      method: 'POST',
      url: '/api/v1/subsidies/runs',
      payload: { month: '2025-03', jurisdictionCode: '330102' },
    });
    assert.equal(overlap.statusCode, 409);
    const after = (await t.call(admin, { method: 'GET', url: '/api/v1/ledger/trial-balance' })).json().CNY_FEN
      .transfers;
    assert.equal(after, before);
  });

  test('the county: family bed, building grant to the institution, post allowance split with the city', async () => {
    assert.equal(
      (await t.call(jd, { method: 'POST', url: `/api/v1/subsidies/runs/${runId}/districts/330182/approve` }))
        .statusCode,
      200,
    );
    const post = (await t.call(jd, { method: 'POST', url: `/api/v1/subsidies/runs/${runId}/post` })).json();
    assert.deepEqual(
      post.posted.map((p: { totalFen: number }) => p.totalFen),
      [432_000],
    );
    assert.equal(await balance('care', ids.H!), 72_000);
    assert.equal(await balance('provider', ids.jiande!), 300_000);
    assert.equal(await balance('worker', ids.worker!), 60_000);
    assert.equal(await balance('budget', 330100), -30_000, 'the city pays half the post allowance');
    assert.equal(await balance('budget', 330182), -402_000);
    const worker = (await t.call(admin, { method: 'GET', url: `/api/v1/workforce/workers/${ids.worker}` })).json();
    const allowance = worker.instalments.find((i: { incentive: string }) => i.incentive === 'post_allowance');
    assert.equal(allowance.status, 'paid');
    await assertBooksBalance(t, admin);
  });

  test('next month compares with what was posted last month', async () => {
    const res = (
      await t.call(admin, {
        method: 'POST',
        url: '/api/v1/subsidies/runs',
        payload: { month: '2025-04', jurisdictionCode: '330100' },
      })
    ).json();
    const shangcheng = district(res, '330102');
    assert.equal(shangcheng.previousTotalFen, 166_000);
    assert.equal(shangcheng.totalFen, 166_000);
    assert.equal(shangcheng.changeFen, 0);
    const jiande = district(res, '330182');
    assert.equal(jiande.previousTotalFen, 432_000);
    assert.equal(jiande.totalFen, 132_000, 'the building grant was once; the bed and the allowance recur');
  });

  test('approval is refused while the budget cannot cover the list, naming the shortfall in fen', async () => {
    const view = (await t.call(admin, { method: 'GET', url: '/api/v1/subsidies/runs' }))
      .json()
      .find((r: { month: string }) => r.month === '2025-04');
    // 166,000 fen spent in March: 34,000 of 200,000 remain for April's 166,000.
    assert.equal(
      (
        await t.call(admin, {
          method: 'PUT',
          url: `/api/v1/ledger/accounts/${budgets.sc}/appropriation`,
          payload: { appropriationFen: 200_000 },
        })
      ).statusCode,
      200,
    );
    const short = await t.call(sc, {
      method: 'POST',
      url: `/api/v1/subsidies/runs/${view.id}/districts/330102/approve`,
    });
    assert.equal(short.statusCode, 409, short.body);
    assert.equal(short.json().code, 'budget_shortfall');
    assert.match(short.json().message, /上城区.*应付 166000 分，可用 34000 分，尚缺 132000 分（¥1,320\.00）/);
    const english = await t.call(sc, {
      method: 'POST',
      url: `/api/v1/subsidies/runs/${view.id}/districts/330102/approve`,
      headers: { 'accept-language': 'en' },
    });
    assert.match(english.json().message, /132000 fen short/);
    const still = (await t.call(sc, { method: 'GET', url: `/api/v1/subsidies/runs/${view.id}` })).json();
    assert.equal(district(still, '330102').approvedBy, null);
    assert.equal(
      (
        await t.call(admin, {
          method: 'PUT',
          url: `/api/v1/ledger/accounts/${budgets.sc}/appropriation`,
          payload: { appropriationFen: 332_000 },
        })
      ).statusCode,
      200,
    );
    // Exactly enough is enough.
    const covered = await t.call(sc, {
      method: 'POST',
      url: `/api/v1/subsidies/runs/${view.id}/districts/330102/approve`,
    });
    assert.equal(covered.statusCode, 200, covered.body);
  });

  test('a budget cut below the approved list after approval stops the posting before anything is written', async () => {
    const view = (await t.call(admin, { method: 'GET', url: '/api/v1/subsidies/runs' }))
      .json()
      .find((r: { month: string }) => r.month === '2025-04');
    assert.equal(
      (
        await t.call(admin, {
          method: 'PUT',
          url: `/api/v1/ledger/accounts/${budgets.sc}/appropriation`,
          payload: { appropriationFen: 200_000 },
        })
      ).statusCode,
      200,
    );
    const post = await t.call(sc, { method: 'POST', url: `/api/v1/subsidies/runs/${view.id}/post` });
    assert.equal(post.statusCode, 409, post.body);
    assert.equal(post.json().code, 'appropriation_exceeded');
    assert.match(post.json().message, /上城区/);
    assert.equal(await balance('care', ids.A!), 60_000);
    await t.call(admin, {
      method: 'PUT',
      url: `/api/v1/ledger/accounts/${budgets.sc}/appropriation`,
      payload: { appropriationFen: 10_000_000 },
    });
    const retry = (await t.call(sc, { method: 'POST', url: `/api/v1/subsidies/runs/${view.id}/post` })).json();
    assert.equal(retry.posted[0].totalFen, 166_000);
    assert.equal(await balance('care', ids.A!), 120_000);
    await assertBooksBalance(t, admin);
  });

  test('four eyes: whoever started or computed a run cannot approve it; another officer of the district or the city can', async () => {
    const sc2 = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const approve = (token: string, id: number) =>
      t.call(token, { method: 'POST', url: `/api/v1/subsidies/runs/${id}/districts/330102/approve` });
    const may = await t.call(sc, {
      method: 'POST',
      url: '/api/v1/subsidies/runs',
      payload: { month: '2025-05', jurisdictionCode: '330102' },
    });
    assert.equal(may.statusCode, 201, may.body);
    const refused = await approve(sc, may.json().id);
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().code, 'four_eyes_required');
    assert.match(refused.json().message, /上城区/);
    assert.equal(
      district((await t.call(sc, { method: 'GET', url: `/api/v1/subsidies/runs/${may.json().id}` })).json(), '330102')
        .approvedBy,
      null,
    );
    const second = await approve(sc2, may.json().id);
    assert.equal(second.statusCode, 200, second.body);
    assert.ok(district(second.json(), '330102').approvedBy);

    // Recomputing makes the second officer the preview's author: now only a third person (here the city) approves.
    const june = (
      await t.call(sc, {
        method: 'POST',
        url: '/api/v1/subsidies/runs',
        payload: { month: '2025-06', jurisdictionCode: '330102' },
      })
    ).json();
    assert.equal(
      (await t.call(sc2, { method: 'POST', url: `/api/v1/subsidies/runs/${june.id}/recompute` })).statusCode,
      200,
    );
    assert.equal((await approve(sc2, june.id)).json().code, 'four_eyes_required');
    assert.equal((await approve(sc, june.id)).json().code, 'four_eyes_required');
    const city = await approve(admin, june.id);
    assert.equal(city.statusCode, 200, city.body);
    assert.ok(district(city.json(), '330102').approvedBy);
  });
});
