// Incidents: what an operator answers. Events open or join them (ingest.ts); operators acknowledge,
// act, resolve and close them with a timeline to the second; unacknowledged ones escalate along
// the ladder of the policy in force. Every change is announced on the `alarm_incident` channel.
import { sql } from 'kysely';
import { ageOn, todayInShanghai } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { type Db, inTransaction, type UseCaseContext } from '../identity/context.js';
import { ALARM_OPERATORS } from '../identity/permissions.js';
import { deviceView, reachableDevices } from './devices.js';
import type { Notifier } from './notifier.js';
import { type AlarmPolicy, policyOn } from './policy.js';
import type {
  AckBody,
  ActionBody,
  CloseBody,
  IncidentDetail,
  IncidentList,
  IncidentQuery,
  IncidentSummary,
  ResolveBody,
} from './schemas.js';
import {
  type ClosureCode,
  type Disposition,
  INCIDENT_PRIORITY,
  type IncidentKind,
  type IncidentStatus,
  OPEN_STATUSES,
} from './vocabulary.js';

export const INCIDENT_CHANNEL = 'alarm_incident';

/** What the channel carries: enough for a listener to decide who may hear of it. */
export interface IncidentNotice {
  id: number;
  communityCode: string;
  status: string;
  kind: string;
  priority: number;
  event: 'opened' | 'joined' | 'changed' | 'escalated';
}

async function announce(tx: Db, incidentId: number, event: IncidentNotice['event']): Promise<void> {
  const row = await tx
    .selectFrom('alarm_incidents as i')
    .innerJoin('elders', 'elders.id', 'i.elder_id')
    .select(['i.id', 'elders.community_code', 'i.status', 'i.kind', 'i.priority'])
    .where('i.id', '=', incidentId)
    .executeTakeFirstOrThrow();
  const notice: IncidentNotice = {
    id: row.id,
    communityCode: row.community_code,
    status: row.status,
    kind: row.kind,
    priority: row.priority,
    event,
  };
  await sql`SELECT pg_notify(${INCIDENT_CHANNEL}, ${JSON.stringify(notice)})`.execute(tx);
}

async function timeline(
  tx: Db,
  incidentId: number,
  at: Date,
  action: string,
  actor: { userId: number | null; name: string | null },
  note?: string | null,
): Promise<void> {
  await tx
    .insertInto('alarm_incident_timeline')
    .values({
      incident_id: incidentId,
      at,
      action,
      actor_user_id: actor.userId,
      actor_name: actor.name,
      note: note ?? null,
    })
    .execute();
}

export interface IncidentTrigger {
  elderId: number;
  deviceId: number | null;
  kind: IncidentKind;
  code: number;
  now: Date;
  policy: AlarmPolicy;
  note?: string;
}

/**
 * Opens an incident, or joins the elder's open incident of the same kind when its last event lies
 * within the policy's join window (a repeated press is counted, not a second call to answer).
 */
