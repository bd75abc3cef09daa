// One waiting-list application as the family and the bureau read it: the place in each chosen
// institution and why, the bed offer to answer, and every change with its reason.

import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Input,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { WaitlistApplication } from '../../../../src/domain/institutions/waitlist-schemas.ts';
import { api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';
import { APPLICATION_COLORS, when } from './shared.ts';

export function ApplicationView({
  app,
  onChange,
}: {
  app: WaitlistApplication;
  onChange: (a: WaitlistApplication) => void;
}) {
  const { tx, elderMode } = usePrefs();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const open = app.offers.find((o) => o.status === 'active');
  const act = async (path: string, body: unknown) => {
    try {
      onChange(await api<WaitlistApplication>(path, { method: 'POST', body }));
    } catch (err) {
      void message.error((err as Error).message);
    }
  };
  return (
    <Card
      data-testid={`application-${app.id}`}
      title={
        <Space wrap>
          <span>{app.elderName ?? `#${app.id}`}</span>
          <Tag color={APPLICATION_COLORS[app.status]}>{app.statusLabel}</Tag>
          {app.eligible ? (
            <Tag color="blue">{`${tx({ zh: '优先档', en: 'Tier' })} ${app.tier}${app.tierLabel ? `：${app.tierLabel}` : ''}`}</Tag>
          ) : (
            <Tag>{tx({ zh: '暂不符合条件', en: 'Not eligible yet' })}</Tag>
          )}
        </Space>
      }
      extra={
        ['waiting', 'offered', 'accepted'].includes(app.status) && (
          <Popconfirm
            title={tx({ zh: '确定撤回申请？', en: 'Withdraw the application?' })}
            onConfirm={() => act(`/waitlist/applications/${app.id}/withdraw`, { reason: '申请人撤回' })}
          >
            <Button danger>{tx({ zh: '撤回申请', en: 'Withdraw' })}</Button>
          </Popconfirm>
        )
      }
    >
      {open && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={tx({
            zh: `为您保留：${open.organisationName} 床位 ${open.bedLabel}（${open.bedTypeLabel}）`,
            en: `Bed offered: ${open.organisationName} ${open.bedLabel}`,
          })}
          description={
            <Space direction="vertical" style={{ width: '100%' }}>
              <span>
                {tx({ zh: `请于 ${when(open.expiresAt)} 前答复`, en: `Please answer by ${when(open.expiresAt)}` })}
              </span>
              <Input
                placeholder={tx({ zh: '备注（可选）', en: 'Note (optional)' })}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={200}
              />
              <Space>
                <Button
                  type="primary"
                  data-testid="accept-offer"
                  onClick={() => act(`/waitlist/offers/${open.id}/accept`, { note: note || undefined })}
                >
                  {tx({ zh: '接受床位', en: 'Accept' })}
                </Button>
                <Popconfirm
                  title={tx({
                    zh: `放弃后回到队列；累计放弃 ${app.declinesBeforeBack} 次将排至本档末尾`,
                    en: `Declining ${app.declinesBeforeBack} times moves you to the back of your tier`,
                  })}
                  onConfirm={() => act(`/waitlist/offers/${open.id}/decline`, { note: note || undefined })}
                >
                  <Button>{tx({ zh: '放弃', en: 'Decline' })}</Button>
                </Popconfirm>
              </Space>
            </Space>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        {app.choices.map((c) => (
          <Col key={c.organisationId} xs={24} md={12} xl={8}>
            <Card size="small" title={c.name}>
              <Statistic
                data-testid="queue-position"
                title={tx({ zh: '轮候位次', en: 'Place in queue' })}
                value={c.position ?? '—'}
                suffix={c.position ? tx({ zh: `/ ${c.queueLength} 人`, en: `of ${c.queueLength}` }) : undefined}
              />
              {c.position != null && (
                <Typography.Text type="secondary">
                  {tx({
                    zh: `优先档更高 ${c.aheadHigherTier} 人，同档更早 ${c.aheadSameTier} 人`,
                    en: `${c.aheadHigherTier} in higher tiers, ${c.aheadSameTier} earlier in yours`,
                  })}
                </Typography.Text>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {tx({ zh: '为什么是这个位次', en: 'Why this place' })}
      </Typography.Title>
      <ul data-testid="explanation">
        {app.explanation.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {!elderMode && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={tx({ zh: '申请日期', en: 'Applied' })}>{app.appliedOn}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '依据', en: 'Facts' })}>{app.reasons.join('；')}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '规则版本', en: 'Rules' })}>{app.policyVersion}</Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Title level={5}>{tx({ zh: '轮候记录', en: 'History' })}</Typography.Title>
      <Timeline items={app.events.map((e) => ({ children: `${when(e.at)}　${e.reason}` }))} />
    </Card>
  );
}
