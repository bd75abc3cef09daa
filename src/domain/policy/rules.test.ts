// Pure rule functions, table-driven, on the parameters of the shipped packs (no database).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addYears, fullYearsBetween, monthEnd, previousMonth } from '../../lib/dates.js';
import { loadPackDir } from './packs.js';
import { jurisdictionChain, resolveVersion } from './resolve.js';
import { ruleById } from './rules/index.js';
import { allocate, scheduleProblem } from './rules/schedule.js';

const records = loadPackDir();
function run(code: string, rule: string, version: number, facts: Record<string, unknown>, onDate: string) {
  const rec = records.find((r) => r.jurisdictionCode === code && r.rule === rule && r.version === version);
  assert.ok(rec, `${code} ${rule} v${version} is shipped`);
  const params = Object.fromEntries(Object.entries(rec.content.parameters).map(([k, p]) => [k, p.value]));
  return ruleById(rule)!.evaluate(facts as never, params as never, onDate);
}
const amounts = (o: { payments: { dueDate: string; amountFen: number }[] }) =>
  o.payments.map((p) => [p.dueDate, p.amountFen]);

describe('home care bed (002, 建德 pack)', () => {
  const cases: [string, Record<string, unknown>, boolean, number][] = [
    ['full grant', { retrofitDone: false, grantedBefore: false }, true, 300_000],
    ['home already retrofitted', { retrofitDone: true, grantedBefore: false }, true, 200_000],
    ['once per elder', { retrofitDone: false, grantedBefore: true }, false, 0],
    ['once per elder, retrofitted', { retrofitDone: true, grantedBefore: true }, false, 0],
    ['not accepted', { retrofitDone: false, grantedBefore: false, acceptancePassed: false }, false, 0],
    ['accepted', { retrofitDone: false, grantedBefore: false, acceptancePassed: true }, true, 300_000],
  ];
  for (const [name, facts, eligible, fen] of cases) {
    test(`one-time grant: ${name}`, () => {
      const o = run('330182', 'homeCareBed.oneTimeGrant', 1, facts, '2024-05-10');
      assert.equal(o.eligible, eligible);
      assert.equal(o.amountFen, fen);
      assert.deepEqual(amounts(o), fen ? [['2024-05-10', fen]] : []);
    });
  }
  test('monthly nursing: 600 yuan due on the first of the month, nothing without a bed', () => {
    assert.deepEqual(amounts(run('330182', 'homeCareBed.monthlyNursing', 1, { bedActive: true }, '2024-05-20')), [
      ['2024-05-01', 60_000],
    ]);
    assert.equal(run('330182', 'homeCareBed.monthlyNursing', 1, { bedActive: false }, '2024-05-20').amountFen, 0);
  });
});

describe('institutional nursing subsidy (004)', () => {
  const base = { fullTimeCare: true, medicalIntegrationFunded: false };
  const cases: [string, Record<string, unknown>, number][] = [
    ['level 0', { ...base, abilityLevel: 0 }, 0],
    ['level 1', { ...base, abilityLevel: 1 }, 15_000],
    ['level 2', { ...base, abilityLevel: 2 }, 30_000],
    ['level 3', { ...base, abilityLevel: 3 }, 45_000],
    ['level 4 = the 600 yuan cap', { ...base, abilityLevel: 4 }, 60_000],
    ['not full-time', { ...base, abilityLevel: 4, fullTimeCare: false }, 0],
    ['医养结合 funded: no double subsidy', { ...base, abilityLevel: 4, medicalIntegrationFunded: true }, 0],
    ['public institution not covered', { ...base, abilityLevel: 4, institutionType: 'public' }, 0],
    ['公建民营 covered', { ...base, abilityLevel: 4, institutionType: 'publicBuiltPrivateRun' }, 60_000],
    ['居家养老服务机构 covered', { ...base, abilityLevel: 3, institutionType: 'homeCareProvider' }, 45_000],
  ];
  for (const [name, facts, fen] of cases) {
    test(name, () => {
      const o = run('330100', 'institutionalCare.nursingSubsidy', 1, facts, '2024-03-15');
      assert.equal(o.amountFen, fen);
      assert.equal(o.eligible, fen > 0);
      assert.ok(o.amountFen <= 60_000);
    });
  }
});

