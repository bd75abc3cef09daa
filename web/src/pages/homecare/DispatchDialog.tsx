// 派单 dialog of the provider's orders page: the platform's ranked proposal of the provider's workers
// for one order (why each, in words), with "assign" to give it at once and "offer" to ask the worker
// first; the offers made and their expiry below.
import { Alert, App, Button, Modal, Space, Table, Tag, Typography } from 'antd';
import type { OfferList, OrderView, ProposalList } from '../../../../src/domain/homecare/schemas.ts';
import { api } from '../../api.ts';
import type { Text } from '../../i18n.ts';
import { usePrefs } from '../../prefs.tsx';
import { useLoad, when } from './shared.ts';

const L = {
  title: { zh: '派给护理员', en: 'Assign a worker' },
  worker: { zh: '护理员', en: 'Worker' },
  score: { zh: '推荐分', en: 'Score' },
  why: { zh: '依据', en: 'Why' },
  assign: { zh: '派单', en: 'Assign' },
  offer: { zh: '发邀约', en: 'Offer' },
  unavailable: { zh: '不可派', en: 'Not available' },
  offers: { zh: '派单邀约', en: 'Offers' },
  expires: { zh: '有效至', en: 'Open until' },
  offered: { zh: '邀约已发出，护理员可在“今日服务”中接单', en: "Offer sent: the worker answers on Today's visits" },
  none: { zh: '该服务商没有在职的一线护理员', en: 'The provider has no frontline worker' },
} satisfies Record<string, Text>;

const OFFER_LABELS: Record<string, Text> = {
  pending: { zh: '待答复', en: 'Pending' },
  accepted: { zh: '已接受', en: 'Accepted' },
  declined: { zh: '已拒绝', en: 'Declined' },
  expired: { zh: '已过期', en: 'Expired' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};
const OFFER_COLORS: Record<string, string> = {
  pending: 'blue',
  accepted: 'green',
  declined: 'default',
  expired: 'orange',
};

type Candidate = ProposalList['candidates'][number];

export function DispatchDialog({ order, onClose }: { order: OrderView; onClose: (changed: boolean) => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const proposal = useLoad<ProposalList>(`/homecare/orders/${order.id}/proposals`);
  const offers = useLoad<OfferList>(`/homecare/orders/${order.id}/offers`);
  const run = async (path: string, workerId: number, done: () => void) => {
    try {
      await api(path, { method: 'POST', body: { workerId } });
      done();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };
  const pending = offers.data?.some((o) => o.status === 'pending');
  return (
    <Modal
      open
      title={`${tx(L.title)} · ${order.elderName} · ${order.itemName}`}
      width={820}
      footer={null}
      onCancel={() => onClose(false)}
    >
      {proposal.error && <Alert type="error" showIcon message={proposal.error} />}
      <Table<Candidate>
        rowKey="workerId"
        size="small"
        loading={!proposal.data && !proposal.error}
        dataSource={proposal.data?.candidates ?? []}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: tx(L.none) }}
        scroll={{ x: true }}
        onRow={(c) => ({ 'data-testid': `candidate-${c.workerId}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: tx(L.worker),
            render: (_, c) => (
              <Space>
                <span>{c.name}</span>
                {!c.eligible && <Tag color="red">{tx(L.unavailable)}</Tag>}
              </Space>
            ),
          },
          { title: tx(L.score), dataIndex: 'score', width: 72 },
          {
            title: tx(L.why),
            render: (_, c) => <Typography.Text type="secondary">{c.reasons.join('；')}</Typography.Text>,
          },
          {
            title: '',
            width: 150,
            render: (_, c) => (
              <Space>
                <Button
                  size="small"
                  type={c.eligible ? 'primary' : 'default'}
                  onClick={() => run(`/homecare/orders/${order.id}/assign`, c.workerId, () => onClose(true))}
                >
                  {tx(L.assign)}
                </Button>
                <Button
                  size="small"
                  disabled={pending}
                  onClick={() =>
                    run(`/homecare/orders/${order.id}/offers`, c.workerId, () => {
                      void message.success(tx(L.offered));
                      offers.reload();
                    })
                  }
                >
                  {tx(L.offer)}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {offers.data && offers.data.length > 0 && (
        <>
          <Typography.Title level={5}>{tx(L.offers)}</Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={offers.data}
            columns={[
              { title: tx(L.worker), dataIndex: 'workerName' },
              {
                title: '',
                dataIndex: 'status',
                render: (s: string) => <Tag color={OFFER_COLORS[s]}>{tx(OFFER_LABELS[s] ?? { zh: s, en: s })}</Tag>,
              },
              { title: tx(L.expires), dataIndex: 'expiresAt', render: when },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
