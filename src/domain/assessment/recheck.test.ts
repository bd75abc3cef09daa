// 抽查复评: the seeded draw and the statistics as pure functions, then a month's draw, blind
// re-scores, the report and reviews on a real database.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { previousMonth, todayInShanghai } from '../../lib/dates.js';
import { makeContext } from '../identity/context.js';
import { actorForUser } from '../identity/sessions.js';
import { fullMarks, itemsWithTotal } from './fixtures.js';
import { agreement, cohenKappa, drawSample, needsReview, type Pair, sampleSize } from './recheck-rules.js';
import { drawPopulation, drawRechecks } from './rechecks.js';
import { api, newElder, ok, type Person, person, qualifiedAssessor, signedAssessment } from './testing.js';

const pair = (o: number, r: number, ot = 70, rt = 70): Pair => ({
  originalLevel: o,
  recheckLevel: r,
  originalTotal: ot,
  recheckTotal: rt,
});

describe('re-check rules', () => {
  test('sample size: a share, rounded up, at least one', () => {
    assert.deepEqual(
      [
        [0, 0.05],
        [10, 0.05],
        [100, 0.05],
        [101, 0.05],
        [3, 1],
      ].map(([n, s]) => sampleSize(n!, s!)),
      [0, 1, 5, 6, 3],
    );
  });

  test('the draw is reproducible from its seed and independent of input order', () => {
    const ids = Array.from({ length: 200 }, (_, i) => 1000 + i * 3);
    const a = drawSample(ids, 0.05, 20250601).drawn;
    assert.equal(a.length, 10);
    assert.deepEqual(drawSample([...ids].reverse(), 0.05, 20250601).drawn, a);
    assert.notDeepEqual(drawSample(ids, 0.05, 20250602).drawn, a);
    assert.equal(new Set(a).size, 10);
    assert.ok(a.every((id) => ids.includes(id)));
  });

  test("Cohen's kappa on a textbook table, perfect agreement, and the undefined case", () => {
    const pairs = [
      ...Array(20).fill(pair(1, 1)),
      ...Array(15).fill(pair(0, 0)),
      ...Array(5).fill(pair(1, 0)),
      ...Array(10).fill(pair(0, 1)),
    ];
    assert.ok(Math.abs(cohenKappa(pairs)! - 0.4) < 1e-12);
    assert.equal(cohenKappa([pair(0, 0), pair(2, 2), pair(4, 4)]), 1);
    assert.equal(cohenKappa([pair(1, 1), pair(1, 1)]), null, 'chance agreement is certain');
    const a = agreement([pair(1, 1, 70, 72), pair(1, 3, 70, 40)]);
    assert.deepEqual(a, { pairs: 2, agreementRate: 0.5, kappa: 0, meanAbsTotalDifference: 16 });
  });

  test('large disagreements: two levels apart or ten points apart', () => {
    assert.equal(needsReview(pair(1, 2, 70, 62)), false);
    assert.equal(needsReview(pair(1, 3, 70, 62)), true);
    assert.equal(needsReview(pair(1, 1, 75, 65)), true);
    assert.equal(previousMonth('2025-01-15'), '2024-12');
  });
});

