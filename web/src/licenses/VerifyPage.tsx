import { Card, Descriptions, Flex, Result, Typography, type DescriptionsProps } from 'antd';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { verifyLicense, type LicenseStatus } from '../api/licenses';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDate } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useDocumentTitle } from '../shared/useDocumentTitle';
import { useQuery } from '../shared/useQuery';
import { HOLDER_KIND_LABEL, STATUS_LABEL } from './labels';

const RESULT: Record<LicenseStatus, 'success' | 'warning' | 'error' | 'info'> = {
  valid: 'success',
  suspended: 'warning',
  revoked: 'error',
  expired: 'info',
};

/**
 * 电子证照核验: the page a license's QR code opens, for anyone, without signing in. It shows what the platform
 * answers for the identifier — status, issuer, masked holder — and the seal for whoever checks it independently.
 */
export default function VerifyPage() {
  const t = useT();
  const [params] = useSearchParams();
  const licenseId = params.get('id') ?? '';
  useDocumentTitle(t('licenses.verify.title'));
  const { data, error } = useQuery(
    useCallback((signal: AbortSignal) => verifyLicense(licenseId, signal), [licenseId]),
  );

  let body;
  if (error) body = <ErrorAlert error={error} />;
  else if (!data) body = <Loading />;
  else {
    const items: DescriptionsProps['items'] = [
      { key: 'type', label: t('licenses.name'), children: data.type.name },
      {
        key: 'id',
        label: t('licenses.id'),
        children: <code style={{ wordBreak: 'break-all' }}>{data.licenseId}</code>,
      },
      { key: 'issuer', label: t('licenses.issuer'), children: `${data.issuer.name}（${data.issuer.code}）` },
      { key: 'holder', label: t('licenses.holder'), children: data.holder.name },
      {
        key: 'holderCode',
        label: `${t('licenses.holderCode')}（${t(HOLDER_KIND_LABEL[data.holder.kind])}）`,
        children: <code>{data.holder.code}</code>,
      },
      { key: 'issuedAt', label: t('licenses.issuedOn'), children: formatDate(data.issuedAt) },
      {
        key: 'validUntil',
        label: t('licenses.validUntil'),
        children: data.validUntil ? formatDate(data.validUntil) : t('licenses.type.permanent'),
      },
    ];
    body = (
      <>
        <div data-testid="verify-result" data-status={data.status}>
          <Result
            status={RESULT[data.status]}
            title={t(STATUS_LABEL[data.status])}
            subTitle={t(`licenses.verify.says.${data.status}`)}
          />
        </div>
        <Descriptions bordered size="small" column={1} items={items} />
        <Card size="small" title={t('licenses.seal')}>
          <Typography.Paragraph type="secondary">{t('licenses.verify.howto')}</Typography.Paragraph>
          <Typography.Paragraph copyable code style={{ whiteSpace: 'pre-wrap' }}>
            {data.publicKeyPem}
          </Typography.Paragraph>
          <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
            {data.signature}
          </Typography.Paragraph>
        </Card>
      </>
    );
  }

  return (
    <Flex justify="center" style={{ padding: 16 }}>
      <Flex vertical gap="middle" style={{ width: '100%', maxWidth: 720 }}>
        <Flex justify="space-between" align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('licenses.verify.title')}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        {body}
      </Flex>
    </Flex>
  );
}
