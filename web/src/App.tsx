import { App as AntApp, ConfigProvider } from 'antd';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthProvider';
import { LoginPage } from './auth/LoginPage';
import { RequireAccess } from './auth/RequireAccess';
import { RequireAuth } from './auth/RequireAuth';
import { MainLayout } from './layout/MainLayout';
import { Loading } from './shared/Loading';
import { NotFound } from './shared/StatusPages';
import { useReducedMotion } from './shared/useReducedMotion';

const OverviewPage = lazy(() => import('./overview/OverviewPage'));
const DepartmentsPage = lazy(() => import('./admin/departments/DepartmentsPage'));
const UsersPage = lazy(() => import('./admin/users/UsersPage'));
const ApiKeysPage = lazy(() => import('./admin/apiKeys/ApiKeysPage'));
const AuditPage = lazy(() => import('./audit/AuditPage'));
const CatalogPage = lazy(() => import('./catalog/CatalogPage'));
const ResourcePage = lazy(() => import('./catalog/ResourcePage'));
const ResourceEditPage = lazy(() => import('./catalog/ResourceEditPage'));
const ImportPage = lazy(() => import('./catalog/ImportPage'));
const ReviewPage = lazy(() => import('./catalog/ReviewPage'));
const ExchangeStatsPage = lazy(() => import('./exchange/ExchangeStatsPage'));
const ExchangeResourcesPage = lazy(() => import('./exchange/ExchangeResourcesPage'));
const ExchangeResourcePage = lazy(() => import('./exchange/ExchangeResourcePage'));
const SubscriptionsPage = lazy(() => import('./exchange/SubscriptionsPage'));
const DeadLettersPage = lazy(() => import('./exchange/DeadLettersPage'));
const QualityPage = lazy(() => import('./exchange/QualityPage'));
const SharingCatalogPage = lazy(() => import('./sharing/SharingCatalogPage'));
const SharingResourcePage = lazy(() => import('./sharing/SharingResourcePage'));
const MyRequestsPage = lazy(() => import('./sharing/MyRequestsPage'));
const InboxPage = lazy(() => import('./sharing/InboxPage'));
const GrantsPage = lazy(() => import('./sharing/GrantsPage'));
const AgreementsPage = lazy(() => import('./sharing/AgreementsPage'));
const UsagePage = lazy(() => import('./sharing/UsagePage'));
const PolicyPage = lazy(() => import('./sharing/PolicyPage'));
const EconomyPage = lazy(() => import('./economy/EconomyPage'));
const EconomyIndicatorPage = lazy(() => import('./economy/IndicatorPage'));
const RegistriesPage = lazy(() => import('./registries/RegistriesPage'));
const GoldenRecordsPage = lazy(() => import('./registries/RecordsPage'));
const GoldenRecordPage = lazy(() => import('./registries/RecordPage'));
const RegistryQueuesPage = lazy(() => import('./registries/QueuesPage'));
const RegistryMatchPage = lazy(() => import('./registries/MatchPage'));
const RegistryRulesPage = lazy(() => import('./registries/RulesPage'));
const DossierPage = lazy(() => import('./dossier/DossierPage'));
const MyDossierPage = lazy(() => import('./dossier/MyDossierPage'));
const LicenseTypesPage = lazy(() => import('./licenses/LicenseTypesPage'));
const LicensesPage = lazy(() => import('./licenses/LicensesPage'));
const LicensePage = lazy(() => import('./licenses/LicensePage'));
const LicenseVerifyPage = lazy(() => import('./licenses/VerifyPage'));
const CreditRecordsPage = lazy(() => import('./credit/RecordsPage'));
const CreditRecordPage = lazy(() => import('./credit/RecordPage'));
const CreditListsPage = lazy(() => import('./credit/ListsPage'));
const CreditProfilePage = lazy(() => import('./credit/ProfilePage'));
const CreditCasesPage = lazy(() => import('./credit/CasesPage'));
const MyCreditPage = lazy(() => import('./credit/MyCreditPage'));
const CreditPublicSearchPage = lazy(() => import('./credit/PublicSearchPage'));
const ServicesSearchPage = lazy(() => import('./services/PublicSearchPage'));
const ServiceItemPage = lazy(() => import('./services/ItemPage'));
const ServiceCataloguePage = lazy(() => import('./services/CatalogueEditorPage'));
const OpenSite = lazy(() => import('./open/OpenSite'));
const OpenApplicationsPage = lazy(() => import('./open/staff/OpenApplicationsPage'));
const OpenFeedbackInboxPage = lazy(() => import('./open/feedback/staff/FeedbackInboxPage'));
const OpenModerationPage = lazy(() => import('./open/feedback/staff/ModerationPage'));
const AddressSearchPage = lazy(() => import('./geo/AddressSearchPage'));
const AddressBrowserPage = lazy(() => import('./geo/AddressBrowserPage'));
const CaseInboxPage = lazy(() => import('./cases/CaseInboxPage'));
const CasePage = lazy(() => import('./cases/CasePage'));
const MyCasesPage = lazy(() => import('./cases/MyCasesPage'));

