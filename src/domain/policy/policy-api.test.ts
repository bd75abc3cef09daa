// Every seed amount through POST /policies/evaluate, with its source shown; the 400s; browsing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';

describe('policy engine over HTTP', () => {
  let t: TestApp;
  let user: string;
  before(async () => {
    t = await testApp();
    user = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  const evaluate = (body: Record<string, unknown>, lang = 'zh-CN') =>
    t.call(user, {
      method: 'POST',
      url: '/api/v1/policies/evaluate',
      headers: { 'accept-language': lang },
      payload: body,
    });

  // [what, jurisdiction, rule, onDate, facts, amountFen, seed, section fragment, pack jurisdiction]
  const seedAmounts: [string, string, string, string, Record<string, unknown>, number, string, string, string][] = [
    [
      '家庭照护床位建床补助 3000',
      '330182',
      'homeCareBed.oneTimeGrant',
      '2024-04-01',
      { retrofitDone: false, grantedBefore: false },
      300_000,
      '002',
      '二(四)2',
      '330182',
    ],
    [
      '已改造 2000',
      '330182',
      'homeCareBed.oneTimeGrant',
      '2024-04-01',
      { retrofitDone: true, grantedBefore: false },
      200_000,
      '002',
      '二(四)2',
      '330182',
    ],
    [
      '建床老人护理补贴 600/月',
      '330182001',
      'homeCareBed.monthlyNursing',
      '2024-04-15',
      { bedActive: true },
      60_000,
      '002',
      '二(四)2',
      '330182',
    ],
    [
      '机构护理补贴上限 600/月',
      '330102',
      'institutionalCare.nursingSubsidy',
      '2024-04-01',
      { abilityLevel: 4, fullTimeCare: true, medicalIntegrationFunded: false },
      60_000,
      '004',
      '二(三)',
      '330100',
    ],
    [
      '持证奖补 五级 1.2万',
      '330106',
      'workforce.certificateBonus',
      '2022-01-10',
      { skillLevel: 5, certifiedOn: '2022-01-10', frontline: true, establishmentStaff: false },
      1_200_000,
      '000',
      '二(三)10',
      '330100',
    ],
    [
      '持证奖补 四级 1.5万',
      '330106',
      'workforce.certificateBonus',
      '2022-01-10',
      { skillLevel: 4, certifiedOn: '2022-01-10', frontline: true, establishmentStaff: false },
      1_500_000,
      '000',
      '二(三)10',
      '330100',
    ],
    [
      '持证奖补 三级 1.8万',
      '330106',
      'workforce.certificateBonus',
      '2022-01-10',
      { skillLevel: 3, certifiedOn: '2022-01-10', frontline: true, establishmentStaff: false },
      1_800_000,
      '000',
      '二(三)10',
      '330100',
    ],
    [
      '持证奖补 二级 2.1万',
      '330106',
      'workforce.certificateBonus',
      '2022-01-10',
      { skillLevel: 2, certifiedOn: '2022-01-10', frontline: true, establishmentStaff: false },
      2_100_000,
      '000',
      '二(三)10',
      '330100',
    ],
    [
      '持证奖补 一级 2.7万',
      '330106',
      'workforce.certificateBonus',
      '2022-01-10',
      { skillLevel: 1, certifiedOn: '2022-01-10', frontline: true, establishmentStaff: false },
      2_700_000,
      '000',
      '二(三)10',
      '330100',
    ],
    [
      '入职奖补 000 中职 3万',
      '330102',
      'workforce.entryBonus',
      '2021-05-01',
      { education: 'secondaryVocational', graduatedOn: '2020-07-01', hiredOn: '2021-05-01', role: 'caregiver' },
      3_000_000,
      '000',
      '二(三)10',
      '330100',
    ],
    [
      '入职奖补 000 专科 4万',
      '330102',
      'workforce.entryBonus',
      '2021-05-01',
      { education: 'juniorCollege', graduatedOn: '2020-07-01', hiredOn: '2021-05-01', role: 'caregiver' },
      4_000_000,
      '000',
      '二(三)10',
      '330100',
    ],
    [
      '入职奖补 000 本科 5万',
      '330102',
      'workforce.entryBonus',
      '2021-05-01',
      { education: 'bachelorOrAbove', graduatedOn: '2020-07-01', hiredOn: '2021-05-01', role: 'caregiver' },
      5_000_000,
      '000',
      '二(三)10',
      '330100',
    ],
    [
      '入职奖补 省级 中职 3万',
      '330102',
      'workforce.entryBonus',
      '2022-05-01',
      { education: 'secondaryVocational', graduatedOn: '2021-07-01', hiredOn: '2022-05-01', role: 'nutrition' },
      3_000_000,
      '004',
      '二(一)',
      '330100',
    ],
    [
      '入职奖补 省级 专科 4万',
      '330102',
      'workforce.entryBonus',
      '2022-05-01',
      { education: 'juniorCollege', graduatedOn: '2021-07-01', hiredOn: '2022-05-01', role: 'caregiver' },
      4_000_000,
      '004',
      '二(一)',
      '330100',
    ],
    [
      '入职奖补 省级 本科 5万',
      '330102',
      'workforce.entryBonus',
      '2022-05-01',
      { education: 'bachelorOrAbove', graduatedOn: '2021-07-01', hiredOn: '2022-05-01', role: 'caregiver' },
      5_000_000,
      '004',
      '二(一)',
      '330100',
    ],
    [
      '入职奖补 舟山 省级',
      '330902',
      'workforce.entryBonus',
      '2022-05-01',
      { education: 'bachelorOrAbove', graduatedOn: '2021-07-01', hiredOn: '2022-05-01', role: 'caregiver' },
      5_000_000,
      '004',
      '二(一)',
      '330900',
    ],
    [
      '岗位津贴 高级技师 1000',
      '330182',
      'workforce.postAllowance',
      '2024-06-01',
      { skillLevel: 1, month: '2024-06' },
      100_000,
      '002',
      '二(三)2',
      '330182',
    ],
    [
      '岗位津贴 技师 800',
      '330182',
      'workforce.postAllowance',
      '2024-06-01',
      { skillLevel: 2, month: '2024-06' },
      80_000,
      '002',
      '二(三)2',
      '330182',
    ],
    [
      '岗位津贴 高级工 600',
      '330182',
      'workforce.postAllowance',
      '2024-06-01',
      { skillLevel: 3, month: '2024-06' },
      60_000,
      '002',
      '二(三)2',
      '330182',
    ],
    [
      '岗位津贴 中级工 500',
      '330182',
      'workforce.postAllowance',
      '2024-06-01',
      { skillLevel: 4, month: '2024-06' },
      50_000,
      '002',
      '二(三)2',
      '330182',
    ],
    [
      '岗位津贴 初级工 400',
      '330182',
      'workforce.postAllowance',
      '2024-06-01',
      { skillLevel: 5, month: '2024-06' },
      40_000,
      '002',
      '二(三)2',
      '330182',
    ],
    [
      '普惠型补贴（运营方设定金额）',
      '330102001051',
      'inclusiveCareSubsidy.monthly',
      '2024-06-01',
      { abilityLevel: 3, statuses: ['subsistence'] },
      60_000,
      '001',
      '三(一)1',
      '330100',
    ],
    [
      '医保不付生活照护',
      '330900',
      'insurance.paymentBoundary',
      '2022-03-01',
      { payer: 'medicalInsurance', serviceCategory: 'dailyLivingCare', claimFen: 50_000 },
      0,
      '003',
      '二(三)11',
      '330900',
    ],
  ];
  for (const [what, code, rule, onDate, facts, fen, seed, section, pack] of seedAmounts) {
    test(`${what}: ${rule} at ${code}`, async () => {
      const res = await evaluate({ jurisdictionCode: code, rule, onDate, facts });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.amountFen, fen);
      assert.equal(
        body.payments.reduce((s: number, p: { amountFen: number }) => s + p.amountFen, 0),
        fen,
      );
      assert.equal(body.source.jurisdictionCode, pack);
      assert.equal(body.source.document.seed, seed);
      assert.ok(body.source.document.section.includes(section), body.source.document.section);
      assert.ok(body.source.document.quote.length > 5);
      assert.ok(body.explanation.length >= 2);
    });
  }

  test('the post allowance answers the city share', async () => {
    const body = (
      await evaluate({
        jurisdictionCode: '330182',
        rule: 'workforce.postAllowance',
        onDate: '2024-06-01',
        facts: { skillLevel: 2, month: '2024-06' },
      })
    ).json();
    assert.equal(body.cityShareFen, 40_000);
    assert.deepEqual(
      body.shares.map((s: { payer: string }) => s.payer),
      ['city', 'district'],
    );
    const param = body.source.parameters.find((p: { name: string }) => p.name === 'cityShareBp');
    assert.equal(param.source.quote, '所需资金由市财政承担50%');
  });

  test('operator-set values are flagged as such', async () => {
    const body = (
      await evaluate({
        jurisdictionCode: '330102',
        rule: 'inclusiveCareSubsidy.monthly',
        onDate: '2024-06-01',
        facts: { abilityLevel: 2, statuses: [] },
      })
    ).json();
    assert.deepEqual(body.source.operatorSet.sort(), [
      'baseMonthlyFenByLevel',
      'generalPercentBp',
      'percentBpByStatus',
    ]);
    assert.ok(body.explanation.some((l: string) => l.includes('运营方设定')));
    const en = (
      await evaluate(
        {
          jurisdictionCode: '330102',
          rule: 'inclusiveCareSubsidy.monthly',
          onDate: '2024-06-01',
          facts: { abilityLevel: 2, statuses: [] },
        },
        'en',
      )
    ).json();
    assert.ok(en.explanation.some((l: string) => l.includes('Operator-set')));
  });

  test('the county pack adds rules and inherits the rest from the city', async () => {
    const inherited = (
      await evaluate({
        jurisdictionCode: '330182',
        rule: 'institutionalCare.nursingSubsidy',
        onDate: '2024-01-01',
        facts: { abilityLevel: 3, fullTimeCare: true, medicalIntegrationFunded: false },
      })
    ).json();
    assert.equal(inherited.source.jurisdictionCode, '330100');
    assert.deepEqual(
      inherited.source.resolution.map(
        (r: { jurisdictionCode: string; state: string }) => `${r.jurisdictionCode}:${r.state}`,
      ),
      ['330182:absent', '330100:chosen', '330000:absent'],
    );
  });

  test('the entry bonus version follows the date: 000 in 2021, the provincial rule from 2022', async () => {
    const facts = { education: 'juniorCollege', graduatedOn: '2020-07-01', hiredOn: '2021-10-01', role: 'caregiver' };
    const v1 = (
      await evaluate({ jurisdictionCode: '330102', rule: 'workforce.entryBonus', onDate: '2021-10-01', facts })
    ).json();
    const v2 = (
      await evaluate({ jurisdictionCode: '330102', rule: 'workforce.entryBonus', onDate: '2022-01-01', facts })
    ).json();
    assert.equal(v1.source.version, 1);
    assert.equal(v2.source.version, 2);
    assert.deepEqual(
      v1.payments.map((p: { dueDate: string }) => p.dueDate),
      ['2023-10-01', '2024-10-01', '2025-10-01'],
    );
    assert.deepEqual(
      v2.payments.map((p: { amountFen: number }) => p.amountFen),
      [1_200_000, 1_200_000, 1_600_000],
    );
  });

  const errors: [string, Record<string, unknown>, string, string | undefined][] = [
    [
      'unknown rule',
      { jurisdictionCode: '330102', rule: 'nope.rule', onDate: '2024-01-01', facts: {} },
      'policy_unknown_rule',
      'rule',
    ],
    [
      'missing fact',
      {
        jurisdictionCode: '330182',
        rule: 'homeCareBed.oneTimeGrant',
        onDate: '2024-01-01',
        facts: { retrofitDone: true },
      },
      'policy_fact_missing',
      'facts.grantedBefore',
    ],
    [
      'ill-typed fact',
      {
        jurisdictionCode: '330102',
        rule: 'institutionalCare.nursingSubsidy',
        onDate: '2024-01-01',
        facts: { abilityLevel: '4', fullTimeCare: true, medicalIntegrationFunded: false },
      },
      'policy_fact_invalid',
      'facts.abilityLevel',
    ],
    [
      'out-of-range fact',
      {
        jurisdictionCode: '330102',
        rule: 'institutionalCare.nursingSubsidy',
        onDate: '2024-01-01',
        facts: { abilityLevel: 7, fullTimeCare: true, medicalIntegrationFunded: false },
      },
      'policy_fact_invalid',
      'facts.abilityLevel',
    ],
    [
      'bad enum',
      {
        jurisdictionCode: '330102',
        rule: 'workforce.entryBonus',
        onDate: '2022-01-01',
        facts: { education: 'phd', graduatedOn: '2021-07-01', hiredOn: '2022-01-01', role: 'caregiver' },
      },
      'policy_fact_invalid',
      'facts.education',
    ],
    [
      'unknown fact',
      {
        jurisdictionCode: '330182',
        rule: 'homeCareBed.monthlyNursing',
        onDate: '2024-01-01',
        facts: { bedActive: true, colour: 'red' },
      },
      'policy_fact_unknown',
      'facts.colour',
    ],
    [
      'no rule in force here (city has no family-bed rule)',
      {
        jurisdictionCode: '330102',
        rule: 'homeCareBed.oneTimeGrant',
        onDate: '2024-01-01',
        facts: { retrofitDone: true, grantedBefore: false },
      },
      'policy_not_in_force',
      'onDate',
    ],
    [
      'no rule in force then',
      {
        jurisdictionCode: '330102',
        rule: 'workforce.entryBonus',
        onDate: '2020-06-01',
        facts: { education: 'juniorCollege', graduatedOn: '2019-07-01', hiredOn: '2020-06-01', role: 'caregiver' },
      },
      'policy_not_in_force',
      'onDate',
    ],
    [
      'Zhoushan has no inclusive subsidy in its seeds',
      {
        jurisdictionCode: '330902',
        rule: 'inclusiveCareSubsidy.monthly',
        onDate: '2024-01-01',
        facts: { abilityLevel: 3, statuses: [] },
      },
      'policy_not_in_force',
      'onDate',
    ],
    [
      'impossible date',
      {
        jurisdictionCode: '330102',
        rule: 'inclusiveCareSubsidy.monthly',
        onDate: '2024-02-30',
        facts: { abilityLevel: 3, statuses: [] },
      },
      'invalid_date',
      'onDate',
    ],
  ];
  for (const [what, body, code, field] of errors) {
    test(`400 ${code}: ${what}`, async () => {
      const res = await evaluate(body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, code);
      assert.equal(res.json().field, field);
    });
  }

  test('the 400 names the fact and what it expects, in Chinese and English', async () => {
    const body = {
      jurisdictionCode: '330182',
      rule: 'homeCareBed.oneTimeGrant',
      onDate: '2024-01-01',
      facts: { retrofitDone: true },
    };
    assert.match((await evaluate(body)).json().message, /缺少事实 grantedBefore（应为boolean/);
    assert.match((await evaluate(body, 'en')).json().message, /needs the fact grantedBefore/);
    const noRule = (
      await evaluate({ ...body, jurisdictionCode: '330102', facts: { retrofitDone: true, grantedBefore: false } }, 'en')
    ).json();
    assert.match(noRule.message, /No version of homeCareBed\.oneTimeGrant is in force for 330102 on 2024-01-01/);
  });

  test('browse packs, rules, versions and sources', async () => {
    const packs = (await t.call(user, { method: 'GET', url: '/api/v1/policies/packs' })).json();
    assert.deepEqual(
      packs.map((p: { jurisdictionCode: string }) => p.jurisdictionCode),
      ['330100', '330182', '330900'],
    );
    const rules = (await t.call(user, { method: 'GET', url: '/api/v1/policies/rules' })).json();
    assert.ok(
      rules
        .find((r: { rule: string }) => r.rule === 'workforce.entryBonus')
        .facts.some((f: { name: string; required: boolean }) => f.name === 'leftOn' && !f.required),
    );
    const history = (
      await t.call(user, { method: 'GET', url: '/api/v1/policies/rules/workforce.entryBonus?jurisdictionCode=330102' })
    ).json();
    assert.deepEqual(
      history.versions.map((v: { version: number }) => v.version),
      [1, 2],
    );
    assert.deepEqual(history.versions[1].changes.map((c: { parameter: string }) => c.parameter).sort(), [
      'eligibleRoles',
      'instalments',
    ]);
    const version = (
      await t.call(user, { method: 'GET', url: `/api/v1/policies/versions/${history.versions[0].versionId}` })
    ).json();
    assert.equal(version.document.seed, '000');
    const sources = (await t.call(user, { method: 'GET', url: '/api/v1/policies/sources' })).json();
    assert.deepEqual(
      sources.map((s: { seed: string }) => s.seed),
      ['000', '001', '002', '003', '004'],
    );
    const pack = await t.call(user, { method: 'GET', url: '/api/v1/policies/packs/330182' });
    assert.equal(pack.json().versions.length, 3);
    assert.equal((await t.call(user, { method: 'GET', url: '/api/v1/policies/packs/330106' })).statusCode, 404);
    assert.equal((await t.call(null, { method: 'GET', url: '/api/v1/policies/packs' })).statusCode, 401);
  });
});
