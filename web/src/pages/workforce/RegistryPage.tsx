// /workforce — the caregiver and care-staff registry: current staff within reach, and registering
// a person with their employment (employers for their own organisation, officers for any in area).

import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Switch, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { todayInShanghai } from '../../../../src/lib/dates.ts';
import { api } from '../../api.ts';
import { useUser } from '../../auth.tsx';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { Link, navigate } from '../../router.tsx';
import { useLoad } from '../institutions/shared.ts';
import { type WorkerRow as Row, useWorkforceVocabulary, type WorkerPage, type WorkerView } from './shared.ts';

function RegisterWorker({ onClose }: { onClose: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const user = useUser();
  const vocab = useWorkforceVocabulary();
  const [form] = Form.useForm();
  const own = user.grants.find((g) => g.organisationId != null)?.organisationId ?? undefined;
  const orgs = useLoad<{ items: { id: number; name: string }[] }>(own ? null : '/institutions', {
    kind: 'institution',
    pageSize: 500,
  });
  const submit = async () => {
    const { organisationId, jobRole, frontline, establishment, hiredOn, graduatedOn, ...person } =
      await form.validateFields();
    try {
      const w = await api<WorkerView>('/workforce/workers', {
        method: 'POST',
        body: {
          ...person,
          graduatedOn: graduatedOn || null,
          employment: {
            organisationId: own ?? organisationId,
            jobRole,
            frontline: !!frontline,
            establishment: !!establishment,
            hiredOn,
          },
        },
      });
      navigate(`/workforce/${w.id}`);
    } catch (err) {
      showServerErrors(form, err, message, {
        'employment.hiredOn': 'hiredOn',
        'employment.organisationId': 'organisationId',
      });
    }
  };
  return (
    <Modal
      open
      title={tx({ zh: '登记从业人员', en: 'Register a care worker' })}
      onCancel={onClose}
      onOk={submit}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          jobRole: 'caregiver',
          frontline: true,
          education: 'secondary_vocational',
          hiredOn: todayInShanghai(),
        }}
      >
        <Form.Item name="name" label={tx({ zh: '姓名', en: 'Name' })} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={tx({ zh: '身份证号', en: 'ID number' })}
          rules={[{ required: true, len: 18 }]}
        >
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="phone" label={tx({ zh: '电话', en: 'Phone' })}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="education" label={tx({ zh: '学历', en: 'Education' })}>
          <Select options={Object.entries(vocab?.educations ?? {}).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="graduatedOn" label={tx({ zh: '毕业日期', en: 'Graduated on' })}>
          <Input type="date" />
        </Form.Item>
        {!own && (
          <Form.Item name="organisationId" label={tx({ zh: '用人单位', en: 'Employer' })} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="jobRole" label={tx({ zh: '岗位', en: 'Role' })}>
          <Select options={Object.entries(vocab?.jobRoles ?? {}).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="frontline" label={tx({ zh: '一线岗位', en: 'Frontline' })} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="establishment"
          label={tx({ zh: '事业编', en: 'Establishment staff (事业编)' })}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Form.Item name="hiredOn" label={tx({ zh: '入职日期', en: 'Hired on' })} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function WorkforceRegistryPage() {
  const { tx, elderMode } = usePrefs();
  const vocab = useWorkforceVocabulary();
  const [f, setF] = useState<{ q?: string; jobRole?: string; skillLevel?: number; page: number }>({ page: 1 });
  const [creating, setCreating] = useState(false);
  const { data, error } = useLoad<WorkerPage>('/workforce/workers', { ...f, pageSize: 50 });
  const columns: TableColumnsType<Row> = [
    {
      title: tx({ zh: '姓名', en: 'Name' }),
      dataIndex: 'name',
      render: (n: string, r) => <Link to={`/workforce/${r.id}`}>{n}</Link>,
    },
    {
      title: tx({ zh: '身份证号', en: 'ID number' }),
      dataIndex: 'idNumber',
      hidden: elderMode,
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    { title: tx({ zh: '单位', en: 'Employer' }), dataIndex: 'organisationName' },
    { title: tx({ zh: '岗位', en: 'Role' }), dataIndex: 'jobRoleLabel' },
    { title: tx({ zh: '一线', en: 'Frontline' }), dataIndex: 'frontline', render: (v: boolean) => (v ? '✓' : '') },
    {
      title: tx({ zh: '事业编', en: 'Establishment' }),
      dataIndex: 'establishment',
      render: (v: boolean) => (v ? <Tag>事业编</Tag> : ''),
    },
    {
      title: tx({ zh: '技能等级', en: 'Skill level' }),
      dataIndex: 'skillLevelLabel',
      render: (v: string | null) => v ?? '—',
    },
    { title: tx({ zh: '培训学时', en: 'Training hours' }), dataIndex: 'trainingHours' },
  ];
  return (
    <Card
      title={tx({ zh: '养老护理员与从业人员', en: 'Caregivers and care staff' })}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {tx({ zh: '登记人员', en: 'Register' })}
        </Button>
      }
    >
      <div className="yy-toolbar">
        <Input.Search
          className="yy-grow"
          allowClear
          placeholder={tx({ zh: '姓名', en: 'Name' })}
          onSearch={(q) => setF({ ...f, q: q.trim() || undefined, page: 1 })}
        />
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={tx({ zh: '岗位', en: 'Role' })}
          value={f.jobRole}
          onChange={(jobRole) => setF({ ...f, jobRole, page: 1 })}
          options={Object.entries(vocab?.jobRoles ?? {}).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={tx({ zh: '技能等级', en: 'Skill level' })}
          value={f.skillLevel}
          onChange={(skillLevel) => setF({ ...f, skillLevel, page: 1 })}
          options={Object.entries(vocab?.skillLevels ?? {}).map(([value, label]) => ({ value: Number(value), label }))}
        />
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Row>
        rowKey="employmentId"
        size={elderMode ? 'large' : 'middle'}
        loading={!data && !error}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: f.page,
          pageSize: 50,
          total: data?.total ?? 0,
          onChange: (page) => setF({ ...f, page }),
        }}
      />
      {creating && <RegisterWorker onClose={() => setCreating(false)} />}
    </Card>
  );
}
