// /subsidies: the monthly run wizard's API (preview → approve → post → report) and enrolments.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isIsoDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { contextOf } from '../../server/context.js';
import { endEnrolment, enrol, listEnrolments } from './enrolments.js';
import { runItems } from './items.js';
import { approveDistrict, getRun, listRuns, postRun, recomputeRun, startRun } from './runs.js';
import {
  EndEnrolmentBody,
  EnrolBody,
  EnrolmentList,
  EnrolmentQuery,
  EnrolmentView,
  ItemsQuery,
  PostResult,
  RunDistrictParams,
  RunItemPage,
  RunList,
  RunListQuery,
  RunParams,
  RunView,
  StartRunBody,
} from './schemas.js';

export const subsidyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['subsidies'];

  app.post(
    '/subsidies/runs',
    {
      schema: {
        tags,
        summary: 'Preview a month: compute every district (or resume); dryRun writes nothing',
        body: StartRunBody,
        response: { 200: RunView, 201: RunView },
      },
    },
    async (req, reply) => {
      const view = await startRun(contextOf(req), req.body);
      return reply.status(req.body.dryRun ? 200 : 201).send(view);
    },
  );

  app.get(
    '/subsidies/runs',
    {
      schema: {
        tags,
        summary: 'Runs covering your jurisdictions',
        querystring: RunListQuery,
        response: { 200: RunList },
      },
    },
    async (req) => listRuns(contextOf(req), req.query.month),
  );

  app.get(
    '/subsidies/runs/:id',
    {
      schema: {
        tags,
        summary: 'A run by district: counts, totals, change against last month, approval, posting',
        params: RunParams,
        response: { 200: RunView },
      },
    },
    async (req) => getRun(contextOf(req), req.params.id),
  );

  app.post(
    '/subsidies/runs/:id/recompute',
    {
      schema: {
        tags,
        summary: 'Compute an unposted run again (approvals are dropped)',
        params: RunParams,
        response: { 200: RunView },
      },
    },
    async (req) => recomputeRun(contextOf(req), req.params.id),
  );

  app.post(
    '/subsidies/runs/:id/districts/:code/approve',
    {
      schema: {
        tags,
        summary:
          "An officer of the district or the city approves the district's preview (not whoever started or computed the run; the budgets must cover it)",
        params: RunDistrictParams,
        response: { 200: RunView },
      },
    },
    async (req) => approveDistrict(contextOf(req), req.params.id, req.params.code),
  );

  app.post(
    '/subsidies/runs/:id/post',
    {
      schema: {
        tags,
        summary: 'Post every approved district you keep the books of to the ledger',
        params: RunParams,
        response: { 200: PostResult },
      },
    },
    async (req) => postRun(contextOf(req), req.params.id),
  );

  app.get(
    '/subsidies/runs/:id/items',
    {
      schema: {
        tags,
        summary: "One district's lines: person, programme, amount, rule version",
        params: RunParams,
        querystring: ItemsQuery,
        response: { 200: RunItemPage },
      },
    },
    async (req) => runItems(contextOf(req), req.params.id, req.query),
  );

  app.post(
    '/subsidies/enrolments',
    {
      schema: {
        tags,
        summary: 'Enrol an elder in an application-based monthly programme',
        body: EnrolBody,
        response: { 201: EnrolmentView },
      },
    },
    async (req, reply) => {
      if (!isIsoDate(req.body.effectiveFrom))
        throw new AppError('invalid_date', { field: 'effectiveFrom' }, 'effectiveFrom');
      return reply.status(201).send(await enrol(contextOf(req), req.body));
    },
  );

  app.get(
    '/subsidies/enrolments',
    {
      schema: {
        tags,
        summary: 'Enrolments in your jurisdictions (latest 500)',
        querystring: EnrolmentQuery,
        response: { 200: EnrolmentList },
      },
    },
    async (req) =>
      listEnrolments(contextOf(req), {
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
        summary: 'End an enrolment: no payment after the day',
        params: RunParams,
        body: EndEnrolmentBody,
        response: { 200: EnrolmentView },
      },
    },
    async (req) => endEnrolment(contextOf(req), req.params.id, req.body.effectiveTo),
  );
};
