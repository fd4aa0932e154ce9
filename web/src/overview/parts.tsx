import { ClockCircleOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Statistic, Tag, theme, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Schemas } from '../api/client';
import { useT } from '../i18n/context';
import { formatDateTime } from '../shared/format';
import { RequestStatusTag } from '../sharing/tags';

export type HomeRequest = Schemas['HomeRequest'];

/** A section of the home page: one role's work under its own heading. */
export function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Flex vertical gap="middle" data-testid={testId}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {children}
    </Flex>
  );
}

export interface FigureSpec {
  key: string;
  title: string;
  value: number;
  icon?: ReactNode;
  /** Where the figure is explained in full. */
  to?: string;
}

/** A row of figures, four across on a wide screen, two on a phone. */
export function Figures({ figures }: { figures: FigureSpec[] }) {
  return (
    <Row gutter={[16, 16]}>
      {figures.map((f) => {
        const figure = <Statistic title={f.title} prefix={f.icon} value={f.value} />;
        return (
          <Col key={f.key} xs={12} lg={6}>
            <Card size="small" hoverable={!!f.to} data-testid={`home-figure-${f.key}`}>
              {f.to ? (
                <Link to={f.to} style={{ color: 'inherit', display: 'block' }}>
                  {figure}
                </Link>
              ) : (
                figure
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

/**
 * A card with the first few lines of a list: how many there are in all in the title, a link to the whole list, and
 * a sentence instead of an empty table when there is nothing to do.
 */
export function ListCard<T>({
  title,
  total,
  items,
  renderItem,
  rowKey,
  empty,
  to,
  extra,
  testId,
}: {
  title: string;
  total: number;
  items: T[];
  renderItem: (item: T) => ReactNode;
  rowKey: (item: T) => string;
  empty: string;
  to?: string;
  extra?: ReactNode;
  testId: string;
}) {
  const t = useT();
  const more = total - items.length;
  return (
    <Card
      size="small"
      title={
        <Flex gap="small" align="center" wrap>
          <span>{title}</span>
          {total > 0 && <Tag>{total.toLocaleString()}</Tag>}
          {extra}
        </Flex>
      }
      extra={to && <Link to={to}>{t('home.viewAll')}</Link>}
      style={{ height: '100%' }}
      data-testid={testId}
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">{empty}</Typography.Text>
      ) : (
        <>
          <PlainList items={items} rowKey={rowKey} split renderItem={renderItem} />
          {more > 0 && to && (
            <div style={{ paddingTop: 8 }}>
              <Link to={to}>{t('home.more', { count: more.toLocaleString() })}</Link>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

/** Two lines for one list entry: what, linked, and the facts about it below. */
export function Line({
  title,
  to,
  meta,
  tags,
}: {
  title: string;
  to: string;
  meta: ReactNode;
  tags?: ReactNode;
}) {
  return (
    <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
      <Flex gap="small" align="center" wrap style={{ minWidth: 0 }}>
        <Link to={to} style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: title }} style={{ color: 'inherit', maxWidth: '100%' }}>
            {title}
          </Typography.Text>
        </Link>
        {tags}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {meta}
      </Typography.Text>
    </Flex>
  );
}

/** A request as a to-do line: resource, the two departments, state and deadline. */
export function RequestLine({
  request,
  to,
  side,
}: {
  request: HomeRequest;
  to: string;
  /** Which department to name: the one asking (provider's view) or the one asked (consumer's view); both for the operator. */
  side: 'consumer' | 'provider' | 'both';
}) {
  const t = useT();
  const parties =
    side === 'both'
      ? `${request.consumerDepartmentName} → ${request.providerDepartmentName}`
      : side === 'consumer'
        ? request.consumerDepartmentName
        : request.providerDepartmentName;
  const open = request.status === 'pending' || request.status === 'second_review';
  return (
    <Line
      title={request.resourceName}
      to={to}
      tags={
        <>
          <RequestStatusTag status={request.status} />
          {request.overdue && (
            <Tag color="error" icon={<ClockCircleOutlined />}>
              {t('home.overdue')}
            </Tag>
          )}
        </>
      }
      meta={
        <>
          {parties}
          {open && ` · ${t('home.due', { at: formatDateTime(request.dueAt) })}`}
        </>
      }
    />
  );
}

/** A plain list (ul/li) of small rows, optionally split by hairlines: what a home section shows. */
export function PlainList<T>({
  items,
  rowKey,
  renderItem,
  split = false,
}: {
  items: readonly T[];
  rowKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  split?: boolean;
}) {
  const { token } = theme.useToken();
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item, i) => (
        <li
          key={rowKey(item)}
          style={{
            padding: '8px 0',
            borderTop: split && i > 0 ? `1px solid ${token.colorSplit}` : undefined,
          }}
        >
          {renderItem(item)}
        </li>
      ))}
    </ul>
  );
}
