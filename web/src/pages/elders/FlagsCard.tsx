// Status flags (特困, 低保, 独居 …) with their effective dates. Flags are ended, not deleted:
// subsidy runs recompute past months from this history.

import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api.ts';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { type ElderDetail, type FlagView, useFlags } from './shared.ts';

interface Values {
  flag: string;
  effectiveFrom: Dayjs;
  effectiveTo?: Dayjs | null;
  note?: string;
}

const ymd = (d: Dayjs) => d.format('YYYY-MM-DD');

export function FlagsCard({
  elder,
  editable,
  onChange,
}: {
  elder: ElderDetail;
  editable: boolean;
  onChange(e: ElderDetail): void;
}) {
  const { t, tx } = usePrefs();
  const { message } = App.useApp();
  const flags = useFlags();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const labelOf = (f: FlagView) => {
    const info = flags.find((x) => x.flag === f.flag);
    return info ? tx(info) : f.label;
  };

  const add = async (v: Values) => {
    setBusy(true);
    try {
      const body = {
        flag: v.flag,
        effectiveFrom: ymd(v.effectiveFrom),
        effectiveTo: v.effectiveTo ? ymd(v.effectiveTo) : null,
        note: v.note || null,
      };
      onChange(await api<ElderDetail>(`/elders/${elder.id}/flags`, { method: 'POST', body }));
      setOpen(false);
    } catch (err) {
      showServerErrors(form, err, message);
    } finally {
      setBusy(false);
    }
  };

  const end = async (f: FlagView) => {
    try {
      onChange(
        await api<ElderDetail>(`/elders/${elder.id}/flags/${f.id}/end`, {
          method: 'POST',
          body: { effectiveTo: ymd(dayjs()) },
        }),
      );
    } catch (err) {
      showServerErrors(form, err, message);
    }
  };

  const today = ymd(dayjs());
  return (
    <Card
      title={t('detail.flags')}
      extra={
        editable && (
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('detail.addFlag')}
          </Button>
        )
      }
    >
      <Table<FlagView>
        rowKey={(f) => `${f.flag}-${f.id ?? 'derived'}`}
        dataSource={elder.flags}
        pagination={false}
        size="small"
        locale={{ emptyText: t('common.none') }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('elders.flags'),
            key: 'flag',
            render: (_, f) => (
              <Tag color={f.effectiveTo && f.effectiveTo < today ? 'default' : 'blue'}>{labelOf(f)}</Tag>
            ),
          },
          { title: t('detail.flagFrom'), dataIndex: 'effectiveFrom' },
          { title: t('detail.flagTo'), dataIndex: 'effectiveTo', render: (v: string | null) => v ?? '—' },
          { title: '', key: 'derived', render: (_, f) => (f.derived ? t('detail.derived') : '') },
          {
            title: t('common.actions'),
            key: 'actions',
            hidden: !editable,
            render: (_, f) =>
              !f.derived && f.id != null && (!f.effectiveTo || f.effectiveTo > today) ? (
                <Popconfirm title={`${t('detail.endFlag')} ${labelOf(f)}？`} onConfirm={() => end(f)}>
                  <Button type="link" size="small">
                    {t('detail.endFlag')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <Modal
        title={t('detail.addFlag')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: busy }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={add} initialValues={{ effectiveFrom: dayjs() }}>
          <Form.Item name="flag" label={t('elders.flags')} rules={[{ required: true }]}>
            <Select options={flags.filter((f) => !f.derived).map((f) => ({ value: f.flag, label: tx(f) }))} />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('detail.flagFrom')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="effectiveTo" label={t('detail.flagTo')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="note" label={t('detail.flagNote')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
