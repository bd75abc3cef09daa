// The community domain's pages, spread into the app's registry (web/src/registry.tsx).
import { lazy } from 'react';
import {
  HOME_CARE_BED_WRITERS,
  MEAL_CHECKERS,
  MEAL_POINT_STAFF,
  VISIT_PLANNERS,
} from '../../../../src/domain/identity/permissions.ts';
import type { PageEntry } from '../../registry.tsx';

const group = { zh: '社区养老', en: 'Community care' };

export const COMMUNITY_PAGES: PageEntry[] = [
  {
    path: '/community/beds',
    label: { zh: '家庭养老照护床位', en: 'Family care beds' },
    roles: HOME_CARE_BED_WRITERS,
    group,
    element: lazy(() => import('./BedsPage.tsx')),
  },
  {
    path: '/community/visits',
    label: { zh: '探访完成率', en: 'Visit compliance' },
    roles: [...VISIT_PLANNERS, 'community_worker'],
    group,
    element: lazy(() => import('./VisitCompliancePage.tsx')),
  },
  {
    path: '/community/meals',
    label: { zh: '助餐服务', en: 'Meal assistance' },
    roles: [...MEAL_CHECKERS, ...MEAL_POINT_STAFF],
    group,
    element: lazy(() => import('./MealsPage.tsx')),
  },
];
