// /homecare/today — the caregiver's phone view: today's visits in order, the address with a route
// link, the needs and notes, and check-in / check-out with one position taken at each (never in
// between). A check-in/out that cannot be sent is kept with its device time and client id and
// sent again later; the server accepts each once.
import { Alert, App, Button, Card, Checkbox, Empty, Input, Segmented, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';
import { SosButton } from './SosPanel.tsx';
import {
  currentPosition,
  hhmm,
  labelOf,
  newClientId,
  type OfferList,
  useLoad,
  VISIT_COLORS,
  VISIT_LABELS,
  type VisitList,
  type VisitView,
  when,
} from './shared.ts';

interface Queued {
  visitId: number;
  action: 'check-in' | 'check-out';
  body: Record<string, unknown>;
}
const QUEUE_KEY = 'homecare.evvQueue';
const readQueue = (): Queued[] => {
  try {
    return JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]') as Queued[];
  } catch {
    return [];
  }
};
const writeQueue = (q: Queued[]) => localStorage.setItem(QUEUE_KEY, JSON.stringify(q));

/** Sends what is queued; keeps what the network still refuses, drops what the server answered. */
async function flushQueue(): Promise<number> {
  const left: Queued[] = [];
  for (const item of readQueue()) {
    try {
      await api(`/homecare/visits/${item.visitId}/${item.action}`, { method: 'POST', body: item.body });
    } catch (err) {
      if (!(err instanceof ApiError)) left.push(item);
    }
  }
  writeQueue(left);
  return left.length;
}

