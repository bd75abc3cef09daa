// Institutions and community facilities: live occupancy of the area, the list, and the map points.

import { PlusOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Input, Rate, Row, Select, Statistic, Table, type TableColumnsType, Tabs, Tag } from 'antd';
import { ScatterChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useMemo, useState } from 'react';
import type {
  AreaOccupancy,
  InstitutionPage,
  InstitutionSummary,
  MapPoint,
} from '../../../../src/domain/institutions/schemas.ts';
import { hasAnyRole, useUser } from '../../auth.tsx';
import { type ChartOption, EChart } from '../../components/EChart.tsx';
import { usePrefs } from '../../prefs.tsx';
import { Link } from '../../router.tsx';
import { RegisterInstitutionButton } from './RegisterInstitution.tsx';
import { OFFICERS, pct, useLoad, useVocabulary } from './shared.ts';

echarts.use([ScatterChart]);

const KIND_COLORS = ['#1f6f5c', '#d4380d', '#1d39c4', '#d48806', '#08979c', '#c41d7f', '#7cb305', '#531dab'];

export default function InstitutionListPage() {
  const { tx, elderMode } = usePrefs();
  const user = useUser();
  const officer = hasAnyRole(user, OFFICERS);
  const vocab = useVocabulary();
  const [filters, setFilters] = useState<{ kind?: string; ownership?: string; q?: string; page: number }>({
    kind: 'institution',
    page: 1,
  });
  const list = useLoad<InstitutionPage>('/institutions', { ...filters, pageSize: 20 });
  const occupancy = useLoad<AreaOccupancy>('/occupancy');
  const points = useLoad<MapPoint[]>('/institutions/map', { kind: filters.kind, ownership: filters.ownership });

  const columns: TableColumnsType<InstitutionSummary> = [
    {
      title: tx({ zh: '名称', en: 'Name' }),
      dataIndex: 'name',
      render: (n: string, r) => <Link to={`/institutions/${r.id}`}>{n}</Link>,
    },
    { title: tx({ zh: '类型', en: 'Kind' }), dataIndex: 'kindLabel', hidden: elderMode },
    {
      title: tx({ zh: '性质', en: 'Ownership' }),
      dataIndex: 'ownershipLabel',
      render: (v: string | null) => (v ? <Tag>{v}</Tag> : '—'),
    },
    { title: tx({ zh: '区县', en: 'District' }), dataIndex: 'districtCode', hidden: elderMode },
    { title: tx({ zh: '床位', en: 'Beds' }), key: 'beds', render: (_, r) => r.occupancy.total || r.bedCount },
    { title: tx({ zh: '在住', en: 'Occupied' }), key: 'occ', render: (_, r) => r.occupancy.occupied },
    { title: tx({ zh: '入住率', en: 'Occupancy' }), key: 'rate', render: (_, r) => pct(r.occupancy.occupancyRate) },
    {
      title: tx({ zh: '护理型占比', en: 'Nursing share' }),
      key: 'nursing',
      hidden: elderMode,
      render: (_, r) => pct(r.occupancy.nursingShare),
    },
    {
      title: tx({ zh: '星级', en: 'Stars' }),
      dataIndex: 'star',
      render: (s: number | null) => (s ? <Rate disabled count={5} value={s} style={{ fontSize: 14 }} /> : '—'),
    },
  ];

  const districtChart = useMemo<ChartOption | null>(() => {
    const d = occupancy.data?.districts ?? [];
    if (d.length < 2) return null;
    const names = d.map((x) => x.districtName ?? x.districtCode);
    return {
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 90, right: 20, top: 30, bottom: 20 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: names, inverse: true },
      series: [
        {
          name: tx({ zh: '在住', en: 'Occupied' }),
          type: 'bar',
          stack: 'b',
          data: d.map((x) => x.occupied),
          itemStyle: { color: '#1f6f5c' },
        },
        {
          name: tx({ zh: '预留', en: 'Reserved' }),
          type: 'bar',
          stack: 'b',
          data: d.map((x) => x.reserved),
          itemStyle: { color: '#faad14' },
        },
        {
          name: tx({ zh: '空闲', en: 'Free' }),
          type: 'bar',
          stack: 'b',
          data: d.map((x) => x.free),
          itemStyle: { color: '#95de64' },
        },
      ],
    };
  }, [occupancy.data, tx]);

  const mapOption = useMemo<ChartOption>(() => {
    const kinds = [...new Set((points.data ?? []).map((p) => p.kind))];
    return {
      tooltip: {
        formatter: (p: { data: [number, number, string, number, number] }) =>
          `${p.data[2]}<br/>${p.data[4]}/${p.data[3]}`,
      },
      legend: { top: 0, data: kinds.map((k) => vocab?.kinds[k] ?? k) },
      grid: { left: 60, right: 40, top: 50, bottom: 40 },
      xAxis: { type: 'value', scale: true, name: 'lng' },
      yAxis: { type: 'value', scale: true, name: 'lat' },
      series: kinds.map((k, i) => ({
        name: vocab?.kinds[k] ?? k,
        type: 'scatter',
        symbolSize: (v: [number, number, string, number]) => Math.max(6, Math.min(24, Math.sqrt(v[3] || 1) * 1.5)),
        itemStyle: { color: KIND_COLORS[i % KIND_COLORS.length] },
        data: (points.data ?? []).filter((p) => p.kind === k).map((p) => [p.lng, p.lat, p.name, p.beds, p.occupied]),
      })),
    };
  }, [points.data, vocab]);

  const total = occupancy.data?.total;
  return (
    <Card
      title={tx({ zh: '养老机构与设施', en: 'Institutions and facilities' })}
      extra={officer && <RegisterInstitutionButton onDone={list.reload} icon={<PlusOutlined />} />}
    >
      {total && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="occupancy-summary">
          <Col xs={12} md={6}>
            <Statistic className="yy-stat" title={tx({ zh: '床位总数', en: 'Beds' })} value={total.total} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic className="yy-stat" title={tx({ zh: '在住', en: 'Occupied' })} value={total.occupied} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              className="yy-stat"
              title={tx({ zh: '入住率', en: 'Occupancy' })}
              value={pct(total.occupancyRate)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              className="yy-stat"
              title={tx({ zh: '护理型床位占比', en: 'Nursing-bed share' })}
              value={pct(total.nursingShare)}
            />
          </Col>
        </Row>
      )}
      {districtChart && (
        <EChart
          option={districtChart}
          height={Math.max(240, (occupancy.data?.districts.length ?? 0) * 28 + 60)}
          label={tx({ zh: '各区床位', en: 'Beds by district' })}
        />
      )}
      <div className="yy-toolbar">
        <Input.Search
          className="yy-grow"
          allowClear
          placeholder={tx({ zh: '机构名称', en: 'Name' })}
          onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined, page: 1 })}
        />
        <Select
          allowClear
          style={{ minWidth: 200 }}
          placeholder={tx({ zh: '类型', en: 'Kind' })}
          value={filters.kind}
          onChange={(kind) => setFilters({ ...filters, kind, page: 1 })}
          options={Object.entries(vocab?.kinds ?? {}).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={tx({ zh: '性质', en: 'Ownership' })}
          value={filters.ownership}
          onChange={(ownership) => setFilters({ ...filters, ownership, page: 1 })}
          options={Object.entries(vocab?.ownerships ?? {}).map(([value, label]) => ({ value, label }))}
        />
      </div>
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} />}
      <Tabs
        items={[
          {
            key: 'list',
            label: tx({ zh: '列表', en: 'List' }),
            children: (
              <Table<InstitutionSummary>
                rowKey="id"
                size={elderMode ? 'large' : 'middle'}
                loading={!list.data && !list.error}
                columns={columns}
                dataSource={list.data?.items ?? []}
                scroll={{ x: 'max-content' }}
                pagination={{
                  current: filters.page,
                  pageSize: 20,
                  total: list.data?.total ?? 0,
                  showSizeChanger: false,
                  onChange: (page) => setFilters({ ...filters, page }),
                }}
              />
            ),
          },
          {
            key: 'map',
            label: tx({ zh: '养老地图', en: 'Map' }),
            children: <EChart option={mapOption} height={520} label={tx({ zh: '养老地图', en: 'Care map' })} />,
          },
        ]}
      />
    </Card>
  );
}
