import { Card, Col, Flex, Row, Select, Statistic, Table, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import {
  getGeoSummary,
  listGeoFeatures,
  type FeatureQuery,
  type GeoCollectionId,
  type GeoFeature,
} from '../api/geo';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { GeoMap, type MapPoint } from './GeoMap';

// A town holds a few hundred doorplates, a district a few thousand: one page of the API shows a whole selection.
const PAGE = 1000;

const prop = (f: GeoFeature, key: string) => f.properties[key];
const text = (f: GeoFeature, key: string) => String(prop(f, key) ?? '');

/** A point for a feature: a doorplate's own, an area's label point, a road's middle. */
function pointOf(f: GeoFeature, highlighted: boolean): MapPoint {
  const c = f.geometry.coordinates as number[] | number[][];
  const name = text(f, 'address') || text(f, 'name');
  if (f.geometry.type === 'Point') {
    const [lon, lat] = c as number[];
    return { id: f.id, name, lon: lon ?? 0, lat: lat ?? 0, highlighted };
  }
  if (f.geometry.type === 'LineString') {
    const [[x1, y1] = [0, 0], [x2, y2] = [0, 0]] = c as number[][];
    return {
      id: f.id,
      name,
      lon: ((x1 ?? 0) + (x2 ?? 0)) / 2,
      lat: ((y1 ?? 0) + (y2 ?? 0)) / 2,
      highlighted,
    };
  }
  return { id: f.id, name, lon: Number(prop(f, 'labelLon')), lat: Number(prop(f, 'labelLat')), highlighted };
}

function useFeatures(collection: GeoCollectionId, query: FeatureQuery | null) {
  const key = JSON.stringify(query);
  const fetcher = useCallback(
    (signal: AbortSignal) =>
      query === null ? Promise.resolve(null) : listGeoFeatures(collection, { ...query, limit: PAGE }, signal),
    // The query is compared by value: a new object with the same filters is the same request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [collection, key],
  );
  return useQuery(fetcher);
}

/** 地址浏览: the address base by region, district → town → village → roads and doorplates, on a map. */
export default function AddressBrowserPage() {
  const t = useT();
  const [district, setDistrict] = useState<string>();
  const [town, setTown] = useState<string>();
  const [village, setVillage] = useState<string>();
  const [road, setRoad] = useState<string>();

  const summaryFetcher = useCallback((signal: AbortSignal) => getGeoSummary(signal), []);
  const summary = useQuery(summaryFetcher);
  const districts = useFeatures('districts', {});
  const towns = useFeatures('towns', district ? { district } : null);
  const villages = useFeatures('villages', town ? { town } : null);
  const roads = useFeatures('roads', village ? { village } : null);
  // The map shows the doorplates of the deepest area chosen below the district, else the areas one level down.
  const addresses = useFeatures('addresses', village ? { village } : town ? { town } : null);

  const options = (features: GeoFeature[] | undefined) =>
    (features ?? []).map((f) => ({ value: f.id, label: text(f, 'name') }));

  const points = useMemo<MapPoint[]>(() => {
    if (addresses.data)
      return addresses.data.features.map((f) => pointOf(f, Boolean(road) && f.id.startsWith(road!)));
    if (district && towns.data) return towns.data.features.map((f) => pointOf(f, false));
    return (districts.data?.features ?? []).map((f) => pointOf(f, false));
  }, [addresses.data, district, towns.data, districts.data, road]);

  const roadRows = (roads.data?.features ?? []).map((f) => ({
    key: f.id,
    code: f.id,
    name: text(f, 'name'),
    doorplates: Number(prop(f, 'doorplates')),
  }));
  const doorplateRows = (addresses.data?.features ?? [])
    .filter((f) => (road ? f.id.startsWith(road) : Boolean(village)))
    .map((f) => ({
      key: f.id,
      code: f.id,
      address: text(f, 'address'),
      buildings: Number(prop(f, 'buildings')),
    }));

  const error =
    summary.error ?? districts.error ?? towns.error ?? villages.error ?? roads.error ?? addresses.error;
  const counts = summary.data;

  return (
    <Page title={t('geo.browse.title')}>
      <ErrorAlert error={error} />
      {counts && (
        <Row gutter={[16, 16]}>
          {(
            [
              ['geo.level.district', counts.districts],
              ['geo.level.town', counts.towns],
              ['geo.level.village', counts.villages],
              ['geo.level.road', counts.roads],
              ['geo.level.doorplate', counts.addresses],
              ['geo.level.building', counts.buildings],
            ] as const
          ).map(([label, value]) => (
            <Col key={label} xs={12} sm={8} lg={4}>
              <Card size="small">
                <Statistic title={t(label)} value={value} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <Flex wrap gap="small">
        <Select
          data-testid="geo-district"
          style={{ minWidth: 160 }}
          placeholder={t('geo.level.district')}
          options={options(districts.data?.features)}
          value={district}
          allowClear
          onChange={(v?: string) => {
            setDistrict(v);
            setTown(undefined);
            setVillage(undefined);
            setRoad(undefined);
          }}
        />
        <Select
          data-testid="geo-town"
          style={{ minWidth: 180 }}
          placeholder={t('geo.level.town')}
          options={options(towns.data?.features)}
          value={town}
          disabled={!district}
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          onChange={(v?: string) => {
            setTown(v);
            setVillage(undefined);
            setRoad(undefined);
          }}
        />
        <Select
          data-testid="geo-village"
          style={{ minWidth: 180 }}
          placeholder={t('geo.level.village')}
          options={options(villages.data?.features)}
          value={village}
          disabled={!town}
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          onChange={(v?: string) => {
            setVillage(v);
            setRoad(undefined);
          }}
        />
      </Flex>
      <Card size="small" title={t('geo.browse.map', { count: points.length })}>
        <GeoMap points={points} />
      </Card>
      {village ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('geo.browse.roads')}>
              <Table
                size="small"
                pagination={false}
                dataSource={roadRows}
                loading={roads.loading}
                rowSelection={{
                  type: 'radio',
                  selectedRowKeys: road ? [road] : [],
                  onChange: (keys) => setRoad(keys[0] as string | undefined),
                }}
                onRow={(row) => ({ onClick: () => setRoad(row.code) })}
                columns={[
                  { title: t('geo.level.road'), dataIndex: 'name' },
                  { title: t('geo.browse.doorplates'), dataIndex: 'doorplates' },
                  { title: t('geo.search.code'), dataIndex: 'code' },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('geo.browse.addresses')}>
              <Table
                size="small"
                dataSource={doorplateRows}
                loading={addresses.loading}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                scroll={{ x: true }}
                columns={[
                  { title: t('geo.browse.address'), dataIndex: 'address' },
                  { title: t('geo.level.building'), dataIndex: 'buildings' },
                  { title: t('geo.search.code'), dataIndex: 'code' },
                ]}
              />
            </Card>
          </Col>
        </Row>
      ) : (
        <Typography.Text type="secondary">{t('geo.browse.pick')}</Typography.Text>
      )}
    </Page>
  );
}
