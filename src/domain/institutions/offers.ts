// Bed offers of the admission waiting list. A free bed of a public institution goes to the first
// eligible applicant (priority tier, then place in the tier); the offer holds the bed and the
// applicant until accepted, declined or expired. The partial unique indexes of migration 0031
// make a second holding offer for the same bed or applicant impossible; row locks (the bed, then
// applicants with SKIP LOCKED) keep concurrent vacancies from even trying.
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { violatesAny } from '../../db/errors.js';
import type { OrganisationsTable } from '../../db/foundation-tables.js';
import type { DB } from '../../db/schema.js';
import { todayInShanghai } from '../../lib/dates.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import type { WaitlistApplicationsTable } from './tables.js';
import { afterDecline, type WaitlistPolicy, waitlistPolicyOn } from './waitlist-policy.js';

type Tx = Transaction<DB>;
type Org = Pick<
  Selectable<OrganisationsTable>,
  'id' | 'kind' | 'ownership' | 'name' | 'jurisdiction_code' | 'district_code'
>;

export const OFFER_KEYS = [
  'bed_offers_holding_bed_key',
  'bed_offers_holding_application_key',
  'bed_offers_holding_elder_key',
] as const;

export function policyFor(org: Pick<Org, 'jurisdiction_code'>, now: Date): WaitlistPolicy {
  return waitlistPolicyOn(todayInShanghai(now), org.jurisdiction_code);
}

/** Whether the institution allocates its beds through the waiting list. */
export function waitlistApplies(org: Pick<Org, 'kind' | 'ownership'>, policy: WaitlistPolicy): boolean {
  return org.kind === 'institution' && org.ownership != null && policy.appliesToOwnership.includes(org.ownership);
}

/**
 * Runs work in a transaction, again (up to 3 times) if an offer index refused a row: the locks make
 * that a race that should not happen, and a retry sees the winner's committed state.
 */
export async function inOfferTransaction<T>(db: Kysely<DB>, work: (tx: Tx) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      if (attempt >= attempts || !violatesAny(err, OFFER_KEYS)) throw err;
    }
  }
}

/** The applicant's history and the audit log, in the same transaction as the change. */
export async function recordWaitlistEvent(
  tx: Tx,
  actor: Actor | null,
  app: { id: number; district_code: string },
  kind: string,
  reason: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx
    .insertInto('waitlist_events')
    .values({
      application_id: app.id,
      district_code: app.district_code,
      kind,
      reason,
      detail: JSON.stringify(detail),
      actor_id: actor?.userId ?? null,
    })
    .execute();
  await recordAudit(tx, actor, {
    action: kind === 'applied' ? 'create' : 'update',
    entityType: 'waitlist_application',
    entityId: app.id,
    districtCode: app.district_code,
    purpose: reason,
    detail: { kind, ...detail },
  });
}

const fmt = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export type OfferOutcome = { offered: number } | 'not_free' | 'not_applicable' | 'no_applicant';

/**
 * A bed the caller freed in this very transaction (its row lock held, vacated_at = now), with its
 * institution: saves reading both again on the discharge path.
 */
export interface KnownFreeBed {
  label: string;
  org: Org;
}

/**
 * Offers one free bed to the next applicant. Call inside the transaction that freed the bed.
 * Two statements on the hot path: lock the bed (with its institution), then one data-modifying
 * CTE that picks the applicant (SKIP LOCKED: one another vacancy is being offered to stays theirs),
 * inserts the offer, marks the application and the bed, and writes the applicant's history.
 */
