// /money/accounts/:id — one account: balance, what is held, and the statement (newest first,
// the balance after each line, the programme, period and rule version of platform postings).

import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  InputNumber,
  Popover,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { hasAnyRole, useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { useParams } from '../../router.tsx';
import {
  ACCOUNT_TYPES,
  type AccountDetail,
  type AccountView,
  formatFen,
  KINDS,
  PROGRAMMES,
  type StatementLine,
  useLoad,
} from './shared.ts';

type Detail = AccountDetail;

/** A city administrator sets a budget's appropriation (what it may spend into the negative). */
function AppropriationButton({ account, onDone }: { account: AccountView; onDone: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [yuan, setYuan] = useState<number | null>((account.appropriationFen ?? 0) / 100);
  const save = async () => {
    try {
      await api(`/ledger/accounts/${account.id}/appropriation`, {
        method: 'POST',
        body: { appropriationFen: Math.round((yuan ?? 0) * 100) },
      });
      onDone();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  const form = (
    <Space>
      <InputNumber
        min={0}
        precision={2}
        value={yuan}
        onChange={setYuan}
        addonAfter="元"
        style={{ width: 200 }}
        data-testid="appropriation-input"
      />
      <Button type="primary" onClick={save} data-testid="appropriation-save">
        {tx({ zh: '保存', en: 'Save' })}
      </Button>
    </Space>
  );
  return (
    <Popover trigger="click" content={form} title={tx({ zh: '拨款额度', en: 'Appropriation' })}>
      <Button data-testid="appropriation-edit">{tx({ zh: '设置拨款额度', en: 'Set appropriation' })}</Button>
    </Popover>
  );
}

export function AccountStatement({ id }: { id: number }) {
  const { tx, elderMode } = usePrefs();
  const [before, setBefore] = useState<number | undefined>(undefined);
  const user = useUser();
  const loaded = useLoad<Detail>(`/ledger/accounts/${id}`, { limit: 50, before });
  if (loaded.error) return <Alert type="error" showIcon message={loaded.error} />;
  const a = loaded.data;
  if (!a)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={<span data-testid="account-name">{a.name}</span>}
        extra={
          <Space>
            {a.type === 'budget' && hasAnyRole(user, ['city_admin']) && (
              <AppropriationButton account={a} onDone={loaded.reload} />
            )}
            <Tag>{tx(ACCOUNT_TYPES[a.type] ?? { zh: a.type, en: a.type })}</Tag>
          </Space>
        }
      >
        <Space size="large" wrap>
          <Statistic
            title={tx({ zh: '余额', en: 'Balance' })}
            value={formatFen(a.balanceFen)}
            valueStyle={elderMode ? { fontSize: 40 } : undefined}
            data-testid="account-balance"
          />
          <Statistic title={tx({ zh: '可用', en: 'Available' })} value={formatFen(a.availableFen)} />
          {a.pendingFen > 0 && (
            <Statistic title={tx({ zh: '预授权冻结', en: 'Held' })} value={formatFen(a.pendingFen)} />
          )}
          {a.appropriationFen !== null && (
            <Statistic title={tx({ zh: '拨款额度', en: 'Appropriation' })} value={formatFen(a.appropriationFen)} />
          )}
        </Space>
        {!elderMode && (
          <Descriptions size="small" column={3} style={{ marginTop: 12 }}>
            <Descriptions.Item label={tx({ zh: '账户号', en: 'Account' })}>{a.id}</Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '辖区', en: 'Jurisdiction' })}>{a.jurisdictionCode}</Descriptions.Item>
            <Descriptions.Item label={tx({ zh: '币种', en: 'Currency' })}>
              {a.currency === 'CNY_FEN' ? '重阳分 / 元' : tx({ zh: '时间币（分钟）', en: 'time (minutes)' })}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title={tx({ zh: '明细', en: 'Statement' })}>
        <Table
          rowKey="transferId"
          size={elderMode ? 'large' : 'small'}
          pagination={false}
          dataSource={a.statement.items}
          data-testid="statement"
          columns={[
            {
              title: tx({ zh: '时间', en: 'When' }),
              dataIndex: 'at',
              render: (at: string) =>
                new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
            },
            {
              title: tx({ zh: '摘要', en: 'What' }),
              key: 'what',
              render: (_, l) => (
                <span>
                  {l.programme
                    ? `${tx(PROGRAMMES[l.programme] ?? { zh: l.programme, en: l.programme })}${l.period ? ` ${l.period}` : ''}`
                    : (l.memo ?? l.reason)}
                  {l.kind !== 'posted' && (
                    <Tag style={{ marginLeft: 6 }}>{tx(KINDS[l.kind] ?? { zh: l.kind, en: l.kind })}</Tag>
                  )}
                </span>
              ),
            },
            { title: tx({ zh: '对方', en: 'Counterparty' }), key: 'other', render: (_, l) => l.counterparty.name },
            {
              title: tx({ zh: '金额', en: 'Amount' }),
              key: 'amount',
              render: (_, l) => (
                <span
                  style={{ color: l.direction === 'in' ? '#1f6f5c' : '#c0392b' }}
                >{`${l.direction === 'in' ? '+' : '−'}${formatFen(l.amountFen)}`}</span>
              ),
            },
            {
              title: tx({ zh: '余额', en: 'Balance' }),
              dataIndex: 'balanceAfterFen',
              render: (f: number | null) => (f === null ? '—' : formatFen(f)),
            },
            ...(elderMode
              ? []
              : [
                  {
                    title: tx({ zh: '规则版本', en: 'Rule version' }),
                    key: 'rule',
                    render: (_: unknown, l: StatementLine) => (l.policyVersionId ? `#${l.policyVersionId}` : null),
                  },
                ]),
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          {before !== undefined && (
            <Button onClick={() => setBefore(undefined)}>{tx({ zh: '最新', en: 'Newest' })}</Button>
          )}
          {a.statement.nextBefore && (
            <Button onClick={() => setBefore(a.statement.nextBefore!)}>{tx({ zh: '更早', en: 'Older' })}</Button>
          )}
        </Space>
      </Card>
    </Space>
  );
}

export default function AccountPage() {
  const { id } = useParams();
  return <AccountStatement id={Number(id)} />;
}
