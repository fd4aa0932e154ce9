import { Tag, Tooltip } from 'antd';
import { useT } from '../i18n/context';
import { EMPTY } from '../shared/format';
import { useRuleLabel } from './rules';
import type {
  BatchOutcome,
  ChangeOp,
  ConnectorStatus,
  ConnectorSummary,
  DeliveryOutcome,
  SubscriptionStatus,
} from '../api/exchange';

const OUTCOME_COLORS: Record<BatchOutcome, string> = {
  applied: 'success',
  rejected: 'error',
  failed: 'warning',
};

export function OutcomeTag({ outcome }: { outcome: BatchOutcome }) {
  const t = useT();
  return (
    <Tag color={OUTCOME_COLORS[outcome]} data-testid="batch-outcome" data-outcome={outcome}>
      {t(`exchange.outcome.${outcome}`)}
    </Tag>
  );
}

const OP_COLORS: Record<ChangeOp, string> = { insert: 'green', update: 'blue', delete: 'red' };

export function OpTag({ op }: { op: ChangeOp }) {
  const t = useT();
  return <Tag color={OP_COLORS[op]}>{t(`exchange.op.${op}`)}</Tag>;
}

const SUBSCRIPTION_COLORS: Record<SubscriptionStatus, string> = {
  active: 'success',
  paused: 'default',
  dead: 'error',
};

export function SubscriptionStatusTag({ status }: { status: SubscriptionStatus }) {
  const t = useT();
  return (
    <Tag color={SUBSCRIPTION_COLORS[status]} data-testid="subscription-status" data-status={status}>
      {t(`exchange.subscriptionStatus.${status}`)}
    </Tag>
  );
}

const CONNECTOR_COLORS: Record<ConnectorStatus, string> = {
  idle: 'default',
  running: 'processing',
  ok: 'success',
  failed: 'error',
};

/** A connector's state; "none" when the resource has no connector, "disabled" when it is switched off. */
export function ConnectorTag({ connector }: { connector: ConnectorSummary | null }) {
  const t = useT();
  if (!connector) return <span>{EMPTY}</span>;
  const tag = (
    <Tag
      color={connector.enabled ? CONNECTOR_COLORS[connector.status] : 'default'}
      data-testid="connector-status"
    >
      {connector.enabled
        ? t(`exchange.connectorStatus.${connector.status}`)
        : t('exchange.connector.disabled')}
    </Tag>
  );
  return connector.lastError ? <Tooltip title={connector.lastError}>{tag}</Tooltip> : tag;
}

export function DeliveryOutcomeTag({ outcome }: { outcome: DeliveryOutcome }) {
  const t = useT();
  return (
    <Tag color={outcome === 'delivered' ? 'success' : 'error'}>
      {t(`exchange.deliveryOutcome.${outcome}`)}
    </Tag>
  );
}

/** A rule code with its label and, when given, how many rows broke it. */
export function RuleTag({ code, count }: { code: string; count?: number }) {
  const label = useRuleLabel();
  return (
    <Tooltip title={code}>
      <Tag color="orange" data-testid="rule-tag" data-rule={code} style={{ marginInlineEnd: 4 }}>
        {label(code)}
        {count !== undefined && ` × ${count.toLocaleString()}`}
      </Tag>
    </Tooltip>
  );
}

/** The per-rule counts of a batch or a resource, most frequent first. */
export function RuleCounts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return <span>{EMPTY}</span>;
  return (
    <span>
      {entries.map(([code, count]) => (
        <RuleTag key={code} code={code} count={count} />
      ))}
    </span>
  );
}
