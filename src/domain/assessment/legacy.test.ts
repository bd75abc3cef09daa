// Old MZ/T 039-2013 results: checked, imported all-or-nothing, labelled, never counted as
// GB/T 42195 levels; and the rehabilitation-needs and 体适能 sections of an assessment.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { idNumber } from '../../../test/support/elders.js';
import { currentLevel } from './current-level.js';
import { adlGrade, BARTHEL_ITEMS, checkLegacyRecord } from './legacy.js';
import { api, newElder, ok, type Person, person, qualifiedAssessor, signedAssessment } from './testing.js';

const fullBarthel = () => Object.fromEntries(Object.entries(BARTHEL_ITEMS).map(([k, v]) => [k, v.scores[0]!]));

describe('MZ/T 039-2013 rules', () => {
  for (const [score, grade] of [
    [100, 0],
    [95, 1],
    [65, 1],
    [60, 2],
    [45, 2],
    [40, 3],
    [0, 3],
  ] as const) {
    test(`Barthel ${score} → ADL grade ${grade}`, () => assert.equal(adlGrade(score), grade));
  }
  test('full Barthel items add up to 100; wrong values and sums are named', () => {
    assert.equal(
      checkLegacyRecord(
        { elderId: 1, assessedOn: '2019-05-01', adlItems: fullBarthel(), level: 0, source: 's', externalId: '1' },
        'r',
        '2026-01-01',
      ).adlScore,
      100,
    );
    const bad = checkLegacyRecord(
      {
        elderId: 1,
        assessedOn: '2019-05-01',
        adlItems: { ...fullBarthel(), bathing: 3 },
        adlScore: 100,
        adlGrade: 0,
        level: 0,
        source: 's',
        externalId: '1',
      },
      'r',
      '2026-01-01',
    );
    assert.deepEqual(
      bad.problems.map((p) => p.field),
      ['r.adlItems.bathing', 'r.adlScore', 'r.adlGrade'],
    );
  });
});

