import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Radio, Result, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import {
  uploadRecords,
  type BatchRejectedDetails,
  type ExchangeResourceDetail,
  type IngestMode,
  type OnError,
  type UploadResult,
} from '../api/exchange';
import { ApiError } from '../api/client';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { RowErrorsTable } from './RowErrorsTable';
import { RuleCounts } from './tags';
import { IngestCounts, UploadPreview } from './UploadPreview';

const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

function rejectedDetails(error: unknown): BatchRejectedDetails | null {
  if (!(error instanceof ApiError) || error.code !== 'EXCHANGE_BATCH_REJECTED' || !error.details) return null;
  const details = error.details as Partial<BatchRejectedDetails>;
  return Array.isArray(details.rejected) ? (details as BatchRejectedDetails) : null;
}

interface UploadTabProps {
  resource: ExchangeResourceDetail;
  /** The batch was stored: refresh the resource's figures. */
  onCommitted: () => void;
  /** Show the ingest history. */
  onShowBatches: () => void;
}

/** Upload an .xlsx or .csv: preview (dry run) first, then store it. */
export function UploadTab({ resource, onCommitted, onShowBatches }: UploadTabProps) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<IngestMode>('upsert');
  const [onError, setOnError] = useState<OnError>('reject');
  const [preview, setPreview] = useState<UploadResult | null>(null);
  const [committed, setCommitted] = useState<UploadResult | null>(null);
  const [rejected, setRejected] = useState<BatchRejectedDetails | null>(null);
  const [busy, setBusy] = useState<'preview' | 'commit' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const clearOutcome = () => {
    setPreview(null);
    setRejected(null);
    setError(null);
  };
  const reset = () => {
    clearOutcome();
    setFile(null);
    setCommitted(null);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'preview' : 'commit');
    setError(null);
    setRejected(null);
    try {
      const result = await uploadRecords(resource.id, file, { mode, onError, dryRun });
      if (dryRun) setPreview(result);
      else {
        setCommitted(result);
        onCommitted();
      }
    } catch (failure) {
      const details = rejectedDetails(failure);
      if (details) setRejected(details);
      else setError(failure);
    } finally {
      setBusy(null);
    }
  };

  if (committed) {
    return (
      <Result
        status={committed.quarantined > 0 ? 'warning' : 'success'}
        title={t('exchange.upload.committedTitle', { file: committed.fileName })}
        subTitle={
          committed.firstSeq === null
            ? t('exchange.upload.noChange')
            : t('exchange.upload.committedSeq', { first: committed.firstSeq, last: committed.lastSeq ?? 0 })
        }
        extra={[
          <Button key="batches" type="primary" onClick={onShowBatches} data-testid="upload-to-batches">
            {t('exchange.upload.toBatches')}
          </Button>,
          <Button key="again" onClick={reset} data-testid="upload-again">
            {t('exchange.upload.again')}
          </Button>,
        ]}
        data-testid="upload-committed"
      >
        <IngestCounts result={committed} testPrefix="upload-result" />
      </Result>
    );
  }

  // Storing a batch that the preview shows will be refused only records a rejected batch: offer it only when it
  // can succeed (no bad rows, or bad rows set aside in quarantine).
  const blocked = preview !== null && preview.rejectedTotal > 0 && onError === 'reject';

  return (
    <Flex vertical gap="middle">
      <Alert
        type="info"
        showIcon
        title={t('exchange.upload.intro')}
        description={t('exchange.upload.headers', {
          items: resource.items.map(({ name }) => name).join('、'),
        })}
      />
      <Flex vertical gap="middle">
        <Upload.Dragger
          accept={ACCEPT}
          multiple={false}
          beforeUpload={(chosen) => {
            clearOutcome();
            setFile(chosen);
            return false;
          }}
          fileList={file ? [{ uid: 'upload', name: file.name, size: file.size, status: 'done' }] : []}
          onRemove={() => {
            reset();
            return true;
          }}
          disabled={busy !== null}
          data-testid="upload-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('exchange.upload.drop')}</p>
          <p className="ant-upload-hint">{t('exchange.upload.dropHint')}</p>
        </Upload.Dragger>
        <Form layout="vertical" component="div">
          <Flex gap="large" wrap>
            <Form.Item
              label={t('exchange.upload.mode')}
              extra={t(`exchange.mode.${mode}.hint`)}
              style={{ flex: 1, minWidth: 280, marginBottom: 0 }}
            >
              <Radio.Group
                value={mode}
                onChange={(event) => {
                  clearOutcome();
                  setMode(event.target.value as IngestMode);
                }}
                options={(['upsert', 'snapshot'] as const).map((value) => ({
                  value,
                  label: t(`exchange.mode.${value}`),
                }))}
                optionType="button"
                data-testid="upload-mode"
              />
            </Form.Item>
            <Form.Item
              label={t('exchange.upload.onError')}
              extra={t(`exchange.onError.${onError}.hint`)}
              style={{ flex: 1, minWidth: 280, marginBottom: 0 }}
            >
              <Radio.Group
                value={onError}
                onChange={(event) => {
                  clearOutcome();
                  setOnError(event.target.value as OnError);
                }}
                options={(['reject', 'quarantine'] as const).map((value) => ({
                  value,
                  label: t(`exchange.onError.${value}`),
                }))}
                optionType="button"
                data-testid="upload-on-error"
              />
            </Form.Item>
          </Flex>
        </Form>
        <Space wrap>
          <Button
            onClick={() => void send(true)}
            disabled={!file || busy !== null}
            loading={busy === 'preview'}
            data-testid="upload-preview-button"
          >
            {t('exchange.upload.preview')}
          </Button>
          <Button
            type="primary"
            onClick={() => void send(false)}
            disabled={!preview || blocked || busy !== null}
            loading={busy === 'commit'}
            data-testid="upload-commit-button"
          >
            {t('exchange.upload.commit')}
          </Button>
          {!preview && file && (
            <Typography.Text type="secondary">{t('exchange.upload.previewFirst')}</Typography.Text>
          )}
        </Space>
        {mode === 'snapshot' && preview && preview.deleted > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('exchange.upload.snapshotDeletes', { count: preview.deleted.toLocaleString() })}
          />
        )}
        {blocked && <Alert type="error" showIcon title={t('exchange.upload.blocked')} />}
        <ErrorAlert error={error} />
        {rejected && (
          <Alert
            type="error"
            showIcon
            title={t('exchange.upload.rejectedTitle', {
              rejected: rejected.rejectedTotal.toLocaleString(),
              received: rejected.received.toLocaleString(),
            })}
            description={
              <Flex vertical gap="small">
                <RuleCounts counts={rejected.errorCounts} />
                <RowErrorsTable errors={rejected.rejected} testId="upload-rejected-batch" />
              </Flex>
            }
            data-testid="upload-rejected-alert"
          />
        )}
        {preview && <UploadPreview result={preview} items={resource.items} />}
      </Flex>
    </Flex>
  );
}
