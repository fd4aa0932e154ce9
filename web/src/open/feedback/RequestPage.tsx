import { Card, Descriptions, Flex, Result, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { getOpenRequest } from '../../api/openFeedback';
import { useT } from '../../i18n/context';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { EMPTY, formatDate, formatDateTime } from '../../shared/format';
import { Loading } from '../../shared/Loading';
import { useQuery } from '../../shared/useQuery';
import { useOpenTitle } from '../OpenLayout';
import { FlagButton, RequestStatusTag } from './common';
import { VoteButton } from './VoteButton';

/** One data request: what was asked, for what, and the department's public answer. */
export default function RequestPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { data, error } = useQuery(useCallback((signal: AbortSignal) => getOpenRequest(id, signal), [id]));
  useOpenTitle(data?.title ?? t('fb.request.pageTitle'));
  if (error instanceof ApiError && (error.status === 404 || error.status === 400))
    return (
      <Result
        status="404"
        title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('fb.request.missing')}</h1>}
        extra={<Link to="/open/requests">{t('fb.request.back')}</Link>}
      />
    );
  if (error) return <ErrorAlert error={error} />;
  if (!data) return <Loading />;
  const answered = data.status === 'planned' || data.status === 'available' || data.status === 'declined';
  return (
    <Flex vertical gap="middle" data-testid="fb-request-page">
      <Link to="/open/requests">{t('fb.request.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
        {data.title}
      </Typography.Title>
      <Flex gap="small" align="center" wrap>
        <RequestStatusTag status={data.status} />
        <VoteButton request={data} />
        <FlagButton kind="request" id={data.id} />
      </Flex>
      <Card size="small">
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'd', label: t('fb.request.description'), children: data.description },
            { key: 'p', label: t('fb.request.purpose'), children: data.purpose },
            {
              key: 'dep',
              label: t('fb.request.department'),
              children: data.department?.name ?? t('fb.request.noDepartment'),
            },
            { key: 'a', label: t('fb.request.author'), children: data.author },
            { key: 'c', label: t('fb.request.created'), children: formatDateTime(data.createdAt) },
          ]}
        />
      </Card>
      <section aria-labelledby="fb-answer-title">
        <Card size="small" data-testid="fb-request-answer">
          <Typography.Title level={2} id="fb-answer-title" style={{ fontSize: 17, marginTop: 0 }}>
            {t('fb.request.answerTitle')}
          </Typography.Title>
          {answered ? (
            <Flex vertical gap={6}>
              <Typography.Paragraph style={{ margin: 0 }}>{data.answer ?? EMPTY}</Typography.Paragraph>
              {data.plannedDate ? (
                <Typography.Text>
                  {t('fb.request.plannedOn', { date: formatDate(data.plannedDate) })}
                </Typography.Text>
              ) : null}
              {data.dataset ? (
                <Typography.Text>
                  {t('fb.request.availableAt')}{' '}
                  <Link to={`/open/datasets/${data.dataset.name}`} style={{ textDecoration: 'underline' }}>
                    {data.dataset.title || data.dataset.name}
                  </Link>
                </Typography.Text>
              ) : null}
              <Typography.Text type="secondary">
                {data.department?.name} · {formatDateTime(data.answeredAt)}
              </Typography.Text>
            </Flex>
          ) : (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {data.status === 'submitted' ? t('fb.request.waitRoute') : t('fb.request.waitAnswer')}
            </Typography.Paragraph>
          )}
        </Card>
      </section>
    </Flex>
  );
}
