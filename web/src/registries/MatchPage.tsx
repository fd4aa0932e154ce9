import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/context';
import { useErrorMessage } from '../shared/errors';
import { EMPTY } from '../shared/format';
import { Page } from '../shared/Page';
import { NotFound } from '../shared/StatusPages';
import { matchRecords, type MatchCandidate, type Segment } from './api';
import { DecisionTag, percent } from './labels';
import { recordPath, useOverview, useRegistryName, useSegment } from './useRegistry';
import { WhyBars } from './Why';

/** The fields the match API takes, per registry (its input schema). */
const FIELDS: Record<Segment, readonly string[]> = {
  population: ['姓名', '身份证号', '出生日期', '性别', '住址', '手机号码'],
  'legal-person': ['统一社会信用代码', '组织机构代码', '名称'],
};

export default function MatchPage() {
  const segment = useSegment();
  return segment ? <Match segment={segment} key={segment} /> : <NotFound />;
}

/** 比对查询: who (or which organization) a set of fields may be, best first, with the decision and its evidence. */
function Match({ segment }: { segment: Segment }) {
  const t = useT();
  const name = useRegistryName();
  const overview = useOverview(segment);
  const describe = useErrorMessage();
  const [form] = Form.useForm<Record<string, string | undefined>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<MatchCandidate[] | null>(null);
  const submit = async (values: Record<string, string | undefined>) => {
    const fields = Object.fromEntries(
      Object.entries(values)
        .map(([k, v]) => [k, (v ?? '').trim()] as const)
        .filter(([, v]) => v !== ''),
    );
    setBusy(true);
    setError(null);
    try {
      setFound(await matchRecords(segment, fields));
    } catch (failure) {
      setFound(null);
      setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page
      title={`${name(overview.data, segment)} · ${t('registries.match.title')}`}
      extra={<Link to="/registries">{t('registries.back')}</Link>}
    >
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t(segment === 'population' ? 'registries.match.introPerson' : 'registries.match.introOrganization')}
      </Typography.Paragraph>
      <Card>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Row gutter={16}>
            {FIELDS[segment].map((field) => (
              <Col key={field} xs={24} md={12} xl={8}>
                <Form.Item name={field} label={field}>
                  {field === '性别' ? (
                    <Select
                      allowClear
                      options={[
                        { value: '1', label: t('registries.match.male') },
                        { value: '2', label: t('registries.match.female') },
                      ]}
                      data-testid="registry-match-性别"
                    />
                  ) : (
                    <Input
                      allowClear
                      placeholder={field === '出生日期' ? 'YYYY-MM-DD' : undefined}
                      data-testid={`registry-match-${field}`}
                    />
                  )}
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="registry-match-submit">
              {t('registries.match.submit')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFound(null);
                setError(null);
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} data-testid="registry-match-error" />}
      {found && found.length === 0 && <Empty description={t('registries.match.none')} />}
      {found?.map((c) => (
        <Card
          key={c.id}
          size="small"
          data-testid="registry-match-candidate"
          title={
            <Space wrap>
              <DecisionTag decision={c.decision} />
              <Link to={recordPath(segment, c.id)} data-testid="registry-match-record">
                <code>{c.id}</code> {c.record.name}
              </Link>
              <Typography.Text type="secondary">
                {t('registries.match.score', { score: percent(c.score) })}
              </Typography.Text>
            </Space>
          }
        >
          <Row gutter={[24, 16]}>
            <Col xs={24} xl={12}>
              <Descriptions size="small" column={1} bordered>
                {Object.entries(c.record.fields).map(([f, v]) => (
                  <Descriptions.Item key={f} label={f}>
                    {v ?? EMPTY}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </Col>
            <Col xs={24} xl={12}>
              <Flex vertical>
                <Typography.Title level={5}>{t('registries.why.title')}</Typography.Title>
                <WhyBars why={c.why} segment={segment} />
              </Flex>
            </Col>
          </Row>
        </Card>
      ))}
    </Page>
  );
}
