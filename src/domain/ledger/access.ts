// Who sees and moves which accounts. Officers see the accounts of their jurisdictions; an elder
// or family member sees their own care account; provider and institution staff their
// organisation's accounts. Accounts outside that scope are not found (404), never "forbidden".
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../identity/access.js';
import { LEDGER_ADMINS, LEDGER_READERS, ORGANISATION_ACCOUNT_HOLDERS } from '../identity/permissions.js';
import { anyOf, codePrefix, coversCode, grantedElderIds, jurisdictionOf, organisationsOf } from '../identity/scope.js';
import type { LedgerAccountsTable } from './tables.js';

export { LEDGER_ADMINS, LEDGER_READERS };

export function organisationIdsOf(actor: Actor): number[] {
  return organisationsOf(actor, ORGANISATION_ACCOUNT_HOLDERS);
}

/** WHERE condition on ledger_accounts limiting rows to what the actor may see. */
export function accountScope(actor: Actor): RawBuilder<SqlBool> {
  const readers = jurisdictionOf(actor, LEDGER_READERS);
  const ors: RawBuilder<SqlBool>[] = readers.none ? [] : [readers.inJurisdiction('ledger_accounts.jurisdiction_code')];
  const elders = grantedElderIds(actor);
  if (elders.length)
    ors.push(
      sql<SqlBool>`(ledger_accounts.owner_type = 'elder' AND ledger_accounts.owner_id = ANY(${elders}::bigint[]))`,
    );
  const orgs = organisationIdsOf(actor);
  if (orgs.length)
    ors.push(
      sql<SqlBool>`(ledger_accounts.owner_type = 'organisation' AND ledger_accounts.owner_id = ANY(${orgs}::bigint[]))`,
    );
  return anyOf(ors);
}

/** The same rule as `accountScope`, for a row already in hand. */
export function canSee(
  actor: Actor,
  account: Pick<LedgerAccountsTable, 'owner_type' | 'owner_id' | 'jurisdiction_code'>,
): boolean {
  if (coversCode(actor, LEDGER_READERS, account.jurisdiction_code)) return true;
  const owner = account.owner_id == null ? null : Number(account.owner_id);
  if (account.owner_type === 'elder') return owner != null && grantedElderIds(actor).includes(owner);
  if (account.owner_type === 'organisation') return owner != null && organisationIdsOf(actor).includes(owner);
  return false;
}

type Account = Pick<LedgerAccountsTable, 'type' | 'owner_type' | 'owner_id' | 'owner_code' | 'jurisdiction_code'>;

/** Whether the actor administers the books where this account lives (a city budget: city only). */
export function administers(actor: Actor, account: Account): boolean {
  if (account.type === 'budget' && account.owner_code && codePrefix(account.owner_code).length === 4) {
    return coversCode(actor, ['city_admin'], account.jurisdiction_code);
  }
  return coversCode(actor, LEDGER_ADMINS, account.jurisdiction_code);
}

/**
 * Whether the actor may spend from this account: budgets by their administrators, an elder's
 * 重阳分 only by the elder or family. Provider and settled accounts move only by settlement.
 */
export function mayDebit(actor: Actor, account: Account): boolean {
  if (account.type === 'budget') return administers(actor, account);
  if (account.type === 'care')
    return account.owner_id != null && grantedElderIds(actor).includes(Number(account.owner_id));
  return false;
}

/** Which account types may pay which through the API (重阳分 is spent only at providers). */
export const API_FLOWS: Record<string, readonly string[]> = {
  budget: ['budget', 'care', 'provider', 'worker'],
  care: ['provider'],
  time: ['time'],
};

type Placed = Pick<LedgerAccountsTable, 'type' | 'jurisdiction_code'>;
const sameCity = (a: Placed, b: Placed) => a.jurisdiction_code.slice(0, 4) === b.jurisdiction_code.slice(0, 4);

/**
 * Whether the caller may name this account as the payee of `debit`: one they see, or, for
 * 重阳分, a provider of the elder's city (an elder pays providers whose books they cannot read).
 * Any other account answers as a missing one does, before its currency or type is told.
 */
export function mayPayInto(actor: Actor, debit: Placed, credit: Account): boolean {
  return canSee(actor, credit) || (debit.type === 'care' && credit.type === 'provider' && sameCity(debit, credit));
}

/**
 * The place rule of an allowed flow: a budget pays only inside its own place (or back up to the
 * budget of a place containing it, as a district returns funds to the city), and only into places
 * whose books the caller runs; 重阳分 stays in the elder's city. Returns the refusal, or null.
 */
export function flowRefusal(actor: Actor, debit: Placed, credit: Placed): 'type' | 'place' | null {
  if (!API_FLOWS[debit.type]?.includes(credit.type)) return 'type';
  if (debit.type === 'budget') {
    const inside = credit.jurisdiction_code.startsWith(codePrefix(debit.jurisdiction_code));
    const up = credit.type === 'budget' && debit.jurisdiction_code.startsWith(codePrefix(credit.jurisdiction_code));
    return (inside || up) && coversCode(actor, LEDGER_ADMINS, credit.jurisdiction_code) ? null : 'place';
  }
  if (debit.type === 'care') return sameCity(debit, credit) ? null : 'place';
  return null;
}

/** Whether a statement may show this counterparty's name: an account the reader sees, or a provider (an organisation's public name). */
export function mayName(actor: Actor, account: Account): boolean {
  return account.type === 'provider' || canSee(actor, account);
}
