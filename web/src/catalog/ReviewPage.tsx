import { Badge, Card, Flex, Tabs } from 'antd';
import { getCatalogStats } from '../api/catalog';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { OverdueList } from './OverdueList';
import { APPROVED, ReviewQueue, SUBMITTED } from './ReviewQueue';

function TabLabel({ text, count, testId }: { text: string; count: number | undefined; testId: string }) {
  return (
    <Flex gap="small" align="center" data-testid={testId}>
      {text}
      {count ? <Badge count={count} overflowCount={9999} color="blue" /> : null}
    </Flex>
  );
}

/** The operator's queue: versions to approve, to publish, and resources whose data is overdue. */
export default function ReviewPage() {
  const t = useT();
  const stats = useQuery(getCatalogStats);
  const countOf = (status: string) => stats.data?.byStatus.find((entry) => entry.value === status)?.count;

  return (
    <Page title={t('catalog.review.title')}>
      <ErrorAlert error={stats.error} />
      <Card>
        <Tabs
          items={[
            {
              key: 'submitted',
              label: (
                <TabLabel
                  text={t('catalog.review.submitted')}
                  count={countOf('submitted')}
                  testId="tab-submitted"
                />
              ),
              children: <ReviewQueue filters={SUBMITTED} onChanged={stats.reload} />,
            },
            {
              key: 'approved',
              label: (
                <TabLabel
                  text={t('catalog.review.approved')}
                  count={countOf('approved')}
                  testId="tab-approved"
                />
              ),
              children: <ReviewQueue filters={APPROVED} onChanged={stats.reload} />,
            },
            {
              key: 'overdue',
              label: (
                <TabLabel
                  text={t('catalog.review.overdue')}
                  count={stats.data?.overdue}
                  testId="tab-overdue"
                />
              ),
              children: <OverdueList stats={stats.data} />,
            },
          ]}
        />
      </Card>
    </Page>
  );
}