export async function offerNextForBed(
  tx: Tx,
  actor: Actor | null,
  bedId: number,
  now: Date,
  known?: KnownFreeBed,
): Promise<OfferOutcome> {
  const bed = known
    ? { ...known.org, id: bedId, label: known.label, status: 'free', vacated_at: now, organisation_id: known.org.id }
    : await tx
        .selectFrom('beds as b')
        .innerJoin('organisations as o', 'o.id', 'b.organisation_id')
        .select([
          'b.id',
          'b.label',
          'b.status',
          'b.vacated_at',
          'o.id as organisation_id',
          'o.kind',
          'o.ownership',
          'o.name',
          'o.jurisdiction_code',
          'o.district_code',
        ])
        .where('b.id', '=', bedId)
        .forUpdate('b')
        .executeTakeFirst();
  if (bed?.status !== 'free') return 'not_free';
  const policy = policyFor(bed, now);
  if (!waitlistApplies(bed, policy)) return 'not_applicable';
  const expires = new Date(now.getTime() + policy.offerValidHours * 3_600_000);
  const reasonHead = `${bed.name} 床位 ${bed.label} 空出，按轮候顺序（优先档 `;
  const reasonTail = `）邀约入住，请于 ${fmt(expires)} 前答复`;
  const detail = {
    organisationId: bed.organisation_id,
    bedId: bed.id,
    expiresAt: expires.toISOString(),
    policyVersion: policy.version,
  };
  // An applicant who already had this bed during this vacancy (declined, expired) is passed over.
  const result = await sql<{ offer_id: number; application_id: number; district_code: string; reason: string }>`
    WITH next AS (
      SELECT a.id, a.elder_id, a.district_code, a.priority_tier, a.priority_label
      FROM waitlist_applications a
      JOIN waitlist_choices c ON c.application_id = a.id
      -- An applicant whose record has closed (deceased, moved away) is never offered a bed.
      JOIN elders e ON e.id = a.elder_id AND e.status = 'active'
      WHERE c.organisation_id = ${bed.organisation_id}::bigint AND a.status = 'waiting' AND a.eligible
        AND NOT EXISTS (SELECT 1 FROM bed_offers o WHERE o.bed_id = ${bed.id}::bigint AND o.application_id = a.id AND o.offered_at >= ${bed.vacated_at}::timestamptz)
      ORDER BY a.priority_tier, a.queued_at, a.id
      LIMIT 1
      FOR UPDATE OF a SKIP LOCKED
    ), offer AS (
      INSERT INTO bed_offers (application_id, elder_id, bed_id, organisation_id, district_code, offered_at, expires_at, offered_by)
      SELECT id, elder_id, ${bed.id}::bigint, ${bed.organisation_id}::bigint, ${bed.district_code}::text, ${now}::timestamptz, ${expires}::timestamptz, ${actor?.userId ?? null}::bigint FROM next
      RETURNING id, application_id
    ), app AS (
      UPDATE waitlist_applications SET status = 'offered', updated_at = ${now}::timestamptz WHERE id = (SELECT application_id FROM offer) RETURNING id
    ), reserved AS (
      UPDATE beds SET status = 'reserved', status_changed_at = ${now}::timestamptz WHERE id = ${bed.id}::bigint AND EXISTS (SELECT 1 FROM offer) RETURNING id
    ), event AS (
      INSERT INTO waitlist_events (application_id, district_code, kind, reason, detail, actor_id)
      SELECT next.id, next.district_code, 'offered', ${reasonHead}::text || next.priority_tier || '：' || next.priority_label || ${reasonTail}::text,
        jsonb_build_object('offerId', offer.id) || ${JSON.stringify(detail)}::jsonb, ${actor?.userId ?? null}::bigint
      FROM next JOIN offer ON offer.application_id = next.id
      RETURNING reason
    )
    SELECT offer.id AS offer_id, next.id AS application_id, next.district_code, event.reason
    FROM offer JOIN next ON next.id = offer.application_id CROSS JOIN event`.execute(tx);
  const row = result.rows[0];
  if (!row) return 'no_applicant';
  const offerId = Number(row.offer_id);
  await recordAudit(tx, actor, {
    action: 'update',
    entityType: 'waitlist_application',
    entityId: row.application_id,
    districtCode: row.district_code,
    purpose: row.reason,
    detail: { kind: 'offered', offerId, ...detail },
  });
  return { offered: offerId };
}

/** Offers every free bed of the institution while eligible applicants wait. */
export async function fillFreeBeds(tx: Tx, actor: Actor | null, organisationId: number, now: Date): Promise<number> {
  const free = await tx
    .selectFrom('beds')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'free')
    .orderBy('id')
    .execute();
  let offered = 0;
  for (const { id } of free) {
    const outcome = await offerNextForBed(tx, actor, id, now);
    if (outcome === 'not_applicable') return offered;
    if (typeof outcome === 'object') offered++;
    else if (outcome === 'no_applicant' && !(await anyoneWaiting(tx, organisationId))) return offered;
  }
  return offered;
}

