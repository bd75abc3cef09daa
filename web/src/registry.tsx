// Every page of the app, in menu order. The layout builds the menu and the routes from this list,
// filtered by the user's roles. To add a domain's page: put it in web/src/pages/<domain>/ (default
// export) and add ONE line here.

import { CloudUploadOutlined, HomeOutlined, KeyOutlined, TeamOutlined, UserAddOutlined } from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import { REGISTRY_READERS, REGISTRY_WRITERS } from '../../src/domain/identity/permissions.ts';
import { ROLES, type Role } from '../../src/domain/identity/roles.ts';
import type { Text } from './i18n.ts';
import { ADMIN_PAGES } from './pages/admin/pages.tsx';
import { ALARMS_PAGES } from './pages/alarms/pages.tsx';
import { COCKPIT_PAGES } from './pages/cockpit/pages.tsx';
import { COMMUNITY_PAGES } from './pages/community/pages.tsx';
import { HOMECARE_PAGES } from './pages/homecare/pages.tsx';

export interface PageEntry {
  /** '/elders/:id' style; a path with fewer :params wins over one with more (/elders/new vs /elders/:id). */
  path: string;
  label: Text;
  icon?: ReactNode;
  /** Roles that may open the page. */
  roles: readonly Role[];
  element: LazyExoticComponent<ComponentType>;
  /** Shown in the menu (default true); detail and form pages set false. */
  menu?: boolean;
  /** Menu group (a sub-menu), e.g. {zh: '养老服务', en: 'Care services'}. */
  group?: Text;
  /** Kept in the menu in elder-friendly mode, which shows fewer choices. */
  essential?: boolean;
  /** The menu item to highlight for a page outside the menu (detail → list). */
  menuParent?: string;
}

const ALL = ROLES;

