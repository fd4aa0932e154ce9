import { Card, Empty, Flex, Input, List, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { standardizeAddress, type AddressCandidate, type StandardizeResult } from '../api/geo';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { GeoMap } from './GeoMap';
import { LEVEL_LABEL, STATUS_COLOR, STATUS_LABEL } from './levels';

const EXAMPLES = [
  '连云港海州区新浦街道解放中路12号3栋2单元501',
  '海州區新浦街道解放中路十二號三幢二單元五零一室',
  '解放中路３号',
];

function CandidateCard({ candidate, best }: { candidate: AddressCandidate; best: boolean }) {
  const t = useT();
  return (
    <Card size="small" data-testid="geo-candidate">
      <Flex vertical gap="small">
        <Flex justify="space-between" align="center" wrap gap="small">
          <Space wrap>
            {best && <Tag color="gold">{t('geo.search.best')}</Tag>}
            <Typography.Text strong>{candidate.address}</Typography.Text>
            <Tag>{t(LEVEL_LABEL[candidate.level])}</Tag>
          </Space>
          <Space>
            <Typography.Text type="secondary">{t('geo.search.score')}</Typography.Text>
            <Progress
              percent={Math.round(candidate.score * 100)}
              size="small"
              style={{ width: 140 }}
              status={candidate.score === 1 ? 'success' : 'normal'}
              format={(percent) => `${percent ?? 0}%`}
            />
          </Space>
        </Flex>
        <Typography.Text type="secondary" copyable={{ text: candidate.code }}>
          {t('geo.search.code')}: {candidate.code}
        </Typography.Text>
        <Table
          size="small"
          pagination={false}
          rowKey="level"
          scroll={{ x: true }}
          dataSource={candidate.components}
          columns={[
            {
              title: t('geo.search.component'),
              dataIndex: 'level',
              render: (l: AddressCandidate['level']) => t(LEVEL_LABEL[l]),
            },
            { title: t('geo.search.value'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
            {
              title: t('geo.search.status'),
              dataIndex: 'status',
              render: (s: keyof typeof STATUS_LABEL) => (
                <Tag color={STATUS_COLOR[s]}>{t(STATUS_LABEL[s])}</Tag>
              ),
            },
            { title: t('geo.search.code'), dataIndex: 'code', render: (c: string | null) => c ?? '—' },
          ]}
        />
      </Flex>
    </Card>
  );
}

/** 地址标准化: free text in, the standard addresses that fit it best, each part marked as matched or not. */
export default function AddressSearchPage() {
  const t = useT();
  const [text, setText] = useState('');
  const [result, setResult] = useState<StandardizeResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const search = async (value: string) => {
    const query = value.trim();
    if (!query) return;
    setLoading(true);
    setError(null);
    try {
      setResult(await standardizeAddress(query, 5));
    } catch (e) {
      setError(e);
      setResult(null);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Page title={t('geo.search.title')}>
      <Typography.Paragraph type="secondary">{t('geo.search.hint')}</Typography.Paragraph>
      <Input.Search
        data-testid="geo-search-input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => void search(v)}
        enterButton={t('geo.search.submit')}
        placeholder={EXAMPLES[0]}
        maxLength={200}
        loading={loading}
        allowClear
      />
      <Space wrap>
        <Typography.Text type="secondary">{t('geo.search.examples')}</Typography.Text>
        {EXAMPLES.map((example) => (
          <Typography.Link
            key={example}
            onClick={() => {
              setText(example);
              void search(example);
            }}
          >
            {example}
          </Typography.Link>
        ))}
      </Space>
      <ErrorAlert error={error} />
      {result && (
        <Flex vertical gap="middle">
          <Typography.Text>
            {t('geo.search.normalized')}: <Typography.Text code>{result.normalized}</Typography.Text>
          </Typography.Text>
          {result.candidates.length === 0 ? (
            <Empty description={t('geo.search.none')} />
          ) : (
            <>
              <List
                dataSource={result.candidates}
                renderItem={(c, i) => (
                  <List.Item key={c.code} style={{ display: 'block' }}>
                    <CandidateCard candidate={c} best={i === 0} />
                  </List.Item>
                )}
              />
              <Card size="small" title={t('geo.search.map')}>
                <GeoMap
                  height={300}
                  points={result.candidates.map((c, i) => ({
                    id: c.code,
                    name: c.address,
                    lon: c.location.lon,
                    lat: c.location.lat,
                    highlighted: i === 0,
                  }))}
                />
              </Card>
            </>
          )}
        </Flex>
      )}
    </Page>
  );
}
