// Any table of the cockpit and the map as an .xlsx (导出): the KPIs against their targets, the
// ranking of the areas below, coverage per district with the uncovered hotspots, and beds per
// 10,000 elders per district. Headers in Chinese unless English is asked for; every export is logged.
import { cellToLatLng } from 'h3-js';
import type { Lang } from '../../lib/errors.js';
import { type Column, type Sheet, sheetOf, workbookBuffer } from '../../lib/workbook.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { coverage } from './coverage.js';
import { kpiBreakdown, listKpis, resolveJurisdiction } from './kpis.js';
import type { CockpitExportQuery, CockpitTable, KpiRow, KpiStatus } from './schemas.js';

/** Hotspot cells one coverage export lists, most uncovered first (the coverage endpoint's maximum). */
export const HOTSPOT_EXPORT_MAX_ROWS = 2000;

export const STATUS_WORDS: Record<KpiStatus, { zh: string; en: string }> = {
  met: { zh: '已达标', en: 'Met' },
  on_track: { zh: '按计划推进', en: 'On track' },
  behind: { zh: '滞后预警', en: 'Behind' },
  no_data: { zh: '暂无数据', en: 'No data' },
};
const word = (w: { zh: string; en: string }, lang: Lang) => (lang === 'en' ? w.en : w.zh);

/** "60–65 % (2025)": a KPI's target as the tables show it. */
export const targetText = (k: Pick<KpiRow, 'target' | 'targetHigh' | 'targetYear' | 'unit'>) =>
  k.target == null ? '' : `${k.target}${k.targetHigh != null ? `–${k.targetHigh}` : ''}`;

export function kpiColumns(lang: Lang): Column<KpiRow>[] {
  return [
    { header: { zh: '指标代码', en: 'Code' }, width: 28, value: (k) => k.code },
    { header: { zh: '指标', en: 'Indicator' }, width: 30, value: (k) => k.name },
    { header: { zh: '当前值', en: 'Value' }, value: (k) => k.value },
    { header: { zh: '目标', en: 'Target' }, value: (k) => targetText(k) },
    { header: { zh: '单位', en: 'Unit' }, width: 10, value: (k) => k.unit },
    { header: { zh: '目标年份', en: 'Target year' }, width: 10, value: (k) => k.targetYear },
    { header: { zh: '状态', en: 'Status' }, width: 12, value: (k) => word(STATUS_WORDS[k.status], lang) },
    { header: { zh: '目标依据', en: 'Target source' }, width: 40, value: (k) => k.targetSource ?? k.source },
  ];
}

const FILE_NAMES: Record<CockpitTable, { zh: string; en: string }> = {
  kpis: { zh: '指标', en: 'kpis' },
  ranking: { zh: '辖区排名', en: 'ranking' },
  coverage: { zh: '覆盖率', en: 'coverage' },
  beds: { zh: '每万老人床位', en: 'beds' },
};

export interface CockpitExport {
  file: Buffer;
  rows: number;
  jurisdiction: string;
  /** ASCII and display names of the download. */
  asciiName: string;
  name: string;
}

