// Login: username + password; the server sets the session cookie.

import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Segmented, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { navigate } from '../../router.tsx';

export default function LoginPage() {
  const { login } = useAuth();
  const { t, lang, setLang, elderMode, setElderMode } = usePrefs();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      if (location.pathname === '/login') navigate('/', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="yy-login">
      <Card className="yy-login-card" variant="borderless">
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <div style={{ textAlign: 'center' }}>
            <Typography.Title level={2} style={{ marginBottom: 4, color: '#1f6f5c' }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.title')}</Typography.Text>
          </div>
          {error && <Alert type="error" showIcon message={error} role="alert" />}
          <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, message: t('login.username') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.password') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Text type="secondary" style={{ fontSize: elderMode ? undefined : 12 }}>
            {t('login.demoHint')}
          </Typography.Text>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Segmented
              value={lang}
              onChange={(v) => setLang(v as typeof lang)}
              options={[
                { label: '中文', value: 'zh-CN' },
                { label: 'English', value: 'en' },
              ]}
            />
            <Space>
              <span>{t('header.elderMode')}</span>
              <Switch checked={elderMode} onChange={setElderMode} aria-label={t('header.elderMode')} />
            </Space>
          </Space>
        </Space>
      </Card>
    </div>
  );
}
