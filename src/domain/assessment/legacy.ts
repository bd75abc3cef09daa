// Results under the previous standard MZ/T 039-2013 (老年人能力评估, 民政行业标准), imported from
// old systems. They are kept in their own table with their standard named, shown in the history,
// and never counted as GB/T 42195 levels. The Barthel ADL part is checked; the standard's
// combination table (four grades → level) is not transcribed here, so the level is taken as recorded.
import { bulkInsert } from '../../db/bulk.js';
import { isIsoDate } from '../../lib/dates.js';
import { AppError, type FieldError } from '../../lib/errors.js';
import { visibleElders } from '../elders/service.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { hasRole } from '../identity/scope.js';
import { ASSESSMENT_MANAGERS } from './access.js';

export const MZT_039 = 'MZ/T 039-2013';

/** Barthel index items of MZ/T 039-2013 with the scores each allows. */
export const BARTHEL_ITEMS: Record<string, { zh: string; scores: number[] }> = {
  eating: { zh: '进食', scores: [10, 5, 0] },
  bathing: { zh: '洗澡', scores: [5, 0] },
  grooming: { zh: '修饰', scores: [5, 0] },
  dressing: { zh: '穿衣', scores: [10, 5, 0] },
  bowel: { zh: '大便控制', scores: [10, 5, 0] },
  bladder: { zh: '小便控制', scores: [10, 5, 0] },
  toilet: { zh: '如厕', scores: [10, 5, 0] },
  transfer: { zh: '床椅转移', scores: [15, 10, 5, 0] },
  walking: { zh: '平地行走', scores: [15, 10, 5, 0] },
  stairs: { zh: '上下楼梯', scores: [10, 5, 0] },
};

export const LEGACY_LEVELS: Record<number, { zh: string; en: string }> = {
  0: { zh: '能力完好', en: 'Intact' },
  1: { zh: '轻度失能', en: 'Mild disability' },
  2: { zh: '中度失能', en: 'Moderate disability' },
  3: { zh: '重度失能', en: 'Severe disability' },
};

/** ADL grade from the Barthel total: 0 = 100, 1 = 65–95, 2 = 45–60, 3 ≤ 40. */
export function adlGrade(score: number): number {
  if (score >= 100) return 0;
  if (score >= 65) return 1;
  if (score >= 45) return 2;
  return 3;
}

export interface LegacyRecord {
  elderId?: number;
  idNumber?: string;
  assessedOn: string;
  adlItems?: Record<string, number>;
  adlScore?: number;
  adlGrade?: number;
  mentalGrade?: number;
  perceptionGrade?: number;
  socialGrade?: number;
  level: number;
  source: string;
  externalId: string;
}

/** Checks one record (assessed on or before `today`); returns the Barthel total and grade it implies. */
export function checkLegacyRecord(
  r: LegacyRecord,
  at: string,
  today: string,
): { problems: FieldError[]; adlScore: number | null; adlGrade: number | null } {
  const problems: FieldError[] = [];
  const bad = (field: string, detail: string) =>
    problems.push({ field: `${at}.${field}`, code: 'legacy_inconsistent', params: { detail } });
  if (r.elderId == null && !r.idNumber)
    problems.push({ field: `${at}.elderId`, code: 'required', params: { field: `${at}.elderId` } });
  if (!isIsoDate(r.assessedOn) || r.assessedOn > today)
    problems.push({ field: `${at}.assessedOn`, code: 'invalid_date', params: { field: `${at}.assessedOn` } });
  let score = r.adlScore ?? null;
  if (r.adlItems) {
    for (const [item, value] of Object.entries(r.adlItems)) {
      const spec = BARTHEL_ITEMS[item];
      if (!spec) bad(`adlItems.${item}`, `unknown Barthel item ${item}`);
      else if (!spec.scores.includes(value)) bad(`adlItems.${item}`, `${spec.zh} allows ${spec.scores.join('/')}`);
    }
    const missing = Object.keys(BARTHEL_ITEMS).filter((k) => r.adlItems![k] === undefined);
    if (missing.length) bad('adlItems', `missing ${missing.join(', ')}`);
    const sum = Object.values(r.adlItems).reduce((a, b) => a + b, 0);
    if (r.adlScore != null && r.adlScore !== sum) bad('adlScore', `items add up to ${sum}, not ${r.adlScore}`);
    score = sum;
  }
  const grade = score == null ? (r.adlGrade ?? null) : adlGrade(score);
  if (score != null && r.adlGrade != null && r.adlGrade !== grade)
    bad('adlGrade', `ADL ${score} is grade ${grade}, not ${r.adlGrade}`);
  return { problems, adlScore: score, adlGrade: grade };
}

