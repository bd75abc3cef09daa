// Caregiver incentives: the certificate bonus (持证奖补) and graduate entry bonus (入职奖补),
// both paid in instalments, and the monthly post allowance (岗位津贴) with the city's share.
import { Type } from 'typebox';
import { addYears, isMonth, monthStart } from '../../../lib/dates.js';
import { allocate, describeSchedule, scheduleProblem } from './schedule.js';
import {
  applyBp,
  BasisPoints,
  defineRule,
  Fen,
  FenBySkill,
  IsoDate,
  ineligible,
  type Line,
  type Share,
  ShareSchedule,
  SKILL_NAMES,
  SkillLevel,
  yuan,
} from './types.js';

export const certificateBonus = defineRule({
  id: 'workforce.certificateBonus',
  title: { zh: '养老护理员持证奖补', en: 'Caregiver certificate bonus' },
  payee: 'caregiver',
  cadence: 'instalments',
  facts: Type.Object(
    {
      skillLevel: SkillLevel,
      certifiedOn: IsoDate,
      frontline: Type.Boolean({ description: '在养老机构护理一线岗位' }),
      establishmentStaff: Type.Boolean({ description: '事业单位在编人员' }),
    },
    { additionalProperties: false },
  ),
  parameters: {
    amountFenBySkillLevel: { unit: 'fen_per_person', schema: FenBySkill },
    payWithinYears: { unit: 'years', schema: Type.Integer({ minimum: 1, maximum: 20 }) },
    instalments: { unit: 'share_schedule', schema: ShareSchedule },
    frontlineOnly: { unit: 'flag', schema: Type.Boolean() },
    excludeEstablishmentStaff: { unit: 'flag', schema: Type.Boolean() },
  },
  check(p) {
    const problems = [scheduleProblem(p.instalments)].filter((x): x is string => !!x);
    if (p.instalments.at(-1)!.afterYears > p.payWithinYears)
      problems.push('the last instalment falls after the payment window');
    return problems;
  },
  evaluate(facts, p) {
    if (p.frontlineOnly && !facts.frontline)
      return ineligible([
        { zh: '仅限在养老机构护理一线岗位工作的护理员', en: 'Only for caregivers working frontline in an institution' },
      ]);
    if (p.excludeEstablishmentStaff && facts.establishmentStaff)
      return ineligible([
        { zh: '事业单位在编人员不享受持证奖补', en: 'Public-institution establishment staff (事业编) are excluded' },
      ]);
    const level = facts.skillLevel as 1 | 2 | 3 | 4 | 5;
    const amountFen = p.amountFenBySkillLevel[`${level}`];
    const schedule = describeSchedule(p.instalments);
    return {
      eligible: true,
      amountFen,
      payments: allocate(amountFen, p.instalments, facts.certifiedOn),
      explanation: [
        {
          zh: `技能等级${SKILL_NAMES[level]!.zh}：奖补${yuan(amountFen)}元/人`,
          en: `Skill ${SKILL_NAMES[level]!.en}: ${yuan(amountFen)} yuan per person`,
        },
        {
          zh: `自${facts.certifiedOn}持证起${p.payWithinYears}年内发放完毕：${schedule.zh}`,
          en: `Paid within ${p.payWithinYears} years of certification on ${facts.certifiedOn}: ${schedule.en}`,
        },
      ],
    };
  },
});

export const EDUCATIONS = ['secondaryVocational', 'juniorCollege', 'bachelorOrAbove'] as const;
export const WORK_ROLES = [
  'caregiver',
  'medicalCare',
  'rehabilitationNursing',
  'nutrition',
  'psychologicalCounselling',
  'technicalTraining',
  'abilityAssessment',
  'other',
] as const;
const EDUCATION_NAMES: Record<(typeof EDUCATIONS)[number], Line> = {
  secondaryVocational: { zh: '中职', en: 'secondary vocational' },
  juniorCollege: { zh: '专科（高职）', en: 'junior college' },
  bachelorOrAbove: { zh: '本科以上', en: "bachelor's or above" },
};

