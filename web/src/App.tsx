// Providers and the one decision at the top: the login page or the signed-in layout.
import { App as AntdApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider, useAuth } from './auth.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import LoginPage from './pages/account/LoginPage.tsx';
import { PrefsProvider, usePrefs } from './prefs.tsx';
import { elderTheme, standardTheme } from './theme.ts';

function Shell() {
  const { state } = useAuth();
  if (state.status === 'loading') return <Spin size="large" fullscreen />;
  if (state.status === 'anonymous') return <LoginPage />;
  return <AppLayout />;
}

function Themed() {
  const { lang, elderMode } = usePrefs();
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={elderMode ? elderTheme : standardTheme}
      componentSize={elderMode ? 'large' : 'middle'}
    >
      <AntdApp>
        <AuthProvider>
          <Shell />
        </AuthProvider>
      </AntdApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <PrefsProvider>
      <Themed />
    </PrefsProvider>
  );
}
