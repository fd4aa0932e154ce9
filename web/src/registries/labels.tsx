import { Tag, Tooltip } from 'antd';
import type { MessageKey } from '../i18n/zh';
import { useT } from '../i18n/context';
import type { Decision, HistoryEntry, LinkKind, Provenance, Segment } from './api';

/** How a source record was linked to its golden record, with the colour of its tag. */
export const LINK: Record<LinkKind, { label: MessageKey; color: string }> = {
  key: { label: 'registries.link.key', color: 'green' },
  match: { label: 'registries.link.match', color: 'blue' },
  new: { label: 'registries.link.new', color: 'default' },
  review: { label: 'registries.link.review', color: 'orange' },
  steward: { label: 'registries.link.steward', color: 'purple' },
};

export const RULE_LABEL: Record<Provenance['rule'], MessageKey> = {
  priority: 'registries.rule.priority',
  recent: 'registries.rule.recent',
  complete: 'registries.rule.complete',
  fixed: 'registries.rule.fixed',
  steward: 'registries.rule.steward',
};

export const DECISION: Record<Decision, { label: MessageKey; color: string }> = {
  match: { label: 'registries.decision.match', color: 'green' },
  review: { label: 'registries.decision.review', color: 'orange' },
  none: { label: 'registries.decision.none', color: 'default' },
};

export const HISTORY: Record<HistoryEntry['kind'], { label: MessageKey; color: string }> = {
  created: { label: 'registries.history.created', color: 'green' },
  updated: { label: 'registries.history.updated', color: 'blue' },
  merged: { label: 'registries.history.merged', color: 'purple' },
  unmerged: { label: 'registries.history.unmerged', color: 'purple' },
  linked: { label: 'registries.history.linked', color: 'cyan' },
  unlinked: { label: 'registries.history.unlinked', color: 'gray' },
  conflict: { label: 'registries.history.conflict', color: 'red' },
  resolved: { label: 'registries.history.resolved', color: 'green' },
};

/** The registry's own words: person or organization. */
export const SUBJECT: Record<Segment, { same: MessageKey; apart: MessageKey; records: MessageKey }> = {
  population: {
    same: 'registries.review.samePerson',
    apart: 'registries.review.apartPerson',
    records: 'registries.records.persons',
  },
  'legal-person': {
    same: 'registries.review.sameOrganization',
    apart: 'registries.review.apartOrganization',
    records: 'registries.records.organizations',
  },
};

export function LinkTag({ link }: { link: LinkKind }) {
  const t = useT();
  return (
    <Tag color={LINK[link].color} data-testid="registry-link-kind">
      {t(LINK[link].label)}
    </Tag>
  );
}

export function DecisionTag({ decision }: { decision: Decision }) {
  const t = useT();
  return (
    <Tag color={DECISION[decision].color} data-testid="registry-decision">
      {t(DECISION[decision].label)}
    </Tag>
  );
}

/** Where a golden value came from: the source (its record key in the tooltip) and the survivorship rule. */
export function ProvenanceTags({ provenance }: { provenance: Provenance | undefined }) {
  const t = useT();
  if (!provenance) return null;
  const title = [
    provenance.recordKey && t('registries.provenance.recordKey', { key: provenance.recordKey }),
    provenance.seq !== null && t('registries.provenance.seq', { seq: provenance.seq }),
    provenance.at && t('registries.provenance.at', { at: provenance.at }),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <span data-testid="registry-provenance">
      {provenance.sourceName && (
        <Tooltip title={title || undefined}>
          <Tag color="geekblue" data-testid="registry-provenance-source">
            {provenance.sourceName}
          </Tag>
        </Tooltip>
      )}
      <Tag data-testid="registry-provenance-rule">{t(RULE_LABEL[provenance.rule])}</Tag>
    </span>
  );
}

/** A probability (0–1) as a percentage. */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${(value * 100).toFixed(value >= 0.9995 || value < 0.0005 ? 2 : 1)}%`;
}

export const bits = (value: number) => `${value > 0 ? '+' : ''}${value.toFixed(2)}`;
