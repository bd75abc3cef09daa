// The entry bonus (入职奖补) of every loaded policy pack, for every education level the register
// records, against the figures of the seed documents: a pack edit, a version overlap or a slip in
// the education mapping shows up as one failing (pack, hiring year, level) line.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestDatabase, testDatabase } from '../../../test/support/db.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { loadPackDir } from '../policy/packs.js';
import { syncPolicyPacks } from '../policy/store.js';
import { eligibilityFacts, type IncentiveFacts } from './incentive-facts.js';
import { EDUCATIONS, type Education } from './vocabulary.js';

type Figures = Record<Education, number>;

// 000 二(三)10: "奖补标准为中职3万元、专科（高职）4万元、本科以上5万元"; no bonus below 中职.
const SEED_000: Figures = {
  primary: 0,
  junior_high: 0,
  high_school: 0,
  secondary_vocational: 3_000_000,
  college: 4_000_000,
  bachelor: 5_000_000,
  postgraduate: 5_000_000,
};
// 004 二(一), from 2022: "中职从2.1万提高到3万，专科（高职）从2.6万提高到4万，本科以上从4万提高到5万".
const SEED_004: Figures = {
  primary: 0,
  junior_high: 0,
  high_school: 0,
  secondary_vocational: 3_000_000,
  college: 4_000_000,
  bachelor: 5_000_000,
  postgraduate: 5_000_000,
};

/** Per pack, a hiring date in each period its entry bonus covers, a street of the pack, and the seed. */
const CASES: { pack: string; street: string; hiredOn: string; seed: '000' | '004'; figures: Figures }[] = [
  { pack: '330100', street: '330102001', hiredOn: '2021-06-01', seed: '000', figures: SEED_000 },
  { pack: '330100', street: '330102001', hiredOn: '2022-06-01', seed: '004', figures: SEED_004 },
  // 建德 has no entry bonus of its own: the city's applies.
  { pack: '330182', street: '330182001', hiredOn: '2021-06-01', seed: '000', figures: SEED_000 },
  { pack: '330182', street: '330182001', hiredOn: '2022-06-01', seed: '004', figures: SEED_004 },
  { pack: '330900', street: '330902001', hiredOn: '2022-06-01', seed: '004', figures: SEED_004 },
];

/** A frontline caregiver of an institution, not 事业编, hired a year after graduating. */
function caregiver(street: string, hiredOn: string, education: Education): IncentiveFacts {
  const graduatedOn = `${Number(hiredOn.slice(0, 4)) - 1}${hiredOn.slice(4)}`;
  return {
    workerId: 1,
    employmentId: 1,
    organisationId: 1,
    organisationKind: 'institution',
    jurisdictionCode: street,
    districtCode: street.slice(0, 6),
    jobRole: 'caregiver',
    frontline: true,
    establishment: false,
    hiredOn,
    leftOn: null,
    education,
    graduatedOn,
    skillLevel: null,
    certificateId: null,
    certifiedOn: null,
  };
}

describe('entry bonus of every pack and education level against the seed figures', () => {
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase();
    await syncPolicyPacks(database.db);
  });
  after(() => database.close());

  test('every loaded pack has its cases', () => {
    const packs = [...new Set(loadPackDir().map((r) => r.jurisdictionCode))].sort();
    assert.deepEqual([...new Set(CASES.map((c) => c.pack))].sort(), packs);
  });

  for (const c of CASES) {
    for (const education of EDUCATIONS) {
      test(`${c.pack}, hired ${c.hiredOn}, ${education}: ${c.figures[education]} fen (seed ${c.seed})`, async () => {
        const ask = eligibilityFacts(caregiver(c.street, c.hiredOn, education)).find(
          (a) => a.incentive === 'entry_bonus',
        );
        let paid = 0;
        let seed: string | null = null;
        if (ask) {
          const ev = await evaluatePolicy(database.db, {
            jurisdictionCode: c.street,
            rule: ask.rule,
            onDate: ask.onDate,
            facts: ask.facts,
          });
          // What reaches the caregiver is the instalments, so their sum is what must match the seed.
          paid = ev.eligible ? ev.payments.reduce((s, p) => s + p.amountFen, 0) : 0;
          seed = ev.source.document.kind === 'seed' ? ev.source.document.seed : null;
        }
        // No bonus, no rule asked: the seed is named only where something is paid.
        assert.deepEqual({ paid, seed }, { paid: c.figures[education], seed: c.figures[education] ? c.seed : null });
      });
    }
  }
});
