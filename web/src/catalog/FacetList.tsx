import { Checkbox, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/context';

export interface FacetEntry {
  value: string;
  label: string;
  count: number;
}

interface FacetListProps {
  title: string;
  entries: FacetEntry[];
  /** The value filtered on; one at a time (the API filters on one value per facet). */
  selected: string | undefined;
  onSelect: (value: string | undefined) => void;
  /** Adds a box that narrows the list by label (for long lists such as departments). */
  searchable?: boolean;
  maxHeight?: number;
  testId: string;
}

/** A checkable list of values with their counts; checking a value filters on it, unchecking clears it. */
export function FacetList({
  title,
  entries,
  selected,
  onSelect,
  searchable,
  maxHeight,
  testId,
}: FacetListProps) {
  const t = useT();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const shown = entries.filter(
    ({ value, label }) => value === selected || !needle || label.toLowerCase().includes(needle),
  );

  return (
    <Flex vertical gap={4} data-testid={testId}>
      <Typography.Text strong>{title}</Typography.Text>
      {searchable && (
        <Input
          size="small"
          allowClear
          placeholder={t('catalog.facets.filter')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      )}
      <Flex vertical gap={2} style={{ maxHeight, overflowY: maxHeight ? 'auto' : undefined }}>
        {shown.map(({ value, label, count }) => (
          <Flex key={value} justify="space-between" align="center" gap="small">
            <Checkbox
              checked={value === selected}
              onChange={() => onSelect(value === selected ? undefined : value)}
              data-testid={`${testId}-${value}`}
            >
              {label}
            </Checkbox>
            <Typography.Text type="secondary">{count.toLocaleString()}</Typography.Text>
          </Flex>
        ))}
        {shown.length === 0 && <Typography.Text type="secondary">{t('catalog.facets.none')}</Typography.Text>}
      </Flex>
    </Flex>
  );
}
