// /workforce/:id — one person: employments, certificates, training, and the incentive schedule
// (instalments the policy engine granted, each with its rule version and status).

import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useEffect, useState } from 'react';
import { todayInShanghai } from '../../../../src/lib/dates.ts';
import { api } from '../../api.ts';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { useParams } from '../../router.tsx';
import { useLoad } from '../institutions/shared.ts';
import { formatFen, useWorkforceVocabulary, type WorkerView as Worker } from './shared.ts';

const STATUS = { scheduled: ['blue', '待发放'], paid: ['green', '已发放'], cancelled: ['default', '已停发'] } as const;

export default function WorkerPage() {
  const { id } = useParams();
  const { tx, elderMode } = usePrefs();
  const { message } = App.useApp();
  const vocab = useWorkforceVocabulary();
  const loaded = useLoad<Worker>(`/workforce/workers/${id}`);
  const [w, setW] = useState<Worker | null>(null);
  useEffect(() => setW(loaded.data), [loaded.data]);
  const [certForm] = Form.useForm();
  const [trainForm] = Form.useForm();
  if (loaded.error) return <Alert type="error" showIcon message={loaded.error} />;
  if (!w)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  const post = async (form: typeof certForm, path: string, body: unknown) => {
    try {
      setW(await api<Worker>(path, { method: 'POST', body }));
      form.resetFields();
    } catch (err) {
      showServerErrors(form, err, message);
    }
  };
  const leave = async (employmentId: number) => {
    await api(`/workforce/employments/${employmentId}/end`, {
      method: 'POST',
      body: { leftOn: todayInShanghai(), reason: '离职' },
    });
    loaded.reload();
  };
  const instalmentColumns: TableColumnsType<Worker['instalments'][number]> = [
    { title: tx({ zh: '项目', en: 'Incentive' }), dataIndex: 'incentiveLabel' },
    { title: tx({ zh: '期次', en: 'No.' }), dataIndex: 'seq' },
    { title: tx({ zh: '应发日期', en: 'Due' }), dataIndex: 'dueOn' },
    { title: tx({ zh: '金额', en: 'Amount' }), dataIndex: 'amountFen', render: (f: number) => formatFen(f) },
    { title: tx({ zh: '规则版本', en: 'Rule version' }), key: 'rule', render: (_, r) => `${r.rule} v${r.ruleVersion}` },
    {
      title: tx({ zh: '状态', en: 'Status' }),
      dataIndex: 'status',
      render: (s: keyof typeof STATUS, r) => (
        <Tag color={STATUS[s][0]} title={r.cancelReason ?? undefined}>
          {STATUS[s][1]}
        </Tag>
      ),
    },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={<span data-testid="worker-name">{w.name}</span>}>
        <Descriptions bordered size={elderMode ? 'default' : 'small'} column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={tx({ zh: '身份证号', en: 'ID number' })}>{w.idNumber}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '年龄', en: 'Age' })}>{w.age}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '电话', en: 'Phone' })}>{w.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item
            label={tx({ zh: '学历', en: 'Education' })}
          >{`${w.educationLabel}${w.graduatedOn ? `（${w.graduatedOn} 毕业）` : ''}`}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '技能等级', en: 'Skill level' })}>
            {w.skillLevelLabel ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '培训学时', en: 'Training hours' })}>{w.trainingHours}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={tx({ zh: '任职', en: 'Employment' })}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={w.employments}
          columns={[
            { title: tx({ zh: '单位', en: 'Employer' }), dataIndex: 'organisationName' },
            { title: tx({ zh: '岗位', en: 'Role' }), dataIndex: 'jobRoleLabel' },
            {
              title: tx({ zh: '一线', en: 'Frontline' }),
              dataIndex: 'frontline',
              render: (v: boolean) => (v ? '✓' : ''),
            },
            {
              title: tx({ zh: '事业编', en: 'Establishment' }),
              dataIndex: 'establishment',
              render: (v: boolean) => (v ? '✓' : ''),
            },
            { title: tx({ zh: '入职', en: 'Hired' }), dataIndex: 'hiredOn' },
            {
              title: tx({ zh: '离职', en: 'Left' }),
              key: 'left',
              render: (_: unknown, e: Worker['employments'][number]) =>
                e.leftOn ? (
                  `${e.leftOn} ${e.leftReason ?? ''}`
                ) : (
                  <Popconfirm
                    title={tx({
                      zh: '登记今天离职？之后到期的奖补将停发',
                      en: 'Record leaving today? Later instalments stop',
                    })}
                    onConfirm={() => leave(e.id)}
                  >
                    <Button size="small">{tx({ zh: '离职', en: 'Leaves' })}</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Card title={tx({ zh: '证书', en: 'Certificates' })}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={w.certificates}
          columns={[
            { title: tx({ zh: '证书', en: 'Certificate' }), dataIndex: 'kindLabel' },
            {
              title: tx({ zh: '等级', en: 'Level' }),
              dataIndex: 'skillLevelLabel',
              render: (v: string | null) => v ?? '—',
            },
            { title: tx({ zh: '编号', en: 'Number' }), dataIndex: 'certificateNo' },
            { title: tx({ zh: '发证日期', en: 'Issued' }), dataIndex: 'issuedOn' },
          ]}
        />
        <Form
          form={certForm}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ kind: 'caregiver_skill', skillLevel: 5 }}
          onFinish={(v) =>
            post(certForm, `/workforce/workers/${w.id}/certificates`, {
              ...v,
              skillLevel: v.kind === 'caregiver_skill' ? v.skillLevel : null,
            })
          }
        >
          <Form.Item name="kind">
            <Select
              style={{ width: 240 }}
              options={Object.entries(vocab?.certificateKinds ?? {}).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="skillLevel">
            <Select
              style={{ width: 150 }}
              options={Object.entries(vocab?.skillLevels ?? {}).map(([value, label]) => ({
                value: Number(value),
                label,
              }))}
            />
          </Form.Item>
          <Form.Item name="certificateNo" rules={[{ required: true }]}>
            <Input placeholder={tx({ zh: '证书编号', en: 'Number' })} />
          </Form.Item>
          <Form.Item name="issuedOn" rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Button htmlType="submit">{tx({ zh: '添加证书', en: 'Add' })}</Button>
        </Form>
      </Card>
      <Card title={`${tx({ zh: '培训', en: 'Training' })}（${w.trainingHours} ${tx({ zh: '学时', en: 'hours' })}）`}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={w.training}
          columns={[
            { title: tx({ zh: '课程', en: 'Course' }), dataIndex: 'course' },
            { title: tx({ zh: '学时', en: 'Hours' }), dataIndex: 'hours' },
            { title: tx({ zh: '完成日期', en: 'Completed' }), dataIndex: 'completedOn' },
          ]}
        />
        <Form
          form={trainForm}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          onFinish={(v) => post(trainForm, `/workforce/workers/${w.id}/training`, v)}
        >
          <Form.Item name="course" rules={[{ required: true }]}>
            <Input placeholder={tx({ zh: '课程', en: 'Course' })} />
          </Form.Item>
          <Form.Item name="hours" rules={[{ required: true }]}>
            <InputNumber min={0.5} max={2000} step={0.5} placeholder={tx({ zh: '学时', en: 'Hours' })} />
          </Form.Item>
          <Form.Item name="completedOn" rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Button htmlType="submit">{tx({ zh: '添加培训', en: 'Add' })}</Button>
        </Form>
      </Card>
      <Card title={tx({ zh: '激励奖补发放计划', en: 'Incentive schedule' })}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={w.instalments}
          columns={instalmentColumns}
          locale={{
            emptyText: tx({
              zh: '暂无（由每月发放批次按政策计算）',
              en: 'None yet (the monthly run computes them from policy)',
            }),
          }}
        />
      </Card>
    </Space>
  );
}
