// Browsing the division tree: public reference data, any signed-in caller may read it.
import { AppError } from '../../lib/errors.js';
import type { UseCaseContext } from '../identity/context.js';
import type { JurisdictionQuery, JurisdictionView } from './schemas.js';

const view = (r: {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  district_code: string | null;
  lat: number | null;
  lng: number | null;
}): JurisdictionView => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code,
  districtCode: r.district_code,
  lat: r.lat,
  lng: r.lng,
});

/** Children of `parent` (or the top level when nothing filters), by level or a part of the name. */
export async function listJurisdictions(ctx: UseCaseContext, query: JurisdictionQuery): Promise<JurisdictionView[]> {
  const { parent, level, q, limit } = query;
  const rows = await ctx.db
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
}

export async function getJurisdiction(ctx: UseCaseContext, code: string): Promise<JurisdictionView> {
  const row = await ctx.db.selectFrom('jurisdictions').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return view(row);
}