describe('certificate bonus (000 §二(三)10)', () => {
  const cases: [number, number][] = [
    [5, 1_200_000],
    [4, 1_500_000],
    [3, 1_800_000],
    [2, 2_100_000],
    [1, 2_700_000],
  ];
  for (const [level, fen] of cases) {
    test(`skill level ${level}: ${fen / 100} yuan in five yearly fifths`, () => {
      const o = run(
        '330100',
        'workforce.certificateBonus',
        1,
        { skillLevel: level, certifiedOn: '2021-09-01', frontline: true, establishmentStaff: false },
        '2021-09-01',
      );
      assert.equal(o.amountFen, fen);
      assert.deepEqual(
        amounts(o),
        [1, 2, 3, 4, 5].map((y) => [`${2021 + y}-09-01`, fen / 5]),
      );
      assert.ok(o.payments.at(-1)!.dueDate <= addYears('2021-09-01', 5), 'paid within 5 years');
    });
  }
  test('not frontline, or establishment staff: nothing', () => {
    assert.equal(
      run(
        '330100',
        'workforce.certificateBonus',
        1,
        { skillLevel: 3, certifiedOn: '2021-09-01', frontline: false, establishmentStaff: false },
        '2021-09-01',
      ).eligible,
      false,
    );
    assert.equal(
      run(
        '330100',
        'workforce.certificateBonus',
        1,
        { skillLevel: 3, certifiedOn: '2021-09-01', frontline: true, establishmentStaff: true },
        '2021-09-01',
      ).eligible,
      false,
    );
  });
});

describe('graduate entry bonus: two schedules as versions of one rule', () => {
  const facts = (education: string, extra: Record<string, unknown> = {}) => ({
    education,
    graduatedOn: '2020-07-01',
    hiredOn: '2021-03-01',
    role: 'caregiver',
    ...extra,
  });
  const v1: [string, [string, number][]][] = [
    [
      'secondaryVocational',
      [
        ['2023-03-01', 1_000_000],
        ['2024-03-01', 1_000_000],
        ['2025-03-01', 1_000_000],
      ],
    ],
    [
      'juniorCollege',
      [
        ['2023-03-01', 1_333_333],
        ['2024-03-01', 1_333_333],
        ['2025-03-01', 1_333_334],
      ],
    ],
    [
      'bachelorOrAbove',
      [
        ['2023-03-01', 1_666_666],
        ['2024-03-01', 1_666_667],
        ['2025-03-01', 1_666_667],
      ],
    ],
  ];
  for (const [education, expected] of v1) {
    test(`v1 (000 draft): ${education} in thirds after 2, 3 and 4 years`, () => {
      const o = run('330100', 'workforce.entryBonus', 1, facts(education), '2021-03-01');
      assert.deepEqual(amounts(o), expected);
      assert.equal(
        o.amountFen,
        expected.reduce((s, [, f]) => s + f, 0),
      );
    });
  }
  const v2: [string, number][] = [
    ['secondaryVocational', 3_000_000],
    ['juniorCollege', 4_000_000],
    ['bachelorOrAbove', 5_000_000],
  ];
  for (const [education, total] of v2) {
    test(`v2 (2021 provincial rule, 004): ${education} 30/30/40% after 3, 4 and 5 years`, () => {
      const o = run('330100', 'workforce.entryBonus', 2, facts(education, { hiredOn: '2022-03-01' }), '2022-03-01');
      assert.deepEqual(amounts(o), [
        ['2025-03-01', total * 0.3],
        ['2026-03-01', total * 0.3],
        ['2027-03-01', total * 0.4],
      ]);
    });
  }
  test('hired more than 3 years after graduating: nothing', () => {
    assert.equal(
      run('330100', 'workforce.entryBonus', 2, facts('juniorCollege', { hiredOn: '2023-07-02' }), '2023-07-02')
        .eligible,
      false,
    );
    assert.equal(
      run('330100', 'workforce.entryBonus', 2, facts('juniorCollege', { hiredOn: '2023-07-01' }), '2023-07-01')
        .eligible,
      true,
    );
  });
  test('roles: v1 frontline caregivers only, v2 also assessment, nutrition …', () => {
    assert.equal(
      run('330100', 'workforce.entryBonus', 1, facts('juniorCollege', { role: 'abilityAssessment' }), '2021-03-01')
        .eligible,
      false,
    );
    assert.equal(
      run(
        '330100',
        'workforce.entryBonus',
        2,
        facts('juniorCollege', { role: 'abilityAssessment', hiredOn: '2022-03-01' }),
        '2022-03-01',
      ).eligible,
      true,
    );
    assert.equal(
      run(
        '330100',
        'workforce.entryBonus',
        2,
        facts('juniorCollege', { role: 'other', hiredOn: '2022-03-01' }),
        '2022-03-01',
      ).eligible,
      false,
    );
  });
  test('leaving forfeits the instalments not yet earned', () => {
    const o = run(
      '330100',
      'workforce.entryBonus',
      2,
      facts('secondaryVocational', { hiredOn: '2022-03-01', leftOn: '2026-01-31' }),
      '2022-03-01',
    );
    assert.deepEqual(amounts(o), [['2025-03-01', 900_000]]);
  });
});

