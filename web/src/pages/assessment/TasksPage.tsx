// Assessment tasks: an assessor sees their own and starts or continues the form; an officer opens
// tasks for elders, assigns two certified assessors and runs the yearly re-assessment schedule.

import { PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { hasAnyRole, useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { navigate } from '../../router.tsx';
import { type Assessment, type QualificationView, REASON_TEXT, STATUS_TEXT, type Task, useResource } from './shared.ts';

const OFFICERS = ['city_admin', 'district_officer', 'street_officer'] as const;

export default function TasksPage() {
  const { tx } = usePrefs();
  const user = useUser();
  const { message } = AntApp.useApp();
  const officer = hasAnyRole(user, OFFICERS);
  const [status, setStatus] = useState<string | undefined>(officer ? undefined : 'assigned');
  const { data, error, reload } = useResource<Task[]>(
    `/assessment-tasks?pageSize=200${officer ? '' : '&mine=true'}${status ? `&status=${status}` : ''}`,
  );
  const { data: qualifications } = useResource<QualificationView[]>(officer ? '/assessor-qualifications' : null);
  const [assigning, setAssigning] = useState<Task | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();

  const fail = (e: unknown) => void message.error(e instanceof ApiError ? e.message : String(e));
  const start = async (task: Task) => {
    try {
      const a = await api<Assessment>(`/assessment-tasks/${task.id}/assessments`, { method: 'POST', body: {} });
      navigate(a.status === 'signed' ? `/assessments/${a.id}` : `/assessments/${a.id}/edit`);
    } catch (e) {
      fail(e);
    }
  };
  const assign = async (values: { a1: number; a2: number }) => {
    try {
      await api(`/assessment-tasks/${assigning!.id}/assign`, {
        method: 'POST',
        body: { assessorIds: [values.a1, values.a2] },
      });
      setAssigning(null);
      reload();
    } catch (e) {
      fail(e);
    }
  };
  const create = async (values: { elderId: number; reason: string }) => {
    try {
      await api('/assessment-tasks', { method: 'POST', body: values });
      setCreating(false);
      reload();
    } catch (e) {
      fail(e);
    }
  };
  const schedule = async () => {
    try {
      const r = await api<{ created: number }>('/assessment-tasks/schedule', { method: 'POST', body: {} });
      void message.success(tx({ zh: `已生成 ${r.created} 个定期复评任务`, en: `${r.created} scheduled tasks opened` }));
      reload();
    } catch (e) {
      fail(e);
    }
  };

  const columns: TableColumnsType<Task> = [
    { title: '#', dataIndex: 'id', width: 70 },
    { title: tx({ zh: '老人', en: 'Elder' }), dataIndex: 'elderName' },
    {
      title: tx({ zh: '事由', en: 'Reason' }),
      render: (_, t) => tx(REASON_TEXT[t.reason] ?? { zh: t.reason, en: t.reason }),
    },
    { title: tx({ zh: '状态', en: 'Status' }), render: (_, t) => <Tag>{tx(STATUS_TEXT[t.status]!)}</Tag> },
    {
      title: tx({ zh: '评估员', en: 'Assessors' }),
      render: (_, t) => t.assessors.map((a) => a.name).join('、') || '—',
    },
    { title: tx({ zh: '期限', en: 'Due' }), dataIndex: 'dueOn', render: (d) => d ?? '—' },
    {
      title: tx({ zh: '操作', en: 'Actions' }),
      render: (_, t) => (
        <Space wrap>
          {t.status === 'assigned' && t.assessors.some((a) => a.id === user.id) && (
            <Button type="primary" size="large" onClick={() => start(t)} data-testid={`start-${t.id}`}>
              {t.assessmentId ? tx({ zh: '继续评估', en: 'Continue' }) : tx({ zh: '开始评估', en: 'Start' })}
            </Button>
          )}
          {officer && (t.status === 'open' || (t.status === 'assigned' && !t.assessmentId)) && (
            <Button onClick={() => setAssigning(t)}>{tx({ zh: '指派评估员', en: 'Assign' })}</Button>
          )}
          {t.assessmentId && t.status !== 'assigned' && (
            <Button onClick={() => navigate(`/assessments/${t.assessmentId}`)}>
              {tx({ zh: '查看结果', en: 'Result' })}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  const valid = (qualifications ?? []).filter((q) => q.validToday);

  return (
    <Card
      title={
        officer ? tx({ zh: '评估任务', en: 'Assessment tasks' }) : tx({ zh: '我的评估任务', en: 'My assessment tasks' })
      }
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder={tx({ zh: '全部状态', en: 'All statuses' })}
            value={status}
            onChange={setStatus}
            style={{ width: 150 }}
            options={['open', 'assigned', 'completed', 'cancelled'].map((s) => ({
              value: s,
              label: tx(STATUS_TEXT[s]!),
            }))}
          />
          {officer && (
            <Button icon={<ScheduleOutlined />} onClick={schedule}>
              {tx({ zh: '生成定期复评', en: 'Run schedule' })}
            </Button>
          )}
          {officer && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {tx({ zh: '新建评估申请', en: 'New task' })}
            </Button>
          )}
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table rowKey="id" loading={!data && !error} dataSource={data ?? []} columns={columns} scroll={{ x: true }} />
      <Modal
        open={!!assigning}
        title={tx({ zh: '指派两名持证评估员', en: 'Assign two certified assessors' })}
        onCancel={() => setAssigning(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={assign}>
          {(['a1', 'a2'] as const).map((name, i) => (
            <Form.Item
              key={name}
              name={name}
              label={`${tx({ zh: '评估员', en: 'Assessor' })} ${i + 1}`}
              rules={[{ required: true }]}
            >
              <Select
                size="large"
                options={valid.map((q) => ({
                  value: q.userId,
                  label: `${q.displayName}（${q.certificateNo}，${tx({ zh: '有效期至', en: 'valid to' })} ${q.expiresOn}）`,
                }))}
              />
            </Form.Item>
          ))}
        </Form>
      </Modal>
      <Modal
        open={creating}
        title={tx({ zh: '新建评估申请', en: 'New assessment task' })}
        onCancel={() => setCreating(false)}
        footer={null}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={create} initialValues={{ reason: 'application' }}>
          <Form.Item name="elderId" label={tx({ zh: '老人编号', en: 'Elder id' })} rules={[{ required: true }]}>
            <InputNumber min={1} size="large" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reason" label={tx({ zh: '事由', en: 'Reason' })}>
            <Select
              size="large"
              options={['application', 'condition_change'].map((r) => ({ value: r, label: tx(REASON_TEXT[r]!) }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block>
            {tx({ zh: '提交', en: 'Create' })}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
