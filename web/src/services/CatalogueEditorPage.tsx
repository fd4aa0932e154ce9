import {
  App,
  Button,
  Card,
  Col,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useState } from 'react';
import { listLicenseTypes } from '../api/licenses';
import {
  createServiceItem,
  getManagedServiceItem,
  getServiceVocabulary,
  listManagedServiceItems,
  listServiceItemVersions,
  publishServiceItem,
  updateServiceItem,
  type ManagedItemQuery,
  type ServiceItem,
  type ServiceItemInput,
} from '../api/services';
import { ScopedDepartmentSelect } from '../admin/DepartmentSelect';
import { useAccess } from '../auth/access';
import { ErrorAlert } from '../shared/ErrorAlert';
import { applyFieldErrors, useErrorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { CHANNEL_LABEL, sourceText, useL } from './text';

const PAGE = 20;

/** The form's values: the input, with the fee's amount and basis always present. */
type Values = ServiceItemInput;

function inputOf(item: ServiceItem): Values {
  return {
    name: item.name,
    code: item.code,
    kind: item.kind,
    departmentId: item.departmentId,
    legalBasis: item.legalBasis,
    conditions: item.conditions,
    legalDays: item.legalDays,
    promisedDays: item.promisedDays,
    channels: item.channels,
    visits: item.visits,
    depth: item.depth,
    fee: item.fee,
    steps: item.steps,
    resultLicenseTypeCode: item.resultLicense?.code ?? null,
    materials: item.materials.map((m) => ({
      name: m.name,
      required: m.required,
      form: m.form,
      description: m.description,
      source: m.source,
      registry: m.registry,
      resourceId: m.resourceId,
      fields: m.fields,
      licenseTypeCode: m.licenseTypeCode,
    })),
  };
}

/** Empty optional parts are sent as null (or left out), as the API takes them. */
function clean(v: Values): Values {
  const nul = <T,>(x: T | undefined | null | ''): T | null => (x === undefined || x === '' ? null : x);
  return {
    ...v,
    conditions: nul(v.conditions),
    resultLicenseTypeCode: nul(v.resultLicenseTypeCode),
    fee: v.fee.charged ? v.fee : { charged: false, amount: null, basis: null },
    steps: (v.steps ?? []).map((s) => ({ name: s.name, description: nul(s.description) })),
    materials: (v.materials ?? []).map((m) => ({
      name: m.name,
      required: m.required ?? true,
      form: m.form,
      description: nul(m.description),
      source: m.source,
      ...(m.source === 'shared'
        ? { registry: nul(m.registry), resourceId: nul(m.resourceId), fields: m.fields ?? [] }
        : {}),
      ...(m.source === 'license' ? { licenseTypeCode: nul(m.licenseTypeCode) } : {}),
    })),
  };
}

/**
 * 事项目录管理: a department's steward (or the operator) keeps its service items — drafts, edits of published items
 * as new versions, publishing — and reads each item's versions.
 */
export default function CatalogueEditorPage() {
  const L = useL();
  const { departmentScope } = useAccess();
  const { message } = App.useApp();
  const describe = useErrorMessage();
  // A steward starts with its own department's items (drafts first in mind); the operator with the whole city.
  const [query, setQuery] = useState<ManagedItemQuery>(() => ({
    limit: PAGE,
    offset: 0,
    ...(departmentScope !== 'all' && departmentScope.length === 1
      ? { department: departmentScope[0]!.id }
      : {}),
  }));
  const mayEdit = (departmentId: string) =>
    departmentScope === 'all' || departmentScope.some((d) => d.id === departmentId);
  const [editing, setEditing] = useState<{
    id: string | null;
    values: Partial<Values>;
    known: { id: string; name: string }[];
  } | null>(null);
  const [history, setHistory] = useState<ServiceItem | null>(null);
  const items = useQuery(
    useCallback((signal: AbortSignal) => listManagedServiceItems(query, signal), [query]),
  );
  const vocabulary = useQuery(useCallback((signal: AbortSignal) => getServiceVocabulary(signal), []));
  const licenseTypes = useQuery(useCallback((signal: AbortSignal) => listLicenseTypes(signal), []));
  const versions = useQuery(
    useCallback(
      (signal: AbortSignal) =>
        history ? listServiceItemVersions(history.id, signal) : Promise.resolve(null),
      [history],
    ),
  );

  const open = async (item: ServiceItem | null) => {
    if (!item) {
      const own = departmentScope === 'all' ? undefined : departmentScope[0]?.id;
      setEditing({
        id: null,
        known: departmentScope === 'all' ? [] : departmentScope,
        values: {
          departmentId: own,
          kind: '01',
          channels: ['window', 'online'],
          visits: 1,
          depth: 3,
          legalDays: 20,
          promisedDays: 5,
          fee: { charged: false, amount: null, basis: null },
          steps: [{ name: '申请' }, { name: '受理' }, { name: '审查' }, { name: '决定' }],
          materials: [{ name: '申请表', required: true, form: 'electronic', source: 'applicant' }],
        },
      });
      return;
    }
    try {
      setEditing({
        id: item.id,
        known: [{ id: item.departmentId, name: item.departmentName }],
        values: inputOf(await getManagedServiceItem(item.id)),
      });
    } catch (e) {
      void message.error(describe(e));
    }
  };

  const publish = (item: ServiceItem) =>
    Modal.confirm({
      title: L(`发布“${item.name}”？`, `Publish “${item.name}”?`),
      content: L('发布后公众即可查询到此版本。', 'The public will see this version.'),
      onOk: async () => {
        try {
          await publishServiceItem(item.id);
          void message.success(L('已发布', 'Published'));
          items.reload();
        } catch (e) {
          void message.error(describe(e));
        }
      },
    });

  const columns: TableColumnsType<ServiceItem> = [
    {
      title: L('事项名称', 'Name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.code}
          </Typography.Text>
        </Space>
      ),
    },
    { title: L('类型', 'Kind'), dataIndex: 'kindName', width: 110 },
    { title: L('实施主体', 'Department'), dataIndex: 'departmentName', width: 180, responsive: ['md'] },
    {
      title: L('材料（免提交）', 'Materials (not needed)'),
      width: 130,
      responsive: ['lg'],
      render: (_: unknown, r) =>
        `${r.materials.length}（${r.materials.filter((m) => m.source !== 'applicant').length}）`,
    },
    {
      title: L('状态', 'Status'),
      width: 140,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <Tag color={r.status === 'published' ? 'green' : 'orange'}>
            {r.status === 'published' ? L('已发布', 'Published') : L('草稿', 'Draft')}
          </Tag>
          <Typography.Text type="secondary">v{r.version}</Typography.Text>
        </Space>
      ),
    },
    {
      title: L('操作', 'Actions'),
      width: 180,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {mayEdit(r.departmentId) ? (
            <Button size="small" onClick={() => void open(r)} data-testid="service-item-edit">
              {L('编辑', 'Edit')}
            </Button>
          ) : null}
          {r.status === 'draft' && mayEdit(r.departmentId) ? (
            <Button size="small" type="primary" onClick={() => publish(r)} data-testid="service-item-publish">
              {L('发布', 'Publish')}
            </Button>
          ) : null}
          <Button size="small" type="link" onClick={() => setHistory(r)}>
            {L('版本', 'Versions')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={L('事项目录管理', 'Service item catalogue')}
      extra={
        <Button type="primary" onClick={() => void open(null)} data-testid="service-item-new">
          {L('新建事项', 'New item')}
        </Button>
      }
    >
      <Card>
        <Flex gap="small" wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            style={{ flex: '1 1 240px' }}
            placeholder={L('事项名称或实施编码', 'Name or code')}
            onSearch={(q) => setQuery((p) => ({ ...p, q: q.trim() || undefined, offset: 0 }))}
          />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={L('状态', 'Status')}
            options={[
              { value: 'draft', label: L('草稿', 'Draft') },
              { value: 'published', label: L('已发布', 'Published') },
            ]}
            onChange={(status?: 'draft' | 'published') => setQuery((p) => ({ ...p, status, offset: 0 }))}
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={L('事项类型', 'Kind')}
            options={vocabulary.data?.kinds.map((k) => ({ value: k.value, label: L(k.zh, k.en) }))}
            onChange={(kind?: ManagedItemQuery['kind']) => setQuery((p) => ({ ...p, kind, offset: 0 }))}
          />
        </Flex>
        {items.error ? <ErrorAlert error={items.error} /> : null}
        <Table<ServiceItem>
          rowKey="id"
          size="small"
          loading={items.loading}
          columns={columns}
          dataSource={items.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowRender: (r) => (
              <ul style={{ margin: 0 }}>
                {r.materials.map((m) => (
                  <li key={m.name}>
                    {m.name} — {sourceText(m, L)}
                  </li>
                ))}
              </ul>
            ),
          }}
          pagination={{
            current: Math.floor((query.offset ?? 0) / PAGE) + 1,
            pageSize: PAGE,
            total: items.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (page) => setQuery((p) => ({ ...p, offset: (page - 1) * PAGE })),
          }}
        />
        {editing ? (
          <ItemForm
            id={editing.id}
            initial={editing.values}
            known={editing.known}
            vocabulary={vocabulary.data}
            licenseTypes={licenseTypes.data ?? []}
            onClose={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              void message.success(L('已保存为草稿', 'Saved as a draft'));
              items.reload();
            }}
          />
        ) : null}
        <Drawer
          open={history !== null}
          onClose={() => setHistory(null)}
          title={history ? L(`版本记录：${history.name}`, `Versions: ${history.name}`) : ''}
          width={480}
        >
          {versions.error ? <ErrorAlert error={versions.error} /> : null}
          <Timeline
            items={(versions.data ?? []).map((v) => ({
              color: v.status === 'published' ? 'green' : v.status === 'draft' ? 'orange' : 'gray',
              children: (
                <div>
                  <Typography.Text strong>
                    v{v.version} ·{' '}
                    {v.status === 'published'
                      ? L('现行', 'In force')
                      : v.status === 'draft'
                        ? L('草稿', 'Draft')
                        : L('已替代', 'Superseded')}
                  </Typography.Text>
                  <div>
                    {L('创建', 'Created')} {formatDateTime(v.createdAt)} {v.createdByName ?? ''}
                  </div>
                  {v.publishedAt ? (
                    <div>
                      {L('发布', 'Published')} {formatDateTime(v.publishedAt)} {v.publishedByName ?? ''}
                    </div>
                  ) : null}
                  {v.changes.length ? (
                    <div>
                      {L('变更', 'Changed')}: {v.changes.join(', ')}
                    </div>
                  ) : null}
                </div>
              ),
            }))}
          />
        </Drawer>
      </Card>
    </Page>
  );
}

