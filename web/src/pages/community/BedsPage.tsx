// /community/beds — 家庭养老照护床位: the beds in reach by stage, and one bed's lifecycle (who did
// each step and when, the building grant paid) with the next step for those who may take it.
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Steps,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import type { BedSummary, BedView } from '../../../../src/domain/community/schemas.ts';
import { HOME_CARE_BED_APPROVERS, HOME_CARE_BED_WRITERS } from '../../../../src/domain/identity/permissions.ts';
import { formatFen } from '../../../../src/lib/money.ts';
import { api } from '../../api.ts';
import { useUser } from '../../auth.tsx';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { useLoad, when } from '../institutions/shared.ts';
import { STAGE_LABELS } from './labels.ts';

const STAGES = ['applied', 'assessed', 'accepted', 'contracted', 'closed'] as const;
const STAGE_COLORS: Record<string, string> = {
  applied: 'blue',
  assessed: 'cyan',
  accepted: 'gold',
  contracted: 'green',
  closed: 'default',
};
const CLOSE_LABELS: Record<string, { zh: string; en: string }> = {
  death: { zh: '去世', en: 'Death' },
  admitted: { zh: '入住机构', en: 'Admitted to an institution' },
  moved_away: { zh: '迁出', en: 'Moved away' },
  withdrawn: { zh: '本人退出', en: 'Withdrawn' },
};
const NEXT: Record<string, 'assess' | 'accept' | 'contract' | null> = {
  applied: 'assess',
  assessed: 'accept',
  accepted: 'contract',
  contracted: null,
  closed: null,
};
const ACTION_LABELS = {
  assess: { zh: '登记入户评估', en: 'Record the home assessment' },
  accept: { zh: '验收合格', en: 'Accept' },
  contract: { zh: '签约服务', en: 'Contract the service' },
  close: { zh: '撤床', en: 'Close' },
};

function Step({ bed, action, onDone }: { bed: BedView; action: keyof typeof ACTION_LABELS; onDone: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') body[k] = v;
    if (action === 'contract' && body.visitsPerWeek) {
      body.servicePlan = {
        visitsPerWeek: body.visitsPerWeek,
        items: String(body.items ?? '')
          .split(/[,，、\s]+/)
          .filter(Boolean),
      };
      delete body.visitsPerWeek;
      delete body.items;
    }
    try {
      await api(`/home-care-beds/${bed.id}/${action}`, { method: 'POST', body });
      setOpen(false);
      onDone();
    } catch (err) {
      showServerErrors(form, err, message);
    }
  };
  return (
    <>
      <Button
        type={action === 'close' ? 'default' : 'primary'}
        danger={action === 'close'}
        onClick={() => setOpen(true)}
      >
        {tx(ACTION_LABELS[action])}
      </Button>
      <Modal
        open={open}
        title={tx(ACTION_LABELS[action])}
        onCancel={() => setOpen(false)}
        onOk={submit}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {action === 'assess' && (
            <>
              <Form.Item name="findings" label={tx({ zh: '评估发现', en: 'Findings' })}>
                <Input.TextArea maxLength={1000} />
              </Form.Item>
              <Form.Item
                name="buildingOrganisationId"
                label={tx({ zh: '建床机构编号', en: 'Building institution id' })}
              >
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
          {action === 'accept' && (
            <Form.Item
              name="buildingOrganisationId"
              label={tx({ zh: '建床机构编号', en: 'Building institution id' })}
              initialValue={bed.buildingOrganisationId ?? undefined}
              rules={[{ required: !bed.buildingOrganisationId }]}
            >
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          )}
          {action === 'contract' && (
            <>
              <Form.Item name="providerOrganisationId" label={tx({ zh: '签约服务机构编号', en: 'Provider id' })}>
                <InputNumber min={1} style={{ width: '100%' }} placeholder={String(bed.buildingOrganisationId ?? '')} />
              </Form.Item>
              <Form.Item name="visitsPerWeek" label={tx({ zh: '每周上门次数', en: 'Visits a week' })}>
                <InputNumber min={1} max={21} />
              </Form.Item>
              <Form.Item name="items" label={tx({ zh: '服务项目（逗号分隔）', en: 'Service items (comma separated)' })}>
                <Input maxLength={500} />
              </Form.Item>
              <Form.Item name="familySickbedRef" label={tx({ zh: '家庭病床编号', en: 'Family sickbed reference' })}>
                <Input maxLength={64} />
              </Form.Item>
            </>
          )}
          {action === 'close' && (
            <Form.Item name="reason" label={tx({ zh: '撤床原因', en: 'Reason' })} rules={[{ required: true }]}>
              <Select options={Object.entries(CLOSE_LABELS).map(([value, label]) => ({ value, label: tx(label) }))} />
            </Form.Item>
          )}
          <Form.Item name="note" label={tx({ zh: '备注', en: 'Note' })} hidden={action === 'assess'}>
            <Input maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function BedDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const { tx } = usePrefs();
  const user = useUser();
  const { data: bed, error, reload } = useLoad<BedView>(`/home-care-beds/${id}`);
  const roles = user.grants.map((g) => g.role);
  const writer = roles.some((r) => HOME_CARE_BED_WRITERS.includes(r));
  const approver = roles.some((r) => HOME_CARE_BED_APPROVERS.includes(r));
  const done = () => {
    reload();
    onChanged();
  };
  const next = bed ? NEXT[bed.status] : null;
  const mayNext = next === 'assess' ? writer : approver;
  return (
    <Drawer open width={640} onClose={onClose} title={bed ? `${bed.elderName} · #${bed.id}` : '…'}>
      {error && <Alert type="error" showIcon message={error} />}
      {bed && (
        <>
          <Steps
            size="small"
            current={STAGES.indexOf(bed.status)}
            status={bed.status === 'closed' ? 'finish' : 'process'}
            items={STAGES.map((s) => ({ title: tx(STAGE_LABELS[s]!) }))}
            style={{ marginBottom: 16 }}
          />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={tx({ zh: '能力等级', en: 'Assessed level' })}>
              {bed.eligibilityLevel}
            </Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '已适老化改造', en: 'Home already retrofitted' })}>
              {bed.retrofitDone ? '✓' : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '一次性建床补助', en: 'Building grant' })}>
              {bed.grant ? `${formatFen(bed.grant.amountFen)}（${bed.grant.paidOn}）` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '护理补贴登记', en: 'Nursing subsidy enrolment' })}>
              {bed.enrolmentId ? `#${bed.enrolmentId}` : '—'}
            </Descriptions.Item>
            {bed.servicePlan && (
              <Descriptions.Item label={tx({ zh: '服务计划', en: 'Service plan' })}>
                {tx({ zh: `每周 ${bed.servicePlan.visitsPerWeek} 次`, en: `${bed.servicePlan.visitsPerWeek} a week` })}
                ：{bed.servicePlan.items.join('、')}
              </Descriptions.Item>
            )}
            {bed.closeReason && (
              <Descriptions.Item label={tx({ zh: '撤床原因', en: 'Closed because' })}>
                {tx(CLOSE_LABELS[bed.closeReason]!)}（{bed.closedOn}）
              </Descriptions.Item>
            )}
          </Descriptions>
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey="at"
            pagination={false}
            dataSource={bed.history}
            columns={[
              {
                title: tx({ zh: '环节', en: 'Step' }),
                dataIndex: 'toStatus',
                render: (s: string) => tx(STAGE_LABELS[s]!),
              },
              { title: tx({ zh: '日期', en: 'Date' }), dataIndex: 'onDate' },
              { title: tx({ zh: '经办人', en: 'By' }), dataIndex: 'by' },
              { title: tx({ zh: '记录时间', en: 'Recorded' }), dataIndex: 'at', render: when },
            ]}
          />
          <div className="yy-toolbar" style={{ marginTop: 16 }}>
            {next && mayNext && <Step bed={bed} action={next} onDone={done} />}
            {bed.status !== 'closed' && approver && <Step bed={bed} action="close" onDone={done} />}
          </div>
        </>
      )}
    </Drawer>
  );
}

