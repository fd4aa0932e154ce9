import { App, Button, Popconfirm } from 'antd';
import { revokeApiKey, type ApiKey } from '../../api/apiKeys';
import { useT } from '../../i18n/context';
import { useErrorMessage } from '../../shared/errors';

export function RevokeButton({ apiKey, onRevoked }: { apiKey: ApiKey; onRevoked: () => void }) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();

  const revoke = async () => {
    try {
      await revokeApiKey(apiKey.id);
      void message.success(t('apiKeys.revoked', { name: apiKey.name }));
      onRevoked();
    } catch (error) {
      void message.error(describe(error));
    }
  };

  return (
    <Popconfirm
      title={t('apiKeys.revokeConfirm', { name: apiKey.name })}
      okButtonProps={{ danger: true }}
      onConfirm={revoke}
    >
      <Button type="link" size="small" danger disabled={apiKey.revokedAt !== null}>
        {t('apiKeys.revoke')}
      </Button>
    </Popconfirm>
  );
}
