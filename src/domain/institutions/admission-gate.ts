// Which admissions a bed allows. Institutions under the admission waiting list (入院评估轮候)
// admit to their beds only the applicant who accepted the bed's offer, or by a bureau placement
// (兜底安置); other institutions admit directly into a free bed.
import type { Selectable, Transaction } from 'kysely';
import type { OrganisationsTable } from '../../db/foundation-tables.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { isOfficer } from './access.js';
import { BED_STATUS_LABELS } from './kinds.js';
import { policyFor, recordWaitlistEvent, waitlistApplies } from './offers.js';
import type { BedsTable } from './tables.js';

export interface Gate {
  placement: 'direct' | 'waiting_list' | 'official_placement';
  /** Set when the offer names the elder. */
  elderId?: number;
  offerId?: number;
}

export async function admissionGate(
  tx: Transaction<DB>,
  actor: Actor,
  org: Selectable<OrganisationsTable>,
  bed: Selectable<BedsTable>,
  input: { officialPlacement?: boolean; offerId?: number },
  now: Date,
): Promise<Gate> {
  const unavailable = () =>
    new AppError('bed_unavailable', { label: bed.label, status: BED_STATUS_LABELS[bed.status] }, 'bedId');
  if (input.offerId != null) {
    const offer = await tx
      .selectFrom('bed_offers')
      .selectAll()
      .where('id', '=', input.offerId)
      .forUpdate()
      .executeTakeFirst();
    if (!offer || offer.bed_id !== bed.id) throw new AppError('not_found', {}, 'offerId');
    if (offer.status !== 'accepted') throw new AppError('offer_not_open', { status: offer.status }, 'offerId');
    if (bed.status !== 'reserved') throw unavailable();
    return { placement: 'waiting_list', elderId: offer.elder_id, offerId: offer.id };
  }
  if (input.officialPlacement && !isOfficer(actor)) throw new AppError('forbidden', {}, 'officialPlacement');
  if (bed.status !== 'free') throw unavailable();
  if (waitlistApplies(org, policyFor(org, now)) && !input.officialPlacement)
    throw new AppError('admission_needs_offer', {}, 'offerId');
  return { placement: input.officialPlacement ? 'official_placement' : 'direct' };
}

/** The offer and its application end in admission, with the residency named in the history. */
export async function markOfferAdmitted(
  tx: Transaction<DB>,
  actor: Actor,
  offerId: number,
  residencyId: number,
  now: Date,
): Promise<void> {
  const offer = await tx
    .updateTable('bed_offers')
    .set({ status: 'admitted' })
    .where('id', '=', offerId)
    .returning(['application_id'])
    .executeTakeFirstOrThrow();
  const app = await tx
    .updateTable('waitlist_applications')
    .set({ status: 'admitted', updated_at: now })
    .where('id', '=', offer.application_id)
    .returning(['id', 'district_code'])
    .executeTakeFirstOrThrow();
  await tx.updateTable('residencies').set({ offer_id: offerId }).where('id', '=', residencyId).execute();
  await recordWaitlistEvent(tx, actor, app, 'admitted', '已办理入住，轮候结束', { offerId, residencyId });
}
