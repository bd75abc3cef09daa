// /homecare/orders — a provider's orders (and, for officers, those of their area): accept or
// decline within the SLA, assign a worker, and the overdue list.
import { Alert, App, Button, Modal, Select, Space, Switch, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';
import { DispatchDialog } from './DispatchDialog.tsx';
import { SosAlerts } from './SosPanel.tsx';
import {
  formatFen,
  labelOf,
  ORDER_COLORS,
  ORDER_LABELS,
  type OrderList,
  type OrderView,
  useLoad,
  when,
} from './shared.ts';

const DECLINE_CODES = ['no_capacity', 'outside_area', 'item_unavailable', 'other'];

export default function ProviderOrdersPage() {
  const { tx, lang } = usePrefs();
  const { message } = App.useApp();
  const [overdue, setOverdue] = useState(false);
  const [status, setStatus] = useState<string | undefined>();
  const { data, error, reload } = useLoad<OrderList>('/homecare/orders', {
    overdue: overdue ? 'true' : undefined,
    status,
  });
  const [assigning, setAssigning] = useState<OrderView | null>(null);
  const act = async (path: string, body?: unknown) => {
    try {
      await api(path, { method: 'POST', body });
      reload();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    }
  };
  const declineWith = (o: OrderView) => {
    let code = DECLINE_CODES[0]!;
    Modal.confirm({
      title: tx({ zh: '拒单原因', en: 'Reason to decline' }),
      content: (
        <Select
          defaultValue={code}
          style={{ width: '100%' }}
          onChange={(v) => {
            code = v;
          }}
          options={DECLINE_CODES.map((c) => ({ value: c, label: c }))}
        />
      ),
      onOk: () => act(`/homecare/orders/${o.id}/decline`, { reasonCode: code }),
    });
  };
  const columns: TableColumnsType<OrderView> = [
    { title: tx({ zh: '预约时间', en: 'Scheduled' }), dataIndex: 'scheduledStart', render: when },
    { title: tx({ zh: '老人', en: 'Elder' }), dataIndex: 'elderName' },
    { title: tx({ zh: '项目', en: 'Item' }), dataIndex: 'itemName' },
    {
      title: tx({ zh: '价格/补贴/自付', en: 'Price / subsidy / co-pay' }),
      render: (_, o) =>
        `${formatFen(o.quote.priceFen)} / ${formatFen(o.quote.subsidyFen)} / ${formatFen(o.quote.copayFen)}`,
    },
    {
      title: tx({ zh: '状态', en: 'Status' }),
      render: (_, o) => (
        <Space>
          <Tag color={ORDER_COLORS[o.status]}>{labelOf(ORDER_LABELS, o.status, lang)}</Tag>
          {o.overdue && <Tag color="red">{tx({ zh: '超时未接单', en: 'Overdue' })}</Tag>}
        </Space>
      ),
    },
    { title: tx({ zh: '接单时限', en: 'Accept by' }), dataIndex: 'acceptDueAt', render: when },
    { title: tx({ zh: '护理员', en: 'Worker' }), dataIndex: 'workerName', render: (v) => v ?? '—' },
    {
      title: tx({ zh: '操作', en: 'Actions' }),
      render: (_, o) => (
        <Space>
          {o.status === 'requested' && (
            <>
              <Button size="small" type="primary" onClick={() => act(`/homecare/orders/${o.id}/accept`)}>
                {tx({ zh: '接单', en: 'Accept' })}
              </Button>
              <Button size="small" onClick={() => declineWith(o)}>
                {tx({ zh: '拒单', en: 'Decline' })}
              </Button>
            </>
          )}
          {(o.status === 'accepted' || o.status === 'assigned') && (
            <Button size="small" onClick={() => setAssigning(o)}>
              {o.status === 'assigned' ? tx({ zh: '改派', en: 'Reassign' }) : tx({ zh: '派单', en: 'Assign' })}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <SosAlerts />
      <Space wrap>
        <Select
          allowClear
          placeholder={tx({ zh: '状态', en: 'Status' })}
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={Object.keys(ORDER_COLORS).map((s) => ({ value: s, label: labelOf(ORDER_LABELS, s, lang) }))}
        />
        <Space>
          <Switch checked={overdue} onChange={setOverdue} />
          {tx({ zh: '只看超时未接单', en: 'Overdue only' })}
        </Space>
      </Space>
      {error && <Alert type="error" message={error} />}
      <Table rowKey="id" size="small" columns={columns} dataSource={data ?? []} loading={!data && !error} />
      {assigning && (
        <DispatchDialog
          order={assigning}
          onClose={(changed) => {
            setAssigning(null);
            if (changed) reload();
          }}
        />
      )}
    </Space>
  );
}
