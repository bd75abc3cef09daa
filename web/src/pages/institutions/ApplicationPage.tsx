// /waitlist/:id — one application (bureau, community worker or family).

import { Alert, Card, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import type { WaitlistApplication } from '../../../../src/domain/institutions/waitlist-schemas.ts';
import { usePrefs } from '../../prefs.tsx';
import { useParams } from '../../router.tsx';
import { ApplicationView } from './ApplicationView.tsx';
import { useLoad } from './shared.ts';

export default function ApplicationPage() {
  const { id } = useParams();
  const { tx } = usePrefs();
  const { data, error } = useLoad<WaitlistApplication>(`/waitlist/applications/${id}`);
  const [app, setApp] = useState<WaitlistApplication | null>(null);
  useEffect(() => setApp(data), [data]);
  if (error) return <Alert type="error" showIcon message={error} />;
  if (!app)
    return (
      <Card title={tx({ zh: '入院轮候申请', en: 'Application' })}>
        <Skeleton active />
      </Card>
    );
  return <ApplicationView app={app} onChange={setApp} />;
}
