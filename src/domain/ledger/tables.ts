// Tables of the ledger (migrations 0021, 0049).
import type { Generated } from 'kysely';
import type { Timestamp } from '../../db/foundation-tables.js';

export const ACCOUNT_TYPES = ['care', 'provider', 'provider_settled', 'worker', 'budget', 'time'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const CURRENCIES = ['CNY_FEN', 'TIME_MINUTE'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const OWNER_TYPES = ['elder', 'organisation', 'caregiver', 'volunteer', 'jurisdiction'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];
export type TransferKind = 'posted' | 'pending' | 'capture' | 'void' | 'expire' | 'reversal';
/** Kinds that move posted balances (a hold only reserves; void and expire only release). */
export const POSTING_KINDS: readonly TransferKind[] = ['posted', 'capture', 'reversal'];

export interface LedgerAccountsTable {
  id: Generated<number>;
  type: AccountType;
  currency: Currency;
  name: string;
  owner_type: OwnerType;
  owner_id: number | null;
  owner_code: string | null;
  jurisdiction_code: string;
  district_code: string | null;
  floor: Generated<number>;
  balance: Generated<number>;
  pending_debits: Generated<number>;
  created_at: Timestamp;
}

export interface LedgerTransfersTable {
  id: Generated<number>;
  idempotency_key: string;
  request_hash: string | null;
  kind: TransferKind;
  debit_account_id: number;
  credit_account_id: number;
  amount: number;
  currency: Currency;
  pending_id: number | null;
  reverses_id: number | null;
  expires_at: Date | null;
  reason: string;
  memo: string | null;
  programme: string | null;
  period: string | null;
  policy_version_id: number | null;
  run_id: number | null;
  district_code: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface LedgerSettlementBatchesTable {
  id: Generated<number>;
  period: string;
  jurisdiction_code: string;
  line_count: Generated<number>;
  total_fen: Generated<number>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface LedgerSettlementLinesTable {
  batch_id: number;
  provider_account_id: number;
  transfer_id: number;
  organisation_id: number;
  amount_fen: number;
  /** The payee's name when the batch was made (migration 0049): later edits do not reach it. */
  payee_name: string;
}

export interface LedgerTables {
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
  ledger_settlement_batches: LedgerSettlementBatchesTable;
  ledger_settlement_lines: LedgerSettlementLinesTable;
}
