import { Alert, Descriptions, Drawer, Flex, Typography } from 'antd';
import { useCallback } from 'react';
import { getBatch, type BatchDetail } from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import { RowErrorsTable } from './RowErrorsTable';
import { OutcomeTag, RuleCounts } from './tags';

function BatchView({ batch }: { batch: BatchDetail }) {
  const t = useT();
  const counts = ['received', 'inserted', 'updated', 'unchanged', 'deleted', 'rejected'] as const;
  return (
    <Flex vertical gap="middle">
      {batch.errorMessage && <Alert type="error" showIcon title={batch.errorMessage} />}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'outcome',
            label: t('exchange.batch.outcome'),
            children: <OutcomeTag outcome={batch.outcome} />,
          },
          { key: 'at', label: t('exchange.batch.at'), children: formatDateTime(batch.at) },
          {
            key: 'source',
            label: t('exchange.batch.source'),
            children: t(`exchange.source.${batch.source}`),
          },
          {
            key: 'mode',
            label: t('exchange.batch.mode'),
            children: `${t(`exchange.mode.${batch.mode}`)} · ${t(`exchange.onError.${batch.onError}`)}`,
          },
          { key: 'actor', label: t('exchange.batch.actor'), children: batch.actorName ?? EMPTY },
          {
            key: 'seq',
            label: t('exchange.batch.seq'),
            children:
              batch.firstSeq === null ? EMPTY : `${batch.firstSeq} – ${batch.lastSeq ?? batch.firstSeq}`,
          },
          ...counts.map((key) => ({
            key,
            label: t(`exchange.count.${key}`),
            children: batch[key].toLocaleString(),
          })),
          {
            key: 'bytes',
            label: t('exchange.batch.bytes'),
            children: batch.bytes.toLocaleString(),
          },
          {
            key: 'duration',
            label: t('exchange.batch.duration'),
            children: t('exchange.ms', { ms: batch.durationMs.toLocaleString() }),
          },
          {
            key: 'id',
            label: t('exchange.batch.id'),
            span: 'filled',
            children: <Typography.Text copyable>{batch.id}</Typography.Text>,
          },
        ]}
      />
      <div>
        <Typography.Title level={5}>{t('exchange.batch.errorCounts')}</Typography.Title>
        <RuleCounts counts={batch.errorCounts} />
      </div>
      {batch.errors.length > 0 && (
        <div>
          <Typography.Title level={5}>
            {t('exchange.batch.errors', { count: batch.rejected.toLocaleString() })}
          </Typography.Title>
          <RowErrorsTable errors={batch.errors} testId="batch-errors" />
        </div>
      )}
    </Flex>
  );
}

/** One batch with its error report. */
export function BatchDrawer({ batchId, onClose }: { batchId: string; onClose: () => void }) {
  const t = useT();
  const fetcher = useCallback((signal: AbortSignal) => getBatch(batchId, signal), [batchId]);
  const { data, error } = useQuery(fetcher);
  return (
    <Drawer open size={720} title={t('exchange.batch.title')} onClose={onClose} data-testid="batch-drawer">
      <ErrorAlert error={error} />
      {data ? <BatchView batch={data} /> : !error && <Loading />}
    </Drawer>
  );
}
