// The scale and the scoring rules, exhaustively and without a database.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fullMarks, itemsWithTotal } from './fixtures.js';
import { checkRules, checkScoreInput, type LevelRules, RULES_V1, type ScoreInput, scoreAssessment } from './rules.js';
import { DIMENSIONS, ITEM_CODES, ITEMS, maxScore } from './scale.js';

const EXPECTED_CODES = [
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `B.1.${n}`),
  ...[1, 2, 3, 4].map((n) => `B.2.${n}`),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `B.3.${n}`),
  ...[1, 2, 3, 4, 5].map((n) => `B.4.${n}`),
];
const RANGES: Record<string, number> = {
  'B.2.4': 3,
  'B.3.7': 1,
  'B.3.8': 1,
  'B.3.9': 2,
  'B.4.1': 2,
  'B.4.2': 2,
  'B.4.4': 3,
};
const GENERIC = ['B.1.2', 'B.1.3', 'B.1.4', 'B.1.5', 'B.1.8', 'B.2.1', 'B.2.2'];

describe('the GB/T 42195-2022 scale as data', () => {
  test('26 items in the standard order, ranges as in DOMAIN.md §1', () => {
    assert.deepEqual(ITEM_CODES, EXPECTED_CODES);
    for (const item of ITEMS) assert.equal(maxScore(item), RANGES[item.code] ?? 4, item.code);
  });

  test('options run from the best score down to 0, one per score, worded in both languages', () => {
    for (const item of ITEMS) {
      assert.deepEqual(
        item.options.map((o) => o.score),
        Array.from({ length: maxScore(item) + 1 }, (_, i) => maxScore(item) - i),
        item.code,
      );
      for (const o of item.options) assert.ok(o.zh.length > 1 && o.en.length > 1, `${item.code} ${o.score}`);
    }
  });

  test('the generic assistance scale serves exactly the listed items; the others have their own wording', () => {
    const generic = ITEMS.filter((i) => i.options === ITEMS.find((x) => x.code === 'B.1.2')!.options).map(
      (i) => i.code,
    );
    assert.deepEqual(generic, GENERIC);
    assert.match(ITEMS.find((i) => i.code === 'B.1.1')!.options[4]!.zh, /营养管/);
    assert.match(ITEMS.find((i) => i.code === 'B.2.4')!.options[0]!.zh, /10～15/);
  });

  test('dimension maxima 32 + 15 + 28 + 15 = 90 match the items', () => {
    for (const d of DIMENSIONS) {
      assert.equal(
        ITEMS.filter((i) => i.dimension === d.code).reduce((s, i) => s + maxScore(i), 0),
        d.max,
        d.code,
      );
    }
    assert.equal(
      DIMENSIONS.reduce((s, d) => s + d.max, 0),
      90,
    );
  });
});

describe('input checks name the item', () => {
  const cases = ITEMS.flatMap((item) => [
    { item: item.code, value: 0, ok: true },
    { item: item.code, value: maxScore(item), ok: true },
    { item: item.code, value: maxScore(item) + 1, ok: false },
    { item: item.code, value: -1, ok: false },
  ]);
  for (const c of cases) {
    test(`${c.item} = ${c.value} is ${c.ok ? 'accepted' : 'refused'}`, () => {
      const problems = checkScoreInput({ items: { ...fullMarks(), [c.item]: c.value } });
      if (c.ok) assert.deepEqual(problems, []);
      else
        assert.deepEqual(
          problems.map((p) => [p.field, p.code]),
          [[`items.${c.item}`, 'assessment_item_out_of_range']],
        );
    });
  }

  test('a missing item, an unknown item and a fractional score', () => {
    const { ['B.1.4']: _gone, ...rest } = fullMarks();
    assert.deepEqual(
      checkScoreInput({ items: rest }).map((p) => [p.field, p.code]),
      [['items.B.1.4', 'assessment_item_missing']],
    );
    assert.deepEqual(
      checkScoreInput({ items: { ...fullMarks(), 'B.5.1': 1 } }).map((p) => [p.field, p.code]),
      [['items.B.5.1', 'assessment_item_unknown']],
    );
    assert.deepEqual(
      checkScoreInput({ items: { ...fullMarks(), 'B.2.3': 2.5 } }).map((p) => p.field),
      ['items.B.2.3'],
    );
  });

  test('coma needs 意识水平 = 0', () => {
    assert.deepEqual(
      checkScoreInput({ items: fullMarks(), coma: true }).map((p) => [p.field, p.code]),
      [['coma', 'assessment_coma_inconsistent']],
    );
    assert.deepEqual(checkScoreInput({ items: { ...fullMarks(), 'B.3.9': 0 }, coma: true }), []);
  });
});

