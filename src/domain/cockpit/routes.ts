// 数据驾驶舱与养老地图 — KPIs against targets, coverage, the map.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../lib/errors.js';
import { fileAnswer } from '../../lib/file-answer.js';
import { attachment, XLSX_MEDIA_TYPE } from '../../lib/workbook.js';
import { contextOf } from '../../server/context.js';
import { coverage, mapFacilities } from './coverage.js';
import { exportCockpitTable } from './export.js';
import { kpiBreakdown, listKpis, referenceSnapshot } from './kpis.js';
import {
  CockpitExportQuery,
  CoverageQuery,
  CoverageView,
  FacilitiesQuery,
  FacilityList,
  KpiBreakdown,
  KpiBreakdownQuery,
  KpiList,
  KpiQuery,
  KpiTrend,
  KpiTrendQuery,
  MapConfig,
  ReferenceList,
  TileParams,
} from './schemas.js';
import { kpiTrend } from './snapshots.js';

/**
 * The tile server of the map's base layer (MAP_TILE_URL, e.g. an intranet server's
 * `https://tiles.example/{z}/{x}/{y}.png`), or null: the map draws only local data, offline.
 */
export function mapTileSource(env: NodeJS.ProcessEnv): { url: string; attribution: string | null } | null {
  const url = env.MAP_TILE_URL?.trim();
  if (!url) return null;
  if (!/^https?:\/\//.test(url) || !['{z}', '{x}', '{y}'].every((p) => url.includes(p)))
    throw new Error(`MAP_TILE_URL must be an http(s) address with {z}, {x} and {y}, got "${url}"`);
  return { url, attribution: env.MAP_TILE_ATTRIBUTION?.trim().slice(0, 200) || null };
}

export const cockpitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['cockpit'];
  const tiles = mapTileSource(process.env);
  app.get(
    '/cockpit/kpis',
    {
      schema: {
        tags,
        summary: 'KPIs of a jurisdiction against the plan targets (001 表2, 000, 002, 003)',
        querystring: KpiQuery,
        response: { 200: KpiList },
      },
    },
    async (req) => listKpis(contextOf(req), req.query),
  );
  app.get(
    '/cockpit/kpis/breakdown',
    {
      schema: {
        tags,
        summary: 'Every KPI for each area one level down, ranked (district ranking, drill-down)',
        querystring: KpiBreakdownQuery,
        response: { 200: KpiBreakdown },
      },
    },
    async (req) => kpiBreakdown(contextOf(req), req.query),
  );
  app.get(
    '/cockpit/kpis/reference-2020',
    {
      schema: {
        tags,
        summary: '001 表1: the 十三五 plan figures and their 2020 completion, a reference snapshot',
        response: { 200: ReferenceList },
      },
    },
    async (req) => referenceSnapshot(contextOf(req)),
  );
  app.get(
    '/cockpit/coverage',
    {
      schema: {
        tags,
        summary: 'Elders with a facility within radiusM of home, per district, and uncovered H3 cells ranked',
        querystring: CoverageQuery,
        response: { 200: CoverageView },
      },
    },
    async (req) => coverage(contextOf(req), req.query),
  );
  app.get(
    '/cockpit/map/facilities',
    {
      schema: {
        tags,
        summary: 'Facilities of the 大社区 types with coordinates, and district centres (offline base layer)',
        querystring: FacilitiesQuery,
        response: { 200: FacilityList },
      },
    },
    async (req) => mapFacilities(contextOf(req), req.query),
  );
  app.get(
    '/cockpit/kpis/trend',
    {
      schema: {
        tags,
        summary: "One KPI's monthly snapshots for an area (trend)",
        querystring: KpiTrendQuery,
        response: { 200: KpiTrend },
      },
    },
    async (req) => kpiTrend(contextOf(req), req.query),
  );
  app.get(
    '/cockpit/export.xlsx',
    {
      schema: {
        tags,
        summary:
          'A cockpit table as an .xlsx: KPIs, the ranking of the areas below, coverage and hotspots, beds per 10,000 elders',
        querystring: CockpitExportQuery,
        response: {
          200: fileAnswer(XLSX_MEDIA_TYPE, 'the workbook; x-total-count says how many rows it holds'),
        },
      },
    },
    async (req, reply) => {
      const out = await exportCockpitTable(contextOf(req), req.query);
      return reply
        .header('content-type', XLSX_MEDIA_TYPE)
        .header('content-disposition', attachment(out.asciiName, out.name))
        .header('x-total-count', String(out.rows))
        .send(out.file);
    },
  );
  app.get(
    '/cockpit/map/config',
    {
      schema: {
        tags,
        summary: 'The base layer of the map: offline unless a tile server is configured (MAP_TILE_URL)',
        response: { 200: MapConfig },
      },
    },
    async (): Promise<MapConfig> => ({
      tileUrl: tiles ? '/api/v1/cockpit/map/tiles/{z}/{x}/{y}' : null,
      attribution: tiles?.attribution ?? null,
    }),
  );
  // Tiles pass through this server, so the browser needs no access to the tile server and the
  // page's content-security policy stays 'self'.
  app.get(
    '/cockpit/map/tiles/:z/:x/:y',
    {
      schema: {
        tags,
        summary: 'One tile of the configured tile server (404 when none is configured)',
        params: TileParams,
        response: { 200: fileAnswer('image/png', 'the tile as the tile server sent it') },
      },
    },
    async (req, reply) => {
      const { z, x, y } = req.params;
      if (!tiles || x >= 2 ** z || y >= 2 ** z) throw new AppError('not_found');
      const url = tiles.url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
      const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
      if (!answer?.ok) throw new AppError('cockpit_tile_unavailable');
      return reply
        .header('content-type', answer.headers.get('content-type') ?? 'image/png')
        .header('cache-control', 'private, max-age=86400')
        .send(Buffer.from(await answer.arrayBuffer()));
    },
  );
};
