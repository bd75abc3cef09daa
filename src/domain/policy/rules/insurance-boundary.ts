// The payment boundary between insurance funds and elderly-care services: the basic medical
// insurance fund never pays daily-living care (003 §二(三)11). Answers how much of a claim a
// payer may cover.
import { Type } from 'typebox';
import { defineRule, Fen, ineligible, yuan } from './types.js';

export const PAYERS = ['medicalInsurance', 'ltcInsurance', 'civilAffairs'] as const;
export const SERVICE_CATEGORIES = ['medical', 'nursing', 'dailyLivingCare'] as const;
const CATEGORY = Type.Enum(SERVICE_CATEGORIES);

export const paymentBoundary = defineRule({
  id: 'insurance.paymentBoundary',
  title: { zh: '医保与养老服务支付边界', en: 'Insurance / care-service payment boundary' },
  payee: 'none',
  cadence: 'check',
  facts: Type.Object(
    {
      payer: Type.Enum(PAYERS),
      serviceCategory: CATEGORY,
      claimFen: Fen,
    },
    { additionalProperties: false },
  ),
  parameters: {
    medicalInsuranceExcluded: { unit: 'enum_set', schema: Type.Array(CATEGORY) },
    ltcInsuranceExcluded: { unit: 'enum_set', schema: Type.Array(CATEGORY) },
  },
  evaluate(facts, p, onDate) {
    const excluded =
      facts.payer === 'medicalInsurance'
        ? p.medicalInsuranceExcluded
        : facts.payer === 'ltcInsurance'
          ? p.ltcInsuranceExcluded
          : [];
    if (excluded.includes(facts.serviceCategory)) {
      return ineligible([
        {
          zh: `该基金不得支付「${facts.serviceCategory}」类服务费用（如生活照护等养老服务）`,
          en: `This fund may not pay ${facts.serviceCategory} services (daily-living care is elderly care, not insurance)`,
        },
      ]);
    }
    return {
      eligible: true,
      amountFen: facts.claimFen,
      payments: [{ dueDate: onDate, amountFen: facts.claimFen }],
      explanation: [
        {
          zh: `可在支付范围内支付${yuan(facts.claimFen)}元`,
          en: `${yuan(facts.claimFen)} yuan may be paid by this fund`,
        },
      ],
    };
  },
});
