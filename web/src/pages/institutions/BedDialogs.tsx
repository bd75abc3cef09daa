// Admission (with the GB 38600 nine-risk safety assessment), bed transfer and discharge dialogs.

import { Alert, App, Form, Input, Modal, Radio, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { RISK_LEVEL_LABELS, SAFETY_RISK_LABELS, SAFETY_RISKS } from '../../../../src/domain/institutions/kinds.ts';
import type { BedView } from '../../../../src/domain/institutions/schemas.ts';
import type { InstitutionQueue } from '../../../../src/domain/institutions/waitlist-schemas.ts';
import { todayInShanghai } from '../../../../src/lib/dates.ts';
import { api } from '../../api.ts';
import { hasAnyRole, useUser } from '../../auth.tsx';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { OFFICERS, useLoad, useVocabulary } from './shared.ts';

function useSubmit(onDone: () => void) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (
    form: ReturnType<typeof Form.useForm>[0],
    send: (v: Record<string, unknown>) => Promise<unknown>,
  ) => {
    const v = (await form.validateFields()) as Record<string, unknown>;
    setBusy(true);
    try {
      await send(v);
      onDone();
    } catch (err) {
      showServerErrors(form, err, message, {
        'safety.assessedOn': 'assessedOn',
        'safety.assessorName': 'assessorName',
      });
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

export function AdmitDialog({
  organisationId,
  bed,
  onClose,
  onDone,
}: {
  organisationId: number;
  bed: BedView;
  onClose: () => void;
  onDone: () => void;
}) {
  const { tx } = usePrefs();
  const user = useUser();
  const [form] = Form.useForm();
  const { busy, run } = useSubmit(onDone);
  const today = todayInShanghai();
  const queue = useLoad<InstitutionQueue>(
    bed.status === 'reserved' ? `/institutions/${organisationId}/waitlist` : null,
  );
  const holder = queue.data?.items.find((i) => i.offer?.here && i.offer.bedLabel === bed.label);
  const waitingForAnswer = holder?.offer?.status === 'active';

  const submit = () =>
    run(form, ({ idNumber, admittedOn, assessorName, assessedOn, notes, officialPlacement, ...risks }) =>
      api(`/institutions/${organisationId}/residents`, {
        method: 'POST',
        body: {
          bedId: bed.id,
          admittedOn,
          ...(holder?.offer ? { offerId: holder.offer.id } : { idNumber, officialPlacement: !!officialPlacement }),
          safety: {
            assessedOn,
            assessorName,
            notes: notes || null,
            risks: Object.fromEntries(Object.entries(risks).map(([k, v]) => [k, Number(v)])),
          },
        },
      }),
    );

  return (
    <Modal
      open
      title={`${tx({ zh: '办理入住', en: 'Admit' })} · ${bed.label}`}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ disabled: waitingForAnswer }}
      confirmLoading={busy}
      width={720}
      destroyOnHidden
    >
      {bed.status === 'reserved' && holder && (
        <Alert
          type={waitingForAnswer ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          message={
            waitingForAnswer
              ? tx({ zh: `床位已邀约 ${holder.elderName ?? ''}，等待答复`, en: 'Offered; waiting for the answer' })
              : tx({ zh: `轮候申请人 ${holder.elderName ?? ''} 已接受邀约`, en: 'The applicant accepted the offer' })
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ admittedOn: today, assessedOn: today, ...Object.fromEntries(SAFETY_RISKS.map((k) => [k, 1])) }}
      >
        {!holder && (
          <Form.Item
            name="idNumber"
            label={tx({ zh: '身份证号（核验本人证件）', en: 'ID number (from the ID card)' })}
            rules={[{ required: true, len: 18 }]}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        )}
        {!holder && hasAnyRole(user, OFFICERS) && (
          <Form.Item
            name="officialPlacement"
            label={tx({ zh: '民政兜底安置（不经轮候）', en: 'Bureau placement (bypasses the waiting list)' })}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        )}
        <Form.Item name="admittedOn" label={tx({ zh: '入住日期', en: 'Admitted on' })} rules={[{ required: true }]}>
          <Input type="date" max={today} />
        </Form.Item>
        <Typography.Title level={5}>
          {tx({ zh: '入院前安全风险评估（GB 38600）', en: 'Pre-admission safety-risk assessment (GB 38600)' })}
        </Typography.Title>
        {SAFETY_RISKS.map((risk) => (
          <Form.Item key={risk} name={risk} label={SAFETY_RISK_LABELS[risk]} style={{ marginBottom: 8 }}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={RISK_LEVEL_LABELS.map((l, i) => ({ value: i, label: l }))}
            />
          </Form.Item>
        ))}
        <Form.Item name="assessorName" label={tx({ zh: '评估人', en: 'Assessor' })} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="assessedOn" label={tx({ zh: '评估日期', en: 'Assessed on' })} rules={[{ required: true }]}>
          <Input type="date" max={today} />
        </Form.Item>
        <Form.Item name="notes" label={tx({ zh: '备注', en: 'Notes' })}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function TransferDialog({
  bed,
  beds,
  onClose,
  onDone,
}: {
  bed: BedView;
  beds: BedView[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { tx } = usePrefs();
  const [form] = Form.useForm();
  const { busy, run } = useSubmit(onDone);
  const today = todayInShanghai();
  const submit = () =>
    run(form, (v) => api(`/residencies/${bed.resident!.residencyId}/bed-move`, { method: 'POST', body: v }));
  return (
    <Modal
      open
      title={`${tx({ zh: '转床', en: 'Move bed' })} · ${bed.resident?.name ?? ''} · ${bed.label}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ movedOn: today }}>
        <Form.Item name="toBedId" label={tx({ zh: '转入床位', en: 'To bed' })} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={beds
              .filter((b) => b.status === 'free')
              .map((b) => ({ value: b.id, label: `${b.label}（${b.bedTypeLabel}）` }))}
          />
        </Form.Item>
        <Form.Item name="movedOn" label={tx({ zh: '日期', en: 'Date' })} rules={[{ required: true }]}>
          <Input type="date" max={today} />
        </Form.Item>
        <Form.Item name="reason" label={tx({ zh: '原因', en: 'Reason' })} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DischargeDialog({ bed, onClose, onDone }: { bed: BedView; onClose: () => void; onDone: () => void }) {
  const { tx } = usePrefs();
  const vocab = useVocabulary();
  const [form] = Form.useForm();
  const { busy, run } = useSubmit(onDone);
  const today = todayInShanghai();
  const submit = () =>
    run(form, (v) =>
      api(`/residencies/${bed.resident!.residencyId}/discharge`, {
        method: 'POST',
        body: { ...v, note: v.note || null },
      }),
    );
  return (
    <Modal
      open
      title={`${tx({ zh: '办理出院', en: 'Discharge' })} · ${bed.resident?.name ?? ''} · ${bed.label}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ dischargedOn: today, reason: 'returned_home' }}>
        <Form.Item name="dischargedOn" label={tx({ zh: '出院日期', en: 'Discharged on' })} rules={[{ required: true }]}>
          <Input type="date" max={today} />
        </Form.Item>
        <Form.Item name="reason" label={tx({ zh: '出院原因', en: 'Reason' })} rules={[{ required: true }]}>
          <Select options={Object.entries(vocab?.dischargeReasons ?? {}).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="note" label={tx({ zh: '说明', en: 'Note' })}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
