// Ratings and complaints (评价与投诉). The elder or their family rates a verified visit once (1–5,
// tags, comment); a complaint about a visit opens a task of the provider with a deadline from the
// policy, seen by the district over the elder's place. The complainant is never shown: not to the
// provider, not in any answer.
import { sql } from 'kysely';
import { todayInShanghai } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { HOMECARE_OVERSEERS } from '../identity/permissions.js';
import { anyOf, codeUnder, idIn } from '../identity/scope.js';
import { policyInEffect } from './catalogue.js';
import type {
  AnswerBody,
  ComplaintBody,
  ComplaintList,
  ComplaintQuery,
  ComplaintView,
  RatingBody,
  RatingView,
} from './schemas.js';
import { providerOrgs } from './scope.js';
import { reachedVisit } from './visits.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** The visit, for the elder or their family only: in reach but someone else's is 403, out of reach 404. */
async function ownElderVisit(ctx: UseCaseContext, id: number, lock = false) {
  const v = await reachedVisit(ctx, id, lock);
  if (!ctx.reach.elders().includes(v.elder_id)) throw new AppError('forbidden');
  return v;
}

/** POST /homecare/visits/:id/rating */
export async function rateVisit(ctx: UseCaseContext, id: number, body: RatingBody): Promise<RatingView> {
  return ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const v = await ownElderVisit(t, id, true);
    if (v.status !== 'verified') throw new AppError('homecare_visit_state', { status: v.status, action: 'rated' });
    const row = await tx
      .insertInto('homecare_visit_ratings')
      .values({
        visit_id: id,
        organisation_id: v.organisation_id,
        elder_id: v.elder_id,
        stars: body.stars,
        tags: [...new Set(body.tags ?? [])],
        comment: body.comment ?? null,
        rated_by: ctx.actor.userId,
      })
      .onConflict((oc) => oc.column('visit_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('homecare_already_rated');
    await recordAudit(t, {
      action: 'create',
      entityType: 'homecare_rating',
      entityId: id,
      districtCode: v.district_code,
      detail: { stars: body.stars },
    });
    return ratingView(row);
  });
}

export const ratingView = (r: {
  visit_id: number;
  stars: number;
  tags: string[];
  comment: string | null;
  created_at: Date | string;
}): RatingView => ({
  visitId: r.visit_id,
  stars: r.stars,
  tags: r.tags,
  comment: r.comment,
  createdAt: iso(r.created_at),
});

function complaintQuery(ctx: UseCaseContext) {
  const places = ctx.reach.places(HOMECARE_OVERSEERS);
  const conditions = [idIn('c.elder_id', ctx.reach.elders()), idIn('c.organisation_id', providerOrgs(ctx))];
  if (!places.none) conditions.push(codeUnder('c.community_code', places.prefixes));
  return ctx.db
    .selectFrom('homecare_complaints as c')
    .innerJoin('homecare_visits as v', 'v.id', 'c.visit_id')
    .innerJoin('homecare_catalogue_items as i', 'i.id', 'v.item_id')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select([
      'c.id',
      'c.visit_id',
      'c.organisation_id',
      'c.elder_id',
      'c.district_code',
      'c.text',
      'c.status',
      'c.due_at',
      'c.answer',
      'c.answered_at',
      'c.created_at',
      'o.name as provider_name',
      'i.name_zh',
      'i.name_en',
      'v.check_in_at',
      'v.scheduled_start',
    ])
    .where(anyOf(conditions));
}
type ComplaintRow = Awaited<ReturnType<ReturnType<typeof complaintQuery>['executeTakeFirstOrThrow']>>;

function complaintView(ctx: UseCaseContext, r: ComplaintRow): ComplaintView {
  return {
    id: r.id,
    visitId: r.visit_id,
    providerId: r.organisation_id,
    providerName: r.provider_name,
    elderId: r.elder_id,
    serviceName: ctx.lang === 'en' ? r.name_en : r.name_zh,
    visitDate: todayInShanghai(new Date(r.check_in_at ?? r.scheduled_start)),
    text: r.text,
    status: r.status,
    dueAt: iso(r.due_at),
    overdue: r.status === 'open' && new Date(r.due_at) < ctx.now,
    answer: r.answer,
    answeredAt: r.answered_at == null ? null : iso(r.answered_at),
    createdAt: iso(r.created_at),
  };
}

async function reachedComplaint(ctx: UseCaseContext, id: number): Promise<ComplaintRow> {
  const row = await complaintQuery(ctx).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** POST /homecare/visits/:id/complaints: by the elder or family, of a visit that took place. */
export async function fileComplaint(ctx: UseCaseContext, id: number, body: ComplaintBody): Promise<ComplaintView> {
  const complaintId = await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const v = await ownElderVisit(t, id);
    if (v.status === 'scheduled' || v.status === 'cancelled')
      throw new AppError('homecare_visit_state', { status: v.status, action: 'complained about' });
    const policy = await policyInEffect(tx, v.community_code, ctx.today);
    const row = await tx
      .insertInto('homecare_complaints')
      .values({
        visit_id: id,
        organisation_id: v.organisation_id,
        elder_id: v.elder_id,
        district_code: v.district_code,
        community_code: v.community_code,
        text: body.text,
        due_at: new Date(ctx.now.getTime() + policy.complaint_response_hours * 3_600_000),
        complained_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(t, {
      action: 'create',
      entityType: 'homecare_complaint',
      entityId: row.id,
      districtCode: v.district_code,
      detail: { visitId: id },
    });
    return row.id;
  });
  return complaintView(ctx, await reachedComplaint(ctx, complaintId));
}

/** GET /homecare/complaints: the provider's task list, the district's oversight, the family's own. */
export async function listComplaints(ctx: UseCaseContext, q: ComplaintQuery): Promise<ComplaintList> {
  let query = complaintQuery(ctx);
  if (q.status) query = query.where('c.status', '=', q.status);
  if (q.providerId) query = query.where('c.organisation_id', '=', q.providerId);
  if (q.overdue) query = query.where('c.status', '=', 'open').where('c.due_at', '<', ctx.now);
  const rows = await query
    .orderBy(sql`c.status = 'open'`, 'desc')
    .orderBy('c.due_at')
    .orderBy('c.id')
    .limit(q.limit ?? 100)
    .execute();
  await recordAudit(ctx, { action: 'list', entityType: 'homecare_complaint', detail: { count: rows.length, ...q } });
  return rows.map((r) => complaintView(ctx, r));
}

/** POST /homecare/complaints/:id/answer: the provider's staff answer, which closes their task. */
export async function answerComplaint(ctx: UseCaseContext, id: number, body: AnswerBody): Promise<ComplaintView> {
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const c = await reachedComplaint(t, id);
    if (!providerOrgs(ctx).includes(c.organisation_id)) throw new AppError('forbidden');
    const res = await tx
      .updateTable('homecare_complaints')
      .set({ status: 'answered', answer: body.answer, answered_at: ctx.now, answered_by: ctx.actor.userId })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('homecare_complaint_answered');
    await recordAudit(t, {
      action: 'update',
      entityType: 'homecare_complaint',
      entityId: id,
      districtCode: c.district_code,
      detail: { answered: true },
    });
  });
  return complaintView(ctx, await reachedComplaint(ctx, id));
}