async function anyoneWaiting(tx: Tx, organisationId: number): Promise<boolean> {
  const r = await sql<{
    any: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM waitlist_choices c JOIN waitlist_applications a ON a.id = c.application_id
    WHERE c.organisation_id = ${organisationId} AND a.status = 'waiting' AND a.eligible) AS any`.execute(tx);
  return r.rows[0]!.any;
}

/**
 * An applicant returns to the queue after declining (or letting an offer expire): the decline
 * count rises, and at the policy's limit they go to the back of their priority tier.
 */
export async function returnToQueue(
  tx: Tx,
  actor: Actor | null,
  app: Selectable<WaitlistApplicationsTable>,
  kind: 'declined' | 'expired',
  what: string,
  policy: WaitlistPolicy,
  now: Date,
): Promise<void> {
  const counts = kind === 'declined' || policy.declines.expiryCountsAsDecline;
  const outcome = counts
    ? afterDecline(app.decline_count, policy)
    : { declineCount: app.decline_count, sendToBack: false };
  await tx
    .updateTable('waitlist_applications')
    .set({
      status: 'waiting',
      decline_count: outcome.declineCount,
      ...(outcome.sendToBack ? { queued_at: now } : {}),
      updated_at: now,
    })
    .where('id', '=', app.id)
    .execute();
  const tally = counts
    ? `（累计第 ${outcome.sendToBack ? policy.declines.sendToBackAfter : outcome.declineCount} 次）`
    : '';
  await recordWaitlistEvent(tx, actor, app, kind, `${what}${tally}，回到轮候队列`, {
    declineCount: outcome.declineCount,
  });
  if (outcome.sendToBack) {
    await recordWaitlistEvent(
      tx,
      actor,
      app,
      'sent_to_back',
      `累计放弃 ${policy.declines.sendToBackAfter} 次床位邀约，按轮候规则（${policy.version}）排至本优先档末尾`,
      {
        queuedAt: now.toISOString(),
        previousQueuedAt: new Date(app.queued_at).toISOString(),
      },
    );
  }
}

/** Lets the reserved bed of an offer go and offers it to the next applicant. */
export async function releaseOfferBed(tx: Tx, actor: Actor | null, bedId: number, now: Date): Promise<void> {
  await tx
    .updateTable('beds')
    .set({ status: 'free', status_changed_at: now })
    .where('id', '=', bedId)
    .where('status', '=', 'reserved')
    .execute();
  await offerNextForBed(tx, actor, bedId, now);
}

/** Expires offers past their deadline (one transaction each), passing each bed on. Returns how many. */
export async function expireDueOffers(
  db: Kysely<DB>,
  now = new Date(),
  filter: { organisationId?: number; offerId?: number; applicationId?: number } = {},
): Promise<number> {
  const due = await db
    .selectFrom('bed_offers')
    .select('id')
    .where('status', '=', 'active')
    .where('expires_at', '<=', now)
    .$if(filter.organisationId != null, (q) => q.where('organisation_id', '=', filter.organisationId!))
    .$if(filter.offerId != null, (q) => q.where('id', '=', filter.offerId!))
    .$if(filter.applicationId != null, (q) => q.where('application_id', '=', filter.applicationId!))
    .orderBy('expires_at')
    .limit(1000)
    .execute();
  let expired = 0;
  for (const { id } of due) {
    const done = await inOfferTransaction(db, async (tx) => {
      // SKIP LOCKED: an offer someone is answering right now is theirs to settle.
      const offer = await tx
        .selectFrom('bed_offers')
        .selectAll()
        .where('id', '=', id)
        .where('status', '=', 'active')
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!offer || new Date(offer.expires_at) > now) return false;
      const app = await tx
        .selectFrom('waitlist_applications')
        .selectAll()
        .where('id', '=', offer.application_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const org = await tx
        .selectFrom('organisations')
        .select(['name', 'jurisdiction_code'])
        .where('id', '=', offer.organisation_id)
        .executeTakeFirstOrThrow();
      const bed = await tx.selectFrom('beds').select('label').where('id', '=', offer.bed_id).executeTakeFirstOrThrow();
      await tx.updateTable('bed_offers').set({ status: 'expired', responded_at: now }).where('id', '=', id).execute();
      await returnToQueue(
        tx,
        null,
        app,
        'expired',
        `${org.name} 床位 ${bed.label} 的邀约逾期未答复`,
        policyFor(org, now),
        now,
      );
      await releaseOfferBed(tx, null, offer.bed_id, now);
      return true;
    });
    if (done) expired++;
  }
  return expired;
}
