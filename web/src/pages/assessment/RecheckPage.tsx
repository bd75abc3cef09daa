// 抽查复评 dashboard. Officers: draw a month for a district (seed recorded), then read agreement,
// Cohen's kappa and mean absolute differences per district and assessor, the outliers, and close
// the reviews. Assessors: their blind re-checks to do.

import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Input,
  InputNumber,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { hasAnyRole, jurisdictionsOf, useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { navigate, useLocation } from '../../router.tsx';
import { type MyRecheck, type RecheckReport, type ReviewView, STATUS_TEXT, useResource } from './shared.ts';

const pct = (x: number | null) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x == null ? '—' : x.toFixed(2));

export default function RecheckPage() {
  const { tx } = usePrefs();
  const user = useUser();
  const { message } = AntApp.useApp();
  const manager = hasAnyRole(user, ['city_admin', 'district_officer']);
  const { search } = useLocation();
  const [month, setMonth] = useState(
    /^\d{4}-\d{2}$/.test(search.get('month') ?? '')
      ? search.get('month')!
      : dayjs().subtract(1, 'month').format('YYYY-MM'),
  );
  const [district, setDistrict] = useState(jurisdictionsOf(user, ['district_officer'])[0]?.slice(0, 6) ?? '');
  const [share, setShare] = useState(0.05);
  const [seed, setSeed] = useState<number | null>(null);
  const { data: report, error, reload } = useResource<RecheckReport>(manager ? `/recheck-report?month=${month}` : null);
  const { data: reviews, reload: reloadReviews } = useResource<ReviewView[]>(
    manager ? '/assessment-reviews?status=open' : null,
  );
  const { data: mine } = useResource<MyRecheck[]>(hasAnyRole(user, ['assessor']) ? '/recheck-items/mine' : null);
  const fail = (e: unknown) => void message.error(e instanceof ApiError ? e.message : String(e));

  const draw = async () => {
    try {
      const d = await api<{ drawn: number; population: number; seed: number }>('/recheck-draws', {
        method: 'POST',
        body: { districtCode: district, month, share, ...(seed != null ? { seed } : {}) },
      });
      void message.success(
        tx({
          zh: `已抽取 ${d.drawn}/${d.population}，随机种子 ${d.seed}`,
          en: `Drew ${d.drawn} of ${d.population}, seed ${d.seed}`,
        }),
      );
      reload();
    } catch (e) {
      fail(e);
    }
  };
  const close = async (id: number) => {
    const outcome = window.prompt(tx({ zh: '复核结论', en: 'Outcome' }));
    if (!outcome) return;
    try {
      await api(`/assessment-reviews/${id}/close`, { method: 'POST', body: { outcome } });
      reloadReviews();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {mine && (
        <Card
          title={tx({
            zh: '我的复评任务（盲评：不显示原评估结果）',
            en: 'My re-checks (blind: the first result is hidden)',
          })}
        >
          <Table
            rowKey="id"
            size="middle"
            pagination={false}
            dataSource={mine}
            columns={[
              { title: tx({ zh: '老人', en: 'Elder' }), dataIndex: 'elderName' },
              { title: tx({ zh: '地址', en: 'Address' }), dataIndex: 'address' },
              { title: tx({ zh: '抽查月份', en: 'Month' }), dataIndex: 'month' },
              { title: tx({ zh: '状态', en: 'Status' }), render: (_, i) => <Tag>{tx(STATUS_TEXT[i.status]!)}</Tag> },
              {
                title: '',
                render: (_, i) =>
                  i.status === 'assigned' && (
                    <Button type="primary" size="large" onClick={() => navigate(`/assessment-rechecks/${i.id}`)}>
                      {tx({ zh: '开始复评', en: 'Re-score' })}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      {manager && (
        <Card
          title={tx({ zh: '抽查复评', en: 'Random re-checks' })}
          extra={
            <Space wrap>
              <DatePicker
                picker="month"
                allowClear={false}
                value={dayjs(`${month}-01`)}
                onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
              />
              <Input
                style={{ width: 110 }}
                value={district}
                onChange={(e) => setDistrict(e.target.value)}
                placeholder={tx({ zh: '区县代码', en: 'District' })}
              />
              <InputNumber
                style={{ width: 110 }}
                min={0.01}
                max={1}
                step={0.01}
                value={share}
                onChange={(v) => setShare(v ?? 0.05)}
                addonAfter={tx({ zh: '比例', en: 'share' })}
              />
              <InputNumber
                style={{ width: 150 }}
                min={0}
                value={seed}
                onChange={(v) => setSeed(v)}
                placeholder={tx({ zh: '随机种子（可选）', en: 'Seed (optional)' })}
              />
              <Button type="primary" onClick={draw} disabled={!/^\d{6}$/.test(district)} data-testid="draw">
                {tx({ zh: '抽取', en: 'Draw' })}
              </Button>
            </Space>
          }
        >
          {error && <Alert type="error" showIcon message={error} />}
          {report && (
            <Space direction="vertical" size="large" style={{ width: '100%' }}>
              <Space wrap size="large" data-testid="overall">
                <Statistic title={tx({ zh: '已复评', en: 'Re-scored' })} value={report.overall.pairs} />
                <Statistic
                  title={tx({ zh: '等级一致率', en: 'Level agreement' })}
                  value={pct(report.overall.agreementRate)}
                />
                <Statistic title="Cohen's κ" value={num(report.overall.kappa)} />
                <Statistic
                  title={tx({ zh: '总分平均绝对差', en: 'Mean abs. total difference' })}
                  value={num(report.overall.meanAbsTotalDifference)}
                />
              </Space>
              <Table
                rowKey="districtCode"
                size="small"
                pagination={false}
                title={() => tx({ zh: '按区县', en: 'By district' })}
                dataSource={report.districts}
                columns={[
                  { title: tx({ zh: '区县', en: 'District' }), dataIndex: 'districtCode' },
                  { title: tx({ zh: '抽取', en: 'Drawn' }), dataIndex: 'drawn' },
                  { title: tx({ zh: '已复评', en: 'Done' }), dataIndex: 'done' },
                  { title: tx({ zh: '一致率', en: 'Agreement' }), render: (_, d) => pct(d.agreementRate) },
                  { title: 'κ', render: (_, d) => num(d.kappa) },
                  { title: tx({ zh: '平均绝对差', en: 'MAD' }), render: (_, d) => num(d.meanAbsTotalDifference) },
                  { title: tx({ zh: '待复核', en: 'Open reviews' }), dataIndex: 'openReviews' },
                ]}
              />
              <Table
                rowKey="assessorId"
                size="small"
                pagination={false}
                title={() => tx({ zh: '按原评估员', en: 'By original assessor' })}
                dataSource={report.assessors}
                columns={[
                  {
                    title: tx({ zh: '评估员', en: 'Assessor' }),
                    render: (_, a) => (
                      <Space>
                        {a.name}
                        {a.outlier && <Tag color="red">{tx({ zh: '异常', en: 'Outlier' })}</Tag>}
                      </Space>
                    ),
                  },
                  { title: tx({ zh: '复评数', en: 'Pairs' }), dataIndex: 'pairs' },
                  { title: tx({ zh: '一致率', en: 'Agreement' }), render: (_, a) => pct(a.agreementRate) },
                  { title: 'κ', render: (_, a) => num(a.kappa) },
                  { title: tx({ zh: '平均绝对差', en: 'MAD' }), render: (_, a) => num(a.meanAbsTotalDifference) },
                ]}
              />
              {report.outliers.length > 0 && (
                <Typography.Paragraph data-testid="outliers">
                  {tx({ zh: '差异较大', en: 'Large disagreements' })}：
                  {report.outliers.map((o) => (
                    <Tag
                      key={o.recheckItemId}
                      color="red"
                      style={{ cursor: 'pointer' }}
                      onClick={() => navigate(`/assessments/${o.assessmentId}`)}
                    >
                      #{o.assessmentId} {o.original.total}→{o.recheck.total}（{o.original.level}→{o.recheck.level}）
                    </Tag>
                  ))}
                </Typography.Paragraph>
              )}
            </Space>
          )}
        </Card>
      )}
      {manager && reviews && reviews.length > 0 && (
        <Card title={tx({ zh: '待复核', en: 'Open reviews' })}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={reviews}
            columns={[
              {
                title: tx({ zh: '评估', en: 'Assessment' }),
                render: (_, r) => (
                  <Typography.Link onClick={() => navigate(`/assessments/${r.assessmentId}`)}>
                    #{r.assessmentId}
                  </Typography.Link>
                ),
              },
              { title: tx({ zh: '等级差', en: 'Level diff' }), dataIndex: 'levelDifference' },
              { title: tx({ zh: '总分差', en: 'Total diff' }), dataIndex: 'totalDifference' },
              {
                title: '',
                render: (_, r) => <Button onClick={() => close(r.id)}>{tx({ zh: '关闭复核', en: 'Close' })}</Button>,
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
