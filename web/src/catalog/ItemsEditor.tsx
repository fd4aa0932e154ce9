import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tooltip,
  Typography,
  type FormListFieldData,
  type TableColumnsType,
} from 'antd';
import type { ReactNode } from 'react';
import type { DataType, SemanticTag } from '../api/catalogTypes';
import { useT } from '../i18n/context';
import { newItem } from './formValues';
import { useTerms } from './vocabulary';

const CELL = { style: { marginBottom: 0 } };

function Required({ children }: { children: ReactNode }) {
  return (
    <>
      {children} <Typography.Text type="danger">*</Typography.Text>
    </>
  );
}

/** The `items` list of the resource form as an editable table: every item field inline, rows reordered. */
export function ItemsEditor() {
  const t = useT();
  const { options, loading } = useTerms();

  return (
    <Form.List
      name="items"
      rules={[
        {
          validator: async (_, items: unknown[] | undefined) => {
            if (!items || items.length === 0) throw new Error(t('catalog.form.itemsRequired'));
          },
        },
      ]}
    >
      {(fields, { add, remove, move }, { errors }) => {
        const checkbox = (field: FormListFieldData, name: 'required' | 'isKey' | 'sensitive') => (
          <Form.Item name={[field.name, name]} valuePropName="checked" {...CELL}>
            <Checkbox data-testid={`item-${name}-${field.name}`} />
          </Form.Item>
        );
        const columns: TableColumnsType<FormListFieldData> = [
          { title: '#', key: 'position', width: 48, render: (_, field) => field.name + 1 },
          {
            title: <Required>{t('catalog.item.name')}</Required>,
            key: 'name',
            render: (_, field) => (
              <Form.Item
                name={[field.name, 'name']}
                rules={[{ required: true, whitespace: true, message: t('catalog.form.itemNameRequired') }]}
                {...CELL}
              >
                <Input maxLength={100} style={{ minWidth: 160 }} data-testid={`item-name-${field.name}`} />
              </Form.Item>
            ),
          },
          {
            title: <Required>{t('catalog.item.dataType')}</Required>,
            key: 'dataType',
            render: (_, field) => (
              <Form.Item
                name={[field.name, 'dataType']}
                rules={[{ required: true, message: t('catalog.form.dataTypeRequired') }]}
                {...CELL}
              >
                <Select<DataType>
                  loading={loading}
                  options={options('dataTypes')}
                  style={{ width: 130 }}
                  data-testid={`item-dataType-${field.name}`}
                />
              </Form.Item>
            ),
          },
          {
            title: t('catalog.item.length'),
            key: 'length',
            render: (_, field) => (
              <Form.Item name={[field.name, 'length']} {...CELL}>
                <InputNumber min={1} max={100000} precision={0} style={{ width: 96 }} />
              </Form.Item>
            ),
          },
          {
            title: t('catalog.item.required'),
            key: 'required',
            align: 'center',
            render: (_, f) => checkbox(f, 'required'),
          },
          {
            title: t('catalog.item.isKey'),
            key: 'isKey',
            align: 'center',
            render: (_, f) => checkbox(f, 'isKey'),
          },
          {
            title: t('catalog.item.sensitive'),
            key: 'sensitive',
            align: 'center',
            render: (_, f) => checkbox(f, 'sensitive'),
          },
          {
            title: t('catalog.item.semanticTag'),
            key: 'semanticTag',
            render: (_, field) => (
              <Form.Item name={[field.name, 'semanticTag']} {...CELL}>
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
            render: (_, field) => (
              <Form.Item name={[field.name, 'description']} {...CELL}>
                <Input maxLength={500} style={{ minWidth: 160 }} />
              </Form.Item>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, field) => (
              <Space size={0}>
                <Tooltip title={t('catalog.form.moveUp')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowUpOutlined />}
                    aria-label={t('catalog.form.moveUp')}
                    disabled={field.name === 0}
                    onClick={() => move(field.name, field.name - 1)}
                  />
                </Tooltip>
                <Tooltip title={t('catalog.form.moveDown')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    aria-label={t('catalog.form.moveDown')}
                    disabled={field.name === fields.length - 1}
                    onClick={() => move(field.name, field.name + 1)}
                  />
                </Tooltip>
                <Tooltip title={t('catalog.form.removeItem')}>
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('catalog.form.removeItem')}
                    disabled={fields.length <= 1}
                    onClick={() => remove(field.name)}
                    data-testid={`item-remove-${field.name}`}
                  />
                </Tooltip>
              </Space>
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