export async function openOrJoinIncident(tx: Db, t: IncidentTrigger): Promise<number> {
  const since = new Date(t.now.getTime() - t.policy.joinWindowSeconds * 1000);
  const source = { userId: null, name: t.deviceId ? `device-${t.deviceId}` : 'system' };
  const open = await tx
    .selectFrom('alarm_incidents')
    .select(['id', 'event_count'])
    .where('elder_id', '=', t.elderId)
    .where('kind', '=', t.kind)
    .where('status', 'in', [...OPEN_STATUSES])
    .where('last_event_at', '>=', since)
    .orderBy('id', 'desc')
    .forUpdate()
    .executeTakeFirst();
  if (open) {
    await tx
      .updateTable('alarm_incidents')
      .set({ event_count: open.event_count + 1, last_event_at: t.now })
      .where('id', '=', open.id)
      .execute();
    await timeline(tx, open.id, t.now, 'repeated', source, `#${open.event_count + 1}${t.note ? ` ${t.note}` : ''}`);
    await announce(tx, open.id, 'joined');
    return open.id;
  }
  const first = t.policy.ladder[0];
  const { id } = await tx
    .insertInto('alarm_incidents')
    .values({
      elder_id: t.elderId,
      device_id: t.deviceId,
      kind: t.kind,
      code: t.code,
      priority: INCIDENT_PRIORITY[t.kind],
      opened_at: t.now,
      last_event_at: t.now,
      next_escalation_at: new Date(t.now.getTime() + (first?.afterSeconds ?? t.policy.ackSlaSeconds) * 1000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await timeline(tx, id, t.now, 'opened', source, t.note ?? `Contact ID ${t.code}`);
  await announce(tx, id, 'opened');
  return id;
}

/**
 * Joins the elder's open incident of the kind, however old its last event, and opens none: what
 * a flapping device's surplus events do. Null when nothing of the kind is open.
 */
export async function joinOpenIncident(tx: Db, t: IncidentTrigger): Promise<number | null> {
  const open = await tx
    .selectFrom('alarm_incidents')
    .select(['id', 'event_count'])
    .where('elder_id', '=', t.elderId)
    .where('kind', '=', t.kind)
    .where('status', 'in', [...OPEN_STATUSES])
    .orderBy('id', 'desc')
    .forUpdate()
    .executeTakeFirst();
  if (!open) return null;
  await tx
    .updateTable('alarm_incidents')
    .set({ event_count: open.event_count + 1, last_event_at: t.now })
    .where('id', '=', open.id)
    .execute();
  const source = { userId: null, name: t.deviceId ? `device-${t.deviceId}` : 'system' };
  await timeline(tx, open.id, t.now, 'repeated', source, `#${open.event_count + 1}${t.note ? ` ${t.note}` : ''}`);
  await announce(tx, open.id, 'joined');
  return open.id;
}

function incidentsQuery(db: Db) {
  return db
    .selectFrom('alarm_incidents as i')
    .innerJoin('elders', 'elders.id', 'i.elder_id')
    .select([
      'i.id',
      'i.elder_id',
      'elders.name as elder_name',
      'elders.community_code',
      'elders.district_code',
      'i.device_id',
      'i.kind',
      'i.code',
      'i.priority',
      'i.status',
      'i.event_count',
      'i.opened_at',
      'i.last_event_at',
      'i.acknowledged_at',
      'i.resolved_at',
      'i.closed_at',
      'i.escalation_level',
      'i.disposition',
      'i.closure_code',
    ]);
}
type IncidentRow = Awaited<ReturnType<ReturnType<typeof incidentsQuery>['executeTakeFirstOrThrow']>>;

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z'));

function summary(r: IncidentRow, now: Date, slaSeconds: number): IncidentSummary {
  const opened = new Date(r.opened_at).getTime();
  const acked = r.acknowledged_at ? new Date(r.acknowledged_at).getTime() : null;
  return {
    id: r.id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    communityCode: r.community_code,
    deviceId: r.device_id,
    kind: r.kind as IncidentKind,
    code: r.code,
    priority: r.priority,
    status: r.status as IncidentStatus,
    eventCount: r.event_count,
    openedAt: iso(r.opened_at)!,
    lastEventAt: iso(r.last_event_at)!,
    acknowledgedAt: iso(r.acknowledged_at),
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    escalationLevel: r.escalation_level,
    disposition: r.disposition as Disposition | null,
    closureCode: r.closure_code as ClosureCode | null,
    ageSeconds: Math.max(0, Math.floor((now.getTime() - opened) / 1000)),
    slaBreached: ((acked ?? now.getTime()) - opened) / 1000 > slaSeconds,
  };
}

function reachable(ctx: UseCaseContext) {
  return incidentsQuery(ctx.db).where(ctx.reach.places(ALARM_OPERATORS).inJurisdiction('elders.community_code'));
}

async function reachableIncident(ctx: UseCaseContext, id: number): Promise<IncidentRow> {
  const row = await reachable(ctx).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** The queue: open incidents first, by priority then age; then the rest, newest first. */
export async function listIncidents(ctx: UseCaseContext, q: IncidentQuery): Promise<IncidentList> {
  let query = reachable(ctx);
  if (q.elderId) query = query.where('i.elder_id', '=', q.elderId);
  if (q.status === 'open') query = query.where('i.status', 'in', [...OPEN_STATUSES]);
  else if (q.status) query = query.where('i.status', '=', q.status);
  const policy = await policyOn(ctx.db, ctx.today);
  const [rows, count] = await Promise.all([
    query
      .orderBy(sql`CASE WHEN i.status IN ('new', 'acknowledged', 'in_progress') THEN 0 ELSE 1 END`)
      .orderBy(sql`CASE WHEN i.status IN ('new', 'acknowledged', 'in_progress') THEN i.priority ELSE 0 END`)
      .orderBy(sql`CASE WHEN i.status IN ('new', 'acknowledged', 'in_progress') THEN i.opened_at END`)
      .orderBy('i.opened_at', 'desc')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, {
    action: 'list',
    entityType: 'alarm_incident',
    detail: { elderId: q.elderId ?? null, status: q.status ?? null, count: rows.length },
  });
  return { total: count.n, items: rows.map((r) => summary(r, ctx.now, policy.ackSlaSeconds)) };
}

export async function getIncident(ctx: UseCaseContext, id: number): Promise<IncidentDetail> {
  const row = await reachableIncident(ctx, id);
  const policy = await policyOn(ctx.db, ctx.today);
  const [entries, elder, flags, contacts, devices, events] = await Promise.all([
    ctx.db
      .selectFrom('alarm_incident_timeline')
      .select(['at', 'action', 'actor_name', 'note'])
      .where('incident_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('elders')
      .select(['id', 'name', 'sex', 'birth_date', 'phone', 'address', 'community_code', 'lat', 'lng'])
      .where('id', '=', row.elder_id)
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('elder_status_flags')
      .select('flag')
      .where('elder_id', '=', row.elder_id)
      .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', ctx.today)]))
      .execute(),
    ctx.db
      .selectFrom('elder_contacts')
      .select(['name', 'relation', 'phone', 'is_guardian'])
      .where('elder_id', '=', row.elder_id)
      .orderBy('id')
      .limit(20)
      .execute(),
    reachableDevices(ctx).where('d.elder_id', '=', row.elder_id).orderBy('d.id').limit(50).execute(),
    ctx.db
      .selectFrom('alarm_events')
      .select(['id', 'device_id', 'code', 'kind', 'received_at'])
      .where('elder_id', '=', row.elder_id)
      .orderBy('received_at', 'desc')
      .limit(20)
      .execute(),
  ]);
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'alarm_incident',
    entityId: id,
    districtCode: row.district_code,
  });
  return {
    ...summary(row, ctx.now, policy.ackSlaSeconds),
    timeline: entries.map((e) => ({ at: iso(e.at)!, action: e.action, actor: e.actor_name, note: e.note })),
    elder: {
      id: elder.id,
      name: elder.name,
      sex: elder.sex,
      age: ageOn(elder.birth_date, ctx.today),
      phone: elder.phone,
      address: elder.address,
      communityCode: elder.community_code,
      lat: elder.lat,
      lng: elder.lng,
      flags: [...new Set(flags.map((f) => f.flag))],
      contacts: contacts.map((c) => ({ name: c.name, relation: c.relation, phone: c.phone, guardian: c.is_guardian })),
      assessmentLevel: null,
    },
    devices: devices.map(deviceView),
    recentEvents: events.map((e) => ({
      id: e.id,
      deviceId: e.device_id,
      code: e.code,
      kind: e.kind,
      receivedAt: iso(e.received_at)!,
    })),
  };
}

type Step = 'acknowledge' | 'act' | 'resolve' | 'close';
const ALLOWED: Record<Step, readonly string[]> = {
  acknowledge: ['new'],
  act: ['acknowledged', 'in_progress'],
  resolve: ['acknowledged', 'in_progress'],
  close: ['resolved'],
};

async function change(
  ctx: UseCaseContext,
  id: number,
  step: Step,
  apply: (tx: Db) => Promise<{ action: string; note?: string | null }>,
): Promise<IncidentDetail> {
  const row = await reachableIncident(ctx, id);
  await ctx.db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('alarm_incidents')
      .select('status')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!ALLOWED[step].includes(current.status))
      throw new AppError('alarm_incident_state', { status: current.status, action: step });
    const { action, note } = await apply(tx);
    await timeline(tx, id, ctx.now, action, { userId: ctx.actor.userId, name: ctx.actor.displayName }, note);
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'alarm_incident',
      entityId: id,
      districtCode: row.district_code,
      detail: { step: action },
    });
    await announce(tx, id, 'changed');
  });
  return getIncident(ctx, id);
}

