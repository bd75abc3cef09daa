// /policies: browse the packs, rules, versions and sources; evaluate a rule for a case.
// Policy is public information: any signed-in user may read and evaluate it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import { evaluateCase, getPack, getVersion, listPacks, listRules, listSources, ruleHistory } from './browse.js';
import {
  EvaluateBody,
  EvaluationSchema,
  KnownAtQuery,
  PackDetail,
  PackList,
  RecordedVersion,
  RuleHistory,
  RuleList,
  SourceList,
} from './schemas.js';
import { syncPolicyPacks } from './store.js';

export const policyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;
  const tags = ['policies'];

  // The packs on disk become recorded knowledge when the server starts (unchanged ones: no-op).
  app.addHook('onReady', async () => {
    await syncPolicyPacks(db);
  });

  app.get(
    '/policies/packs',
    {
      schema: { tags, summary: 'Policy packs by jurisdiction', querystring: KnownAtQuery, response: { 200: PackList } },
    },
    async (req) => listPacks(contextOf(req), req.query),
  );

  app.get(
    '/policies/packs/:code',
    {
      schema: {
        tags,
        summary: "One pack's rule versions with parameters and sources",
        params: Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }),
        querystring: KnownAtQuery,
        response: { 200: PackDetail },
      },
    },
    async (req) => getPack(contextOf(req), req.params.code, req.query),
  );

  app.get(
    '/policies/rules',
    {
      schema: {
        tags,
        summary: 'Rules the engine knows, with their facts and parameters',
        response: { 200: RuleList },
      },
    },
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
        response: { 200: RuleHistory },
      },
    },
    async (req) => ruleHistory(contextOf(req), req.params.rule, req.query),
  );

  app.get(
    '/policies/versions/:id',
    {
      schema: {
        tags,
        summary: 'One recorded rule version, exactly as it was recorded',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
        response: { 200: RecordedVersion },
      },
    },
    async (req) => getVersion(contextOf(req), req.params.id),
  );

  app.get(
    '/policies/sources',
    {
      schema: {
        tags,
        summary: 'Seed documents and every rule and parameter citing them',
        querystring: KnownAtQuery,
        response: { 200: SourceList },
      },
    },
    async (req) => listSources(contextOf(req), req.query),
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
    async (req) => evaluateCase(contextOf(req), req.body),
  );
};
