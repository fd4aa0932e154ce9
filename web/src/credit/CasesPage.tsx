import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  decideCreditCase,
  listCreditCases,
  type CreditCase,
  type CreditCaseDecision,
  type CreditCaseQuery,
} from '../api/credit';
import { useAccess } from '../auth/access';
import { useMe } from '../auth/context';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { FormModal } from '../shared/FormModal';
import { Page } from '../shared/Page';
import { useCursorQuery } from '../shared/useCursorQuery';
import { CASE_KIND_LABEL, CASE_STATUS_LABEL, DECISION_LABEL } from './labels';
import { CasesTable } from './ProfileView';

type Action = CreditCaseDecision['action'];
const STATUSES: CreditCase['status'][] = ['submitted', 'accepted', 'upheld', 'rejected', 'repaired'];

const fetchCases = (
  { v: _v, ...query }: CreditCaseQuery & { v: number; limit: number; before?: string },
  signal: AbortSignal,
) => listCreditCases(query, signal);

/** What the department may do next with a case. */
function actionsFor(c: CreditCase): Action[] {
  if (c.status === 'submitted') return ['accept', 'reject'];
  if (c.status === 'accepted') return [c.kind === 'objection' ? 'uphold' : 'repair', 'reject'];
  return [];
}

type DecisionValues = {
  note: string;
  resolution?: 'withdraw' | 'correct';
  fineAmount?: number;
  violationFacts?: string;
  subjectName?: string;
};

/** 异议与修复: the department's inbox of objections and repair applications, with their working-day deadlines. */
export default function CasesPage() {
  const t = useT();
  const { message } = App.useApp();
  const access = useAccess();
  const me = useMe();
  const stewardOf = new Set(
    me.roles.filter((r) => r.role === 'dept_steward').map((r) => r.departmentId ?? me.department?.id),
  );
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  const [acting, setActing] = useState<{ c: CreditCase; action: Action } | null>(null);
  const filters = useMemo(() => {
    const q: CreditCaseQuery & { v: number } = { v: version };
    const kind = params.get('kind');
    const status = params.get('status');
    if (kind === 'objection' || kind === 'repair') q.kind = kind;
    if (status && (STATUSES as string[]).includes(status)) q.status = status as CreditCase['status'];
    if (params.get('open') === '1') q.open = true;
    if (params.get('overdue') === '1') q.overdue = true;
    return q;
  }, [params, version]);
  const list = useCursorQuery(fetchCases, filters, 20);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <Page title={t('credit.cases.title')}>
      <Card size="small">
        <Flex wrap gap="middle" align="center">
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('credit.case.kind')}
            value={filters.kind}
            onChange={(v?: string) => set('kind', v)}
            options={(['objection', 'repair'] as const).map((k) => ({
              value: k,
              label: t(CASE_KIND_LABEL[k]),
            }))}
          />
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('credit.case.status')}
            value={filters.status}
            onChange={(v?: string) => set('status', v)}
            options={STATUSES.map((s) => ({ value: s, label: t(CASE_STATUS_LABEL[s]) }))}
          />
          <Space>
            <Switch checked={filters.open === true} onChange={(on) => set('open', on ? '1' : undefined)} />
            {t('credit.cases.openOnly')}
          </Space>
          <Space>
            <Switch
              checked={filters.overdue === true}
              onChange={(on) => set('overdue', on ? '1' : undefined)}
              data-testid="credit-cases-overdue"
            />
            {t('credit.cases.overdueOnly')}
          </Space>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('credit.cases.deadlines')}
        </Typography.Paragraph>
      </Card>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <CasesTable
        cases={list.items}
        {...(access.can.handleCreditCases
          ? {
              actions: (c: CreditCase) =>
                stewardOf.has(c.departmentId) ? (
                  <Space>
                    {actionsFor(c).map((a) => (
                      <Button
                        key={a}
                        size="small"
                        onClick={() => setActing({ c, action: a })}
                        data-testid={`credit-case-${a}`}
                      >
                        {t(DECISION_LABEL[a])}
                      </Button>
                    ))}
                  </Space>
                ) : null,
            }
          : {})}
      />
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{t('licenses.list.page', { page: list.page })}</Typography.Text>
        <Space>
          <Button disabled={list.page <= 1 || list.loading} onClick={list.previous}>
            {t('licenses.list.newer')}
          </Button>
          <Button disabled={!list.hasMore || list.loading} onClick={list.next}>
            {t('licenses.list.older')}
          </Button>
        </Space>
      </Flex>
      {acting ? (
        <FormModal<DecisionValues>
          title={`${t(DECISION_LABEL[acting.action])} · ${acting.c.record.subjectName}`}
          onClose={() => setActing(null)}
          submitTestId="credit-case-submit"
          initialValues={acting.action === 'uphold' ? { resolution: 'withdraw' } : {}}
          onSubmit={async (v) => {
            const corrections = {
              ...(v.fineAmount !== undefined && v.fineAmount !== null ? { fineAmount: v.fineAmount } : {}),
              ...(v.violationFacts ? { violationFacts: v.violationFacts } : {}),
              ...(v.subjectName ? { subjectName: v.subjectName } : {}),
            };
            await decideCreditCase(acting.c.id, {
              action: acting.action,
              note: v.note,
              ...(acting.action === 'uphold' && v.resolution ? { resolution: v.resolution } : {}),
              ...(acting.action === 'uphold' && v.resolution === 'correct' && Object.keys(corrections).length
                ? { corrections }
                : {}),
            });
            setActing(null);
            void message.success(t('credit.cases.done'));
            setVersion((x) => x + 1);
          }}
        >
          <Typography.Paragraph>{acting.c.reason}</Typography.Paragraph>
          {acting.action === 'uphold' ? <UpholdFields /> : null}
          <Form.Item name="note" label={t('credit.case.note')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="credit-case-note" />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}

function UpholdFields() {
  const t = useT();
  const form = Form.useFormInstance();
  const resolution = Form.useWatch('resolution', form) as string | undefined;
  return (
    <>
      <Form.Item name="resolution" label={t('credit.case.resolution')} rules={[{ required: true }]}>
        <Select
          options={[
            { value: 'withdraw', label: t('credit.case.resolution.withdraw') },
            { value: 'correct', label: t('credit.case.resolution.correct') },
          ]}
        />
      </Form.Item>
      {resolution === 'correct' ? (
        <>
          <Form.Item name="subjectName" label={t('credit.subjectName')}>
            <Input />
          </Form.Item>
          <Form.Item name="violationFacts" label={t('credit.violationFacts')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="fineAmount" label={t('credit.fineAmount')}>
            <InputNumber min={0} step={0.01} />
          </Form.Item>
        </>
      ) : null}
    </>
  );
}