export const acknowledgeIncident = (ctx: UseCaseContext, id: number, body: AckBody) =>
  change(ctx, id, 'acknowledge', async (tx) => {
    await tx
      .updateTable('alarm_incidents')
      .set({
        status: 'acknowledged',
        acknowledged_at: ctx.now,
        acknowledged_by: ctx.actor.userId,
        next_escalation_at: null,
      })
      .where('id', '=', id)
      .execute();
    return { action: 'acknowledged', note: body.note };
  });

export const actOnIncident = (ctx: UseCaseContext, id: number, body: ActionBody) =>
  change(ctx, id, 'act', async (tx) => {
    await tx.updateTable('alarm_incidents').set({ status: 'in_progress' }).where('id', '=', id).execute();
    return { action: body.action, note: body.note };
  });

export const resolveIncident = (ctx: UseCaseContext, id: number, body: ResolveBody) =>
  change(ctx, id, 'resolve', async (tx) => {
    await tx
      .updateTable('alarm_incidents')
      .set({ status: 'resolved', resolved_at: ctx.now, disposition: body.disposition })
      .where('id', '=', id)
      .execute();
    return { action: 'resolved', note: [body.disposition, body.note].filter(Boolean).join(': ') };
  });

export const closeIncident = (ctx: UseCaseContext, id: number, body: CloseBody) =>
  change(ctx, id, 'close', async (tx) => {
    await tx
      .updateTable('alarm_incidents')
      .set({
        status: 'closed',
        closed_at: ctx.now,
        closure_code: body.closureCode,
        ...(body.disposition ? { disposition: body.disposition } : {}),
      })
      .where('id', '=', id)
      .execute();
    return { action: 'closed', note: [body.closureCode, body.note].filter(Boolean).join(': ') };
  });

