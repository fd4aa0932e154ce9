import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Pagination,
  Row,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useErrorMessage } from '../shared/errors';
import { EMPTY, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { NotFound } from '../shared/StatusPages';
import { useQuery } from '../shared/useQuery';
import { decideReview, listConflicts, listReviews, type Review, type Segment } from './api';
import { ConflictCard } from './ConflictCard';
import { percent, SUBJECT } from './labels';
import { recordPath, useOverview, useRegistryName, useSegment } from './useRegistry';
import { WhyBars } from './Why';

const PAGE_SIZE = 10;

export default function QueuesPage() {
  const segment = useSegment();
  return segment ? <Queues segment={segment} key={segment} /> : <NotFound />;
}

/** The steward's two queues: fields whose sources disagree (字段冲突) and likely matches to decide (疑似匹配). */
function Queues({ segment }: { segment: Segment }) {
  const t = useT();
  const name = useRegistryName();
  const overview = useOverview(segment);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'reviews' ? 'reviews' : 'conflicts';
  const [conflictPage, setConflictPage] = useState(1);
  const [reviewPage, setReviewPage] = useState(1);
  const conflicts = useQuery(
    useCallback(
      (signal: AbortSignal) =>
        listConflicts(
          segment,
          { status: 'open', limit: PAGE_SIZE, offset: (conflictPage - 1) * PAGE_SIZE },
          signal,
        ),
      [segment, conflictPage],
    ),
  );
  const reviews = useQuery(
    useCallback(
      (signal: AbortSignal) =>
        listReviews(
          segment,
          { status: 'open', limit: PAGE_SIZE, offset: (reviewPage - 1) * PAGE_SIZE },
          signal,
        ),
      [segment, reviewPage],
    ),
  );
  const reload = () => {
    conflicts.reload();
    reviews.reload();
    overview.reload();
  };
  const count = (n: number | undefined) => (
    <Badge
      count={n ?? 0}
      showZero
      overflowCount={9999}
      color={n ? 'red' : 'gray'}
      style={{ marginLeft: 6 }}
    />
  );
  const notSteward = overview.data && !overview.data.canSteward;

  return (
    <Page
      title={`${name(overview.data, segment)} · ${t('registries.queues.title')}`}
      extra={<Link to="/registries">{t('registries.back')}</Link>}
    >
      {notSteward && <Alert type="info" showIcon title={t('registries.queues.notSteward')} />}
      <ErrorAlert error={overview.error} />
      {!overview.data && !overview.error && <Card loading />}
      {overview.data && (
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key })}
          items={[
            {
              key: 'conflicts',
              label: (
                <span data-testid="registry-tab-conflicts">
                  {t('registries.queues.conflicts')}
                  {count(conflicts.data?.total)}
                </span>
              ),
              children: (
                <Flex vertical gap="small">
                  <ErrorAlert error={conflicts.error} />
                  {conflicts.loading && !conflicts.data && <Card loading />}
                  {conflicts.data?.items.length === 0 && (
                    <Empty description={t('registries.queues.noConflicts')} />
                  )}
                  {conflicts.data?.items.map((c) => (
                    <ConflictCard
                      key={c.id}
                      segment={segment}
                      conflict={c}
                      canSteward={overview.data?.canSteward ?? false}
                      showRecord
                      onDecided={reload}
                    />
                  ))}
                  <Pagination
                    hideOnSinglePage
                    align="end"
                    current={conflictPage}
                    pageSize={PAGE_SIZE}
                    total={conflicts.data?.total ?? 0}
                    showSizeChanger={false}
                    onChange={setConflictPage}
                  />
                </Flex>
              ),
            },
            {
              key: 'reviews',
              label: (
                <span data-testid="registry-tab-reviews">
                  {t('registries.queues.reviews')}
                  {count(reviews.data?.total)}
                </span>
              ),
              children: (
                <Flex vertical gap="small">
                  <ErrorAlert error={reviews.error} />
                  {reviews.loading && !reviews.data && <Card loading />}
                  {reviews.data?.items.length === 0 && (
                    <Empty description={t('registries.queues.noReviews')} />
                  )}
                  {reviews.data?.items.map((r) => (
                    <ReviewCard
                      key={r.id}
                      segment={segment}
                      review={r}
                      canSteward={overview.data?.canSteward ?? false}
                      onDecided={reload}
                    />
                  ))}
                  <Pagination
                    hideOnSinglePage
                    align="end"
                    current={reviewPage}
                    pageSize={PAGE_SIZE}
                    total={reviews.data?.total ?? 0}
                    showSizeChanger={false}
                    onChange={setReviewPage}
                  />
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}

interface SideBySide {
  field: string;
  incoming: string | null;
  golden: string | null;
}

/** A likely match: the incoming source record beside the candidate's golden record, the score and its evidence. */
function ReviewCard({
  segment,
  review: r,
  canSteward,
  onDecided,
}: {
  segment: Segment;
  review: Review;
  canSteward: boolean;
  onDecided: () => void;
}) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'link' | 'apart' | null>(null);
  const decide = async (decision: 'link' | 'apart') => {
    setBusy(decision);
    try {
      await decideReview(segment, r.id, decision);
      void message.success(t(decision === 'link' ? 'registries.review.linked' : 'registries.review.apart'));
      onDecided();
    } catch (error) {
      void message.error(describe(error));
      setBusy(null);
    }
  };
  const candidate = r.candidate ?? {};
  const fields = [...new Set([...Object.keys(r.record), ...Object.keys(candidate)])];
  // The fields either side has, in the order the registry lists them.
  const rows: SideBySide[] = fields
    .map((field) => ({ field, incoming: r.record[field] ?? null, golden: candidate[field] ?? null }))
    .filter((row) => row.incoming !== null || row.golden !== null);
  const differs = (row: SideBySide) =>
    row.incoming !== null && row.golden !== null && row.incoming !== row.golden;
  const columns: TableColumnsType<SideBySide> = [
    { title: t('registries.review.field'), dataIndex: 'field', width: 120 },
    {
      title: (
        <Flex vertical>
          <span>{t('registries.review.incoming')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {r.sourceName} · {r.recordKey}
          </Typography.Text>
        </Flex>
      ),
      dataIndex: 'incoming',
      render: (v: string | null, row) => (
        <Typography.Text type={differs(row) ? 'warning' : undefined}>{v ?? EMPTY}</Typography.Text>
      ),
    },
    {
      title: (
        <Flex vertical>
          <span>{t('registries.review.candidate')}</span>
          <Link to={recordPath(segment, r.candidateId)} data-testid="registry-review-candidate">
            <code style={{ fontSize: 12 }}>{r.candidateId}</code>
          </Link>
        </Flex>
      ),
      dataIndex: 'golden',
      render: (v: string | null, row) => (
        <Typography.Text type={differs(row) ? 'warning' : undefined}>{v ?? EMPTY}</Typography.Text>
      ),
    },
  ];
  return (
    <Card
      size="small"
      data-testid="registry-review"
      title={
        <Space wrap>
          <Tag color="orange">{t('registries.review.score', { score: percent(r.score) })}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('registries.review.keptApart')}{' '}
            <Link to={recordPath(segment, r.entityId)}>
              <code>{r.entityId}</code>
            </Link>
            {' · '}
            {formatDateTime(r.createdAt)}
          </Typography.Text>
        </Space>
      }
      extra={
        canSteward && (
          <Space>
            <Button
              type="primary"
              size="small"
              loading={busy === 'link'}
              disabled={busy !== null}
              onClick={() => void decide('link')}
              data-testid="registry-review-link"
            >
              {t(SUBJECT[segment].same)}
            </Button>
            <Button
              size="small"
              loading={busy === 'apart'}
              disabled={busy !== null}
              onClick={() => void decide('apart')}
              data-testid="registry-review-apart"
            >
              {t(SUBJECT[segment].apart)}
            </Button>
          </Space>
        )
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <Table<SideBySide>
            rowKey="field"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={false}
            bordered
          />
        </Col>
        <Col xs={24} xl={10}>
          <Typography.Title level={5}>{t('registries.why.title')}</Typography.Title>
          <WhyBars why={r.why} segment={segment} />
        </Col>
      </Row>
    </Card>
  );
}
