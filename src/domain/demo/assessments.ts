// Demo capability assessments: two qualified demo assessors per district of the demo accounts,
// and signed GB/T 42195-2022 assessments for a realistic share of the seeded elders, so that
// levels exist for subsidies, admission priority and the cockpit from the first start.
import { type Kysely, sql } from 'kysely';
import { bulkInsert } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { seededRandom } from '../../lib/random.js';
import { contentHash } from '../assessment/assessment-view.js';
import { itemsWithTotal } from '../assessment/fixtures.js';
import { scoreAssessment } from '../assessment/rules.js';
import { activeRules, deriveLevels } from '../assessment/rules-store.js';

/** Demo assessor accounts that receive an assessor qualification (评估员资格证). */
export const DEMO_ASSESSORS = ['assessor-330102', 'assessor-330102-b'];

export async function ensureDemoQualifications(db: Kysely<DB>): Promise<void> {
  for (const [index, username] of DEMO_ASSESSORS.entries()) {
    const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (!user) continue;
    const certificateNo = `ZJ-PG-DEMO-${String(index + 1).padStart(4, '0')}`;
    await db
      .insertInto('assessor_qualifications')
      .values({
        user_id: user.id,
        district_code: '330102',
        certificate_no: certificateNo,
        issuer: '杭州市民政局（演示）',
        issued_on: '2024-01-01',
        expires_on: '2029-12-31',
      })
      .onConflict((oc) => oc.column('certificate_no').doNothing())
      .execute();
  }
}

/** Share of elders with a signed assessment, by their flags: disabled and dementia elders are all assessed. */
const BASE_SHARE = 0.3;

/** Total score distribution of assessed elders (level 0 … 4), before the raise rules. */
const LEVEL_TOTALS: { share: number; min: number; max: number }[] = [
  { share: 0.45, min: 90, max: 90 },
  { share: 0.3, min: 66, max: 89 },
  { share: 0.13, min: 46, max: 65 },
  { share: 0.08, min: 30, max: 45 },
  { share: 0.04, min: 0, max: 29 },
];

function drawTotal(rand: () => number, disabled: boolean): number {
  // Elders flagged 失能 are drawn from levels 2–4 only.
  const bands = disabled ? LEVEL_TOTALS.slice(2) : LEVEL_TOTALS;
  const sum = bands.reduce((a, b) => a + b.share, 0);
  let r = rand() * sum;
  for (const b of bands) {
    r -= b.share;
    if (r <= 0) return b.min + Math.floor(rand() * (b.max - b.min + 1));
  }
  return 90;
}

interface DemoAssessment {
  elder_id: number;
  district_code: string;
  items: Record<string, number>;
  diagnoses: string[];
  risk_fall: number;
  b: Record<'B.1' | 'B.2' | 'B.3' | 'B.4', number>;
  total: number;
  preliminary: number;
  final: number;
  reasons: string[];
  assessed_on: string;
}

