// The scoring rules of GB/T 42195-2022 as pure functions over a versioned rules table.
// The level bands (C.3) and the raise rules (C.4/C.5) are data: an operator corrects them by a new
// version (stored in assessment_rule_versions), never by editing code, and past levels stay
// reproducible under the version they were derived with.
import type { FieldError } from '../../lib/errors.js';
import {
  CONSCIOUSNESS_ITEM,
  DIMENSIONS,
  type DimensionCode,
  GBT_42195,
  ITEM_BY_CODE,
  ITEMS,
  maxScore,
} from './scale.js';

export const RISK_KINDS = ['fall', 'wandering', 'choking', 'selfHarm', 'other'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];
export type RiskEvents = Record<RiskKind, number>;

export const RISK_LABELS: Record<RiskKind, { zh: string; en: string }> = {
  fall: { zh: '跌倒', en: 'fall' },
  wandering: { zh: '走失', en: 'wandering off' },
  choking: { zh: '噎食', en: 'choking' },
  selfHarm: { zh: '自杀/自伤', en: 'self-harm' },
  other: { zh: '其他', en: 'other' },
};

export interface LevelBand {
  level: number;
  min: number;
  max: number;
  zh: string;
  en: string;
}

export interface DiagnosisRange {
  /** ICD-10 three-character categories, inclusive. */
  from: string;
  to: string;
  kind: 'dementia' | 'psychiatric';
}

export interface LevelRules {
  version: string;
  standard: typeof GBT_42195;
  bands: LevelBand[];
  comaLevel: number;
  maxLevel: number;
  raise: {
    diagnosisRanges: DiagnosisRange[];
    riskEventThreshold: number;
    /** The standard is ambiguous: count events across kinds, or require the threshold in one kind. */
    riskEventCounting: 'across_kinds' | 'per_kind';
  };
}

export const RULES_V1: LevelRules = {
  version: 'GB/T 42195-2022 v1',
  standard: GBT_42195,
  bands: [
    { level: 0, min: 90, max: 90, zh: '能力完好', en: 'Intact' },
    { level: 1, min: 66, max: 89, zh: '能力轻度受损（轻度失能）', en: 'Mildly impaired' },
    { level: 2, min: 46, max: 65, zh: '能力中度受损（中度失能）', en: 'Moderately impaired' },
    { level: 3, min: 30, max: 45, zh: '能力重度受损（重度失能）', en: 'Severely impaired' },
    { level: 4, min: 0, max: 29, zh: '能力完全丧失（完全失能）', en: 'Total loss of capability' },
  ],
  comaLevel: 4,
  maxLevel: 4,
  raise: {
    diagnosisRanges: [
      { from: 'F00', to: 'F03', kind: 'dementia' },
      { from: 'F04', to: 'F99', kind: 'psychiatric' },
    ],
    riskEventThreshold: 2,
    riskEventCounting: 'across_kinds',
  },
};

export interface ScoreInput {
  items: Record<string, number>;
  coma?: boolean;
  diagnoses?: string[];
  riskEvents30d?: Partial<RiskEvents>;
}

export type ReasonCode =
  | 'coma'
  | 'dementia_diagnosis'
  | 'psychiatric_diagnosis'
  | 'risk_events'
  | 'raised_one_level'
  | 'raise_capped';

export interface Reason {
  code: ReasonCode;
  zh: string;
  en: string;
}

export interface ScoreResult {
  total: number;
  dimensions: Record<DimensionCode, number>;
  preliminaryLevel: number;
  finalLevel: number;
  reasons: Reason[];
  rulesVersion: string;
}

/** Checks the answers against the scale: every item present, none unknown, each within its range. */
export function checkScoreInput(input: ScoreInput): FieldError[] {
  const problems: FieldError[] = [];
  for (const item of ITEMS) {
    const value = input.items[item.code];
    const field = `items.${item.code}`;
    if (value === undefined || value === null) {
      problems.push({ field, code: 'assessment_item_missing', params: { item: item.code, name: item.zh } });
    } else if (!Number.isInteger(value) || value < 0 || value > maxScore(item)) {
      problems.push({
        field,
        code: 'assessment_item_out_of_range',
        params: { item: item.code, name: item.zh, min: 0, max: maxScore(item), value: String(value) },
      });
    }
  }
  for (const code of Object.keys(input.items)) {
    if (!ITEM_BY_CODE.has(code))
      problems.push({ field: `items.${code}`, code: 'assessment_item_unknown', params: { item: code } });
  }
  // The coma flag refines 意识水平 = 0 (昏睡 or 昏迷); with any other answer it contradicts the form.
  if (input.coma && input.items[CONSCIOUSNESS_ITEM] !== undefined && input.items[CONSCIOUSNESS_ITEM] !== 0) {
    problems.push({ field: 'coma', code: 'assessment_coma_inconsistent', params: { item: CONSCIOUSNESS_ITEM } });
  }
  return problems;
}

export function bandFor(rules: LevelRules, total: number): LevelBand {
  const band = rules.bands.find((b) => total >= b.min && total <= b.max);
  if (!band) throw new Error(`rules ${rules.version} have no band for total ${total}`);
  return band;
}

