import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Table,
  Typography,
  type FormListFieldData,
  type TableColumnsType,
} from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/context';
import { newItem } from './formValues';
import { ItemRowActions } from './ItemRowActions';
import { useItemRules } from './itemRules';
import { useTerms } from './vocabulary';
import type { DataType, SemanticTag } from '../api/catalog';

const CELL = { style: { marginBottom: 0 } };

function Required({ children }: { children: ReactNode }) {
  return (
    <>
      {children} <Typography.Text type="danger">*</Typography.Text>
    </>
  );
}

type Flag = 'required' | 'isKey' | 'sensitive';

function FlagCell({ index, name }: { index: number; name: Flag }) {
  return (
    <Form.Item name={[index, name]} valuePropName="checked" {...CELL}>
      <Checkbox data-testid={`item-${name}-${index}`} />
    </Form.Item>
  );
}

/** The `items` list of the resource form as an editable table: every item field inline, rows reordered. */
export function ItemsEditor() {
  const t = useT();
  const { options, loading } = useTerms();
  const rules = useItemRules();

  const flag = (name: Flag) => ({
    title: t(`catalog.item.${name}`),
    key: name,
    align: 'center' as const,
    render: (_: unknown, field: FormListFieldData) => <FlagCell index={field.name} name={name} />,
  });

  return (
    <Form.List name="items" rules={rules.list}>
      {(fields, { add, remove, move }, { errors }) => {
        const columns: TableColumnsType<FormListFieldData> = [
          { title: '#', key: 'position', width: 48, render: (_, field) => field.name + 1 },
          {
            title: <Required>{t('catalog.item.name')}</Required>,
            key: 'name',
            render: (_, { name }) => (
              <Form.Item name={[name, 'name']} rules={rules.name(name)} {...CELL}>
                <Input maxLength={100} style={{ minWidth: 160 }} data-testid={`item-name-${name}`} />
              </Form.Item>
            ),
          },
          {
            title: <Required>{t('catalog.item.dataType')}</Required>,
            key: 'dataType',
            render: (_, { name }) => (
              <Form.Item
                name={[name, 'dataType']}
                rules={[{ required: true, message: t('catalog.form.dataTypeRequired') }]}
                {...CELL}
              >
                <Select<DataType>
                  loading={loading}
                  options={options('dataTypes')}
                  style={{ width: 130 }}
                  data-testid={`item-dataType-${name}`}
                />
              </Form.Item>
            ),
          },
          {
            title: t('catalog.item.length'),
            key: 'length',
            render: (_, { name }) => (
              <Form.Item
                name={[name, 'length']}
                rules={rules.length(name)}
                dependencies={[['items', name, 'dataType']]}
                {...CELL}
              >
                <InputNumber
                  min={1}
                  max={100000}
                  precision={0}
                  style={{ width: 96 }}
                  data-testid={`item-length-${name}`}
                />
              </Form.Item>
            ),
          },
          flag('required'),
          flag('isKey'),
          flag('sensitive'),
          {
            title: t('catalog.item.semanticTag'),
            key: 'semanticTag',
            render: (_, { name }) => (
              <Form.Item name={[name, 'semanticTag']} {...CELL}>
                <Select<SemanticTag>
                  allowClear
                  loading={loading}
                  options={options('semanticTags')}
                  style={{ width: 150 }}
                />
              </Form.Item>
            ),
          },
          {
            title: t('catalog.item.description'),
            key: 'description',
            render: (_, { name }) => (
              <Form.Item name={[name, 'description']} {...CELL}>
                <Input maxLength={500} style={{ minWidth: 160 }} />
              </Form.Item>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, { name }) => (
              <ItemRowActions index={name} count={fields.length} move={move} remove={remove} />
            ),
          },
        ];

        return (
          <Flex vertical gap="small">
            <div data-testid="items-editor">
              <Table<FormListFieldData>
                rowKey="key"
                size="small"
                columns={columns}
                dataSource={fields}
                pagination={false}
                scroll={{ x: 'max-content' }}
              />
            </div>
            <Form.ErrorList errors={errors} />
            <div>
              <Button icon={<PlusOutlined />} onClick={() => add(newItem())} data-testid="item-add">
                {t('catalog.form.addItem')}
              </Button>
            </div>
          </Flex>
        );
      }}
    </Form.List>
  );
}