describe('scoring', () => {
  test('dimension subtotals and total', () => {
    const r = scoreAssessment({ items: fullMarks() });
    assert.deepEqual(r.dimensions, { 'B.1': 32, 'B.2': 15, 'B.3': 28, 'B.4': 15 });
    assert.equal(r.total, 90);
    const low = scoreAssessment({ items: itemsWithTotal(0) });
    assert.deepEqual(low.dimensions, { 'B.1': 0, 'B.2': 0, 'B.3': 0, 'B.4': 0 });
  });

  const boundaries: [number, number][] = [
    [90, 0],
    [89, 1],
    [66, 1],
    [65, 2],
    [46, 2],
    [45, 3],
    [30, 3],
    [29, 4],
    [0, 4],
  ];
  for (const [total, level] of boundaries) {
    test(`total ${total} → preliminary and final level ${level}`, () => {
      const r = scoreAssessment({ items: itemsWithTotal(total) });
      assert.equal(r.total, total);
      assert.equal(r.preliminaryLevel, level);
      assert.equal(r.finalLevel, level);
      assert.deepEqual(r.reasons, []);
    });
  }

  const none = { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 };
  interface Case {
    name: string;
    total: number;
    input: Omit<ScoreInput, 'items'>;
    prelim: number;
    final: number;
    reasons: string[];
    rules?: LevelRules;
  }
  const cases: Case[] = [
    {
      name: 'coma → level 4 whatever the total',
      total: 80,
      input: { coma: true },
      prelim: 1,
      final: 4,
      reasons: ['coma'],
    },
    {
      name: 'coma overrides the raise rules',
      total: 50,
      input: { coma: true, diagnoses: ['F01'], riskEvents30d: { ...none, fall: 3 } },
      prelim: 2,
      final: 4,
      reasons: ['coma'],
    },
    {
      name: 'dementia F01 raises one level',
      total: 70,
      input: { diagnoses: ['F01'] },
      prelim: 1,
      final: 2,
      reasons: ['dementia_diagnosis', 'raised_one_level'],
    },
    {
      name: 'F03.9 in lower case counts as dementia',
      total: 90,
      input: { diagnoses: ['f03.9'] },
      prelim: 0,
      final: 1,
      reasons: ['dementia_diagnosis', 'raised_one_level'],
    },
    {
      name: 'psychiatric F20 raises one level',
      total: 50,
      input: { diagnoses: ['F20'] },
      prelim: 2,
      final: 3,
      reasons: ['psychiatric_diagnosis', 'raised_one_level'],
    },
    {
      name: 'F99 is the last psychiatric category',
      total: 50,
      input: { diagnoses: ['F99'] },
      prelim: 2,
      final: 3,
      reasons: ['psychiatric_diagnosis', 'raised_one_level'],
    },
    {
      name: 'non-F diagnoses do not raise',
      total: 50,
      input: { diagnoses: ['I63', 'G30', 'E11'] },
      prelim: 2,
      final: 2,
      reasons: [],
    },
    {
      name: 'one risk event does not raise',
      total: 70,
      input: { riskEvents30d: { ...none, fall: 1 } },
      prelim: 1,
      final: 1,
      reasons: [],
    },
    {
      name: 'two events of different kinds raise (counted across kinds)',
      total: 70,
      input: { riskEvents30d: { ...none, fall: 1, choking: 1 } },
      prelim: 1,
      final: 2,
      reasons: ['risk_events', 'raised_one_level'],
    },
    {
      name: 'two falls raise',
      total: 40,
      input: { riskEvents30d: { ...none, fall: 2 } },
      prelim: 3,
      final: 4,
      reasons: ['risk_events', 'raised_one_level'],
    },
    {
      name: 'diagnosis and events together raise one level only',
      total: 70,
      input: { diagnoses: ['F01', 'F32'], riskEvents30d: { ...none, wandering: 2, selfHarm: 1 } },
      prelim: 1,
      final: 2,
      reasons: ['dementia_diagnosis', 'psychiatric_diagnosis', 'risk_events', 'raised_one_level'],
    },
    {
      name: 'level 3 with both rules → 4',
      total: 30,
      input: { diagnoses: ['F02'], riskEvents30d: { ...none, other: 2 } },
      prelim: 3,
      final: 4,
      reasons: ['dementia_diagnosis', 'risk_events', 'raised_one_level'],
    },
    {
      name: 'the cap: level 4 is never raised',
      total: 29,
      input: { diagnoses: ['F00'], riskEvents30d: { ...none, fall: 5 } },
      prelim: 4,
      final: 4,
      reasons: ['dementia_diagnosis', 'risk_events', 'raise_capped'],
    },
    {
      name: 'per-kind counting (a configurable reading): one fall and one choking do not raise',
      total: 70,
      input: { riskEvents30d: { ...none, fall: 1, choking: 1 } },
      prelim: 1,
      final: 1,
      reasons: [],
      rules: { ...RULES_V1, version: 'test per-kind', raise: { ...RULES_V1.raise, riskEventCounting: 'per_kind' } },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const items = itemsWithTotal(c.total, c.input.coma ? { ...fullMarks(), 'B.3.9': 0 } : fullMarks());
      const input = { ...c.input, items };
      assert.deepEqual(checkScoreInput(input), []);
      const r = scoreAssessment(input, c.rules);
      assert.equal(r.total, c.total);
      assert.equal(r.preliminaryLevel, c.prelim);
      assert.equal(r.finalLevel, c.final);
      assert.deepEqual(
        r.reasons.map((x) => x.code),
        c.reasons,
      );
      for (const reason of r.reasons) assert.ok(reason.zh && reason.en);
    });
  }

  test('the rules table is complete, and a broken one is reported', () => {
    assert.deepEqual(checkRules(RULES_V1), []);
    const gap = { ...RULES_V1, bands: RULES_V1.bands.map((b) => (b.level === 2 ? { ...b, min: 47 } : b)) };
    assert.deepEqual(checkRules(gap), ['total 46 falls in 0 bands']);
  });
});
