// Register (/elders/new) or edit (/elders/:id/edit) an elder. Every field is checked as it is typed
// with the server's own checkElder(), and the server's answer lands on the same fields.

import { App, Button, Card, Form, Input, Skeleton, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useState } from 'react';
import { REGISTRY_WRITERS } from '../../../../src/domain/identity/permissions.ts';
import { api } from '../../api.ts';
import { JurisdictionPicker } from '../../components/JurisdictionPicker.tsx';
import { showServerErrors } from '../../forms.ts';
import type { MessageKey } from '../../i18n.ts';
import { usePrefs } from '../../prefs.tsx';
import { navigate, useParams } from '../../router.tsx';
import {
  ageOn,
  checkElder,
  type ElderDetail,
  type ElderDraft,
  MIN_ELDER_AGE,
  parseCitizenId,
  ruleMessage,
  todayInShanghai,
} from './shared.ts';

type Values = {
  name: string;
  idNumber: string;
  phone?: string;
  communityCode?: string;
  address: string;
  hukouCode?: string;
};
const FIELDS = ['name', 'idNumber', 'phone', 'communityCode', 'address', 'hukouCode'] as const;
const LABELS: Record<(typeof FIELDS)[number], MessageKey> = {
  name: 'field.name',
  idNumber: 'field.idNumber',
  phone: 'field.phone',
  communityCode: 'field.community',
  address: 'field.address',
  hukouCode: 'field.hukouCode',
};

const draftOf = (v: Partial<Values>): ElderDraft => ({
  name: v.name ?? '',
  idNumber: v.idNumber ?? '',
  phone: v.phone || null,
  communityCode: v.communityCode ?? '',
  address: v.address ?? '',
  hukouCode: v.hukouCode || null,
});

/** Birth date, sex and age read from the ID number as it is typed. */
function IdPreview({ idNumber }: { idNumber?: string }) {
  const { t } = usePrefs();
  const parsed = idNumber && idNumber.trim().length === 18 ? parseCitizenId(idNumber) : null;
  if (!parsed || 'problem' in parsed)
    return <Typography.Text type="secondary">{t('form.derivedHint')}</Typography.Text>;
  const age = ageOn(parsed.birthDate, todayInShanghai());
  return (
    <div className="yy-id-preview" data-testid="id-preview">
      {t('form.derived')}：{t('field.birthDate')} {parsed.birthDate} · {t(`sex.${parsed.sex}`)} ·{' '}
      {t('form.ageYears', { age })}
    </div>
  );
}

export default function ElderFormPage() {
  const { id } = useParams();
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const idNumber = Form.useWatch('idNumber', form);
  const [original, setOriginal] = useState<Values | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!id) return;
    api<ElderDetail>(`/elders/${id}`).then(
      (e) => {
        const v: Values = {
          name: e.name,
          idNumber: e.idNumber,
          phone: e.phone ?? '',
          communityCode: e.communityCode,
          address: e.address,
          hukouCode: e.hukouCode ?? '',
        };
        setOriginal(v);
        form.setFieldsValue(v);
      },
      (err) => showServerErrors(form, err, message),
    );
  }, [id, form, message]);

  // One rule per field, all answered by checkElder over the whole draft (the server's rule set).
  const ruleFor =
    (field: (typeof FIELDS)[number]): Rule =>
    ({ getFieldsValue }) => ({
      validator: async () => {
        const values = getFieldsValue(true) as Values;
        const problem = checkElder(draftOf(values), MIN_ELDER_AGE).problems.find((p) => p.field === field);
        if (!problem) return;
        const code = field === 'communityCode' && !values.communityCode ? 'required' : problem.code;
        throw new Error(ruleMessage(code, lang, { ...problem.params, field: t(LABELS[field]) }));
      },
    });

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      const draft = draftOf(values);
      let saved: ElderDetail;
      if (id) {
        // Only what changed: a PATCH that repeats untouched fields would re-check them for nothing.
        const patch = Object.fromEntries(
          FIELDS.filter((f) => (values[f] ?? '') !== (original?.[f] ?? '')).map((f) => [f, draft[f]]),
        );
        saved = Object.keys(patch).length
          ? await api<ElderDetail>(`/elders/${id}`, { method: 'PATCH', body: patch })
          : ({ id: Number(id) } as ElderDetail);
      } else {
        saved = await api<ElderDetail>('/elders', { method: 'POST', body: draft });
      }
      void message.success(t('common.saved'));
      navigate(`/elders/${saved.id}`);
    } catch (err) {
      showServerErrors(form, err, message);
    } finally {
      setSaving(false);
    }
  };

  if (id && !original)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  return (
    <Card title={id ? t('form.editTitle') : t('form.newTitle')} style={{ maxWidth: 760 }}>
      <Form form={form} layout="vertical" onFinish={submit} validateTrigger="onChange" scrollToFirstError>
        <Form.Item name="name" label={t('field.name')} required rules={[ruleFor('name')]} validateDebounce={300}>
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('field.idNumber')}
          required
          rules={[ruleFor('idNumber')]}
          validateDebounce={500}
          extra={<IdPreview idNumber={idNumber} />}
        >
          <Input maxLength={18} autoComplete="off" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="phone" label={t('field.phone')} rules={[ruleFor('phone')]} validateDebounce={500}>
          <Input maxLength={20} inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="communityCode" label={t('field.community')} required rules={[ruleFor('communityCode')]}>
          <JurisdictionPicker communityOnly roles={REGISTRY_WRITERS} placeholder={t('form.pickCommunity')} />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('field.address')}
          required
          rules={[ruleFor('address')]}
          validateDebounce={300}
        >
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item name="hukouCode" label={t('field.hukouCode')}>
          <Input maxLength={12} autoComplete="off" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('common.save')}
          </Button>
          <Button onClick={() => history.back()}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
