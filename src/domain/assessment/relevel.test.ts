// Rules versions: the stored version 1 equals the code's, the set-based SQL derivation agrees with
// the pure scorer on random forms, and activating a new version re-derives every signed level.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { seededRandom } from '../../lib/random.js';
import { currentLevel } from './current-level.js';
import { randomItems } from './fixtures.js';
import { type LevelRules, RULES_V1, type ScoreInput, scoreAssessment } from './rules.js';
import { activateRules, deriveLevels, rulesByVersion } from './rules-store.js';
import { api, newElder, ok, type Person, person, qualifiedAssessor, signedAssessment } from './testing.js';

const V2: LevelRules = {
  ...RULES_V1,
  version: 'test v2 (per kind, shifted bands)',
  bands: [
    { level: 0, min: 85, max: 90, zh: '能力完好', en: 'Intact' },
    { level: 1, min: 60, max: 84, zh: '轻度', en: 'Mild' },
    { level: 2, min: 40, max: 59, zh: '中度', en: 'Moderate' },
    { level: 3, min: 20, max: 39, zh: '重度', en: 'Severe' },
    { level: 4, min: 0, max: 19, zh: '完全', en: 'Total' },
  ],
  raise: { ...RULES_V1.raise, riskEventCounting: 'per_kind', riskEventThreshold: 2 },
};