/** ICD-10 category of a code such as "f01.1" → "F01"; null when it is not ICD-10 shaped. */
export function icdCategory(code: string): string | null {
  const m = /^\s*([A-Za-z])(\d{2})/.exec(code);
  return m ? `${m[1]!.toUpperCase()}${m[2]}` : null;
}

export function raisingDiagnoses(
  rules: LevelRules,
  diagnoses: readonly string[],
): { dementia: string[]; psychiatric: string[] } {
  const found = { dementia: [] as string[], psychiatric: [] as string[] };
  for (const d of diagnoses) {
    const cat = icdCategory(d);
    const range = cat && rules.raise.diagnosisRanges.find((r) => cat >= r.from && cat <= r.to);
    if (range) found[range.kind].push(d.trim().toUpperCase());
  }
  return found;
}

export function riskEventCount(rules: LevelRules, events: Partial<RiskEvents> = {}): number {
  const counts = RISK_KINDS.map((k) => events[k] ?? 0);
  return rules.raise.riskEventCounting === 'across_kinds' ? counts.reduce((a, b) => a + b, 0) : Math.max(...counts);
}

export function dimensionScores(items: Record<string, number>): Record<DimensionCode, number> {
  const dims = Object.fromEntries(DIMENSIONS.map((d) => [d.code, 0])) as Record<DimensionCode, number>;
  for (const item of ITEMS) dims[item.dimension] += items[item.code] ?? 0;
  return dims;
}

/** Scores answers already checked by `checkScoreInput`. */
export function scoreAssessment(input: ScoreInput, rules: LevelRules = RULES_V1): ScoreResult {
  const dimensions = dimensionScores(input.items);
  const total = dimensions['B.1'] + dimensions['B.2'] + dimensions['B.3'] + dimensions['B.4'];
  const preliminaryLevel = bandFor(rules, total).level;
  const reasons: Reason[] = [];
  let finalLevel = preliminaryLevel;
  if (input.coma) {
    finalLevel = rules.comaLevel;
    reasons.push({
      code: 'coma',
      zh: `昏迷，直接评定为 ${rules.comaLevel} 级`,
      en: `In a coma: level ${rules.comaLevel} directly`,
    });
  } else {
    const diag = raisingDiagnoses(rules, input.diagnoses ?? []);
    if (diag.dementia.length)
      reasons.push({
        code: 'dementia_diagnosis',
        zh: `确诊痴呆（${diag.dementia.join('、')}）`,
        en: `Diagnosed dementia (${diag.dementia.join(', ')})`,
      });
    if (diag.psychiatric.length)
      reasons.push({
        code: 'psychiatric_diagnosis',
        zh: `确诊精神疾病（${diag.psychiatric.join('、')}）`,
        en: `Diagnosed psychiatric disorder (${diag.psychiatric.join(', ')})`,
      });
    const events = riskEventCount(rules, input.riskEvents30d);
    if (events >= rules.raise.riskEventThreshold) {
      reasons.push({
        code: 'risk_events',
        zh: `近 30 天发生照护风险事件 ${events} 次`,
        en: `${events} care-risk events in the last 30 days`,
      });
    }
    // Several conditions still raise by one level only (C.5), and never past the top level.
    if (reasons.length) {
      if (preliminaryLevel < rules.maxLevel) {
        finalLevel = preliminaryLevel + 1;
        reasons.push({
          code: 'raised_one_level',
          zh: `在初步等级基础上提高一级（多项条件不叠加）：${preliminaryLevel} → ${finalLevel} 级`,
          en: `Raised one level (conditions do not add up): ${preliminaryLevel} → ${finalLevel}`,
        });
      } else {
        reasons.push({
          code: 'raise_capped',
          zh: `已为最高等级 ${rules.maxLevel} 级，不再提高`,
          en: `Already at the top level ${rules.maxLevel}: not raised`,
        });
      }
    }
  }
  return { total, dimensions, preliminaryLevel, finalLevel, reasons, rulesVersion: rules.version };
}

export function levelName(rules: LevelRules, level: number): { zh: string; en: string } {
  const band = rules.bands.find((b) => b.level === level);
  return band ? { zh: band.zh, en: band.en } : { zh: `${level} 级`, en: `Level ${level}` };
}

/** Sanity checks for a new rules version: bands cover 0–90 exactly once, levels within 0…maxLevel. */
export function checkRules(rules: LevelRules): string[] {
  const problems: string[] = [];
  for (let total = 0; total <= 90; total++) {
    const n = rules.bands.filter((b) => total >= b.min && total <= b.max).length;
    if (n !== 1) problems.push(`total ${total} falls in ${n} bands`);
  }
  for (const b of rules.bands)
    if (b.level < 0 || b.level > rules.maxLevel) problems.push(`band level ${b.level} outside 0–${rules.maxLevel}`);
  if (rules.comaLevel < 0 || rules.comaLevel > rules.maxLevel) problems.push('coma level outside the scale');
  if (rules.raise.riskEventThreshold < 1) problems.push('risk-event threshold must be at least 1');
  for (const r of rules.raise.diagnosisRanges)
    if (!/^[A-Z]\d{2}$/.test(r.from) || !/^[A-Z]\d{2}$/.test(r.to) || r.from > r.to)
      problems.push(`bad diagnosis range ${r.from}–${r.to}`);
  return problems;
}
