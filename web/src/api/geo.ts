import { api, call, type QueryOf, type Schemas } from './client';

export type AddressCandidate = Schemas['GeoAddressCandidate'];
export type AddressComponent = Schemas['GeoAddressComponent'];
export type StandardizeResult = Schemas['GeoStandardizeResult'];
export type GeoFeature = Schemas['GeoJsonFeature'];
export type GeoFeatureCollection = Schemas['GeoJsonFeatureCollection'];
export type GeoSummary = Schemas['GeoSummary'];
export type FeatureQuery = QueryOf<'/api/geo/collections/{collectionId}/items'>;
/** The collections of the address base's OGC API that the browser walks down. */
export type GeoCollectionId = 'districts' | 'towns' | 'villages' | 'roads' | 'addresses';

export const standardizeAddress = (text: string, limit = 5) =>
  call(api.POST('/api/geo/standardize', { body: { text, limit } }));

export const getGeoSummary = (signal?: AbortSignal) => call(api.GET('/api/geo/summary', { signal }), signal);

export const listGeoFeatures = (collectionId: GeoCollectionId, query: FeatureQuery, signal?: AbortSignal) =>
  call(
    api.GET('/api/geo/collections/{collectionId}/items', {
      params: { path: { collectionId }, query },
      signal,
    }),
    signal,
  );
