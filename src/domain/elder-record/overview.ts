// The joined-up elder record: one read of what every domain keeps about an elder, in bounded
// set-based SQL over their tables (read-only; writes stay with each domain). The elder must be
// visible exactly as GET /elders/:id decides; the read is audited once with the elder's district.
// Who read the record (the audit entries of reads of this elder) is the elder's and the family's
// data right, and the officers' over the elder's place.
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { currentLevel } from '../assessment/current-level.js';
import { visibleElders } from '../elders/service.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { RECORD_READ_LOG_READERS } from '../identity/permissions.js';
import { coversCode, grantedElderIds } from '../identity/scope.js';
import type { ElderOverview, RecordReads } from './schemas.js';

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const dayOrNull = (v: unknown): string | null => (v == null ? null : day(v));

/** The elder as GET /elders/:id finds it for this caller, or 404. */
async function visibleElderOrFail(ctx: UseCaseContext, id: number) {
  const elder = await visibleElders(ctx.db, ctx.actor)
    .select(['elders.id', 'elders.name', 'elders.district_code', 'elders.community_code'])
    .where('elders.id', '=', id)
    .executeTakeFirst();
  if (!elder) throw new AppError('not_found');
  return elder;
}

/** Which of the later domains' tables this database has (they arrive with their migrations). */
async function laterTables(ctx: UseCaseContext) {
  const { rows } = await sql<{ orders: boolean; incidents: boolean; beds: boolean }>`
    SELECT to_regclass('homecare_orders') IS NOT NULL AS orders,
           to_regclass('alarm_incidents') IS NOT NULL AS incidents,
           to_regclass('home_care_beds') IS NOT NULL AS beds`.execute(ctx.db);
  return rows[0] ?? { orders: false, incidents: false, beds: false };
}

