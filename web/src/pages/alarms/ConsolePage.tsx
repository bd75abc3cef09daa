// The dispatcher console: the incident queue by priority and age, live over SSE (a tone on each
// new incident), the elder's card and one-click acknowledge, resolve and close.
import { Button, Card, Descriptions, Space, Table, Tag, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { IncidentDetail, IncidentList, IncidentSummary } from '../../../../src/domain/alarms/schemas.ts';
import { api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';
import { labelOf } from '../homecare/shared.ts';
import { INCIDENT_KIND_LABELS, INCIDENT_STATUS_LABELS } from './labels.ts';

function beep(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 880;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.3);
  } catch {
    // No audio available: the queue still updates.
  }
}

export default function ConsolePage() {
  const { tx, lang } = usePrefs();
  const [queue, setQueue] = useState<IncidentSummary[]>([]);
  const [selected, setSelected] = useState<IncidentDetail | null>(null);
  const load = useCallback(async () => {
    const list = await api<IncidentList>('/alarms/incidents', { query: { status: 'open', limit: 200 } });
    setQueue(list.items);
  }, []);
  const open = useCallback(async (id: number) => setSelected(await api<IncidentDetail>(`/alarms/incidents/${id}`)), []);
  useEffect(() => {
    void load();
    const source = new EventSource('/api/v1/alarms/stream');
    source.addEventListener('incident', (e) => {
      const notice = JSON.parse((e as MessageEvent<string>).data) as { event: string };
      if (notice.event === 'opened') beep();
      void load();
    });
    return () => source.close();
  }, [load]);
  const step = async (path: string, body: object) => {
    if (!selected) return;
    setSelected(await api<IncidentDetail>(`/alarms/incidents/${selected.id}/${path}`, { method: 'POST', body }));
    void load();
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={tx({ zh: '警情队列', en: 'Incident queue' })}>
        <Table<IncidentSummary>
          rowKey="id"
          size="small"
          dataSource={queue}
          pagination={false}
          onRow={(r) => ({ onClick: () => void open(r.id) })}
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: tx({ zh: '优先级', en: 'Priority' }), dataIndex: 'priority' },
            {
              title: tx({ zh: '类型', en: 'Kind' }),
              dataIndex: 'kind',
              render: (k: string) => <Tag color="red">{labelOf(INCIDENT_KIND_LABELS, k, lang)}</Tag>,
            },
            { title: tx({ zh: '老人', en: 'Elder' }), dataIndex: 'elderName' },
            {
              title: tx({ zh: '状态', en: 'Status' }),
              dataIndex: 'status',
              render: (s: string) => labelOf(INCIDENT_STATUS_LABELS, s, lang),
            },
            { title: tx({ zh: '次数', en: 'Count' }), dataIndex: 'eventCount' },
            { title: tx({ zh: '等待（秒）', en: 'Age (s)' }), dataIndex: 'ageSeconds' },
            {
              title: 'SLA',
              dataIndex: 'slaBreached',
              render: (b: boolean) => (b ? <Tag color="volcano">{tx({ zh: '超时', en: 'late' })}</Tag> : null),
            },
          ]}
        />
      </Card>
      {selected && (
        <Card title={`#${selected.id} ${selected.elder.name}`}>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={tx({ zh: '地址', en: 'Address' })}>{selected.elder.address}</Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '电话', en: 'Phone' })}>{selected.elder.phone}</Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '年龄', en: 'Age' })}>{selected.elder.age}</Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '联系人', en: 'Contacts' })}>
              {selected.elder.contacts.map((c) => `${c.name}（${c.relation}）${c.phone ?? ''}`).join('；')}
            </Descriptions.Item>
          </Descriptions>
          <Space style={{ margin: '12px 0' }}>
            <Button type="primary" disabled={selected.status !== 'new'} onClick={() => void step('acknowledge', {})}>
              {tx({ zh: '接警', en: 'Acknowledge' })}
            </Button>
            <Button onClick={() => void step('actions', { action: 'call_back' })}>
              {tx({ zh: '回拨', en: 'Call back' })}
            </Button>
            <Button onClick={() => void step('actions', { action: 'call_120' })}>
              {tx({ zh: '呼叫120', en: 'Call 120' })}
            </Button>
            <Button onClick={() => void step('resolve', { disposition: 'assistance' })}>
              {tx({ zh: '处置完毕', en: 'Resolve' })}
            </Button>
            <Button onClick={() => void step('close', { closureCode: 'handled_by_staff' })}>
              {tx({ zh: '结案', en: 'Close' })}
            </Button>
          </Space>
          <Timeline
            items={selected.timeline.map((e) => ({ children: `${e.at} ${e.action} ${e.actor ?? ''} ${e.note ?? ''}` }))}
          />
        </Card>
      )}
    </Space>
  );
}
