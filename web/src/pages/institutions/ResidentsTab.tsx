// Residents of an institution (current or discharged); a row opens the stay with its safety assessment.

import { Alert, Descriptions, Drawer, Segmented, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ResidentRecord, ResidentRow as Row } from '../../../../src/domain/institutions/schemas.ts';
import { usePrefs } from '../../prefs.tsx';
import { useLoad, useVocabulary } from './shared.ts';

const PLACEMENT = {
  direct: { zh: '直接入住', en: 'Direct' },
  waiting_list: { zh: '轮候入住', en: 'Waiting list' },
  official_placement: { zh: '兜底安置', en: 'Bureau placement' },
} as const;

export function ResidentsTab({ organisationId }: { organisationId: number }) {
  const { tx } = usePrefs();
  const vocab = useVocabulary();
  const [status, setStatus] = useState<'current' | 'discharged'>('current');
  const [open, setOpen] = useState<number | null>(null);
  const { data, error } = useLoad<Row[]>(`/institutions/${organisationId}/residents`, { status });
  const record = useLoad<ResidentRecord>(open ? `/residencies/${open}` : null);
  const columns: TableColumnsType<Row> = [
    {
      title: tx({ zh: '姓名', en: 'Name' }),
      dataIndex: 'name',
      render: (n: string | null, r) => (
        <Typography.Link onClick={() => setOpen(r.residencyId)}>
          {n ?? tx({ zh: '（辖区外）', en: '(outside scope)' })}
        </Typography.Link>
      ),
    },
    { title: tx({ zh: '年龄', en: 'Age' }), dataIndex: 'age' },
    { title: tx({ zh: '床位', en: 'Bed' }), dataIndex: 'bedLabel' },
    {
      title: tx({ zh: '床位类型', en: 'Bed type' }),
      dataIndex: 'bedType',
      render: (t: string) => vocab?.bedTypes[t] ?? t,
    },
    { title: tx({ zh: '入住', en: 'Admitted' }), dataIndex: 'admittedOn' },
    {
      title: tx({ zh: '方式', en: 'Placement' }),
      dataIndex: 'placement',
      render: (p: keyof typeof PLACEMENT) => <Tag>{tx(PLACEMENT[p])}</Tag>,
    },
    ...(status === 'discharged'
      ? [
          { title: tx({ zh: '出院', en: 'Discharged' }), dataIndex: 'dischargedOn' },
          {
            title: tx({ zh: '原因', en: 'Reason' }),
            dataIndex: 'dischargeReason',
            render: (r: string) => vocab?.dischargeReasons[r] ?? r,
          },
        ]
      : []),
  ];
  const r = record.data;
  return (
    <>
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => setStatus(v as 'current')}
        options={[
          { value: 'current', label: tx({ zh: '在住', en: 'Current' }) },
          { value: 'discharged', label: tx({ zh: '已出院', en: 'Discharged' }) },
        ]}
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Row>
        rowKey="residencyId"
        size="middle"
        loading={!data && !error}
        columns={columns}
        dataSource={data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50 }}
      />
      <Drawer
        open={!!open}
        width={520}
        onClose={() => setOpen(null)}
        title={r?.elder?.name ?? tx({ zh: '入住记录', en: 'Stay' })}
      >
        {r && (
          <Descriptions column={1} bordered size="small">
            {r.elder && (
              <Descriptions.Item label={tx({ zh: '老人码', en: 'Elder code' })}>{r.elder.elderCode}</Descriptions.Item>
            )}
            {r.elder && (
              <Descriptions.Item label={tx({ zh: '身份证号', en: 'ID number' })}>{r.elder.idNumber}</Descriptions.Item>
            )}
            {r.elder && (
              <Descriptions.Item label={tx({ zh: '联系电话', en: 'Phone' })}>{r.elder.phone ?? '—'}</Descriptions.Item>
            )}
            <Descriptions.Item label={tx({ zh: '床位', en: 'Bed' })}>{r.bedLabel}</Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '入住日期', en: 'Admitted' })}>{r.admittedOn}</Descriptions.Item>
            {r.dischargedOn && (
              <Descriptions.Item
                label={tx({ zh: '出院', en: 'Discharged' })}
              >{`${r.dischargedOn} ${r.dischargeReasonLabel ?? ''} ${r.dischargeNote ?? ''}`}</Descriptions.Item>
            )}
            {r.safety &&
              Object.entries(r.safety.risks).map(([k, v]) => (
                <Descriptions.Item key={k} label={vocab?.safetyRisks[k] ?? k}>
                  <Tag color={['default', 'blue', 'orange', 'red'][v]}>{vocab?.riskLevels[v] ?? v}</Tag>
                </Descriptions.Item>
              ))}
            {r.safety && (
              <Descriptions.Item
                label={tx({ zh: '评估', en: 'Assessed' })}
              >{`${r.safety.assessedOn} ${r.safety.assessorName}`}</Descriptions.Item>
            )}
            {r.moves.map((m) => (
              <Descriptions.Item
                key={`${m.movedOn} ${m.reason}`}
                label={tx({ zh: '转床', en: 'Moved' })}
              >{`${m.movedOn}：${m.reason}`}</Descriptions.Item>
            ))}
          </Descriptions>
        )}
      </Drawer>
    </>
  );
}
