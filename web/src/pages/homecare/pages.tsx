// The homecare domain's pages, spread into the app's registry (web/src/registry.tsx).
import { CarOutlined, ScheduleOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { FAMILY_ROLES } from '../../../../src/domain/identity/permissions.ts';
import type { PageEntry } from '../../registry.tsx';
import { CAREGIVER_PAGE_ROLES, ORDER_PAGE_ROLES } from './shared.ts';

const group = { zh: '居家服务', en: 'Home care' };

export const HOMECARE_PAGES: PageEntry[] = [
  {
    path: '/homecare/today',
    label: { zh: '今日服务', en: "Today's visits" },
    icon: <CarOutlined />,
    roles: CAREGIVER_PAGE_ROLES,
    essential: true,
    group,
    element: lazy(() => import('./CaregiverTodayPage.tsx')),
  },
  {
    path: '/homecare/mine',
    label: { zh: '居家服务点单', en: 'Order home care' },
    icon: <ShoppingCartOutlined />,
    roles: FAMILY_ROLES,
    essential: true,
    group,
    element: lazy(() => import('./FamilyOrdersPage.tsx')),
  },
  {
    path: '/homecare/orders',
    label: { zh: '服务订单', en: 'Home-care orders' },
    icon: <ScheduleOutlined />,
    roles: ORDER_PAGE_ROLES,
    group,
    element: lazy(() => import('./ProviderOrdersPage.tsx')),
  },
];
