// The division tree is public reference data: any signed-in user may browse it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.js';

const JurisdictionView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  districtCode: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lng: Type.Union([Type.Number(), Type.Null()]),
});

const view = (r: {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  district_code: string | null;
  lat: number | null;
  lng: number | null;
}) => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code,
  districtCode: r.district_code,
  lat: r.lat,
  lng: r.lng,
});

export const jurisdictionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;
  app.get(
    '/jurisdictions',
    {
      schema: {
        tags: ['jurisdictions'],
        summary: 'Children of a jurisdiction (or the top level), optionally filtered by name',
        querystring: Type.Object({
          parent: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
          level: Type.Optional(
            Type.Union([
              Type.Literal('province'),
              Type.Literal('city'),
              Type.Literal('district'),
              Type.Literal('street'),
              Type.Literal('community'),
            ]),
          ),
          q: Type.Optional(Type.String({ maxLength: 40 })),
          limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
        }),
        response: { 200: Type.Array(JurisdictionView) },
      },
    },
    async (req) => {
      const { parent, level, q, limit } = req.query;
      const rows = await db
        .selectFrom('jurisdictions')
        .selectAll()
        .$if(!!parent, (qb) => qb.where('parent_code', '=', parent!))
        .$if(!parent && !level && !q, (qb) => qb.where('parent_code', 'is', null))
        .$if(!!level, (qb) => qb.where('level', '=', level!))
        .$if(!!q, (qb) => qb.where('name', 'like', `%${q!.replace(/[%_\\]/g, '\\$&')}%`))
        .orderBy('code')
        .limit(limit)
        .execute();
      return rows.map(view);
    },
  );
  app.get(
    '/jurisdictions/:code',
    {
      schema: {
        tags: ['jurisdictions'],
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{6,12}$' }) }),
        response: { 200: JurisdictionView },
      },
    },
    async (req) => {
      const row = await db
        .selectFrom('jurisdictions')
        .selectAll()
        .where('code', '=', req.params.code)
        .executeTakeFirst();
      if (!row) throw new AppError('not_found');
      return view(row);
    },
  );
};
