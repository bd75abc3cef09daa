// /waitlist/mine — the family's view: their elder's applications, place in each queue and why.

import { Alert, Card, Empty, Skeleton, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { WaitlistApplication } from '../../../../src/domain/institutions/waitlist-schemas.ts';
import { usePrefs } from '../../prefs.tsx';
import { ApplicationView } from './ApplicationView.tsx';
import { useLoad } from './shared.ts';

export default function MyWaitlistPage() {
  const { tx } = usePrefs();
  const { data, error } = useLoad<WaitlistApplication[]>('/waitlist/mine');
  const [apps, setApps] = useState<WaitlistApplication[] | null>(null);
  useEffect(() => setApps(data), [data]);
  if (error) return <Alert type="error" showIcon message={error} />;
  if (!apps)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (!apps.length)
    return (
      <Card>
        <Empty description={tx({ zh: '暂无入院轮候申请', en: 'No waiting-list application' })} />
      </Card>
    );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {apps.map((a) => (
        <ApplicationView
          key={a.id}
          app={a}
          onChange={(next) => setApps(apps.map((x) => (x.id === next.id ? next : x)))}
        />
      ))}
    </Space>
  );
}