describe('post allowance (002 §二(三)2) with the city share', () => {
  const cases: [number, number][] = [
    [1, 100_000],
    [2, 80_000],
    [3, 60_000],
    [4, 50_000],
    [5, 40_000],
  ];
  for (const [level, fen] of cases) {
    test(`skill level ${level}: ${fen / 100} yuan, city pays half`, () => {
      const o = run('330182', 'workforce.postAllowance', 1, { skillLevel: level, month: '2024-06' }, '2024-06-01');
      assert.equal(o.amountFen, fen);
      assert.deepEqual(o.shares, [
        { payer: 'city', shareBp: 5000, amountFen: fen / 2 },
        { payer: 'district', shareBp: 5000, amountFen: fen / 2 },
      ]);
      assert.deepEqual(amounts(o), [['2024-06-01', fen]]);
    });
  }
});

describe('inclusive care subsidy (001 §三(一)1): level × status percentage', () => {
  const cases: [number, string[], number][] = [
    [0, ['subsistence'], 0],
    [1, [], 6_000],
    [2, ['empty_nest'], 12_000],
    [3, ['subsistence'], 60_000],
    [4, ['extreme_poverty'], 80_000],
    [4, ['near_subsistence'], 64_000],
    [2, ['family_planning_special', 'near_subsistence'], 32_000],
    [3, ['advanced_age', 'living_alone'], 30_000],
  ];
  for (const [level, statuses, fen] of cases) {
    test(`level ${level} with [${statuses.join(', ')}] → ${fen / 100} yuan`, () => {
      const o = run('330100', 'inclusiveCareSubsidy.monthly', 1, { abilityLevel: level, statuses }, '2024-02-10');
      assert.equal(o.amountFen, fen);
      assert.deepEqual(amounts(o), fen ? [['2024-02-01', fen]] : []);
    });
  }
});

describe('insurance payment boundary (003 §二(三)11)', () => {
  const cases: [string, string, number][] = [
    ['medicalInsurance', 'dailyLivingCare', 0],
    ['medicalInsurance', 'medical', 12_345],
    ['ltcInsurance', 'dailyLivingCare', 0],
    ['ltcInsurance', 'nursing', 12_345],
    ['civilAffairs', 'dailyLivingCare', 12_345],
  ];
  for (const [payer, serviceCategory, fen] of cases) {
    test(`${payer} paying ${serviceCategory}`, () => {
      assert.equal(
        run('330900', 'insurance.paymentBoundary', 1, { payer, serviceCategory, claimFen: 12_345 }, '2022-01-01')
          .amountFen,
        fen,
      );
    });
  }
});

describe('schedules, calendar and resolution', () => {
  test('allocation never loses a fen', () => {
    for (const total of [1, 2, 99, 100, 4_000_000, 5_000_001]) {
      for (const den of [3, 7]) {
        const schedule = Array.from({ length: den }, (_, i) => ({ afterYears: i + 1, numerator: 1, denominator: den }));
        assert.equal(
          allocate(total, schedule, '2024-01-01').reduce((s, p) => s + p.amountFen, 0),
          total,
        );
      }
    }
    assert.match(scheduleProblem([{ afterYears: 1, numerator: 1, denominator: 3 }])!, /add up/);
    assert.equal(
      scheduleProblem([
        { afterYears: 1, numerator: 3, denominator: 10 },
        { afterYears: 2, numerator: 7, denominator: 10 },
      ]),
      null,
    );
  });
  test('anniversaries and months', () => {
    assert.equal(addYears('2020-02-29', 1), '2021-03-01');
    assert.equal(addYears('2021-03-01', 3), '2024-03-01');
    assert.equal(fullYearsBetween('2021-03-01', '2024-02-29'), 2);
    assert.equal(monthEnd('2024-02'), '2024-02-29');
    assert.equal(previousMonth('2024-01'), '2023-12');
  });
  test('the jurisdiction chain runs from the community up to the province', () => {
    assert.deepEqual(jurisdictionChain('330182'), ['330182', '330100', '330000']);
    assert.deepEqual(jurisdictionChain('330102001051'), ['330102001051', '330102001', '330102', '330100', '330000']);
    assert.deepEqual(jurisdictionChain('330100'), ['330100', '330000']);
    assert.deepEqual(jurisdictionChain('330900'), ['330900', '330000']);
  });
  test('the most specific pack in force wins; a lapsed override falls back to the city', () => {
    const c = (j: string, version: number, from: string, to: string | null = null) => ({
      jurisdiction_code: j,
      version,
      effective_from: from,
      effective_to: to,
    });
    const candidates = [c('330100', 1, '2021-01-01'), c('330182', 1, '2022-01-01', '2022-12-31')];
    assert.equal(resolveVersion(candidates, '330182', '2022-06-01').chosen?.jurisdiction_code, '330182');
    assert.deepEqual(
      resolveVersion(candidates, '330182', '2022-06-01').trail.map((t) => t.state),
      ['chosen', 'overridden', 'absent'],
    );
    assert.equal(resolveVersion(candidates, '330182', '2023-06-01').chosen?.jurisdiction_code, '330100');
    assert.equal(resolveVersion(candidates, '330102', '2022-06-01').chosen?.jurisdiction_code, '330100');
    assert.equal(resolveVersion(candidates, '330102', '2020-06-01').chosen, null);
  });
});