export const entryBonus = defineRule({
  id: 'workforce.entryBonus',
  title: { zh: '养老服务专业人员入职奖补', en: 'Graduate entry bonus' },
  payee: 'caregiver',
  cadence: 'instalments',
  facts: Type.Object(
    {
      education: Type.Enum(EDUCATIONS),
      graduatedOn: IsoDate,
      hiredOn: IsoDate,
      role: Type.Enum(WORK_ROLES),
      leftOn: Type.Optional(IsoDate),
    },
    { additionalProperties: false },
  ),
  parameters: {
    amountFenByEducation: {
      unit: 'fen_per_person',
      schema: Type.Object(
        { secondaryVocational: Fen, juniorCollege: Fen, bachelorOrAbove: Fen },
        { additionalProperties: false },
      ),
    },
    maxYearsSinceGraduation: { unit: 'years', schema: Type.Integer({ minimum: 0, maximum: 20 }) },
    instalments: { unit: 'share_schedule', schema: ShareSchedule },
    eligibleRoles: { unit: 'enum_set', schema: Type.Array(Type.Enum(WORK_ROLES), { minItems: 1 }) },
  },
  check: (p) => [scheduleProblem(p.instalments)].filter((x): x is string => !!x),
  evaluate(facts, p) {
    if (!p.eligibleRoles.includes(facts.role)) {
      return ineligible([
        {
          zh: `岗位不在奖补范围内（限：${p.eligibleRoles.join('、')}）`,
          en: `Role ${facts.role} is not covered (covered: ${p.eligibleRoles.join(', ')})`,
        },
      ]);
    }
    const latestHire = addYears(facts.graduatedOn, p.maxYearsSinceGraduation);
    if (facts.hiredOn > latestHire) {
      return ineligible([
        {
          zh: `须毕业${p.maxYearsSinceGraduation}年内入职（最迟${latestHire}）`,
          en: `Must be hired within ${p.maxYearsSinceGraduation} years of graduating (by ${latestHire})`,
        },
      ]);
    }
    const total = p.amountFenByEducation[facts.education];
    const all = allocate(total, p.instalments, facts.hiredOn);
    // An instalment rewards service up to its anniversary: leaving before it forfeits it.
    const payments = facts.leftOn ? all.filter((x) => x.dueDate <= facts.leftOn!) : all;
    const amountFen = payments.reduce((s, x) => s + x.amountFen, 0);
    const schedule = describeSchedule(p.instalments);
    const explanation: Line[] = [
      {
        zh: `${EDUCATION_NAMES[facts.education].zh}毕业，${facts.hiredOn}入职（毕业${p.maxYearsSinceGraduation}年内）：奖补${yuan(total)}元`,
        en: `${EDUCATION_NAMES[facts.education].en} graduate hired on ${facts.hiredOn} (within ${p.maxYearsSinceGraduation} years): ${yuan(total)} yuan`,
      },
      { zh: `发放：${schedule.zh}`, en: `Paid ${schedule.en}` },
    ];
    if (payments.length < all.length)
      explanation.push({
        zh: `${facts.leftOn}离职，其后到期的${all.length - payments.length}期不再发放`,
        en: `Left on ${facts.leftOn}: ${all.length - payments.length} later instalment(s) forfeited`,
      });
    return { eligible: amountFen > 0, amountFen, payments, explanation };
  },
});

/** The post allowance's funding split: the city's share, the district/county the rest. */
export function postAllowanceShares(amountFen: number, cityShareBp: number): Share[] {
  const city = applyBp(amountFen, cityShareBp);
  return [
    { payer: 'city', shareBp: cityShareBp, amountFen: city },
    { payer: 'district', shareBp: 10_000 - cityShareBp, amountFen: amountFen - city },
  ];
}

export const postAllowance = defineRule({
  id: 'workforce.postAllowance',
  title: { zh: '养老护理员特殊岗位津贴', en: 'Caregiver monthly post allowance' },
  payee: 'caregiver',
  cadence: 'monthly',
  facts: Type.Object(
    {
      skillLevel: SkillLevel,
      month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
      employedInInstitution: Type.Optional(
        Type.Boolean({ description: '在本市养老机构从事养老照护工作 (default true)' }),
      ),
    },
    { additionalProperties: false },
  ),
  parameters: {
    monthlyFenBySkillLevel: { unit: 'fen_per_month', schema: FenBySkill },
    cityShareBp: { unit: 'basis_points', schema: BasisPoints },
  },
  evaluate(facts, p) {
    if (facts.employedInInstitution === false)
      return ineligible([
        {
          zh: '仅限在本市养老机构从事养老照护工作的护理员',
          en: 'Only for caregivers working in an institution of the city',
        },
      ]);
    if (!isMonth(facts.month)) return ineligible([{ zh: '月份无效', en: 'Invalid month' }]);
    const level = facts.skillLevel as 1 | 2 | 3 | 4 | 5;
    const amountFen = p.monthlyFenBySkillLevel[`${level}`];
    const shares = postAllowanceShares(amountFen, p.cityShareBp);
    const city = shares[0]!.amountFen;
    return {
      eligible: amountFen > 0,
      amountFen,
      payments: amountFen > 0 ? [{ dueDate: monthStart(facts.month), amountFen }] : [],
      shares,
      explanation: [
        {
          zh: `${SKILL_NAMES[level]!.zh}岗位津贴每月${yuan(amountFen)}元（${facts.month}）`,
          en: `Skill ${SKILL_NAMES[level]!.en}: ${yuan(amountFen)} yuan for ${facts.month}`,
        },
        {
          zh: `市财政承担${p.cityShareBp / 100}%，即${yuan(city)}元`,
          en: `The city budget pays ${p.cityShareBp / 100}%: ${yuan(city)} yuan`,
        },
      ],
    };
  },
});
