// 家庭养老照护床位: a one-time grant to the institution that builds the bed, and a monthly
// nursing subsidy to the elder in it (002 §二(四)2 in the shipped packs).
import { Type } from 'typebox';
import { monthOf, monthStart } from '../../../lib/dates.js';
import { defineRule, Fen, ineligible, yuan } from './types.js';

export const oneTimeGrant = defineRule({
  id: 'homeCareBed.oneTimeGrant',
  title: { zh: '家庭养老照护床位一次性建床补助', en: 'Family care bed: one-time grant to the building institution' },
  payee: 'organisation',
  cadence: 'once',
  facts: Type.Object(
    {
      retrofitDone: Type.Boolean({ description: '已完成适老化改造或无障碍改造' }),
      grantedBefore: Type.Boolean({ description: '该老人已获过建床补助' }),
      acceptancePassed: Type.Optional(Type.Boolean({ description: '验收合格 (default true)' })),
    },
    { additionalProperties: false },
  ),
  parameters: {
    grantPerBedFen: { unit: 'fen_per_bed', schema: Fen },
    retrofittedGrantPerBedFen: { unit: 'fen_per_bed', schema: Fen },
    oncePerElder: { unit: 'flag', schema: Type.Boolean() },
  },
  check: (p) =>
    p.retrofittedGrantPerBedFen > p.grantPerBedFen ? ['the grant after a retrofit cannot exceed the full grant'] : [],
  evaluate(facts, p, onDate) {
    if (facts.acceptancePassed === false) {
      return ineligible([{ zh: '床位未经验收合格，不予补助', en: 'The bed has not passed acceptance: no grant' }]);
    }
    if (p.oncePerElder && facts.grantedBefore) {
      return ineligible([
        { zh: '每位老年人限补一次，该老人已获补助', en: 'One grant per elder, and this elder already had one' },
      ]);
    }
    const amountFen = facts.retrofitDone ? p.retrofittedGrantPerBedFen : p.grantPerBedFen;
    const explanation = [
      facts.acceptancePassed === undefined
        ? { zh: '未提供验收结果，按验收合格计算', en: 'No acceptance result given: computed as accepted' }
        : { zh: '床位验收合格', en: 'The bed passed acceptance' },
      facts.retrofitDone
        ? {
            zh: `已完成适老化/无障碍改造，按每张床位${yuan(amountFen)}元补助机构`,
            en: `Home already retrofitted: ${yuan(amountFen)} yuan per bed to the institution`,
          }
        : {
            zh: `按每张床位${yuan(amountFen)}元一次性补助建床机构`,
            en: `${yuan(amountFen)} yuan per bed, once, to the building institution`,
          },
    ];
    return { eligible: true, amountFen, payments: [{ dueDate: onDate, amountFen }], explanation };
  },
});

export const monthlyNursing = defineRule({
  id: 'homeCareBed.monthlyNursing',
  title: { zh: '家庭养老照护床位护理补贴', en: 'Family care bed: monthly nursing subsidy' },
  payee: 'elder',
  cadence: 'monthly',
  facts: Type.Object({ bedActive: Type.Boolean({ description: '本月床位在用' }) }, { additionalProperties: false }),
  parameters: { monthlyFen: { unit: 'fen_per_month', schema: Fen } },
  evaluate(facts, p, onDate) {
    if (!facts.bedActive)
      return ineligible([{ zh: '本月无在用的家庭照护床位', en: 'No family care bed in use this month' }]);
    const dueDate = monthStart(monthOf(onDate));
    return {
      eligible: true,
      amountFen: p.monthlyFen,
      payments: [{ dueDate, amountFen: p.monthlyFen }],
      explanation: [
        {
          zh: `建床老年人护理补贴每月${yuan(p.monthlyFen)}元`,
          en: `${yuan(p.monthlyFen)} yuan a month to the elder in the bed`,
        },
      ],
    };
  },
});
