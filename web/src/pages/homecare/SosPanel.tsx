// Worker safety on the web: the caregiver's SOS button (position taken once, at the press) and the
// supervisor's list of open alerts on the orders page, refreshed every 30 seconds.
import { AlertOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, List, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { SosList, VisitView } from '../../../../src/domain/homecare/schemas.ts';
import { api } from '../../api.ts';
import type { Text } from '../../i18n.ts';
import { usePrefs } from '../../prefs.tsx';
import { currentPosition, useLoad, when } from './shared.ts';

const L = {
  sos: { zh: '紧急求助', en: 'SOS' },
  confirm: {
    zh: '确定发出紧急求助？服务商负责人和街道将立即收到。',
    en: 'Send an SOS? Your supervisor is alerted at once.',
  },
  sent: { zh: '求助已发出，负责人将尽快联系你', en: 'SOS sent: your supervisor will call you' },
  open: { zh: '护理员紧急求助', en: 'Caregiver SOS' },
  ack: { zh: '已知悉', en: 'Acknowledge' },
  resolve: { zh: '处理完毕', en: 'Resolve' },
  resolution: { zh: '处理情况（必填）', en: 'What was done (required)' },
  acknowledged: { zh: '已知悉', en: 'Acknowledged' },
} satisfies Record<string, Text>;

/** The caregiver's SOS button; names the visit in progress, if any. */
export function SosButton({ visits }: { visits: VisitView[] | null }) {
  const { tx } = usePrefs();
  const { message, modal } = App.useApp();
  const current = visits?.find((v) => v.status === 'in_progress');
  const send = async () => {
    const fix = await currentPosition().catch(() => null);
    try {
      await api('/homecare/sos', { method: 'POST', body: { ...(fix ?? {}), visitId: current?.id } });
      void message.success(tx(L.sent));
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Button
      danger
      type="primary"
      block
      size="large"
      icon={<AlertOutlined />}
      onClick={() =>
        modal.confirm({ title: tx(L.sos), content: tx(L.confirm), okButtonProps: { danger: true }, onOk: send })
      }
    >
      {tx(L.sos)}
    </Button>
  );
}

/** Open alerts of the provider (or the overseer's area), with acknowledge and resolve. */
export function SosAlerts() {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const { data, reload } = useLoad<SosList>('/homecare/sos', { limit: 20 });
  const [notes, setNotes] = useState<Record<number, string>>({});
  useEffect(() => {
    const timer = setInterval(reload, 30_000);
    return () => clearInterval(timer);
  }, [reload]);
  const open = (data ?? []).filter((a) => a.status !== 'resolved');
  if (!open.length) return null;
  const step = async (id: number, action: 'acknowledge' | 'resolve') => {
    try {
      await api(`/homecare/sos/${id}/${action}`, {
        method: 'POST',
        body: action === 'resolve' ? { resolution: notes[id] ?? '' } : undefined,
      });
      reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Alert
      type="error"
      showIcon
      icon={<AlertOutlined />}
      message={tx(L.open)}
      data-testid="sos-alerts"
      description={
        <List
          size="small"
          dataSource={open}
          renderItem={(a) => (
            <List.Item key={a.id} style={{ paddingInline: 0 }}>
              <Space wrap>
                <strong>{a.workerName}</strong>
                {a.workerPhone && <a href={`tel:${a.workerPhone}`}>{a.workerPhone}</a>}
                <span>{when(a.raisedAt)}</span>
                {a.elderName && (
                  <span>
                    {a.elderName} · {a.address}
                  </span>
                )}
                {a.note && <span>“{a.note}”</span>}
                {a.status === 'acknowledged' ? (
                  <Tag color="orange">{tx(L.acknowledged)}</Tag>
                ) : (
                  <Button size="small" onClick={() => step(a.id, 'acknowledge')}>
                    {tx(L.ack)}
                  </Button>
                )}
                <Input
                  size="small"
                  style={{ width: 220 }}
                  maxLength={500}
                  placeholder={tx(L.resolution)}
                  value={notes[a.id] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [a.id]: e.target.value })}
                />
                <Button
                  size="small"
                  type="primary"
                  disabled={!notes[a.id]?.trim()}
                  onClick={() => step(a.id, 'resolve')}
                >
                  {tx(L.resolve)}
                </Button>
              </Space>
            </List.Item>
          )}
        />
      }
    />
  );
}
