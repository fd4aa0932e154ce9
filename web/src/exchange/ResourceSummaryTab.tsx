import { KeyOutlined } from '@ant-design/icons';
import {
  Card,
  Descriptions,
  Flex,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useTerms } from '../catalog/vocabulary';
import { useT } from '../i18n/context';
import { FigureGrid } from './FigureGrid';
import { EMPTY, formatDateTime } from '../shared/format';
import { ConnectorTag } from './tags';
import type { ExchangeItem, ExchangeResourceDetail } from '../api/exchange';

/** The resource's exchange state in figures, and the items its records are validated against. */
export function ResourceSummaryTab({ resource }: { resource: ExchangeResourceDetail }) {
  const t = useT();
  const { label } = useTerms();

  const figures = [
    { key: 'recordsHeld', title: t('exchange.resource.recordsHeld'), value: resource.recordsHeld },
    { key: 'lastSeq', title: t('exchange.resource.lastSeq'), value: resource.lastSeq },
    { key: 'batches', title: t('exchange.resource.batches'), value: resource.batches },
    { key: 'openQuarantine', title: t('exchange.resource.openQuarantine'), value: resource.openQuarantine },
    { key: 'subscriptions', title: t('exchange.resource.subscriptions'), value: resource.subscriptions },
  ];

  const columns: TableColumnsType<ExchangeItem> = [
    {
      title: t('catalog.item.name'),
      dataIndex: 'name',
      render: (name: string, item) => (
        <Space size={4}>
          {name}
          {item.isKey && <KeyOutlined />}
        </Space>
      ),
    },
    {
      title: t('catalog.item.dataType'),
      dataIndex: 'dataType',
      render: (_, item) => (
        <Tag>
          {item.dataType} {label('dataTypes', item.dataType)}
          {item.length !== null && ` (${item.length})`}
        </Tag>
      ),
    },
    {
      title: t('exchange.item.flags'),
      key: 'flags',
      render: (_, item) => (
        <Space size={0} wrap>
          {item.isKey && <Tag color="gold">{t('catalog.item.isKey')}</Tag>}
          {item.required && <Tag color="blue">{t('catalog.item.required')}</Tag>}
          {item.sensitive && <Tag color="red">{t('catalog.item.sensitive')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('catalog.item.semanticTag'),
      dataIndex: 'semanticTag',
      render: (_, item) => (item.semanticTag ? label('semanticTags', item.semanticTag) : EMPTY),
    },
  ];

  return (
    <Flex vertical gap="middle">
      <FigureGrid>
        {figures.map(({ key, title, value }) => (
          <div key={key}>
            <Card size="small">
              <Statistic title={title} value={value} data-testid={`exchange-resource-${key}`} />
            </Card>
          </div>
        ))}
      </FigureGrid>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'department', label: t('exchange.department'), children: resource.departmentName },
          {
            key: 'format',
            label: t('exchange.resource.format'),
            children: label('formats', resource.formatCategory),
          },
          {
            key: 'sharing',
            label: t('exchange.resource.sharingType'),
            children: label('sharingTypes', resource.sharingType),
          },
          {
            key: 'cycle',
            label: t('exchange.resource.updateCycle'),
            children: label('updateCycles', resource.updateCycle),
          },
          {
            key: 'lastChange',
            label: t('exchange.resource.lastChangeAt'),
            children: resource.lastChangeAt
              ? formatDateTime(resource.lastChangeAt)
              : t('exchange.resource.never'),
          },
          {
            key: 'connector',
            label: t('exchange.resource.connector'),
            children: <ConnectorTag connector={resource.connector} />,
          },
        ]}
      />
      <div>
        <Typography.Title level={5}>
          {t('exchange.resource.items', { count: resource.items.length })}
        </Typography.Title>
        <Table<ExchangeItem>
          rowKey="name"
          size="small"
          columns={columns}
          dataSource={resource.items}
          pagination={resource.items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          data-testid="exchange-resource-items"
        />
      </div>
    </Flex>
  );
}
