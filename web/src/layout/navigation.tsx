import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  ContactsOutlined,
  ControlOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  ExceptionOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FlagOutlined,
  FormOutlined,
  GlobalOutlined,
  HomeOutlined,
  IdcardOutlined,
  ImportOutlined,
  InboxOutlined,
  KeyOutlined,
  LineChartOutlined,
  NotificationOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SettingOutlined,
  ShareAltOutlined,
  ShopOutlined,
  SolutionOutlined,
  SwapOutlined,
  TableOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../auth/access';
import type { MessageKey } from '../i18n/zh';

/** A page of the app. `permission` hides it from users who may not use it. */
export interface NavPage {
  kind: 'page';
  path: string;
  label: MessageKey;
  icon: ReactNode;
  testId: string;
  permission?: Permission;
}

/** A module on the roadmap: shown, disabled, so users see where the platform is going. */
export interface NavPlanned {
  kind: 'planned';
  key: string;
  label: MessageKey;
  icon: ReactNode;
}

export interface NavGroup {
  kind: 'group';
  key: string;
  label: MessageKey;
  icon: ReactNode;
  children: NavPage[];
}

export type NavEntry = NavPage | NavPlanned | NavGroup;

const planned = (key: string, label: MessageKey, icon: ReactNode): NavPlanned => ({
  kind: 'planned',
  key,
  label,
  icon,
});

