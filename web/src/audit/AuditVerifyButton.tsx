import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { verifyAuditChain } from '../api/audit';
import { useT } from '../i18n/context';
import { useErrorMessage } from '../shared/errors';
import { EMPTY } from '../shared/format';

/** Recomputes the audit hash chain on the server and reports the outcome. */
export function AuditVerifyButton() {
  const t = useT();
  const describe = useErrorMessage();
  const { modal, message } = App.useApp();
  const [verifying, setVerifying] = useState(false);

  const verify = async () => {
    setVerifying(true);
    try {
      const { ok, checked, checkpointId, firstBrokenId, brokenShard, brokenSeq, reason } =
        await verifyAuditChain();
      if (ok) {
        modal.success({
          title: t('audit.verifyOkTitle'),
          content: checkpointId
            ? t('audit.verifyOkFrom', { count: checked, checkpoint: checkpointId })
            : t('audit.verifyOk', { count: checked }),
        });
      } else {
        // A truncated chain has no entry to name: its shard and the first missing position say where.
        const at = brokenShard !== null && brokenShard >= 0 ? `${brokenShard}:${brokenSeq ?? EMPTY}` : EMPTY;
        modal.error({
          title: t('audit.verifyBrokenTitle'),
          content: t('audit.verifyBroken', {
            count: checked,
            id: firstBrokenId ?? at,
            reason: reason ?? EMPTY,
          }),
        });
      }
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <Button
      icon={<SafetyCertificateOutlined />}
      loading={verifying}
      onClick={() => void verify()}
      data-testid="audit-verify"
    >
      {t('audit.verify')}
    </Button>
  );
}
