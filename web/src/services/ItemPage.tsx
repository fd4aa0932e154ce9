import { CheckCircleTwoTone, FileTextOutlined, SafetyCertificateTwoTone } from '@ant-design/icons';
import { Card, Collapse, Descriptions, Flex, List, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getServiceItem, listServiceItemVersions, type ServiceMaterial } from '../api/services';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useDocumentTitle } from '../shared/useDocumentTitle';
import { useQuery } from '../shared/useQuery';
import { CHANNEL_LABEL, DEPTH_LABEL, FORM_LABEL, sourceText, useL } from './text';

function SourceIcon({ m }: { m: ServiceMaterial }) {
  if (m.source === 'shared') return <CheckCircleTwoTone twoToneColor="#52c41a" />;
  if (m.source === 'license') return <SafetyCertificateTwoTone twoToneColor="#1f5fbf" />;
  return <FileTextOutlined />;
}

/** 办事指南: one published item, its materials and where each comes from, its steps and its published history. */
export default function ItemPage() {
  const L = useL();
  const { id = '' } = useParams();
  const item = useQuery(useCallback((signal: AbortSignal) => getServiceItem(id, signal), [id]));
  const versions = useQuery(useCallback((signal: AbortSignal) => listServiceItemVersions(id, signal), [id]));
  useDocumentTitle(item.data?.name ?? L('办事指南', 'Service guide'));
  const d = item.data;

  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Link to="/public/services">← {L('政务服务事项', 'Government services')}</Link>
        <LanguageSwitch />
      </Flex>
      {item.error ? <ErrorAlert error={item.error} /> : null}
      {!d && item.loading ? <Loading /> : null}
      {d ? (
        <>
          <Typography.Title level={3} data-testid="service-item-name">
            {d.name}
          </Typography.Title>
          <Space wrap size={[4, 4]}>
            <Tag color="blue">{d.kindName}</Tag>
            <Tag>{d.departmentName}</Tag>
            {d.channels.map((c) => (
              <Tag key={c}>{L(...(CHANNEL_LABEL[c] ?? [c, c]))}</Tag>
            ))}
          </Space>
          <Card size="small" style={{ marginTop: 16 }} title={L('基本信息', 'Basics')}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={L('实施编码', 'Code')}>{d.code}</Descriptions.Item>
              <Descriptions.Item label={L('基本编码', 'Basic code')}>{d.basicCode}</Descriptions.Item>
              <Descriptions.Item label={L('实施主体', 'Department')}>{d.departmentName}</Descriptions.Item>
              <Descriptions.Item label={L('法定办结时限', 'Legal time limit')}>
                {L(`${d.legalDays} 个工作日`, `${d.legalDays} working days`)}
              </Descriptions.Item>
              <Descriptions.Item label={L('承诺办结时限', 'Promised time limit')}>
                {d.promisedDays === 0
                  ? L('即办', 'Same day')
                  : L(`${d.promisedDays} 个工作日`, `${d.promisedDays} working days`)}
              </Descriptions.Item>
              <Descriptions.Item label={L('到现场次数', 'Visits')}>{d.visits}</Descriptions.Item>
              <Descriptions.Item label={L('网办深度', 'Online depth')}>
                {DEPTH_LABEL[d.depth]}
              </Descriptions.Item>
              <Descriptions.Item label={L('收费', 'Fee')}>
                {d.fee.charged
                  ? L(`${d.fee.amount} 元（${d.fee.basis}）`, `${d.fee.amount} yuan (${d.fee.basis})`)
                  : L('不收费', 'Free')}
              </Descriptions.Item>
              {d.resultLicense ? (
                <Descriptions.Item label={L('办理结果', 'Result')}>
                  {d.resultLicense.name}
                  {L('（同步生成电子证照）', ' (issued as an e-license)')}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Card size="small" style={{ marginTop: 16 }} title={L('申请材料', 'Materials')}>
            <List
              dataSource={d.materials}
              data-testid="service-item-materials"
              renderItem={(m) => (
                <List.Item>
                  <List.Item.Meta
                    avatar={<SourceIcon m={m} />}
                    title={
                      <Space wrap size={4}>
                        <span>{m.name}</span>
                        {m.required ? (
                          <Tag color="red">{L('必要', 'Required')}</Tag>
                        ) : (
                          <Tag>{L('非必要', 'Optional')}</Tag>
                        )}
                        <Tag>{L(...(FORM_LABEL[m.form] ?? [m.form, m.form]))}</Tag>
                      </Space>
                    }
                    description={
                      <Typography.Text
                        type={m.source === 'applicant' ? 'secondary' : 'success'}
                        data-testid="material-source"
                      >
                        {sourceText(m, L)}
                      </Typography.Text>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" style={{ marginTop: 16 }} title={L('办理流程', 'Steps')}>
            <Steps
              direction="vertical"
              size="small"
              current={-1}
              items={d.steps.map((s) => ({ title: s.name, description: s.description ?? undefined }))}
            />
          </Card>
          <Collapse
            style={{ marginTop: 16 }}
            items={[
              ...(d.conditions
                ? [
                    {
                      key: 'c',
                      label: L('受理条件', 'Conditions'),
                      children: <Typography.Paragraph>{d.conditions}</Typography.Paragraph>,
                    },
                  ]
                : []),
              {
                key: 'b',
                label: L('设定依据', 'Legal basis'),
                children: <Typography.Paragraph>{d.legalBasis}</Typography.Paragraph>,
              },
              {
                key: 'v',
                label: L('版本记录', 'Versions'),
                children: versions.data ? (
                  <Timeline
                    items={versions.data.map((v) => ({
                      children: (
                        <span>
                          {L(`第 ${v.version} 版`, `Version ${v.version}`)} ·{' '}
                          {v.publishedAt ? formatDateTime(v.publishedAt) : L('草稿', 'Draft')}
                          {v.changes.length ? ` · ${L('变更', 'changed')}: ${v.changes.join(', ')}` : ''}
                        </span>
                      ),
                    }))}
                  />
                ) : null,
              },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
