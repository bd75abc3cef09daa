// 普惠型养老服务补贴: a monthly amount by assessed ability level, times the percentage the
// elder's economic/social status gives (001 §三(一)1: "依经济、社会等身份确定可享受补贴百分比").
// The rest is the user's co-payment. Several statuses: the most favourable one counts.
import { Type } from 'typebox';
import { monthOf, monthStart } from '../../../lib/dates.js';
import { type ElderFlag, FLAG_LABELS, STORED_FLAGS } from '../../elders/flags.js';
import {
  AbilityLevel,
  applyBp,
  BasisPoints,
  defineRule,
  FenByLevel,
  ineligible,
  LEVEL_NAMES,
  type ParamValues,
  yuan,
} from './types.js';

export const STATUS_FLAGS: readonly ElderFlag[] = [...STORED_FLAGS, 'advanced_age'];
/** The tier of an elder none of whose statuses is listed in the pack. */
export const GENERAL_TIER = 'general';

const parameters = {
  baseMonthlyFenByLevel: { unit: 'fen_per_month' as const, schema: FenByLevel },
  percentBpByStatus: { unit: 'basis_points' as const, schema: Type.Record(Type.String(), BasisPoints) },
  generalPercentBp: { unit: 'basis_points' as const, schema: BasisPoints },
};
type Params = ParamValues<typeof parameters>;

/** The status that sets the percentage: the highest listed one, ties broken by flag name. */
export function winningStatus(statuses: readonly string[], p: Params): { status: string; percentBp: number } {
  let best = { status: GENERAL_TIER, percentBp: p.generalPercentBp };
  for (const s of [...statuses].sort()) {
    const bp = p.percentBpByStatus[s];
    if (bp !== undefined && bp > best.percentBp) best = { status: s, percentBp: bp };
  }
  return best;
}

export const inclusiveMonthly = defineRule({
  id: 'inclusiveCareSubsidy.monthly',
  title: { zh: '普惠型养老服务补贴（按月，重阳分）', en: 'Inclusive care subsidy (monthly, paid as 重阳分)' },
  payee: 'elder',
  cadence: 'monthly',
  facts: Type.Object(
    {
      abilityLevel: AbilityLevel,
      statuses: Type.Array(Type.Enum(STATUS_FLAGS), {
        description: 'status flags in force, e.g. subsistence, advanced_age',
        uniqueItems: true,
      }),
    },
    { additionalProperties: false },
  ),
  parameters,
  check: (p) =>
    Object.keys(p.percentBpByStatus)
      .filter((s) => !STATUS_FLAGS.includes(s as ElderFlag))
      .map((s) => `unknown status "${s}"`),
  evaluate(facts, p, onDate) {
    const level = facts.abilityLevel as 0 | 1 | 2 | 3 | 4;
    const base = p.baseMonthlyFenByLevel[`${level}`];
    const levelName = LEVEL_NAMES[level]!;
    if (base === 0)
      return ineligible([
        {
          zh: `能力等级${level}（${levelName.zh}）无补贴`,
          en: `Ability level ${level} (${levelName.en}) carries no subsidy`,
        },
      ]);
    const { status, percentBp } = winningStatus(facts.statuses, p);
    const amountFen = applyBp(base, percentBp);
    const label =
      status === GENERAL_TIER ? { zh: '一般老年人', en: 'no listed status' } : FLAG_LABELS[status as ElderFlag];
    const explanation = [
      {
        zh: `能力等级${level}（${levelName.zh}）的补贴基数为每月${yuan(base)}元`,
        en: `Ability level ${level} (${levelName.en}): base ${yuan(base)} yuan a month`,
      },
      { zh: `按身份「${label.zh}」享受${percentBp / 100}%`, en: `Status "${label.en}" gives ${percentBp / 100}%` },
      {
        zh: `补贴${yuan(amountFen)}元，以重阳分打入养老服务专户，其余由本人付费`,
        en: `${yuan(amountFen)} yuan paid as 重阳分 into the care account; the rest is the user's co-payment`,
      },
    ];
    if (amountFen === 0) return { ...ineligible(explanation) };
    return { eligible: true, amountFen, payments: [{ dueDate: monthStart(monthOf(onDate)), amountFen }], explanation };
  },
});
