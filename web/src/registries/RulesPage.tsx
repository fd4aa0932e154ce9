import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useErrorMessage } from '../shared/errors';
import { Page } from '../shared/Page';
import { NotFound } from '../shared/StatusPages';
import { rankSources, setRules, type Overview, type Rule, type RuleKind, type Segment } from './api';
import { RULE_LABEL } from './labels';
import { useOverview, useRegistryName, useSegment } from './useRegistry';

const RULES: RuleKind[] = ['priority', 'recent', 'complete', 'fixed'];

export default function RulesPage() {
  const segment = useSegment();
  return segment ? <Rules segment={segment} key={segment} /> : <NotFound />;
}

/** The steward's survivorship rules (which source's value a field takes) and the sources' order of trust. */
function Rules({ segment }: { segment: Segment }) {
  const t = useT();
  const name = useRegistryName();
  const overview = useOverview(segment);
  const o = overview.data;
  return (
    <Page
      title={`${name(o, segment)} · ${t('registries.rules.title')}`}
      extra={<Link to="/registries">{t('registries.back')}</Link>}
    >
      <ErrorAlert error={overview.error} />
      {overview.loading && !o && <Card loading />}
      {o && !o.canSteward && <Alert type="info" showIcon title={t('registries.rules.readOnly')} />}
      {o && (
        <RulesEditor
          key={`${o.rules.map((r) => `${r.field}${r.rule}${r.fixedSourceId}${r.conflict}`).join()}`}
          overview={o}
          onSaved={overview.reload}
        />
      )}
      {o && <SourceOrder key={o.sources.map((s) => s.id).join()} overview={o} onSaved={overview.reload} />}
    </Page>
  );
}

function RulesEditor({ overview: o, onSaved }: { overview: Overview; onSaved: () => void }) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [rules, setRulesState] = useState<Rule[]>(o.rules);
  const [busy, setBusy] = useState(false);
  const readOnly = !o.canSteward;
  const change = (field: string, patch: Partial<Rule>) =>
    setRulesState((current) => current.map((r) => (r.field === field ? { ...r, ...patch } : r)));
  const incomplete = rules.some((r) => r.rule === 'fixed' && !r.fixedSourceId);
  const save = async () => {
    setBusy(true);
    try {
      await setRules(
        o.segment,
        rules.map((r) => ({ ...r, fixedSourceId: r.rule === 'fixed' ? r.fixedSourceId : null })),
      );
      void message.success(t('registries.rules.saved'));
      onSaved();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(false);
    }
  };
  const columns: TableColumnsType<Rule> = [
    { title: t('registries.rules.field'), dataIndex: 'field' },
    {
      title: t('registries.rules.rule'),
      key: 'rule',
      render: (_, r) => (
        <Space wrap>
          <Select<RuleKind>
            style={{ width: 140 }}
            value={r.rule}
            disabled={readOnly}
            onChange={(rule) => change(r.field, { rule })}
            options={RULES.map((k) => ({ value: k, label: t(RULE_LABEL[k]) }))}
            data-testid="registry-rule-select"
            data-field={r.field}
          />
          {r.rule === 'fixed' && (
            <Select<string>
              style={{ width: 200 }}
              value={r.fixedSourceId ?? undefined}
              disabled={readOnly}
              placeholder={t('registries.rules.fixedSource')}
              status={r.fixedSourceId ? undefined : 'error'}
              onChange={(fixedSourceId) => change(r.field, { fixedSourceId })}
              options={o.sources.map((s) => ({ value: s.id, label: s.name }))}
              data-testid="registry-rule-source"
            />
          )}
        </Space>
      ),
    },
    {
      title: t('registries.rules.conflict'),
      key: 'conflict',
      render: (_, r) => (
        <Switch
          checked={r.conflict}
          disabled={readOnly}
          onChange={(conflict) => change(r.field, { conflict })}
          data-testid="registry-rule-conflict"
        />
      ),
    },
  ];
  return (
    <Card
      title={t('registries.rules.rulesTitle')}
      extra={
        !readOnly && (
          <Button
            type="primary"
            loading={busy}
            disabled={incomplete}
            onClick={() => void save()}
            data-testid="registry-rules-save"
          >
            {t('common.save')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('registries.rules.hint')}</Typography.Paragraph>
      <Table<Rule>
        rowKey="field"
        size="small"
        columns={columns}
        dataSource={rules}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="registry-rules"
      />
    </Card>
  );
}

function SourceOrder({ overview: o, onSaved }: { overview: Overview; onSaved: () => void }) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [order, setOrder] = useState(() => [...o.sources].sort((a, b) => a.priority - b.priority));
  const [busy, setBusy] = useState(false);
  const readOnly = !o.canSteward;
  const move = (index: number, by: -1 | 1) =>
    setOrder((current) => {
      const next = [...current];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  const save = async () => {
    setBusy(true);
    try {
      await rankSources(
        o.segment,
        order.map((s) => s.id),
      );
      void message.success(t('registries.rules.orderSaved'));
      onSaved();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      title={t('registries.rules.orderTitle')}
      extra={
        !readOnly && (
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="registry-order-save">
            {t('common.save')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('registries.rules.orderHint')}</Typography.Paragraph>
      <Flex vertical gap="small" data-testid="registry-order">
        {order.map((s, index) => (
          <Card size="small" key={s.id} data-testid="registry-order-item">
            <Flex justify="space-between" align="center" gap="middle">
              <Flex gap="small" align="center">
                <Tag>{index + 1}</Tag>
                <span data-testid="registry-order-name">{s.name}</span>
                <Typography.Text type="secondary">
                  {t('registries.rules.sourceRecords', { count: s.records })}
                </Typography.Text>
              </Flex>
              {!readOnly && (
                <Space>
                  <Button
                    size="small"
                    icon={<ArrowUpOutlined />}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={t('registries.rules.up')}
                    data-testid="registry-order-up"
                  />
                  <Button
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={index === order.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={t('registries.rules.down')}
                    data-testid="registry-order-down"
                  />
                </Space>
              )}
            </Flex>
          </Card>
        ))}
      </Flex>
    </Card>
  );
}