describe('level rules versions', () => {
  let t: TestApp;
  let officer: Person;
  before(async () => {
    t = await testApp();
    officer = await person(t, 'district_officer', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  test('the migration seeds version 1 exactly as the code has it', async () => {
    assert.deepEqual(await rulesByVersion(t.database.db, RULES_V1.version), RULES_V1);
  });

  test('a stored version is frozen: its rules can be neither changed nor deleted', async () => {
    const { db } = t.database;
    await assert.rejects(
      sql`UPDATE assessment_rule_versions SET rules = '{}' WHERE version = ${RULES_V1.version}`.execute(db),
      /frozen/,
    );
    await assert.rejects(
      sql`DELETE FROM assessment_rule_versions WHERE version = ${RULES_V1.version}`.execute(db),
      /frozen/,
    );
  });

  test('the SQL derivation equals the pure scorer on 400 random forms, under two versions', async () => {
    const { db } = t.database;
    const elderId = await newElder(t, officer);
    const rand = seededRandom(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const forms: ScoreInput[] = Array.from({ length: 400 }, () => {
      const items = randomItems(rand);
      const coma = items['B.3.9'] === 0 && rand() < 0.3;
      return {
        items,
        coma,
        diagnoses: pick([[], [], ['F01'], ['F20'], ['I63'], ['F03.9', 'E11'], ['G30']]),
        riskEvents30d: {
          fall: pick([0, 0, 1, 2]),
          wandering: pick([0, 0, 1]),
          choking: pick([0, 1]),
          selfHarm: 0,
          other: pick([0, 0, 0, 2]),
        },
      };
    });
    const rows = forms.map((f) => ({ f, r: scoreAssessment(f) }));
    // 400 rows × 21 columns stays far below PGlite's bind-parameter limit.
    await db
      .insertInto('assessments')
      .values(
        rows.map(({ f, r }) => ({
          elder_id: elderId,
          district_code: '330102',
          status: 'signed' as const,
          items: JSON.stringify(f.items),
          coma: f.coma,
          diagnoses: f.diagnoses,
          risk_fall: f.riskEvents30d!.fall,
          risk_wandering: f.riskEvents30d!.wandering,
          risk_choking: f.riskEvents30d!.choking,
          risk_other: f.riskEvents30d!.other,
          score_b1: r.dimensions['B.1'],
          score_b2: r.dimensions['B.2'],
          score_b3: r.dimensions['B.3'],
          score_b4: r.dimensions['B.4'],
          total: r.total,
          rules_version: RULES_V1.version,
          preliminary_level: r.preliminaryLevel,
          final_level: r.finalLevel,
          assessed_on: '2024-01-01',
          signed_at: new Date('2024-01-02T00:00:00Z'),
        })),
      )
      .execute();
    await db
      .insertInto('assessment_rule_versions')
      .values({ version: V2.version, standard: V2.standard, rules: JSON.stringify(V2) })
      .execute();
    for (const rules of [RULES_V1, V2]) {
      assert.equal(await deriveLevels(db, rules.version), 400);
      assert.equal(await deriveLevels(db, rules.version), 0, 'a re-run derives nothing twice');
      const derived = await db
        .selectFrom('assessment_levels as l')
        .innerJoin('assessments as a', 'a.id', 'l.assessment_id')
        .select([
          'a.items',
          'a.coma',
          'a.diagnoses',
          'a.risk_fall',
          'a.risk_wandering',
          'a.risk_choking',
          'a.risk_self_harm',
          'a.risk_other',
          'l.preliminary_level',
          'l.final_level',
          'l.reason_codes',
        ])
        .where('l.rules_version', '=', rules.version)
        .execute();
      for (const d of derived) {
        const expected = scoreAssessment(
          {
            items: d.items,
            coma: d.coma,
            diagnoses: d.diagnoses,
            riskEvents30d: {
              fall: d.risk_fall,
              wandering: d.risk_wandering,
              choking: d.risk_choking,
              selfHarm: d.risk_self_harm,
              other: d.risk_other,
            },
          },
          rules,
        );
        assert.deepEqual(
          [d.preliminary_level, d.final_level, d.reason_codes],
          [expected.preliminaryLevel, expected.finalLevel, expected.reasons.map((r) => r.code)],
          `${rules.version}: ${JSON.stringify(d)}`,
        );
      }
    }
    // Clean up so the API test below starts from the seeded state.
    await db.transaction().execute((tx) => activateRules(tx, RULES_V1.version));
  });

  test('a city administrator activates a new version; current levels follow, the signed record does not change', async () => {
    const manager = await person(t, 'city_admin', { jurisdictionCode: '330100' });
    const a1 = await qualifiedAssessor(t);
    const a2 = await qualifiedAssessor(t);
    const elderId = await newElder(t, officer);
    const signed = await signedAssessment(t, { officer, assessors: [a1, a2], elderId, total: 62 });
    assert.equal(signed.result.finalLevel, 2);
    const v3 = { ...V2, version: 'test v3' };
    assert.equal((await api(t, officer, 'POST', '/assessment-rules', { rules: v3, activate: true })).statusCode, 403);
    const broken = await api(t, manager, 'POST', '/assessment-rules', {
      rules: { ...v3, bands: v3.bands.slice(1) },
      activate: true,
    });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().code, 'assessment_rules_invalid');
    const added = await ok(
      api(t, manager, 'POST', '/assessment-rules', { rules: v3, activate: true, source: '测试' }),
      201,
    );
    assert.ok(added.derived >= 1);
    assert.equal(
      (await api(t, manager, 'POST', '/assessment-rules', { rules: v3, activate: false })).json().code,
      'assessment_rules_exists',
    );
    const now = await currentLevel(t.database.db, elderId);
    assert.deepEqual([now!.level, now!.rulesVersion], [1, 'test v3']);
    const record = await ok(api(t, officer, 'GET', `/assessments/${signed.id}`));
    assert.deepEqual([record.result.finalLevel, record.result.rulesVersion], [2, RULES_V1.version]);
    const history = await ok(api(t, officer, 'GET', `/elders/${elderId}/assessments`));
    assert.equal(history.assessments[0].levelUnderActiveRules, 1);
    const score = await ok(
      api(t, officer, 'POST', '/assessments/score', { standard: 'GB/T 42195-2022', items: signed.items }),
    );
    assert.equal(score.rulesVersion, 'test v3');
    const listed = await ok(api(t, officer, 'GET', '/assessment-rules'));
    assert.deepEqual(
      listed.filter((r: { active: boolean }) => r.active).map((r: { version: string }) => r.version),
      ['test v3'],
    );
  });
});
