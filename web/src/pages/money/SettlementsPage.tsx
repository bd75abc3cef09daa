// /money/settlements — provider settlement: what providers received in 重阳分 becomes a monthly
// payout batch, moved to their settled accounts and exported as the bank's CSV file.

import { Alert, App, Button, Card, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { todayInShanghai } from '../../../../src/lib/dates.ts';
import { ApiError, api } from '../../api.ts';
import { jurisdictionsOf, useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { type BatchView, defaultMonth, formatFen, type SettlementDetail, useLoad } from './shared.ts';

function Lines({ id }: { id: number }) {
  const { tx } = usePrefs();
  const detail = useLoad<SettlementDetail>(`/ledger/settlements/${id}`);
  if (detail.error) return <Alert type="error" message={detail.error} />;
  return (
    <Table
      rowKey="line"
      size="small"
      pagination={false}
      dataSource={detail.data?.lines ?? []}
      columns={[
        { title: tx({ zh: '序号', en: 'Line' }), dataIndex: 'line' },
        { title: tx({ zh: '收款单位', en: 'Payee' }), dataIndex: 'payeeName' },
        { title: tx({ zh: '金额', en: 'Amount' }), dataIndex: 'amountFen', render: (f: number) => formatFen(f) },
        { title: tx({ zh: '业务参考号', en: 'Reference' }), dataIndex: 'reference' },
      ]}
    />
  );
}

export default function SettlementsPage() {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const user = useUser();
  const scopes = jurisdictionsOf(user, ['city_admin', 'district_officer']);
  const batches = useLoad<BatchView[]>('/ledger/settlements');
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const create = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const b = await api<BatchView>('/ledger/settlements', { method: 'POST', body: v });
      void message.success(
        `${tx({ zh: '结算批次', en: 'Batch' })} #${b.id}: ${b.lineCount} · ${formatFen(b.totalFen)}`,
      );
      batches.reload();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={tx({ zh: '服务商结算', en: 'Provider settlement' })}>
        <Form
          form={form}
          layout="inline"
          initialValues={{ period: defaultMonth(todayInShanghai()), jurisdictionCode: scopes[0] }}
        >
          <Form.Item name="period" label={tx({ zh: '结算月份', en: 'Period' })} rules={[{ required: true }]}>
            <Input type="month" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="jurisdictionCode" label={tx({ zh: '范围', en: 'Scope' })} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={scopes.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Button type="primary" loading={busy} onClick={create} data-testid="settle-create">
            {tx({ zh: '生成结算批次', en: 'Create batch' })}
          </Button>
        </Form>
      </Card>
      <Card title={tx({ zh: '结算批次', en: 'Batches' })}>
        {batches.error && <Alert type="error" message={batches.error} />}
        <Table
          rowKey="id"
          size="small"
          dataSource={batches.data ?? []}
          expandable={{ expandedRowRender: (b) => <Lines id={b.id} />, rowExpandable: (b) => b.lineCount > 0 }}
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: tx({ zh: '月份', en: 'Period' }), dataIndex: 'period' },
            { title: tx({ zh: '范围', en: 'Scope' }), dataIndex: 'jurisdictionCode' },
            { title: tx({ zh: '笔数', en: 'Lines' }), dataIndex: 'lineCount' },
            { title: tx({ zh: '金额', en: 'Total' }), dataIndex: 'totalFen', render: (f: number) => formatFen(f) },
            {
              title: tx({ zh: '银行文件', en: 'Bank file' }),
              key: 'csv',
              render: (_, b) =>
                b.lineCount ? (
                  <a href={`/api/v1/ledger/settlements/${b.id}/export.csv`} data-testid={`csv-${b.id}`}>
                    CSV
                  </a>
                ) : null,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
