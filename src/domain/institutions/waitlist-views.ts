// What people see of the waiting list: the applicant's place and why (family), an institution's
// queue in order (bureau and institution), and the bureau's list of applications.
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { visibleElders } from '../elders/service.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { grantedElderIds } from '../identity/scope.js';
import { isOfficer, organisationFor, worksIn } from './access.js';
import { BED_TYPE_LABELS, type BedType } from './kinds.js';
import { expireDueOffers, policyFor } from './offers.js';
import { mayReadApplication } from './waitlist.js';
import { WAITLIST_POLICIES } from './waitlist-policy.js';
import type {
  ApplicationList,
  ApplicationQuery,
  ApplicationStatus,
  InstitutionQueue,
  OfferStatus,
  WaitlistApplication,
} from './waitlist-schemas.js';

export const APPLICATION_STATUS_LABELS: Record<string, string> = {
  waiting: '轮候中',
  offered: '已邀约',
  accepted: '已接受，待入住',
  admitted: '已入住',
  withdrawn: '已撤回',
};
const OFFER_STATUS_LABELS: Record<string, string> = {
  active: '待答复',
  accepted: '已接受',
  declined: '已放弃',
  expired: '逾期未答复',
  withdrawn: '已撤回',
  admitted: '已入住',
};

interface ChoiceRow {
  organisation_id: number;
  name: string;
  district_code: string;
  jurisdiction_code: string;
  ahead_higher: number;
  ahead_same: number;
  queue_length: number;
}

