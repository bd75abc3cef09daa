// Star-rating evaluations (GB/T 37276): recorded by officers, append-only, star computed here
// from the scale in force on the evaluation date; the record keeps the scale version it used.
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isIsoDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { organisationFor } from './access.js';
import type { StarRatingRecorded, StarRatingView } from './schemas.js';
import { type SectionScores, scaleOn, scoresOverMaximum, starFor, validUntil } from './star-rating.js';
import type { InstitutionStarRatingsTable } from './tables.js';

export type { StarRatingView } from './schemas.js';

type Db = Kysely<DB> | Transaction<DB>;

function view(r: Selectable<InstitutionStarRatingsTable>, today: string): StarRatingView {
  return {
    id: r.id,
    evaluatedOn: r.evaluated_on,
    validUntil: r.valid_until,
    scores: {
      environment: Number(r.score_environment),
      facilities: Number(r.score_facilities),
      operations: Number(r.score_operations),
      service: Number(r.score_service),
    },
    total: Number(r.total),
    star: r.star,
    scaleVersion: r.scale_version,
    evaluator: r.evaluator,
    note: r.note,
    current: r.valid_until >= today,
  };
}

export interface StarRatingInput {
  evaluatedOn: string;
  scores: SectionScores;
  evaluator?: string | null;
  note?: string | null;
}

export async function recordStarRating(
  ctx: UseCaseContext,
  organisationId: number,
  input: StarRatingInput,
): Promise<StarRatingRecorded> {
  const { db, actor, today } = ctx;
  if (!isIsoDate(input.evaluatedOn)) throw new AppError('invalid_date', { field: 'evaluatedOn' }, 'evaluatedOn');
  if (input.evaluatedOn > today) throw new AppError('out_of_range', { field: 'evaluatedOn' }, 'evaluatedOn');
  const scale = scaleOn(input.evaluatedOn);
  const over = scoresOverMaximum(input.scores, scale);
  if (over.length) {
    const field = `scores.${over[0]}`;
    throw new AppError(
      'out_of_range',
      { field },
      field,
      over.map((s) => ({ field: `scores.${s}`, code: 'out_of_range' as const })),
    );
  }
  const result = starFor(input.scores, scale);
  const row = await db.transaction().execute(async (tx) => {
    const org = await organisationFor(tx, actor, organisationId, 'govern', { kind: 'institution' });
    const inserted = await tx
      .insertInto('institution_star_ratings')
      .values({
        organisation_id: org.id,
        district_code: org.district_code,
        evaluated_on: input.evaluatedOn,
        valid_until: validUntil(input.evaluatedOn, scale),
        score_environment: input.scores.environment,
        score_facilities: input.scores.facilities,
        score_operations: input.scores.operations,
        score_service: input.scores.service,
        total: result.total,
        star: result.star,
        scale_version: scale.version,
        evaluator: input.evaluator ?? null,
        note: input.note ?? null,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(inTransaction(ctx, tx), {
      action: 'create',
      entityType: 'institution_star_rating',
      entityId: inserted.id,
      districtCode: org.district_code,
      detail: { organisationId, star: result.star, total: result.total, scale: scale.version },
    });
    return inserted;
  });
  return { ...view(row, today), shortfall: result.shortfall };
}

export async function listStarRatings(ctx: UseCaseContext, organisationId: number): Promise<StarRatingView[]> {
  const { db, actor, today } = ctx;
  await organisationFor(db, actor, organisationId, 'read');
  const rows = await db
    .selectFrom('institution_star_ratings')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('evaluated_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => view(r, today));
}

/** The latest evaluation of each institution (still valid, unless includeExpired). */
export async function currentStars(
  db: Db,
  organisationIds: number[],
  today: string,
  options: { includeExpired?: boolean } = {},
): Promise<Map<number, StarRatingView>> {
  if (!organisationIds.length) return new Map();
  const rows = await sql<Selectable<InstitutionStarRatingsTable>>`
    SELECT DISTINCT ON (organisation_id) * FROM institution_star_ratings
    WHERE organisation_id = ANY(${organisationIds}::bigint[]) AND evaluated_on <= ${today}
    ORDER BY organisation_id, evaluated_on DESC, id DESC`.execute(db);
  const out = new Map<number, StarRatingView>();
  for (const r of rows.rows)
    if (options.includeExpired || r.valid_until >= today) out.set(Number(r.organisation_id), view(r, today));
  return out;
}
