// Words for the stages of a family care bed (家庭养老照护床位), shared by the beds page and the elder record.

export const STAGE_LABELS: Record<string, { zh: string; en: string }> = {
  applied: { zh: '已申请', en: 'Applied' },
  assessed: { zh: '已入户评估', en: 'Assessed' },
  accepted: { zh: '已验收', en: 'Accepted' },
  contracted: { zh: '已签约服务', en: 'Contracted' },
  closed: { zh: '已撤床', en: 'Closed' },
};
