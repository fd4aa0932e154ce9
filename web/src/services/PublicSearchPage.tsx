import { Card, Empty, Flex, Input, List, Pagination, Select, Space, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getServiceVocabulary, searchServiceItems, type ServiceItemQuery } from '../api/services';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Loading } from '../shared/Loading';
import { useDocumentTitle } from '../shared/useDocumentTitle';
import { useQuery } from '../shared/useQuery';
import { useL } from './text';

const PAGE = 20;

/**
 * 政务服务事项查询: the public search of the published service items, without signing in. By name or code (Chinese
 * segmented, Traditional accepted) and kind; each hit says how much the applicant need not bring (免提交).
 */
export default function PublicSearchPage() {
  const L = useL();
  useDocumentTitle(L('政务服务事项', 'Government services'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = (params.get('kind') ?? undefined) as ServiceItemQuery['kind'];
  const department = params.get('department') ?? undefined;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const vocabulary = useQuery(useCallback((signal: AbortSignal) => getServiceVocabulary(signal), []));
  const results = useQuery(
    useCallback(
      (signal: AbortSignal) =>
        searchServiceItems(
          {
            ...(q ? { q } : {}),
            ...(kind ? { kind } : {}),
            ...(department ? { department } : {}),
            limit: PAGE,
            offset: (page - 1) * PAGE,
          },
          signal,
        ),
      [q, kind, department, page],
    ),
  );
  const set = (next: Record<string, string | undefined>) => {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ q, kind, department, ...next })) if (v) merged[k] = v;
    setParams(merged);
  };

  return (
    <div style={{ maxWidth: 1100, margin: '0 auto', padding: 16 }}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {L('政务服务事项', 'Government services')}
        </Typography.Title>
        <LanguageSwitch />
      </Flex>
      <Typography.Paragraph type="secondary">
        {L(
          '查询全市各部门公布的政务服务事项及办事指南。标注“免提交”的材料由政府部门通过数据共享或电子证照获取，无需您提交。',
          'Find the services the city’s departments publish and their guides. Materials marked “not needed” are obtained by data sharing or from e-licenses.',
        )}
      </Typography.Paragraph>
      <Flex gap="small" wrap>
        <Input.Search
          enterButton
          size="large"
          style={{ flex: '1 1 280px' }}
          defaultValue={q}
          placeholder={L('输入事项名称或实施编码，如：结婚登记', 'Name or code, e.g. 结婚登记')}
          onSearch={(v) => set({ q: v.trim() || undefined, page: undefined })}
          data-testid="services-search"
        />
        <Select
          allowClear
          size="large"
          style={{ minWidth: 160 }}
          placeholder={L('事项类型', 'Kind')}
          value={kind}
          options={vocabulary.data?.kinds.map((k) => ({ value: k.value, label: L(k.zh, k.en) }))}
          onChange={(v?: string) => set({ kind: v, page: undefined })}
          data-testid="services-kind"
        />
      </Flex>
      <div style={{ marginTop: 16 }}>
        {results.error ? <ErrorAlert error={results.error} /> : null}
        {!results.data && results.loading ? <Loading /> : null}
        {results.data ? (
          results.data.items.length ? (
            <>
              <Typography.Text type="secondary">
                {L(`共 ${results.data.total} 项`, `${results.data.total} services`)}
              </Typography.Text>
              <List
                style={{ marginTop: 8 }}
                data-testid="services-results"
                dataSource={results.data.items}
                renderItem={(item) => {
                  const exempt = item.materials.filter((m) => m.source !== 'applicant').length;
                  return (
                    <List.Item key={item.id}>
                      <Card size="small" style={{ width: '100%' }}>
                        <Link to={`/public/services/${item.id}`} data-testid="services-open">
                          <Typography.Text strong style={{ fontSize: 16 }}>
                            {item.name}
                          </Typography.Text>
                        </Link>
                        <div style={{ marginTop: 4 }}>
                          <Space wrap size={[4, 4]}>
                            <Tag color="blue">{item.kindName}</Tag>
                            <Tag>{item.departmentName}</Tag>
                            {item.channels.includes('online') ? (
                              <Tag color="green">{L('可网办', 'Online')}</Tag>
                            ) : null}
                            <Tag>
                              {item.promisedDays === 0
                                ? L('即办', 'Same day')
                                : L(
                                    `承诺 ${item.promisedDays} 个工作日`,
                                    `${item.promisedDays} working days`,
                                  )}
                            </Tag>
                            <Tag>{L(`到现场 ${item.visits} 次`, `${item.visits} visit(s)`)}</Tag>
                            {exempt ? (
                              <Tag color="gold">
                                {L(
                                  `${exempt}/${item.materials.length} 项材料免提交`,
                                  `${exempt} of ${item.materials.length} materials not needed`,
                                )}
                              </Tag>
                            ) : null}
                          </Space>
                        </div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {L('实施编码', 'Code')} {item.code}
                        </Typography.Text>
                      </Card>
                    </List.Item>
                  );
                }}
              />
              <Pagination
                align="center"
                current={page}
                pageSize={PAGE}
                total={Math.min(results.data.total, 10_000)}
                showSizeChanger={false}
                onChange={(p) => set({ page: String(p) })}
              />
            </>
          ) : (
            <Empty description={L('没有找到相关事项', 'No service found')} />
          )
        ) : null}
      </div>
    </div>
  );
}
