// Periodic home-care jobs. Missing check-outs: a visit still checked in after its scheduled
// minutes × the policy's long factor (long_visit_pct / 100) plus the policy's grace is closed and
// flagged `missing_checkout`. It is never verified by the job: no end time was taken, so only a
// person can settle it. Expired holds: the subsidy reserved for a visit never verified is released
// once its time has passed (payment.ts). Offers to workers left unanswered past their time expire (dispatch.ts). Runs once across server processes (runExclusive).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/engine.js';
import { runExclusive } from '../../db/exclusive.js';
import type { DB } from '../../db/schema.js';
import { todayInShanghai } from '../../lib/dates.js';
import { recordAudit } from '../identity/audit.js';
import { systemContext } from '../identity/context.js';
import { expireDueOffers } from './dispatch.js';
import { expireUnverifiedHolds } from './payment.js';

/** Closes the visits past their limit at `now`; returns the ids closed. */
export async function closeMissingCheckouts(db: Kysely<DB>, now: Date): Promise<number[]> {
  const today = todayInShanghai(now);
  return db.transaction().execute(async (tx) => {
    // The most specific policy in effect at each visit's community (as policyInEffect picks it).
    const closed = await sql<{ id: number; order_id: number; district_code: string; limit_minutes: number }>`
      UPDATE homecare_visits v
         SET status = 'exception', auto_closed_at = ${now}::timestamptz
        FROM (
          SELECT v2.id, ceil(v2.scheduled_minutes * p.long_visit_pct / 100.0)::int + p.missing_checkout_grace_minutes AS limit_minutes
            FROM homecare_visits v2
            CROSS JOIN LATERAL (
              SELECT p.long_visit_pct, p.missing_checkout_grace_minutes
                FROM homecare_policies p
               WHERE v2.community_code LIKE (CASE
                       WHEN length(p.jurisdiction_code) = 6 AND p.jurisdiction_code LIKE '%0000' THEN left(p.jurisdiction_code, 2)
                       WHEN length(p.jurisdiction_code) = 6 AND p.jurisdiction_code LIKE '%00' THEN left(p.jurisdiction_code, 4)
                       ELSE p.jurisdiction_code END) || '%'
                 AND p.effective_from <= ${today}::date
                 AND (p.effective_to IS NULL OR p.effective_to > ${today}::date)
               ORDER BY length(p.jurisdiction_code) DESC, p.version DESC
               LIMIT 1
            ) p
           WHERE v2.status = 'in_progress' AND v2.check_out_at IS NULL
        ) due
       WHERE v.id = due.id
         AND v.status = 'in_progress' AND v.check_out_at IS NULL
         AND v.check_in_at + make_interval(mins => due.limit_minutes) < ${now}::timestamptz
      RETURNING v.id, v.order_id, v.district_code, due.limit_minutes`.execute(tx);
    const rows = closed.rows;
    if (!rows.length) return [];
    await tx
      .insertInto('homecare_visit_exceptions')
      .values(
        rows.map((r) => ({
          visit_id: r.id,
          code: 'missing_checkout',
          detail: JSON.stringify({ limitMinutes: r.limit_minutes, closedAt: now.toISOString() }),
          raised_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['visit_id', 'code']).doNothing())
      .execute();
    await tx
      .insertInto('homecare_order_events')
      .values(
        rows.map((r) => ({
          order_id: r.order_id,
          at: now,
          action: 'auto_closed',
          user_id: null,
          role: 'system',
          code: 'missing_checkout',
          note: null,
          detail: JSON.stringify({ visitId: r.id, limitMinutes: r.limit_minutes }),
        })),
      )
      .execute();
    for (const r of rows)
      await recordAudit(tx, null, {
        action: 'update',
        entityType: 'homecare_visit',
        entityId: r.id,
        districtCode: r.district_code,
        detail: { autoClosed: true, exceptions: ['missing_checkout'] },
      });
    return rows.map((r) => Number(r.id));
  });
}

/** Starts the rounds of `serve`; returns the stop. */
export function startHomecareJobs(database: Database, o: { onError: (err: unknown) => void; everyMs?: number }) {
  const round = () =>
    runExclusive(database, 'homecare-missing-checkout', async () => {
      await closeMissingCheckouts(database.db, new Date());
      await expireUnverifiedHolds(database.db, new Date());
      await expireDueOffers(systemContext(database.db, 'homecare-offer-expiry'));
    }).catch(o.onError);
  const timer = setInterval(round, o.everyMs ?? 5 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
