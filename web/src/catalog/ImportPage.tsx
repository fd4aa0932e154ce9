import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Space, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { exportUrl, importWorkbook, type ImportReport } from '../api/catalog';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { ImportReportView } from './ImportReportView';

const XLSX = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Upload a workbook, check it (dry run), and apply it once the check finds no errors. */
export default function ImportPage() {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<ImportReport | null>(null);
  const [applied, setApplied] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reset = () => {
    setFile(null);
    setChecked(null);
    setApplied(null);
    setError(null);
  };

  const send = async (chosen: File, dryRun: boolean) => {
    setBusy(dryRun ? 'check' : 'apply');
    setError(null);
    try {
      const report = await importWorkbook(chosen, dryRun);
      if (report.applied) setApplied(report);
      else setChecked(report);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const choose = (chosen: File) => {
    reset();
    setFile(chosen);
    void send(chosen, true);
  };

  if (applied) {
    return (
      <Page title={t('catalog.import.title')}>
        <Result
          status="success"
          title={t('catalog.import.appliedTitle')}
          subTitle={t('catalog.import.appliedSummary', {
            created: applied.created,
            revised: applied.revised,
            unchanged: applied.unchanged,
          })}
          extra={[
            <Link key="catalog" to="/catalog">
              <Button type="primary">{t('catalog.import.toCatalog')}</Button>
            </Link>,
            <Button key="again" onClick={reset} data-testid="import-again">
              {t('catalog.import.again')}
            </Button>,
          ]}
          data-testid="import-applied"
        />
      </Page>
    );
  }

  const canApply = file !== null && checked !== null && checked.errors.length === 0;

  return (
    <Page title={t('catalog.import.title')}>
      <Alert
        type="info"
        showIcon
        title={t('catalog.import.intro')}
        description={
          <a href={exportUrl({})} download>
            {t('catalog.import.template')}
          </a>
        }
      />
      <Card>
        <Flex vertical gap="middle">
          <Upload.Dragger
            accept={XLSX}
            multiple={false}
            beforeUpload={(chosen) => {
              choose(chosen);
              return false;
            }}
            fileList={file ? [{ uid: 'workbook', name: file.name, size: file.size, status: 'done' }] : []}
            onRemove={() => {
              reset();
              return true;
            }}
            disabled={busy !== null}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('catalog.import.drop')}</p>
            <p className="ant-upload-hint">{t('catalog.import.dropHint')}</p>
          </Upload.Dragger>
          <ErrorAlert error={error} />
          {checked && (
            <>
              {checked.errors.length > 0 ? (
                <Alert
                  type="error"
                  showIcon
                  title={t('catalog.import.hasErrors', { count: checked.errors.length })}
                />
              ) : (
                <Alert
                  type="success"
                  showIcon
                  title={t('catalog.import.checkPassed', {
                    created: checked.created,
                    revised: checked.revised,
                  })}
                />
              )}
              <ImportReportView report={checked} />
            </>
          )}
          <Space>
            <Button
              onClick={() => file && void send(file, true)}
              disabled={!file || busy !== null}
              loading={busy === 'check'}
              data-testid="import-check"
            >
              {t('catalog.import.check')}
            </Button>
            <Button
              type="primary"
              onClick={() => file && void send(file, false)}
              disabled={!canApply || busy !== null}
              loading={busy === 'apply'}
              data-testid="import-apply"
            >
              {t('catalog.import.apply')}
            </Button>
          </Space>
        </Flex>
      </Card>
    </Page>
  );
}
