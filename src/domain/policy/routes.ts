// /policies: browse the packs, rules, versions and sources; evaluate a rule for a case.
// Policy is public information: any signed-in user may read and evaluate it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isIsoDate } from '../../lib/dates.js';
import { AppError, type Lang } from '../../lib/errors.js';
import { langOf } from '../../server/context.js';
import { getPack, getVersion, listPacks, listRules, listSources, ruleHistory } from './browse.js';
import { evaluatePolicy } from './evaluate.js';
import type { Line } from './rules/types.js';
import { EvaluateBody, EvaluationSchema, KnownAtQuery } from './schemas.js';
import { syncPolicyPacks } from './store.js';

const say = (lines: Line[], lang: Lang) => lines.map((l) => (lang === 'en' ? l.en : l.zh));
const knownAtOf = (q: { knownAt?: string }) => (q.knownAt ? new Date(q.knownAt) : null);

export const policyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;
  const tags = ['policies'];

  // The packs on disk become recorded knowledge when the server starts (unchanged ones: no-op).
  app.addHook('onReady', async () => {
    await syncPolicyPacks(db);
  });

  app.get(
    '/policies/packs',
    { schema: { tags, summary: 'Policy packs by jurisdiction', querystring: KnownAtQuery } },
    async (req) => listPacks(db, knownAtOf(req.query)),
  );

  app.get(
    '/policies/packs/:code',
    {
      schema: {
        tags,
        summary: "One pack's rule versions with parameters and sources",
        params: Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }),
        querystring: KnownAtQuery,
      },
    },
    async (req) => getPack(db, req.params.code, knownAtOf(req.query)),
  );

  app.get(
    '/policies/rules',
    { schema: { tags, summary: 'Rules the engine knows, with their facts and parameters' } },
    async () => listRules(),
  );

  app.get(
    '/policies/rules/:rule',
    {
      schema: {
        tags,
        summary: 'Versions of a rule across packs, what changed between them, and when each was recorded',
        params: Type.Object({ rule: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object({
          jurisdictionCode: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$' })),
          knownAt: Type.Optional(Type.String({ format: 'date-time' })),
        }),
      },
    },
    async (req) => ruleHistory(db, req.params.rule, req.query.jurisdictionCode, knownAtOf(req.query)),
  );

  app.get(
    '/policies/versions/:id',
    {
      schema: {
        tags,
        summary: 'One recorded rule version, exactly as it was recorded',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
      },
    },
    async (req) => getVersion(db, req.params.id),
  );

  app.get(
    '/policies/sources',
    { schema: { tags, summary: 'Seed documents and every rule and parameter citing them', querystring: KnownAtQuery } },
    async (req) => listSources(db, knownAtOf(req.query)),
  );

  app.post(
    '/policies/evaluate',
    {
      schema: {
        tags,
        summary: 'What applies to this case, here, on this date — with its source',
        body: EvaluateBody,
        response: { 200: EvaluationSchema },
      },
    },
    async (req) => {
      const { onDate, knownAt, ...rest } = req.body;
      if (!isIsoDate(onDate)) throw new AppError('invalid_date', { field: 'onDate' }, 'onDate');
      const result = await evaluatePolicy(db, { ...rest, onDate, knownAt: knownAt ? new Date(knownAt) : null });
      return { ...result, explanation: say(result.explanation, langOf(req)) };
    },
  );
};
