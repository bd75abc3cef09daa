// 数据驾驶舱与养老地图 — KPIs against targets, coverage, the map.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
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
  ReferenceList,
} from './schemas.js';
import { kpiTrend } from './snapshots.js';

export const cockpitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['cockpit'];
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
};
