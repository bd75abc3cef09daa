// Words and small helpers shared by the money pages (policy browser, monthly run, accounts,
// settlement). Types come from the server modules so the pages and the API never disagree.
import { LEDGER_ADMINS, LEDGER_READERS } from '../../../../src/domain/identity/permissions.ts';
import type { Text } from '../../i18n.ts';

export type {
  AccountDetail,
  AccountPage,
  AccountView,
  BatchView,
  SettlementDetail,
  SettlementLine,
  StatementLine,
} from '../../../../src/domain/ledger/schemas.ts';
export type { DistrictView, RunView } from '../../../../src/domain/subsidies/runs.ts';
export { formatFen } from '../../../../src/lib/money.ts';
export { useLoad } from '../institutions/shared.ts';

export const BOOKKEEPERS = LEDGER_ADMINS;
export const ACCOUNT_READERS = LEDGER_READERS;

export const PROGRAMMES: Record<string, Text> = {
  'inclusiveCareSubsidy.monthly': { zh: '普惠型养老服务补贴', en: 'Inclusive care subsidy' },
  'institutionalCare.nursingSubsidy': { zh: '机构护理补贴', en: 'Institutional nursing subsidy' },
  'homeCareBed.monthlyNursing': { zh: '家庭照护床位护理补贴', en: 'Family-bed nursing subsidy' },
  'homeCareBed.oneTimeGrant': { zh: '家庭照护床位建床补助', en: 'Family-bed building grant' },
  'workforce.postAllowance': { zh: '护理员岗位津贴', en: 'Caregiver post allowance' },
  'workforce.certificateBonus': { zh: '持证奖补', en: 'Certificate bonus' },
  'workforce.entryBonus': { zh: '入职奖补', en: 'Graduate entry bonus' },
  'insurance.paymentBoundary': { zh: '医保支付边界', en: 'Insurance payment boundary' },
};

export const ACCOUNT_TYPES: Record<string, Text> = {
  care: { zh: '重阳分账户', en: 'Care account (重阳分)' },
  provider: { zh: '服务商账户', en: 'Provider' },
  provider_settled: { zh: '已结算', en: 'Settled' },
  worker: { zh: '护理员奖补', en: 'Caregiver' },
  budget: { zh: '预算账户', en: 'Budget' },
  time: { zh: '时间银行', en: 'Time bank' },
};

export const KINDS: Record<string, Text> = {
  posted: { zh: '入账', en: 'Posted' },
  pending: { zh: '预授权', en: 'Hold' },
  capture: { zh: '预授权扣款', en: 'Capture' },
  void: { zh: '撤销预授权', en: 'Void' },
  expire: { zh: '预授权过期', en: 'Expired' },
  reversal: { zh: '冲正', en: 'Reversal' },
};

/** Signed change with a sign: +¥12.00 / −¥3.00. */
export const change = (fen: number, format: (f: number) => string) =>
  fen === 0 ? '—' : `${fen > 0 ? '+' : '−'}${format(Math.abs(fen))}`;

/** The current month in Asia/Shanghai, 'YYYY-MM': what a run usually pays. */
export function defaultMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return `${y}-${String(m).padStart(2, '0')}`;
}
