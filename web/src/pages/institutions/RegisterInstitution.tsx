// Officers register an institution or a community facility (POST /institutions).

import { App, Button, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { type ReactNode, useState } from 'react';
import { api } from '../../api.ts';
import { JurisdictionPicker } from '../../components/JurisdictionPicker.tsx';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { navigate } from '../../router.tsx';
import { OFFICERS, useVocabulary } from './shared.ts';

export function RegisterInstitutionButton({ onDone, icon }: { onDone: () => void; icon?: ReactNode }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const vocab = useVocabulary();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const { isTownshipHome, hasRehabRoom, hasDementiaUnit, ...org } = v;
      const body =
        kind === 'institution'
          ? {
              ...org,
              profile: {
                isTownshipHome: !!isTownshipHome,
                hasRehabRoom: !!hasRehabRoom,
                hasDementiaUnit: !!hasDementiaUnit,
              },
            }
          : org;
      const created = await api<{ id: number }>('/institutions', { method: 'POST', body });
      setOpen(false);
      form.resetFields();
      onDone();
      navigate(`/institutions/${created.id}`);
    } catch (err) {
      showServerErrors(form, err, message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button type="primary" icon={icon} onClick={() => setOpen(true)}>
        {tx({ zh: '登记机构/设施', en: 'Register' })}
      </Button>
      <Modal
        open={open}
        title={tx({ zh: '登记养老机构或社区设施', en: 'Register an institution or facility' })}
        onCancel={() => setOpen(false)}
        onOk={submit}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'institution', ownership: 'public', bedCount: 0, nursingBedCount: 0 }}
        >
          <Form.Item name="kind" label={tx({ zh: '类型', en: 'Kind' })} rules={[{ required: true }]}>
            <Select options={Object.entries(vocab?.kinds ?? {}).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="name" label={tx({ zh: '名称', en: 'Name' })} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="jurisdictionCode"
            label={tx({ zh: '所在辖区', en: 'Jurisdiction' })}
            rules={[{ required: true }]}
          >
            <JurisdictionPicker roles={OFFICERS} />
          </Form.Item>
          <Form.Item name="address" label={tx({ zh: '地址', en: 'Address' })}>
            <Input maxLength={200} />
          </Form.Item>
          {kind === 'institution' && (
            <>
              <Form.Item name="ownership" label={tx({ zh: '性质', en: 'Ownership' })}>
                <Select options={Object.entries(vocab?.ownerships ?? {}).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item name="bedCount" label={tx({ zh: '核定床位', en: 'Registered beds' })}>
                <InputNumber min={0} max={100000} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="nursingBedCount" label={tx({ zh: '其中护理型床位', en: 'of which nursing-type' })}>
                <InputNumber min={0} max={100000} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                name="isTownshipHome"
                label={tx({ zh: '敬老院', en: 'Township home (敬老院)' })}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
              <Form.Item name="hasRehabRoom" label={tx({ zh: '设有康复室', en: 'Rehab room' })} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item
                name="hasDementiaUnit"
                label={tx({ zh: '记忆家园（认知障碍照护专区）', en: 'Dementia unit (记忆家园)' })}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
