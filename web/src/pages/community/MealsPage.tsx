// /community/meals — 助餐: the meal points in reach with their hours, capacity and today's meals;
// one point's menus by day and the check-in desk (elder code from the QR, or delivery), which
// shows the subsidy and the elder's own share; the month's settlement to the points, previewed by
// those who manage points and run by those who may pay it.
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Result,
  Segmented,
  Space,
  Table,
  Tag,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type {
  CheckInBody,
  CheckInView,
  DailyCounts,
  MealPointList,
  MealPointView,
  MenuView,
  Settlement,
  SettlementRow,
} from '../../../../src/domain/community/schemas.ts';
import { MEAL_POINT_MANAGERS, MEAL_SETTLERS } from '../../../../src/domain/identity/permissions.ts';
import { addDays, todayInShanghai } from '../../../../src/lib/dates.ts';
import { formatFen } from '../../../../src/lib/money.ts';
import { ApiError, api } from '../../api.ts';
import { hasAnyRole, useUser } from '../../auth.tsx';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { useLoad } from '../institutions/shared.ts';

type Meal = CheckInBody['meal'];
type Words = { zh: string; en: string };

const MEALS: Meal[] = ['breakfast', 'lunch', 'dinner'];
const MEAL_LABELS: Record<Meal, Words> = {
  breakfast: { zh: '早餐', en: 'Breakfast' },
  lunch: { zh: '午餐', en: 'Lunch' },
  dinner: { zh: '晚餐', en: 'Dinner' },
};
const KIND_LABELS: Record<MealPointView['kind'], Words> = {
  canteen: { zh: '老年食堂', en: 'Canteen' },
  central_kitchen: { zh: '中央厨房', en: 'Central kitchen' },
  community_point: { zh: '社区助餐点', en: 'Community meal point' },
};
const METHOD_LABELS: Record<CheckInView['method'], Words> = {
  qr: { zh: '老人码', en: 'Elder code' },
  face: { zh: '刷脸', en: 'Face' },
  delivery: { zh: '送餐上门', en: 'Delivered' },
};
const SETTLEMENT_STATUS: Record<SettlementRow['status'], { words: Words; color: string }> = {
  due: { words: { zh: '待结算', en: 'Due' }, color: 'gold' },
  paid: { words: { zh: '已结算', en: 'Paid' }, color: 'green' },
  no_organisation: {
    words: { zh: '社区自办，无需拨付', en: 'Run by the community: nothing to pay' },
    color: 'default',
  },
};

/** The meal whose hours are on now, else the next one today, else the first the point serves. */
function currentMeal(point: MealPointView, now = new Date()): Meal | undefined {
  const hhmm = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  const served = MEALS.filter((m) => point.hours[m]);
  return served.find((m) => hhmm <= point.hours[m]!.slice(6)) ?? served[0];
}

