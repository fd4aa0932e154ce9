import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useAccess } from '../auth/access';
import { useT } from '../i18n/context';

/** The two calls a consumer system makes for a pull subscription: read changes, then acknowledge them. */
function pullCommands(origin: string, subscriptionId: string, steps: [string, string]): string {
  const base = `${origin}/api/exchange/subscriptions/${subscriptionId}`;
  return [
    `# 1. ${steps[0]}`,
    `curl -s -H "Authorization: Bearer $TONGBAN_API_KEY" \\`,
    `  "${base}/changes?limit=500"`,
    '',
    `# 2. ${steps[1]}`,
    `curl -s -X POST -H "Authorization: Bearer $TONGBAN_API_KEY" \\`,
    `  -H "Content-Type: application/json" -d '{"cursor": <nextCursor>}' \\`,
    `  "${base}/ack"`,
  ].join('\n');
}

export function PullExample({ subscriptionId }: { subscriptionId: string }) {
  const t = useT();
  const { can } = useAccess();
  const commands = pullCommands(window.location.origin, subscriptionId, [
    t('exchange.pull.step1'),
    t('exchange.pull.step2'),
  ]);
  return (
    <Flex vertical gap="small" data-testid="pull-example">
      <Typography.Text>
        {t('exchange.pull.intro')}{' '}
        {can.viewApiKeys && <Link to="/admin/api-keys">{t('exchange.pull.apiKeys')}</Link>}
      </Typography.Text>
      <Typography.Paragraph
        copyable={{
          text: commands,
          icon: [
            <span key="copy">
              <CopyOutlined /> {t('common.copy')}
            </span>,
            <span key="copied">
              <CheckOutlined /> {t('common.copied')}
            </span>,
          ],
          tooltips: false,
        }}
        style={{ marginBottom: 0 }}
      >
        <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{commands}</pre>
      </Typography.Paragraph>
      <Typography.Text type="secondary">{t('exchange.pull.notes')}</Typography.Text>
    </Flex>
  );
}
