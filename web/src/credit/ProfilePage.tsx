import { Card, Empty, Input } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getCreditProfile } from '../api/credit';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { ProfileView } from './ProfileView';

/** 信用档案 of a legal person (统一社会信用代码) or a person (身份证号): every look is audited. */
export default function ProfilePage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const [text, setText] = useState(code);
  const profile = useQuery(
    useCallback(
      (signal: AbortSignal) => (code ? getCreditProfile(code, signal) : Promise.resolve(null)),
      [code],
    ),
  );
  return (
    <Page title={t('credit.profile.title')}>
      <Card size="small">
        <Input.Search
          allowClear
          enterButton
          style={{ maxWidth: 420 }}
          placeholder={t('credit.profile.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => setParams(v.trim() ? { code: v.trim() } : {})}
          data-testid="credit-profile-search"
        />
      </Card>
      {!code ? (
        <Empty description={t('credit.profile.hint')} />
      ) : profile.error ? (
        <ErrorAlert error={profile.error} />
      ) : !profile.data ? (
        <Loading />
      ) : (
        <ProfileView profile={profile.data} />
      )}
    </Page>
  );
}