export default function BedsPage() {
  const { tx, elderMode } = usePrefs();
  const [f, setF] = useState<{ status?: string; page: number }>({ page: 1 });
  const [open, setOpen] = useState<number | null>(null);
  const { data, error, reload } = useLoad<{ items: BedSummary[]; total: number }>('/home-care-beds', f);
  return (
    <Card title={tx({ zh: '家庭养老照护床位', en: 'Family care beds' })}>
      <div className="yy-toolbar">
        <Select
          allowClear
          style={{ minWidth: 180 }}
          placeholder={tx({ zh: '环节', en: 'Stage' })}
          value={f.status}
          onChange={(status) => setF({ status, page: 1 })}
          options={STAGES.map((s) => ({ value: s, label: tx(STAGE_LABELS[s]!) }))}
        />
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<BedSummary>
        rowKey="id"
        size={elderMode ? 'large' : 'middle'}
        loading={!data && !error}
        dataSource={data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: f.page,
          pageSize: 100,
          total: data?.total ?? 0,
          onChange: (page) => setF({ ...f, page }),
        }}
        columns={[
          { title: tx({ zh: '老人', en: 'Elder' }), dataIndex: 'elderName' },
          { title: tx({ zh: '社区', en: 'Community' }), render: (_, r) => r.communityName ?? r.communityCode },
          { title: tx({ zh: '能力等级', en: 'Level' }), dataIndex: 'eligibilityLevel' },
          {
            title: tx({ zh: '环节', en: 'Stage' }),
            dataIndex: 'status',
            render: (s: string) => <Tag color={STAGE_COLORS[s]}>{tx(STAGE_LABELS[s]!)}</Tag>,
          },
          { title: tx({ zh: '申请日期', en: 'Applied on' }), dataIndex: 'appliedOn' },
        ]}
      />
      {open != null && <BedDrawer id={open} onClose={() => setOpen(null)} onChanged={reload} />}
    </Card>
  );
}
