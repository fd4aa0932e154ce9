import { CheckOutlined, KeyOutlined } from '@ant-design/icons';
import { Table, Tooltip, type TableColumnsType } from 'antd';
import { useT } from '../i18n/context';
import { EMPTY } from '../shared/format';
import { useTerms } from './vocabulary';
import type { Item } from '../api/catalog';

const check = (value: boolean) => (value ? <CheckOutlined /> : null);

/** The information items of a resource, read-only. */
export function ItemsTable({ items }: { items: Item[] }) {
  const t = useT();
  const { label } = useTerms();

  const columns: TableColumnsType<Item> = [
    { title: t('catalog.item.position'), dataIndex: 'position', width: 64 },
    {
      title: t('catalog.item.name'),
      dataIndex: 'name',
      render: (name: string, item) => (
        <>
          {name}{' '}
          {item.isKey && (
            <Tooltip title={t('catalog.item.isKey')}>
              <KeyOutlined />
            </Tooltip>
          )}
        </>
      ),
    },
    {
      title: t('catalog.item.dataType'),
      dataIndex: 'dataType',
      render: (_, item) => label('dataTypes', item.dataType),
    },
    {
      title: t('catalog.item.length'),
      dataIndex: 'length',
      render: (length: number | null) => length ?? EMPTY,
    },
    { title: t('catalog.item.required'), dataIndex: 'required', align: 'center', render: check },
    { title: t('catalog.item.isKey'), dataIndex: 'isKey', align: 'center', render: check },
    { title: t('catalog.item.sensitive'), dataIndex: 'sensitive', align: 'center', render: check },
    {
      title: t('catalog.item.semanticTag'),
      dataIndex: 'semanticTag',
      render: (_, item) => (item.semanticTag ? label('semanticTags', item.semanticTag) : EMPTY),
    },
    {
      title: t('catalog.item.description'),
      dataIndex: 'description',
      render: (description: string | null) => description || EMPTY,
    },
  ];

  return (
    <div data-testid="resource-items">
      <Table<Item>
        rowKey="position"
        size="small"
        columns={columns}
        dataSource={[...items].sort((a, b) => a.position - b.position)}
        pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
      />
    </div>
  );
}
