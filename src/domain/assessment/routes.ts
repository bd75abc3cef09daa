// HTTP routes of the assessment domain. This plugin is the one registered in server/app.ts; it
// pulls in the workflow, screening and re-check routes so app.ts needs one line.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contextOf } from '../../server/context.js';
import { recheckRoutes } from './recheck-routes.js';
import { type LevelRules, RISK_KINDS, RISK_LABELS } from './rules.js';
import { addRulesVersion, listRules } from './rules-store.js';
import { DIMENSIONS, GBT_42195, ITEMS } from './scale.js';
import { ScoreBody, ScoreResult } from './schemas.js';
import { scoreWithRules } from './scoring.js';
import { screeningRoutes } from './screening-routes.js';
import { RulesVersionAdded, RulesVersionView, ScaleView } from './view-schemas.js';
import { workflowRoutes } from './workflow-routes.js';

const tags = ['assessment'];

const scaleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;

  app.get(
    '/assessments/scale',
    {
      schema: {
        tags,
        summary: 'The GB/T 42195-2022 items, options and wording (for forms)',
        response: { 200: ScaleView },
      },
    },
    async (): Promise<ScaleView> => ({
      standard: GBT_42195,
      dimensions: [...DIMENSIONS],
      items: ITEMS.map((i) => ({ ...i, options: [...i.options] })),
      riskKinds: RISK_KINDS.map((k) => ({ kind: k, ...RISK_LABELS[k] })),
    }),
  );

  app.post(
    '/assessments/score',
    {
      schema: {
        tags,
        summary: 'Score a form without storing it (form previews, other systems)',
        body: ScoreBody,
        response: { 200: ScoreResult },
      },
    },
    async (req) => {
      const { items, coma, diagnoses, riskEvents30d, rulesVersion } = req.body;
      return scoreWithRules(db, { items, coma, diagnoses, riskEvents30d }, rulesVersion);
    },
  );

  app.get(
    '/assessment-rules',
    {
      schema: {
        tags,
        summary: 'Level-rules versions (C.3 bands, C.4/C.5 raise rules)',
        response: { 200: Type.Array(RulesVersionView) },
      },
    },
    async () => listRules(db),
  );

  app.post(
    '/assessment-rules',
    {
      schema: {
        tags,
        summary: 'Add a level-rules version (city administrators); activating it re-derives every signed level',
        body: Type.Object({
          rules: Type.Unsafe<LevelRules>(
            Type.Object({ version: Type.String({ minLength: 1, maxLength: 100 }), standard: Type.Literal(GBT_42195) }),
          ),
          activate: Type.Boolean(),
          source: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 201: RulesVersionAdded },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await addRulesVersion(contextOf(req), req.body.rules, {
          activate: req.body.activate,
          source: req.body.source,
        }),
      ),
  );
};

export const assessmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(scaleRoutes);
  await app.register(workflowRoutes);
  await app.register(screeningRoutes);
  await app.register(recheckRoutes);
};
