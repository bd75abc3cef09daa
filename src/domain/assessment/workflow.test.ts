// The assessor workflow end to end through HTTP: qualifications (the city's), conflicts (declared,
// evident, registering the elder), tasks, draft → submitted → signed, immutability (also in SQL),
// corrections, history, current level, jurisdiction, audit.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { TEST_PASSWORD, type TestApp, testApp } from '../../../test/support/app.js';
import { currentAssessmentLevels, currentLevel } from './current-level.js';
import { fullMarks, itemsWithTotal } from './fixtures.js';
import {
  api,
  cityAdmin,
  newElder,
  ok,
  type Person,
  person,
  personWithGrants,
  qualifiedAssessor,
  qualify,
  signedAssessment,
} from './testing.js';

describe('assessment workflow', () => {
  let t: TestApp;
  let officer: Person;
  let a1: Person;
  let a2: Person;
  before(async () => {
    t = await testApp();
    officer = await person(t, 'district_officer', { jurisdictionCode: '330102' });
    a1 = await qualifiedAssessor(t);
    a2 = await qualifiedAssessor(t);
  });
  after(() => t.close());

  test('qualifications: registered by the city only, for assessors, certificate numbers unique', async () => {
    const city = await cityAdmin(t);
    const volunteer = await person(t, 'volunteer', { jurisdictionCode: '330102' });
    const notAssessor = await api(t, city, 'POST', '/assessor-qualifications', {
      userId: volunteer.id,
      certificateNo: 'X-1',
      issuedOn: '2024-01-01',
      expiresOn: '2027-01-01',
    });
    assert.equal(notAssessor.statusCode, 404);
    const westLake = await person(t, 'assessor', { jurisdictionCode: '330106' });
    const byDistrict = await api(t, officer, 'POST', '/assessor-qualifications', {
      userId: westLake.id,
      certificateNo: 'X-2',
      issuedOn: '2024-01-01',
      expiresOn: '2027-01-01',
    });
    assert.equal(byDistrict.statusCode, 403);
    assert.equal(byDistrict.json().code, 'qualification_city_only');
    const mine = await ok(api(t, officer, 'GET', '/assessor-qualifications'));
    const cert = mine.find((q: { userId: number }) => q.userId === a1.id);
    assert.equal(cert.validToday, true, "the district still sees its assessors' qualifications");
    const dup = await api(t, city, 'POST', '/assessor-qualifications', {
      userId: a2.id,
      certificateNo: cert.certificateNo,
      issuedOn: '2024-01-01',
      expiresOn: '2027-01-01',
    });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'qualification_duplicate');
    const own = await ok(api(t, a1, 'GET', '/assessor-qualifications'));
    assert.deepEqual(
      own.map((q: { userId: number }) => q.userId),
      [a1.id],
    );
  });

  test('one district officer cannot alone create an assessor, qualify them and assign them', async () => {
    const created = await api(t, officer, 'POST', '/users', {
      username: `solo-${process.pid}`,
      displayName: '区里自建评估员',
      password: TEST_PASSWORD,
      grants: [{ role: 'assessor', jurisdictionCode: '330102' }],
    });
    assert.equal(created.statusCode, 201, created.body);
    const own = { token: '', id: created.json().id as number };
    const qualified = await api(t, officer, 'POST', '/assessor-qualifications', {
      userId: own.id,
      certificateNo: `SOLO-${process.pid}`,
      issuedOn: '2024-01-01',
      expiresOn: '2099-01-01',
    });
    assert.equal(qualified.statusCode, 403, qualified.body);
    assert.equal(qualified.json().code, 'qualification_city_only');
    const elderId = await newElder(t, officer);
    const task = await ok(api(t, officer, 'POST', '/assessment-tasks', { elderId, reason: 'application' }), 201);
    const assign = () =>
      api(t, officer, 'POST', `/assessment-tasks/${task.id}/assign`, { assessorIds: [own.id, a1.id] });
    assert.equal((await assign()).json().code, 'assessor_not_qualified');
    // Once the city has qualified them, the district may assign them.
    await qualify(t, own);
    assert.equal((await assign()).statusCode, 200);
  });

  test('an assessor never assesses an elder they registered: refused at assignment and again at signing', async () => {
    const worker = await personWithGrants(t, [
      { role: 'community_worker', jurisdictionCode: '330102001051' },
      { role: 'assessor', jurisdictionCode: '330102' },
    ]);
    await qualify(t, worker);
    const elderId = await newElder(t, worker);
    const task = await ok(api(t, officer, 'POST', '/assessment-tasks', { elderId, reason: 'application' }), 201);
    const refused = await api(t, officer, 'POST', `/assessment-tasks/${task.id}/assign`, {
      assessorIds: [worker.id, a1.id],
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().code, 'assessor_registered_elder');
    // Elders registered by someone else they may assess.
    const other = await newElder(t, officer);
    const otherTask = await ok(
      api(t, officer, 'POST', '/assessment-tasks', { elderId: other, reason: 'application' }),
      201,
    );
    assert.equal(
      (await api(t, officer, 'POST', `/assessment-tasks/${otherTask.id}/assign`, { assessorIds: [worker.id, a1.id] }))
        .statusCode,
      200,
    );

    // An assignment made before this rule (written straight to the table) is caught at the signature.
    await t.database.db
      .updateTable('assessment_tasks')
      .set({ assessor_1_id: worker.id, assessor_2_id: a1.id, status: 'assigned' })
      .where('id', '=', task.id)
      .execute();
    const draft = await ok(api(t, worker, 'POST', `/assessment-tasks/${task.id}/assessments`, { place: '家中' }), 201);
    await ok(api(t, worker, 'PATCH', `/assessments/${draft.id}`, { items: itemsWithTotal(40) }));
    await ok(api(t, worker, 'POST', `/assessments/${draft.id}/submit`));
    await ok(api(t, a1, 'POST', `/assessments/${draft.id}/sign`));
    const sign = await api(t, worker, 'POST', `/assessments/${draft.id}/sign`);
    assert.equal(sign.statusCode, 409, sign.body);
    assert.equal(sign.json().code, 'assessor_registered_elder');
    const after = await ok(api(t, a1, 'GET', `/assessments/${draft.id}`));
    assert.equal(after.status, 'submitted', 'one eligible signature does not seal it');
    assert.equal(after.signatures.length, 1);
  });

  test('a family member applies for their elder; a second application finds the live task', async () => {
    const elderId = await newElder(t, officer);
    const family = await person(t, 'elder_family', { elderId });
    const first = await api(t, family, 'POST', '/assessment-tasks', {
      elderId,
      reason: 'application',
      requesterKind: 'elder',
    });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().requesterKind, 'elder');
    const again = await api(t, officer, 'POST', '/assessment-tasks', { elderId, reason: 'condition_change' });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, first.json().id);
    const otherElder = await newElder(t, officer);
    const stranger = await api(t, family, 'POST', '/assessment-tasks', { elderId: otherElder, reason: 'application' });
    assert.equal(stranger.statusCode, 404);
  });

  test('assignment needs two different, qualified, unconflicted assessors covering the elder', async () => {
    const elderId = await newElder(t, officer);
    const task = await ok(api(t, officer, 'POST', '/assessment-tasks', { elderId, reason: 'application' }), 201);
    const assign = (ids: number[]) =>
      api(t, officer, 'POST', `/assessment-tasks/${task.id}/assign`, { assessorIds: ids });
    assert.equal((await assign([a1.id, a1.id])).json().code, 'assessors_not_distinct');
    const uncertified = await person(t, 'assessor', { jurisdictionCode: '330102' });
    const r1 = await assign([a1.id, uncertified.id]);
    assert.equal(r1.statusCode, 409);
    assert.equal(r1.json().code, 'assessor_not_qualified');
    const expired = await qualifiedAssessor(t, '330102', { issuedOn: '2019-01-01', expiresOn: '2023-12-31' });
    assert.equal((await assign([a1.id, expired.id])).json().code, 'assessor_not_qualified');
    const westLake = await qualifiedAssessor(t, '330106');
    assert.equal((await assign([a1.id, westLake.id])).json().code, 'assessor_not_qualified');
    // A declared relative.
    const relative = await qualifiedAssessor(t);
    await ok(api(t, relative, 'POST', '/assessor-conflicts', { kind: 'relative', elderId, note: '外甥' }), 201);
    const r2 = await assign([a1.id, relative.id]);
    assert.equal(r2.json().code, 'assessor_conflict');
    assert.match(r2.json().message, /亲属/);
    assert.equal((await assign([a1.id, a2.id])).statusCode, 200);
  });

  test("an assessor employed by the elder's institution stands aside", async () => {
    const org = await t.database.db
      .insertInto('organisations')
      .values({ kind: 'institution', name: '测试养老院', jurisdiction_code: '330102001', district_code: '330102' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const elderId = await newElder(t, officer);
    const task = await ok(
      api(t, officer, 'POST', '/assessment-tasks', { elderId, reason: 'application', institutionId: org.id }),
      201,
    );
    const employed = await qualifiedAssessor(t);
    await ok(
      api(t, officer, 'POST', '/assessor-conflicts', { userId: employed.id, kind: 'employer', organisationId: org.id }),
      201,
    );
    const res = await api(t, officer, 'POST', `/assessment-tasks/${task.id}/assign`, {
      assessorIds: [employed.id, a1.id],
    });
    assert.equal(res.json().code, 'assessor_conflict');
    assert.match(res.json().message, /受雇机构/);
  });

  test('draft → submitted → signed by both, then immutable', async () => {
    const elderId = await newElder(t, officer);
    const family = await person(t, 'elder_family', { elderId });
    const task = await ok(api(t, family, 'POST', '/assessment-tasks', { elderId, reason: 'application' }), 201);
    await ok(api(t, officer, 'POST', `/assessment-tasks/${task.id}/assign`, { assessorIds: [a1.id, a2.id] }));
    const outsider = await qualifiedAssessor(t);
    assert.equal((await api(t, outsider, 'POST', `/assessment-tasks/${task.id}/assessments`, {})).statusCode, 403);
    const draft = await ok(api(t, a1, 'POST', `/assessment-tasks/${task.id}/assessments`, { place: '老人家中' }), 201);
    assert.equal(draft.status, 'draft');
    // Partial answers are saved; a bad one is named.
    const { ['B.4.5']: _last, ...partial } = itemsWithTotal(50);
    await ok(
      api(t, a2, 'PATCH', `/assessments/${draft.id}`, {
        items: partial,
        diagnoses: ['f01'],
        rehabNeeds: { needs: [{ area: 'mobility', priority: 'high' }] },
        fitness: { testedOn: '2025-01-10', gripStrengthKg: 18.5, chairStand30s: 8 },
      }),
    );
    const bad = await api(t, a1, 'PATCH', `/assessments/${draft.id}`, { items: { 'B.2.4': 4 } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'items.B.2.4');
    const incomplete = await api(t, a1, 'POST', `/assessments/${draft.id}/submit`);
    assert.equal(incomplete.json().field, 'items.B.4.5');
    await ok(api(t, a1, 'PATCH', `/assessments/${draft.id}`, { items: { 'B.4.5': 0 } }));
    const submitted = await ok(api(t, a1, 'POST', `/assessments/${draft.id}/submit`));
    assert.equal(submitted.status, 'submitted');
    assert.equal(submitted.result.total, 50 - 4);
    assert.equal(submitted.result.finalLevel, 3, 'F01 raises level 2 to 3');
    assert.equal(
      (await api(t, family, 'GET', `/assessments/${draft.id}`)).statusCode,
      404,
      'families see signed results only',
    );
    assert.equal((await api(t, outsider, 'POST', `/assessments/${draft.id}/sign`)).statusCode, 403);
    const once = await ok(api(t, a1, 'POST', `/assessments/${draft.id}/sign`));
    assert.equal(once.status, 'submitted');
    assert.equal(once.signatures.length, 1);
    assert.equal(
      (await api(t, a1, 'POST', `/assessments/${draft.id}/sign`)).json().code,
      'assessment_already_signed_by_you',
    );
    const signed = await ok(api(t, a2, 'POST', `/assessments/${draft.id}/sign`));
    assert.equal(signed.status, 'signed');
    assert.equal(signed.signatures.length, 2);
    assert.equal(signed.signatures[0].contentHash, signed.signatures[1].contentHash);
    assert.deepEqual(signed.rehabNeeds.needs[0].area, 'mobility');
    assert.equal(signed.fitness.gripStrengthKg, 18.5);
    assert.equal((await ok(api(t, officer, 'GET', `/assessment-tasks/${task.id}`))).status, 'completed');
    assert.equal((await ok(api(t, family, 'GET', `/assessments/${draft.id}`))).status, 'signed');
    assert.equal((await ok(api(t, family, 'GET', `/elders/${elderId}/assessment-level`))).current.level, 3);

    const edit = await api(t, a1, 'PATCH', `/assessments/${draft.id}`, { place: '改' });
    assert.equal(edit.statusCode, 409);
    assert.equal(edit.json().code, 'assessment_wrong_status');
    const { db } = t.database;
    await assert.rejects(
      sql`UPDATE assessments SET total = 90 WHERE id = ${draft.id}`.execute(db),
      /signed and cannot be changed/,
    );
    await assert.rejects(
      sql`DELETE FROM assessments WHERE id = ${draft.id}`.execute(db),
      /signed and cannot be changed/,
    );
    await assert.rejects(
      sql`UPDATE assessment_signatures SET signer_name = 'x' WHERE assessment_id = ${draft.id}`.execute(db),
      /append-only/,
    );
  });

  test('returning a submitted assessment voids earlier signatures', async () => {
    const elderId = await newElder(t, officer);
    const task = await ok(api(t, officer, 'POST', '/assessment-tasks', { elderId, reason: 'condition_change' }), 201);
    await ok(api(t, officer, 'POST', `/assessment-tasks/${task.id}/assign`, { assessorIds: [a1.id, a2.id] }));
    const draft = await ok(api(t, a1, 'POST', `/assessment-tasks/${task.id}/assessments`, {}), 201);
    await ok(api(t, a1, 'PATCH', `/assessments/${draft.id}`, { items: fullMarks() }));
    await ok(api(t, a1, 'POST', `/assessments/${draft.id}/submit`));
    await ok(api(t, a1, 'POST', `/assessments/${draft.id}/sign`));
    const back = await ok(api(t, a2, 'POST', `/assessments/${draft.id}/return`, { note: 'B.2.3 应为 3' }));
    assert.equal(back.status, 'draft');
    assert.equal(back.revision, 2);
    assert.deepEqual(back.signatures, []);
    await ok(api(t, a2, 'PATCH', `/assessments/${draft.id}`, { items: { 'B.2.3': 3 } }));
    await ok(api(t, a2, 'POST', `/assessments/${draft.id}/submit`));
    await ok(api(t, a1, 'POST', `/assessments/${draft.id}/sign`));
    assert.equal(
      (await ok(api(t, a1, 'GET', `/assessments/${draft.id}`))).status,
      'submitted',
      'one signature of the new revision is not enough',
    );
    const signed = await ok(api(t, a2, 'POST', `/assessments/${draft.id}/sign`));
    assert.equal(signed.result.total, 89);
  });

  test('a correction supersedes the signed original; history shows both; the current level follows', async () => {
    const elderId = await newElder(t, officer);
    const original = await signedAssessment(t, { officer, assessors: [a1, a2], elderId, total: 70 });
    assert.equal(original.result.finalLevel, 1);
    const correction = await ok(
      api(t, a2, 'POST', `/assessments/${original.id}/corrections`, { note: '进食评分录入错误' }),
      201,
    );
    assert.equal(correction.supersedesId, original.id);
    assert.equal(correction.status, 'draft');
    assert.equal(
      (await api(t, a1, 'POST', `/assessments/${original.id}/corrections`, { note: 'again' })).json().code,
      'assessment_already_corrected',
    );
    // Until the correction is signed, the original still counts.
    assert.equal((await currentLevel(t.database.db, elderId))!.assessmentId, original.id);
    await ok(api(t, a1, 'PATCH', `/assessments/${correction.id}`, { items: itemsWithTotal(60) }));
    await ok(api(t, a1, 'POST', `/assessments/${correction.id}/submit`));
    await ok(api(t, a1, 'POST', `/assessments/${correction.id}/sign`));
    await ok(api(t, a2, 'POST', `/assessments/${correction.id}/sign`));
    const history = await ok(api(t, officer, 'GET', `/elders/${elderId}/assessments`));
    assert.deepEqual(history.assessments.map((a: { id: number }) => a.id).sort(), [original.id, correction.id].sort());
    const old = history.assessments.find((a: { id: number }) => a.id === original.id);
    assert.equal(old.supersededById, correction.id);
    assert.equal(old.finalLevel, 1, 'the original keeps what was signed');
    assert.equal(history.current.assessmentId, correction.id);
    assert.equal(history.current.level, 2);
    const all = await currentAssessmentLevels(t.database.db).execute();
    assert.equal(all.filter((r) => r.elder_id === elderId).length, 1);
  });

  test('outside the jurisdiction everything is 404; reads are audited', async () => {
    const elderId = await newElder(t, officer);
    const signed = await signedAssessment(t, { officer, assessors: [a1, a2], elderId });
    const westLake = await person(t, 'district_officer', { jurisdictionCode: '330106' });
    for (const url of [
      `/assessments/${signed.id}`,
      `/elders/${elderId}/assessments`,
      `/elders/${elderId}/assessment-level`,
    ]) {
      assert.equal((await api(t, westLake, 'GET', url)).statusCode, 404, url);
    }
    assert.equal(
      (await api(t, westLake, 'POST', '/assessment-tasks', { elderId, reason: 'application' })).statusCode,
      404,
    );
    await ok(api(t, officer, 'GET', `/assessments/${signed.id}?purpose=补贴审核`));
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'purpose'])
      .where('entity_type', '=', 'assessment')
      .where('entity_id', '=', String(signed.id))
      .execute();
    assert.ok(audit.some((a) => a.action === 'read' && a.purpose === '补贴审核'));
    assert.ok(
      audit.some((a) => a.action === 'update'),
      'signatures are audited',
    );
  });

  test('the schedule opens re-assessment tasks for elders assessed over a year ago', async () => {
    const elderId = await newElder(t, officer);
    await signedAssessment(t, { officer, assessors: [a1, a2], elderId, assessedOn: '2023-03-01' });
    const fresh = await newElder(t, officer);
    await signedAssessment(t, { officer, assessors: [a1, a2], elderId: fresh });
    const run = await ok(api(t, officer, 'POST', '/assessment-tasks/schedule', {}));
    assert.ok(run.created >= 1);
    const tasks = await ok(api(t, officer, 'GET', `/assessment-tasks?elderId=${elderId}&status=open`));
    assert.equal(tasks[0].reason, 'scheduled');
    assert.equal(tasks[0].requesterKind, 'schedule');
    assert.equal((await ok(api(t, officer, 'GET', `/assessment-tasks?elderId=${fresh}&status=open`))).length, 0);
    assert.equal(
      (await ok(api(t, officer, 'POST', '/assessment-tasks/schedule', {}))).created,
      0,
      'a second run adds nothing',
    );
  });
});