/** All-or-nothing import; re-importing the same (source, externalId) is skipped, so it can be re-run. */
export async function importLegacy(
  ctx: UseCaseContext,
  records: LegacyRecord[],
): Promise<{ imported: number; skipped: number }> {
  const { db, actor } = ctx;
  if (!hasRole(actor, ASSESSMENT_MANAGERS)) throw new AppError('forbidden');
  const ids = [...new Set(records.map((r) => r.elderId).filter((x): x is number => x != null))];
  const idNumbers = [...new Set(records.map((r) => r.idNumber?.toUpperCase()).filter((x): x is string => !!x))];
  const elders = await visibleElders(db, actor)
    .select(['elders.id', 'elders.id_number', 'elders.district_code'])
    .where((eb) =>
      eb.or([
        eb('elders.id', 'in', ids.length ? ids : [0]),
        eb('elders.id_number', 'in', idNumbers.length ? idNumbers : ['']),
      ]),
    )
    .execute();
  const byId = new Map(elders.map((e) => [e.id, e]));
  const byIdNumber = new Map(elders.map((e) => [e.id_number, e]));
  const problems: FieldError[] = [];
  const rows = records.map((r, i) => {
    const at = `records[${i}]`;
    const checked = checkLegacyRecord(r, at, ctx.today);
    problems.push(...checked.problems);
    const elder = r.elderId != null ? byId.get(r.elderId) : byIdNumber.get(r.idNumber!.toUpperCase());
    if (!elder && (r.elderId != null || r.idNumber))
      problems.push({ field: `${at}.${r.elderId != null ? 'elderId' : 'idNumber'}`, code: 'not_found' });
    return { r, elder, ...checked };
  });
  if (problems.length)
    throw new AppError('import_invalid', { count: problems.length }, problems[0]!.field, problems.slice(0, 200));
  const before = await db
    .selectFrom('legacy_assessments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await bulkInsert(
    db,
    'legacy_assessments',
    [
      { name: 'elder_id', type: 'bigint', value: (x: (typeof rows)[number]) => x.elder!.id },
      { name: 'district_code', type: 'text', value: (x) => x.elder!.district_code },
      { name: 'standard', type: 'text', value: () => MZT_039 },
      { name: 'assessed_on', type: 'date', value: (x) => x.r.assessedOn },
      { name: 'adl_items', type: 'jsonb', value: (x) => x.r.adlItems ?? null },
      { name: 'adl_score', type: 'int', value: (x) => x.adlScore },
      { name: 'adl_grade', type: 'int', value: (x) => x.adlGrade },
      { name: 'mental_grade', type: 'int', value: (x) => x.r.mentalGrade ?? null },
      { name: 'perception_grade', type: 'int', value: (x) => x.r.perceptionGrade ?? null },
      { name: 'social_grade', type: 'int', value: (x) => x.r.socialGrade ?? null },
      { name: 'level', type: 'int', value: (x) => x.r.level },
      { name: 'source', type: 'text', value: (x) => x.r.source },
      { name: 'external_id', type: 'text', value: (x) => x.r.externalId },
      { name: 'imported_by', type: 'bigint', value: () => actor.userId },
    ],
    rows,
    { onConflict: 'ON CONFLICT (source, external_id) DO NOTHING' },
  );
  const after = await db
    .selectFrom('legacy_assessments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const imported = Number(after.n) - Number(before.n);
  await recordAudit(ctx, {
    action: 'import',
    entityType: 'legacy_assessment',
    detail: { standard: MZT_039, records: records.length, imported },
  });
  return { imported, skipped: records.length - imported };
}
