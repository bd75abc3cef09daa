// /community/visits — 探访: this month's visits done against due per district, street or community,
// against the 100% target, with the overdue count; planners generate the month's tasks here.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Progress, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { Compliance, ComplianceRow, GenerateResult } from '../../../../src/domain/community/schemas.ts';
import { VISIT_PLANNERS } from '../../../../src/domain/identity/permissions.ts';
import { todayInShanghai } from '../../../../src/lib/dates.ts';
import { ApiError, api, queryString } from '../../api.ts';
import { useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { useLoad } from '../institutions/shared.ts';
import FollowUpsCard from './FollowUpsCard.tsx';

export default function VisitCompliancePage() {
  const { tx, elderMode } = usePrefs();
  const { message } = App.useApp();
  const user = useUser();
  const [month, setMonth] = useState(todayInShanghai().slice(0, 7));
  const [jurisdiction, setJurisdiction] = useState<string | undefined>(undefined);
  const { data, error, reload } = useLoad<Compliance>('/visits/compliance', { month, jurisdiction });
  const planner = user.grants.some((g) => VISIT_PLANNERS.includes(g.role));
  const generate = async () => {
    try {
      const r = await api<GenerateResult>('/visits/tasks/generate', {
        method: 'POST',
        body: { month, ...(data ? { jurisdiction: data.jurisdiction } : {}) },
      });
      message.success(
        tx({ zh: `新生成 ${r.created} 条，共 ${r.total} 条`, en: `${r.created} created, ${r.total} in all` }),
      );
      reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  const rate = (r: ComplianceRow) =>
    r.rate == null ? (
      '—'
    ) : (
      <Progress percent={r.rate} size="small" status={r.met ? 'success' : 'active'} style={{ minWidth: 140 }} />
    );
  return (
    <Card
      title={tx({ zh: '探访任务完成率', en: 'Visit compliance' })}
      extra={
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            href={`/api/v1/visits/compliance.xlsx${queryString({ month, jurisdiction: data?.jurisdiction })}`}
            download
          >
            {tx({ zh: '导出完成率与逾期名单', en: 'Export report and overdue list' })}
          </Button>
          {planner && (
            <Button type="primary" onClick={generate}>
              {tx({ zh: '生成本月探访任务', en: "Generate the month's tasks" })}
            </Button>
          )}
        </Space>
      }
    >
      <div className="yy-toolbar">
        <Input
          type="month"
          value={month}
          onChange={(e) => e.target.value && setMonth(e.target.value)}
          style={{ width: 180 }}
        />
        {data && data.jurisdiction !== jurisdiction && jurisdiction && (
          <Button onClick={() => setJurisdiction(undefined)}>{tx({ zh: '返回本辖区', en: 'Back to my area' })}</Button>
        )}
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      {data && (
        <Alert
          style={{ marginBottom: 16 }}
          type={data.total.met ? 'success' : 'warning'}
          message={tx({
            zh: `${data.total.name}：应访 ${data.total.due}，已访 ${data.total.done}，逾期 ${data.total.overdue}（目标 ${data.targetRate}%）`,
            en: `${data.total.name}: ${data.total.due} due, ${data.total.done} done, ${data.total.overdue} overdue (target ${data.targetRate}%)`,
          })}
        />
      )}
      <Table<ComplianceRow>
        rowKey="code"
        size={elderMode ? 'large' : 'middle'}
        loading={!data && !error}
        dataSource={data?.rows ?? []}
        pagination={false}
        onRow={(r) => ({ onClick: () => r.code.length < 12 && setJurisdiction(r.code), style: { cursor: 'pointer' } })}
        columns={[
          { title: tx({ zh: '辖区', en: 'Area' }), dataIndex: 'name' },
          { title: tx({ zh: '应访', en: 'Due' }), dataIndex: 'due' },
          { title: tx({ zh: '已访', en: 'Done' }), dataIndex: 'done' },
          {
            title: tx({ zh: '逾期', en: 'Overdue' }),
            dataIndex: 'overdue',
            render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
          },
          { title: tx({ zh: '完成率', en: 'Rate' }), key: 'rate', render: (_: unknown, r) => rate(r) },
        ]}
      />
      <FollowUpsCard community={data?.jurisdiction} />
    </Card>
  );
}
