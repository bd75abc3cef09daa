// The open follow-ups that visits' findings asked for (an assessment request, a home-care order
// suggestion, a device installation request), per community, each closed here by who did it.
import { App, Button, Card, Table, Tag } from 'antd';
import type { FollowUpPage, FollowUpView } from '../../../../src/domain/community/schemas.ts';
import { ApiError, api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';
import { useLoad, when } from '../institutions/shared.ts';

const KIND_LABELS: Record<FollowUpView['kind'], { zh: string; en: string }> = {
  assessment: { zh: '能力评估申请', en: 'Assessment request' },
  homecare_order: { zh: '居家服务建议', en: 'Home-care order suggestion' },
  device: { zh: '设备安装申请', en: 'Device installation request' },
};

export default function FollowUpsCard({ community }: { community?: string }) {
  const { tx, lang, elderMode } = usePrefs();
  const { message } = App.useApp();
  const { data, error, reload } = useLoad<FollowUpPage>('/visits/follow-ups', { status: 'open', community });
  const close = async (id: number) => {
    try {
      await api<FollowUpView>(`/visits/follow-ups/${id}/close`, { method: 'POST', body: {} });
      message.success(tx({ zh: '已办结', en: 'Closed' }));
      reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Card
      style={{ marginTop: 16 }}
      title={tx({ zh: `待跟进事项（${data?.total ?? 0}）`, en: `Open follow-ups (${data?.total ?? 0})` })}
    >
      {error && <Tag color="red">{error}</Tag>}
      <Table<FollowUpView>
        rowKey="id"
        size={elderMode ? 'large' : 'middle'}
        loading={!data && !error}
        dataSource={data?.items ?? []}
        pagination={false}
        columns={[
          { title: tx({ zh: '老人', en: 'Elder' }), dataIndex: 'elderName' },
          { title: tx({ zh: '社区', en: 'Community' }), render: (_: unknown, r) => r.communityName ?? r.communityCode },
          { title: tx({ zh: '事项', en: 'Follow-up' }), render: (_: unknown, r) => tx(KIND_LABELS[r.kind]) },
          {
            title: tx({ zh: '发现', en: 'Finding' }),
            render: (_: unknown, r) => (lang === 'en' ? r.riskItemEn : r.riskItemZh) + (r.note ? `：${r.note}` : ''),
          },
          {
            title: tx({ zh: '提出', en: 'Opened' }),
            render: (_: unknown, r) => `${r.openedBy ?? ''} ${when(r.openedAt)}`,
          },
          {
            title: '',
            key: 'close',
            render: (_: unknown, r) => (
              <Button size="small" onClick={() => close(r.id)}>
                {tx({ zh: '办结', en: 'Close' })}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
