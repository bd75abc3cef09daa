// /subsidies: the monthly run wizard's API (preview → approve → post → report) and enrolments.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isIsoDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { actorOf } from '../../server/context.js';
import { endEnrolment, enrol, listEnrolments } from './enrolments.js';
import { runItems } from './items.js';
import { approveDistrict, listRuns, postRun, recomputeRun, startRun, viewOf } from './runs.js';
import { EnrolBody, EnrolmentQuery, ItemsQuery, Month, RunDistrictParams, RunParams, StartRunBody } from './schemas.js';

export const subsidyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;
  const tags = ['subsidies'];

  app.post(
    '/subsidies/runs',
    {
      schema: {
        tags,
        summary: 'Preview a month: compute every district (or resume); dryRun writes nothing',
        body: StartRunBody,
      },
    },
    async (req, reply) => {
      const { month, jurisdictionCode, dryRun } = req.body;
      const view = await startRun(db, actorOf(req), month, jurisdictionCode, { dryRun });
      return reply.status(dryRun ? 200 : 201).send(view);
    },
  );

  app.get(
    '/subsidies/runs',
    {
      schema: {
        tags,
        summary: 'Runs covering your jurisdictions',
        querystring: Type.Object({ month: Type.Optional(Month) }),
      },
    },
    async (req) => listRuns(db, actorOf(req), req.query.month),
  );

  app.get(
    '/subsidies/runs/:id',
    {
      schema: {
        tags,
        summary: 'A run by district: counts, totals, change against last month, approval, posting',
        params: RunParams,
      },
    },
    async (req) => viewOf(db, req.params.id, actorOf(req)),
  );

  app.post(
    '/subsidies/runs/:id/recompute',
    { schema: { tags, summary: 'Compute an unposted run again (approvals are dropped)', params: RunParams } },
    async (req) => recomputeRun(db, actorOf(req), req.params.id),
  );

  app.post(
    '/subsidies/runs/:id/districts/:code/approve',
    {
      schema: {
        tags,
        summary:
          "An officer of the district or the city approves the district's preview (not whoever started or computed the run; the budgets must cover it)",
        params: RunDistrictParams,
      },
    },
    async (req) => approveDistrict(db, actorOf(req), req.params.id, req.params.code),
  );

  app.post(
    '/subsidies/runs/:id/post',
    {
      schema: { tags, summary: 'Post every approved district you keep the books of to the ledger', params: RunParams },
    },
    async (req) => postRun(db, actorOf(req), req.params.id),
  );

  app.get(
    '/subsidies/runs/:id/items',
    {
      schema: {
        tags,
        summary: "One district's lines: person, programme, amount, rule version",
        params: RunParams,
        querystring: ItemsQuery,
      },
    },
    async (req) =>
      runItems(
        db,
        actorOf(req),
        req.params.id,
        req.query.district,
        req.query.programme,
        req.query.page,
        req.query.pageSize,
      ),
  );

  app.post(
    '/subsidies/enrolments',
    { schema: { tags, summary: 'Enrol an elder in an application-based monthly programme', body: EnrolBody } },
    async (req, reply) => {
      if (!isIsoDate(req.body.effectiveFrom))
        throw new AppError('invalid_date', { field: 'effectiveFrom' }, 'effectiveFrom');
      return reply.status(201).send(await enrol(db, actorOf(req), req.body));
    },
  );

  app.get('/subsidies/enrolments', { schema: { tags, querystring: EnrolmentQuery } }, async (req) =>
    listEnrolments(db, actorOf(req), {
      programme: req.query.programme,
      elderId: req.query.elderId,
      districtCode: req.query.district,
    }),
  );

  app.post(
    '/subsidies/enrolments/:id/end',
    {
      schema: {
        tags,
        params: RunParams,
        body: Type.Object(
          { effectiveTo: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => endEnrolment(db, actorOf(req), req.params.id, req.body.effectiveTo),
  );
};
