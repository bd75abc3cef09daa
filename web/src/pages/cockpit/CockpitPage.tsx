// 数据驾驶舱: every KPI of an area against its plan target with an early-warning tag, and the
// areas one level down ranked by a chosen KPI (city → district → street → community).
import { Alert, Breadcrumb, Button, Card, Empty, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { KpiBreakdown, KpiList, KpiRow, KpiTrend } from '../../../../src/domain/cockpit/schemas.ts';
import { jurisdictionsOf, useUser } from '../../auth.tsx';
import { type ChartOption, EChart } from '../../components/EChart.tsx';
import { usePrefs } from '../../prefs.tsx';
import { ExportButton } from './ExportButton.tsx';
import { COCKPIT_PAGE_ROLES, fmtValue, STATUS, useLoad } from './shared.ts';

const YEARS = [2022, 2023, 2024, 2025];

export default function CockpitPage() {
  const { tx, elderMode } = usePrefs();
  const user = useUser();
  const own = jurisdictionsOf(user, COCKPIT_PAGE_ROLES)[0] ?? '330100';
  const [path, setPath] = useState<{ code: string; name: string }[]>([{ code: own, name: own }]);
  const code = path.at(-1)!.code;
  // The breadcrumb starts at the caller's own area: show its name, not its code.
  const ownPlace = useLoad<{ code: string; name: string }>(`/jurisdictions/${own}`, {});
  useEffect(() => {
    const name = ownPlace.data?.name;
    if (name) setPath((p) => p.map((step) => (step.code === own ? { ...step, name } : step)));
  }, [ownPlace.data, own]);
  const [year, setYear] = useState(2025);
  const [rankBy, setRankBy] = useState('care_bed_share');
  const [trendKpi, setTrendKpi] = useState('care_bed_share');
  const trend = useLoad<KpiTrend>('/cockpit/kpis/trend', { jurisdiction: code, kpi: trendKpi });
  const kpis = useLoad<KpiList>('/cockpit/kpis', { jurisdiction: code, year });
  const breakdown = useLoad<KpiBreakdown>(code.length < 12 ? '/cockpit/kpis/breakdown' : null, {
    jurisdiction: code,
    year,
    rankBy,
  });

  const columns: TableColumnsType<KpiRow> = [
    { title: tx({ zh: '指标', en: 'Indicator' }), dataIndex: 'name' },
    { title: tx({ zh: '当前值', en: 'Value' }), key: 'value', render: (_, r) => fmtValue(r.value, r.unit) },
    {
      title: tx({ zh: '目标', en: 'Target' }),
      key: 'target',
      render: (_, r) =>
        r.target == null
          ? '—'
          : `${r.target}${r.targetHigh != null ? `–${r.targetHigh}` : ''} ${r.unit} (${r.targetYear})`,
    },
    {
      title: tx({ zh: '状态', en: 'Status' }),
      dataIndex: 'status',
      render: (s: KpiRow['status']) => <Tag color={STATUS[s].color}>{tx(STATUS[s])}</Tag>,
    },
    {
      title: tx({ zh: '来源', en: 'Source' }),
      key: 'source',
      hidden: elderMode,
      render: (_, r) => r.targetSource ?? r.source,
    },
  ];

  const chart = useMemo<ChartOption | null>(() => {
    const areas = breakdown.data?.areas.filter((a) => a.rank != null) ?? [];
    if (!areas.length) return null;
    const value = (a: (typeof areas)[number]) => a.kpis.find((k) => k.code === rankBy)?.value ?? 0;
    return {
      tooltip: {},
      grid: { left: 110, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: areas.map((a) => a.name) },
      series: [{ type: 'bar', data: areas.map(value), itemStyle: { color: '#1f6f5c' } }],
    };
  }, [breakdown.data, rankBy]);

  // Monthly snapshots of one KPI against its target: the snapshot job keeps one row per month.
  const trendChart = useMemo<ChartOption | null>(() => {
    const rows = trend.data ?? [];
    if (!rows.length) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [tx({ zh: '当月值', en: 'Value' }), tx({ zh: '目标', en: 'Target' })] },
      grid: { left: 50, right: 30, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: rows.map((r) => r.month) },
      yAxis: { type: 'value' },
      series: [
        {
          name: tx({ zh: '当月值', en: 'Value' }),
          type: 'line',
          data: rows.map((r) => r.value),
          itemStyle: { color: '#1f6f5c' },
        },
        {
          name: tx({ zh: '目标', en: 'Target' }),
          type: 'line',
          data: rows.map((r) => r.target),
          lineStyle: { type: 'dashed' },
          itemStyle: { color: '#c0392b' },
        },
      ],
    };
  }, [trend.data, tx]);

  const rankOptions = (kpis.data ?? []).filter((k) => k.computed).map((k) => ({ value: k.code, label: k.name }));
  return (
    <Card
      title={tx({ zh: '数据驾驶舱', en: 'Data cockpit' })}
      extra={
        <Space>
          <Select value={year} onChange={setYear} options={YEARS.map((y) => ({ value: y, label: String(y) }))} />
        </Space>
      }
    >
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={path.map((p, i) => ({
          title:
            i < path.length - 1 ? (
              <Button type="link" size="small" onClick={() => setPath(path.slice(0, i + 1))}>
                {p.name}
              </Button>
            ) : (
              p.name
            ),
        }))}
      />
      {kpis.error && <Alert type="error" showIcon message={kpis.error} style={{ marginBottom: 16 }} />}
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'flex-end' }} wrap>
        <ExportButton query={{ table: 'kpis', jurisdiction: code, year }} />
      </Space>
      <Table<KpiRow>
        rowKey="code"
        size={elderMode ? 'large' : 'middle'}
        loading={!kpis.data && !kpis.error}
        columns={columns}
        dataSource={kpis.data ?? []}
        onRow={(r) => ({ onClick: () => r.computed && setTrendKpi(r.code), style: { cursor: 'pointer' } })}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      <Card
        type="inner"
        style={{ marginTop: 16 }}
        title={tx({ zh: '月度趋势', en: 'Monthly trend' })}
        extra={<Select style={{ minWidth: 260 }} value={trendKpi} onChange={setTrendKpi} options={rankOptions} />}
      >
        {trendChart ? (
          <EChart option={trendChart} height={260} label={tx({ zh: '指标月度趋势', en: 'KPI monthly trend' })} />
        ) : (
          <Empty
            description={
              trend.error ??
              tx({ zh: '尚无月度快照（每月初自动生成）', en: 'No monthly snapshots yet (taken each month)' })
            }
          />
        )}
      </Card>
      {breakdown.data && (
        <Card
          type="inner"
          style={{ marginTop: 16 }}
          title={tx({ zh: '下级辖区排名', en: 'Ranking of the areas below' })}
          extra={
            <Space wrap>
              <Select style={{ minWidth: 260 }} value={rankBy} onChange={setRankBy} options={rankOptions} />
              <ExportButton query={{ table: 'ranking', jurisdiction: code, year, rankBy }} />
            </Space>
          }
        >
          {chart && (
            <EChart
              option={chart}
              height={Math.max(200, breakdown.data.areas.length * 26 + 40)}
              label={tx({ zh: '辖区排名', en: 'Area ranking' })}
            />
          )}
          <Table
            rowKey="code"
            size="small"
            pagination={{ pageSize: 20, showSizeChanger: false }}
            dataSource={breakdown.data.areas}
            columns={[
              { title: tx({ zh: '排名', en: 'Rank' }), dataIndex: 'rank', render: (r: number | null) => r ?? '—' },
              {
                title: tx({ zh: '辖区', en: 'Area' }),
                key: 'name',
                render: (_, a) => (
                  <Button type="link" size="small" onClick={() => setPath([...path, { code: a.code, name: a.name }])}>
                    {a.name}
                  </Button>
                ),
              },
              {
                title: tx({ zh: '指标值', en: 'Value' }),
                key: 'v',
                render: (_, a) => {
                  const k = a.kpis.find((x) => x.code === rankBy);
                  return k ? fmtValue(k.value, k.unit) : '—';
                },
              },
              {
                title: tx({ zh: '预警', en: 'Warnings' }),
                key: 'w',
                render: (_, a) => a.kpis.filter((k) => k.status === 'behind').length,
              },
            ]}
          />
        </Card>
      )}
    </Card>
  );
}
