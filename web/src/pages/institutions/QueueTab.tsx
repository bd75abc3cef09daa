// A public institution's admission queue in offer order, with who holds which bed offer.
import { Alert, Table, type TableColumnsType, Tag } from 'antd';
import type { InstitutionQueue, QueueItem as Item } from '../../../../src/domain/institutions/waitlist-schemas.ts';
import { usePrefs } from '../../prefs.tsx';
import { Link } from '../../router.tsx';
import { APPLICATION_COLORS, useLoad, when } from './shared.ts';

export function QueueTab({ organisationId }: { organisationId: number }) {
  const { tx } = usePrefs();
  const { data, error } = useLoad<InstitutionQueue>(`/institutions/${organisationId}/waitlist`);
  const columns: TableColumnsType<Item> = [
    { title: tx({ zh: '序号', en: '#' }), dataIndex: 'position', width: 70, render: (p: number | null) => p ?? '—' },
    {
      title: tx({ zh: '申请人', en: 'Applicant' }),
      dataIndex: 'elderName',
      render: (n: string | null, r) => <Link to={`/waitlist/${r.applicationId}`}>{n ?? `#${r.applicationId}`}</Link>,
    },
    {
      title: tx({ zh: '优先档', en: 'Tier' }),
      key: 'tier',
      render: (_, r) =>
        r.eligible ? `${r.tier} ${r.tierLabel ?? ''}` : <Tag>{tx({ zh: '暂不符合', en: 'Not eligible' })}</Tag>,
    },
    { title: tx({ zh: '申请日期', en: 'Applied' }), dataIndex: 'appliedOn' },
    { title: tx({ zh: '放弃次数', en: 'Declines' }), dataIndex: 'declineCount' },
    {
      title: tx({ zh: '状态', en: 'Status' }),
      dataIndex: 'statusLabel',
      render: (l: string, r) => <Tag color={APPLICATION_COLORS[r.status]}>{l}</Tag>,
    },
    {
      title: tx({ zh: '床位邀约', en: 'Offer' }),
      key: 'offer',
      render: (_, r) =>
        r.offer
          ? `${r.offer.here ? r.offer.bedLabel : tx({ zh: '其他机构', en: 'elsewhere' })} ${r.offer.expiresAt && r.offer.status === 'active' ? `· ${when(r.offer.expiresAt)} 前答复` : ''}`
          : '—',
    },
  ];
  if (error) return <Alert type="error" showIcon message={error} />;
  return (
    <Table<Item>
      rowKey="applicationId"
      size="middle"
      loading={!data}
      columns={columns}
      dataSource={data?.items ?? []}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50 }}
    />
  );
}
