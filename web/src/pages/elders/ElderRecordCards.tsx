// The joined-up elder record on the elder page: one card per section of GET /elders/:id/overview,
// each linking to the page that owns it, the actions that start from the elder, and who read the
// record (for the city, the officers of the place and the family).

import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Space, Table, Tag, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import type { ElderOverview, RecordReads } from '../../../../src/domain/elder-record/schemas.ts';
import { ROLE_LABELS, type Role } from '../../../../src/domain/identity/roles.ts';
import { ApiError, api } from '../../api.ts';
import { rolesOf, useUser } from '../../auth.tsx';
import type { Text } from '../../i18n.ts';
import { usePrefs } from '../../prefs.tsx';
import { PAGES } from '../../registry.tsx';
import { Link, matchPath } from '../../router.tsx';
import { INCIDENT_KIND_LABELS, INCIDENT_STATUS_LABELS } from '../alarms/labels.ts';
import { STATUS_TEXT } from '../assessment/shared.ts';
import { STAGE_LABELS } from '../community/labels.ts';
import { labelOf, ORDER_LABELS } from '../homecare/shared.ts';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

const L = {
  overview: { zh: '综合档案', en: 'Record overview' },
  level: { zh: '能力等级', en: 'Capability level' },
  levelN: { zh: '级', en: '' },
  noLevel: { zh: '尚无有效评估', en: 'No valid assessment yet' },
  report: { zh: '查看评估报告', en: 'Open the report' },
  screen: { zh: '最近认知筛查', en: 'Latest cognitive screen' },
  positive: { zh: '阳性', en: 'Positive' },
  negative: { zh: '阴性', en: 'Negative' },
  tasks: { zh: '进行中的评估任务', en: 'Open assessment tasks' },
  accounts: { zh: '重阳分账户', en: '重阳分 account' },
  balance: { zh: '余额', en: 'Balance' },
  noAccount: { zh: '尚未开户', en: 'No account yet' },
  residency: { zh: '入住 / 轮候', en: 'Residency / waiting list' },
  resident: { zh: '在住机构', en: 'Lives in' },
  waiting: { zh: '轮候中', en: 'Waiting' },
  place: { zh: '排位', en: 'Place' },
  none: { zh: '无', en: 'None' },
  enrolments: { zh: '补贴项目', en: 'Subsidy programmes' },
  orders: { zh: '居家上门服务（最近 5 单）', en: 'Home-care orders (last 5)' },
  alarms: { zh: '紧急呼叫（最近 5 次）', en: 'Alarms (last 5)' },
  careBed: { zh: '家庭养老床位', en: 'Family care bed' },
  actions: { zh: '办理', en: 'Start from this elder' },
  applyAssessment: { zh: '申请能力评估', en: 'Apply for an assessment' },
  applyBed: { zh: '申请机构床位', en: 'Apply for a bed' },
  openAccount: { zh: '开设重阳分账户', en: 'Open an account' },
  reads: { zh: '谁查看过此档案', en: 'Who read this record' },
  who: { zh: '查看人', en: 'Who' },
  at: { zh: '时间', en: 'When' },
  purpose: { zh: '事由', en: 'Purpose' },
  from: { zh: '起', en: 'from' },
} satisfies Record<string, Text>;

const PROGRAMMES: Record<string, Text> = {
  'institutionalCare.nursingSubsidy': { zh: '机构护理补贴', en: 'Institutional nursing subsidy' },
  'homeCareBed.monthlyNursing': { zh: '家庭养老床位护理补贴', en: 'Family care bed nursing subsidy' },
};

/** Whether the user may open the app's page at `path` (the registry's roles decide). */
function useCanOpen() {
  const roles = rolesOf(useUser());
  return (path: string) =>
    PAGES.some((p) => matchPath(p.path, path) && p.roles.some((r) => roles.includes(r as (typeof roles)[number])));
}

function MaybeLink({ to, children }: { to: string; children: ReactNode }) {
  const canOpen = useCanOpen();
  return canOpen(to) ? <Link to={to}>{children}</Link> : <>{children}</>;
}

