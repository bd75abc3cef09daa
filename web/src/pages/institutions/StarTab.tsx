// GB/T 37276 evaluations: the history, and for officers a form that records a new one.

import { Alert, App, Button, Form, Input, InputNumber, Rate, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import type { StarRatingRecorded, StarRatingView } from '../../../../src/domain/institutions/schemas.ts';
import { todayInShanghai } from '../../../../src/lib/dates.ts';
import { api } from '../../api.ts';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { useLoad } from './shared.ts';

const SECTIONS = [
  ['environment', '环境', 120],
  ['facilities', '设施设备', 130],
  ['operations', '运营管理', 150],
  ['service', '服务', 600],
] as const;

export function StarTab({
  organisationId,
  canRecord,
  onChange,
}: {
  organisationId: number;
  canRecord: boolean;
  onChange: () => void;
}) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const { data, error, reload } = useLoad<StarRatingView[]>(`/institutions/${organisationId}/star-ratings`);
  const [form] = Form.useForm();
  const [last, setLast] = useState<string | null>(null);
  const columns: TableColumnsType<StarRatingView> = [
    { title: tx({ zh: '评定日期', en: 'Evaluated' }), dataIndex: 'evaluatedOn' },
    {
      title: tx({ zh: '有效期至', en: 'Valid until' }),
      dataIndex: 'validUntil',
      render: (v: string, r) => (r.current ? v : <Tag>{`${v} ${tx({ zh: '已过期', en: 'expired' })}`}</Tag>),
    },
    ...SECTIONS.map(([k, label, max]) => ({
      title: `${label}（${max}）`,
      key: k,
      render: (_: unknown, r: StarRatingView) => r.scores[k],
    })),
    { title: tx({ zh: '总分', en: 'Total' }), dataIndex: 'total' },
    {
      title: tx({ zh: '星级', en: 'Star' }),
      dataIndex: 'star',
      render: (s: number) =>
        s ? <Rate disabled value={s} style={{ fontSize: 14 }} /> : tx({ zh: '未达一星', en: 'none' }),
    },
    { title: tx({ zh: '阈值版本', en: 'Scale' }), dataIndex: 'scaleVersion' },
  ];
  const submit = async () => {
    const { evaluatedOn, evaluator, ...scores } = await form.validateFields();
    try {
      const r = await api<StarRatingRecorded>(`/institutions/${organisationId}/star-ratings`, {
        method: 'POST',
        body: { evaluatedOn, evaluator: evaluator || null, scores },
      });
      setLast(`${r.star} ★${r.shortfall ? ` — ${r.shortfall}` : ''}`);
      reload();
      onChange();
    } catch (err) {
      showServerErrors(form, err, message);
    }
  };
  return (
    <>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<StarRatingView>
        rowKey="id"
        size="middle"
        loading={!data && !error}
        columns={columns}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {canRecord && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 16, rowGap: 8 }}
          initialValues={{ evaluatedOn: todayInShanghai() }}
        >
          <Form.Item name="evaluatedOn" label={tx({ zh: '评定日期', en: 'Date' })} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          {SECTIONS.map(([k, label, max]) => (
            <Form.Item key={k} name={k} label={label} rules={[{ required: true }]}>
              <InputNumber min={0} max={max} step={0.5} style={{ width: 100 }} />
            </Form.Item>
          ))}
          <Form.Item name="evaluator" label={tx({ zh: '评定机构', en: 'Evaluator' })}>
            <Input maxLength={100} />
          </Form.Item>
          <Space>
            <Button type="primary" onClick={submit}>
              {tx({ zh: '记录评定', en: 'Record' })}
            </Button>
            {last && <Tag color="green">{last}</Tag>}
          </Space>
        </Form>
      )}
    </>
  );
}
