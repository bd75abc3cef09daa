// Pack validation, quotes checked against the seed documents, hierarchical override and
// bitemporal recording (as known then / as known now).

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testDatabase } from '../../../test/support/db.js';
import type { Database } from '../../db/engine.js';
import { AppError } from '../../lib/errors.js';
import { evaluatePolicy } from './evaluate.js';
import { loadPackDir, POLICIES_DIR, PolicyPackError, packVersions } from './packs.js';
import { knownVersions, syncPolicyPacks } from './store.js';

const SEEDS_DIR = process.env.SEEDS_DIR ?? resolve(process.cwd(), '../shared/seeds');
const hangzhou = () => JSON.parse(readFileSync(join(POLICIES_DIR, '330100-hangzhou.json'), 'utf8'));

function problemsOf(mutate: (pack: ReturnType<typeof hangzhou>) => void): string[] {
  const pack = hangzhou();
  mutate(pack);
  const problems: string[] = [];
  packVersions(pack, '330100-hangzhou.json', problems);
  return problems;
}

describe('pack validation', () => {
  test('the shipped packs load', () => {
    const records = loadPackDir();
    assert.equal(new Set(records.map((r) => r.jurisdictionCode)).size, 3);
    assert.deepEqual(
      records.filter((r) => r.rule === 'workforce.entryBonus' && r.jurisdictionCode === '330100').map((r) => r.version),
      [1, 2],
    );
  });

  // biome-ignore lint/suspicious/noExplicitAny: each case breaks a pack in its own way
  const cases: [string, (p: any) => void, RegExp][] = [
    ['an unknown rule', (p) => (p.rules['made.up'] = p.rules['workforce.certificateBonus']), /unknown rule "made.up"/],
    [
      'a wrong unit',
      (p) => (p.rules['workforce.certificateBonus'].versions[0].parameters.payWithinYears.unit = 'fen'),
      /unit fen, the rule expects years/,
    ],
    [
      'a missing parameter',
      (p) => delete p.rules['workforce.certificateBonus'].versions[0].parameters.frontlineOnly,
      /parameter "frontlineOnly" is missing/,
    ],
    [
      'an ill-typed value',
      (p) => (p.rules['institutionalCare.nursingSubsidy'].versions[0].parameters.capMonthlyFen.value = '600'),
      /capMonthlyFen/,
    ],
    [
      'a level above the cap',
      (p) => (p.rules['institutionalCare.nursingSubsidy'].versions[0].parameters.monthlyFenByLevel.value['4'] = 70000),
      /level 4 exceeds the monthly cap/,
    ],
    [
      'shares not adding up',
      (p) => (p.rules['workforce.entryBonus'].versions[1].parameters.instalments.value[2].numerator = 3),
      /add up to exactly 1/,
    ],
    ['overlapping versions', (p) => delete p.rules['workforce.entryBonus'].versions[0].effectiveTo, /overlaps v2/],
    [
      'an unlisted source',
      (p) => (p.rules['workforce.certificateBonus'].versions[0].source.seed = '009'),
      /source "009" is not listed/,
    ],
    [
      'no source at all',
      (p) => delete p.rules['workforce.certificateBonus'].versions[0].parameters.payWithinYears.source,
      /payWithinYears/,
    ],
    [
      'an impossible date',
      (p) => (p.rules['workforce.certificateBonus'].versions[0].effectiveFrom = '2021-02-30'),
      /real dates/,
    ],
  ];
  for (const [what, mutate, expected] of cases) {
    test(`refuses ${what}`, () => {
      const problems = problemsOf(mutate);
      assert.ok(
        problems.some((p) => expected.test(p)),
        problems.join('\n'),
      );
    });
  }

  test('a refused directory lists every problem and loads nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yiyang-packs-'));
    try {
      writeFileSync(join(dir, '330100-bad.json'), '{ nope');
      assert.throws(
        () => loadPackDir(dir),
        (err: unknown) => err instanceof PolicyPackError && /not valid JSON/.test(err.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every quoted source appears word for word in its seed document', {
    skip: !existsSync(SEEDS_DIR) && 'seed documents not available',
  }, () => {
    let checked = 0;
    for (const rec of loadPackDir()) {
      const sources = [
        rec.content.document,
        rec.content.dateSource,
        ...Object.values(rec.content.parameters).map((p) => p.source),
      ];
      for (const s of sources) {
        if (s.kind !== 'seed') continue;
        const text = readFileSync(join(SEEDS_DIR, s.file), 'utf8');
        for (const part of s.quote.split('……')) {
          assert.ok(
            text.includes(part),
            `${rec.jurisdictionCode} ${rec.rule} v${rec.version}: "${part}" not in ${s.file}`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked > 30);
  });
});

describe('recorded knowledge', () => {
  let database: Database;
  let dir: string;
  before(async () => {
    database = await testDatabase();
    dir = mkdtempSync(join(tmpdir(), 'yiyang-packs-'));
    cpSync(POLICIES_DIR, dir, { recursive: true });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.close();
  });

  const facts = { abilityLevel: 3, statuses: ['subsistence'] };
  const inclusive = (code: string, knownAt: Date | null = null) =>
    evaluatePolicy(database.db, {
      jurisdictionCode: code,
      rule: 'inclusiveCareSubsidy.monthly',
      onDate: '2024-06-01',
      facts,
      knownAt,
    });

  test('loading twice records nothing new', async () => {
    const first = await syncPolicyPacks(database.db, dir);
    assert.equal(first.recorded, 10);
    const again = await syncPolicyPacks(database.db, dir);
    assert.deepEqual(again, { recorded: 0, retracted: 0, unchanged: 10 });
  });

  test('a corrected amount is a new recording: past results recompute as known then and as known now', async () => {
    const before = await inclusive('330102');
    assert.equal(before.amountFen, 60_000);
    const knownThen = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const pack = JSON.parse(readFileSync(join(dir, '330100-hangzhou.json'), 'utf8'));
    pack.rules['inclusiveCareSubsidy.monthly'].versions[0].parameters.baseMonthlyFenByLevel.value['3'] = 70_000;
    writeFileSync(join(dir, '330100-hangzhou.json'), JSON.stringify(pack));
    assert.equal((await syncPolicyPacks(database.db, dir)).recorded, 1);
    const now = await inclusive('330102');
    const then = await inclusive('330102', knownThen);
    assert.equal(now.amountFen, 70_000);
    assert.equal(then.amountFen, 60_000);
    assert.equal(then.source.versionId, before.source.versionId);
    assert.notEqual(now.source.versionId, before.source.versionId);
    assert.equal(now.source.version, 1, 'same rule version, recorded again');
  });

  test('a county pack overriding a city rule wins in the county only', async () => {
    const pack = JSON.parse(readFileSync(join(dir, '330182-jiande.json'), 'utf8'));
    const city = JSON.parse(readFileSync(join(dir, '330100-hangzhou.json'), 'utf8'));
    const override = structuredClone(city.rules['inclusiveCareSubsidy.monthly']);
    override.versions[0].parameters.generalPercentBp.value = 5000;
    override.versions[0].parameters.percentBpByStatus.value.subsistence = 9000;
    override.versions[0].source.seed = '002';
    override.versions[0].source.section = '二(二)3';
    override.versions[0].source.quote =
      '对困难老年人进行能力评估,作为提供养老服务补贴、入住公办养老机构等养老服务兜底保障的依据。';
    override.versions[0].dateSource = { operatorSet: true, note: 'test override' };
    pack.rules['inclusiveCareSubsidy.monthly'] = override;
    writeFileSync(join(dir, '330182-jiande.json'), JSON.stringify(pack));
    await syncPolicyPacks(database.db, dir);
    const county = await inclusive('330182001');
    assert.equal(county.source.jurisdictionCode, '330182');
    assert.equal(county.amountFen, 63_000);
    assert.deepEqual(
      county.source.resolution.map((r) => r.state),
      ['absent', 'chosen', 'overridden', 'absent'],
    );
    assert.equal((await inclusive('330102')).source.jurisdictionCode, '330100');
  });

  test('a version taken out of its pack is retracted, and still known as it was before', async () => {
    const beforeRetraction = new Date();
    await new Promise((r) => setTimeout(r, 20));
    rmSync(join(dir, '330900-zhoushan.json'));
    const result = await syncPolicyPacks(database.db, dir);
    assert.equal(result.retracted, 2);
    await assert.rejects(
      evaluatePolicy(database.db, {
        jurisdictionCode: '330900',
        rule: 'insurance.paymentBoundary',
        onDate: '2022-01-01',
        facts: { payer: 'medicalInsurance', serviceCategory: 'medical', claimFen: 1 },
      }),
      (err: unknown) => err instanceof AppError && err.code === 'policy_not_in_force',
    );
    const old = await evaluatePolicy(database.db, {
      jurisdictionCode: '330900',
      rule: 'insurance.paymentBoundary',
      onDate: '2022-01-01',
      facts: { payer: 'medicalInsurance', serviceCategory: 'medical', claimFen: 1 },
      knownAt: beforeRetraction,
    });
    assert.equal(old.amountFen, 1);
    assert.equal((await knownVersions(database.db, null)).filter((v) => v.jurisdiction_code === '330900').length, 0);
  });

  test('recorded versions cannot be changed or deleted', async () => {
    await assert.rejects(database.db.updateTable('policy_versions').set({ version: 9 }).execute(), /append-only/);
    await assert.rejects(database.db.deleteFrom('policy_versions').execute(), /append-only/);
  });
});
