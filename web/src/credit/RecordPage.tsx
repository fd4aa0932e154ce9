import { Card, Descriptions, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getCreditRecord } from '../api/credit';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDate, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import {
  CATEGORY_LABEL,
  KIND_LABEL,
  LICENSE_CATEGORY_LABEL,
  PENALTY_KIND_LABEL,
  SEVERITY_LABEL,
} from './labels';
import { PublicityTag } from './Tags';

const amount = (v: number | null) => (v === null ? EMPTY : `${v} 万元`);

/** One 双公示 record with every national field and where it stands in public view. */
export default function RecordPage() {
  const t = useT();
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const { data: r, error } = useQuery(
    useCallback((signal: AbortSignal) => getCreditRecord(id, signal), [id]),
  );
  if (error) return <ErrorAlert error={error} />;
  if (!r) return <Loading />;
  const common: DescriptionsProps['items'] = [
    { key: 'kind', label: t('credit.kind'), children: t(KIND_LABEL[r.kind]) },
    { key: 'name', label: t('credit.subjectName'), children: r.subjectName },
    { key: 'category', label: t('credit.subjectCategory'), children: t(CATEGORY_LABEL[r.subjectCategory]) },
    {
      key: 'code',
      label: r.subjectCategory === 'person' ? t('credit.idNumber') : t('credit.uscc'),
      children:
        r.subjectCategory === 'person' ? (
          <code>{r.subjectCode}</code>
        ) : (
          <Link to={`/credit/profile?code=${r.subjectCode}`} data-testid="credit-record-profile">
            <code>{r.subjectCode}</code>
          </Link>
        ),
    },
    { key: 'rep', label: t('credit.legalRepresentative'), children: r.legalRepresentative ?? EMPTY },
    {
      key: 'no',
      label: r.kind === 'penalty' ? t('credit.penaltyDecisionNo') : t('credit.licenseDecisionNo'),
      children: r.decisionNo,
    },
    { key: 'date', label: t('credit.decisionDate'), children: formatDate(r.decisionDate) },
  ];
  const specific: DescriptionsProps['items'] =
    r.kind === 'penalty'
      ? [
          { key: 'vt', label: t('credit.violationType'), children: r.violationType ?? EMPTY },
          { key: 'vf', label: t('credit.violationFacts'), children: r.violationFacts ?? EMPTY },
          { key: 'basis', label: t('credit.basis'), children: r.basis ?? EMPTY },
          {
            key: 'kinds',
            label: t('credit.penaltyKinds'),
            children: (
              <Space wrap>
                {r.penaltyKinds.map((k) => (
                  <Tag key={k}>{t(PENALTY_KIND_LABEL[k])}</Tag>
                ))}
              </Space>
            ),
          },
          { key: 'content', label: t('credit.penaltyContent'), children: r.penaltyContent ?? EMPTY },
          { key: 'fine', label: t('credit.fineAmount'), children: amount(r.fineAmount) },
          { key: 'conf', label: t('credit.confiscatedAmount'), children: amount(r.confiscatedAmount) },
          { key: 'lic', label: t('credit.licenseAffected'), children: r.licenseAffected ?? EMPTY },
          { key: 'pvu', label: t('credit.penaltyValidUntil'), children: formatDate(r.penaltyValidUntil) },
        ]
      : [
          { key: 'doc', label: t('credit.docName'), children: r.docName ?? EMPTY },
          {
            key: 'cat',
            label: t('credit.licenseCategory'),
            children: r.licenseCategory ? t(LICENSE_CATEGORY_LABEL[r.licenseCategory]) : EMPTY,
          },
          { key: 'cert', label: t('credit.certificateName'), children: r.certificateName ?? EMPTY },
          { key: 'lno', label: t('credit.licenseNo'), children: r.licenseNo ?? EMPTY },
          { key: 'lc', label: t('credit.licenseContent'), children: r.licenseContent ?? EMPTY },
          { key: 'vf', label: t('credit.validFrom'), children: formatDate(r.validFrom) },
          {
            key: 'vt',
            label: t('credit.validTo'),
            children: r.validTo ? formatDate(r.validTo) : t('credit.list.noEnd'),
          },
        ];
  const authority: DescriptionsProps['items'] = [
    { key: 'an', label: t('credit.authorityName'), children: r.authorityName },
    { key: 'ac', label: t('credit.authorityCode'), children: <code>{r.authorityCode}</code> },
    { key: 'src', label: t('credit.sourceName'), children: r.sourceName },
    { key: 'dept', label: t('credit.department'), children: r.departmentName },
  ];
  const publicity: DescriptionsProps['items'] = [
    { key: 'state', label: t('credit.publicity'), children: <PublicityTag publicity={r.publicity} /> },
    ...(r.severity
      ? [{ key: 'sev', label: t('credit.severity'), children: t(SEVERITY_LABEL[r.severity]) }]
      : []),
    {
      key: 'until',
      label: t('credit.publicityUntil'),
      children: r.publicityUntil ? formatDate(r.publicityUntil) : EMPTY,
    },
    { key: 'rf', label: t('credit.repairFrom'), children: r.repairFrom ? formatDate(r.repairFrom) : EMPTY },
    { key: 'ro', label: t('credit.repairedOn'), children: r.repairedOn ? formatDate(r.repairedOn) : EMPTY },
    {
      key: 'co',
      label: t('credit.correctedAt'),
      children: r.correctedAt ? formatDateTime(r.correctedAt) : EMPTY,
    },
    { key: 'up', label: t('credit.updatedAt'), children: formatDateTime(r.updatedAt) },
  ];
  return (
    <Page title={`${t(KIND_LABEL[r.kind])} · ${r.decisionNo}`}>
      <Card size="small" data-testid="credit-record">
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={[...common, ...specific]} />
      </Card>
      <Card size="small" title={t('credit.record.authority')}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={authority} />
      </Card>
      <Card size="small" title={t('credit.record.publicity')}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={publicity} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('credit.submit.publicityHint')}
        </Typography.Paragraph>
      </Card>
    </Page>
  );
}
