import { Empty, Flex, Tag, Timeline, Typography, type TimelineProps } from 'antd';
import { useT } from '../i18n/context';
import { formatDateTime } from '../shared/format';
import type { HistoryAction, HistoryEvent } from '../api/catalog';

const ACTION_COLORS: Record<HistoryAction, string> = {
  create: 'blue',
  update: 'gray',
  submit: 'blue',
  approve: 'green',
  reject: 'red',
  publish: 'green',
  revise: 'blue',
  retire: 'red',
  import: 'gray',
};

/** Who did what to the resource and when, oldest first, with their comments. */
export function HistoryTab({ history }: { history: HistoryEvent[] }) {
  const t = useT();
  if (history.length === 0) return <Empty />;

  const items: TimelineProps['items'] = [...history]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((event, index) => ({
      key: index,
      color: ACTION_COLORS[event.action],
      title: formatDateTime(event.at),
      content: (
        <Flex vertical gap={4} data-testid="history-event" data-action={event.action}>
          <Flex gap="small" align="center" wrap>
            <Typography.Text strong>{event.actorName ?? t('catalog.unknownActor')}</Typography.Text>
            <span>{t(`catalog.action.${event.action}`)}</span>
            <Tag>{t('catalog.versionNumber', { version: event.version })}</Tag>
          </Flex>
          {event.comment && (
            <Typography.Paragraph type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {event.comment}
            </Typography.Paragraph>
          )}
        </Flex>
      ),
    }));

  return <Timeline mode="start" titleSpan="170px" items={items} data-testid="resource-history" />;
}
