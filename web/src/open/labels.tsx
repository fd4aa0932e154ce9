import { Tag } from 'antd';
import type { CSSProperties } from 'react';
import type { OpenType } from '../api/open';
import { useI18n, useT, type Translate } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';

export const OPEN_TYPE_LABEL: Record<OpenType, MessageKey> = {
  open: 'open.openType.open',
  conditional: 'open.openType.conditional',
};

const CYCLE_LABEL: Record<string, MessageKey> = {
  realtime: 'open.cycle.realtime',
  daily: 'open.cycle.daily',
  weekly: 'open.cycle.weekly',
  monthly: 'open.cycle.monthly',
  quarterly: 'open.cycle.quarterly',
  semiannual: 'open.cycle.semiannual',
  annual: 'open.cycle.annual',
  irregular: 'open.cycle.irregular',
};

/** An update cycle's name in the current language; a code the web does not know yet shows as it is. */
export function cycleLabel(t: Translate, cycle: string): string {
  const key = CYCLE_LABEL[cycle];
  return key ? t(key) : cycle;
}

/**
 * A facet entry's label in the current language: open types and update cycles are ours to name, departments and
 * themes are the data's own (Chinese) names.
 */
export function facetLabel(t: Translate, facet: string, value: string, label: string): string {
  if (facet === 'openType') return value in OPEN_TYPE_LABEL ? t(OPEN_TYPE_LABEL[value as OpenType]) : label;
  if (facet === 'updateCycle') return CYCLE_LABEL[value] ? cycleLabel(t, value) : label;
  return label;
}

/*
 * Tag colours chosen for WCAG AA contrast (at least 4.5:1 for the small text), which Ant Design's preset tag
 * colours (green, orange) do not all reach.
 */
const TAG_STYLE: Record<'open' | 'conditional' | 'cycle' | 'theme', CSSProperties> = {
  open: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  conditional: { color: '#873800', background: '#fff7e6', borderColor: '#ffc069' },
  cycle: { color: '#10239e', background: '#f0f5ff', borderColor: '#adc6ff' },
  theme: { color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7' },
};

export function OpenTypeTag({ openType }: { openType: OpenType }) {
  const t = useT();
  return (
    <Tag style={TAG_STYLE[openType]} data-testid="open-type-tag" data-open-type={openType}>
      {t(OPEN_TYPE_LABEL[openType])}
    </Tag>
  );
}

export function CycleTag({ cycle }: { cycle: string }) {
  const t = useT();
  return <Tag style={TAG_STYLE.cycle}>{cycleLabel(t, cycle)}</Tag>;
}

export function ThemeTag({ title }: { title: string }) {
  return <Tag style={TAG_STYLE.theme}>{title}</Tag>;
}

/** Whole numbers with the language's grouping (20,000). */
export function useFormatNumber(): (n: number) => string {
  const { language } = useI18n();
  const format = new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en');
  return (n) => format.format(n);
}
