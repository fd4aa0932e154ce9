import { Alert, App, Button, Empty, Flex, Form, Input, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { fileCreditCase, getMyCredit, type CreditCaseInput, type CreditRecord } from '../api/credit';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { FormModal } from '../shared/FormModal';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { CASE_KIND_LABEL } from './labels';
import { ProfileView } from './ProfileView';

type Kind = CreditCaseInput['kind'];

/** 我的信用: the citizen's (or company user's) own credit, with the objection and repair forms. */
export default function MyCreditPage() {
  const t = useT();
  const { message } = App.useApp();
  const [version, setVersion] = useState(0);
  // The city's calendar day (UTC+8), for offering repair once its first day has come.
  const [today] = useState(() => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
  const [filing, setFiling] = useState<{ record: CreditRecord; kind: Kind } | null>(null);
  const mine = useQuery(
    // eslint-disable-next-line react-hooks/exhaustive-deps
    useCallback((signal: AbortSignal) => getMyCredit(signal), [version]),
  );
  const extra = <Link to="/public/credit">{t('credit.records.publicPage')}</Link>;
  // The title first, whatever the state: the page is recognizable while its data loads.
  if (mine.error)
    return (
      <Page title={t('credit.my.title')} extra={extra}>
        <ErrorAlert error={mine.error} />
      </Page>
    );
  if (!mine.data)
    return (
      <Page title={t('credit.my.title')} extra={extra}>
        <Loading />
      </Page>
    );
  const open = (subject: (typeof mine.data.subjects)[number], recordId: string, kind: Kind) =>
    subject.cases.some(
      (c) =>
        c.recordId === recordId && c.kind === kind && (c.status === 'submitted' || c.status === 'accepted'),
    );

  return (
    <Page
      title={t('credit.my.title')}
      extra={<Link to="/public/credit">{t('credit.records.publicPage')}</Link>}
    >
      <Alert type="info" showIcon message={t('credit.my.intro')} />
      {mine.data.subjects.length === 0 ? (
        <Empty description={t('credit.my.none')} data-testid="credit-my-none" />
      ) : (
        mine.data.subjects.map((subject) => (
          <Flex vertical gap="small" key={subject.subject.code}>
            <ProfileView
              profile={subject}
              recordLinks={false}
              recordActions={(r) => (
                <Space>
                  {r.publicity !== 'withdrawn' && !open(subject, r.id, 'objection') ? (
                    <Button
                      size="small"
                      onClick={() => setFiling({ record: r, kind: 'objection' })}
                      data-testid="credit-my-objection"
                    >
                      {t('credit.caseKind.objection')}
                    </Button>
                  ) : null}
                  {r.kind === 'penalty' &&
                  r.publicity === 'public' &&
                  r.repairFrom !== null &&
                  r.repairFrom <= today &&
                  !open(subject, r.id, 'repair') ? (
                    <Button
                      size="small"
                      onClick={() => setFiling({ record: r, kind: 'repair' })}
                      data-testid="credit-my-repair"
                    >
                      {t('credit.caseKind.repair')}
                    </Button>
                  ) : null}
                </Space>
              )}
            />
          </Flex>
        ))
      )}
      {filing ? (
        <FormModal<{ reason: string; attachment?: string }>
          title={`${t(CASE_KIND_LABEL[filing.kind])} · ${filing.record.decisionNo}`}
          onClose={() => setFiling(null)}
          submitTestId="credit-my-file"
          onSubmit={async (v) => {
            await fileCreditCase({
              recordId: filing.record.id,
              kind: filing.kind,
              reason: v.reason,
              ...(v.attachment ? { attachment: v.attachment } : {}),
            });
            setFiling(null);
            void message.success(t('credit.my.filed'));
            setVersion((x) => x + 1);
          }}
        >
          <Typography.Paragraph type="secondary">
            {filing.kind === 'objection' ? t('credit.my.objectionHint') : t('credit.my.repairHint')}
          </Typography.Paragraph>
          <Form.Item name="reason" label={t('credit.case.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} data-testid="credit-my-reason" />
          </Form.Item>
          <Form.Item name="attachment" label={t('credit.case.attachment')}>
            <Input placeholder={t('credit.case.attachmentHint')} />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}