describe('a month of re-checks', () => {
  let t: TestApp;
  let officer: Person;
  let a1: Person;
  let a2: Person;
  let checkers: Person[];
  const elders: number[] = [];
  const assessments: number[] = [];
  const month = todayInShanghai().slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;

  before(async () => {
    t = await testApp();
    officer = await person(t, 'district_officer', { jurisdictionCode: '330102' });
    a1 = await qualifiedAssessor(t);
    a2 = await qualifiedAssessor(t);
    for (let i = 0; i < 6; i++) {
      elders.push(await newElder(t, officer));
      assessments.push(
        (await signedAssessment(t, { officer, assessors: [a1, a2], elderId: elders[i]!, total: 70 })).id,
      );
    }
    checkers = [await qualifiedAssessor(t), await qualifiedAssessor(t), await qualifiedAssessor(t)];
    // The third checker is a relative of every elder: never drawn for them.
    for (const elderId of elders)
      await ok(api(t, checkers[2]!, 'POST', '/assessor-conflicts', { kind: 'relative', elderId }), 201);
  });
  after(() => t.close());

  test('officers draw completed months only, once per district and month', async () => {
    const current = await api(t, officer, 'POST', '/recheck-draws', { districtCode: '330102', month });
    assert.equal(current.statusCode, 400);
    assert.equal(current.json().field, 'month');
    const last = await ok(api(t, officer, 'POST', '/recheck-draws', { districtCode: '330102' }), 201);
    assert.equal(last.month, previousMonth(todayInShanghai()));
    assert.equal(last.drawn, 0);
    assert.equal(
      (await api(t, officer, 'POST', '/recheck-draws', { districtCode: '330102' })).json().code,
      'recheck_draw_exists',
    );
    const westLake = await person(t, 'district_officer', { jurisdictionCode: '330106' });
    // Another district's draws answer as if there were none: 404 for the district, the draw and its check.
    assert.equal(
      (await api(t, westLake, 'POST', '/recheck-draws', { districtCode: '330102', month: '2020-01' })).statusCode,
      404,
    );
    const theirs = await api(t, westLake, 'GET', `/recheck-draws/${last.id}`);
    assert.deepEqual(
      [theirs.statusCode, theirs.json()],
      [404, (await api(t, westLake, 'GET', '/recheck-draws/99999999')).json()],
    );
    assert.equal((await api(t, westLake, 'GET', `/recheck-draws/${last.id}/verify`)).statusCode, 404);
  });

  test('draw, blind re-score, report, review', async () => {
    const actor = (await actorForUser(t.database.db, officer.id, null))!;
    // Drawn on the first day of the next month (noon in Asia/Shanghai).
    const ctx = makeContext({
      db: t.database.db,
      actor,
      requestId: 'recheck-test',
      now: new Date(`${nextMonth}T12:00:00+08:00`),
    });
    const draw = await drawRechecks(ctx, { districtCode: '330102', month, share: 0.5, seed: 12345 });
    assert.equal(draw.population, 6);
    assert.equal(draw.drawn, 3);
    assert.equal(draw.seed, 12345);
    // Reproducible: the recorded seed over the same population gives the same sample.
    const population = await drawPopulation(t.database.db, '330102', month);
    assert.deepEqual(
      population,
      [...assessments].sort((a, b) => a - b),
    );
    assert.deepEqual(
      draw.items.map((i) => i.assessmentId),
      drawSample(population, 0.5, 12345).drawn,
    );
    assert.deepEqual((await ok(api(t, officer, 'GET', `/recheck-draws/${draw.id}/verify`))).reproduced, true);
    const byId = new Map(checkers.map((c) => [c.id, c]));
    for (const item of draw.items) {
      assert.ok(item.recheckAssessor, 'every drawn assessment has a re-checker');
      assert.ok(
        [checkers[0]!.id, checkers[1]!.id].includes(item.recheckAssessor.id),
        'never an original assessor or a relative',
      );
    }
    const [first, second, third] = draw.items;
    const checker = byId.get(first!.recheckAssessor!.id)!;
    // Blind: the first result stays hidden from the re-checker until they submit.
    assert.equal((await api(t, checker, 'GET', `/assessments/${first!.assessmentId}`)).statusCode, 404);
    assert.equal((await api(t, checker, 'GET', `/elders/${first!.elderId}/assessments`)).statusCode, 404);
    const todo = await ok(api(t, checker, 'GET', '/recheck-items/mine'));
    assert.ok(todo.some((i: { id: number; total: number | null }) => i.id === first!.id && i.total === null));
    const other = checkers.find((c) => c.id !== checker.id && c !== checkers[2])!;
    if (second!.recheckAssessor!.id !== other.id && third!.recheckAssessor!.id !== other.id)
      assert.fail('the load is spread over both checkers');
    assert.equal(
      (await api(t, a1, 'POST', `/recheck-items/${first!.id}/rescore`, { items: fullMarks() })).statusCode,
      404,
      'only the assigned re-checker',
    );

    const agreeing = await ok(
      api(t, checker, 'POST', `/recheck-items/${first!.id}/rescore`, { items: itemsWithTotal(68) }),
    );
    assert.deepEqual(
      [agreeing.total, agreeing.finalLevel, agreeing.original.finalLevel, agreeing.reviewId],
      [68, 1, 1, null],
    );
    assert.equal(
      (await api(t, checker, 'GET', `/assessments/${first!.assessmentId}`)).statusCode,
      200,
      'no longer blind once done',
    );
    assert.equal(
      (await api(t, checker, 'POST', `/recheck-items/${first!.id}/rescore`, { items: fullMarks() })).statusCode,
      409,
    );
    const bad = await api(t, byId.get(second!.recheckAssessor!.id)!, 'POST', `/recheck-items/${second!.id}/rescore`, {
      items: { 'B.1.1': 4 },
    });
    assert.equal(bad.json().code, 'assessment_item_missing');
    const far = await ok(
      api(t, byId.get(second!.recheckAssessor!.id)!, 'POST', `/recheck-items/${second!.id}/rescore`, {
        items: itemsWithTotal(40),
      }),
    );
    assert.equal(far.finalLevel, 3);
    assert.ok(far.reviewId, 'two levels apart opens a review');

    const report = await ok(api(t, officer, 'GET', `/recheck-report?month=${month}`));
    const district = report.districts.find((d: { districtCode: string }) => d.districtCode === '330102');
    assert.deepEqual(
      [district.drawn, district.done, district.agreementRate, district.meanAbsTotalDifference, district.openReviews],
      [3, 2, 0.5, 16, 1],
    );
    assert.equal(district.kappa, 0);
    assert.deepEqual(
      report.assessors.map((a: { assessorId: number; pairs: number }) => [a.assessorId, a.pairs]),
      [
        [a1.id, 2],
        [a2.id, 2],
      ],
    );
    assert.deepEqual(
      report.outliers.map((o: { recheckItemId: number }) => o.recheckItemId),
      [second!.id],
    );

    const reviews = await ok(api(t, officer, 'GET', '/assessment-reviews?status=open'));
    assert.deepEqual(
      reviews.map((r: { id: number; levelDifference: number }) => [r.id, r.levelDifference]),
      [[far.reviewId, 2]],
    );
    await ok(
      api(t, officer, 'POST', `/assessment-reviews/${far.reviewId}/close`, {
        outcome: '复核确认原评估有误，已发起更正评估',
      }),
    );
    assert.equal((await ok(api(t, officer, 'GET', '/assessment-reviews?status=open'))).length, 0);
  });
});
