import { Card, Col, Descriptions, Empty, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { CreditCase, CreditListEntry, CreditProfile, CreditRecord } from '../api/credit';
import { useT } from '../i18n/context';
import { EMPTY, formatDate } from '../shared/format';
import {
  CASE_KIND_LABEL,
  CATEGORY_LABEL,
  COMPONENT_LABEL,
  LEVEL_COLOR,
  LEVEL_LABEL,
  LIST_KIND_LABEL,
  LIST_STATUS_LABEL,
} from './labels';
import { RecordsTable } from './RecordsTable';
import { CaseStatusTag } from './Tags';

/** The score and the components it was computed from (src/modules/credit/score.ts): nothing typed in. */
export function ScoreCard({ score }: { score: CreditProfile['score'] }) {
  const t = useT();
  return (
    <Card size="small" title={t('credit.profile.score')} data-testid="credit-score">
      <Flex gap="large" wrap align="center">
        <Statistic title={t('credit.profile.scoreValue')} value={score.score} />
        <div>
          <Typography.Text type="secondary">{t('credit.profile.level')}</Typography.Text>
          <div>
            <Tag
              color={LEVEL_COLOR[score.level]}
              data-testid="credit-level"
              style={{ fontSize: 16, padding: '4px 10px' }}
            >
              {score.level} · {t(LEVEL_LABEL[score.level])}
            </Tag>
          </div>
        </div>
      </Flex>
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        style={{ marginTop: 12 }}
        dataSource={score.components}
        data-testid="credit-score-components"
        columns={[
          {
            title: t('credit.profile.component'),
            dataIndex: 'code',
            render: (c: string) => (COMPONENT_LABEL[c] ? t(COMPONENT_LABEL[c]) : c),
          },
          { title: t('credit.profile.count'), dataIndex: 'count' },
          {
            title: t('credit.profile.points'),
            dataIndex: 'points',
            render: (p: number) => (p > 0 ? `+${p}` : String(p)),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('credit.profile.formula')}
      </Typography.Paragraph>
    </Card>
  );
}

export function ListEntriesTable({
  entries,
  actions,
}: {
  entries: CreditListEntry[];
  actions?: (e: CreditListEntry) => ReactNode;
}) {
  const t = useT();
  return (
    <Table<CreditListEntry>
      rowKey="id"
      size="middle"
      dataSource={entries}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="credit-list-entries"
      columns={[
        {
          title: t('credit.list.kind'),
          dataIndex: 'listKind',
          render: (k: CreditListEntry['listKind']) => (
            <Tag
              color={k === 'red' ? 'red' : 'default'}
              style={k === 'black' ? { background: '#222', color: '#fff' } : {}}
            >
              {t(LIST_KIND_LABEL[k])}
            </Tag>
          ),
        },
        { title: t('credit.list.name'), dataIndex: 'listName' },
        { title: t('credit.subjectName'), dataIndex: 'subjectName' },
        { title: t('credit.subjectCode'), dataIndex: 'subjectCode', render: (c: string) => <code>{c}</code> },
        { title: t('credit.list.department'), dataIndex: 'departmentName' },
        { title: t('credit.list.basis'), dataIndex: 'basis' },
        { title: t('credit.list.listedOn'), dataIndex: 'listedOn', render: (d: string) => formatDate(d) },
        {
          title: t('credit.list.validUntil'),
          dataIndex: 'validUntil',
          render: (d: string | null) => (d ? formatDate(d) : t('credit.list.noEnd')),
        },
        {
          title: t('credit.list.status'),
          dataIndex: 'status',
          render: (s: CreditListEntry['status'], e) => (
            <span data-testid="credit-list-status">
              {t(LIST_STATUS_LABEL[s])}
              {e.removedOn
                ? `（${formatDate(e.removedOn)}${e.removalReason ? `：${e.removalReason}` : ''}）`
                : ''}
            </span>
          ),
        },
        ...(actions
          ? [
              {
                title: t('common.actions'),
                key: 'a',
                fixed: 'right' as const,
                render: (_: unknown, e: CreditListEntry) => actions(e),
              },
            ]
          : []),
      ]}
    />
  );
}

export function CasesTable({
  cases,
  actions,
}: {
  cases: CreditCase[];
  actions?: (c: CreditCase) => ReactNode;
}) {
  const t = useT();
  return (
    <Table<CreditCase>
      rowKey="id"
      size="middle"
      dataSource={cases}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="credit-cases"
      columns={[
        {
          title: t('credit.case.kind'),
          dataIndex: 'kind',
          render: (k: CreditCase['kind']) => t(CASE_KIND_LABEL[k]),
        },
        {
          title: t('credit.case.status'),
          key: 'status',
          render: (_: unknown, c) => <CaseStatusTag c={c} />,
        },
        {
          title: t('credit.case.due'),
          key: 'due',
          render: (_: unknown, c) =>
            c.status === 'submitted'
              ? `${t('credit.case.acceptBy')} ${formatDate(c.acceptDue)}`
              : c.status === 'accepted'
                ? `${t('credit.case.decideBy')} ${formatDate(c.decideDue)}`
                : `${t('credit.case.decidedOn')} ${formatDate(c.decidedOn)}`,
        },
        {
          title: t('credit.case.record'),
          key: 'record',
          width: 260,
          render: (_: unknown, c) => (
            <>
              <div>{c.record.subjectName}</div>
              <Typography.Text type="secondary">{c.record.decisionNo}</Typography.Text>
            </>
          ),
        },
        { title: t('credit.case.reason'), dataIndex: 'reason', width: 280 },
        {
          title: t('credit.case.filedOn'),
          dataIndex: 'filedOn',
          render: (d: string) => formatDate(d),
        },
        { title: t('credit.case.applicant'), dataIndex: 'applicantName', width: 180 },
        {
          title: t('credit.case.note'),
          dataIndex: 'decisionNote',
          width: 220,
          render: (n: string | null) => n ?? EMPTY,
        },
        ...(actions
          ? [
              {
                title: t('common.actions'),
                key: 'a',
                fixed: 'right' as const,
                render: (_: unknown, c: CreditCase) => actions(c),
              },
            ]
          : []),
      ]}
    />
  );
}

/** 信用档案: the subject, its computed score, its records, list entries and cases. */
export function ProfileView({
  profile,
  recordLinks = true,
  recordActions,
}: {
  profile: CreditProfile;
  recordLinks?: boolean;
  recordActions?: (r: CreditRecord) => ReactNode;
}) {
  const t = useT();
  const s = profile.subject;
  return (
    <Flex vertical gap="middle" data-testid="credit-profile">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('credit.profile.subject')}>
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'name',
                  label: t('credit.subjectName'),
                  children: <span data-testid="credit-profile-name">{s.name ?? EMPTY}</span>,
                },
                { key: 'code', label: t('credit.subjectCode'), children: <code>{s.code}</code> },
                {
                  key: 'category',
                  label: t('credit.subjectCategory'),
                  children: s.category ? t(CATEGORY_LABEL[s.category]) : EMPTY,
                },
                ...(s.kind === 'legal'
                  ? [
                      {
                        key: 'rep',
                        label: t('credit.legalRepresentative'),
                        children: s.legalRepresentative ?? EMPTY,
                      },
                    ]
                  : []),
              ]}
            />
            <Row gutter={[8, 8]} style={{ marginTop: 8 }}>
              <Col span={8}>
                <Statistic
                  title={t('credit.profile.penaltiesPublic')}
                  value={profile.counts.penaltiesPublic}
                  suffix={`/ ${profile.counts.penalties}`}
                />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('credit.profile.licensesInForce')}
                  value={profile.counts.licensesInForce}
                  suffix={`/ ${profile.counts.licenses}`}
                />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('credit.profile.lists')}
                  value={`${profile.counts.redInForce} / ${profile.counts.blackInForce}`}
                />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <ScoreCard score={profile.score} />
        </Col>
      </Row>
      <Card size="small" title={t('credit.profile.records')}>
        {profile.records.length ? (
          <RecordsTable
            records={profile.records}
            link={recordLinks}
            {...(recordActions ? { actions: recordActions } : {})}
          />
        ) : (
          <Empty description={t('credit.profile.noRecords')} />
        )}
      </Card>
      <Card size="small" title={t('credit.profile.listEntries')}>
        {profile.lists.length ? (
          <ListEntriesTable entries={profile.lists} />
        ) : (
          <Empty description={t('credit.profile.noLists')} />
        )}
      </Card>
      <Card size="small" title={t('credit.profile.cases')}>
        {profile.cases.length ? (
          <CasesTable cases={profile.cases} />
        ) : (
          <Empty description={t('credit.profile.noCases')} />
        )}
      </Card>
    </Flex>
  );
}
