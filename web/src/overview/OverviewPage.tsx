import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Typography } from 'antd';
import { fetchOverviewHome } from '../api/overview';
import { useMe } from '../auth/context';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { AuditorHome } from './AuditorHome';
import { ConsumerHome } from './ConsumerHome';
import { OperatorHome } from './OperatorHome';
import { CitizenHome, StaffHome } from './PublicHome';
import { StewardHome } from './StewardHome';

/** 首页: a section of its own work for each role the user holds, from GET /api/overview/home. */
export default function OverviewPage() {
  const t = useT();
  const me = useMe();
  const { data, error, loading, reload } = useQuery(fetchOverviewHome);
  const empty = data && Object.values(data).every((section) => section === undefined);

  return (
    <Page
      title={t('overview.title')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading && data !== undefined}>
          {t('home.refresh')}
        </Button>
      }
    >
      <Typography.Text type="secondary" data-testid="home-greeting">
        {t('home.greeting', { name: me.displayName })}
      </Typography.Text>
      <ErrorAlert error={error} />
      {!data && !error && <Card loading />}
      {data?.operator && <OperatorHome home={data.operator} />}
      {data?.steward && <StewardHome home={data.steward} />}
      {data?.consumer && <ConsumerHome home={data.consumer} />}
      {data?.auditor && <AuditorHome home={data.auditor} />}
      {data?.staff && <StaffHome home={data.staff} />}
      {data?.citizen && <CitizenHome home={data.citizen} />}
      {empty && <Empty description={t('home.noRole')} />}
    </Page>
  );
}
