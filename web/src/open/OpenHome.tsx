import { Card, Col, Flex, Input, Row, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { getOpenFigures, searchOpenDatasets, type OpenFacet, type OpenFigures } from '../api/open';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import { DatasetCard } from './DatasetCard';
import { useFormatNumber } from './labels';
import { useOpenTitle } from './OpenLayout';
import { SectionTitle } from './parts';
import { useDcatHeadLinks } from './quality';

const FIGURES: { key: keyof Omit<OpenFigures, 'computedAt'>; label: MessageKey }[] = [
  { key: 'departments', label: 'open.figures.departments' },
  { key: 'datasets', label: 'open.figures.datasets' },
  { key: 'records', label: 'open.figures.records' },
  { key: 'downloads', label: 'open.figures.downloads' },
  { key: 'apiCalls', label: 'open.figures.apiCalls' },
];

function Figures() {
  const t = useT();
  const format = useFormatNumber();
  const { data, error } = useQuery(getOpenFigures);
  if (error) return <ErrorAlert error={error} />;
  if (!data) return <Loading />;
  return (
    <section aria-labelledby="open-figures-title" data-testid="open-figures">
      <SectionTitle id="open-figures-title">{t('open.figures.title')}</SectionTitle>
      <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))' }}>
        {FIGURES.map(({ key, label }) => (
          <Card size="small" key={key}>
            <Flex vertical>
              <Typography.Text type="secondary">{t(label)}</Typography.Text>
              <span
                style={{ fontSize: 28, fontWeight: 600, color: '#1f5fbf', lineHeight: 1.3 }}
                data-testid={`open-figure-${key}`}
                data-value={data[key]}
              >
                {format(data[key])}
              </span>
            </Flex>
          </Card>
        ))}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('open.figures.split', {
          open: format(data.openDatasets),
          conditional: format(data.conditionalDatasets),
        })}{' '}
        ·{' '}
        <span data-testid="open-figures-computed">
          {t('open.figures.computedAt', { time: formatDateTime(data.computedAt) })}
        </span>
      </Typography.Paragraph>
    </section>
  );
}

/** Facet entries as links to the catalogue filtered on them, with a bar for the count. */
function FacetLinks({ entries, param, testId }: { entries: OpenFacet[]; param: string; testId: string }) {
  const t = useT();
  const format = useFormatNumber();
  const max = Math.max(1, ...entries.map((e) => e.count));
  return (
    <Flex
      component="ul"
      vertical
      gap={8}
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
      data-testid={testId}
    >
      {entries.map((e) => (
        <li key={e.value}>
          <Flex justify="space-between" gap="small">
            <Link to={`/open/datasets?${new URLSearchParams({ [param]: e.value }).toString()}`}>
              {e.label}
            </Link>
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
              {t('open.home.count', { n: format(e.count) })}
            </Typography.Text>
          </Flex>
          <div aria-hidden style={{ height: 4, background: '#e6edf7', borderRadius: 2 }}>
            <div
              style={{
                width: `${(e.count / max) * 100}%`,
                height: 4,
                background: '#1f5fbf',
                borderRadius: 2,
              }}
            />
          </div>
        </li>
      ))}
    </Flex>
  );
}

/** 首页: live figures, the search box, the newest datasets, and the datasets per theme and per department. */
export default function OpenHome() {
  const t = useT();
  const navigate = useNavigate();
  useOpenTitle(undefined);
  useDcatHeadLinks();
  const { data, error } = useQuery(
    useCallback((signal: AbortSignal) => searchOpenDatasets({ sort: 'modified', limit: 6 }, signal), []),
  );

  return (
    <Flex vertical gap="large">
      <section aria-labelledby="open-home-title">
        <Typography.Title level={1} id="open-home-title" style={{ fontSize: 28, marginTop: 8 }}>
          {t('open.home.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('open.home.intro')}</Typography.Paragraph>
        <form
          role="search"
          onSubmit={(e) => e.preventDefault()}
          style={{ maxWidth: 720 }}
          aria-label={t('open.home.searchLabel')}
        >
          <Input.Search
            size="large"
            enterButton={t('open.search.button')}
            placeholder={t('open.home.searchPlaceholder')}
            aria-label={t('open.home.searchLabel')}
            onSearch={(v) => {
              const q = v.trim();
              void navigate(q ? `/open/datasets?${new URLSearchParams({ q }).toString()}` : '/open/datasets');
            }}
            data-testid="open-home-search"
          />
        </form>
      </section>
      <Figures />
      <section aria-labelledby="open-newest-title">
        <Flex justify="space-between" align="baseline" wrap gap="small">
          <SectionTitle id="open-newest-title">{t('open.home.newest')}</SectionTitle>
          <Link to="/open/datasets?sort=modified">{t('open.home.all')}</Link>
        </Flex>
        {error ? <ErrorAlert error={error} /> : null}
        {!data && !error ? <Loading /> : null}
        {data ? (
          <Row gutter={[12, 12]} data-testid="open-newest">
            {data.items.map((d) => (
              <Col xs={24} md={12} key={d.name}>
                <DatasetCard dataset={d} />
              </Col>
            ))}
          </Row>
        ) : null}
      </section>
      {data ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Card size="small" style={{ height: '100%' }}>
              <section aria-labelledby="open-themes-title">
                <SectionTitle id="open-themes-title">{t('open.home.themes')}</SectionTitle>
                {data.facets.group.length ? (
                  <FacetLinks entries={data.facets.group} param="group" testId="open-home-themes" />
                ) : (
                  <Typography.Text type="secondary">{t('open.home.noThemes')}</Typography.Text>
                )}
              </section>
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card size="small" style={{ height: '100%' }}>
              <section aria-labelledby="open-departments-title">
                <SectionTitle id="open-departments-title">{t('open.home.departments')}</SectionTitle>
                <FacetLinks
                  entries={data.facets.organization.slice(0, 10)}
                  param="organization"
                  testId="open-home-departments"
                />
              </section>
            </Card>
          </Col>
        </Row>
      ) : null}
    </Flex>
  );
}