function ItemForm({
  id,
  initial,
  known,
  vocabulary,
  licenseTypes,
  onClose,
  onSaved,
}: {
  id: string | null;
  initial: Partial<Values>;
  known: { id: string; name: string }[];
  vocabulary: Awaited<ReturnType<typeof getServiceVocabulary>> | undefined;
  licenseTypes: { code: string; name: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const L = useL();
  const describe = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const charged = Form.useWatch(['fee', 'charged'], form);
  const sources = Form.useWatch('materials', form);
  const licenseOptions = licenseTypes.map((t) => ({ value: t.code, label: `${t.name}（${t.code}）` }));

  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    try {
      const body = clean(values);
      if (id) await updateServiceItem(id, body);
      else await createServiceItem(body);
      onSaved();
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describe(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={960}
      title={id ? L('编辑事项', 'Edit item') : L('新建事项', 'New item')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={L('保存草稿', 'Save draft')}
      okButtonProps={{ loading: saving, ...{ 'data-testid': 'service-item-save' } }}
      mask={{ closable: false }}
    >
      {error ? <ErrorAlert error={new Error(error)} /> : null}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={L('事项名称', 'Name')} rules={[{ required: true }]}>
              <Input maxLength={100} data-testid="service-item-name-input" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="code"
              label={L('实施编码', 'Code')}
              rules={[{ required: true }]}
              extra={L(
                '实施主体统一社会信用代码 + 事项类型（2 位）+ 主项（5 位）+ 子项（3 位）',
                'Credit code + kind (2) + main (5) + sub (3)',
              )}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={L('事项类型', 'Kind')} rules={[{ required: true }]}>
              <Select
                options={vocabulary?.kinds.map((k) => ({
                  value: k.value,
                  label: `${k.value} ${L(k.zh, k.en)}`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="departmentId" label={L('实施主体', 'Department')} rules={[{ required: true }]}>
              <ScopedDepartmentSelect allowClear={false} known={known} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="legalDays"
              label={L('法定时限（工作日）', 'Legal days')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={365} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="promisedDays"
              label={L('承诺时限（工作日）', 'Promised days')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={365} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="visits" label={L('到现场次数', 'Visits')} rules={[{ required: true }]}>
              <Select options={[0, 1, 2].map((v) => ({ value: v, label: String(v) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="depth" label={L('网办深度', 'Online depth')} rules={[{ required: true }]}>
              <Select options={vocabulary?.depths.map((d) => ({ value: d.value, label: L(d.zh, d.en) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="channels" label={L('办理形式', 'Channels')} rules={[{ required: true }]}>
              <Select
                mode="multiple"
                options={Object.entries(CHANNEL_LABEL).map(([value, [zh, en]]) => ({
                  value,
                  label: L(zh, en),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="resultLicenseTypeCode" label={L('办理结果电子证照', 'Result e-license')}>
              <Select allowClear showSearch optionFilterProp="label" options={licenseOptions} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name={['fee', 'charged']} label={L('收费', 'Charged')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {charged ? (
            <>
              <Col xs={16} md={6}>
                <Form.Item name={['fee', 'amount']} label={L('金额（元）', 'Amount (yuan)')}>
                  <InputNumber min={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={14}>
                <Form.Item name={['fee', 'basis']} label={L('收费依据', 'Basis')}>
                  <Input maxLength={500} />
                </Form.Item>
              </Col>
            </>
          ) : null}
        </Row>
        <Form.Item name="legalBasis" label={L('设定依据', 'Legal basis')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="conditions" label={L('受理条件', 'Conditions')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Typography.Title level={5}>{L('办理流程', 'Steps')}</Typography.Title>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <span>{i + 1}.</span>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                    <Input placeholder={L('环节', 'Step')} maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'description']}>
                    <Input placeholder={L('说明', 'Description')} maxLength={500} style={{ width: 360 }} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>
                    {L('删除', 'Remove')}
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ name: '' })}>{L('添加环节', 'Add step')}</Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {L('申请材料', 'Materials')}
        </Typography.Title>
        <Form.List name="materials">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => {
                const source = sources?.[f.name]?.source;
                return (
                  <Card key={f.key} size="small" style={{ marginBottom: 8 }}>
                    <Row gutter={8}>
                      <Col xs={24} md={8}>
                        <Form.Item
                          name={[f.name, 'name']}
                          label={L('材料名称', 'Name')}
                          rules={[{ required: true }]}
                        >
                          <Input maxLength={100} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={3}>
                        <Form.Item
                          name={[f.name, 'required']}
                          label={L('必要', 'Required')}
                          valuePropName="checked"
                        >
                          <Switch />
                        </Form.Item>
                      </Col>
                      <Col xs={16} md={5}>
                        <Form.Item
                          name={[f.name, 'form']}
                          label={L('形式', 'Form')}
                          rules={[{ required: true }]}
                        >
                          <Select
                            options={vocabulary?.materialForms.map((m) => ({
                              value: m.value,
                              label: L(m.zh, m.en),
                            }))}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item
                          name={[f.name, 'source']}
                          label={L('来源', 'Source')}
                          rules={[{ required: true }]}
                        >
                          <Select
                            options={[
                              { value: 'applicant', label: L('申请人提交', 'Applicant') },
                              { value: 'shared', label: L('数据共享获取', 'Data sharing') },
                              { value: 'license', label: L('电子证照', 'E-license') },
                            ]}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={2}>
                        <Button type="link" danger onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                          {L('删除', 'Remove')}
                        </Button>
                      </Col>
                      {source === 'shared' ? (
                        <>
                          <Col xs={24} md={6}>
                            <Form.Item name={[f.name, 'registry']} label={L('基础库', 'Registry')}>
                              <Select
                                allowClear
                                options={vocabulary?.registries.map((r) => ({ value: r.value, label: r.zh }))}
                              />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={8}>
                            <Form.Item
                              name={[f.name, 'resourceId']}
                              label={L('或：信息资源 ID', 'Or: catalog resource id')}
                            >
                              <Input allowClear />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={10}>
                            <Form.Item name={[f.name, 'fields']} label={L('字段 / 信息项', 'Fields / items')}>
                              <Select
                                mode="tags"
                                options={vocabulary?.registries
                                  .find((r) => r.value === sources?.[f.name]?.registry)
                                  ?.fields.map((x) => ({ value: x, label: x }))}
                              />
                            </Form.Item>
                          </Col>
                        </>
                      ) : null}
                      {source === 'license' ? (
                        <Col xs={24} md={12}>
                          <Form.Item name={[f.name, 'licenseTypeCode']} label={L('证照类型', 'License type')}>
                            <Select showSearch optionFilterProp="label" options={licenseOptions} />
                          </Form.Item>
                        </Col>
                      ) : null}
                    </Row>
                  </Card>
                );
              })}
              <Button
                onClick={() => add({ name: '', required: true, form: 'electronic', source: 'applicant' })}
              >
                {L('添加材料', 'Add material')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
