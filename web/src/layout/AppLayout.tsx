// The signed-in frame: a menu built from the page registry (filtered by the user's roles), a
// header with language, 大字模式 and the account menu, and the current page.

import { DownOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, type MenuProps, Result, Segmented, Space, Spin, Switch, Tag } from 'antd';
import { type ReactNode, Suspense, useMemo, useState } from 'react';
import { ROLE_LABELS } from '../../../src/domain/identity/roles.ts';
import { hasAnyRole, useAuth, useUser } from '../auth.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { usePrefs } from '../prefs.tsx';
import { PAGES, type PageEntry } from '../registry.tsx';
import { matchPath, navigate, ParamsContext, useLocation } from '../router.tsx';

/** The registry entry for a path: among matches, the one with the fewest :params. */
export function resolvePage(pathname: string): { entry: PageEntry; params: Record<string, string> } | null {
  let best: { entry: PageEntry; params: Record<string, string> } | null = null;
  for (const entry of PAGES) {
    const params = matchPath(entry.path, pathname);
    if (params && (!best || Object.keys(params).length < Object.keys(best.params).length)) best = { entry, params };
  }
  return best;
}

export function AppLayout() {
  const user = useUser();
  const { logout } = useAuth();
  const { t, tx, lang, setLang, elderMode, setElderMode } = usePrefs();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // Below the md breakpoint (phones) the menu folds away entirely and the page gets the width.
  const [narrow, setNarrow] = useState(false);
  const match = resolvePage(pathname);
  const allowed = match ? hasAnyRole(user, match.entry.roles) : false;

  const menuItems = useMemo<MenuProps['items']>(() => {
    const visible = PAGES.filter((p) => p.menu !== false && hasAnyRole(user, p.roles) && (!elderMode || p.essential));
    const items: NonNullable<MenuProps['items']> = [];
    const groups = new Map<
      string,
      { key: string; label: string; children: { key: string; icon?: ReactNode; label: string }[] }
    >();
    for (const p of visible) {
      const item = { key: p.path, icon: p.icon, label: tx(p.label) };
      if (!p.group) items.push(item);
      else {
        let g = groups.get(p.group.zh);
        if (!g) {
          g = { key: `group:${p.group.zh}`, label: tx(p.group), children: [] };
          groups.set(p.group.zh, g);
          items.push(g);
        }
        g.children.push(item);
      }
    }
    return items;
  }, [user, elderMode, tx]);

  const selected = match ? (match.entry.menuParent ?? match.entry.path) : '';
  const roleNames = [...new Set(user.grants.map((g) => tx(ROLE_LABELS[g.role])))].join('、');

  const accountMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/account/password');
      else void logout();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={elderMode ? 260 : 220}
        theme="light"
        breakpoint="md"
        collapsedWidth={narrow ? 0 : 80}
        onBreakpoint={setNarrow}
        collapsible
        trigger={narrow ? null : undefined /* phones open the menu from the header button */}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        style={
          narrow
            ? { position: 'fixed', insetBlock: 0, insetInlineStart: 0, zIndex: 1000, borderRight: '1px solid #e5e8e7' }
            : { borderRight: '1px solid #e5e8e7' }
        }
      >
        <div className="yy-brand" title={t('app.title')}>
          {collapsed ? <span>颐</span> : <span>{t('app.name')}</span>}
          {!collapsed && <small>{t('app.title')}</small>}
        </div>
        <Menu
          mode="inline"
          items={menuItems}
          selectedKeys={[selected]}
          onClick={({ key }) => {
            navigate(key);
            if (narrow) setCollapsed(true); // on a phone the open menu covers the page
          }}
          style={{ borderInlineEnd: 0 }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="yy-header">
          {narrow && (
            <Button type="text" icon={<MenuOutlined />} aria-label="menu" onClick={() => setCollapsed(!collapsed)} />
          )}
          <div className="yy-header-title">{match && allowed ? tx(match.entry.label) : ''}</div>
          <Space size={elderMode ? 'large' : 'middle'} wrap={false}>
            <Segmented
              aria-label={t('header.language')}
              value={lang}
              onChange={(v) => setLang(v as typeof lang)}
              options={[
                { label: '中文', value: 'zh-CN' },
                { label: 'EN', value: 'en' },
              ]}
            />
            <Space size="small">
              <span className="yy-narrow-hide">{t('header.elderMode')}</span>
              <Switch
                checked={elderMode}
                onChange={setElderMode}
                aria-label={t('header.elderMode')}
                data-testid="elder-mode"
              />
            </Space>
            <Dropdown menu={accountMenu} trigger={['click']}>
              <Button type="text" icon={<UserOutlined />} aria-label={user.displayName}>
                <span className="yy-narrow-hide">{user.displayName}</span>
                {!elderMode && (
                  <Tag className="yy-narrow-hide" style={{ marginInlineStart: 6 }}>
                    {roleNames}
                  </Tag>
                )}
                <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="yy-content">
          <ErrorBoundary key={pathname}>
            <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '80px auto' }} />}>
              {!match ? (
                <Result
                  status="404"
                  title="404"
                  subTitle={t('common.notFound')}
                  extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
                />
              ) : !allowed ? (
                <Result
                  status="403"
                  title="403"
                  subTitle={t('common.forbidden')}
                  extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
                />
              ) : (
                <ParamsContext.Provider value={match.params}>
                  <match.entry.element />
                </ParamsContext.Provider>
              )}
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
