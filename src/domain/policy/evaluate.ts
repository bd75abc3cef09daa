// The engine: "what applies to this person, here, on this date, and where does it come from".
// Finds the rule version by jurisdiction chain and date (as known at a moment), checks the facts,
// runs the pure rule and returns the amount, payments, source and a step-by-step explanation.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { checkFacts } from './facts.js';
import { jurisdictionChain, type Resolution, resolveVersion } from './resolve.js';
import { RULE_IDS, ruleById } from './rules/index.js';
import type { Line, Payment, RuleDefinition, RuleOutcome, Share } from './rules/types.js';
import type { SourceView } from './schemas.js';
import { knownVersions, type VersionRow } from './store.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface EvaluateInput {
  jurisdictionCode: string;
  rule: string;
  onDate: string;
  facts: unknown;
  /** Evaluate with the rules as they were known at this moment (default: as known now). */
  knownAt?: Date | null;
}

export type { SourceView };

export interface Evaluation {
  rule: string;
  jurisdictionCode: string;
  onDate: string;
  knownAt: string;
  payee: RuleDefinition['payee'];
  eligible: boolean;
  amountFen: number;
  payments: Payment[];
  shares?: Share[];
  cityShareFen?: number;
  source: SourceView;
  explanation: Line[];
}

export function ruleOrFail(rule: string): RuleDefinition {
  const def = ruleById(rule);
  if (!def) throw new AppError('policy_unknown_rule', { rule, known: RULE_IDS.join(', ') }, 'rule');
  return def;
}

export function parameterValues(row: VersionRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row.content.parameters).map(([k, p]) => [k, p.value]));
}

/** Runs a rule version on facts that have already been checked (used by set-based callers too). */
export function runVersion(
  def: RuleDefinition,
  row: VersionRow,
  facts: Record<string, unknown>,
  onDate: string,
): RuleOutcome {
  return def.evaluate(facts as never, parameterValues(row) as never, onDate);
}

export function sourceView(row: VersionRow, trail: Resolution<VersionRow>['trail']): SourceView {
  const parameters = Object.entries(row.content.parameters).map(([name, p]) => ({ name, ...p }));
  return {
    versionId: row.id,
    jurisdictionCode: row.jurisdiction_code,
    packName: row.content.packName,
    packFile: row.pack_file,
    rule: row.rule,
    ruleTitle: row.content.ruleTitle,
    version: row.version,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    recordedAt: new Date(row.recorded_at).toISOString(),
    document: row.content.document,
    dateSource: row.content.dateSource,
    note: row.content.note,
    parameters,
    operatorSet: parameters.filter((p) => p.source.kind === 'operatorSet').map((p) => p.name),
    resolution: trail,
  };
}

/** The version of `rule` that applies at `code` on `onDate`, or a 400 saying none does. */
export async function resolveRule(db: Db, rule: string, code: string, onDate: string, knownAt: Date | null) {
  const candidates = await knownVersions(db, knownAt, { rule, jurisdictionCodes: jurisdictionChain(code) });
  const resolution = resolveVersion(candidates, code, onDate);
  if (!resolution.chosen)
    throw new AppError('policy_not_in_force', { rule, jurisdiction: code, date: onDate }, 'onDate');
  return { row: resolution.chosen, trail: resolution.trail };
}

export async function evaluatePolicy(db: Db, input: EvaluateInput): Promise<Evaluation> {
  const def = ruleOrFail(input.rule);
  const facts = checkFacts(def, input.facts);
  const knownAt = input.knownAt ?? null;
  const { row, trail } = await resolveRule(db, input.rule, input.jurisdictionCode, input.onDate, knownAt);
  const outcome = runVersion(def, row, facts, input.onDate);
  const source = sourceView(row, trail);
  const doc = row.content.document;
  const where: Line = {
    zh: `适用${row.content.packName}政策包 ${row.rule} 第${row.version}版（${row.effective_from} 起${row.effective_to ? `至 ${row.effective_to}` : ''}）${doc.kind === 'seed' ? `，依据《${doc.title}》${doc.section}${doc.status === 'draft' ? '（征求意见稿）' : ''}` : ''}`,
    en: `${row.content.packName} pack, ${row.rule} version ${row.version} (from ${row.effective_from}${row.effective_to ? ` to ${row.effective_to}` : ''})${doc.kind === 'seed' ? `, per seed ${doc.seed} ${doc.section}${doc.status === 'draft' ? ' (draft)' : ''}` : ''}`,
  };
  const overridden = trail.filter((t) => t.state === 'overridden').map((t) => t.jurisdictionCode);
  const lines: Line[] = [where];
  if (overridden.length)
    lines.push({
      zh: `覆盖上级政策包 ${overridden.join('、')} 的同名规则`,
      en: `Overrides the same rule in ${overridden.join(', ')}`,
    });
  if (source.operatorSet.length)
    lines.push({
      zh: `以下参数由运营方设定（文件未规定）：${source.operatorSet.join('、')}`,
      en: `Operator-set parameters (not in the documents): ${source.operatorSet.join(', ')}`,
    });
  const result: Evaluation = {
    rule: input.rule,
    jurisdictionCode: input.jurisdictionCode,
    onDate: input.onDate,
    knownAt: (knownAt ?? new Date()).toISOString(),
    payee: def.payee,
    eligible: outcome.eligible,
    amountFen: outcome.amountFen,
    payments: outcome.payments,
    source,
    explanation: [...lines, ...outcome.explanation],
  };
  if (outcome.shares) {
    result.shares = outcome.shares;
    result.cityShareFen = outcome.shares.filter((s) => s.payer === 'city').reduce((a, s) => a + s.amountFen, 0);
  }
  return result;
}
