import { Typography } from 'antd';
import { EMPTY } from '../shared/format';

/** A record value as text: strings and numbers as they are, booleans as ✓/✗, anything else as JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return JSON.stringify(value);
}

/** A record value in a table cell, one line, the full value on hover when it is long. */
export function ValueCell({ value }: { value: unknown }) {
  const text = valueText(value);
  return (
    <Typography.Text
      style={{ maxWidth: 240, whiteSpace: 'nowrap' }}
      ellipsis={text.length > 30 ? { tooltip: text } : false}
    >
      {text}
    </Typography.Text>
  );
}

/** A record's values as "name: value" pairs on one line, for change logs and quarantined rows. */
export function RecordInline({
  data,
  max = 6,
  maxWidth = 520,
}: {
  data: Record<string, unknown> | null;
  max?: number;
  maxWidth?: number;
}) {
  if (!data) return <span>{EMPTY}</span>;
  const entries = Object.entries(data);
  const text = entries.map(([name, value]) => `${name}: ${valueText(value)}`).join('；');
  const shown = entries
    .slice(0, max)
    .map(([name, value]) => `${name}: ${valueText(value)}`)
    .join('；');
  return (
    <Typography.Text type="secondary" style={{ maxWidth }} ellipsis={{ tooltip: text }}>
      {entries.length > max ? `${shown}；…` : shown}
    </Typography.Text>
  );
}
