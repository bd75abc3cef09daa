// Every rule the engine knows, by id. A pack may only name rules listed here.
import { monthlyNursing, oneTimeGrant } from './home-care-bed.js';
import { inclusiveMonthly } from './inclusive-care.js';
import { nursingSubsidy } from './institutional-care.js';
import { paymentBoundary } from './insurance-boundary.js';
import type { RuleDefinition } from './types.js';
import { certificateBonus, entryBonus, postAllowance } from './workforce.js';

// The registry forgets each rule's own fact and parameter types; the engine validates both
// against the schemas before calling `evaluate`, which is what makes the cast sound.
const list = [
  oneTimeGrant,
  monthlyNursing,
  nursingSubsidy,
  certificateBonus,
  entryBonus,
  postAllowance,
  inclusiveMonthly,
  paymentBoundary,
] as unknown as RuleDefinition[];

export const RULES: ReadonlyMap<string, RuleDefinition> = new Map(list.map((r) => [r.id, r]));
export const RULE_IDS = [...RULES.keys()];

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.get(id);
}
