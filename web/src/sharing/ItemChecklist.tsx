import { KeyOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTerms } from '../catalog/vocabulary';
import { useT } from '../i18n/context';
import { EMPTY } from '../shared/format';
import type { SharingItem } from '../api/sharing';

export interface ItemSelection {
  items: string[];
  /** Sensitive items asked for (or granted) in clear; always a subset of `items`. */
  unmasked: string[];
}

interface ItemChecklistProps {
  items: readonly SharingItem[];
  value?: ItemSelection;
  onChange?: (value: ItemSelection) => void;
  /** Sensitive items that may be ticked "in clear"; default every sensitive non-key item. */
  unmaskable?: readonly string[];
  /** Key items identify records: shown ticked and locked, and always part of the value. */
  lockKeys?: boolean;
  disabled?: boolean;
}

/**
 * Picks information items: one row per item, sensitive ones marked, and for a sensitive item a second box to
 * ask for (or grant) it in clear. A controlled form field.
 */
export function ItemChecklist({
  items,
  value = { items: [], unmasked: [] },
  onChange,
  unmaskable,
  lockKeys = true,
  disabled = false,
}: ItemChecklistProps) {
  const t = useT();
  const { label } = useTerms();
  const picked = new Set(value.items);
  const clear = new Set(value.unmasked);
  const locked = (item: SharingItem) => lockKeys && item.isKey;
  const canUnmask = (item: SharingItem) =>
    item.sensitive && !item.isKey && (unmaskable ? unmaskable.includes(item.name) : true);
  const selectable = items.filter((item) => !locked(item)).map(({ name }) => name);

  const emit = (nextItems: Set<string>, nextClear: Set<string>) =>
    onChange?.({
      // In the resource's order, so the request reads like the catalog; locked keys always included.
      items: items.filter((item) => locked(item) || nextItems.has(item.name)).map(({ name }) => name),
      unmasked: selectable.filter((name) => nextItems.has(name) && nextClear.has(name)),
    });
  const toggle = (name: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(name);
    else next.delete(name);
    emit(next, clear);
  };
  const toggleClear = (name: string, on: boolean) => {
    const next = new Set(clear);
    if (on) next.add(name);
    else next.delete(name);
    emit(picked, next);
  };

  const columns: TableColumnsType<SharingItem> = [
    {
      key: 'pick',
      width: 48,
      render: (_, item) =>
        locked(item) ? (
          <Tooltip title={t('sharing.item.keyAlways')}>
            <Checkbox checked disabled />
          </Tooltip>
        ) : (
          <Checkbox
            checked={picked.has(item.name)}
            disabled={disabled}
            onChange={(event) => toggle(item.name, event.target.checked)}
            aria-label={item.name}
            data-testid="item-check"
            data-item={item.name}
          />
        ),
    },
    {
      title: t('sharing.item.name'),
      dataIndex: 'name',
      render: (name: string, item) => (
        <Flex gap={6} align="center" wrap>
          <span>{name}</span>
          {item.isKey && (
            <Tooltip title={t('sharing.item.key')}>
              <KeyOutlined />
            </Tooltip>
          )}
          {item.sensitive && (
            <Tooltip title={t('sharing.item.sensitive.hint')}>
              <Tag color="gold" data-testid="item-sensitive">
                {t('sharing.item.sensitive')}
              </Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    {
      title: t('sharing.item.dataType'),
      dataIndex: 'dataType',
      render: (dataType: string) => (dataType ? label('dataTypes', dataType) : EMPTY),
    },
    {
      title: (
        <Tooltip title={t('sharing.item.unmaskedHint')}>
          <span>{t('sharing.item.askUnmasked')}</span>
        </Tooltip>
      ),
      key: 'unmasked',
      align: 'center',
      render: (_, item) =>
        canUnmask(item) ? (
          <Checkbox
            checked={picked.has(item.name) && clear.has(item.name)}
            disabled={disabled || !picked.has(item.name)}
            onChange={(event) => toggleClear(item.name, event.target.checked)}
            aria-label={t('sharing.item.askUnmasked')}
            data-testid="item-unmasked"
            data-item={item.name}
          />
        ) : null,
    },
  ];

  return (
    <Flex vertical gap="small" data-testid="item-checklist">
      <Flex gap="small" align="center" wrap>
        <Button
          size="small"
          disabled={disabled}
          onClick={() => emit(new Set(selectable), clear)}
          data-testid="item-check-all"
        >
          {t('sharing.item.all')}
        </Button>
        <Button size="small" disabled={disabled} onClick={() => emit(new Set(), new Set())}>
          {t('sharing.item.none')}
        </Button>
        <Typography.Text type="secondary">
          {t('sharing.item.picked', { count: value.items.length, total: items.length })}
        </Typography.Text>
      </Flex>
      <Table<SharingItem>
        rowKey="name"
        size="small"
        columns={columns}
        dataSource={[...items]}
        pagination={false}
        scroll={{ y: 360 }}
        rowClassName={(item) => (picked.has(item.name) || locked(item) ? 'ant-table-row-selected' : '')}
      />
    </Flex>
  );
}
