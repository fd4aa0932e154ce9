import { Breadcrumb, Card, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { getOpenQuality, type OpenQualityRanking } from '../api/openQuality';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import { useOpenTitle } from './OpenLayout';
import { ScrollRegion, SectionCard } from './parts';
import { QualityBadge, useLocalized } from './quality';

type Department = OpenQualityRanking['departments'][number];

/** What the score is made of: each criterion with its weight. */
function Criteria({ data }: { data: OpenQualityRanking }) {
  const t = useT();
  const text = useLocalized();
  return (
    <SectionCard id="open-quality-criteria-title" title={t('open.quality.weights')}>
      <Flex component="ul" wrap gap={8} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {data.criteria.map((c) => (
          <li key={c.id}>
            <Card size="small" styles={{ body: { padding: '6px 10px' } }}>
              {text(c.label)} · {t('open.quality.weight', { n: c.weight })}
            </Card>
          </li>
        ))}
      </Flex>
    </SectionCard>
  );
}

/** A department's datasets with their scores, best first (the row's expansion). */
function DepartmentDatasets({ department }: { department: Department }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {department.items.map((d) => (
        <li key={d.name} style={{ padding: '2px 0' }}>
          <Link to={`/open/datasets/${d.name}`}>{d.title}</Link> <QualityBadge score={d.score} />
        </li>
      ))}
    </ul>
  );
}

function Ranking({ data }: { data: OpenQualityRanking }) {
  const t = useT();
  const columns: TableColumnsType<Department> = [
    {
      key: 'rank',
      title: t('open.quality.rank'),
      dataIndex: 'rank',
      width: 72,
      sorter: (a, b) => a.rank - b.rank,
      defaultSortOrder: 'ascend',
    },
    {
      key: 'organization',
      title: t('open.quality.department'),
      render: (_, d) => (
        <Link to={`/open/datasets?organization=${d.organization.name}`}>{d.organization.title}</Link>
      ),
      sorter: (a, b) => a.organization.title.localeCompare(b.organization.title, 'zh'),
    },
    {
      key: 'score',
      title: t('open.quality.average'),
      dataIndex: 'score',
      align: 'right',
      render: (score: number) => <span data-testid="open-quality-score">{score.toFixed(1)}</span>,
      sorter: (a, b) => a.score - b.score,
    },
    {
      key: 'datasets',
      title: t('open.quality.datasets'),
      dataIndex: 'datasets',
      align: 'right',
      sorter: (a, b) => a.datasets - b.datasets,
    },
  ];
  return (
    <SectionCard
      id="open-quality-ranking-title"
      title={t('open.quality.ranking')}
      testId="open-quality-ranking"
    >
      <ScrollRegion label={t('open.quality.tableLabel')}>
        <Table<Department>
          size="small"
          rowKey={(d) => d.organization.name}
          columns={columns}
          dataSource={data.departments}
          pagination={false}
          expandable={{ expandedRowRender: (d) => <DepartmentDatasets department={d} /> }}
          locale={{ emptyText: t('open.quality.none') }}
          showSorterTooltip={false}
        />
      </ScrollRegion>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t('open.quality.computedAt', { time: formatDateTime(data.computedAt) })}
      </Typography.Paragraph>
    </SectionCard>
  );
}

/** 数据质量: the departments ranked by their open datasets' quality scores, and what the score is made of. */
export default function OpenQuality() {
  const t = useT();
  useOpenTitle(t('open.quality.title'));
  const { data, error } = useQuery(getOpenQuality);
  return (
    <Flex vertical gap="middle" data-testid="open-quality">
      <Breadcrumb
        aria-label={t('open.breadcrumb')}
        items={[{ title: <Link to="/open">{t('open.nav.home')}</Link> }, { title: t('open.quality.title') }]}
      />
      <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
        {t('open.quality.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('open.quality.intro')}</Typography.Paragraph>
      {error ? (
        <ErrorAlert error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <Ranking data={data} />
          <Criteria data={data} />
        </>
      )}
    </Flex>
  );
}
