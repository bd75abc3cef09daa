// /elders/:id/overview and /elders/:id/reads: the joined-up elder record and who read it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { contextOf } from '../../server/context.js';
import { elderOverview, recordReads } from './overview.js';
import { ElderOverview, OverviewParams, RecordReads } from './schemas.js';

export const elderRecordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['elders'];
  app.get(
    '/elders/:id/overview',
    {
      schema: {
        tags,
        summary: 'Everything the platform knows of an elder, each section bounded (audited read)',
        params: OverviewParams,
        response: { 200: ElderOverview },
      },
    },
    async (req) => elderOverview(contextOf(req), req.params.id),
  );
  app.get(
    '/elders/:id/reads',
    {
      schema: {
        tags,
        summary: 'Who read this elder record: the last 50 reads (city, officers of the place, the family)',
        params: OverviewParams,
        response: { 200: RecordReads },
      },
    },
    async (req) => recordReads(contextOf(req), req.params.id),
  );
};