export async function getApplication(ctx: UseCaseContext, id: number): Promise<WaitlistApplication> {
  const { db, actor, now } = ctx;
  await expireDueOffers(db, now, { applicationId: id });
  const app = await db.selectFrom('waitlist_applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!app || !(await mayReadApplication(ctx, app))) throw new AppError('not_found');
  const [choices, offers, events, elder] = await Promise.all([
    sql<ChoiceRow>`
      SELECT c.organisation_id, o.name, o.district_code, o.jurisdiction_code,
        count(b.id) FILTER (WHERE b.priority_tier < a.priority_tier) AS ahead_higher,
        count(b.id) FILTER (WHERE b.priority_tier = a.priority_tier AND (b.queued_at, b.id) < (a.queued_at, a.id)) AS ahead_same,
        count(b.id) AS queue_length
      FROM waitlist_choices c
      JOIN waitlist_applications a ON a.id = c.application_id
      JOIN organisations o ON o.id = c.organisation_id
      LEFT JOIN waitlist_choices c2 ON c2.organisation_id = c.organisation_id
      LEFT JOIN waitlist_applications b ON b.id = c2.application_id AND b.status = 'waiting' AND b.eligible
      WHERE c.application_id = ${id}
      GROUP BY c.organisation_id, o.name, o.district_code, o.jurisdiction_code, a.priority_tier, a.queued_at, a.id
      ORDER BY c.organisation_id`.execute(db),
    db
      .selectFrom('bed_offers as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .innerJoin('beds as b', 'b.id', 'f.bed_id')
      .select([
        'f.id',
        'f.organisation_id',
        'o.name',
        'f.bed_id',
        'b.label',
        'b.bed_type',
        'f.status',
        'f.offered_at',
        'f.expires_at',
        'f.responded_at',
      ])
      .where('f.application_id', '=', id)
      .orderBy('f.id', 'desc')
      .execute(),
    db
      .selectFrom('waitlist_events')
      .select(['at', 'kind', 'reason'])
      .where('application_id', '=', id)
      .orderBy('id')
      .execute(),
    // Family grants are part of visibleElders; a bureau officer of a chosen institution may see none.
    visibleElders(db, actor).select(['elders.name']).where('elders.id', '=', app.elder_id).executeTakeFirst(),
  ]);
  await recordAudit(ctx, {
    action: 'read',
    entityType: 'waitlist_application',
    entityId: id,
    districtCode: app.district_code,
  });
  // The officer of a chosen institution in another district reads the application to place the
  // applicant: the tier number, the queue and the offers, not why the tier was given (低保, 失能 …).
  const why = elder !== undefined;
  const policy =
    WAITLIST_POLICIES.find((p) => p.version === app.policy_version) ??
    policyFor({ jurisdiction_code: app.district_code }, now);
  const queued = app.status === 'waiting' && app.eligible;
  const choiceViews = choices.rows.map((c) => {
    const higher = Number(c.ahead_higher);
    const same = Number(c.ahead_same);
    return {
      organisationId: Number(c.organisation_id),
      name: c.name,
      districtCode: c.district_code,
      position: queued ? higher + same + 1 : null,
      aheadHigherTier: higher,
      aheadSameTier: same,
      queueLength: Number(c.queue_length),
    };
  });
  const holding = offers.find((o) => o.status === 'active' || o.status === 'accepted');
  const explanation: string[] = [];
  if (!app.eligible) explanation.push(...(why ? (app.priority_reasons as string[]) : ['暂不符合入住条件。']));
  else {
    explanation.push(
      why
        ? `优先档 ${app.priority_tier}：${app.priority_label}（规则 ${app.policy_version}）。同一优先档内按申请时间排序。`
        : `优先档 ${app.priority_tier}（规则 ${app.policy_version}）。同一优先档内按申请时间排序。`,
    );
    for (const c of choiceViews) {
      if (c.position != null)
        explanation.push(
          `在“${c.name}”排第 ${c.position} 位（共 ${c.queueLength} 人）：优先档更高的 ${c.aheadHigherTier} 人，同档申请更早的 ${c.aheadSameTier} 人。`,
        );
    }
    explanation.push(
      `已放弃邀约 ${app.decline_count} 次；累计 ${policy.declines.sendToBackAfter} 次将排至本优先档末尾。`,
    );
  }
  if (holding?.status === 'active')
    explanation.push(
      `已为您保留“${holding.name}”床位 ${holding.label}，请于 ${new Date(holding.expires_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} 前答复。`,
    );
  return {
    id: app.id,
    elderId: app.elder_id,
    elderName: elder?.name ?? null,
    appliedOn: app.applied_on,
    queuedAt: new Date(app.queued_at).toISOString(),
    status: app.status,
    statusLabel: APPLICATION_STATUS_LABELS[app.status] ?? app.status,
    eligible: app.eligible,
    tier: app.priority_tier,
    tierLabel: why ? app.priority_label : null,
    reasons: why ? (app.priority_reasons as string[]) : [],
    policyVersion: app.policy_version,
    declineCount: app.decline_count,
    declinesBeforeBack: policy.declines.sendToBackAfter,
    offerValidHours: policy.offerValidHours,
    choices: choiceViews,
    offers: offers.map((o) => ({
      id: o.id,
      organisationId: o.organisation_id,
      organisationName: o.name,
      bedId: o.bed_id,
      bedLabel: o.label,
      bedTypeLabel: BED_TYPE_LABELS[o.bed_type as BedType],
      status: o.status,
      statusLabel: OFFER_STATUS_LABELS[o.status] ?? o.status,
      offeredAt: new Date(o.offered_at).toISOString(),
      expiresAt: new Date(o.expires_at).toISOString(),
      respondedAt: o.responded_at ? new Date(o.responded_at).toISOString() : null,
    })),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, reason: why ? e.reason : null })),
    explanation,
  };
}

/** The family's applications (their granted elders). */
export async function myApplications(ctx: UseCaseContext): Promise<WaitlistApplication[]> {
  const elderIds = grantedElderIds(ctx.actor);
  if (!elderIds.length) return [];
  const rows = await ctx.db
    .selectFrom('waitlist_applications')
    .select('id')
    .where('elder_id', 'in', elderIds)
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  return Promise.all(rows.map((r) => getApplication(ctx, r.id)));
}

