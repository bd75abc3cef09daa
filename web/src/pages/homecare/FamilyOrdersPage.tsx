// /homecare/mine — the family orders home care for their elder (点单) on a phone: pick a service of
// the catalogue, a day and a time, see the price, the 重阳分 subsidy and the co-payment before
// confirming; follow the orders, cancel one before the visit, and rate a verified visit.

import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Rate,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Catalogue, QuoteAnswer } from '../../../../src/domain/homecare/schemas.ts';
import { api } from '../../api.ts';
import { showServerErrors } from '../../forms.ts';
import type { Text } from '../../i18n.ts';
import { usePrefs } from '../../prefs.tsx';
import { useLocation } from '../../router.tsx';
import { useFamilyElderIds } from '../home/FamilyHome.tsx';
import {
  formatFen,
  labelOf,
  ORDER_COLORS,
  ORDER_LABELS,
  type OrderList,
  type OrderView,
  useLoad,
  type VisitList,
  when,
} from './shared.ts';

const L = {
  title: { zh: '居家服务点单', en: 'Order home care' },
  elder: { zh: '服务对象', en: 'For' },
  item: { zh: '服务项目', en: 'Service' },
  day: { zh: '日期', en: 'Day' },
  time: { zh: '上门时间', en: 'Time' },
  minutes: { zh: '服务时长（分钟）', en: 'Length (minutes)' },
  note: { zh: '备注（选填）', en: 'Note (optional)' },
  notePlaceholder: { zh: '如：请从北门进，门铃坏了', en: 'e.g. use the north gate' },
  quote: { zh: '查看费用', en: 'See the price' },
  confirm: { zh: '确认下单', en: 'Place the order' },
  provider: { zh: '服务商', en: 'Provider' },
  price: { zh: '服务价格', en: 'Price' },
  subsidy: { zh: '重阳分抵扣', en: '重阳分 subsidy' },
  copay: { zh: '个人自付', en: 'You pay' },
  placed: { zh: '已下单，等待服务商接单', en: 'Ordered: the provider will answer soon' },
  mine: { zh: '我的订单', en: 'My orders' },
  worker: { zh: '护理员', en: 'Caregiver' },
  cancel: { zh: '取消', en: 'Cancel' },
  cancelTitle: { zh: '取消这次服务？', en: 'Cancel this visit?' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  rate: { zh: '评价', en: 'Rate' },
  rated: { zh: '已评价', en: 'Rated' },
  rateTitle: { zh: '为这次上门服务评价', en: 'Rate this visit' },
  comment: { zh: '评价内容（选填）', en: 'Comment (optional)' },
  thanks: { zh: '感谢评价', en: 'Thank you' },
  perUnit: { zh: '每次补贴', en: 'subsidy each' },
  required: { zh: '请选择', en: 'Required' },
  noElder: { zh: '账号未关联老人，请联系社区', en: 'No elder is linked to this account: ask the community' },
} satisfies Record<string, Text>;

const CANCEL_CODES: { code: string; label: Text }[] = [
  { code: 'elder_request', label: { zh: '不需要了', en: 'No longer needed' } },
  { code: 'elder_unavailable', label: { zh: '老人不在家/住院', en: 'Away or in hospital' } },
  { code: 'duplicate', label: { zh: '重复下单', en: 'Duplicate order' } },
];
const RATING_TAGS: Text[] = [
  { zh: '准时', en: 'On time' },
  { zh: '细心', en: 'Careful' },
  { zh: '态度好', en: 'Kind' },
  { zh: '专业', en: 'Skilled' },
];
const OPEN = new Set(['requested', 'accepted', 'assigned']);

/** The next 14 days in Shanghai, as 'YYYY-MM-DD' with a label such as 12月5日 周六. */
function nextDays(lang: string): { value: string; label: string }[] {
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return Array.from({ length: 14 }, (_, i) => {
    const day = new Date(Date.UTC(y, m - 1, d + i, 4));
    const value = day.toISOString().slice(0, 10);
    const label = day.toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: 'Asia/Shanghai',
      month: 'short',
      day: 'numeric',
      weekday: 'short',
    });
    return { value, label };
  });
}
const TIMES = Array.from({ length: 21 }, (_, i) => {
  const minutes = 8 * 60 + i * 30;
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return { value: hhmm, label: hhmm };
});

interface OrderForm {
  itemCode: string;
  day: string;
  time: string;
  durationMinutes?: number;
  note?: string;
}
const bodyOf = (elderId: number, v: OrderForm) => ({
  elderId,
  itemCode: v.itemCode,
  scheduledStart: new Date(`${v.day}T${v.time}:00+08:00`).toISOString(),
  durationMinutes: v.durationMinutes ?? undefined,
  note: v.note || null,
});

