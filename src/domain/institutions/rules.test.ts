// Pure rules: star thresholds, waiting-list placement and declines, institution warnings.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scaleOn, starFor, validUntil } from './star-rating.js';
import { type ApplicantFacts, afterDecline, placeApplicant, waitlistPolicyOn } from './waitlist-policy.js';
import { institutionWarnings } from './warnings.js';

describe('star rating (GB/T 37276 thresholds as data)', () => {
  const scale = scaleOn('2024-01-01');
  const cases: [string, [number, number, number, number], number][] = [
    ['all full marks', [120, 130, 150, 600], 5],
    ['exactly 900 with every section ≥ 90%', [108, 117, 135, 540], 5],
    ['900 total but 环境 below 90%', [100, 130, 150, 520], 4],
    ['779.9 total', [110, 120, 130, 419.9], 3],
    // 40% of every section already sums to 400, so the 360 minimum total never decides 1 star.
    ['40% in every section (400)', [48, 52, 60, 240], 1],
    ['服务 one point under 40%', [48, 52, 60, 239], 0],
    ['high total, 服务 under 40%', [120, 130, 150, 230], 0],
  ];
  for (const [name, [environment, facilities, operations, service], star] of cases) {
    test(`${name} → ${star} star`, () => {
      assert.equal(starFor({ environment, facilities, operations, service }, scale).star, star);
    });
  }
  test('validity runs three years less a day, leap days included', () => {
    assert.equal(validUntil('2024-02-29', scale), '2027-02-28');
    assert.equal(validUntil('2024-06-01', scale), '2027-05-31');
  });
});

describe('waiting-list placement (policy hangzhou-2021.1)', () => {
  const policy = waitlistPolicyOn('2025-06-01', '330102');
  const f = (flags: string[], level: number | null, age = 75): ApplicantFacts => ({ flags, level, age });
  const cases: [string, ApplicantFacts, boolean, number][] = [
    ['特困, unassessed', f(['extreme_poverty'], null), true, 1],
    ['低保 and level 2', f(['subsistence'], 2), true, 2],
    ['低保边缘 with a 失能 flag', f(['near_subsistence', 'disabled'], null), true, 2],
    ['计划生育特殊家庭, level 1', f(['family_planning_special'], 1), true, 3],
    ['level 3', f([], 3), true, 4],
    ['失智 flag', f(['dementia'], null), true, 4],
    ['level 2', f([], 2), true, 5],
    ['unassessed at 85', f(['advanced_age'], null, 85), true, 6],
    ['低保 at level 1', f(['subsistence'], 1), true, 7],
    ['level 1 only', f([], 1), true, 9],
    ['unassessed, 70, no flags', f([], null, 70), false, 99],
    ['level 0 (intact), 70', f([], 0, 70), false, 99],
    ['特困 but 58', f(['extreme_poverty'], null, 58), false, 99],
  ];
  for (const [name, facts, eligible, tier] of cases) {
    test(`${name} → ${eligible ? `tier ${tier}` : 'not eligible'}`, () => {
      const p = placeApplicant(facts, policy);
      assert.equal(p.eligible, eligible);
      assert.equal(p.tier, tier);
      assert.equal(p.policyVersion, 'hangzhou-2021.1');
      assert.ok(p.reasons.length >= 2, 'reasons name the facts');
    });
  }
  test('unassessed applicants are told so', () => {
    assert.ok(placeApplicant(f([], null, 70), policy).reasons.includes('尚未完成能力评估'));
  });
  test('the second decline sends to the back and starts the count again', () => {
    assert.deepEqual(afterDecline(0, policy), { declineCount: 1, sendToBack: false });
    assert.deepEqual(afterDecline(1, policy), { declineCount: 0, sendToBack: true });
  });
});

describe('institution warnings', () => {
  const base = {
    beds: 50,
    residents: 40,
    nursingShare: 0.7,
    hasRehabRoom: false,
    isTownshipHome: false,
    medicalMode: 'none',
    partnerTo: null,
    star: null,
    today: '2025-06-01',
  };
  test('a rehab room is required from 100 beds', () => {
    assert.deepEqual(institutionWarnings({ ...base, beds: 99 }), []);
    assert.deepEqual(
      institutionWarnings({ ...base, beds: 100 }).map((w) => w.code),
      ['rehab_room_missing'],
    );
    assert.deepEqual(institutionWarnings({ ...base, beds: 100, hasRehabRoom: true }), []);
  });
  test('敬老院 rules, expired partner agreement and expired star', () => {
    const codes = institutionWarnings({
      ...base,
      isTownshipHome: true,
      residents: 29,
      beds: 60,
      nursingShare: 0.5,
      medicalMode: 'partner_hospital',
      partnerTo: '2025-05-31',
      star: { star: 2, validUntil: '2025-01-01' },
    }).map((w) => w.code);
    assert.deepEqual(codes, [
      'township_home_few_residents',
      'township_home_few_beds',
      'township_home_nursing_share',
      'partner_agreement_expired',
      'star_rating_expired',
    ]);
  });
});