export async function elderOverview(ctx: UseCaseContext, elderId: number): Promise<ElderOverview> {
  const elder = await visibleElderOrFail(ctx, elderId);
  const db = ctx.db;
  const later = await laterTables(ctx);

  const [level, screens, tasks, accounts, residency, waiting, enrolments, orders, incidents, beds] = await Promise.all([
    currentLevel(db, elderId),
    sql<{ id: number; instrument: string; score: number; positive: boolean; screened_on: unknown }>`
      SELECT id, instrument, score, positive, screened_on FROM cognitive_screens
      WHERE elder_id = ${elderId} ORDER BY screened_on DESC, id DESC LIMIT 1`.execute(db),
    sql<{ id: number; reason: string; status: string; due_on: unknown; created_at: unknown }>`
      SELECT id, reason, status, due_on, created_at FROM assessment_tasks
      WHERE elder_id = ${elderId} AND status IN ('open', 'assigned') ORDER BY id DESC LIMIT 5`.execute(db),
    sql<{
      id: number;
      name: string;
      currency: string;
      balance: number;
      pending_debits: number;
      postings: { id: number; at: string; kind: string; amount: number; memo: string | null; reason: string }[];
    }>`
      SELECT a.id, a.name, a.currency, a.balance, a.pending_debits,
        coalesce((
          SELECT json_agg(json_build_object('id', p.id, 'at', p.created_at, 'kind', p.kind, 'memo', p.memo,
                          'reason', p.reason,
                          'amount', CASE WHEN p.credit_account_id = a.id THEN p.amount ELSE -p.amount END)
                          ORDER BY p.id DESC)
          FROM (
            SELECT * FROM (SELECT * FROM ledger_transfers WHERE credit_account_id = a.id ORDER BY id DESC LIMIT 5) c
            UNION ALL
            SELECT * FROM (SELECT * FROM ledger_transfers WHERE debit_account_id = a.id ORDER BY id DESC LIMIT 5) d
            ORDER BY id DESC LIMIT 5
          ) p), '[]'::json) AS postings
      FROM ledger_accounts a
      WHERE a.owner_type = 'elder' AND a.owner_id = ${elderId}
      ORDER BY a.id LIMIT 5`.execute(db),
    sql<{ id: number; organisation_id: number; name: string; admitted_on: unknown; placement: string }>`
      SELECT r.id, r.organisation_id, o.name, r.admitted_on, r.placement
      FROM residencies r JOIN organisations o ON o.id = r.organisation_id
      WHERE r.elder_id = ${elderId} AND r.discharged_on IS NULL LIMIT 1`.execute(db),
    sql<{
      id: number;
      status: string;
      applied_on: unknown;
      priority_label: string;
      place: number | null;
      institutions: { organisationId: number; name: string }[];
    }>`
      SELECT w.id, w.status, w.applied_on, w.priority_label,
        CASE WHEN w.status = 'waiting' AND w.eligible THEN (
          SELECT count(*) + 1 FROM waitlist_applications q
          WHERE q.status = 'waiting' AND q.eligible
            AND (q.priority_tier, q.queued_at, q.id) < (w.priority_tier, w.queued_at, w.id)
            AND EXISTS (SELECT 1 FROM waitlist_choices qc JOIN waitlist_choices wc ON wc.organisation_id = qc.organisation_id
                        WHERE qc.application_id = q.id AND wc.application_id = w.id)
        ) END AS place,
        coalesce((SELECT json_agg(json_build_object('organisationId', o.id, 'name', o.name) ORDER BY o.name)
                  FROM (SELECT o.id, o.name FROM waitlist_choices c JOIN organisations o ON o.id = c.organisation_id
                        WHERE c.application_id = w.id ORDER BY o.name LIMIT 20) o), '[]'::json) AS institutions
      FROM waitlist_applications w
      WHERE w.elder_id = ${elderId} AND w.status IN ('waiting', 'offered', 'accepted')
      ORDER BY w.id DESC LIMIT 1`.execute(db),
    sql<{ id: number; programme: string; name: string | null; effective_from: unknown; effective_to: unknown }>`
      SELECT e.id, e.programme, o.name, e.effective_from, e.effective_to
      FROM subsidy_enrolments e LEFT JOIN organisations o ON o.id = e.organisation_id
      WHERE e.elder_id = ${elderId} ORDER BY e.effective_from DESC, e.id DESC LIMIT 20`.execute(db),
    later.orders
      ? sql<{
          id: number;
          item_code: string;
          name_zh: string;
          name_en: string;
          status: string;
          scheduled_start: unknown;
          price_fen: number;
          subsidy_fen: number;
          copay_fen: number;
        }>`
          SELECT o.id, o.item_code, i.name_zh, i.name_en, o.status, o.scheduled_start, o.price_fen, o.subsidy_fen,
            o.copay_fen
          FROM homecare_orders o JOIN homecare_catalogue_items i ON i.id = o.item_id
          WHERE o.elder_id = ${elderId} ORDER BY o.scheduled_start DESC, o.id DESC LIMIT 5`.execute(db)
      : null,
    later.incidents
      ? sql<{ id: number; kind: string; status: string; priority: number; opened_at: unknown }>`
          SELECT id, kind, status, priority, opened_at FROM alarm_incidents
          WHERE elder_id = ${elderId} ORDER BY opened_at DESC, id DESC LIMIT 5`.execute(db)
      : null,
    later.beds
      ? sql<{ id: number; status: string; applied_on: unknown; closed_on: unknown }>`
          SELECT id, status, applied_on, closed_on FROM home_care_beds
          WHERE elder_id = ${elderId} ORDER BY (status <> 'closed') DESC, id DESC LIMIT 1`.execute(db)
      : null,
  ]);

  await recordAudit(ctx, {
    action: 'read',
    entityType: 'elder',
    entityId: elderId,
    districtCode: elder.district_code,
    detail: { view: 'overview' },
  });

  const screen = screens.rows[0];
  const res = residency.rows[0];
  const wait = waiting.rows[0];
  const bed = beds?.rows[0];
  return {
    elderId,
    name: elder.name,
    districtCode: elder.district_code,
    currentLevel: level
      ? {
          level: level.level,
          assessmentId: level.assessmentId,
          assessedOn: level.assessedOn,
          rulesVersion: level.rulesVersion,
        }
      : null,
    latestScreen: screen
      ? {
          id: Number(screen.id),
          instrument: screen.instrument,
          score: Number(screen.score),
          positive: screen.positive,
          screenedOn: day(screen.screened_on),
        }
      : null,
    openTasks: tasks.rows.map((r) => ({
      id: Number(r.id),
      reason: r.reason,
      status: r.status,
      dueOn: dayOrNull(r.due_on),
      createdAt: iso(r.created_at),
    })),
    accounts: accounts.rows.map((a) => ({
      id: Number(a.id),
      name: a.name,
      currency: a.currency,
      balanceFen: Number(a.balance),
      pendingFen: Number(a.pending_debits),
      postings: (typeof a.postings === 'string' ? JSON.parse(a.postings) : a.postings).map(
        (p: { id: number; at: string; kind: string; amount: number; memo: string | null; reason: string }) => ({
          id: Number(p.id),
          at: new Date(p.at).toISOString(),
          kind: p.kind,
          amountFen: Number(p.amount),
          memo: p.memo,
          reason: p.reason,
        }),
      ),
    })),
    residency: res
      ? {
          id: Number(res.id),
          organisationId: Number(res.organisation_id),
          institutionName: res.name,
          admittedOn: day(res.admitted_on),
          placement: res.placement,
        }
      : null,
    waiting: wait
      ? {
          id: Number(wait.id),
          status: wait.status,
          appliedOn: day(wait.applied_on),
          priorityLabel: wait.priority_label,
          place: wait.place == null ? null : Number(wait.place),
          institutions: (typeof wait.institutions === 'string' ? JSON.parse(wait.institutions) : wait.institutions).map(
            (i: { organisationId: number; name: string }) => ({
              organisationId: Number(i.organisationId),
              name: i.name,
            }),
          ),
        }
      : null,
    enrolments: enrolments.rows.map((e) => ({
      id: Number(e.id),
      programme: e.programme,
      organisationName: e.name,
      effectiveFrom: day(e.effective_from),
      effectiveTo: dayOrNull(e.effective_to),
    })),
    homecareOrders:
      orders?.rows.map((o) => ({
        id: Number(o.id),
        itemCode: o.item_code,
        itemName: { zh: o.name_zh, en: o.name_en },
        status: o.status,
        scheduledStart: iso(o.scheduled_start),
        priceFen: Number(o.price_fen),
        subsidyFen: Number(o.subsidy_fen),
        copayFen: Number(o.copay_fen),
      })) ?? null,
    alarmIncidents:
      incidents?.rows.map((i) => ({
        id: Number(i.id),
        kind: i.kind,
        status: i.status,
        priority: Number(i.priority),
        openedAt: iso(i.opened_at),
      })) ?? null,
    careBed: bed
      ? { id: Number(bed.id), status: bed.status, appliedOn: day(bed.applied_on), closedOn: dayOrNull(bed.closed_on) }
      : null,
  };
}