export async function seedDemoAssessments(db: Kysely<DB>, seed: number): Promise<number> {
  const existing = await db.selectFrom('assessments').select('id').limit(1).executeTakeFirst();
  if (existing) return 0;
  const assessors = await db
    .selectFrom('users as u')
    .innerJoin('assessor_qualifications as q', 'q.user_id', 'u.id')
    .select(['u.id', 'u.display_name', 'q.certificate_no'])
    .where('u.username', 'in', DEMO_ASSESSORS)
    .orderBy('u.id')
    .execute();
  if (assessors.length < 2) return 0;
  const [first, second] = assessors as [(typeof assessors)[0], (typeof assessors)[0]];
  const rules = await activeRules(db);
  const elders = await sql<{ id: number; district_code: string; disabled: boolean; dementia: boolean }>`
    SELECT e.id, e.district_code,
      EXISTS (SELECT 1 FROM elder_status_flags f WHERE f.elder_id = e.id AND f.flag IN ('disabled', 'severe_disability')) AS disabled,
      EXISTS (SELECT 1 FROM elder_status_flags f WHERE f.elder_id = e.id AND f.flag = 'dementia') AS dementia
    FROM elders e WHERE e.status = 'active' ORDER BY e.id`.execute(db);
  const rand = seededRandom(seed * 7919 + 17);
  const rows: DemoAssessment[] = [];
  for (const e of elders.rows) {
    const pick = rand() < BASE_SHARE;
    if (!pick && !e.disabled && !e.dementia) continue;
    const items = itemsWithTotal(drawTotal(rand, e.disabled));
    const diagnoses = e.dementia ? ['F03'] : [];
    const fall = rand() < 0.06 ? 2 : 0;
    const scored = scoreAssessment(
      { items, coma: false, diagnoses, riskEvents30d: { fall, wandering: 0, choking: 0, selfHarm: 0, other: 0 } },
      rules,
    );
    const day = 1 + Math.floor(rand() * 28);
    const month = 1 + Math.floor(rand() * 10);
    rows.push({
      elder_id: e.id,
      district_code: e.district_code,
      items,
      diagnoses,
      risk_fall: fall,
      b: scored.dimensions,
      total: scored.total,
      preliminary: scored.preliminaryLevel,
      final: scored.finalLevel,
      reasons: scored.reasons.map((r) => r.code),
      assessed_on: `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    });
  }
  await db.transaction().execute(async (tx) => {
    await bulkInsert(
      tx,
      'assessments',
      [
        { name: 'elder_id', type: 'bigint', value: (r: DemoAssessment) => r.elder_id },
        { name: 'district_code', type: 'text', value: (r) => r.district_code },
        { name: 'status', type: 'text', value: () => 'signed' },
        { name: 'items', type: 'jsonb', value: (r) => r.items },
        { name: 'diagnoses', type: 'text', cast: 'text[]', value: (r) => `{${r.diagnoses.join(',')}}` },
        { name: 'risk_fall', type: 'int', value: (r) => r.risk_fall },
        { name: 'score_b1', type: 'int', value: (r) => r.b['B.1'] },
        { name: 'score_b2', type: 'int', value: (r) => r.b['B.2'] },
        { name: 'score_b3', type: 'int', value: (r) => r.b['B.3'] },
        { name: 'score_b4', type: 'int', value: (r) => r.b['B.4'] },
        { name: 'total', type: 'int', value: (r) => r.total },
        { name: 'rules_version', type: 'text', value: () => rules.version },
        { name: 'preliminary_level', type: 'int', value: (r) => r.preliminary },
        { name: 'final_level', type: 'int', value: (r) => r.final },
        { name: 'reason_codes', type: 'text', cast: 'text[]', value: (r) => `{${r.reasons.join(',')}}` },
        { name: 'assessed_on', type: 'date', value: (r) => r.assessed_on },
        { name: 'place', type: 'text', value: () => '老人家中（演示数据）' },
        { name: 'assessor_1_id', type: 'bigint', value: () => first.id },
        { name: 'assessor_2_id', type: 'bigint', value: () => second.id },
        { name: 'submitted_at', type: 'timestamptz', value: (r) => `${r.assessed_on}T10:00:00+08:00` },
        { name: 'signed_at', type: 'timestamptz', value: (r) => `${r.assessed_on}T11:00:00+08:00` },
      ],
      rows,
      { chunkSize: 5_000 },
    );
    const signed = await tx
      .selectFrom('assessments')
      .selectAll()
      .where('status', '=', 'signed')
      .orderBy('id')
      .execute();
    const signatures = signed.flatMap((a) => [first, second].map((s) => ({ a, s, hash: contentHash(a) })));
    await bulkInsert(
      tx,
      'assessment_signatures',
      [
        { name: 'assessment_id', type: 'bigint', value: (r: (typeof signatures)[0]) => r.a.id },
        { name: 'elder_id', type: 'bigint', value: (r) => r.a.elder_id },
        { name: 'district_code', type: 'text', value: (r) => r.a.district_code },
        { name: 'revision', type: 'int', value: (r) => r.a.revision },
        { name: 'user_id', type: 'bigint', value: (r) => r.s.id },
        { name: 'signer_name', type: 'text', value: (r) => r.s.display_name },
        { name: 'certificate_no', type: 'text', value: (r) => r.s.certificate_no },
        { name: 'content_hash', type: 'text', value: (r) => r.hash },
        { name: 'signed_at', type: 'timestamptz', value: (r) => r.a.signed_at?.toISOString() },
      ],
      signatures,
      { chunkSize: 5_000 },
    );
    await deriveLevels(tx, rules.version);
  });
  return rows.length;
}