/** Street names by street code, from the districts' children (a few calls, not one per point). */
function useStreetNames(points: MealPointView[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const districts = useMemo(() => [...new Set(points.map((p) => p.districtCode))].sort().join(','), [points]);
  useEffect(() => {
    if (!districts) return;
    let live = true;
    Promise.all(
      districts
        .split(',')
        .map((d) => api<{ code: string; name: string }[]>('/jurisdictions', { query: { parent: d } }).catch(() => [])),
    ).then((lists) => live && setNames(Object.fromEntries(lists.flat().map((j) => [j.code, j.name]))));
    return () => {
      live = false;
    };
  }, [districts]);
  return names;
}

function Menus({ point }: { point: MealPointView }) {
  const { tx } = usePrefs();
  const today = todayInShanghai();
  const days = Array.from({ length: 7 }, (_, i) => addDays(today, i));
  const [day, setDay] = useState(today);
  const { data, error } = useLoad<MenuView[]>(`/meals/points/${point.id}/menus`, { from: today, to: days[6] });
  const ofDay = (data ?? []).filter((m) => m.servedOn === day);
  const dayLabel = (d: string) => (d === today ? tx({ zh: '今天', en: 'Today' }) : d.slice(5));
  return (
    <>
      <Segmented
        value={day}
        onChange={(v) => setDay(String(v))}
        options={days.map((d) => ({ value: d, label: dayLabel(d) }))}
        style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
      />
      {error && <Alert type="error" showIcon message={error} />}
      {data && !ofDay.length && <Empty description={tx({ zh: '当天没有菜单', en: 'No menu on this day' })} />}
      {ofDay.length > 0 && (
        <Descriptions column={1} bordered size="small">
          {MEALS.filter((m) => ofDay.some((x) => x.meal === m)).map((m) => {
            const menu = ofDay.find((x) => x.meal === m)!;
            return (
              <Descriptions.Item key={m} label={`${tx(MEAL_LABELS[m])}（${formatFen(menu.priceFen)}）`}>
                {menu.dishes.join('、')}
              </Descriptions.Item>
            );
          })}
        </Descriptions>
      )}
    </>
  );
}

function CheckInDesk({ point, onServed }: { point: MealPointView; onServed: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ elderCode: string; meal: Meal; delivery: boolean }>();
  const [served, setServed] = useState<CheckInView | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const meals = MEALS.filter((m) => point.hours[m]);
  // The server's message names the meal by its code; say it in words here.
  const refusal = (err: ApiError, meal: Meal) => {
    const m = MEAL_LABELS[meal];
    if (err.code === 'meal_already_served')
      return tx({
        zh: `该老人今天的${m.zh}已享受过助餐补贴，不能再次补贴`,
        en: `This elder has already had a subsidised ${m.en.toLowerCase()} today`,
      });
    if (err.code === 'meal_no_menu')
      return tx({ zh: `本助餐点今天没有${m.zh}菜单`, en: `This point has no ${m.en.toLowerCase()} menu today` });
    if (err.status === 404 && err.field === 'elderCode')
      return tx({ zh: '未找到该老人码对应的在册老人', en: 'No registered elder has this code' });
    return err.message;
  };
  const submit = async () => {
    const v = await form.validateFields();
    setServed(null);
    setRefused(null);
    try {
      const r = await api<CheckInView>('/meals/check-ins', {
        method: 'POST',
        body: {
          mealPointId: point.id,
          meal: v.meal,
          elderCode: v.elderCode.trim().toUpperCase(),
          ...(v.delivery ? { delivery: true } : {}),
        },
      });
      setServed(r);
      form.resetFields(['elderCode']);
      onServed();
    } catch (err) {
      if (err instanceof ApiError && err.status !== 400) setRefused(refusal(err, v.meal));
      else showServerErrors(form, err, message);
    }
  };
  if (!meals.length) return <Empty description={tx({ zh: '该点未设供餐时段', en: 'No serving hours set' })} />;
  return (
    <>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ meal: currentMeal(point), delivery: false }}
        onFinish={submit}
        style={{ maxWidth: 420 }}
      >
        <Form.Item name="meal" label={tx({ zh: '餐次', en: 'Meal' })} rules={[{ required: true }]}>
          <Segmented options={meals.map((m) => ({ value: m, label: tx(MEAL_LABELS[m]) }))} />
        </Form.Item>
        <Form.Item
          name="elderCode"
          label={tx({ zh: '老人码', en: 'Elder code' })}
          extra={tx({ zh: '扫描老人出示的二维码，或手工输入', en: "Scan the elder's QR code or type it" })}
          rules={[
            { required: true, message: tx({ zh: '请输入老人码', en: 'Enter the elder code' }) },
            {
              pattern: /^\s*yy[0-9a-hjkmnp-tv-z]{11}\s*$/i,
              message: tx({ zh: '老人码为 YY 开头的 13 位', en: 'An elder code is YY and 11 characters' }),
            },
          ]}
        >
          <Input placeholder={tx({ zh: '老人码（YY 开头）', en: 'Elder code (YY…)' })} maxLength={20} autoFocus />
        </Form.Item>
        {point.delivers && (
          <Form.Item name="delivery" valuePropName="checked">
            <Checkbox>{tx({ zh: '送餐上门（老人无法到点就餐）', en: 'Deliver (the elder cannot come)' })}</Checkbox>
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit">
          {tx({ zh: '登记就餐', en: 'Check in' })}
        </Button>
      </Form>
      {served && (
        <Result
          status="success"
          title={tx({
            zh: `${served.elderName}：${MEAL_LABELS[served.meal].zh}已登记`,
            en: `${served.elderName}: ${MEAL_LABELS[served.meal].en.toLowerCase()} checked in`,
          })}
          subTitle={
            <Space direction="vertical" size={0}>
              <span data-testid="check-in-subsidy">
                {tx({ zh: '补贴', en: 'Subsidy' })} {formatFen(served.subsidyFen)}
              </span>
              <span data-testid="check-in-copay">
                {tx({ zh: '个人支付', en: 'Elder pays' })} {formatFen(served.copayFen)}
              </span>
              <span>
                {tx({ zh: '餐价', en: 'Price' })} {formatFen(served.priceFen)} · {tx(METHOD_LABELS[served.method])}
              </span>
            </Space>
          }
        />
      )}
      {refused && (
        <Alert
          data-testid="check-in-refused"
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          message={tx({ zh: '未登记', en: 'Not checked in' })}
          description={refused}
        />
      )}
    </>
  );
}

function lastMonth(): string {
  const [y, m] = todayInShanghai().slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function SettlementCard() {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const user = useUser();
  const mayRun = hasAnyRole(user, MEAL_SETTLERS);
  const [month, setMonth] = useState(lastMonth());
  const [result, setResult] = useState<Settlement | null>(null);
  const { data, error, reload } = useLoad<Settlement>('/meals/settlements/preview', { month });
  const shown = result?.month === month ? result : data;
  const run = async () => {
    try {
      const r = await api<Settlement>('/meals/settlements', { method: 'POST', body: { month } });
      setResult(r);
      message.success(
        tx({
          zh: `已拨付 ${r.posted} 个助餐点，共 ${formatFen(r.postedFen)}`,
          en: `${r.posted} points paid, ${formatFen(r.postedFen)} in all`,
        }),
      );
      reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Card
      title={tx({ zh: '助餐补贴月结', en: 'Monthly meal settlement' })}
      style={{ marginTop: 16 }}
      extra={
        <Space wrap>
          <Input
            type="month"
            aria-label={tx({ zh: '结算月份', en: 'Month' })}
            value={month}
            max={lastMonth()}
            onChange={(e) => e.target.value && setMonth(e.target.value)}
            style={{ width: 170 }}
          />
          {mayRun && (
            <Popconfirm
              title={tx({
                zh: `从区级预算向各助餐点运营机构拨付 ${month} 的助餐补贴？`,
                en: `Pay ${month}'s meal subsidies from the district budget to the points' operators?`,
              })}
              onConfirm={run}
              disabled={!shown?.dueFen}
            >
              <Button type="primary" disabled={!shown?.dueFen}>
                {tx({ zh: '执行月结', en: 'Run the settlement' })}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} />}
      {shown && (
        <Alert
          style={{ marginBottom: 16 }}
          type={shown.dueFen ? 'info' : 'success'}
          message={tx({
            zh: `${shown.month}：待结算 ${formatFen(shown.dueFen)}，已结算 ${formatFen(shown.paidFen)}`,
            en: `${shown.month}: ${formatFen(shown.dueFen)} due, ${formatFen(shown.paidFen)} paid`,
          })}
        />
      )}
      <Table<SettlementRow>
        rowKey="mealPointId"
        size="middle"
        loading={!shown && !error}
        dataSource={shown?.rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: tx({ zh: '该月没有补贴就餐', en: 'No subsidised meals in this month' }) }}
        columns={[
          { title: tx({ zh: '助餐点', en: 'Meal point' }), dataIndex: 'name' },
          {
            title: tx({ zh: '运营机构', en: 'Operator' }),
            dataIndex: 'organisationName',
            render: (n: string | null) => n ?? tx({ zh: '社区自办', en: 'The community' }),
          },
          { title: tx({ zh: '补贴餐数', en: 'Subsidised meals' }), dataIndex: 'meals' },
          {
            title: tx({ zh: '补贴金额', en: 'Subsidy' }),
            dataIndex: 'subsidyFen',
            render: (f: number) => formatFen(f),
          },
          {
            title: tx({ zh: '状态', en: 'Status' }),
            dataIndex: 'status',
            render: (s: SettlementRow['status']) => (
              <Tag color={SETTLEMENT_STATUS[s].color}>{tx(SETTLEMENT_STATUS[s].words)}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}

export default function MealsPage() {
  const { tx, elderMode } = usePrefs();
  const user = useUser();
  const today = todayInShanghai();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number | null>(null);
  const [view, setView] = useState<'check-in' | 'menus'>('check-in');
  const points = useLoad<MealPointList>('/meals/points', { page });
  const counts = useLoad<DailyCounts>('/meals/counts', { date: today });
  const streets = useStreetNames(points.data?.items ?? []);
  const point = points.data?.items.find((p) => p.id === selected) ?? null;
  const served = (id: number, meal: Meal) => counts.data?.rows.find((r) => r.mealPointId === id && r.meal === meal);
  const mayPreview = hasAnyRole(user, [...MEAL_POINT_MANAGERS, ...MEAL_SETTLERS]);
  return (
    <>
      <Card title={tx({ zh: '助餐点', en: 'Meal points' })}>
        {(points.error || counts.error) && <Alert type="error" showIcon message={points.error ?? counts.error} />}
        <Table<MealPointView>
          rowKey="id"
          size={elderMode ? 'large' : 'middle'}
          loading={!points.data && !points.error}
          dataSource={points.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: 200,
            total: points.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
          locale={{ emptyText: tx({ zh: '辖区内没有助餐点', en: 'No meal points in your area' }) }}
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: tx({ zh: '名称', en: 'Name' }),
              dataIndex: 'name',
              render: (n: string, r) => (
                <Space direction="vertical" size={0}>
                  <span>{n}</span>
                  <Tag>{tx(KIND_LABELS[r.kind])}</Tag>
                </Space>
              ),
            },
            {
              title: tx({ zh: '街道', en: 'Street' }),
              key: 'street',
              render: (_: unknown, r) => streets[r.communityCode.slice(0, 9)] ?? '—',
            },
            { title: tx({ zh: '地址', en: 'Address' }), dataIndex: 'address' },
            {
              title: tx({ zh: '供餐时段', en: 'Hours' }),
              key: 'hours',
              render: (_: unknown, r) => (
                <Space direction="vertical" size={0}>
                  {MEALS.filter((m) => r.hours[m]).map((m) => (
                    <span key={m}>
                      {tx(MEAL_LABELS[m])} {r.hours[m]}
                    </span>
                  ))}
                </Space>
              ),
            },
            { title: tx({ zh: '容量（人/餐）', en: 'Seats per meal' }), dataIndex: 'capacity' },
            {
              title: tx({ zh: '今日就餐', en: "Today's meals" }),
              key: 'today',
              render: (_: unknown, r) => (
                <Space direction="vertical" size={0} data-testid={`counts-${r.id}`}>
                  {MEALS.filter((m) => r.hours[m]).map((m) => {
                    const c = served(r.id, m);
                    return (
                      <span key={m}>
                        {tx(MEAL_LABELS[m])} {c?.served ?? 0}/{r.capacity}
                        {c?.delivered ? tx({ zh: `（送餐 ${c.delivered}）`, en: ` (${c.delivered} delivered)` }) : ''}
                      </span>
                    );
                  })}
                </Space>
              ),
            },
            {
              title: tx({ zh: '送餐', en: 'Delivery' }),
              dataIndex: 'delivers',
              render: (d: boolean) => (d ? tx({ zh: '提供', en: 'Yes' }) : tx({ zh: '不提供', en: 'No' })),
            },
          ]}
        />
      </Card>
      {point && (
        <Card
          style={{ marginTop: 16 }}
          title={point.name}
          extra={
            <Segmented
              value={view}
              onChange={(v) => setView(v as typeof view)}
              options={[
                { value: 'check-in', label: tx({ zh: '就餐登记', en: 'Check-in' }) },
                { value: 'menus', label: tx({ zh: '菜单', en: 'Menus' }) },
              ]}
            />
          }
        >
          {view === 'menus' ? (
            <Menus point={point} />
          ) : (
            <CheckInDesk key={point.id} point={point} onServed={counts.reload} />
          )}
        </Card>
      )}
      {!point && points.data?.items.length ? (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          message={tx({
            zh: '点选一个助餐点，查看菜单或登记就餐',
            en: 'Pick a meal point to see its menus or check in',
          })}
        />
      ) : null}
      {mayPreview && <SettlementCard />}
    </>
  );
}