/**
 * The last 50 reads of this elder's record: for the city, the officers over the elder's place and
 * the elder's own family; anyone else gets the 404 of a missing elder.
 */
export async function recordReads(ctx: UseCaseContext, elderId: number): Promise<RecordReads> {
  const elder = await ctx.db
    .selectFrom('elders')
    .select(['id', 'community_code', 'district_code'])
    .where('id', '=', elderId)
    .executeTakeFirst();
  const allowed =
    elder &&
    (grantedElderIds(ctx.actor).includes(elderId) ||
      coversCode(ctx.actor, RECORD_READ_LOG_READERS, elder.community_code));
  if (!elder || !allowed) throw new AppError('not_found');
  const { rows } = await sql<{
    id: number;
    at: unknown;
    user_id: number | null;
    username: string | null;
    display_name: string | null;
    roles: string | null;
    action: string;
    purpose: string | null;
  }>`
    SELECT l.id, l.at, l.user_id, l.username, u.display_name, l.roles, l.action, l.purpose
    FROM audit_log l LEFT JOIN users u ON u.id = l.user_id
    WHERE l.entity_type = 'elder' AND l.entity_id = ${String(elderId)} AND l.action IN ('read', 'export')
    ORDER BY l.at DESC, l.id DESC LIMIT 50`.execute(ctx.db);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      at: iso(r.at),
      userId: r.user_id == null ? null : Number(r.user_id),
      username: r.username,
      displayName: r.display_name,
      roles: r.roles,
      action: r.action,
      purpose: r.purpose,
    })),
  };
}
