// Cognitive screens: cut-offs table-driven, then recording through HTTP with referral tasks.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { activeCutoffs } from './screening.js';
import { AD8_ITEMS, type Answers, checkScreen, SCREEN_CUTOFFS_V1, scoreScreen } from './screens.js';
import type { Instrument } from './tables.js';
import { api, newElder, ok, type Person, person } from './testing.js';

const ad8 = (yes: number, unknown = 0): Answers =>
  Object.fromEntries(AD8_ITEMS.map((item, i) => [item.key, i < yes ? 'yes' : i < yes + unknown ? 'unknown' : 'no']));

const cases: { instrument: Instrument; answers: Answers; score: number; positive: boolean }[] = [
  { instrument: 'AD8', answers: ad8(0), score: 0, positive: false },
  { instrument: 'AD8', answers: ad8(1, 3), score: 1, positive: false },
  { instrument: 'AD8', answers: ad8(2), score: 2, positive: true },
  { instrument: 'AD8', answers: ad8(8), score: 8, positive: true },
  { instrument: 'Mini-Cog', answers: { recall: 3, clock: 2 }, score: 5, positive: false },
  { instrument: 'Mini-Cog', answers: { recall: 1, clock: 2 }, score: 3, positive: false },
  { instrument: 'Mini-Cog', answers: { recall: 0, clock: 2 }, score: 2, positive: true },
  { instrument: 'Mini-Cog', answers: { recall: 2, clock: 0 }, score: 2, positive: true },
  { instrument: 'MMSE', answers: { score: 17, educationLevel: 'illiterate' }, score: 17, positive: true },
  { instrument: 'MMSE', answers: { score: 18, educationLevel: 'illiterate' }, score: 18, positive: false },
  { instrument: 'MMSE', answers: { score: 20, educationLevel: 'primary' }, score: 20, positive: true },
  { instrument: 'MMSE', answers: { score: 21, educationLevel: 'primary' }, score: 21, positive: false },
  { instrument: 'MMSE', answers: { score: 24, educationLevel: 'secondary_or_more' }, score: 24, positive: true },
  { instrument: 'MMSE', answers: { score: 25, educationLevel: 'secondary_or_more' }, score: 25, positive: false },
  { instrument: 'MoCA', answers: { score: 25, educationYears: 12 }, score: 26, positive: false },
  { instrument: 'MoCA', answers: { score: 25, educationYears: 13 }, score: 25, positive: true },
  { instrument: 'MoCA', answers: { score: 26, educationYears: 16 }, score: 26, positive: false },
  { instrument: 'MoCA', answers: { score: 24, educationYears: 6 }, score: 25, positive: true },
  { instrument: 'MoCA', answers: { score: 30, educationYears: 0 }, score: 30, positive: false },
];

describe('cognitive screens: scoring', () => {
  for (const c of cases) {
    test(`${c.instrument} ${JSON.stringify(c.answers)} → ${c.score}, ${c.positive ? 'positive' : 'negative'}`, () => {
      assert.deepEqual(checkScreen(c.instrument, c.answers), []);
      const r = scoreScreen(c.instrument, c.answers);
      assert.equal(r.score, c.score);
      assert.equal(r.positive, c.positive);
      assert.equal(r.cutoffsVersion, SCREEN_CUTOFFS_V1.version);
    });
  }

  test('bad answers are named', () => {
    assert.deepEqual(
      checkScreen('Mini-Cog', { recall: 4, clock: 1 }).map((p) => [p.field, p.code]),
      [
        ['answers.recall', 'out_of_range'],
        ['answers.clock', 'not_allowed_value'],
      ],
    );
    assert.deepEqual(
      checkScreen('MoCA', { score: 20 }).map((p) => [p.field, p.code]),
      [['answers.educationYears', 'required']],
    );
    assert.deepEqual(
      checkScreen('AD8', { ...ad8(0), judgement: 'maybe', extra: 'no' }).map((p) => [p.field, p.code]),
      [
        ['answers.judgement', 'not_allowed_value'],
        ['answers.extra', 'unknown_field'],
      ],
    );
  });

  test('a stricter cut-off version changes the outcome, not the code', () => {
    const strict = {
      ...SCREEN_CUTOFFS_V1,
      version: 'strict',
      MMSE: { positiveAtMost: { illiterate: 19, primary: 22, secondary_or_more: 26 } },
    };
    assert.equal(scoreScreen('MMSE', { score: 25, educationLevel: 'secondary_or_more' }, strict).positive, true);
  });
});

describe('cognitive screens: recording and referrals', () => {
  let t: TestApp;
  let worker: Person;
  before(async () => {
    t = await testApp();
    worker = await person(t, 'community_worker', { jurisdictionCode: '330102001051' });
  });
  after(() => t.close());

  test('the stored version 1 equals the code', async () => {
    assert.deepEqual(await activeCutoffs(t.database.db), SCREEN_CUTOFFS_V1);
  });

  test('a positive screen opens a referral task; a negative one does not', async () => {
    const elderId = await newElder(t, worker);
    const neg = await ok(
      api(t, worker, 'POST', '/cognitive-screens', {
        elderId,
        instrument: 'Mini-Cog',
        answers: { recall: 3, clock: 2 },
      }),
      201,
    );
    assert.equal(neg.positive, false);
    assert.equal(neg.referralTaskId, null);
    const pos = await ok(
      api(t, worker, 'POST', '/cognitive-screens', { elderId, instrument: 'AD8', answers: ad8(3) }),
      201,
    );
    assert.equal(pos.positive, true);
    assert.ok(pos.referralTaskId);
    const referrals = await ok(api(t, worker, 'GET', '/cognitive-referrals?status=open'));
    assert.ok(
      referrals.some((r: { id: number; instrument: string }) => r.id === pos.referralTaskId && r.instrument === 'AD8'),
    );
    const screens = await ok(api(t, worker, 'GET', `/elders/${elderId}/cognitive-screens`));
    assert.equal(screens.length, 2);
    const closed = await ok(
      api(t, worker, 'POST', `/cognitive-referrals/${pos.referralTaskId}/close`, {
        status: 'done',
        outcome: '医院确诊轻度认知障碍',
      }),
    );
    assert.equal(closed.status, 'done');
    assert.equal(
      (
        await api(t, worker, 'POST', `/cognitive-referrals/${pos.referralTaskId}/close`, {
          status: 'done',
          outcome: 'x',
        })
      ).statusCode,
      409,
    );
  });

  test('bad answers → 400 naming the answer; other jurisdictions → 404; families may not screen', async () => {
    const elderId = await newElder(t, worker);
    const bad = await api(t, worker, 'POST', '/cognitive-screens', {
      elderId,
      instrument: 'MMSE',
      answers: { score: 31, educationLevel: 'primary' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'answers.score');
    const westLake = await person(t, 'district_officer', { jurisdictionCode: '330106' });
    assert.equal(
      (
        await api(t, westLake, 'POST', '/cognitive-screens', {
          elderId,
          instrument: 'Mini-Cog',
          answers: { recall: 0, clock: 0 },
        })
      ).statusCode,
      404,
    );
    assert.equal((await api(t, westLake, 'GET', `/elders/${elderId}/cognitive-screens`)).statusCode, 404);
    const family = await person(t, 'elder_family', { elderId });
    assert.equal(
      (
        await api(t, family, 'POST', '/cognitive-screens', {
          elderId,
          instrument: 'Mini-Cog',
          answers: { recall: 0, clock: 0 },
        })
      ).statusCode,
      403,
    );
  });
});
