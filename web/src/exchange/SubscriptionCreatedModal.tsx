import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Typography } from 'antd';
import { useT } from '../i18n/context';
import { PullExample } from './PullExample';
import type { SubscriptionCreated } from '../api/exchange';

/**
 * A new subscription: a webhook's signing secret, the only time it is ever shown (the modal closes only by
 * confirming it was stored), or how a pull subscriber calls the API.
 */
export function SubscriptionCreatedModal({
  created,
  onClose,
}: {
  created: SubscriptionCreated;
  onClose: () => void;
}) {
  const t = useT();
  const { subscription, secret } = created;
  return (
    <Modal
      open
      width={680}
      title={t('exchange.subscription.createdTitle', { resource: subscription.resourceName })}
      closable={!secret}
      keyboard={!secret}
      mask={{ closable: false }}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="subscription-created-done">
          {secret ? t('exchange.subscription.secretDone') : t('exchange.subscription.done')}
        </Button>
      }
    >
      {secret ? (
        <Flex vertical gap="middle">
          <Alert type="warning" showIcon title={t('exchange.subscription.secretWarning')} />
          <Typography.Paragraph
            code
            copyable={{
              text: secret,
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
            style={{ wordBreak: 'break-all', marginBottom: 0 }}
            data-testid="subscription-secret"
          >
            {secret}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('exchange.subscription.secretHint')}</Typography.Text>
        </Flex>
      ) : (
        <PullExample subscriptionId={subscription.id} />
      )}
    </Modal>
  );
}
