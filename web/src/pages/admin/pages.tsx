// Administration pages (系统管理): accounts and roles, the audit log.
import { AuditOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { AUDIT_READERS, USER_ADMINS } from '../../../../src/domain/identity/permissions.ts';
import type { PageEntry } from '../../registry.tsx';

const group = { zh: '系统管理', en: 'Administration' };

export const ADMIN_PAGES: PageEntry[] = [
  {
    path: '/admin/users',
    label: { zh: '账号与权限', en: 'Accounts and roles' },
    icon: <UserSwitchOutlined />,
    roles: USER_ADMINS,
    group,
    element: lazy(() => import('./UsersPage.tsx')),
  },
  {
    path: '/admin/audit',
    label: { zh: '审计日志', en: 'Audit log' },
    icon: <AuditOutlined />,
    roles: AUDIT_READERS,
    group,
    element: lazy(() => import('./AuditPage.tsx')),
  },
];
