// POST /api/v1/assessments/score: the stateless scorer through HTTP, table-driven.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { fullMarks, itemsWithTotal } from './fixtures.js';
import { RULES_V1 } from './rules.js';
import { ITEMS, maxScore } from './scale.js';

const URL = '/api/v1/assessments/score';
const none = { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 };

describe('POST /assessments/score', () => {
  let t: TestApp;
  let anyone: string;
  const score = (payload: Record<string, unknown>, lang?: string) =>
    t.call(anyone, {
      method: 'POST',
      url: URL,
      payload: { standard: 'GB/T 42195-2022', ...payload },
      headers: lang ? { 'accept-language': lang } : {},
    });

  before(async () => {
    t = await testApp();
    // Any signed-in user may score: a volunteer holds no registry role at all.
    anyone = await t.userWith('volunteer', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  test('answers the example from the issue', async () => {
    const res = await score({
      items: itemsWithTotal(70),
      coma: false,
      diagnoses: ['F01'],
      riskEvents30d: { fall: 1, wandering: 0, choking: 1, selfHarm: 0, other: 0 },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.total, 70);
    assert.deepEqual(Object.keys(body.dimensions), ['B.1', 'B.2', 'B.3', 'B.4']);
    assert.equal(body.dimensions['B.1'] + body.dimensions['B.2'] + body.dimensions['B.3'] + body.dimensions['B.4'], 70);
    assert.equal(body.preliminaryLevel, 1);
    assert.equal(body.finalLevel, 2);
    assert.deepEqual(
      body.reasons.map((r: { code: string }) => r.code),
      ['dementia_diagnosis', 'risk_events', 'raised_one_level'],
    );
    assert.equal(body.rulesVersion, RULES_V1.version);
    assert.equal(body.levelName.zh, '能力中度受损（中度失能）');
  });

  test('refuses anonymous callers', async () => {
    const res = await t.call(null, {
      method: 'POST',
      url: URL,
      payload: { standard: 'GB/T 42195-2022', items: fullMarks() },
    });
    assert.equal(res.statusCode, 401);
  });

  // Every item: min and max accepted, max+1 and -1 refused with the item named.
  for (const item of ITEMS) {
    test(`${item.code} ${item.zh}: 0 and ${maxScore(item)} accepted, ${maxScore(item) + 1} and -1 refused`, async () => {
      for (const ok of [0, maxScore(item)]) {
        const res = await score({ items: { ...fullMarks(), [item.code]: ok } });
        assert.equal(res.statusCode, 200, `${item.code}=${ok}: ${res.body}`);
      }
      for (const bad of [maxScore(item) + 1, -1]) {
        const res = await score({ items: { ...fullMarks(), [item.code]: bad } });
        assert.equal(res.statusCode, 400);
        const err = res.json();
        assert.equal(err.code, 'assessment_item_out_of_range');
        assert.equal(err.field, `items.${item.code}`);
        assert.ok(err.message.includes(item.code) && err.message.includes(item.zh), err.message);
      }
    });
  }

  test('a missing item, an unknown item: 400 naming the item, in zh-CN and en', async () => {
    const { ['B.1.4']: _gone, ...rest } = fullMarks();
    const missing = await score({ items: rest });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().code, 'assessment_item_missing');
    assert.equal(missing.json().field, 'items.B.1.4');
    assert.match(missing.json().message, /缺少评估项目 B\.1\.4（穿\/脱上衣）/);
    const en = await score({ items: rest }, 'en');
    assert.equal(en.json().message, 'Missing assessment item B.1.4 (穿/脱上衣)');
    const unknown = await score({ items: { ...fullMarks(), 'B.9.9': 1 } });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().code, 'assessment_item_unknown');
    assert.equal(unknown.json().field, 'items.B.9.9');
  });

  test('several problems are all listed', async () => {
    const { ['B.2.1']: _gone, ...rest } = fullMarks();
    const res = await score({ items: { ...rest, 'B.3.9': 3, 'X.1': 0 } });
    assert.deepEqual(
      res.json().errors.map((e: { field: string }) => e.field),
      ['items.B.2.1', 'items.B.3.9', 'items.X.1'],
    );
  });

  test('a non-integer score and a wrong standard are refused by the schema, naming the field', async () => {
    const frac = await score({ items: { ...fullMarks(), 'B.2.3': 2.5 } });
    assert.equal(frac.statusCode, 400);
    assert.equal(frac.json().field, 'items.B.2.3');
    const old = await t.call(anyone, {
      method: 'POST',
      url: URL,
      payload: { standard: 'MZ/T 039-2013', items: fullMarks() },
    });
    assert.equal(old.statusCode, 400);
    assert.equal(old.json().field, 'standard');
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
  ];
  for (const [total, level] of boundaries) {
    test(`boundary: total ${total} → level ${level}`, async () => {
      const body = (await score({ items: itemsWithTotal(total) })).json();
      assert.equal(body.total, total);
      assert.equal(body.preliminaryLevel, level);
      assert.equal(body.finalLevel, level);
    });
  }

  const raises: { name: string; total: number; extra: Record<string, unknown>; final: number; reasons: string[] }[] = [
    { name: 'coma → 4', total: 80, extra: { coma: true }, final: 4, reasons: ['coma'] },
    {
      name: 'dementia diagnosis raises one',
      total: 50,
      extra: { diagnoses: ['F03'] },
      final: 3,
      reasons: ['dementia_diagnosis', 'raised_one_level'],
    },
    {
      name: 'psychiatric diagnosis raises one',
      total: 50,
      extra: { diagnoses: ['F32.1'] },
      final: 3,
      reasons: ['psychiatric_diagnosis', 'raised_one_level'],
    },
    {
      name: 'two risk events raise one',
      total: 50,
      extra: { riskEvents30d: { ...none, wandering: 1, selfHarm: 1 } },
      final: 3,
      reasons: ['risk_events', 'raised_one_level'],
    },
    {
      name: 'both rules at once raise one only',
      total: 50,
      extra: { diagnoses: ['F00'], riskEvents30d: { ...none, fall: 4 } },
      final: 3,
      reasons: ['dementia_diagnosis', 'risk_events', 'raised_one_level'],
    },
    {
      name: 'never above 4',
      total: 10,
      extra: { diagnoses: ['F01'], riskEvents30d: { ...none, fall: 2 } },
      final: 4,
      reasons: ['dementia_diagnosis', 'risk_events', 'raise_capped'],
    },
  ];
  for (const c of raises) {
    test(c.name, async () => {
      const items = itemsWithTotal(c.total, c.extra.coma ? { ...fullMarks(), 'B.3.9': 0 } : fullMarks());
      const res = await score({ items, ...c.extra });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().finalLevel, c.final);
      assert.deepEqual(
        res.json().reasons.map((r: { code: string }) => r.code),
        c.reasons,
      );
    });
  }

  test('coma with 意识水平 ≠ 0 is refused naming the coma field', async () => {
    const res = await score({ items: fullMarks(), coma: true });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'assessment_coma_inconsistent');
    assert.equal(res.json().field, 'coma');
  });

  test('an unknown rules version is refused; the scale is served for forms', async () => {
    const res = await score({ items: fullMarks(), rulesVersion: 'nope' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'assessment_rules_unknown');
    const scale = (await t.call(anyone, { method: 'GET', url: '/api/v1/assessments/scale' })).json();
    assert.equal(scale.items.length, 26);
    assert.equal(scale.items[0].options[0].zh.length > 0, true);
  });
});
