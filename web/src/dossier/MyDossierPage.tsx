import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getMyDossier, listMyDataUses, type DataUse, type MySubject } from '../api/dossier';
import { ScoreCard } from '../credit/ProfileView';
import { useI18n, useT } from '../i18n/context';
import { GoldenCard, LinkedCard } from '../registries/GoldenCards';
import { actionLabel } from '../shared/actionLabels';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { useCursorQuery } from '../shared/useCursorQuery';
import { useQuery } from '../shared/useQuery';
import { LicenseTable } from './LicenseTable';

const TABS = ['info', 'licenses', 'credit', 'uses'] as const;
type TabKey = (typeof TABS)[number];
const isTab = (value: string | null): value is TabKey => (TABS as readonly string[]).includes(value ?? '');
const USES_PAGE = 20;
const NO_FILTERS = {};

/**
 * 我的档案: what the city holds about the subjects the account speaks for (its own 身份证号), in clear — the
 * registry's record, e-licenses and credit — and 谁用了我的数据, every department's use of it.
 */
export default function MyDossierPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = isTab(params.get('tab')) ? (params.get('tab') as TabKey) : 'info';
  const mine = useQuery(getMyDossier);
  const title = t('dossier.my.title');
  if (mine.error)
    return (
      <Page title={title}>
        <ErrorAlert error={mine.error} />
      </Page>
    );
  if (!mine.data)
    return (
      <Page title={title}>
        <Loading />
      </Page>
    );
  const { subjects } = mine.data;
  if (subjects.length === 0)
    return (
      <Page title={title}>
        <Empty description={t('dossier.my.none')} data-testid="my-dossier-none" />
      </Page>
    );

  const perSubject = (render: (s: MySubject) => ReactNode) => (
    <Flex vertical gap="middle">
      {subjects.map((s) => (
        <Flex vertical gap="middle" key={s.code}>
          {subjects.length > 1 && <Typography.Title level={5}>{s.name}</Typography.Title>}
          {render(s)}
        </Flex>
      ))}
    </Flex>
  );

  return (
    <Page title={title}>
      <Alert type="info" showIcon title={t('dossier.my.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          {
            key: 'info',
            label: <span data-testid="my-dossier-tab-info">{t('dossier.my.tabInfo')}</span>,
            children: perSubject((s) => <SubjectInfo subject={s} />),
          },
          {
            key: 'licenses',
            label: <span data-testid="my-dossier-tab-licenses">{t('dossier.my.tabLicenses')}</span>,
            children: perSubject((s) => (
              <Card title={t('dossier.licenses')}>
                <LicenseTable licenses={s.licenses} testId="my-dossier-licenses" />
              </Card>
            )),
          },
          {
            key: 'credit',
            label: <span data-testid="my-dossier-tab-credit">{t('dossier.my.tabCredit')}</span>,
            children: (
              <Flex vertical gap="middle">
                {perSubject((s) => (
                  <ScoreCard score={s.credit.score} />
                ))}
                <Link to="/credit/me" data-testid="my-dossier-credit-link">
                  {t('dossier.my.toCredit')}
                </Link>
              </Flex>
            ),
          },
          {
            key: 'uses',
            label: <span data-testid="my-dossier-tab-uses">{t('dossier.my.tabUses')}</span>,
            children: <DataUses />,
          },
        ]}
      />
    </Page>
  );
}

/** The subject as the account is bound to it, and its golden record (when a registry holds it yet). */
function SubjectInfo({ subject: s }: { subject: MySubject }) {
  const t = useT();
  const person = s.kind === 'person';
  return (
    <>
      <Card size="small" data-testid="my-dossier-subject">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: 'name',
              label: t('dossier.my.name'),
              children: <span data-testid="my-dossier-name">{s.name}</span>,
            },
            {
              key: 'code',
              label: t(person ? 'dossier.my.codePerson' : 'dossier.my.codeLegalPerson'),
              children: (
                <code data-testid="my-dossier-code" style={{ wordBreak: 'break-all' }}>
                  {s.code}
                </code>
              ),
            },
            {
              key: 'kind',
              label: t('dossier.my.kind'),
              children: t(person ? 'dossier.my.kindPerson' : 'dossier.my.kindLegalPerson'),
            },
          ]}
        />
      </Card>
      {s.registry ? (
        <>
          <GoldenCard detail={s.registry} title={t('dossier.golden')} links={false} testId="dossier-golden" />
          <LinkedCard
            segment={person ? 'population' : 'legal-person'}
            sources={s.registry.sources}
            title={t('dossier.sources', { count: s.registry.sources.length })}
          />
        </>
      ) : (
        <Card>
          <Empty description={t('dossier.my.noRecord')} data-testid="my-dossier-no-record" />
        </Card>
      )}
    </>
  );
}

/** 谁用了我的数据: every department's use of the account's subjects, newest first, keyset-paged. */
function DataUses() {
  const { t, language } = useI18n();
  const list = useCursorQuery(listMyDataUses, NO_FILTERS, USES_PAGE);
  const columns: TableColumnsType<DataUse> = [
    { title: t('dossier.uses.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at) },
    {
      title: t('dossier.uses.department'),
      key: 'department',
      render: (_, u) => (
        <span data-testid="my-dossier-use-department">
          {u.actorKind === 'system' ? t('dossier.uses.platform') : (u.departmentName ?? EMPTY)}
        </span>
      ),
    },
    {
      title: t('dossier.uses.action'),
      dataIndex: 'action',
      render: (action: string) => (
        <Tooltip title={action}>
          <span data-testid="my-dossier-use-action">{actionLabel(action, language)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('dossier.uses.object'),
      dataIndex: 'objectName',
      render: (name: string | null) => name ?? EMPTY,
    },
    {
      title: t('dossier.uses.outcome'),
      dataIndex: 'outcome',
      render: (outcome: string) =>
        outcome === 'success' ? (
          <Tag color="success">{t('dossier.uses.success')}</Tag>
        ) : outcome === 'denied' ? (
          <Tag color="error">{t('dossier.uses.denied')}</Tag>
        ) : (
          <Tag>{outcome}</Tag>
        ),
    },
  ];
  return (
    <Flex vertical gap="middle">
      <Alert type="info" showIcon title={t('dossier.uses.intro')} />
      <ErrorAlert error={list.error} />
      <Card>
        <Flex vertical gap="middle">
          <Table<DataUse>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('dossier.uses.none')} /> }}
            data-testid="my-dossier-uses"
          />
          <Flex justify="space-between" align="center" wrap gap="small">
            <Typography.Text type="secondary">
              {list.hasMore
                ? t('dossier.uses.more')
                : list.page > 1 || list.items.length > 0
                  ? t('dossier.uses.end')
                  : ''}
            </Typography.Text>
            <Space>
              <Button
                icon={<LeftOutlined />}
                disabled={list.page === 1 || list.loading}
                onClick={list.previous}
                data-testid="my-dossier-uses-newer"
              >
                {t('dossier.uses.newer')}
              </Button>
              <Button
                disabled={!list.hasMore || list.loading}
                onClick={list.next}
                data-testid="my-dossier-uses-older"
              >
                {t('dossier.uses.older')} <RightOutlined />
              </Button>
            </Space>
          </Flex>
        </Flex>
      </Card>
    </Flex>
  );
}
