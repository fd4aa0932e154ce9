import { Typography } from 'antd';
import { useCallback, type ReactNode } from 'react';
import { useT } from '../i18n/context';
import { EMPTY } from '../shared/format';
import { CODED_FIELDS, ITEM_FIELD_LABELS, RESOURCE_FIELD_LABELS } from './fields';
import { useTerms } from './vocabulary';

/** Field labels for diffs: resource fields, or item fields when `item` is set; unknown fields as named. */
export function useFieldLabel() {
  const t = useT();
  return useCallback(
    (field: string, item = false) => {
      const key = (item ? ITEM_FIELD_LABELS : RESOURCE_FIELD_LABELS)[field];
      return key ? t(key) : field;
    },
    [t],
  );
}

/** Shows a before or after value of a diff: codes as their labels, booleans as yes/no, lists joined. */
export function useDiffValue(): (field: string, value: unknown) => ReactNode {
  const t = useT();
  const { label } = useTerms();

  return useCallback(
    (field: string, value: unknown): ReactNode => {
      const show = (v: unknown): string => {
        if (v === null || v === undefined || v === '') return EMPTY;
        if (typeof v === 'boolean') return v ? t('catalog.yes') : t('catalog.no');
        const kind = CODED_FIELDS[field];
        if (kind && typeof v === 'string') return label(kind, v);
        if (Array.isArray(v)) return v.length === 0 ? EMPTY : v.map(show).join('、');
        if (typeof v === 'object') return JSON.stringify(v);
        return String(v);
      };
      const text = show(value);
      return text === EMPTY ? (
        <Typography.Text type="secondary">{EMPTY}</Typography.Text>
      ) : (
        <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>
      );
    },
    [t, label],
  );
}
