import { DownloadOutlined, ImportOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { DCAT_JSONLD_URL, DCAT_TURTLE_URL, exportUrl, type CatalogQuery } from '../api/catalog';
import { useT } from '../i18n/context';
import { useCatalogAccess } from './catalogAccess';

/** New resource, Excel import and export (of the current filters), and the DCAT-AP exports. */
export function CatalogActions({ query }: { query: CatalogQuery }) {
  const t = useT();
  const navigate = useNavigate();
  const { canCreate, canImport } = useCatalogAccess();

  return (
    <Space wrap>
      {canCreate && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => void navigate('/catalog/new')}
          data-testid="catalog-new"
        >
          {t('catalog.new')}
        </Button>
      )}
      {canImport && (
        <Button
          icon={<ImportOutlined />}
          onClick={() => void navigate('/catalog/import')}
          data-testid="catalog-import"
        >
          {t('catalog.importExcel')}
        </Button>
      )}
      <Button icon={<DownloadOutlined />} href={exportUrl(query)} download data-testid="catalog-export">
        {t('catalog.exportExcel')}
      </Button>
      <Dropdown
        menu={{
          items: [
            {
              key: 'jsonld',
              label: (
                <a href={DCAT_JSONLD_URL} target="_blank" rel="noreferrer" data-testid="catalog-dcat-jsonld">
                  JSON-LD
                </a>
              ),
            },
            {
              key: 'ttl',
              label: (
                <a href={DCAT_TURTLE_URL} target="_blank" rel="noreferrer" data-testid="catalog-dcat-ttl">
                  Turtle
                </a>
              ),
            },
          ],
        }}
      >
        <Button icon={<LinkOutlined />} data-testid="catalog-dcat">
          DCAT-AP
        </Button>
      </Dropdown>
    </Space>
  );
}