export default function FamilyOrdersPage() {
  const { tx } = usePrefs();
  const ids = useFamilyElderIds();
  const { search } = useLocation();
  const asked = Number(search.get('elderId'));
  const [elderId, setElderId] = useState<number | null>(ids.includes(asked) ? asked : (ids[0] ?? null));
  const orders = useLoad<OrderList>(elderId ? '/homecare/orders' : null, { elderId: elderId ?? undefined });
  if (!elderId) return <Alert type="info" showIcon message={tx(L.noElder)} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <OrderCard elderIds={ids} elderId={elderId} onElder={setElderId} onPlaced={orders.reload} />
      <MyOrders orders={orders.data} error={orders.error} reload={orders.reload} />
    </Space>
  );
}

function OrderCard({
  elderIds,
  elderId,
  onElder,
  onPlaced,
}: {
  elderIds: number[];
  elderId: number;
  onElder: (id: number) => void;
  onPlaced: () => void;
}) {
  const { tx, lang } = usePrefs();
  const { message } = App.useApp();
  const names = useElderNames(elderIds);
  const [form] = Form.useForm<OrderForm>();
  const catalogue = useLoad<Catalogue>('/homecare/catalogue', { elderId });
  const [quote, setQuote] = useState<QuoteAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const days = useMemo(() => nextDays(lang), [lang]);
  const itemCode = Form.useWatch('itemCode', form);
  const item = catalogue.data?.items.find((i) => i.code === itemCode);

  const ask = async (values: OrderForm) => {
    setBusy(true);
    try {
      setQuote(await api<QuoteAnswer>('/homecare/orders/quote', { method: 'POST', body: bodyOf(elderId, values) }));
    } catch (err) {
      showServerErrors(form, err, message, { scheduledStart: 'time' });
    } finally {
      setBusy(false);
    }
  };
  const place = async () => {
    setBusy(true);
    try {
      await api<OrderView>('/homecare/orders', {
        method: 'POST',
        body: { ...bodyOf(elderId, form.getFieldsValue(true)), providerId: quote?.providerId },
      });
      void message.success(tx(L.placed));
      setQuote(null);
      form.resetFields(['itemCode', 'note', 'durationMinutes']);
      onPlaced();
    } catch (err) {
      showServerErrors(form, err, message, { scheduledStart: 'time' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={tx(L.title)}>
      {catalogue.error && <Alert type="error" showIcon message={catalogue.error} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={ask}
        onValuesChange={() => setQuote(null)}
        initialValues={{ day: days[1]?.value, time: '09:00' }}
      >
        {elderIds.length > 1 && (
          <Form.Item label={tx(L.elder)}>
            <Select
              value={elderId}
              onChange={(v: number) => onElder(v)}
              options={elderIds.map((id) => ({ value: id, label: names.get(id) ?? '…' }))}
            />
          </Form.Item>
        )}
        <Form.Item name="itemCode" label={tx(L.item)} rules={[{ required: true, message: tx(L.required) }]}>
          <Select
            data-testid="order-item"
            loading={!catalogue.data}
            showSearch
            optionFilterProp="label"
            options={(catalogue.data?.items ?? []).map((i) => ({
              value: i.code,
              label: i.elderSubsidyFen ? `${i.name}（${tx(L.perUnit)} ${formatFen(i.elderSubsidyFen)}）` : i.name,
            }))}
          />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} size="middle">
          <Form.Item name="day" label={tx(L.day)} rules={[{ required: true, message: tx(L.required) }]}>
            <Select style={{ minWidth: 150 }} options={days} data-testid="order-day" />
          </Form.Item>
          <Form.Item name="time" label={tx(L.time)} rules={[{ required: true, message: tx(L.required) }]}>
            <Select style={{ minWidth: 110 }} options={TIMES} data-testid="order-time" />
          </Form.Item>
          {item?.unit === 'hour' && (
            <Form.Item name="durationMinutes" label={tx(L.minutes)}>
              <InputNumber min={30} max={480} step={30} placeholder={String(item.standardMinutes)} />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="note" label={tx(L.note)} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={tx(L.notePlaceholder)} />
        </Form.Item>
        {quote ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions bordered size="small" column={1} data-testid="order-quote">
              <Descriptions.Item label={tx(L.provider)}>{quote.providerName}</Descriptions.Item>
              <Descriptions.Item label={tx(L.price)}>{formatFen(quote.quote.priceFen)}</Descriptions.Item>
              <Descriptions.Item label={tx(L.subsidy)}>{formatFen(quote.quote.subsidyFen)}</Descriptions.Item>
              <Descriptions.Item label={tx(L.copay)}>
                <Typography.Text strong>{formatFen(quote.quote.copayFen)}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Button type="primary" size="large" block loading={busy} onClick={place}>
              {tx(L.confirm)}
            </Button>
          </Space>
        ) : (
          <Button htmlType="submit" size="large" block loading={busy}>
            {tx(L.quote)}
          </Button>
        )}
      </Form>
    </Card>
  );
}

/** The granted elders' names, for the choice between them (one call each; most families have one elder). */
function useElderNames(ids: number[]): Map<number, string> {
  const [names, setNames] = useState(new Map<number, string>());
  const key = ids.join(',');
  useEffect(() => {
    if (ids.length < 2) return;
    let live = true;
    Promise.all(ids.map((id) => api<{ id: number; name: string }>(`/elders/${id}`).catch(() => null))).then(
      (rows) => live && setNames(new Map(rows.filter((r) => r != null).map((r) => [r.id, r.name]))),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return names;
}

function MyOrders({ orders, error, reload }: { orders: OrderList | null; error: string | null; reload: () => void }) {
  const { tx, lang } = usePrefs();
  const { message, modal } = App.useApp();
  const visits = useLoad<VisitList>('/homecare/visits', { limit: 200 });
  const [rating, setRating] = useState<OrderView | null>(null);
  const visitOf = (o: OrderView) => visits.data?.find((v) => v.id === o.visitId) ?? null;

  const cancel = (o: OrderView) => {
    let code = CANCEL_CODES[0]!.code;
    modal.confirm({
      title: tx(L.cancelTitle),
      content: (
        <Select
          defaultValue={code}
          style={{ width: '100%' }}
          onChange={(v) => {
            code = v;
          }}
          options={CANCEL_CODES.map((c) => ({ value: c.code, label: tx(c.label) }))}
        />
      ),
      onOk: async () => {
        try {
          await api(`/homecare/orders/${o.id}/cancel`, { method: 'POST', body: { reasonCode: code } });
          void message.success(tx(L.cancelled));
          reload();
        } catch (err) {
          void message.error(err instanceof Error ? err.message : String(err));
        }
      },
    });
  };

  return (
    <Card title={tx(L.mine)}>
      {error && <Alert type="error" showIcon message={error} />}
      {!orders ? (
        <Skeleton active />
      ) : !orders.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          dataSource={orders}
          renderItem={(o) => {
            const visit = visitOf(o);
            return (
              <List.Item key={o.id} data-testid={`my-order-${o.id}`} style={{ paddingInline: 0 }}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{o.itemName}</Typography.Text>
                    <Tag color={ORDER_COLORS[o.status]}>{labelOf(ORDER_LABELS, o.status, lang)}</Tag>
                  </Space>
                  <Typography.Text type="secondary">
                    {when(o.scheduledStart)} · {o.providerName}
                    {o.workerName ? ` · ${tx(L.worker)} ${o.workerName}` : ''}
                  </Typography.Text>
                  <Typography.Text>
                    {tx(L.price)} {formatFen(o.quote.priceFen)} · {tx(L.subsidy)} {formatFen(o.quote.subsidyFen)} ·{' '}
                    {tx(L.copay)} {formatFen(o.quote.copayFen)}
                  </Typography.Text>
                  <Space wrap>
                    {OPEN.has(o.status) && <Button onClick={() => cancel(o)}>{tx(L.cancel)}</Button>}
                    {visit?.status === 'verified' &&
                      (visit.rating ? (
                        <span>
                          {tx(L.rated)} <Rate disabled value={visit.rating.stars} style={{ fontSize: 14 }} />
                        </span>
                      ) : (
                        <Button type="primary" onClick={() => setRating(o)}>
                          {tx(L.rate)}
                        </Button>
                      ))}
                  </Space>
                </Space>
              </List.Item>
            );
          }}
        />
      )}
      {rating?.visitId && (
        <RatingDialog
          visitId={rating.visitId}
          onClose={(done) => {
            setRating(null);
            if (done) visits.reload();
          }}
        />
      )}
    </Card>
  );
}

function RatingDialog({ visitId, onClose }: { visitId: number; onClose: (done: boolean) => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ stars: number; tags: string[]; comment?: string }>();
  const submit = async (v: { stars: number; tags: string[]; comment?: string }) => {
    try {
      await api(`/homecare/visits/${visitId}/rating`, {
        method: 'POST',
        body: { stars: v.stars, tags: v.tags ?? [], comment: v.comment || null },
      });
      void message.success(tx(L.thanks));
      onClose(true);
    } catch (err) {
      showServerErrors(form, err, message);
    }
  };
  return (
    <Modal open title={tx(L.rateTitle)} onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ stars: 5, tags: [] }}>
        <Form.Item name="stars">
          <Rate style={{ fontSize: 32 }} />
        </Form.Item>
        <Form.Item name="tags">
          <Select mode="multiple" options={RATING_TAGS.map((t) => ({ value: tx(t), label: tx(t) }))} />
        </Form.Item>
        <Form.Item name="comment" label={tx(L.comment)} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
