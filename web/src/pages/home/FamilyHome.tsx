// The family portal's home (家属端): one card per elder the user was granted, with what matters at a
// glance (capability level, 重阳分 balance, waiting-list place, the next home-care visit) and the
// things a family does themselves: apply for an assessment, apply for a bed, order home care.

import { App, Button, Card, Descriptions, Form, Input, Modal, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ElderOverview } from '../../../../src/domain/elder-record/schemas.ts';
import type { AdmissionChoices } from '../../../../src/domain/institutions/waitlist-schemas.ts';
import { api } from '../../api.ts';
import { useUser } from '../../auth.tsx';
import { showServerErrors } from '../../forms.ts';
import type { Text } from '../../i18n.ts';
import { usePrefs } from '../../prefs.tsx';
import { Link, navigate } from '../../router.tsx';
import { REASON_TEXT, STATUS_TEXT } from '../assessment/shared.ts';
import { labelOf, ORDER_LABELS } from '../homecare/shared.ts';
import { useLoad } from '../institutions/shared.ts';

const L = {
  title: { zh: '我的家人', en: 'My family' },
  level: { zh: '能力等级', en: 'Capability level' },
  levelN: { zh: '级', en: '' },
  noLevel: { zh: '尚未评估', en: 'Not assessed yet' },
  report: { zh: '评估报告', en: 'Report' },
  task: { zh: '评估申请', en: 'Assessment request' },
  balance: { zh: '重阳分余额', en: '重阳分 balance' },
  noAccount: { zh: '尚未开户', en: 'No account yet' },
  residency: { zh: '入住机构', en: 'Lives in' },
  waiting: { zh: '入院轮候', en: 'Waiting list' },
  place: { zh: '第 {n} 位', en: 'place {n}' },
  none: { zh: '无', en: 'None' },
  nextVisit: { zh: '最近的上门服务', en: 'Latest home-care order' },
  record: { zh: '查看档案', en: 'Open the record' },
  applyAssessment: { zh: '申请能力评估', en: 'Apply for an assessment' },
  applyBed: { zh: '申请入住养老机构', en: 'Apply for a care home' },
  orderCare: { zh: '居家服务点单', en: 'Order home care' },
  account: { zh: '重阳分明细', en: '重阳分 statement' },
  queue: { zh: '轮候进度', en: 'Waiting-list progress' },
  reason: { zh: '申请事由', en: 'Reason' },
  note: { zh: '补充说明（选填）', en: 'Note (optional)' },
  notePlaceholder: { zh: '如：近期行动不便，希望尽快上门评估', en: 'e.g. walking has become hard lately' },
  submit: { zh: '提交申请', en: 'Submit' },
  assessmentSent: {
    zh: '评估申请已提交，社区将安排评估员上门',
    en: 'Request sent: the community will send assessors',
  },
  assessmentOpen: { zh: '已有进行中的评估申请', en: 'An assessment request is already open' },
  homes: { zh: '意向机构（按志愿顺序，最多 5 家）', en: 'Care homes, in order of preference (up to 5)' },
  homesRule: { zh: '请至少选择一家机构', en: 'Choose at least one care home' },
  free: { zh: '空床 {n}', en: '{n} free' },
  bedSent: { zh: '轮候申请已提交', en: 'Application sent' },
  pin: { zh: '服务确认码', en: 'Visit PIN' },
  pinHelp: {
    zh: '老人不便出示老人码时，告诉护理员此确认码即可确认服务（4–6 位数字，不要用生日或连续数字）',
    en: 'When the elder cannot show the elder code, they tell the caregiver this PIN (4–6 digits)',
  },
  pinRule: { zh: '请输入 4–6 位数字', en: 'Enter 4–6 digits' },
  pinSaved: { zh: '确认码已设置', en: 'PIN set' },
  save: { zh: '保存', en: 'Save' },
} satisfies Record<string, Text>;

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** The elders this user may act for: one per family grant. */
export function useFamilyElderIds(): number[] {
  const user = useUser();
  return [...new Set(user.grants.filter((g) => g.role === 'elder_family' && g.elderId).map((g) => g.elderId!))];
}

export function FamilyHome() {
  const { tx } = usePrefs();
  const ids = useFamilyElderIds();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {tx(L.title)}
      </Typography.Title>
      {ids.map((id) => (
        <FamilyElderCard key={id} elderId={id} />
      ))}
    </Space>
  );
}

