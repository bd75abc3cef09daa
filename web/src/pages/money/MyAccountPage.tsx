// /money/my-account — an elder or family member's 重阳分: the balance and statement of their own
// care account (large type in elder-friendly mode).
import { Alert, Card, Skeleton, Space } from 'antd';
import { usePrefs } from '../../prefs.tsx';
import { AccountStatement } from './AccountPage.tsx';
import { type AccountView, useLoad } from './shared.ts';

export default function MyAccountPage() {
  const { tx } = usePrefs();
  const accounts = useLoad<{ items: AccountView[] }>('/ledger/accounts', { type: 'care' });
  if (accounts.error) return <Alert type="error" showIcon message={accounts.error} />;
  if (!accounts.data)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (!accounts.data.items.length)
    return (
      <Alert
        type="info"
        showIcon
        message={tx({
          zh: '还没有重阳分账户：首次发放补贴时自动开立',
          en: 'No 重阳分 account yet: it opens with the first subsidy',
        })}
      />
    );
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {accounts.data.items.map((a) => (
        <AccountStatement key={a.id} id={a.id} />
      ))}
    </Space>
  );
}
