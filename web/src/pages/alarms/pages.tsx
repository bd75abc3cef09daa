// The alarms domain's pages, spread into the app's registry (web/src/registry.tsx).
import { AlertOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { ALARM_OPERATORS } from '../../../../src/domain/identity/permissions.ts';
import type { PageEntry } from '../../registry.tsx';

export const ALARMS_PAGES: PageEntry[] = [
  {
    path: '/alarms',
    label: { zh: '呼救调度台', en: 'Dispatcher console' },
    icon: <AlertOutlined />,
    roles: ALARM_OPERATORS,
    element: lazy(() => import('./ConsolePage.tsx')),
  },
];