export function App() {
  const reducedMotion = useReducedMotion();
  return (
    <ConfigProvider theme={{ token: { colorPrimary: '#1f5fbf', motion: !reducedMotion } }}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              {/* Public: what a license's QR code opens, no sign-in. */}
              <Route
                path="/verify/licenses"
                element={
                  <Suspense fallback={<Loading fullScreen />}>
                    <LicenseVerifyPage />
                  </Suspense>
                }
              />
              {/* Public: 信用查询, no sign-in. */}
              <Route
                path="/public/credit"
                element={
                  <Suspense fallback={<Loading fullScreen />}>
                    <CreditPublicSearchPage />
                  </Suspense>
                }
              />
              {/* Public: 政务服务事项 and their guides, no sign-in. */}
              <Route
                path="/public/services"
                element={
                  <Suspense fallback={<Loading fullScreen />}>
                    <ServicesSearchPage />
                  </Suspense>
                }
              />
              <Route
                path="/public/services/:id"
                element={
                  <Suspense fallback={<Loading fullScreen />}>
                    <ServiceItemPage />
                  </Suspense>
                }
              />
              {/* Public: 公共数据开放网站, no sign-in. */}
              <Route
                path="/open/*"
                element={
                  <Suspense fallback={<Loading fullScreen />}>
                    <OpenSite />
                  </Suspense>
                }
              />
              <Route
                element={
                  <RequireAuth>
                    <MainLayout />
                  </RequireAuth>
                }
              >
                <Route index element={<OverviewPage />} />
                <Route
                  path="services/items"
                  element={
                    <RequireAccess permission="editCatalog">
                      <ServiceCataloguePage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="catalog"
                  element={
                    <RequireAccess permission="viewCatalog">
                      <CatalogPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="catalog/new"
                  element={
                    <RequireAccess permission="editCatalog">
                      <ResourceEditPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="catalog/resources/:ref"
                  element={
                    <RequireAccess permission="viewCatalog">
                      <ResourcePage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="catalog/resources/:ref/edit"
                  element={
                    <RequireAccess permission="editCatalog">
                      <ResourceEditPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="catalog/import"
                  element={
                    <RequireAccess permission="importCatalog">
                      <ImportPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="catalog/review"
                  element={
                    <RequireAccess permission="reviewCatalog">
                      <ReviewPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="exchange"
                  element={
                    <RequireAccess permission="viewExchangeStats">
                      <ExchangeStatsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="exchange/resources"
                  element={
                    <RequireAccess permission="viewExchangeData">
                      <ExchangeResourcesPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="exchange/resources/:id"
                  element={
                    <RequireAccess permission="viewExchangeData">
                      <ExchangeResourcePage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="exchange/subscriptions"
                  element={
                    <RequireAccess permission="viewSubscriptions">
                      <SubscriptionsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="exchange/dead-letters"
                  element={
                    <RequireAccess permission="viewSubscriptions">
                      <DeadLettersPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="exchange/quality"
                  element={
                    <RequireAccess permission="viewExchangeData">
                      <QualityPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="economy"
                  element={
                    <RequireAccess permission="viewCatalog">
                      <EconomyPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="economy/indicators/:code"
                  element={
                    <RequireAccess permission="viewCatalog">
                      <EconomyIndicatorPage />
                    </RequireAccess>
                  }
                />
                {/* 人口/法人基础库: the registry's own steward is one department's; the server decides per registry. */}
                <Route
                  path="registries"
                  element={
                    <RequireAccess permission="viewRegistries">
                      <RegistriesPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="registries/:registry/records"
                  element={
                    <RequireAccess permission="viewRegistries">
                      <GoldenRecordsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="registries/:registry/records/:id"
                  element={
                    <RequireAccess permission="viewRegistries">
                      <GoldenRecordPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="registries/:registry/queues"
                  element={
                    <RequireAccess permission="viewRegistries">
                      <RegistryQueuesPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="registries/:registry/match"
                  element={
                    <RequireAccess permission="viewRegistries">
                      <RegistryMatchPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="registries/:registry/rules"
                  element={
                    <RequireAccess permission="viewRegistries">
                      <RegistryRulesPage />
                    </RequireAccess>
                  }
                />
                {/* 一人一档 / 一企一档: anchored on the golden record, so the registries' permission; the server decides. */}
                <Route
                  path="dossiers/:kind/:id"
                  element={
                    <RequireAccess permission="viewRegistries">
                      <DossierPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="me/dossier"
                  element={
                    <RequireAccess permission="viewMyDossier">
                      <MyDossierPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="sharing/catalog"
                  element={
                    <RequireAccess permission="viewSharing">
                      <SharingCatalogPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="sharing/resources/:id"
                  element={
                    <RequireAccess permission="viewSharing">
                      <SharingResourcePage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="sharing/requests"
                  element={
                    <RequireAccess permission="viewRequests">
                      <MyRequestsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="open-admin/applications"
                  element={
                    <RequireAccess permission="viewOpenApplications">
                      <OpenApplicationsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="open-admin/feedback"
                  element={
                    <RequireAccess permission="answerOpenFeedback">
                      <OpenFeedbackInboxPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="open-admin/moderation"
                  element={
                    <RequireAccess permission="moderateOpenFeedback">
                      <OpenModerationPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="sharing/inbox"
                  element={
                    <RequireAccess permission="approveSharing">
                      <InboxPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="sharing/grants"
                  element={
                    <RequireAccess permission="viewGrants">
                      <GrantsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="sharing/agreements"
                  element={
                    <RequireAccess permission="viewAgreements">
                      <AgreementsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="sharing/usage"
                  element={
                    <RequireAccess permission="viewSharingUsage">
                      <UsagePage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="sharing/policy"
                  element={
                    <RequireAccess permission="manageSharingPolicy">
                      <PolicyPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="registries/licenses"
                  element={
                    <RequireAccess permission="viewLicenses">
                      <LicensesPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="registries/licenses/view"
                  element={
                    <RequireAccess permission="viewLicenses">
                      <LicensePage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="credit/records"
                  element={
                    <RequireAccess permission="viewCredit">
                      <CreditRecordsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="credit/records/view"
                  element={
                    <RequireAccess permission="viewCredit">
                      <CreditRecordPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="credit/lists"
                  element={
                    <RequireAccess permission="viewCredit">
                      <CreditListsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="credit/profile"
                  element={
                    <RequireAccess permission="viewCredit">
                      <CreditProfilePage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="credit/cases"
                  element={
                    <RequireAccess permission="viewCreditCases">
                      <CreditCasesPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="credit/me"
                  element={
                    <RequireAccess permission="viewMyCredit">
                      <MyCreditPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="registries/license-types"
                  element={
                    <RequireAccess permission="viewLicenses">
                      <LicenseTypesPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="admin/departments"
                  element={
                    <RequireAccess permission="manageDepartments">
                      <DepartmentsPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="admin/users"
                  element={
                    <RequireAccess permission="viewUsers">
                      <UsersPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="admin/api-keys"
                  element={
                    <RequireAccess permission="viewApiKeys">
                      <ApiKeysPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="geo/search"
                  element={
                    <RequireAccess permission="viewCatalog">
                      <AddressSearchPage />
                    </RequireAccess>
                  }
                />
                <Route path="geo/browse" element={<AddressBrowserPage />} />
                {/* 办件: the staff workbench; the server decides which cases each role sees and acts on. */}
                <Route path="cases" element={<CaseInboxPage />} />
                <Route path="cases/:id" element={<CasePage />} />
                <Route path="me/cases" element={<MyCasesPage />} />
                <Route
                  path="audit"
                  element={
                    <RequireAccess permission="viewAudit">
                      <AuditPage />
                    </RequireAccess>
                  }
                />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
