// Home: who you are, where you work, and a few counts of the elders in your jurisdiction, from one
// summary endpoint (GET /elders/dashboard) scoped like the registry list.

import { Alert, Card, Col, Empty, Row, Spin, Statistic, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { ElderDashboard } from '../../../../src/domain/elders/schemas.ts';
import { REGISTRY_READERS } from '../../../../src/domain/identity/permissions.ts';
import { ROLE_LABELS } from '../../../../src/domain/identity/roles.ts';
import { api } from '../../api.ts';
import { hasAnyRole, jurisdictionsOf, useUser } from '../../auth.tsx';
import { type ChartOption, EChart } from '../../components/EChart.tsx';
import { usePrefs } from '../../prefs.tsx';
import { chartFont } from '../../theme.ts';
import type { FlagInfo } from '../elders/shared.ts';
import { FamilyHome, useFamilyElderIds } from './FamilyHome.tsx';

interface Stats {
  scopeNames: string[];
  total: number;
  areas: { name: string; count: number }[];
  ages: { band: string; count: number }[];
  flags: { flag: FlagInfo; count: number }[];
}

/** Bar charts get a fixed height per row, so labels never overlap however many rows there are. */
const rowsHeight = (rows: number, elderMode: boolean) => Math.max(240, rows * (elderMode ? 36 : 26) + 50);

/** Two calls: the counts in one answer, and the flags' labels. */
async function loadStats(): Promise<Stats> {
  const [d, flags] = await Promise.all([api<ElderDashboard>('/elders/dashboard'), api<FlagInfo[]>('/elders/flags')]);
  return {
    scopeNames: d.scopes.map((s) => s.name),
    total: d.total,
    areas: d.areas,
    ages: d.ages,
    flags: flags.map((flag) => ({ flag, count: d.flags.find((f) => f.flag === flag.flag)?.count ?? 0 })),
  };
}

export default function HomePage() {
  const user = useUser();
  const { t, tx, elderMode } = usePrefs();
  const reader = hasAnyRole(user, REGISTRY_READERS);
  const familyOf = useFamilyElderIds();
  const grants = useMemo(() => jurisdictionsOf(user, REGISTRY_READERS), [user]);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!reader || !grants.length) return;
    let live = true;
    loadStats().then(
      (s) => live && setStats(s),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [reader, grants]);

  const font = chartFont(elderMode);
  const charts = useMemo(() => {
    if (!stats) return null;
    const axis = { axisLabel: { ...font } };
    // Horizontal bars: a district has a dozen streets or more, and their names need the room.
    const areaRows = [...stats.areas].reverse();
    const area: ChartOption = {
      textStyle: font,
      tooltip: { trigger: 'axis', textStyle: font },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, ...axis },
      yAxis: { type: 'category', data: areaRows.map((a) => a.name), axisLabel: { ...font, interval: 0 } },
      series: [{ type: 'bar', data: areaRows.map((a) => a.count), itemStyle: { color: '#1f6f5c' }, barMaxWidth: 22 }],
    };
    const ages: ChartOption = {
      textStyle: font,
      tooltip: { trigger: 'item', textStyle: font },
      legend: { bottom: 0, textStyle: font },
      series: [
        {
          type: 'pie',
          stillShowZeroSum: false,
          radius: ['38%', '68%'],
          center: ['50%', '45%'],
          label: {
            ...font,
            position: 'inside',
            formatter: '{c}',
            color: '#fff',
            fontWeight: 'bold',
          } /* outside labels get cut at narrow widths; the legend names the bands */,
          data: stats.ages.map((a) => ({ name: a.band, value: a.count })),
        },
      ],
      color: ['#7fc8a9', '#3f9b7f', '#1f6f5c', '#0b3f33'],
    };
    const flagRows = [...stats.flags].reverse();
    const flags: ChartOption = {
      textStyle: font,
      tooltip: { trigger: 'axis', textStyle: font },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, ...axis },
      yAxis: { type: 'category', data: flagRows.map((f) => tx(f.flag)), ...axis },
      series: [{ type: 'bar', data: flagRows.map((f) => f.count), itemStyle: { color: '#d48806' }, barMaxWidth: 22 }],
    };
    return { area, ages, flags };
  }, [stats, font.fontSize, tx]); // eslint-disable-line react-hooks/exhaustive-deps

  const roleNames = [...new Set(user.grants.map((g) => tx(ROLE_LABELS[g.role])))].join('、');
  const count = (flag: string) => stats?.flags.find((f) => f.flag.flag === flag)?.count ?? 0;

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('home.welcome', { name: user.displayName })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {roleNames}
            {stats?.scopeNames.length ? ` · ${t('home.scope')}：${stats.scopeNames.join('、')}` : ''}
          </Typography.Text>
        </Card>
      </Col>
      {familyOf.length > 0 && (
        <Col span={24}>
          <FamilyHome />
        </Col>
      )}
      {!reader && !familyOf.length && (
        <Col span={24}>
          <Alert type="info" showIcon message={t('home.noRegistry')} />
        </Col>
      )}
      {error && (
        <Col span={24}>
          <Alert type="error" showIcon message={error} />
        </Col>
      )}
      {reader && !stats && !error && (
        <Col span={24}>
          <Card>
            <Spin tip={t('common.loading')}>
              <div style={{ height: 120 }} />
            </Spin>
          </Card>
        </Col>
      )}
      {stats && charts && (
        <>
          {[
            ['home.activeElders', stats.total],
            ['home.advancedAge', count('advanced_age')],
            ['home.livingAlone', count('living_alone')],
          ].map(([key, value]) => (
            <Col xs={24} md={8} key={key}>
              <Card className="yy-stat">
                <Statistic
                  title={t(key as 'home.activeElders')}
                  value={value as number}
                  valueStyle={{ fontSize: elderMode ? 44 : 32, color: '#1f6f5c' }}
                />
              </Card>
            </Col>
          ))}
          {stats.areas.length > 0 && (
            <Col xs={24} xl={14}>
              <Card title={t('home.byArea')}>
                <EChart
                  option={charts.area}
                  label={t('home.byArea')}
                  height={rowsHeight(stats.areas.length, elderMode)}
                />
              </Card>
            </Col>
          )}
          <Col xs={24} md={12} xl={stats.areas.length > 0 ? 10 : 8}>
            <Card title={t('home.byAge')}>
              {stats.total ? (
                <EChart
                  option={charts.ages}
                  label={t('home.byAge')}
                  height={stats.areas.length ? rowsHeight(stats.areas.length, elderMode) : 320}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> /* a pie of zeros would draw four equal slices */
              )}
            </Card>
          </Col>
          <Col xs={24} md={12} xl={stats.areas.length > 0 ? 24 : 16}>
            <Card title={t('home.byFlag')}>
              <EChart
                option={charts.flags}
                label={t('home.byFlag')}
                height={rowsHeight(stats.flags.length, elderMode)}
              />
            </Card>
          </Col>
        </>
      )}
    </Row>
  );
}
