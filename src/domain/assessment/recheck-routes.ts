// Routes of 抽查复评: draws, the re-checker's blind work list and re-score, the report, reviews.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import { recordAudit } from '../identity/audit.js';
import { ASSESSMENT_MANAGERS, requireInReach } from './access.js';
import { closeReview, listReviews, recheckReport } from './recheck-report.js';
import { drawRechecksFor, getDraw, myRechecks, rescore, verifyDraw } from './rechecks.js';
import { Diagnoses, IdParams, ItemScores, RiskEvents } from './schemas.js';
import {
  DrawVerified,
  DrawView,
  MyRecheck,
  RecheckReport,
  RescoreOutcome,
  ReviewClosed,
  ReviewView,
} from './view-schemas.js';

const tags = ['assessment'];
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

export const recheckRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;

  app.post(
    '/recheck-draws',
    {
      schema: {
        tags,
        summary: 'Draw a month of signed assessments of a district for blind re-checks (seeded, recorded)',
        body: Type.Object(
          {
            districtCode: Type.String({ pattern: '^\\d{6}$' }),
            month: Type.Optional(Month),
            share: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'default 0.05' })),
            seed: Type.Optional(
              Type.Integer({ minimum: 0, maximum: 4294967295, description: 'default: a fresh random seed, recorded' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: DrawView },
      },
    },
    async (req, reply) => reply.status(201).send(await drawRechecksFor(contextOf(req), req.body)),
  );
  app.get('/recheck-draws/:id', { schema: { tags, params: IdParams, response: { 200: DrawView } } }, async (req) => {
    const draw = await getDraw(db, req.params.id);
    requireInReach(contextOf(req).actor, ASSESSMENT_MANAGERS, draw.districtCode);
    await recordAudit(contextOf(req), {
      action: 'read',
      entityType: 'recheck_draw',
      entityId: draw.id,
      districtCode: draw.districtCode,
    });
    return draw;
  });
  app.get(
    '/recheck-draws/:id/verify',
    {
      schema: {
        tags,
        summary: 'Re-run a draw from its recorded seed',
        params: IdParams,
        response: { 200: DrawVerified },
      },
    },
    async (req) => verifyDraw(contextOf(req), req.params.id),
  );

  app.get(
    '/recheck-items/mine',
    {
      schema: {
        tags,
        summary: 'My re-checks to do (blind: the first result is not shown)',
        response: { 200: Type.Array(MyRecheck) },
      },
    },
    async (req) => myRechecks(contextOf(req)),
  );
  app.post(
    '/recheck-items/:id/rescore',
    {
      schema: {
        tags,
        summary: 'Submit a blind re-score',
        params: IdParams,
        body: Type.Object(
          {
            items: ItemScores,
            coma: Type.Optional(Type.Boolean()),
            diagnoses: Type.Optional(Diagnoses),
            riskEvents30d: Type.Optional(RiskEvents),
          },
          { additionalProperties: false },
        ),
        response: { 200: RescoreOutcome },
      },
    },
    async (req) => rescore(contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/recheck-report',
    {
      schema: {
        tags,
        summary: 'Agreement, kappa, mean absolute difference and outliers per district and assessor',
        querystring: Type.Object({ month: Month, districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) }),
        response: { 200: RecheckReport },
      },
    },
    async (req) => recheckReport(contextOf(req), req.query),
  );
  app.get(
    '/assessment-reviews',
    {
      schema: {
        tags,
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])) }),
        response: { 200: Type.Array(ReviewView) },
      },
    },
    async (req) => listReviews(contextOf(req), req.query.status),
  );
  app.post(
    '/assessment-reviews/:id/close',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ outcome: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 200: ReviewClosed },
      },
    },
    async (req) => closeReview(contextOf(req), req.params.id, req.body.outcome),
  );
};