describe('old results and assessment sections through HTTP', () => {
  let t: TestApp;
  let officer: Person;
  before(async () => {
    t = await testApp();
    officer = await person(t, 'district_officer', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  test('import by elder id or ID number, labelled, idempotent, kept out of GB/T 42195 levels and counts', async () => {
    const id = idNumber('1941-02-03', 'M');
    const elderA = await newElder(t, officer);
    const elderB = await newElder(t, officer, { idNumber: id });
    const records = [
      {
        elderId: elderA,
        assessedOn: '2018-06-01',
        adlItems: { ...fullBarthel(), stairs: 0, walking: 5 },
        mentalGrade: 1,
        perceptionGrade: 0,
        socialGrade: 1,
        level: 1,
        source: '旧系统',
        externalId: 'OLD-1',
      },
      { idNumber: id, assessedOn: '2019-09-09', adlScore: 40, level: 3, source: '旧系统', externalId: 'OLD-2' },
    ];
    const first = await ok(api(t, officer, 'POST', '/assessments/legacy', { records }));
    assert.deepEqual(first, { imported: 2, skipped: 0 });
    assert.deepEqual(await ok(api(t, officer, 'POST', '/assessments/legacy', { records })), {
      imported: 0,
      skipped: 2,
    });
    const history = await ok(api(t, officer, 'GET', `/elders/${elderA}/assessments`));
    assert.equal(history.current, null, 'an old result is not a current GB/T 42195 level');
    assert.deepEqual(
      history.legacy.map((l: { standard: string; level: number }) => [l.standard, l.level]),
      [['MZ/T 039-2013', 1]],
    );
    assert.equal(history.legacy[0].adlScore, 80);
    assert.equal(await currentLevel(t.database.db, elderB), null);
    const stats = await ok(api(t, officer, 'GET', '/assessment-statistics'));
    assert.equal(stats.current.standard, 'GB/T 42195-2022');
    assert.equal(stats.legacyOnly.standard, 'MZ/T 039-2013');
    const legacyCounts = stats.legacyOnly.byDistrict.find((d: { districtCode: string }) => d.districtCode === '330102');
    assert.equal(legacyCounts.total, 2);
    assert.equal(
      stats.current.byDistrict.reduce((s: number, d: { total: number }) => s + d.total, 0),
      0,
    );
    // Once a GB/T 42195 assessment is signed, the old result leaves the counts.
    const [a1, a2] = [await qualifiedAssessor(t), await qualifiedAssessor(t)];
    await signedAssessment(t, { officer, assessors: [a1, a2], elderId: elderA, total: 40 });
    const after = await ok(api(t, officer, 'GET', '/assessment-statistics'));
    assert.equal(after.legacyOnly.byDistrict[0].total, 1);
    assert.deepEqual(after.current.byDistrict[0].levels, [0, 0, 0, 1, 0]);
  });

  test('a bad file writes nothing and names every problem; other roles and places are refused', async () => {
    const elderId = await newElder(t, officer);
    const westLake = await person(t, 'district_officer', { jurisdictionCode: '330106' });
    const records = [
      { elderId, assessedOn: '2019-01-01', adlScore: 70, adlGrade: 2, level: 1, source: 'x', externalId: 'B-1' },
      { elderId, assessedOn: '2019-01-01', adlScore: 70, level: 1, source: 'x', externalId: 'B-2' },
    ];
    const bad = await api(t, officer, 'POST', '/assessments/legacy', { records });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().code, 'import_invalid');
    assert.deepEqual(
      bad.json().errors.map((e: { field: string }) => e.field),
      ['records[0].adlGrade'],
    );
    assert.equal(
      (await t.database.db.selectFrom('legacy_assessments').select('id').where('external_id', '=', 'B-2').execute())
        .length,
      0,
    );
    const outside = await api(t, westLake, 'POST', '/assessments/legacy', { records: [records[1]] });
    assert.deepEqual(
      outside.json().errors.map((e: { field: string }) => e.field),
      ['records[0].elderId'],
    );
    const volunteer = await person(t, 'volunteer', { jurisdictionCode: '330102' });
    assert.equal((await api(t, volunteer, 'POST', '/assessments/legacy', { records: [records[1]] })).statusCode, 403);
  });

  test('rehabilitation needs and 体适能 are validated by their schemas', async () => {
    const [a1, a2] = [await qualifiedAssessor(t), await qualifiedAssessor(t)];
    const elderId = await newElder(t, officer);
    const task = await ok(api(t, officer, 'POST', '/assessment-tasks', { elderId, reason: 'application' }), 201);
    await ok(api(t, officer, 'POST', `/assessment-tasks/${task.id}/assign`, { assessorIds: [a1.id, a2.id] }));
    const draft = await ok(api(t, a1, 'POST', `/assessment-tasks/${task.id}/assessments`, {}), 201);
    const badArea = await api(t, a1, 'PATCH', `/assessments/${draft.id}`, {
      rehabNeeds: { needs: [{ area: 'flying', priority: 'high' }] },
    });
    assert.equal(badArea.statusCode, 400);
    assert.match(badArea.json().field, /^rehabNeeds\.needs\[0\]\.area/);
    const badGrip = await api(t, a1, 'PATCH', `/assessments/${draft.id}`, {
      fitness: { testedOn: '2025-01-01', gripStrengthKg: 500 },
    });
    assert.equal(badGrip.json().field, 'fitness.gripStrengthKg');
    const saved = await ok(
      api(t, a1, 'PATCH', `/assessments/${draft.id}`, {
        rehabNeeds: {
          needs: [{ area: 'swallowing', priority: 'medium', note: '吞咽训练' }],
          recommendedServices: ['上门康复'],
        },
        fitness: { testedOn: '2025-01-01', timedUpAndGoS: 14.2, sixMinuteWalkM: 320 },
      }),
    );
    assert.equal(saved.rehabNeeds.recommendedServices[0], '上门康复');
    assert.equal(saved.fitness.timedUpAndGoS, 14.2);
    const cleared = await ok(api(t, a1, 'PATCH', `/assessments/${draft.id}`, { fitness: null }));
    assert.equal(cleared.fitness, null);
  });
});
