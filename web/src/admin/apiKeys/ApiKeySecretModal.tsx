import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Typography } from 'antd';
import { useT } from '../../i18n/context';
import type { ApiKeyCreated } from '../../api/apiKeys';

/** Shows a new key's secret, the only time it is ever shown. Closes only by confirming it was stored. */
export function ApiKeySecretModal({ created, onClose }: { created: ApiKeyCreated; onClose: () => void }) {
  const t = useT();

  return (
    <Modal
      open
      title={t('apiKeys.secretTitle', { name: created.apiKey.name })}
      closable={false}
      keyboard={false}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid="api-key-secret-done">
          {t('apiKeys.secretDone')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('apiKeys.secretWarning')} />
      <Typography.Paragraph
        code
        copyable={{
          text: created.secret,
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
        style={{ marginTop: 16, wordBreak: 'break-all' }}
        data-testid="api-key-secret"
      >
        {created.secret}
      </Typography.Paragraph>
    </Modal>
  );
}