function FamilyElderCard({ elderId }: { elderId: number }) {
  const { tx, lang, elderMode } = usePrefs();
  const { data: view, error, reload } = useLoad<ElderOverview>(`/elders/${elderId}/overview`);
  const [dialog, setDialog] = useState<'assessment' | 'bed' | 'pin' | null>(null);
  if (error) return <Card>{error}</Card>;
  if (!view)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  const account = view.accounts.find((a) => a.currency === 'care') ?? view.accounts[0];
  const task = view.openTasks[0];
  const order = view.homecareOrders?.[0];
  const big = { fontSize: elderMode ? 22 : 18 };
  const actions = [
    !task && (
      <Button key="assess" type="primary" onClick={() => setDialog('assessment')}>
        {tx(L.applyAssessment)}
      </Button>
    ),
    !view.residency && !view.waiting && (
      <Button key="bed" onClick={() => setDialog('bed')}>
        {tx(L.applyBed)}
      </Button>
    ),
    <Button key="order" onClick={() => navigate(`/homecare/mine?elderId=${elderId}`)}>
      {tx(L.orderCare)}
    </Button>,
    account && (
      <Button key="account" onClick={() => navigate(`/money/accounts/${account.id}`)}>
        {tx(L.account)}
      </Button>
    ),
    view.waiting && (
      <Button key="queue" onClick={() => navigate('/waitlist/mine')}>
        {tx(L.queue)}
      </Button>
    ),
    <Button key="pin" onClick={() => setDialog('pin')}>
      {tx(L.pin)}
    </Button>,
    <Button key="record" type="link" onClick={() => navigate(`/elders/${elderId}`)}>
      {tx(L.record)}
    </Button>,
  ].filter(Boolean);

  return (
    <Card title={<span style={big}>{view.name}</span>} data-testid={`family-elder-${elderId}`}>
      <Descriptions column={{ xs: 1, sm: 1, md: 2, xl: 3 }} size={elderMode ? 'default' : 'small'} layout="vertical">
        <Descriptions.Item label={tx(L.level)}>
          {view.currentLevel ? (
            <Space wrap>
              <span style={big}>
                {view.currentLevel.level}
                {tx(L.levelN)}
              </span>
              <Link to={`/assessments/${view.currentLevel.assessmentId}`}>{tx(L.report)}</Link>
            </Space>
          ) : (
            tx(L.noLevel)
          )}
          {task && (
            <Tag color="blue" style={{ marginInlineStart: 8 }} data-testid="open-task">
              {tx(L.task)}：{tx(STATUS_TEXT[task.status] ?? { zh: task.status, en: task.status })}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={tx(L.balance)}>
          {account ? <span style={big}>{yuan(account.balanceFen)}</span> : tx(L.noAccount)}
        </Descriptions.Item>
        <Descriptions.Item label={view.residency ? tx(L.residency) : tx(L.waiting)}>
          {view.residency
            ? view.residency.institutionName
            : view.waiting
              ? `${view.waiting.institutions.map((i) => i.name).join('、')}${
                  view.waiting.place ? ` · ${tx(L.place).replace('{n}', String(view.waiting.place))}` : ''
                }`
              : tx(L.none)}
        </Descriptions.Item>
        {order && (
          <Descriptions.Item label={tx(L.nextVisit)}>
            <Space wrap>
              <span>{when(order.scheduledStart)}</span>
              <span>{tx(order.itemName)}</span>
              <Tag>{labelOf(ORDER_LABELS, order.status, lang)}</Tag>
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Space wrap style={{ marginTop: 12 }}>
        {actions}
      </Space>
      {dialog === 'assessment' && (
        <AssessmentDialog
          elderId={elderId}
          onClose={(sent) => {
            setDialog(null);
            if (sent) reload();
          }}
        />
      )}
      {dialog === 'pin' && <PinDialog elderId={elderId} onClose={() => setDialog(null)} />}
      {dialog === 'bed' && (
        <BedDialog
          elderId={elderId}
          onClose={(sent) => {
            setDialog(null);
            if (sent) reload();
          }}
        />
      )}
    </Card>
  );
}

function AssessmentDialog({ elderId, onClose }: { elderId: number; onClose: (sent: boolean) => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { reason: string; note?: string }) => {
    setBusy(true);
    try {
      await api('/assessment-tasks', {
        method: 'POST',
        body: { elderId, reason: values.reason, requesterKind: 'family', note: values.note || null },
      });
      void message.success(tx(L.assessmentSent));
      onClose(true);
    } catch (err) {
      showServerErrors(form, err, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={tx(L.applyAssessment)}
      okText={tx(L.submit)}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reason: 'application' }}>
        <Form.Item name="reason" label={tx(L.reason)}>
          <Select
            options={['application', 'condition_change'].map((r) => ({ value: r, label: tx(REASON_TEXT[r]!) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={tx(L.note)} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder={tx(L.notePlaceholder)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function BedDialog({ elderId, onClose }: { elderId: number; onClose: (sent: boolean) => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ organisationIds: number[] }>();
  const [busy, setBusy] = useState(false);
  const choices = useLoad<AdmissionChoices>('/waitlist/institutions', { elderId });
  const submit = async (values: { organisationIds: number[] }) => {
    setBusy(true);
    try {
      const app = await api<{ id: number }>('/waitlist/applications', {
        method: 'POST',
        body: { elderId, organisationIds: values.organisationIds },
      });
      void message.success(tx(L.bedSent));
      onClose(true);
      navigate(`/waitlist/${app.id}`);
    } catch (err) {
      showServerErrors(form, err, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={tx(L.applyBed)}
      okText={tx(L.submit)}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      {choices.error && <Typography.Text type="danger">{choices.error}</Typography.Text>}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="organisationIds"
          label={tx(L.homes)}
          rules={[
            { required: true, message: tx(L.homesRule) },
            { type: 'array', max: 5 },
          ]}
        >
          <Select
            mode="multiple"
            maxCount={5}
            loading={!choices.data}
            optionFilterProp="label"
            options={(choices.data ?? []).map((c) => ({
              value: c.id,
              label: `${c.name}（${c.districtName ?? c.districtCode}，${tx(L.free).replace('{n}', String(c.freeBeds))}）`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PinDialog({ elderId, onClose }: { elderId: number; onClose: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ pin: string }>();
  const submit = async (v: { pin: string }) => {
    try {
      await api(`/homecare/elders/${elderId}/pin`, { method: 'PUT', body: { pin: v.pin } });
      void message.success(tx(L.pinSaved));
      onClose();
    } catch (err) {
      showServerErrors(form, err, message);
    }
  };
  return (
    <Modal open title={tx(L.pin)} okText={tx(L.save)} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{tx(L.pinHelp)}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="pin" rules={[{ required: true, pattern: /^\d{4,6}$/, message: tx(L.pinRule) }]}>
          <Input.Password inputMode="numeric" maxLength={6} autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
