// 养老地图: facilities of the 大社区 types and the H3 cells of elders with no institution within
// the radius, drawn on longitude/latitude axes from the platform's own data (no online tiles). When
// the server has a tile server configured (MAP_TILE_URL), its tiles are laid under the points.
import { Alert, Card, Col, InputNumber, Row, Select, Space, Statistic, Table } from 'antd';
import { CustomChart, ScatterChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { cellToLatLng } from 'h3-js';
import { useMemo, useState } from 'react';
import type { CoverageView, FacilityKind, FacilityList, MapConfig } from '../../../../src/domain/cockpit/schemas.ts';
import { jurisdictionsOf, useUser } from '../../auth.tsx';
import { type ChartOption, EChart } from '../../components/EChart.tsx';
import { usePrefs } from '../../prefs.tsx';
import { ExportButton } from './ExportButton.tsx';
import { COCKPIT_PAGE_ROLES, useLoad } from './shared.ts';

echarts.use([ScatterChart, CustomChart]);

const KINDS: { kind: FacilityKind; zh: string; en: string; color: string }[] = [
  { kind: 'institution', zh: '养老机构', en: 'Institutions', color: '#1f6f5c' },
  { kind: 'street_care_centre', zh: '街道照护中心', en: 'Street care centres', color: '#1d39c4' },
  { kind: 'community_care_centre', zh: '社区照料中心', en: 'Community centres', color: '#08979c' },
  { kind: 'meal_point', zh: '助餐点', en: 'Meal points', color: '#d48806' },
  { kind: 'aid_rental_point', zh: '辅具租赁点', en: 'Aid rental points', color: '#c41d7f' },
  { kind: 'family_empowerment_centre', zh: '家庭赋能中心', en: 'Family centres', color: '#7cb305' },
  { kind: 'care_advisor_point', zh: '养老顾问点', en: 'Advisor points', color: '#531dab' },
  { kind: 'service_provider', zh: '服务商', en: 'Providers', color: '#8c8c8c' },
  { kind: 'hospital', zh: '医院', en: 'Hospitals', color: '#cf1322' },
];
const HEX = 'path://M0,-1L0.866,-0.5L0.866,0.5L0,1L-0.866,0.5L-0.866,-0.5Z';

// Web-Mercator tile arithmetic (slippy-map tile names).
const tileLng = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const tileLat = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;
const lngTile = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const latTile = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/** The view around the points (a little margin) and the tiles that cover it, about eight across. */
export function tileCover(points: [number, number][]) {
  if (!points.length) return null;
  const lngs = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const pad = 0.02;
  const view = {
    lng: [Math.min(...lngs) - pad, Math.max(...lngs) + pad] as const,
    lat: [Math.min(...lats) - pad, Math.max(...lats) + pad] as const,
  };
  const z = Math.max(3, Math.min(17, Math.floor(Math.log2((360 * 8) / (view.lng[1] - view.lng[0])))));
  const tiles: [number, number, number][] = [];
  for (let x = lngTile(view.lng[0], z); x <= lngTile(view.lng[1], z); x++)
    for (let y = latTile(view.lat[1], z); y <= latTile(view.lat[0], z); y++) tiles.push([x, y, z]);
  return { view, tiles };
}

export default function CareMapPage() {
  const { tx } = usePrefs();
  const user = useUser();
  const own = jurisdictionsOf(user, COCKPIT_PAGE_ROLES)[0] ?? '330100';
  const [kinds, setKinds] = useState<FacilityKind[]>(['institution', 'street_care_centre', 'meal_point']);
  const [radiusM, setRadiusM] = useState(1000);
  const facilities = useLoad<FacilityList>('/cockpit/map/facilities', { jurisdiction: own, kinds });
  const coverage = useLoad<CoverageView>('/cockpit/coverage', { jurisdiction: own, radiusM, limit: 300 });
  const mapConfig = useLoad<MapConfig>('/cockpit/map/config', {});
  const tileUrl = mapConfig.data?.tileUrl ?? null;

  const option = useMemo<ChartOption>(() => {
    const f = facilities.data?.facilities ?? [];
    const hot = coverage.data?.hotspots ?? [];
    const max = Math.max(1, ...hot.map((h) => h.uncovered));
    const cover = tileUrl
      ? tileCover([
          ...f.map((x) => [x.lng, x.lat] as [number, number]),
          ...(facilities.data?.districts ?? []).map((d) => [d.lng, d.lat] as [number, number]),
        ])
      : null;
    // Tiles under the points: each drawn between the projected corners of its own square.
    const tileSeries = cover
      ? [
          {
            type: 'custom',
            silent: true,
            z: 0,
            clip: true,
            tooltip: { show: false },
            data: cover.tiles.map(([x, y, z]) => [tileLng(x + 0.5, z), tileLat(y + 0.5, z), x, y, z]),
            encode: { x: 0, y: 1 },
            renderItem: (
              _: unknown,
              api: { value: (i: number) => number; coord: (p: [number, number]) => number[] },
            ) => {
              const [x, y, z] = [api.value(2), api.value(3), api.value(4)];
              const a = api.coord([tileLng(x, z), tileLat(y, z)]);
              const b = api.coord([tileLng(x + 1, z), tileLat(y + 1, z)]);
              return {
                type: 'image',
                style: {
                  image: tileUrl!.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)),
                  x: a[0],
                  y: a[1],
                  width: b[0]! - a[0]!,
                  height: b[1]! - a[1]!,
                },
              };
            },
          },
        ]
      : [];
    return {
      tooltip: { formatter: (p: { data: [number, number, string] }) => p.data[2] },
      legend: { top: 0 },
      grid: { left: 60, right: 30, top: 60, bottom: 40 },
      xAxis: { type: 'value', scale: true, name: 'lng', min: cover?.view.lng[0], max: cover?.view.lng[1] },
      yAxis: { type: 'value', scale: true, name: 'lat', min: cover?.view.lat[0], max: cover?.view.lat[1] },
      series: [
        ...tileSeries,
        {
          name: tx({ zh: '未覆盖老人（H3 格）', en: 'Uncovered elders (H3 cells)' }),
          type: 'scatter',
          symbol: HEX,
          symbolSize: 10,
          itemStyle: { color: '#fa541c' },
          data: hot.map((h) => {
            const [lat, lng] = cellToLatLng(h.h3);
            return {
              value: [lng, lat, `${h.h3}: ${h.uncovered}`],
              itemStyle: { opacity: 0.25 + 0.75 * (h.uncovered / max) },
            };
          }),
        },
        {
          name: tx({ zh: '区中心', en: 'District centres' }),
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 12,
          itemStyle: { color: '#262626' },
          data: (facilities.data?.districts ?? []).map((d) => [d.lng, d.lat, d.name]),
        },
        ...KINDS.filter((k) => kinds.includes(k.kind)).map((k) => ({
          name: tx(k),
          type: 'scatter',
          symbolSize: 6,
          large: true,
          itemStyle: { color: k.color },
          data: f.filter((x) => x.kind === k.kind).map((x) => [x.lng, x.lat, x.name]),
        })),
      ],
    };
  }, [facilities.data, coverage.data, kinds, tx, tileUrl]);

  const c = coverage.data;
  return (
    <Card
      title={tx({ zh: '养老地图', en: 'Elderly-care map' })}
      extra={
        <Space wrap>
          <Select
            mode="multiple"
            style={{ minWidth: 320 }}
            value={kinds}
            onChange={setKinds}
            options={KINDS.map((k) => ({ value: k.kind, label: tx(k) }))}
          />
          <InputNumber
            min={100}
            max={5000}
            step={100}
            value={radiusM}
            addonAfter="m"
            onChange={(v) => v && setRadiusM(v)}
          />
        </Space>
      }
    >
      {(facilities.error || coverage.error) && (
        <Alert type="error" showIcon message={facilities.error ?? coverage.error} style={{ marginBottom: 16 }} />
      )}
      {c && (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col xs={12} md={6}>
            <Statistic title={tx({ zh: '老人', en: 'Elders' })} value={c.elders} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={tx({ zh: `${radiusM} 米内有机构`, en: `Institution within ${radiusM} m` })}
              value={c.covered}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={tx({ zh: '覆盖率', en: 'Covered' })} value={c.share ?? '—'} suffix="%" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={tx({ zh: '设施', en: 'Facilities' })} value={facilities.data?.facilities.length ?? 0} />
          </Col>
        </Row>
      )}
      <EChart option={option} height={560} label={tx({ zh: '养老地图', en: 'Elderly-care map' })} />
      {tileUrl && mapConfig.data?.attribution && (
        <div style={{ textAlign: 'right', fontSize: 12, color: '#8c8c8c' }}>{mapConfig.data.attribution}</div>
      )}
      {c && (
        <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }} wrap>
          <ExportButton
            query={{ table: 'coverage', jurisdiction: own, radiusM }}
            label={tx({ zh: '导出覆盖率与热点', en: 'Export coverage and hotspots' })}
          />
          <ExportButton
            query={{ table: 'beds', jurisdiction: own }}
            label={tx({ zh: '导出每万老人床位', en: 'Export beds per 10,000 elders' })}
          />
        </Space>
      )}
      {c && (
        <Table
          rowKey="code"
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          dataSource={c.districts}
          columns={[
            { title: tx({ zh: '区县', en: 'District' }), dataIndex: 'name' },
            { title: tx({ zh: '老人', en: 'Elders' }), dataIndex: 'elders' },
            { title: tx({ zh: '已覆盖', en: 'Covered' }), dataIndex: 'covered' },
            {
              title: tx({ zh: '覆盖率 %', en: 'Share %' }),
              dataIndex: 'share',
              render: (v: number | null) => v ?? '—',
            },
            {
              title: tx({ zh: '每万老人机构床位', en: 'Beds per 10,000 elders' }),
              dataIndex: 'bedsPer10k',
              render: (v: number | null) => v ?? '—',
            },
          ]}
        />
      )}
      {c && c.hotspots.length > 0 && (
        <Table
          rowKey="h3"
          size="small"
          style={{ marginTop: 16 }}
          title={() =>
            tx({ zh: '未覆盖热点（H3 9 级格，按未覆盖老人排序）', en: 'Uncovered hotspots (H3 res. 9, most first)' })
          }
          pagination={{ pageSize: 10, showSizeChanger: false }}
          dataSource={c.hotspots}
          columns={[
            { title: tx({ zh: '排名', en: 'Rank' }), key: 'rank', render: (_, h) => c.hotspots.indexOf(h) + 1 },
            { title: tx({ zh: 'H3 格', en: 'H3 cell' }), dataIndex: 'h3' },
            { title: tx({ zh: '未覆盖老人', en: 'Uncovered elders' }), dataIndex: 'uncovered' },
          ]}
        />
      )}
    </Card>
  );
}
