// 注销: on death or moving away the record is archived, never deleted.

import { StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api.ts';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import type { ElderDetail } from './shared.ts';

interface Values {
  reason: 'deceased' | 'moved_away';
  date: Dayjs;
  note?: string;
}

export function ArchiveButton({ elder, onArchived }: { elder: ElderDetail; onArchived(e: ElderDetail): void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const updated = await api<ElderDetail>(`/elders/${elder.id}/archive`, {
        method: 'POST',
        body: { reason: v.reason, date: v.date.format('YYYY-MM-DD'), note: v.note || null },
      });
      setOpen(false);
      onArchived(updated);
      void message.success(t('common.saved'));
    } catch (err) {
      showServerErrors(form, err, message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button danger icon={<StopOutlined />} onClick={() => setOpen(true)}>
        {t('detail.archive')}
      </Button>
      <Modal
        title={`${t('detail.archive')} · ${elder.name}`}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ danger: true, loading: busy }}
        destroyOnHidden
      >
        <Alert type="warning" showIcon message={t('detail.archiveWarn')} style={{ marginBottom: 16 }} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reason: 'deceased', date: dayjs() }}>
          <Form.Item name="reason" label={t('detail.archiveReason')} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'deceased', label: t('status.deceased') },
                { value: 'moved_away', label: t('status.moved_away') },
              ]}
            />
          </Form.Item>
          <Form.Item name="date" label={t('detail.archiveDate')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="note" label={t('detail.archiveNote')}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