/** An institution's queue in offer order: waiting applicants numbered, holders of offers on top. */
export async function institutionQueue(ctx: UseCaseContext, organisationId: number): Promise<InstitutionQueue> {
  const { db, actor, now } = ctx;
  const org = await organisationFor(db, actor, organisationId, 'read', { kind: 'institution' });
  await expireDueOffers(db, now, { organisationId });
  const rows = await sql<{
    id: number;
    elder_id: number;
    status: ApplicationStatus;
    eligible: boolean;
    priority_tier: number;
    priority_label: string;
    applied_on: string;
    queued_at: Date;
    decline_count: number;
    offer_id: number | null;
    offer_org: number | null;
    offer_status: OfferStatus | null;
    bed_label: string | null;
    expires_at: Date | null;
  }>`
    SELECT a.id, a.elder_id, a.status, a.eligible, a.priority_tier, a.priority_label, a.applied_on, a.queued_at, a.decline_count,
      f.id AS offer_id, f.organisation_id AS offer_org, f.status AS offer_status, b.label AS bed_label, f.expires_at
    FROM waitlist_choices c
    JOIN waitlist_applications a ON a.id = c.application_id
    LEFT JOIN bed_offers f ON f.application_id = a.id AND f.status IN ('active', 'accepted')
    LEFT JOIN beds b ON b.id = f.bed_id
    WHERE c.organisation_id = ${org.id} AND a.status IN ('waiting', 'offered', 'accepted')
    ORDER BY a.eligible DESC, a.priority_tier, a.queued_at, a.id
    LIMIT 10000`.execute(db);
  // Names: officers through their registry scope; staff only for applicants holding one of their beds.
  const elderIds = rows.rows.map((r) => r.elder_id);
  const nameable = isOfficer(actor)
    ? elderIds
    : worksIn(actor, org.id)
      ? rows.rows.filter((r) => r.offer_org === org.id).map((r) => r.elder_id)
      : [];
  const names = new Map<number, string>();
  if (nameable.length) {
    const q = isOfficer(actor) ? visibleElders(db, actor) : db.selectFrom('elders');
    for (const e of await q.select(['elders.id', 'elders.name']).where('elders.id', 'in', nameable).execute())
      names.set(e.id, e.name);
  }
  await recordAudit(ctx, {
    action: 'list',
    entityType: 'waitlist_application',
    districtCode: org.district_code,
    purpose: 'admission waiting list',
    detail: { organisationId: org.id, count: rows.rows.length },
  });
  let position = 0;
  return {
    organisationId: org.id,
    name: org.name,
    items: rows.rows.map((r) => ({
      applicationId: r.id,
      elderId: r.elder_id,
      elderName: names.get(r.elder_id) ?? null,
      position: r.status === 'waiting' && r.eligible ? ++position : null,
      status: r.status,
      statusLabel: APPLICATION_STATUS_LABELS[r.status] ?? r.status,
      eligible: r.eligible,
      tier: r.priority_tier,
      // Why a tier was given is personal: shown only beside a name the reader may see.
      tierLabel: names.has(r.elder_id) ? r.priority_label : null,
      appliedOn: r.applied_on,
      queuedAt: new Date(r.queued_at).toISOString(),
      declineCount: r.decline_count,
      offer: r.offer_id
        ? {
            id: r.offer_id,
            here: r.offer_org === org.id,
            status: r.offer_status!,
            bedLabel: r.bed_label,
            expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
          }
        : null,
    })),
  };
}

/** The bureau's list: applications of elders in the caller's registry scope. */
export async function listApplications(ctx: UseCaseContext, query: ApplicationQuery): Promise<ApplicationList> {
  const { db, actor } = ctx;
  const { page, pageSize, ...f } = query;
  const base = db
    .selectFrom('waitlist_applications as a')
    .where('a.elder_id', 'in', visibleElders(db, actor).select('elders.id'))
    .$if(!!f.status, (q) => q.where('a.status', '=', f.status!))
    .$if(!!f.district, (q) => q.where('a.district_code', 'like', `${f.district}%`));
  const [rows, count] = await Promise.all([
    base
      .innerJoin('elders as e', 'e.id', 'a.elder_id')
      .select([
        'a.id',
        'a.elder_id',
        'e.name',
        'a.status',
        'a.eligible',
        'a.priority_tier',
        'a.priority_label',
        'a.applied_on',
        'a.decline_count',
        'a.district_code',
      ])
      .orderBy('a.eligible', 'desc')
      .orderBy('a.priority_tier')
      .orderBy('a.queued_at')
      .orderBy('a.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, {
    action: 'list',
    entityType: 'waitlist_application',
    purpose: 'admission waiting list',
    detail: { filters: f, page, total: Number(count.n) },
  });
  return {
    total: Number(count.n),
    page,
    pageSize,
    items: rows.map((r) => ({
      id: r.id,
      elderId: r.elder_id,
      elderName: r.name,
      status: r.status,
      statusLabel: APPLICATION_STATUS_LABELS[r.status] ?? r.status,
      eligible: r.eligible,
      tier: r.priority_tier,
      tierLabel: r.priority_label,
      appliedOn: r.applied_on,
      declineCount: r.decline_count,
      districtCode: r.district_code,
    })),
  };
}
