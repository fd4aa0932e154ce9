import { Card, Empty, Flex, Input, List, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  getCreditPublicProfile,
  searchCreditPublic,
  type PublicCreditProfile,
  type PublicCreditRecord,
} from '../api/credit';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDate } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useDocumentTitle } from '../shared/useDocumentTitle';
import { useQuery } from '../shared/useQuery';
import { CATEGORY_LABEL, LICENSE_CATEGORY_LABEL, LIST_KIND_LABEL, PENALTY_KIND_LABEL } from './labels';

/**
 * 信用查询: the public page, without signing in. A company by a part of its name or its credit code, a person
 * only by the exact 身份证号 (shown masked); only records in their publicity period, only public fields.
 */
export default function PublicSearchPage() {
  const t = useT();
  useDocumentTitle(t('credit.public.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const code = params.get('code') ?? '';
  const results = useQuery(
    useCallback(
      (signal: AbortSignal) => (q.length >= 2 ? searchCreditPublic(q, signal) : Promise.resolve(null)),
      [q],
    ),
  );
  const profile = useQuery(
    useCallback(
      (signal: AbortSignal) => (code ? getCreditPublicProfile(code, signal) : Promise.resolve(null)),
      [code],
    ),
  );

  return (
    <div style={{ maxWidth: 1100, margin: '0 auto', padding: 16 }}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('credit.public.title')}
        </Typography.Title>
        <LanguageSwitch />
      </Flex>
      <Typography.Paragraph type="secondary">{t('credit.public.intro')}</Typography.Paragraph>
      <Input.Search
        enterButton
        size="large"
        defaultValue={q}
        placeholder={t('credit.public.placeholder')}
        onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {})}
        data-testid="credit-public-search"
      />
      <div style={{ marginTop: 16 }}>
        {results.error ? <ErrorAlert error={results.error} /> : null}
        {results.data ? (
          results.data.items.length ? (
            <List
              bordered
              data-testid="credit-public-results"
              dataSource={results.data.items}
              renderItem={(s, i) => (
                <List.Item
                  actions={[
                    <Typography.Link
                      key="open"
                      data-testid="credit-public-open"
                      onClick={() => setParams({ q, code: s.subjectCode.includes('*') ? q : s.subjectCode })}
                    >
                      {t('credit.public.open')}
                    </Typography.Link>,
                  ]}
                  data-index={i}
                >
                  <List.Item.Meta
                    title={s.subjectName}
                    description={
                      <>
                        <code>{s.subjectCode}</code> · {t(CATEGORY_LABEL[s.subjectCategory])}
                      </>
                    }
                  />
                  <Flex gap="small" wrap>
                    <Tag color={s.penalties ? 'orange' : 'default'}>
                      {t('credit.public.penalties', { n: s.penalties })}
                    </Tag>
                    <Tag color="blue">{t('credit.public.licenses', { n: s.licenses })}</Tag>
                    {s.redLists ? <Tag color="red">{t('credit.listKind.red')}</Tag> : null}
                    {s.blackLists ? <Tag color="black">{t('credit.listKind.black')}</Tag> : null}
                  </Flex>
                </List.Item>
              )}
            />
          ) : (
            <Empty description={t('credit.public.none')} data-testid="credit-public-none" />
          )
        ) : null}
      </div>
      {code ? (
        <div style={{ marginTop: 16 }}>
          {profile.error ? (
            <ErrorAlert error={profile.error} />
          ) : !profile.data ? (
            <Loading />
          ) : (
            <PublicProfile profile={profile.data} />
          )}
        </div>
      ) : null}
    </div>
  );
}

function PublicProfile({ profile }: { profile: PublicCreditProfile }) {
  const t = useT();
  const penalties: TableColumnsType<PublicCreditRecord> = [
    { title: t('credit.penaltyDecisionNo'), dataIndex: 'decisionNo' },
    { title: t('credit.violationType'), dataIndex: 'violationType' },
    { title: t('credit.basis'), dataIndex: 'basis' },
    {
      title: t('credit.penaltyKinds'),
      dataIndex: 'penaltyKinds',
      render: (ks: PublicCreditRecord['penaltyKinds']) => ks.map((k) => t(PENALTY_KIND_LABEL[k])).join('、'),
    },
    {
      title: t('credit.fineAmount'),
      dataIndex: 'fineAmount',
      render: (v: number | null) => (v === null ? EMPTY : v),
    },
    { title: t('credit.authorityName'), dataIndex: 'authorityName' },
    { title: t('credit.decisionDate'), dataIndex: 'decisionDate', render: (d: string) => formatDate(d) },
    {
      title: t('credit.publicityUntil'),
      dataIndex: 'publicityUntil',
      render: (d: string | null) => formatDate(d),
    },
  ];
  const licenses: TableColumnsType<PublicCreditRecord> = [
    { title: t('credit.licenseDecisionNo'), dataIndex: 'decisionNo' },
    { title: t('credit.certificateName'), dataIndex: 'certificateName' },
    {
      title: t('credit.licenseCategory'),
      dataIndex: 'licenseCategory',
      render: (c: PublicCreditRecord['licenseCategory']) => (c ? t(LICENSE_CATEGORY_LABEL[c]) : EMPTY),
    },
    { title: t('credit.licenseContent'), dataIndex: 'licenseContent' },
    { title: t('credit.authorityName'), dataIndex: 'authorityName' },
    { title: t('credit.validFrom'), dataIndex: 'validFrom', render: (d: string | null) => formatDate(d) },
    {
      title: t('credit.validTo'),
      dataIndex: 'validTo',
      render: (d: string | null) => (d ? formatDate(d) : t('credit.list.noEnd')),
    },
  ];
  return (
    <Flex vertical gap="middle" data-testid="credit-public-profile">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {profile.subjectName} <code style={{ fontSize: 14 }}>{profile.subjectCode}</code>
      </Typography.Title>
      {profile.lists.length ? (
        <Card size="small" title={t('credit.profile.listEntries')}>
          <Flex vertical gap="small">
            {profile.lists.map((l, i) => (
              <div key={i}>
                <Tag color={l.listKind === 'red' ? 'red' : 'black'}>{t(LIST_KIND_LABEL[l.listKind])}</Tag>
                {l.listName} · {l.departmentName} · {formatDate(l.listedOn)} —{' '}
                {l.validUntil ? formatDate(l.validUntil) : t('credit.list.noEnd')}
              </div>
            ))}
          </Flex>
        </Card>
      ) : null}
      <Card size="small" title={t('credit.public.penaltiesTitle')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={penalties}
          dataSource={profile.penalties}
          data-testid="credit-public-penalties"
        />
      </Card>
      <Card size="small" title={t('credit.public.licensesTitle')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={licenses}
          dataSource={profile.licenses}
        />
      </Card>
    </Flex>
  );
}
