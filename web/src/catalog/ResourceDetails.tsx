import { Descriptions, Flex, Typography, type DescriptionsProps } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/context';
import { EMPTY, formatDate, formatDateTime } from '../shared/format';
import { resourceLink } from './searchParams';
import { OverdueTag, StatusTag } from './StatusTag';
import { useTerms } from './vocabulary';
import type { Resource } from '../api/catalog';

const text = (value: string | null | undefined) => (value ? value : EMPTY);

/** Every field of a resource, labelled in the current language. */
export function ResourceDetails({ resource: r }: { resource: Resource }) {
  const t = useT();
  const { label } = useTerms();

  const items: DescriptionsProps['items'] = [
    {
      key: 'code',
      label: t('catalog.field.code'),
      children: <Typography.Text copyable>{r.code}</Typography.Text>,
    },
    { key: 'name', label: t('catalog.field.name'), children: r.name },
    { key: 'classCode', label: t('catalog.field.classCode'), children: r.classCode },
    { key: 'category', label: t('catalog.field.category'), children: label('categories', r.category) },
    {
      key: 'department',
      label: t('catalog.field.department'),
      children: (
        <Flex vertical>
          <span>{r.departmentName}</span>
          <Typography.Text type="secondary">{r.departmentCode}</Typography.Text>
        </Flex>
      ),
    },
    { key: 'status', label: t('catalog.field.status'), children: <StatusTag status={r.status} /> },
    {
      key: 'version',
      label: t('catalog.field.version'),
      children:
        r.publishedVersion !== null && r.publishedVersion !== r.version
          ? t('catalog.versionWithPublished', { version: r.version, published: r.publishedVersion })
          : t('catalog.versionNumber', { version: r.version }),
    },
    { key: 'publishDate', label: t('catalog.field.publishDate'), children: formatDate(r.publishDate) },
    { key: 'format', label: t('catalog.field.formatCategory'), children: label('formats', r.formatCategory) },
    { key: 'formatDetail', label: t('catalog.field.formatDetail'), children: text(r.formatDetail) },
    {
      key: 'sharingType',
      label: t('catalog.field.sharingType'),
      children: label('sharingTypes', r.sharingType),
    },
    {
      key: 'sharingCondition',
      label: t('catalog.field.sharingCondition'),
      children: text(r.sharingCondition),
    },
    {
      key: 'sharingMethod',
      label: t('catalog.field.sharingMethod'),
      children: label('sharingMethods', r.sharingMethod),
    },
    { key: 'openType', label: t('catalog.field.openType'), children: label('openTypes', r.openType) },
    { key: 'openCondition', label: t('catalog.field.openCondition'), children: text(r.openCondition) },
    {
      key: 'updateCycle',
      label: t('catalog.field.updateCycle'),
      children: label('updateCycles', r.updateCycle),
    },
    {
      key: 'lastDataChangeAt',
      label: t('catalog.field.lastDataChangeAt'),
      children: (
        <Flex gap="small" align="center" wrap>
          {formatDateTime(r.lastDataChangeAt)}
          {r.overdue && <OverdueTag />}
        </Flex>
      ),
    },
    { key: 'updatedAt', label: t('catalog.field.updatedAt'), children: formatDateTime(r.updatedAt) },
    { key: 'contactName', label: t('catalog.field.contactName'), children: text(r.contactName) },
    { key: 'contactPhone', label: t('catalog.field.contactPhone'), children: text(r.contactPhone) },
    {
      key: 'relatedCodes',
      label: t('catalog.field.relatedCodes'),
      span: 'filled',
      children:
        r.relatedCodes.length === 0 ? (
          EMPTY
        ) : (
          <Flex wrap gap="small">
            {r.relatedCodes.map((code) => (
              <Link key={code} to={resourceLink(code)}>
                {code}
              </Link>
            ))}
          </Flex>
        ),
    },
    {
      key: 'summary',
      label: t('catalog.field.summary'),
      span: 'filled',
      children: (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{r.summary}</Typography.Paragraph>
      ),
    },
  ];

  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2, xxl: 3 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      items={items}
      data-testid="resource-details"
    />
  );
}
