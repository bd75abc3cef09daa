// /waitlist — the bureau's view of the admission waiting list: applications of elders in the
// caller's area in priority order, and filing a new application for an elder.

import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Modal, Select, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import type { InstitutionPage } from '../../../../src/domain/institutions/schemas.ts';
import type {
  ApplicationList,
  ApplicationListItem as Row,
  WaitlistApplication,
} from '../../../../src/domain/institutions/waitlist-schemas.ts';
import { api } from '../../api.ts';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { Link, navigate } from '../../router.tsx';
import { APPLICATION_COLORS, useLoad } from './shared.ts';

function NewApplication({ onClose }: { onClose: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [elders, setElders] = useState<{ value: number; label: string }[]>([]);
  const institutions = useLoad<InstitutionPage>('/institutions', {
    kind: 'institution',
    pageSize: 500,
  });
  const publicOnes = (institutions.data?.items ?? []).filter(
    (i) => i.ownership === 'public' || i.ownership === 'public_built_private_run',
  );
  const search = async (q: string) => {
    if (!q.trim()) return;
    const r = await api<{ items: { id: number; name: string; age: number; communityName: string | null }[] }>(
      '/elders',
      { query: { q, pageSize: 10, purpose: 'admission waiting list' } },
    );
    setElders(r.items.map((e) => ({ value: e.id, label: `${e.name}（${e.age}岁，${e.communityName ?? ''}）` })));
  };
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const app = await api<WaitlistApplication>('/waitlist/applications', { method: 'POST', body: v });
      navigate(`/waitlist/${app.id}`);
    } catch (err) {
      showServerErrors(form, err, message);
    }
  };
  return (
    <Modal
      open
      title={tx({ zh: '新建入院轮候申请', en: 'New waiting-list application' })}
      onCancel={onClose}
      onOk={submit}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="elderId"
          label={tx({ zh: '老人（输入姓名搜索）', en: 'Elder (search by name)' })}
          rules={[{ required: true }]}
        >
          <Select showSearch filterOption={false} onSearch={search} options={elders} />
        </Form.Item>
        <Form.Item
          name="organisationIds"
          label={tx({ zh: '意向公办养老机构（按意向顺序）', en: 'Public institutions, in order of preference' })}
          rules={[{ required: true }]}
        >
          <Select
            mode="multiple"
            maxCount={5}
            optionFilterProp="label"
            options={publicOnes.map((i) => ({ value: i.id, label: `${i.name}（${i.ownershipLabel}）` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function WaitlistPage() {
  const { tx } = usePrefs();
  const [status, setStatus] = useState<Row['status'] | undefined>('waiting');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const { data, error } = useLoad<ApplicationList>('/waitlist/applications', {
    status,
    page,
    pageSize: 50,
  });
  const columns: TableColumnsType<Row> = [
    {
      title: tx({ zh: '老人', en: 'Elder' }),
      dataIndex: 'elderName',
      render: (n: string, r) => <Link to={`/waitlist/${r.id}`}>{n}</Link>,
    },
    {
      title: tx({ zh: '优先档', en: 'Tier' }),
      key: 'tier',
      render: (_, r) =>
        r.eligible ? `${r.tier} ${r.tierLabel}` : <Tag>{tx({ zh: '暂不符合', en: 'Not eligible' })}</Tag>,
    },
    { title: tx({ zh: '申请日期', en: 'Applied' }), dataIndex: 'appliedOn' },
    { title: tx({ zh: '放弃次数', en: 'Declines' }), dataIndex: 'declineCount' },
    {
      title: tx({ zh: '状态', en: 'Status' }),
      dataIndex: 'statusLabel',
      render: (l: string, r) => <Tag color={APPLICATION_COLORS[r.status]}>{l}</Tag>,
    },
  ];
  return (
    <Card
      title={tx({ zh: '入院评估轮候', en: 'Admission waiting list' })}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {tx({ zh: '新建申请', en: 'New application' })}
        </Button>
      }
    >
      <div className="yy-toolbar">
        <Select
          allowClear
          style={{ minWidth: 160 }}
          value={status}
          onChange={(s) => {
            setStatus(s);
            setPage(1);
          }}
          placeholder={tx({ zh: '全部状态', en: 'All statuses' })}
          options={[
            { value: 'waiting', label: '轮候中' },
            { value: 'offered', label: '已邀约' },
            { value: 'accepted', label: '已接受，待入住' },
            { value: 'admitted', label: '已入住' },
            { value: 'withdrawn', label: '已撤回' },
          ]}
        />
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={!data && !error}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: data?.total ?? 0, onChange: setPage }}
      />
      {creating && <NewApplication onClose={() => setCreating(false)} />}
    </Card>
  );
}
