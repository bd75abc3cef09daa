// The division tree is public reference data: any signed-in user may browse it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { contextOf } from '../../server/context.js';
import { getJurisdiction, listJurisdictions } from './browse.js';
import { CodeParams, JurisdictionList, JurisdictionQuery, JurisdictionView } from './schemas.js';

export const jurisdictionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['jurisdictions'];
  app.get(
    '/jurisdictions',
    {
      schema: {
        tags,
        summary: 'Children of a jurisdiction (or the top level), optionally filtered by name',
        querystring: JurisdictionQuery,
        response: { 200: JurisdictionList },
      },
    },
    async (req) => listJurisdictions(contextOf(req), req.query),
  );
  app.get(
    '/jurisdictions/:code',
    {
      schema: { tags, summary: 'One jurisdiction', params: CodeParams, response: { 200: JurisdictionView } },
    },
    async (req) => getJurisdiction(contextOf(req), req.params.code),
  );
};
