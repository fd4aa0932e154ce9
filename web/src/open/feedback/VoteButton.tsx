import { LikeOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { voteOpenRequest, type OpenRequest } from '../../api/openFeedback';
import { useT } from '../../i18n/context';
import { useErrorMessage } from '../../shared/errors';
import { usePublicAccount } from './common';

/** +1: the count moves at once; sending it again is harmless (the server counts one per account). */
export function VoteButton({ request }: { request: OpenRequest }) {
  const t = useT();
  const describe = useErrorMessage();
  const { canSubmit } = usePublicAccount();
  const [votes, setVotes] = useState<{ votes: number; voted: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = votes?.votes ?? request.votes;
  if (!canSubmit) return <Typography.Text>{t('fb.request.votes', { n: shown })}</Typography.Text>;
  return (
    <Flex gap="small" align="center">
      <Button
        size="small"
        icon={<LikeOutlined aria-hidden />}
        disabled={votes?.voted}
        onClick={async () => {
          try {
            setVotes(await voteOpenRequest(request.id));
          } catch (failure) {
            setError(describe(failure));
          }
        }}
        data-testid="fb-vote"
      >
        {t('fb.request.voteButton', { n: shown })}
      </Button>
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
    </Flex>
  );
}