function VisitCard({ visit, onChange }: { visit: VisitView; onChange: () => void }) {
  const { tx, lang } = usePrefs();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState('');
  // The elder shows the elder code, or (without a phone or the sight for it) tells their PIN.
  const [method, setMethod] = useState<'elder_code' | 'pin'>('elder_code');
  const [done, setDone] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const send = async (action: 'check-in' | 'check-out') => {
    setBusy(true);
    try {
      const fix = await currentPosition();
      const body: Record<string, unknown> = { ...fix, at: new Date().toISOString(), clientId: newClientId() };
      if (action === 'check-out') {
        if (code) body.confirmation = { method, value: code };
        body.checklist = done;
        if (notes) body.notes = notes;
      }
      try {
        await api(`/homecare/visits/${visit.id}/${action}`, { method: 'POST', body });
      } catch (err) {
        if (err instanceof ApiError) throw err;
        writeQueue([...readQueue(), { visitId: visit.id, action, body }]);
        message.warning(
          tx({ zh: '网络不可用，已暂存，联网后自动补传', en: 'Offline: saved, will be sent when back online' }),
        );
      }
      onChange();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const route = visit.home
    ? `https://uri.amap.com/marker?position=${visit.home.lng},${visit.home.lat}&name=${encodeURIComponent(visit.address)}`
    : null;
  return (
    <Card
      size="small"
      data-testid={`visit-${visit.id}`}
      title={
        <Space>
          <span>{hhmm(visit.scheduledStart)}</span>
          <span>{visit.serviceName}</span>
          <Tag color={VISIT_COLORS[visit.status]}>{labelOf(VISIT_LABELS, visit.status, lang)}</Tag>
        </Space>
      }
    >
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        <strong>{visit.elderName}</strong> · {visit.address}{' '}
        {route && (
          <a href={route} target="_blank" rel="noreferrer">
            {tx({ zh: '导航', en: 'Route' })}
          </a>
        )}
      </Typography.Paragraph>
      {visit.orderNote && <Alert type="info" showIcon message={visit.orderNote} style={{ marginBottom: 8 }} />}
      {visit.exceptions
        .filter((x) => x.status === 'open')
        .map((x) => (
          <Tag key={x.id} color="red">
            {x.name}
          </Tag>
        ))}
      {visit.status === 'scheduled' && (
        <Button type="primary" block size="large" loading={busy} onClick={() => send('check-in')}>
          {tx({ zh: '签到', en: 'Check in' })}
        </Button>
      )}
      {visit.status === 'in_progress' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Checkbox.Group
            options={visit.checklistItems}
            value={done}
            onChange={(v) => setDone(v as string[])}
            style={{ display: 'flex', flexDirection: 'column' }}
          />
          <Segmented
            block
            value={method}
            onChange={(v) => {
              setMethod(v as 'elder_code' | 'pin');
              setCode('');
            }}
            options={[
              { value: 'elder_code', label: tx({ zh: '老人码', en: 'Elder code' }) },
              { value: 'pin', label: tx({ zh: '确认码（PIN）', en: 'PIN' }) },
            ]}
          />
          {method === 'elder_code' ? (
            <Input
              placeholder={tx({ zh: '老人码（请老人出示）', en: 'Elder code (shown by the elder)' })}
              value={code}
              onChange={(e) => setCode(e.target.value.trim())}
              maxLength={40}
            />
          ) : (
            <Input.Password
              placeholder={tx({ zh: '请老人输入确认码', en: 'The elder types their PIN' })}
              inputMode="numeric"
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              maxLength={6}
            />
          )}
          <Input.TextArea
            placeholder={tx({ zh: '服务备注', en: 'Notes' })}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            maxLength={500}
          />
          <Button type="primary" block size="large" loading={busy} onClick={() => send('check-out')}>
            {tx({ zh: '签退', en: 'Check out' })}
          </Button>
        </Space>
      )}
    </Card>
  );
}

/** 派单邀约: orders the provider offered to this caregiver, to take or decline before they expire. */
function OfferCards({ onTaken }: { onTaken: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const { data, reload } = useLoad<OfferList>('/homecare/offers/mine');
  const answer = async (id: number, action: 'accept' | 'decline') => {
    try {
      await api(`/homecare/offers/${id}/${action}`, { method: 'POST', body: action === 'decline' ? {} : undefined });
      if (action === 'accept') onTaken();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
    reload();
  };
  if (!data?.length) return null;
  return (
    <>
      {data.map((o) => (
        <Card
          key={o.id}
          size="small"
          data-testid={`offer-${o.id}`}
          title={tx({ zh: '新的派单邀约', en: 'New offer' })}
          extra={
            <Typography.Text type="secondary">
              {tx({ zh: '有效至', en: 'until' })} {hhmm(o.expiresAt)}
            </Typography.Text>
          }
        >
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Typography.Text strong>
              {when(o.scheduledStart)} · {o.itemName}
            </Typography.Text>
            <span>
              {o.elderName} · {o.address}
            </span>
            <Space>
              <Button type="primary" onClick={() => answer(o.id, 'accept')}>
                {tx({ zh: '接单', en: 'Take it' })}
              </Button>
              <Button onClick={() => answer(o.id, 'decline')}>{tx({ zh: '婉拒', en: 'Decline' })}</Button>
            </Space>
          </Space>
        </Card>
      ))}
    </>
  );
}

export default function CaregiverTodayPage() {
  const { tx } = usePrefs();
  const { data, error, reload } = useLoad<VisitList>('/homecare/visits/mine');
  const [queued, setQueued] = useState(readQueue().length);
  const retry = useCallback(async () => {
    setQueued(await flushQueue());
    reload();
  }, [reload]);
  useEffect(() => {
    const online = () => void retry();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [retry]);
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 480 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {tx({ zh: '今日服务', en: "Today's visits" })}
      </Typography.Title>
      {error && <Alert type="error" message={error} />}
      {queued > 0 && (
        <Alert
          type="warning"
          message={tx({ zh: `${queued} 条签到/签退待补传`, en: `${queued} check-ins/outs waiting to be sent` })}
          action={<Button onClick={retry}>{tx({ zh: '补传', en: 'Send' })}</Button>}
        />
      )}
      <OfferCards onTaken={reload} />
      <SosButton visits={data} />
      {data && data.length === 0 && <Empty description={tx({ zh: '今天没有服务安排', en: 'No visits today' })} />}
      {data?.map((v) => (
        <VisitCard key={v.id} visit={v} onChange={reload} />
      ))}
    </Space>
  );
}
