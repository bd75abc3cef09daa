// The cockpit domain's pages, spread into the app's registry (web/src/registry.tsx).
import { DashboardOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageEntry } from '../../registry.tsx';
import { COCKPIT_PAGE_ROLES } from './shared.ts';

const group = { zh: '数据驾驶舱', en: 'Cockpit' };

export const COCKPIT_PAGES: PageEntry[] = [
  {
    path: '/cockpit',
    label: { zh: '指标驾驶舱', en: 'KPI cockpit' },
    icon: <DashboardOutlined />,
    roles: COCKPIT_PAGE_ROLES,
    group,
    element: lazy(() => import('./CockpitPage.tsx')),
  },
  {
    path: '/cockpit/map',
    label: { zh: '养老地图', en: 'Elderly-care map' },
    icon: <EnvironmentOutlined />,
    roles: COCKPIT_PAGE_ROLES,
    group,
    element: lazy(() => import('./CareMapPage.tsx')),
  },
];
