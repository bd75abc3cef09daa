// Family and other contacts of an elder; one of them may be the guardian (监护人).

import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import type { ElderDetail } from './shared.ts';

type Contact = ElderDetail['contacts'][number];
interface Values {
  name: string;
  relation: string;
  phone?: string;
  isGuardian?: boolean;
}

export function ContactsCard({
  elder,
  editable,
  onChange,
}: {
  elder: ElderDetail;
  editable: boolean;
  onChange(e: ElderDetail): void;
}) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  const add = async (v: Values) => {
    setBusy(true);
    try {
      const body = {
        name: v.name.trim(),
        relation: v.relation.trim(),
        phone: v.phone?.trim() || null,
        isGuardian: !!v.isGuardian,
      };
      onChange(await api<ElderDetail>(`/elders/${elder.id}/contacts`, { method: 'POST', body }));
      setOpen(false);
    } catch (err) {
      showServerErrors(form, err, message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (c: Contact) => {
    try {
      onChange(await api<ElderDetail>(`/elders/${elder.id}/contacts/${c.id}`, { method: 'DELETE' }));
    } catch (err) {
      showServerErrors(form, err, message);
    }
  };

  return (
    <Card
      title={t('detail.contacts')}
      extra={
        editable && (
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('detail.addContact')}
          </Button>
        )
      }
    >
      <Table<Contact>
        rowKey="id"
        dataSource={elder.contacts}
        pagination={false}
        size="small"
        locale={{ emptyText: t('common.none') }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('field.name'),
            dataIndex: 'name',
            render: (n: string, c) =>
              c.isGuardian ? (
                <>
                  {n} <Tag color="gold">{t('detail.guardian')}</Tag>
                </>
              ) : (
                n
              ),
          },
          { title: t('detail.relation'), dataIndex: 'relation' },
          { title: t('field.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          {
            title: t('common.actions'),
            key: 'actions',
            hidden: !editable,
            render: (_, c) => (
              <Popconfirm title={t('detail.deleteContact')} onConfirm={() => remove(c)}>
                <Button type="link" size="small" danger>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        title={t('detail.addContact')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: busy }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={add}>
          <Form.Item name="name" label={t('field.name')} rules={[{ required: true, whitespace: true, max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="relation"
            label={t('detail.relation')}
            rules={[{ required: true, whitespace: true, max: 20 }]}
          >
            <Input placeholder="子女 / 配偶 / 邻居" />
          </Form.Item>
          <Form.Item name="phone" label={t('field.phone')}>
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
          <Form.Item name="isGuardian" valuePropName="checked">
            <Checkbox>{t('detail.guardian')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