export function ElderRecordCards({ elderId }: { elderId: number }) {
  const { tx, lang } = usePrefs();
  const canOpen = useCanOpen();
  const [view, setView] = useState<ElderOverview | null>(null);
  const [reads, setReads] = useState<RecordReads | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api<ElderOverview>(`/elders/${elderId}/overview`, { signal: controller.signal }).then(setView, (err) => {
      if (!controller.signal.aborted) setError(err instanceof ApiError ? err.message : String(err));
    });
    // The read log is for the city, the place's officers and the family; others get 404 and no card.
    api<RecordReads>(`/elders/${elderId}/reads`, { signal: controller.signal }).then(setReads, () => undefined);
    return () => controller.abort();
  }, [elderId]);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!view) return <Card loading title={tx(L.overview)} />;

  const account = view.accounts[0];
  const actions = [
    { to: '/assessments', label: L.applyAssessment, show: !view.currentLevel || view.openTasks.length === 0 },
    { to: '/waitlist', label: L.applyBed, show: !view.residency && !view.waiting },
    { to: '/money/accounts', label: L.openAccount, show: !account },
  ].filter((a) => a.show && canOpen(a.to));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="elder-record">
      {actions.length > 0 && (
        <Card size="small" title={tx(L.actions)}>
          <Space wrap>
            {actions.map((a) => (
              <Link key={a.to} to={a.to}>
                <Button>{tx(a.label)}</Button>
              </Link>
            ))}
          </Space>
        </Card>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" title={tx(L.level)} data-testid="record-level" style={{ height: '100%' }}>
            {view.currentLevel ? (
              <Space direction="vertical">
                <Typography.Text strong style={{ fontSize: 20 }}>
                  {view.currentLevel.level}
                  {tx(L.levelN)}
                </Typography.Text>
                <Typography.Text type="secondary">{view.currentLevel.assessedOn}</Typography.Text>
                <MaybeLink to={`/assessments/${view.currentLevel.assessmentId}`}>{tx(L.report)}</MaybeLink>
              </Space>
            ) : (
              <Typography.Text type="secondary">{tx(L.noLevel)}</Typography.Text>
            )}
            {view.openTasks.length > 0 && (
              <div style={{ marginTop: 8 }}>
                <Typography.Text type="secondary">{tx(L.tasks)}：</Typography.Text>
                {view.openTasks.map((task) => (
                  <Tag key={task.id}>
                    #{task.id} {labelOf(STATUS_TEXT, task.status, lang)}
                    {task.dueOn ? ` · ${task.dueOn}` : ''}
                  </Tag>
                ))}
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" title={tx(L.screen)} style={{ height: '100%' }}>
            {view.latestScreen ? (
              <Space wrap>
                <span>{view.latestScreen.instrument}</span>
                <span>{view.latestScreen.score}</span>
                <Tag color={view.latestScreen.positive ? 'red' : 'green'}>
                  {tx(view.latestScreen.positive ? L.positive : L.negative)}
                </Tag>
                <Typography.Text type="secondary">{view.latestScreen.screenedOn}</Typography.Text>
              </Space>
            ) : (
              <Typography.Text type="secondary">{tx(L.none)}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" title={tx(L.accounts)} data-testid="record-account" style={{ height: '100%' }}>
            {account ? (
              <>
                <MaybeLink to={`/money/accounts/${account.id}`}>
                  <Typography.Text strong style={{ fontSize: 20 }}>
                    {tx(L.balance)} {yuan(account.balanceFen)}
                  </Typography.Text>
                </MaybeLink>
                <List
                  size="small"
                  dataSource={account.postings}
                  renderItem={(p) => (
                    <List.Item style={{ paddingInline: 0 }}>
                      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
                        <span>{p.memo ?? p.reason}</span>
                        <Typography.Text type={p.amountFen < 0 ? 'danger' : 'success'}>
                          {p.amountFen > 0 ? '+' : ''}
                          {yuan(p.amountFen)}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </>
            ) : (
              <Typography.Text type="secondary">{tx(L.noAccount)}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" title={tx(L.residency)} style={{ height: '100%' }}>
            {view.residency ? (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={tx(L.resident)}>
                  <MaybeLink to={`/institutions/${view.residency.organisationId}`}>
                    {view.residency.institutionName}
                  </MaybeLink>
                </Descriptions.Item>
                <Descriptions.Item label={tx(L.from)}>{view.residency.admittedOn}</Descriptions.Item>
              </Descriptions>
            ) : view.waiting ? (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={tx(L.waiting)}>
                  <MaybeLink to={`/waitlist/${view.waiting.id}`}>
                    {view.waiting.institutions.map((i) => i.name).join('、') || view.waiting.priorityLabel}
                  </MaybeLink>
                </Descriptions.Item>
                <Descriptions.Item label={tx(L.place)}>{view.waiting.place ?? '—'}</Descriptions.Item>
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">{tx(L.none)}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" title={tx(L.enrolments)} style={{ height: '100%' }}>
            {view.enrolments.length ? (
              <List
                size="small"
                dataSource={view.enrolments}
                renderItem={(e) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    {PROGRAMMES[e.programme] ? tx(PROGRAMMES[e.programme]!) : e.programme}
                    {e.organisationName ? ` · ${e.organisationName}` : ''}{' '}
                    <Typography.Text type="secondary">
                      {e.effectiveFrom}
                      {e.effectiveTo ? ` – ${e.effectiveTo}` : ''}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            ) : (
              <Typography.Text type="secondary">{tx(L.none)}</Typography.Text>
            )}
          </Card>
        </Col>
        {view.careBed !== null && (
          <Col xs={24} md={12} xl={8}>
            <Card size="small" title={<MaybeLink to="/community/beds">{tx(L.careBed)}</MaybeLink>}>
              <Space wrap>
                <Tag>{labelOf(STAGE_LABELS, view.careBed.status, lang)}</Tag>
                <Typography.Text type="secondary">{view.careBed.appliedOn}</Typography.Text>
              </Space>
            </Card>
          </Col>
        )}
        {view.homecareOrders && view.homecareOrders.length > 0 && (
          <Col xs={24} md={12} xl={8}>
            <Card size="small" title={<MaybeLink to="/homecare/orders">{tx(L.orders)}</MaybeLink>}>
              <List
                size="small"
                dataSource={view.homecareOrders}
                renderItem={(o) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Space wrap>
                      <span>{when(o.scheduledStart)}</span>
                      <span>{tx(o.itemName)}</span>
                      <Tag>{labelOf(ORDER_LABELS, o.status, lang)}</Tag>
                      <span>{yuan(o.priceFen)}</span>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        )}
        {view.alarmIncidents && view.alarmIncidents.length > 0 && (
          <Col xs={24} md={12} xl={8}>
            <Card size="small" title={<MaybeLink to="/alarms">{tx(L.alarms)}</MaybeLink>}>
              <List
                size="small"
                dataSource={view.alarmIncidents}
                renderItem={(i) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Space wrap>
                      <span>{when(i.openedAt)}</span>
                      <span>{labelOf(INCIDENT_KIND_LABELS, i.kind, lang)}</span>
                      <Tag>{labelOf(INCIDENT_STATUS_LABELS, i.status, lang)}</Tag>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        )}
      </Row>
      {reads && (
        <Card size="small" title={tx(L.reads)} data-testid="record-reads">
          {reads.items.length ? (
            <Table
              size="small"
              rowKey="id"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={reads.items}
              scroll={{ x: true }}
              columns={[
                { title: tx(L.at), dataIndex: 'at', render: (v: string) => when(v), width: 110 },
                {
                  title: tx(L.who),
                  render: (_: unknown, r: RecordReads['items'][number]) => (
                    <span>
                      {r.displayName ?? r.username ?? '—'}{' '}
                      <Typography.Text type="secondary">
                        {(r.roles ?? '')
                          .split(',')
                          .filter(Boolean)
                          .map((role) => (ROLE_LABELS[role as Role] ? tx(ROLE_LABELS[role as Role]) : role))
                          .join('、')}
                      </Typography.Text>
                    </span>
                  ),
                },
                { title: tx(L.purpose), dataIndex: 'purpose', width: 96, render: (v: string | null) => v ?? '—' },
              ]}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
      )}
    </Space>
  );
}