export async function exportCockpitTable(ctx: UseCaseContext, q: CockpitExportQuery): Promise<CockpitExport> {
  const lang = q.lang ?? ctx.lang;
  const c = { ...ctx, lang };
  const code = resolveJurisdiction(ctx, q.jurisdiction);
  let sheets: Sheet<unknown>[];
  if (q.table === 'kpis') {
    const rows = await listKpis(c, { jurisdiction: code, year: q.year });
    sheets = [sheetOf({ zh: '指标', en: 'KPIs' }, kpiColumns(lang), rows) as Sheet<unknown>];
  } else if (q.table === 'ranking') {
    const b = await kpiBreakdown(c, { jurisdiction: code, year: q.year, rankBy: q.rankBy });
    type Area = (typeof b.areas)[number];
    const ranked = (a: Area) => a.kpis.find((k) => k.code === b.rankBy);
    sheets = [
      sheetOf<Area>(
        { zh: '辖区排名', en: 'Ranking' },
        [
          { header: { zh: '排名', en: 'Rank' }, width: 8, value: (a) => a.rank },
          { header: { zh: '辖区代码', en: 'Code' }, value: (a) => a.code },
          { header: { zh: '辖区', en: 'Area' }, width: 20, value: (a) => a.name },
          { header: { zh: '排名指标', en: 'Ranked by' }, width: 30, value: (a) => ranked(a)?.name },
          { header: { zh: '指标值', en: 'Value' }, value: (a) => ranked(a)?.value },
          { header: { zh: '目标', en: 'Target' }, value: (a) => (ranked(a) ? targetText(ranked(a)!) : '') },
          { header: { zh: '单位', en: 'Unit' }, width: 10, value: (a) => ranked(a)?.unit },
          {
            header: { zh: '状态', en: 'Status' },
            width: 12,
            value: (a) => {
              const k = ranked(a);
              return k ? word(STATUS_WORDS[k.status], lang) : '';
            },
          },
          {
            header: { zh: '滞后预警数', en: 'Warnings' },
            width: 12,
            value: (a) => a.kpis.filter((k) => k.status === 'behind').length,
          },
        ],
        b.areas,
      ) as Sheet<unknown>,
    ];
  } else {
    const v = await coverage(c, {
      jurisdiction: code,
      radiusM: q.radiusM,
      kinds: q.kinds,
      limit: HOTSPOT_EXPORT_MAX_ROWS,
    });
    type District = (typeof v.districts)[number];
    const name: Column<District>[] = [
      { header: { zh: '区县代码', en: 'Code' }, value: (d) => d.code },
      { header: { zh: '区县', en: 'District' }, width: 16, value: (d) => d.name },
      { header: { zh: '老人', en: 'Elders' }, value: (d) => d.elders },
    ];
    const yes = { zh: '是', en: 'yes' };
    const no = { zh: '否', en: 'no' };
    sheets =
      q.table === 'beds'
        ? [
            sheetOf<District>(
              { zh: '每万老人床位', en: 'Beds per 10,000 elders' },
              [
                ...name,
                {
                  header: { zh: '每万老人机构床位', en: 'Beds per 10,000 elders' },
                  width: 18,
                  value: (d) => d.bedsPer10k,
                },
              ],
              v.districts,
            ) as Sheet<unknown>,
          ]
        : [
            sheetOf<District>(
              { zh: '区县覆盖率', en: 'Coverage by district' },
              [
                ...name,
                {
                  header: { zh: '主城区', en: 'Main urban' },
                  width: 10,
                  value: (d) => (d.urban == null ? '' : word(d.urban ? yes : no, lang)),
                },
                {
                  header: { zh: `${v.radiusM} 米内有设施`, en: `Facility within ${v.radiusM} m` },
                  width: 16,
                  value: (d) => d.covered,
                },
                { header: { zh: '覆盖率（%）', en: 'Share (%)' }, width: 12, value: (d) => d.share },
              ],
              v.districts,
            ) as Sheet<unknown>,
            sheetOf<(typeof v.hotspots)[number]>(
              { zh: '未覆盖热点', en: 'Uncovered hotspots' },
              [
                { header: { zh: 'H3 格（9 级）', en: 'H3 cell (res. 9)' }, width: 18, value: (h) => h.h3 },
                { header: { zh: '纬度', en: 'Latitude' }, value: (h) => Number(cellToLatLng(h.h3)[0].toFixed(6)) },
                { header: { zh: '经度', en: 'Longitude' }, value: (h) => Number(cellToLatLng(h.h3)[1].toFixed(6)) },
                { header: { zh: '未覆盖老人', en: 'Uncovered elders' }, width: 12, value: (h) => h.uncovered },
              ],
              v.hotspots,
            ) as Sheet<unknown>,
          ];
  }
  const file = await workbookBuffer(sheets, lang);
  const rows = sheets.reduce((n, s) => n + [...s.rows].length, 0);
  await recordAudit(ctx, {
    action: 'export',
    entityType: 'cockpit_table',
    districtCode: code.length >= 6 ? code.slice(0, 6) : null,
    detail: { table: q.table, jurisdiction: code, year: q.year ?? null, rows },
  });
  const stem = FILE_NAMES[q.table];
  return {
    file,
    rows,
    jurisdiction: code,
    asciiName: `cockpit-${stem.en}-${code}.xlsx`,
    name: `${lang === 'en' ? `cockpit-${stem.en}` : `驾驶舱-${stem.zh}`}-${code}.xlsx`,
  };
}
