// /admin/audit — the append-only audit log, searched by user, action, record and date, within the
// reader's districts (city administrators: all).
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AuditPage as AuditPageView } from '../../../../src/domain/identity/schemas.ts';
import { queryString } from '../../api.ts';
import { jurisdictionsOf, useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { useLoad, when } from '../institutions/shared.ts';

type AuditRow = AuditPageView['items'][number];

/** Record types in words; an unknown type shows as stored. */
const ENTITY_TYPES: Record<string, { zh: string; en: string }> = {
  elder: { zh: '老人档案', en: 'Elder record' },
  user: { zh: '账号', en: 'Account' },
  assessment: { zh: '能力评估', en: 'Assessment' },
  assessment_task: { zh: '评估任务', en: 'Assessment task' },
  cognitive_screen: { zh: '认知筛查', en: 'Cognitive screen' },
  waitlist_application: { zh: '入住轮候申请', en: 'Waiting-list application' },
  residency: { zh: '入住', en: 'Residency' },
  resident: { zh: '在住老人', en: 'Resident' },
  bed: { zh: '床位', en: 'Bed' },
  institution: { zh: '养老机构', en: 'Institution' },
  worker: { zh: '从业人员', en: 'Worker' },
  employment: { zh: '从业记录', en: 'Employment' },
  ledger_account: { zh: '重阳分账户', en: 'Care-currency account' },
  ledger_transfer: { zh: '重阳分转账', en: 'Care-currency transfer' },
  subsidy_enrolment: { zh: '补贴享受', en: 'Subsidy enrolment' },
  subsidy_run: { zh: '补贴发放批次', en: 'Subsidy run' },
  settlement_batch: { zh: '结算批次', en: 'Settlement batch' },
  homecare_order: { zh: '居家服务订单', en: 'Home-care order' },
  home_care_bed: { zh: '家庭养老床位', en: 'Family care bed' },
  visit_task: { zh: '探访任务', en: 'Visit task' },
  alarm_device: { zh: '呼叫/监测设备', en: 'Alarm device' },
  audit_log: { zh: '审计日志', en: 'Audit log' },
};

const ACTIONS: Record<string, { zh: string; en: string }> = {
  read: { zh: '查看', en: 'Read' },
  list: { zh: '列表', en: 'List' },
  search: { zh: '查询', en: 'Search' },
  create: { zh: '新建', en: 'Create' },
  update: { zh: '修改', en: 'Update' },
  archive: { zh: '归档', en: 'Archive' },
  export: { zh: '导出', en: 'Export' },
  import: { zh: '导入', en: 'Import' },
  login: { zh: '登录', en: 'Log in' },
  logout: { zh: '退出', en: 'Log out' },
  password_change: { zh: '修改密码', en: 'Password change' },
  password_reset: { zh: '重置密码', en: 'Password reset' },
};

interface Filters {
  username?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  districtCode?: string;
  range?: [Dayjs, Dayjs] | null;
}

export default function AuditPage() {
  const { tx, lang } = usePrefs();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const user = useUser();
  const citywide = jurisdictionsOf(user, ['city_admin']).length > 0;
  const districts = useLoad<{ code: string; name: string }[]>(citywide ? '/jurisdictions' : null, {
    level: 'district',
  });
  const selection = {
    username: filters.username || undefined,
    action: filters.action || undefined,
    entityType: filters.entityType || undefined,
    entityId: filters.entityId || undefined,
    districtCode: filters.districtCode || undefined,
    from: filters.range?.[0]?.startOf('day').toISOString(),
    to: filters.range?.[1]?.endOf('day').toISOString(),
  };
  const log = useLoad<AuditPageView>('/audit', {
    ...selection,
    page,
    pageSize: 50,
  });
  const actionLabel = (a: string) => (ACTIONS[a] ? (lang === 'en' ? ACTIONS[a].en : ACTIONS[a].zh) : a);
  const entityLabel = (e: string) => (ENTITY_TYPES[e] ? (lang === 'en' ? ENTITY_TYPES[e].en : ENTITY_TYPES[e].zh) : e);
  const columns: TableColumnsType<AuditRow> = [
    { title: tx({ zh: '时间', en: 'When' }), dataIndex: 'at', render: when, width: 170 },
    { title: tx({ zh: '用户', en: 'User' }), dataIndex: 'username', render: (u) => u ?? '—' },
    {
      title: tx({ zh: '操作', en: 'Action' }),
      dataIndex: 'action',
      render: (a: string) => <Tag>{actionLabel(a)}</Tag>,
    },
    {
      title: tx({ zh: '对象', en: 'Record' }),
      render: (_, r) => `${entityLabel(r.entityType)}${r.entityId ? ` #${r.entityId}` : ''}`,
    },
    { title: tx({ zh: '区县', en: 'District' }), render: (_, r) => r.districtName ?? r.districtCode ?? '—' },
    { title: tx({ zh: '查询事由', en: 'Purpose' }), dataIndex: 'purpose', render: (p) => p ?? '—' },
    { title: tx({ zh: '地址', en: 'Address' }), dataIndex: 'ip', render: (ip) => ip ?? '—' },
  ];
  return (
    <Card title={tx({ zh: '审计日志', en: 'Audit log' })}>
      <Form
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v: Filters) => {
          setPage(1);
          setFilters(v);
        }}
      >
        <Form.Item name="username" label={tx({ zh: '用户名', en: 'Username' })}>
          <Input allowClear maxLength={64} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="action" label={tx({ zh: '操作', en: 'Action' })}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={Object.keys(ACTIONS).map((a) => ({ value: a, label: actionLabel(a) }))}
          />
        </Form.Item>
        <Form.Item name="entityType" label={tx({ zh: '对象类型', en: 'Record type' })}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={Object.keys(ENTITY_TYPES).map((e) => ({ value: e, label: entityLabel(e) }))}
          />
        </Form.Item>
        {citywide && (
          <Form.Item name="districtCode" label={tx({ zh: '区县', en: 'District' })}>
            <Select
              allowClear
              style={{ width: 140 }}
              options={(districts.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="entityId" label={tx({ zh: '对象编号', en: 'Record id' })}>
          <Input allowClear maxLength={64} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="range" label={tx({ zh: '日期', en: 'Dates' })}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {tx({ zh: '搜索', en: 'Search' })}
            </Button>
            <Button icon={<DownloadOutlined />} href={`/api/v1/audit/export.xlsx${queryString(selection)}`} download>
              {tx({ zh: '导出 Excel', en: 'Export .xlsx' })}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {log.error && <div role="alert">{log.error}</div>}
      <Table
        rowKey="id"
        size="small"
        loading={!log.data && !log.error}
        dataSource={log.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: 50,
          total: log.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (n) => tx({ zh: `共 ${n} 条`, en: `${n} entries` }),
        }}
      />
    </Card>
  );
}
