// The community programmes' settings as data (community_policy_values): the version in force on a
// date at the most specific level of the place's code chain, as the policy packs resolve.

import type { Db } from '../identity/context.js';
import { jurisdictionChain } from '../policy/resolve.js';
import type { CommunityPolicyKey } from './tables.js';

export interface Setting<T> {
  id: number;
  jurisdictionCode: string;
  effectiveFrom: string;
  value: T;
  source: string;
}

export async function settingFor<T>(
  db: Db,
  key: CommunityPolicyKey,
  code: string,
  onDate: string,
): Promise<Setting<T> | null> {
  const chain = jurisdictionChain(code);
  const rows = await db
    .selectFrom('community_policy_values')
    .select(['id', 'jurisdiction_code', 'effective_from', 'value', 'source'])
    .where('key', '=', key)
    .where('jurisdiction_code', 'in', chain)
    .where('effective_from', '<=', onDate)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', onDate)]))
    .orderBy('effective_from', 'desc')
    .execute();
  for (const j of chain) {
    const row = rows.find((r) => r.jurisdiction_code === j);
    if (row)
      return {
        id: row.id,
        jurisdictionCode: row.jurisdiction_code,
        effectiveFrom: row.effective_from,
        value: row.value as T,
        source: row.source,
      };
  }
  return null;
}
