// 失能老年人入住养老服务机构护理补贴: monthly, by ability level, up to a cap; never on top of
// 医养结合 funding for the same care (004 §二(三) in the Hangzhou pack).
import { Type } from 'typebox';
import { monthOf, monthStart } from '../../../lib/dates.js';
import { AbilityLevel, defineRule, Fen, FenByLevel, ineligible, LEVEL_NAMES, yuan } from './types.js';

export const INSTITUTION_TYPES = ['private', 'publicBuiltPrivateRun', 'homeCareProvider', 'public'] as const;
const INSTITUTION_NAMES: Record<(typeof INSTITUTION_TYPES)[number], string> = {
  private: '社会办养老机构',
  publicBuiltPrivateRun: '公建民营养老机构',
  homeCareProvider: '居家养老服务机构',
  public: '公办养老机构',
};

export const nursingSubsidy = defineRule({
  id: 'institutionalCare.nursingSubsidy',
  title: {
    zh: '失能老年人入住养老服务机构护理补贴',
    en: 'Nursing subsidy for disabled elders in full-time institutional care',
  },
  payee: 'elder',
  cadence: 'monthly',
  facts: Type.Object(
    {
      abilityLevel: AbilityLevel,
      fullTimeCare: Type.Boolean({ description: '全托服务' }),
      medicalIntegrationFunded: Type.Boolean({ description: '已享受医养结合资金' }),
      institutionType: Type.Optional(Type.Enum(INSTITUTION_TYPES)),
    },
    { additionalProperties: false },
  ),
  parameters: {
    monthlyFenByLevel: { unit: 'fen_per_month', schema: FenByLevel },
    capMonthlyFen: { unit: 'fen_per_month', schema: Fen },
    eligibleInstitutionTypes: { unit: 'enum_set', schema: Type.Array(Type.Enum(INSTITUTION_TYPES)) },
    excludeMedicalIntegrationFunded: { unit: 'flag', schema: Type.Boolean() },
  },
  check: (p) =>
    Object.entries(p.monthlyFenByLevel)
      .filter(([, v]) => v > p.capMonthlyFen)
      .map(([level]) => `level ${level} exceeds the monthly cap`),
  evaluate(facts, p, onDate) {
    if (!facts.fullTimeCare)
      return ineligible([
        { zh: '仅补贴在机构全托服务的老年人', en: 'Only full-time (全托) institutional care is subsidised' },
      ]);
    if (facts.institutionType && !p.eligibleInstitutionTypes.includes(facts.institutionType)) {
      const name = INSTITUTION_NAMES[facts.institutionType];
      return ineligible([
        { zh: `${name}不在补贴范围内`, en: `Care in a ${facts.institutionType} institution is not covered` },
      ]);
    }
    if (p.excludeMedicalIntegrationFunded && facts.medicalIntegrationFunded) {
      return ineligible([
        { zh: '已享受医养结合资金，不重复补助', en: 'Already funded as 医养结合 care: no double subsidy' },
      ]);
    }
    const level = facts.abilityLevel as 0 | 1 | 2 | 3 | 4;
    const amountFen = Math.min(p.monthlyFenByLevel[`${level}`], p.capMonthlyFen);
    const levelName = LEVEL_NAMES[level]!;
    if (amountFen === 0)
      return ineligible([
        {
          zh: `能力等级${level}（${levelName.zh}）无护理补贴`,
          en: `Ability level ${level} (${levelName.en}) carries no nursing subsidy`,
        },
      ]);
    return {
      eligible: true,
      amountFen,
      payments: [{ dueDate: monthStart(monthOf(onDate)), amountFen }],
      explanation: [
        {
          zh: facts.institutionType
            ? `${INSTITUTION_NAMES[facts.institutionType]}全托服务`
            : '机构全托服务（未提供机构类型，按社会办计算）',
          en: facts.institutionType
            ? `Full-time care (${facts.institutionType})`
            : 'Full-time care (institution type not given: treated as privately run)',
        },
        {
          zh: `能力等级${level}（${levelName.zh}）：每月${yuan(amountFen)}元（上限${yuan(p.capMonthlyFen)}元/月）`,
          en: `Ability level ${level} (${levelName.en}): ${yuan(amountFen)} yuan a month (cap ${yuan(p.capMonthlyFen)})`,
        },
      ],
    };
  },
});
