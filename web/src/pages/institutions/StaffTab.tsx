// The institution's staff (from the workforce registry) with counts by role.
import { Alert, Table, type TableColumnsType, Tag } from 'antd';
import type { WorkerPage, WorkerRow } from '../../../../src/domain/workforce/schemas.ts';
import { usePrefs } from '../../prefs.tsx';
import { Link } from '../../router.tsx';
import { useLoad } from './shared.ts';

type Row = WorkerRow;

export function StaffTab({ organisationId }: { organisationId: number }) {
  const { tx } = usePrefs();
  const { data, error } = useLoad<WorkerPage>('/workforce/workers', {
    organisationId,
    pageSize: 200,
  });
  const columns: TableColumnsType<Row> = [
    {
      title: tx({ zh: '姓名', en: 'Name' }),
      dataIndex: 'name',
      render: (n: string, r) => <Link to={`/workforce/${r.id}`}>{n}</Link>,
    },
    { title: tx({ zh: '岗位', en: 'Role' }), dataIndex: 'jobRoleLabel' },
    { title: tx({ zh: '一线', en: 'Frontline' }), dataIndex: 'frontline', render: (f: boolean) => (f ? '✓' : '') },
    {
      title: tx({ zh: '事业编', en: 'Establishment' }),
      dataIndex: 'establishment',
      render: (f: boolean) => (f ? <Tag>事业编</Tag> : ''),
    },
    {
      title: tx({ zh: '技能等级', en: 'Skill level' }),
      dataIndex: 'skillLevelLabel',
      render: (l: string | null) => l ?? '—',
    },
    { title: tx({ zh: '培训学时', en: 'Training hours' }), dataIndex: 'trainingHours' },
    { title: tx({ zh: '入职', en: 'Hired' }), dataIndex: 'hiredOn' },
  ];
  if (error) return <Alert type="info" showIcon message={error} />;
  return (
    <Table<Row>
      rowKey="employmentId"
      size="middle"
      loading={!data}
      columns={columns}
      dataSource={data?.items ?? []}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50 }}
    />
  );
}
