// How a stored assessment is shown, and the canonical content that assessors sign.
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from './access.js';
import { levelName, RISK_KINDS, type RiskEvents, type ScoreInput, scoreAssessment } from './rules.js';
import { rulesByVersion } from './rules-store.js';
import { ITEM_CODES } from './scale.js';
import type { AssessmentsTable } from './tables.js';
import type { AssessmentView } from './view-schemas.js';

export type { AssessmentView, SignatureView } from './view-schemas.js';

export type AssessmentRow = Selectable<AssessmentsTable>;

export function riskEventsOf(row: AssessmentRow): RiskEvents {
  return {
    fall: row.risk_fall,
    wandering: row.risk_wandering,
    choking: row.risk_choking,
    selfHarm: row.risk_self_harm,
    other: row.risk_other,
  };
}

export function riskColumns(events: Partial<RiskEvents>) {
  return {
    risk_fall: events.fall ?? 0,
    risk_wandering: events.wandering ?? 0,
    risk_choking: events.choking ?? 0,
    risk_self_harm: events.selfHarm ?? 0,
    risk_other: events.other ?? 0,
  };
}

export function inputOf(row: AssessmentRow): ScoreInput {
  return { items: row.items, coma: row.coma, diagnoses: row.diagnoses, riskEvents30d: riskEventsOf(row) };
}

const parseJson = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

/** SHA-256 over the signed content in a fixed key order: any later change would show. */
export function contentHash(row: AssessmentRow): string {
  const content = {
    assessment: row.id,
    revision: row.revision,
    elder: row.elder_id,
    supersedes: row.supersedes_id,
    items: ITEM_CODES.map((c) => [c, row.items[c] ?? null]),
    coma: row.coma,
    diagnoses: row.diagnoses,
    risks: RISK_KINDS.map((k) => [k, riskEventsOf(row)[k]]),
    assessedOn: row.assessed_on,
    place: row.place,
    rehabNeeds: parseJson(row.rehab_needs) ?? null,
    fitness: parseJson(row.fitness) ?? null,
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export async function assessmentView(db: Db, row: AssessmentRow): Promise<AssessmentView> {
  const [elder, users, signatures, successor] = await Promise.all([
    db.selectFrom('elders').select('name').where('id', '=', row.elder_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', [row.assessor_1_id ?? 0, row.assessor_2_id ?? 0])
      .execute(),
    db
      .selectFrom('assessment_signatures')
      .select(['user_id', 'signer_name', 'certificate_no', 'signed_at', 'content_hash'])
      .where('assessment_id', '=', row.id)
      .where('revision', '=', row.revision)
      .orderBy('id')
      .execute(),
    db.selectFrom('assessments').select('id').where('supersedes_id', '=', row.id).executeTakeFirst(),
  ]);
  let result: AssessmentView['result'] = null;
  if (row.total != null && row.rules_version) {
    const rules = await rulesByVersion(db, row.rules_version);
    const scored = scoreAssessment(inputOf(row), rules);
    result = {
      total: row.total,
      dimensions: { 'B.1': row.score_b1!, 'B.2': row.score_b2!, 'B.3': row.score_b3!, 'B.4': row.score_b4! },
      preliminaryLevel: row.preliminary_level!,
      finalLevel: row.final_level!,
      levelName: levelName(rules, row.final_level!),
      reasons: scored.reasons,
      rulesVersion: row.rules_version,
    };
  }
  const nameOf = (id: number) => users.find((u) => u.id === id)?.display_name ?? '';
  return {
    id: row.id,
    elderId: row.elder_id,
    elderName: elder.name,
    districtCode: row.district_code,
    taskId: row.task_id,
    standard: row.standard,
    status: row.status,
    revision: row.revision,
    supersedesId: row.supersedes_id,
    correctionNote: row.correction_note,
    supersededById: successor?.id ?? null,
    items: row.items,
    coma: row.coma,
    diagnoses: row.diagnoses,
    riskEvents30d: riskEventsOf(row),
    result,
    rehabNeeds: parseJson(row.rehab_needs) ?? null,
    fitness: parseJson(row.fitness) ?? null,
    assessedOn: row.assessed_on,
    place: row.place,
    assessors: [row.assessor_1_id, row.assessor_2_id]
      .filter((id): id is number => id != null)
      .map((id) => ({ id, name: nameOf(id) })),
    signatures: signatures.map((s) => ({
      userId: s.user_id,
      name: s.signer_name,
      certificateNo: s.certificate_no,
      signedAt: s.signed_at.toISOString(),
      contentHash: s.content_hash,
    })),
    createdAt: row.created_at.toISOString(),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    signedAt: row.signed_at?.toISOString() ?? null,
  };
}
