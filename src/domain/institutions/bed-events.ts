// What happens when beds become free (new beds, back in service, a discharge or a transfer): in
// institutions with an admission waiting list the beds are offered to the next applicants in the
// same transaction. Callers set beds.vacated_at in the statement that frees the bed.
import type { Selectable, Transaction } from 'kysely';
import type { OrganisationsTable } from '../../db/foundation-tables.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../identity/access.js';
import { offerNextForBed, policyFor, waitlistApplies } from './offers.js';

type Org = Pick<
  Selectable<OrganisationsTable>,
  'id' | 'kind' | 'ownership' | 'name' | 'jurisdiction_code' | 'district_code'
>;

/** Beds by id, or with the label when the caller just freed them in this transaction. */
export async function afterBedsFreed(
  tx: Transaction<DB>,
  actor: Actor | null,
  org: Org,
  beds: (number | { id: number; label: string })[],
  now: Date,
): Promise<void> {
  if (!beds.length) return;
  if (!waitlistApplies(org, policyFor(org, now))) return;
  for (const b of beds) {
    if (typeof b === 'number') await offerNextForBed(tx, actor, b, now);
    else await offerNextForBed(tx, actor, b.id, now, { label: b.label, org });
  }
}
