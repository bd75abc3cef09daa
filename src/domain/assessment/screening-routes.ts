// Routes of cognitive screening and the referral tasks it opens.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import { IdParams, IsoDate, Nullable } from './schemas.js';
import { activeCutoffs, closeReferral, listReferrals, listScreens, recordScreen } from './screening.js';
import { AD8_ITEMS, INSTRUMENTS, SCREEN_CUTOFFS_V1 } from './screens.js';
import { InstrumentsView, ReferralClosed, ReferralView, ScreenView } from './view-schemas.js';

const tags = ['assessment'];
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const screeningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;

  app.get(
    '/cognitive-screens/instruments',
    {
      schema: {
        tags,
        summary: 'Screening instruments, AD8 questions and the active cut-offs',
        response: { 200: InstrumentsView },
      },
    },
    async (): Promise<InstrumentsView> => ({
      instruments: [...INSTRUMENTS],
      ad8Items: [...AD8_ITEMS],
      cutoffs: await activeCutoffs(db).catch(() => SCREEN_CUTOFFS_V1),
    }),
  );

  app.post(
    '/cognitive-screens',
    {
      schema: {
        tags,
        summary: 'Record an AD8, Mini-Cog, MMSE or MoCA screen; a positive screen opens a referral task',
        description:
          'answers — AD8: {judgement, interest, repeats, tools, monthYear, finances, appointments, dailyMemory: "yes"|"no"|"unknown"}; ' +
          'Mini-Cog: {recall: 0–3, clock: 0|2}; MMSE: {score: 0–30, educationLevel: illiterate|primary|secondary_or_more}; MoCA: {score: 0–30, educationYears}',
        body: Type.Object(
          {
            elderId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
            instrument: lit(INSTRUMENTS),
            answers: Type.Record(
              Type.String({ maxLength: 30 }),
              Type.Union([Type.Number({ maximum: 1000 }), Type.String({ maxLength: 30 })]),
              { maxProperties: 20 },
            ),
            screenedOn: Type.Optional(IsoDate),
            assessmentId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: ScreenView },
      },
    },
    async (req, reply) => reply.status(201).send(await recordScreen(contextOf(req), req.body)),
  );

  app.get(
    '/elders/:id/cognitive-screens',
    { schema: { tags, params: IdParams, response: { 200: Type.Array(ScreenView) } } },
    async (req) => listScreens(contextOf(req), req.params.id),
  );

  app.get(
    '/cognitive-referrals',
    {
      schema: {
        tags,
        summary: 'Referral tasks opened by positive screens',
        querystring: Type.Object({ status: Type.Optional(lit(['open', 'done', 'cancelled'] as const)) }),
        response: { 200: Type.Array(ReferralView) },
      },
    },
    async (req) => listReferrals(contextOf(req), req.query.status),
  );

  app.post(
    '/cognitive-referrals/:id/close',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          { status: lit(['done', 'cancelled'] as const), outcome: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: ReferralClosed },
      },
    },
    async (req) => closeReferral(contextOf(req), req.params.id, req.body.status, req.body.outcome),
  );
};
