import { App, Button, Card, Flex, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/context';
import { useErrorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { decideConflict, type Conflict, type Segment } from './api';
import { recordPath } from './useRegistry';

/**
 * A field whose sources disagree: each value offered with the sources offering it; for the steward, 采用此值 on a
 * value (it holds while a source offers it) or 忽略 (dismiss: the rule's value stands).
 */
export function ConflictCard({
  segment,
  conflict: c,
  canSteward,
  showRecord,
  onDecided,
}: {
  segment: Segment;
  conflict: Conflict;
  canSteward: boolean;
  showRecord?: boolean;
  onDecided: () => void;
}) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const decide = async (what: string, body: { value: string } | { dismiss: true }) => {
    setBusy(what);
    try {
      await decideConflict(segment, c.id, body);
      void message.success(t('registries.conflict.decided'));
      onDecided();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card
      size="small"
      data-testid="registry-conflict"
      title={
        <Space wrap>
          <Tag color="red">{c.field}</Tag>
          {showRecord && (
            <Link to={recordPath(segment, c.entityId)} data-testid="registry-conflict-record">
              <code>{c.entityId}</code> {c.entityName}
            </Link>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(c.createdAt)}
          </Typography.Text>
        </Space>
      }
      extra={
        canSteward && (
          <Popconfirm
            title={t('registries.conflict.dismissConfirm')}
            onConfirm={() => decide('dismiss', { dismiss: true })}
          >
            <Button
              size="small"
              loading={busy === 'dismiss'}
              disabled={busy !== null}
              data-testid="registry-conflict-dismiss"
            >
              {t('registries.conflict.dismiss')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Flex vertical>
        {c.candidates.map((v, i) => (
          <Flex
            key={v.value}
            justify="space-between"
            align="center"
            gap="middle"
            style={{ padding: '8px 0', borderTop: i ? '1px solid rgba(5, 5, 5, 0.06)' : undefined }}
            data-testid="registry-conflict-value"
          >
            <Flex vertical gap={2}>
              <Typography.Text strong>{v.value}</Typography.Text>
              <span>
                {v.sources.map((s) => (
                  <Tag key={`${s.sourceId}:${s.recordKey}`} color="geekblue">
                    {s.sourceName} · {s.recordKey}
                  </Tag>
                ))}
              </span>
            </Flex>
            {canSteward && (
              <Button
                size="small"
                type="primary"
                ghost
                loading={busy === v.value}
                disabled={busy !== null}
                onClick={() => void decide(v.value, { value: v.value })}
                data-testid="registry-conflict-choose"
              >
                {t('registries.conflict.choose')}
              </Button>
            )}
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