/**
 * The escalation round: every incident still unacknowledged past its next escalation moves one
 * step up the ladder (and the last step keeps reminding), telling that step's target. Run it
 * periodically under runExclusive so one process does it.
 */
export async function escalateDue(db: Db, now: Date, notifier: Notifier): Promise<number> {
  const policy = await policyOn(db, todayInShanghai(now));
  const ladder = policy.ladder;
  if (!ladder.length) return 0;
  const due = await db
    .selectFrom('alarm_incidents')
    .select(['id', 'elder_id', 'kind', 'escalation_level', 'opened_at'])
    .where('status', '=', 'new')
    .where('next_escalation_at', '<=', now)
    .orderBy('next_escalation_at')
    .limit(500)
    .execute();
  for (const inc of due) {
    const level = Math.min(inc.escalation_level + 1, ladder.length);
    const step = ladder[level - 1]!;
    const next = ladder[level];
    const nextAt = next
      ? new Date(new Date(inc.opened_at).getTime() + next.afterSeconds * 1000)
      : new Date(now.getTime() + step.remindSeconds * 1000);
    const phones =
      step.target === 'family'
        ? (
            await db
              .selectFrom('elder_contacts')
              .select('phone')
              .where('elder_id', '=', inc.elder_id)
              .where('phone', 'is not', null)
              .execute()
          ).map((c) => c.phone!)
        : [];
    await db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('alarm_incidents')
        .set({ escalation_level: level, next_escalation_at: nextAt })
        .where('id', '=', inc.id)
        .where('status', '=', 'new')
        .executeTakeFirst();
      if (!updated.numUpdatedRows) return;
      const action = level > inc.escalation_level ? 'escalated' : 'reminded';
      await timeline(tx, inc.id, now, action, { userId: null, name: 'system' }, step.target);
      await announce(tx, inc.id, 'escalated');
    });
    await notifier.notify({
      incidentId: inc.id,
      elderId: inc.elder_id,
      target: step.target,
      level,
      phones,
      text: `未应答警情 #${inc.id}（${inc.kind}）`,
    });
  }
  return due.length;
}

/** Ingestion counters for the stats endpoint. */
export async function ingestCounters(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('alarm_ingest_counters').selectAll().execute();
  return Object.fromEntries(rows.map((r) => [r.counter, Number(r.value)]));
}
