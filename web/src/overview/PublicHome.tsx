import {
  AppstoreOutlined,
  BankOutlined,
  GlobalOutlined,
  ProfileOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { Card, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { OverviewHome } from '../api/overview';
import { useTerms } from '../catalog/vocabulary';
import { useT } from '../i18n/context';
import { Figures, PlainList, Section } from './parts';

/** 窗口人员: what the published catalog offers, until service cases arrive. */
export function StaffHome({ home }: { home: NonNullable<OverviewHome['staff']> }) {
  const t = useT();
  const { label } = useTerms();
  return (
    <Section title={t('home.staff.title')} testId="home-staff">
      <Figures
        figures={[
          {
            key: 'published',
            title: t('home.staff.resources'),
            value: home.publishedResources,
            icon: <ProfileOutlined />,
            to: '/catalog',
          },
          {
            key: 'providers',
            title: t('home.staff.departments'),
            value: home.providingDepartments,
            icon: <BankOutlined />,
          },
          ...home.bySharingType.map((s) => ({
            key: `sharing-${s.value}`,
            title: label('sharingTypes', s.value),
            value: s.count,
            to: '/sharing/catalog',
          })),
        ]}
      />
      <Typography.Text type="secondary">{t('home.staff.hint')}</Typography.Text>
      <Flex gap="middle" wrap>
        <Link to="/catalog">
          <ProfileOutlined /> {t('home.staff.catalog')}
        </Link>
        <Link to="/sharing/catalog">
          <AppstoreOutlined /> {t('home.consumer.browse')}
        </Link>
      </Flex>
    </Section>
  );
}

/** 公众用户: an honest page — what the platform does today, and what is being built for the public. */
export function CitizenHome({ home }: { home: NonNullable<OverviewHome['citizen']> }) {
  const t = useT();
  const coming = [
    { key: 'services', icon: <SolutionOutlined />, label: t('nav.services') },
    { key: 'opendata', icon: <GlobalOutlined />, label: t('nav.opendata') },
  ];
  return (
    <Section title={t('home.citizen.title')} testId="home-citizen">
      <Card size="small">
        <Flex vertical gap="small">
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('home.citizen.body', { departments: home.departments })}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            {t('home.citizen.area', {
              districts: home.regions.district,
              towns: home.regions.town,
              villages: home.regions.village.toLocaleString(),
            })}
          </Typography.Text>
          <PlainList
            items={coming}
            rowKey={(c) => c.key}
            renderItem={(c) => (
              <Flex gap="small" align="center">
                {c.icon}
                <span>{c.label}</span>
                <Tag>{t('home.citizen.coming')}</Tag>
              </Flex>
            )}
          />
        </Flex>
      </Card>
    </Section>
  );
}
