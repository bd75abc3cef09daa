// /money/accounts — accounts of the officer's jurisdictions, filtered by type, owner and place.

import { Alert, Card, Form, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { usePrefs } from '../../prefs.tsx';
import { navigate } from '../../router.tsx';
import { ACCOUNT_TYPES, type AccountView, formatFen, useLoad } from './shared.ts';

export default function AccountsPage() {
  const { tx } = usePrefs();
  const [filters, setFilters] = useState<{ type?: string; owner?: string; jurisdiction?: string; page: number }>({
    type: 'care',
    page: 1,
  });
  const list = useLoad<{ total: number; items: AccountView[] }>('/ledger/accounts', { ...filters, pageSize: 20 });
  return (
    <Card title={tx({ zh: '账户', en: 'Accounts' })}>
      <Form
        layout="inline"
        style={{ marginBottom: 12 }}
        onFinish={(v: { type?: string; owner?: string; jurisdiction?: string }) => setFilters({ ...v, page: 1 })}
        initialValues={filters}
      >
        <Form.Item name="type" label={tx({ zh: '类型', en: 'Type' })}>
          <Select
            allowClear
            style={{ width: 160 }}
            options={Object.entries(ACCOUNT_TYPES).map(([value, label]) => ({ value, label: tx(label) }))}
          />
        </Form.Item>
        <Form.Item name="owner" label={tx({ zh: '所有者编号', en: 'Owner' })}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="jurisdiction" label={tx({ zh: '辖区', en: 'Place' })}>
          <Input style={{ width: 140 }} placeholder="330102" />
        </Form.Item>
        <button type="submit" style={{ display: 'none' }} />
      </Form>
      {list.error && <Alert type="error" message={list.error} />}
      <Table
        rowKey="id"
        size="small"
        dataSource={list.data?.items ?? []}
        onRow={(a) => ({ onClick: () => navigate(`/money/accounts/${a.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current: filters.page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: (page) => setFilters({ ...filters, page }),
        }}
        columns={[
          { title: '#', dataIndex: 'id' },
          { title: tx({ zh: '名称', en: 'Name' }), dataIndex: 'name' },
          {
            title: tx({ zh: '类型', en: 'Type' }),
            dataIndex: 'type',
            render: (t: string) => <Tag>{tx(ACCOUNT_TYPES[t] ?? { zh: t, en: t })}</Tag>,
          },
          { title: tx({ zh: '辖区', en: 'Place' }), dataIndex: 'jurisdictionCode' },
          { title: tx({ zh: '余额', en: 'Balance' }), dataIndex: 'balanceFen', render: (f: number) => formatFen(f) },
          {
            title: tx({ zh: '可用', en: 'Available' }),
            dataIndex: 'availableFen',
            render: (f: number) => formatFen(f),
          },
        ]}
      />
    </Card>
  );
}
