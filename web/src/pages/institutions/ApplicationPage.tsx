// /waitlist/:id — one application (bureau, community worker or family).

import { Alert, Card, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { usePrefs } from '../../prefs.tsx';
import { useParams } from '../../router.tsx';
import { type Application, ApplicationView } from './ApplicationView.tsx';
import { useLoad } from './shared.ts';

export default function ApplicationPage() {
  const { id } = useParams();
  const { tx } = usePrefs();
  const { data, error } = useLoad<Application>(`/waitlist/applications/${id}`);
  const [app, setApp] = useState<Application | null>(null);
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
