import { MergeCellsOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { FormModal } from '../shared/FormModal';
import { EMPTY, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { NotFound } from '../shared/StatusPages';
import { useQuery } from '../shared/useQuery';
import {
  getGoldenRecord,
  mergeRecords,
  unmergeRecords,
  type GoldenRecordDetail,
  type HistoryEntry,
  type Segment,
} from './api';
import { ConflictCard } from './ConflictCard';
import { GoldenCard, LinkedCard } from './GoldenCards';
import { HISTORY } from './labels';
import { recordPath, useOverview, useRegistryName, useSegment } from './useRegistry';

export default function RecordPage() {
  const segment = useSegment();
  const { id } = useParams();
  return segment && id ? (
    <GoldenRecordView segment={segment} id={id} key={`${segment}:${id}`} />
  ) : (
    <NotFound />
  );
}

/**
 * 一人一档 (or 一企一档): the golden values with where each came from, the source records linked to it and why,
 * its open conflicts, and its history; for the registry's steward, merging, un-merging and deciding conflicts.
 */
function GoldenRecordView({ segment, id }: { segment: Segment; id: string }) {
  const t = useT();
  const name = useRegistryName();
  const overview = useOverview(segment);
  const detail = useQuery(
    useCallback((signal: AbortSignal) => getGoldenRecord(segment, id, signal), [segment, id]),
  );
  const [merging, setMerging] = useState(false);
  const [unmerging, setUnmerging] = useState<HistoryEntry | null>(null);
  const canSteward = overview.data?.canSteward ?? false;
  const d = detail.data;
  const r = d?.record;

  return (
    <Page
      title={r ? `${r.name ?? r.id} · ${r.id}` : id}
      extra={
        <Space wrap>
          <Link to={`/registries/${segment}/records`}>
            {t('registries.record.back', { registry: name(overview.data, segment) })}
          </Link>
          {canSteward && r?.status === 'active' && (
            <Button
              icon={<MergeCellsOutlined />}
              onClick={() => setMerging(true)}
              data-testid="registry-merge"
            >
              {t('registries.merge.button')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={detail.error} />
      {(!d || (overview.data === undefined && overview.error === undefined)) && !detail.error && (
        <Card loading />
      )}
      {d && r && (overview.data !== undefined || overview.error !== undefined) && (
        <>
          {d.redirectedFrom && (
            <Alert
              type="info"
              showIcon
              title={t('registries.record.redirected', { from: d.redirectedFrom, into: r.id })}
              data-testid="registry-redirected"
            />
          )}
          {r.status !== 'active' && (
            <Alert
              type="warning"
              showIcon
              title={t(
                r.status === 'merged' ? 'registries.record.statusMerged' : 'registries.record.statusRetired',
                {
                  into: r.mergedInto ?? EMPTY,
                },
              )}
            />
          )}
          <GoldenCard detail={d} />
          <LinkedCard segment={segment} sources={d.sources} />
          {d.conflicts.length > 0 && (
            <Card title={t('registries.record.conflicts', { count: d.conflicts.length })}>
              <Flex vertical gap="small">
                {d.conflicts.map((c) => (
                  <ConflictCard
                    key={c.id}
                    segment={segment}
                    conflict={c}
                    canSteward={canSteward}
                    onDecided={detail.reload}
                  />
                ))}
              </Flex>
            </Card>
          )}
          {d.reviews.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('registries.record.reviews', { count: d.reviews.length })}
              action={
                canSteward && (
                  <Link to={`/registries/${segment}/queues?tab=reviews`}>{t('registries.queues.title')}</Link>
                )
              }
            />
          )}
          <HistoryCard
            segment={segment}
            detail={d}
            canSteward={canSteward}
            onUnmerge={(entry) => setUnmerging(entry)}
          />
          {merging && <MergeModal segment={segment} from={r.id} onClose={() => setMerging(false)} />}
          {unmerging && (
            <UnmergeModal
              segment={segment}
              entry={unmerging}
              onClose={() => setUnmerging(null)}
              onDone={detail.reload}
            />
          )}
        </>
      )}
    </Page>
  );
}

type Detail = Record<string, unknown>;
const asDetail = (value: unknown): Detail => (value && typeof value === 'object' ? (value as Detail) : {});
const str = (value: unknown) => (value === null || value === undefined ? EMPTY : String(value));

function HistoryCard({
  segment,
  detail,
  canSteward,
  onUnmerge,
}: {
  segment: Segment;
  detail: GoldenRecordDetail;
  canSteward: boolean;
  onUnmerge: (entry: HistoryEntry) => void;
}) {
  const t = useT();
  const id = detail.record.id;
  const describe = (h: HistoryEntry) => {
    const x = asDetail(h.detail);
    switch (h.kind) {
      case 'created':
      case 'updated': {
        const changes = asDetail(x.changes);
        return (
          <Flex vertical gap={2}>
            {Object.entries(changes).map(([field, change]) => {
              const c = change ? asDetail(change) : null;
              return (
                <span key={field}>
                  <Typography.Text strong>{field}</Typography.Text>
                  {!c && (
                    <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                      {t('registries.history.redacted')}
                    </Typography.Text>
                  )}
                  {c && (
                    <>
                      {': '}
                      {h.kind === 'updated' && (
                        <>
                          <Typography.Text delete type="secondary">
                            {str(c.from)}
                          </Typography.Text>
                          {' → '}
                        </>
                      )}
                      {str(c.to)}
                    </>
                  )}
                </span>
              );
            })}
            {typeof x.records === 'number' && (
              <Typography.Text type="secondary">
                {t('registries.history.recordsHeld', { count: x.records })}
              </Typography.Text>
            )}
          </Flex>
        );
      }
      case 'merged':
      case 'unmerged': {
        const from = str(x.from);
        const into = str(x.into);
        const moved = Array.isArray(x.moved)
          ? x.moved.length
          : Array.isArray(x.records)
            ? x.records.length
            : x.records;
        return (
          <Flex vertical gap={2}>
            <span>
              <Link to={recordPath(segment, from)}>
                <code>{from}</code>
              </Link>
              {' → '}
              <Link to={recordPath(segment, into)}>
                <code>{into}</code>
              </Link>
              {typeof moved === 'number' && ` · ${t('registries.history.moved', { count: moved })}`}
              {x.by === 'matcher' && ` · ${t('registries.history.byMatcher')}`}
            </span>
            {typeof x.reason === 'string' && (
              <Typography.Text type="secondary">
                {t('registries.history.reason', { reason: x.reason })}
              </Typography.Text>
            )}
          </Flex>
        );
      }
      case 'conflict':
        return (
          <span>
            <Typography.Text strong>{str(x.field)}</Typography.Text>
            {Array.isArray(x.values) && `: ${x.values.map(str).join(' / ')}`}
          </span>
        );
      case 'resolved':
        return (
          <span>
            <Typography.Text strong>{str(x.field)}</Typography.Text>
            {': '}
            {x.dismissed
              ? t('registries.history.dismissed')
              : t('registries.history.chosen', { value: str(x.chosen) })}
          </span>
        );
      default:
        return <Typography.Text type="secondary">{JSON.stringify(h.detail)}</Typography.Text>;
    }
  };
  return (
    <Card title={t('registries.history.title')}>
      {detail.history.length === 0 ? (
        <Empty />
      ) : (
        <Timeline
          data-testid="registry-history"
          items={detail.history.map((h) => ({
            key: h.id,
            color: HISTORY[h.kind].color,
            content: (
              <Flex vertical gap={4} data-testid="registry-history-entry" data-kind={h.kind}>
                <Space wrap>
                  <Tag color={HISTORY[h.kind].color}>{t(HISTORY[h.kind].label)}</Tag>
                  <Typography.Text type="secondary">
                    {formatDateTime(h.at)} · {h.actor ?? EMPTY}
                  </Typography.Text>
                  {canSteward && h.kind === 'merged' && asDetail(h.detail).into === id && (
                    <Button
                      size="small"
                      icon={<RollbackOutlined />}
                      onClick={() => onUnmerge(h)}
                      data-testid="registry-unmerge"
                    >
                      {t('registries.unmerge.button')}
                    </Button>
                  )}
                </Space>
                {describe(h)}
              </Flex>
            ),
          }))}
        />
      )}
    </Card>
  );
}

function MergeModal({ segment, from, onClose }: { segment: Segment; from: string; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const prefix = segment === 'population' ? 'P' : 'L';
  const submit = async (values: { into: string; reason: string }) => {
    const { record } = await mergeRecords(segment, {
      from,
      into: values.into.trim(),
      reason: values.reason.trim(),
    });
    void message.success(t('registries.merge.done', { from, into: record.record.id }));
    onClose();
    void navigate(recordPath(segment, record.record.id));
  };
  return (
    <FormModal<{ into: string; reason: string }>
      title={t('registries.merge.title', { from })}
      submitText={t('registries.merge.submit')}
      submitTestId="registry-merge-submit"
      onSubmit={submit}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('registries.merge.hint')}</Typography.Paragraph>
      <Form.Item
        name="into"
        label={t('registries.merge.into')}
        rules={[
          { required: true, message: t('registries.merge.intoRequired') },
          {
            pattern: new RegExp(`^\\s*${prefix}[0-9A-HJKMNP-TV-Z]{12}\\s*$`),
            message: t('registries.merge.intoPattern', { prefix }),
          },
        ]}
      >
        <Input placeholder={`${prefix}…`} data-testid="registry-merge-into" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('registries.merge.reason')}
        rules={[{ required: true, whitespace: true, message: t('registries.merge.reasonRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={200} data-testid="registry-merge-reason" />
      </Form.Item>
    </FormModal>
  );
}

function UnmergeModal({
  segment,
  entry,
  onClose,
  onDone,
}: {
  segment: Segment;
  entry: HistoryEntry;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const from = str(asDetail(entry.detail).from);
  const submit = async ({ reason }: { reason: string }) => {
    await unmergeRecords(segment, entry.id, reason.trim());
    void message.success(t('registries.unmerge.done', { id: from }));
    onClose();
    onDone();
  };
  return (
    <FormModal<{ reason: string }>
      title={t('registries.unmerge.title', { id: from })}
      submitText={t('registries.unmerge.submit')}
      submitTestId="registry-unmerge-submit"
      onSubmit={submit}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('registries.unmerge.hint')}</Typography.Paragraph>
      <Form.Item
        name="reason"
        label={t('registries.merge.reason')}
        rules={[{ required: true, whitespace: true, message: t('registries.merge.reasonRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={200} data-testid="registry-unmerge-reason" />
      </Form.Item>
    </FormModal>
  );
}
