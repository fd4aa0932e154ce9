import { Flex, Typography } from 'antd';
import type { OpenDatasetDetail } from '../api/open';
import { useT } from '../i18n/context';
import { columnsOf, quote } from './charts';
import { ScrollRegion, SectionCard } from './parts';

/** A word for a POSIX shell's single quotes. */
const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
/** A Python string literal (single quotes). */
const pyQuote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

export interface Examples {
  query: string;
  datastore: string;
  python: string;
  packageShow: string;
}

/** Copy-ready calls of the dataset: the query API with curl, CKAN's datastore_search with curl and ckanapi. */
export function examplesOf(detail: OpenDatasetDetail): Examples {
  const columns = columnsOf(detail).slice(0, 3);
  const select = columns.map((c) => quote(c.name)).join(', ') || '*';
  const query = [
    `curl -G ${shellQuote(detail.api.query)} \\`,
    `  --data-urlencode ${shellQuote(`$select=${select}`)} \\`,
    ...(columns[0] ? [`  --data-urlencode ${shellQuote(`$order=${quote(columns[0].name)}`)} \\`] : []),
    `  --data-urlencode '$limit=5'`,
  ].join('\n');
  const datastoreUrl = new URL(detail.api.datastoreSearch);
  const resourceId = datastoreUrl.searchParams.get('resource_id') ?? '';
  datastoreUrl.searchParams.set('limit', '5');
  // ckanapi's RemoteCKAN(address) calls `${address}/api/action/<name>`, which the server answers under /open.
  const site = detail.api.packageShow.replace(/\/api\/3\/action\/.*$/, '');
  const python = [
    'from ckanapi import RemoteCKAN',
    '',
    `site = RemoteCKAN(${pyQuote(site)})`,
    `result = site.action.datastore_search(resource_id=${pyQuote(resourceId)}, limit=5)`,
    "print(result['total'])",
    "for record in result['records']:",
    '    print(record)',
  ].join('\n');
  return {
    query,
    datastore: `curl ${shellQuote(datastoreUrl.toString())}`,
    python,
    packageShow: `curl ${shellQuote(detail.api.packageShow)}`,
  };
}

function Code({ id, title, code }: { id: string; title: string; code: string }) {
  const t = useT();
  return (
    <div>
      <Flex justify="space-between" align="center" gap="small" wrap>
        <Typography.Title level={3} id={id} style={{ fontSize: 15, margin: 0 }}>
          {title}
        </Typography.Title>
        <Typography.Text copyable={{ text: code, tooltips: [t('common.copy'), t('common.copied')] }} />
      </Flex>
      <ScrollRegion label={t('open.api.codeLabel', { title })}>
        <pre
          style={{
            margin: '6px 0 0',
            padding: 12,
            background: '#f6f8fa',
            border: '1px solid #d9dee5',
            borderRadius: 6,
            fontSize: 13,
            color: '#1f2328',
          }}
          data-testid={id}
        >
          <code>{code}</code>
        </pre>
      </ScrollRegion>
    </div>
  );
}

/** 接口调用: the dataset's API addresses with examples; 有条件开放 datasets only show their metadata call. */
export function ApiExamples({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  const examples = examplesOf(detail);
  return (
    <SectionCard
      id="open-api-title"
      title={t('open.ds.api')}
      testId="open-api"
      extra={<a href="/api/docs">{t('open.api.docs')}</a>}
    >
      <Flex vertical gap="middle">
        {detail.openType === 'open' ? (
          <>
            <Code id="open-api-query" title={t('open.api.query')} code={examples.query} />
            <Code id="open-api-datastore" title={t('open.api.datastore')} code={examples.datastore} />
            <Code id="open-api-python" title={t('open.api.python')} code={examples.python} />
          </>
        ) : (
          <Code id="open-api-package" title={t('open.api.packageShow')} code={examples.packageShow} />
        )}
      </Flex>
    </SectionCard>
  );
}