export const PAGES: PageEntry[] = [
  {
    path: '/',
    label: { zh: '首页', en: 'Home' },
    icon: <HomeOutlined />,
    roles: ALL,
    essential: true,
    element: lazy(() => import('./pages/home/HomePage.tsx')),
  },
  {
    path: '/elders',
    label: { zh: '老人档案', en: 'Elders' },
    icon: <TeamOutlined />,
    roles: REGISTRY_READERS,
    essential: true,
    element: lazy(() => import('./pages/elders/ElderListPage.tsx')),
  },
  {
    path: '/elders/new',
    label: { zh: '老人建档', en: 'New elder' },
    icon: <UserAddOutlined />,
    roles: REGISTRY_WRITERS,
    essential: true,
    element: lazy(() => import('./pages/elders/ElderFormPage.tsx')),
  },
  {
    path: '/elders/import',
    label: { zh: '批量导入', en: 'Import elders' },
    icon: <CloudUploadOutlined />,
    roles: REGISTRY_WRITERS,
    element: lazy(() => import('./pages/elders/ElderImportPage.tsx')),
  },
  {
    path: '/elders/:id',
    label: { zh: '老人详情', en: 'Elder' },
    // The family reads their own elder's record (their data right); editing stays with the registry.
    roles: [...REGISTRY_READERS, 'elder_family'],
    menu: false,
    menuParent: '/elders',
    element: lazy(() => import('./pages/elders/ElderDetailPage.tsx')),
  },
  {
    path: '/elders/:id/edit',
    label: { zh: '编辑档案', en: 'Edit elder' },
    roles: REGISTRY_WRITERS,
    menu: false,
    menuParent: '/elders',
    element: lazy(() => import('./pages/elders/ElderFormPage.tsx')),
  },
  {
    path: '/assessments',
    label: { zh: '评估任务', en: 'Assessment tasks' },
    group: { zh: '能力评估', en: 'Assessment' },
    roles: REGISTRY_READERS,
    essential: true,
    element: lazy(() => import('./pages/assessment/TasksPage.tsx')),
  },
  {
    path: '/assessments/:id',
    label: { zh: '评估报告', en: 'Assessment report' },
    roles: [...REGISTRY_READERS, 'elder_family'],
    menu: false,
    menuParent: '/assessments',
    element: lazy(() => import('./pages/assessment/ResultPage.tsx')),
  },
  {
    path: '/assessments/:id/edit',
    label: { zh: '评估表', en: 'Assessment form' },
    roles: ['assessor'],
    menu: false,
    menuParent: '/assessments',
    element: lazy(() => import('./pages/assessment/FormPage.tsx')),
  },
  {
    path: '/assessment-rechecks',
    label: { zh: '抽查复评', en: 'Re-checks' },
    group: { zh: '能力评估', en: 'Assessment' },
    roles: ['city_admin', 'district_officer', 'assessor'],
    element: lazy(() => import('./pages/assessment/RecheckPage.tsx')),
  },
  {
    path: '/assessment-rechecks/:id',
    label: { zh: '复评', en: 'Re-score' },
    roles: ['assessor'],
    menu: false,
    menuParent: '/assessment-rechecks',
    element: lazy(() => import('./pages/assessment/RescorePage.tsx')),
  },
  {
    path: '/institutions',
    label: { zh: '养老机构', en: 'Institutions' },
    group: { zh: '机构养老', en: 'Institutional care' },
    roles: ['city_admin', 'district_officer', 'institution_staff', 'caregiver'],
    essential: true,
    element: lazy(() => import('./pages/institutions/InstitutionListPage.tsx')),
  },
  {
    path: '/institutions/:id',
    label: { zh: '机构详情', en: 'Institution' },
    roles: ['city_admin', 'district_officer', 'institution_staff', 'caregiver'],
    menu: false,
    menuParent: '/institutions',
    element: lazy(() => import('./pages/institutions/InstitutionPage.tsx')),
  },
  {
    path: '/waitlist',
    label: { zh: '入院轮候', en: 'Waiting list' },
    group: { zh: '机构养老', en: 'Institutional care' },
    roles: ['city_admin', 'district_officer', 'street_officer', 'community_worker'],
    element: lazy(() => import('./pages/institutions/WaitlistPage.tsx')),
  },
  {
    path: '/waitlist/mine',
    label: { zh: '入院轮候', en: 'Waiting list' },
    roles: ['elder_family'],
    essential: true,
    element: lazy(() => import('./pages/institutions/MyWaitlistPage.tsx')),
  },
  {
    path: '/waitlist/:id',
    label: { zh: '轮候申请', en: 'Application' },
    roles: ['city_admin', 'district_officer', 'street_officer', 'community_worker', 'assessor', 'elder_family'],
    menu: false,
    menuParent: '/waitlist',
    element: lazy(() => import('./pages/institutions/ApplicationPage.tsx')),
  },
  {
    path: '/workforce',
    label: { zh: '护理员与从业人员', en: 'Care workforce' },
    group: { zh: '人才队伍', en: 'Workforce' },
    roles: ['city_admin', 'district_officer', 'institution_staff', 'provider_staff'],
    element: lazy(() => import('./pages/workforce/RegistryPage.tsx')),
  },
  {
    path: '/workforce/:id',
    label: { zh: '人员详情', en: 'Worker' },
    roles: ['city_admin', 'district_officer', 'institution_staff', 'provider_staff'],
    menu: false,
    menuParent: '/workforce',
    element: lazy(() => import('./pages/workforce/WorkerPage.tsx')),
  },
  {
    path: '/money/runs',
    label: { zh: '月度补贴发放', en: 'Monthly run' },
    group: { zh: '资金与补贴', en: 'Money' },
    roles: ['city_admin', 'district_officer'],
    element: lazy(() => import('./pages/money/MonthlyRunPage.tsx')),
  },
  {
    path: '/money/policies',
    label: { zh: '政策规则', en: 'Policy rules' },
    group: { zh: '资金与补贴', en: 'Money' },
    roles: ['city_admin', 'district_officer', 'street_officer', 'community_worker', 'assessor'],
    element: lazy(() => import('./pages/money/PolicyBrowserPage.tsx')),
  },
  {
    path: '/money/accounts',
    label: { zh: '账户与重阳分', en: 'Accounts' },
    group: { zh: '资金与补贴', en: 'Money' },
    roles: ['city_admin', 'district_officer', 'street_officer', 'community_worker'],
    element: lazy(() => import('./pages/money/AccountsPage.tsx')),
  },
  {
    path: '/money/accounts/:id',
    label: { zh: '账户明细', en: 'Account' },
    roles: [
      'city_admin',
      'district_officer',
      'street_officer',
      'community_worker',
      'elder_family',
      'provider_staff',
      'institution_staff',
    ],
    menu: false,
    menuParent: '/money/accounts',
    element: lazy(() => import('./pages/money/AccountPage.tsx')),
  },
  {
    path: '/money/settlements',
    label: { zh: '服务商结算', en: 'Provider settlement' },
    group: { zh: '资金与补贴', en: 'Money' },
    roles: ['city_admin', 'district_officer'],
    element: lazy(() => import('./pages/money/SettlementsPage.tsx')),
  },
  {
    path: '/money/my-account',
    label: { zh: '我的重阳分', en: 'My 重阳分' },
    roles: ['elder_family'],
    essential: true,
    element: lazy(() => import('./pages/money/MyAccountPage.tsx')),
  },
  {
    path: '/account/password',
    label: { zh: '修改密码', en: 'Change password' },
    icon: <KeyOutlined />,
    roles: ALL,
    menu: false,
    element: lazy(() => import('./pages/account/PasswordPage.tsx')),
  },
  ...HOMECARE_PAGES,
  ...COMMUNITY_PAGES,
  ...ALARMS_PAGES,
  ...COCKPIT_PAGES,
  ...ADMIN_PAGES,
];
