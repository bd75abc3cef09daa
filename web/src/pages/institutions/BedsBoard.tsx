// The beds board: every bed as a tile coloured by status, with the resident's name where the
// caller may see it. Operators admit into a free (or offered) bed, move and discharge residents,
// add beds and take beds out of service.

import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Dropdown,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { BedView, InstitutionDetail } from '../../../../src/domain/institutions/schemas.ts';
import { api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';
import { AdmitDialog, DischargeDialog, TransferDialog } from './BedDialogs.tsx';
import { BED_COLORS, useLoad, useVocabulary } from './shared.ts';

type Action = { kind: 'admit' | 'transfer' | 'discharge'; bed: BedView } | null;

export function BedsBoard({
  inst,
  operator,
  onChange,
}: {
  inst: InstitutionDetail;
  operator: boolean;
  onChange: () => void;
}) {
  const { tx, elderMode } = usePrefs();
  const { message } = App.useApp();
  const vocab = useVocabulary();
  const { data: beds, error, reload } = useLoad<BedView[]>(`/institutions/${inst.id}/beds`);
  const [action, setAction] = useState<Action>(null);
  const [adding, setAdding] = useState(false);
  const [addForm] = Form.useForm();
  const done = () => {
    setAction(null);
    reload();
    onChange();
  };

  const setStatus = async (bed: BedView, status: 'free' | 'out_of_service') => {
    try {
      await api(`/beds/${bed.id}`, { method: 'PATCH', body: { status } });
      done();
    } catch (err) {
      void message.error(String((err as Error).message));
    }
  };
  const addBeds = async () => {
    const v = await addForm.validateFields();
    await api(`/institutions/${inst.id}/beds`, { method: 'POST', body: v });
    setAdding(false);
    done();
  };

  if (error) return <Alert type="error" showIcon message={error} />;
  const menuFor = (bed: BedView) => {
    const items = [];
    if (bed.status === 'free' || bed.status === 'reserved')
      items.push({ key: 'admit', label: tx({ zh: '办理入住', en: 'Admit' }) });
    if (bed.status === 'occupied' && bed.resident)
      items.push(
        { key: 'transfer', label: tx({ zh: '转床', en: 'Move bed' }) },
        { key: 'discharge', label: tx({ zh: '办理出院', en: 'Discharge' }) },
      );
    if (bed.status === 'free') items.push({ key: 'off', label: tx({ zh: '停用', en: 'Take out of service' }) });
    if (bed.status === 'out_of_service')
      items.push({ key: 'on', label: tx({ zh: '恢复使用', en: 'Back in service' }) });
    return items;
  };
  const onMenu = (bed: BedView, key: string) => {
    if (key === 'off') void setStatus(bed, 'out_of_service');
    else if (key === 'on') void setStatus(bed, 'free');
    else setAction({ kind: key as 'admit', bed });
  };

  return (
    <>
      <div className="yy-toolbar">
        <Space wrap>
          {Object.entries(vocab?.bedStatuses ?? {}).map(([k, label]) => (
            <Tag key={k} color={BED_COLORS[k]}>
              {label} {beds?.filter((b) => b.status === k).length ?? 0}
            </Tag>
          ))}
        </Space>
        <span className="yy-grow" />
        {operator && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {tx({ zh: '添加床位', en: 'Add beds' })}
          </Button>
        )}
      </div>
      {beds && !beds.length && <Empty description={tx({ zh: '尚未登记床位', en: 'No beds yet' })} />}
      <div
        data-testid="beds-board"
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(auto-fill, minmax(${elderMode ? 200 : 150}px, 1fr))`,
          gap: 8,
        }}
      >
        {(beds ?? []).map((bed) => {
          const items = operator ? menuFor(bed) : [];
          const tile = (
            <Card
              key={bed.id}
              size="small"
              data-testid={`bed-${bed.label}`}
              style={{ borderTop: `4px solid ${BED_COLORS[bed.status]}`, cursor: items.length ? 'pointer' : 'default' }}
            >
              <Typography.Text strong>{bed.label}</Typography.Text>{' '}
              <Tag color={BED_COLORS[bed.status]}>{bed.statusLabel}</Tag>
              <div style={{ fontSize: elderMode ? undefined : 12, color: '#555' }}>{bed.bedTypeLabel}</div>
              <div>
                {bed.resident
                  ? (bed.resident.name ?? tx({ zh: '（辖区外老人）', en: '(outside your scope)' }))
                  : '\u00a0'}
              </div>
            </Card>
          );
          return items.length ? (
            <Dropdown key={bed.id} trigger={['click']} menu={{ items, onClick: ({ key }) => onMenu(bed, key) }}>
              {tile}
            </Dropdown>
          ) : (
            <div key={bed.id}>{tile}</div>
          );
        })}
      </div>
      {action?.kind === 'admit' && (
        <AdmitDialog organisationId={inst.id} bed={action.bed} onClose={() => setAction(null)} onDone={done} />
      )}
      {action?.kind === 'transfer' && (
        <TransferDialog bed={action.bed} beds={beds ?? []} onClose={() => setAction(null)} onDone={done} />
      )}
      {action?.kind === 'discharge' && (
        <DischargeDialog bed={action.bed} onClose={() => setAction(null)} onDone={done} />
      )}
      <Modal
        open={adding}
        title={tx({ zh: '添加床位', en: 'Add beds' })}
        onCancel={() => setAdding(false)}
        onOk={addBeds}
        destroyOnHidden
      >
        <Form form={addForm} layout="vertical" initialValues={{ bedType: 'elderly_care', count: 10, prefix: '1F-' }}>
          <Form.Item name="bedType" label={tx({ zh: '床位类型', en: 'Bed type' })}>
            <Select options={Object.entries(vocab?.bedTypes ?? {}).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="prefix" label={tx({ zh: '编号前缀', en: 'Label prefix' })}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="count" label={tx({ zh: '数量', en: 'How many' })}>
            <InputNumber min={1} max={500} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