export const NAVIGATION: NavEntry[] = [
  { kind: 'page', path: '/', label: 'nav.overview', icon: <HomeOutlined />, testId: 'nav-overview' },
  {
    kind: 'group',
    key: 'catalog',
    label: 'nav.catalog',
    icon: <FileSearchOutlined />,
    children: [
      {
        kind: 'page',
        path: '/catalog',
        label: 'nav.catalogResources',
        icon: <ProfileOutlined />,
        testId: 'nav-catalog',
        permission: 'viewCatalog',
      },
      {
        kind: 'page',
        path: '/catalog/review',
        label: 'nav.catalogReview',
        icon: <CheckSquareOutlined />,
        testId: 'nav-catalog-review',
        permission: 'reviewCatalog',
      },
      {
        kind: 'page',
        path: '/catalog/import',
        label: 'nav.catalogImport',
        icon: <ImportOutlined />,
        testId: 'nav-catalog-import',
        permission: 'importCatalog',
      },
    ],
  },
  {
    kind: 'group',
    key: 'exchange',
    label: 'nav.exchange',
    icon: <SwapOutlined />,
    children: [
      {
        kind: 'page',
        path: '/exchange',
        label: 'nav.exchangeOverview',
        icon: <BarChartOutlined />,
        testId: 'nav-exchange-overview',
        permission: 'viewExchangeStats',
      },
      {
        kind: 'page',
        path: '/exchange/resources',
        label: 'nav.exchangeResources',
        icon: <TableOutlined />,
        testId: 'nav-exchange-resources',
        permission: 'viewExchangeData',
      },
      {
        kind: 'page',
        path: '/exchange/subscriptions',
        label: 'nav.exchangeSubscriptions',
        icon: <NotificationOutlined />,
        testId: 'nav-exchange-subscriptions',
        permission: 'viewSubscriptions',
      },
      {
        kind: 'page',
        path: '/exchange/dead-letters',
        label: 'nav.exchangeDeadLetters',
        icon: <AlertOutlined />,
        testId: 'nav-exchange-dead-letters',
        permission: 'viewSubscriptions',
      },
      {
        kind: 'page',
        path: '/exchange/quality',
        label: 'nav.exchangeQuality',
        icon: <SafetyCertificateOutlined />,
        testId: 'nav-exchange-quality',
        permission: 'viewExchangeData',
      },
    ],
  },
  {
    kind: 'group',
    key: 'sharing',
    label: 'nav.sharing',
    icon: <ShareAltOutlined />,
    children: [
      {
        kind: 'page',
        path: '/sharing/catalog',
        label: 'nav.sharingCatalog',
        icon: <AppstoreOutlined />,
        testId: 'nav-sharing-catalog',
        permission: 'viewSharing',
      },
      {
        kind: 'page',
        path: '/sharing/requests',
        label: 'nav.sharingRequests',
        icon: <FormOutlined />,
        testId: 'nav-sharing-requests',
        permission: 'viewRequests',
      },
      {
        kind: 'page',
        path: '/sharing/inbox',
        label: 'nav.sharingInbox',
        icon: <CheckSquareOutlined />,
        testId: 'nav-sharing-inbox',
        permission: 'approveSharing',
      },
      {
        kind: 'page',
        path: '/sharing/grants',
        label: 'nav.sharingGrants',
        icon: <SafetyOutlined />,
        testId: 'nav-sharing-grants',
        permission: 'viewGrants',
      },
      {
        kind: 'page',
        path: '/sharing/agreements',
        label: 'nav.sharingAgreements',
        icon: <FileProtectOutlined />,
        testId: 'nav-sharing-agreements',
        permission: 'viewAgreements',
      },
      {
        kind: 'page',
        path: '/sharing/usage',
        label: 'nav.sharingUsage',
        icon: <LineChartOutlined />,
        testId: 'nav-sharing-usage',
        permission: 'viewSharingUsage',
      },
      {
        kind: 'page',
        path: '/sharing/policy',
        label: 'nav.sharingPolicy',
        icon: <ControlOutlined />,
        testId: 'nav-sharing-policy',
        permission: 'manageSharingPolicy',
      },
    ],
  },
  {
    kind: 'group',
    key: 'registries',
    label: 'nav.registries',
    icon: <DatabaseOutlined />,
    children: [
      {
        kind: 'page',
        path: '/registries/licenses',
        label: 'nav.licenses',
        icon: <IdcardOutlined />,
        testId: 'nav-licenses',
        permission: 'viewLicenses',
      },
      {
        kind: 'page',
        path: '/registries/license-types',
        label: 'nav.licenseTypes',
        icon: <ProfileOutlined />,
        testId: 'nav-license-types',
        permission: 'viewLicenses',
      },
      {
        kind: 'page',
        path: '/registries',
        label: 'nav.registriesOverview',
        icon: <ClusterOutlined />,
        testId: 'nav-registries',
        permission: 'viewRegistries',
      },
      {
        kind: 'page',
        path: '/registries/population/records',
        label: 'nav.population',
        icon: <ContactsOutlined />,
        testId: 'nav-population',
        permission: 'viewRegistryRecords',
      },
      {
        kind: 'page',
        path: '/registries/legal-person/records',
        label: 'nav.legalPerson',
        icon: <ShopOutlined />,
        testId: 'nav-legal-person',
        permission: 'viewRegistryRecords',
      },
      {
        kind: 'page',
        path: '/credit/records',
        label: 'nav.creditRecords',
        icon: <SafetyCertificateOutlined />,
        testId: 'nav-credit-records',
        permission: 'viewCredit',
      },
      {
        kind: 'page',
        path: '/credit/lists',
        label: 'nav.creditLists',
        icon: <FlagOutlined />,
        testId: 'nav-credit-lists',
        permission: 'viewCredit',
      },
      {
        kind: 'page',
        path: '/credit/profile',
        label: 'nav.creditProfile',
        icon: <SolutionOutlined />,
        testId: 'nav-credit-profile',
        permission: 'viewCredit',
      },
      {
        kind: 'page',
        path: '/credit/cases',
        label: 'nav.creditCases',
        icon: <ExceptionOutlined />,
        testId: 'nav-credit-cases',
        permission: 'viewCreditCases',
      },
      {
        kind: 'page',
        path: '/me/dossier',
        label: 'nav.myDossier',
        icon: <IdcardOutlined />,
        testId: 'nav-my-dossier',
        permission: 'viewMyDossier',
      },
      {
        kind: 'page',
        path: '/credit/me',
        label: 'nav.myCredit',
        icon: <UserOutlined />,
        testId: 'nav-my-credit',
        permission: 'viewMyCredit',
      },
      {
        kind: 'page',
        path: '/economy',
        label: 'nav.economy',
        icon: <BarChartOutlined />,
        testId: 'nav-economy',
        permission: 'viewCatalog',
      },
      {
        kind: 'page',
        path: '/geo/search',
        label: 'nav.geoSearch',
        icon: <EnvironmentOutlined />,
        testId: 'nav-geo-search',
        // Standardizing is a staff tool (geo.standardize: every staff role), as viewCatalog is.
        permission: 'viewCatalog',
      },
      // The address base itself is public geographic information: every signed-in user may browse it.
      {
        kind: 'page',
        path: '/geo/browse',
        label: 'nav.geoBrowse',
        icon: <ApartmentOutlined />,
        testId: 'nav-geo-browse',
      },
    ],
  },
  {
    kind: 'group',
    key: 'opendata',
    label: 'nav.opendata',
    icon: <GlobalOutlined />,
    children: [
      {
        kind: 'page',
        path: '/open-admin/applications',
        label: 'nav.openApplications',
        icon: <CheckSquareOutlined />,
        testId: 'nav-open-applications',
        permission: 'viewOpenApplications',
      },
      {
        kind: 'page',
        path: '/open-admin/feedback',
        label: 'nav.openFeedbackInbox',
        icon: <FormOutlined />,
        testId: 'nav-open-feedback',
        permission: 'answerOpenFeedback',
      },
      {
        kind: 'page',
        path: '/open-admin/moderation',
        label: 'nav.openModeration',
        icon: <FlagOutlined />,
        testId: 'nav-open-moderation',
        permission: 'moderateOpenFeedback',
      },
    ],
  },
  {
    kind: 'group',
    key: 'services',
    label: 'nav.services',
    icon: <SolutionOutlined />,
    children: [
      {
        kind: 'page',
        path: '/services/items',
        label: 'nav.serviceItems',
        icon: <ProfileOutlined />,
        testId: 'nav-service-items',
        permission: 'editCatalog',
      },
      {
        kind: 'page',
        path: '/cases',
        label: 'nav.caseInbox',
        icon: <InboxOutlined />,
        testId: 'nav-case-inbox',
        permission: 'viewCases',
      },
      {
        kind: 'page',
        path: '/me/cases',
        label: 'nav.myCases',
        icon: <FileDoneOutlined />,
        testId: 'nav-my-cases',
        permission: 'viewMyCases',
      },
    ],
  },
  planned('dashboard', 'nav.dashboard', <DashboardOutlined />),
  {
    kind: 'group',
    key: 'admin',
    label: 'nav.admin',
    icon: <SettingOutlined />,
    children: [
      {
        kind: 'page',
        path: '/admin/departments',
        label: 'nav.departments',
        icon: <BankOutlined />,
        testId: 'nav-departments',
        permission: 'manageDepartments',
      },
      {
        kind: 'page',
        path: '/admin/users',
        label: 'nav.users',
        icon: <TeamOutlined />,
        testId: 'nav-users',
        permission: 'viewUsers',
      },
      {
        kind: 'page',
        path: '/admin/api-keys',
        label: 'nav.apiKeys',
        icon: <KeyOutlined />,
        testId: 'nav-api-keys',
        permission: 'viewApiKeys',
      },
    ],
  },
  {
    kind: 'page',
    path: '/audit',
    label: 'nav.audit',
    icon: <AuditOutlined />,
    testId: 'nav-audit',
    permission: 'viewAudit',
  },
];

/** The page a path belongs to: the longest matching page path ('/' only matches itself). */
export function activePage(pathname: string, pages: NavPage[]): NavPage | undefined {
  return pages
    .filter(({ path }) => pathname === path || (path !== '/' && pathname.startsWith(`${path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
