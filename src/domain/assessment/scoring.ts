// The stateless scorer behind POST /assessments/score and every stored assessment: check the
// answers against the scale, then score them under a rules version.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { validationError } from '../../lib/errors.js';
import { checkScoreInput, levelName, type ScoreInput, type ScoreResult, scoreAssessment } from './rules.js';
import { activeRules, rulesByVersion } from './rules-store.js';
import { GBT_42195 } from './scale.js';

export interface ScoredView extends ScoreResult {
  standard: typeof GBT_42195;
  levelName: { zh: string; en: string };
}

/** Throws a 400 naming every bad item (the first one names the response). */
export function assertValidInput(input: ScoreInput): void {
  const problems = checkScoreInput(input);
  if (problems.length) throw validationError(problems);
}

export async function scoreWithRules(
  db: Kysely<DB> | Transaction<DB>,
  input: ScoreInput,
  rulesVersion?: string,
): Promise<ScoredView> {
  assertValidInput(input);
  const rules = rulesVersion ? await rulesByVersion(db, rulesVersion) : await activeRules(db);
  const result = scoreAssessment(input, rules);
  return { standard: GBT_42195, ...result, levelName: levelName(rules, result.finalLevel) };
}
