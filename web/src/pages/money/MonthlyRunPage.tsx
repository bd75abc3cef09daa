// /money/runs — the monthly run wizard: preview (by district: people, total, change against last
// month) → approval by each district's officer → posting to the ledger → the report.

import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Statistic,
  Steps,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import type { PostResult } from '../../../../src/domain/subsidies/schemas.ts';
import { todayInShanghai } from '../../../../src/lib/dates.ts';
import { ApiError, api } from '../../api.ts';
import { hasAnyRole, jurisdictionsOf, useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { Link } from '../../router.tsx';
import { change, type DistrictView, defaultMonth, formatFen, PROGRAMMES, type RunView, useLoad } from './shared.ts';

function stepOf(run: RunView | null): number {
  if (!run) return 0;
  if (run.status === 'posted') return 3;
  if (run.status === 'partly_posted' || run.status === 'approved') return 2;
  return 1;
}

function ProgrammeLines({ d }: { d: DistrictView }) {
  const { tx } = usePrefs();
  return (
    <Table
      size="small"
      rowKey="programme"
      pagination={false}
      dataSource={d.byProgramme.filter((p) => p.count || p.previousCount || p.note)}
      columns={[
        {
          title: tx({ zh: '项目', en: 'Programme' }),
          dataIndex: 'programme',
          render: (p: string) => (PROGRAMMES[p] ? tx(PROGRAMMES[p]!) : p),
        },
        { title: tx({ zh: '人数', en: 'People' }), dataIndex: 'count' },
        { title: tx({ zh: '金额', en: 'Amount' }), dataIndex: 'totalFen', render: (f: number) => formatFen(f) },
        {
          title: tx({ zh: '上月', en: 'Last month' }),
          dataIndex: 'previousTotalFen',
          render: (f: number) => formatFen(f),
        },
        {
          title: tx({ zh: '说明', en: 'Note' }),
          dataIndex: 'note',
          render: (n?: string) =>
            n ? (
              <Tag>{n === 'no rule in force' ? tx({ zh: '本地无有效规则', en: 'no rule in force here' }) : n}</Tag>
            ) : null,
        },
      ]}
    />
  );
}

export default function MonthlyRunPage() {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const user = useUser();
  const scopes = jurisdictionsOf(user, ['city_admin', 'district_officer']);
  const myDistricts = jurisdictionsOf(user, ['district_officer']);
  const [month, setMonth] = useState(defaultMonth(todayInShanghai()));
  const [scope, setScope] = useState(scopes[0] ?? '330100');
  const [run, setRun] = useState<RunView | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<PostResult | null>(null);
  const history = useLoad<RunView[]>('/subsidies/runs');

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const preview = (dryRun: boolean) =>
    act(async () => {
      setReport(null);
      setRun(
        await api<RunView>('/subsidies/runs', { method: 'POST', body: { month, jurisdictionCode: scope, dryRun } }),
      );
      history.reload();
    });
  const approve = (code: string) =>
    act(async () =>
      setRun(await api<RunView>(`/subsidies/runs/${run!.id}/districts/${code}/approve`, { method: 'POST' })),
    );
  const post = () =>
    act(async () => {
      const r = await api<PostResult>(`/subsidies/runs/${run!.id}/post`, { method: 'POST' });
      setRun(r.run);
      setReport(r);
      history.reload();
    });

  const columns: TableColumnsType<DistrictView> = useMemo(
    () => [
      { title: tx({ zh: '区县', en: 'District' }), key: 'name', render: (_, d) => `${d.name} ${d.districtCode}` },
      { title: tx({ zh: '人数', en: 'People' }), dataIndex: 'itemCount' },
      { title: tx({ zh: '金额', en: 'Total' }), dataIndex: 'totalFen', render: (f: number) => formatFen(f) },
      {
        title: tx({ zh: '上月', en: 'Last month' }),
        dataIndex: 'previousTotalFen',
        render: (f: number) => formatFen(f),
      },
      {
        title: tx({ zh: '变化', en: 'Change' }),
        key: 'change',
        render: (_, d) => <span data-testid={`change-${d.districtCode}`}>{change(d.changeFen, formatFen)}</span>,
      },
      {
        title: tx({ zh: '预算可用', en: 'Budget left' }),
        key: 'budget',
        render: (_, d) =>
          d.budget ? <Link to={`/money/accounts/${d.budget.accountId}`}>{formatFen(d.budget.availableFen)}</Link> : '—',
      },
      {
        title: tx({ zh: '审批', en: 'Approval' }),
        key: 'approval',
        render: (_, d) =>
          d.approvedBy ? (
            <Tag color="green">{d.approvedBy}</Tag>
          ) : run?.dryRun ? null : myDistricts.includes(d.districtCode) ? (
            <Button
              size="small"
              type="primary"
              loading={busy}
              data-testid={`approve-${d.districtCode}`}
              onClick={() => approve(d.districtCode)}
            >
              {tx({ zh: '审批通过', en: 'Approve' })}
            </Button>
          ) : (
            <Tag>{tx({ zh: '待区县审批', en: 'Awaiting the district' })}</Tag>
          ),
      },
      {
        title: tx({ zh: '入账', en: 'Posted' }),
        key: 'posted',
        render: (_, d) =>
          d.postedAt ? <Tag color="blue">{`${d.postedCount} · ${formatFen(d.postedTotalFen ?? 0)}`}</Tag> : null,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [tx, run, busy],
  );

  const canPost =
    !!run &&
    !run.dryRun &&
    run.districts.some((d) => d.approvedAt && !d.postedAt) &&
    hasAnyRole(user, ['city_admin', 'district_officer']);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={tx({ zh: '月度补贴发放', en: 'Monthly subsidy run' })}>
        <Steps
          current={stepOf(run)}
          items={[
            { title: tx({ zh: '生成预览', en: 'Preview' }) },
            { title: tx({ zh: '区县审批', en: 'Approve' }) },
            { title: tx({ zh: '入账发放', en: 'Post' }) },
            { title: tx({ zh: '发放报告', en: 'Report' }) },
          ]}
        />
        <Form layout="inline" style={{ marginTop: 16 }}>
          <Form.Item label={tx({ zh: '月份', en: 'Month' })}>
            <Input
              type="month"
              value={month}
              onChange={(e) => setMonth(e.target.value)}
              data-testid="run-month"
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item label={tx({ zh: '范围', en: 'Scope' })}>
            <Select
              value={scope}
              onChange={setScope}
              style={{ width: 140 }}
              options={scopes.map((s) => ({ value: s, label: s }))}
            />
          </Form.Item>
          <Button onClick={() => preview(true)} loading={busy}>
            {tx({ zh: '试算（不保存）', en: 'Dry run' })}
          </Button>
          <Button
            type="primary"
            onClick={() => preview(false)}
            loading={busy}
            data-testid="run-preview"
            style={{ marginLeft: 8 }}
          >
            {tx({ zh: '生成预览', en: 'Preview' })}
          </Button>
        </Form>
      </Card>

      {run && (
        <Card
          title={
            run.dryRun
              ? tx({ zh: '试算结果（未保存）', en: 'Dry run (not saved)' })
              : `${tx({ zh: '发放批次', en: 'Run' })} #${run.id} · ${run.month}`
          }
          extra={
            canPost && (
              <Button type="primary" danger loading={busy} onClick={post} data-testid="run-post">
                {tx({ zh: '入账发放已审批区县', en: 'Post approved districts' })}
              </Button>
            )
          }
        >
          <Space size="large" style={{ marginBottom: 16 }}>
            <Statistic title={tx({ zh: '人次', en: 'Payments' })} value={run.totals.itemCount} />
            <Statistic title={tx({ zh: '本月合计', en: 'This month' })} value={formatFen(run.totals.totalFen)} />
            <Statistic
              title={tx({ zh: '上月合计', en: 'Last month' })}
              value={formatFen(run.totals.previousTotalFen)}
            />
            <Statistic title={tx({ zh: '已入账', en: 'Posted' })} value={formatFen(run.totals.postedTotalFen)} />
          </Space>
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={tx({ zh: '规则版本读取时点', en: 'Rules as known at' })}>
              {new Date(run.policyKnownAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
            </Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '状态', en: 'Status' })}>{run.status}</Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="districtCode"
            size="small"
            pagination={false}
            dataSource={run.districts}
            columns={columns}
            expandable={{
              expandedRowRender: (d) => <ProgrammeLines d={d} />,
              rowExpandable: (d) => d.itemCount > 0 || d.previousCount > 0,
            }}
            data-testid="run-districts"
          />
        </Card>
      )}

      {report && (
        <Card title={tx({ zh: '发放报告', en: 'Report' })} data-testid="run-report">
          {report.posted.length ? (
            <Table
              rowKey="district"
              size="small"
              pagination={false}
              dataSource={report.posted}
              columns={[
                { title: tx({ zh: '区县', en: 'District' }), dataIndex: 'district' },
                { title: tx({ zh: '入账笔数', en: 'Transfers' }), dataIndex: 'posted' },
                { title: tx({ zh: '金额', en: 'Amount' }), dataIndex: 'totalFen', render: (f: number) => formatFen(f) },
              ]}
            />
          ) : (
            <Alert type="info" showIcon message={tx({ zh: '没有新的入账', en: 'Nothing new was posted' })} />
          )}
          {report.waiting.length > 0 && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              message={`${tx({ zh: '待审批区县', en: 'Awaiting approval' })}: ${report.waiting.join('、')}`}
            />
          )}
        </Card>
      )}

      <Card title={tx({ zh: '历史批次', en: 'Past runs' })}>
        <Table
          rowKey="id"
          size="small"
          dataSource={history.data ?? []}
          pagination={{ pageSize: 10 }}
          onRow={(r) => ({ onClick: () => setRun(r), style: { cursor: 'pointer' } })}
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: tx({ zh: '月份', en: 'Month' }), dataIndex: 'month' },
            { title: tx({ zh: '范围', en: 'Scope' }), dataIndex: 'jurisdictionCode' },
            { title: tx({ zh: '状态', en: 'Status' }), dataIndex: 'status' },
            { title: tx({ zh: '金额', en: 'Total' }), key: 'total', render: (_, r) => formatFen(r.totals.totalFen) },
            {
              title: tx({ zh: '已入账', en: 'Posted' }),
              key: 'posted',
              render: (_, r) => formatFen(r.totals.postedTotalFen),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
