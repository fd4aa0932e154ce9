import { lazy } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { Result } from 'antd';
import { useT } from '../i18n/context';
import { OpenLayout, useOpenTitle } from './OpenLayout';

const OpenHome = lazy(() => import('./OpenHome'));
const OpenSearch = lazy(() => import('./OpenSearch'));
// Its own chunk: only the dataset's page draws charts (ECharts).
const OpenDataset = lazy(() => import('./OpenDataset'));
const OpenQuality = lazy(() => import('./OpenQuality'));
const DeveloperConsole = lazy(() => import('./developer/DeveloperConsole'));
const RequestsPage = lazy(() => import('./feedback/RequestsPage'));
const RequestPage = lazy(() => import('./feedback/RequestPage'));
const ShowcasesPage = lazy(() => import('./feedback/ShowcasesPage'));

function OpenNotFound() {
  const t = useT();
  useOpenTitle(t('error.notFound.title'));
  return (
    <Result
      status="404"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('error.notFound.title')}</h1>}
      subTitle={t('error.notFound.subtitle')}
      extra={<Link to="/open">{t('open.nav.home')}</Link>}
    />
  );
}

/** 公共数据开放网站 under /open: for anyone, no sign-in. */
export default function OpenSite() {
  return (
    <Routes>
      <Route element={<OpenLayout />}>
        <Route index element={<OpenHome />} />
        <Route path="datasets" element={<OpenSearch />} />
        <Route path="datasets/:name" element={<OpenDataset />} />
        <Route path="quality" element={<OpenQuality />} />
        <Route path="developer" element={<DeveloperConsole />} />
        <Route path="requests" element={<RequestsPage />} />
        <Route path="requests/:id" element={<RequestPage />} />
        <Route path="showcases" element={<ShowcasesPage />} />
        <Route path="*" element={<OpenNotFound />} />
      </Route>
    </Routes>
  );
}
