import { api, call, type Schemas } from './client';

/** 数据质量评分: the departments' ranking and a dataset's criteria (public, no sign-in). */
export type OpenQualityRanking = Schemas['OpenQualityRanking'];
export type OpenQualityCriterion = Schemas['OpenQualityCriterion'];
export type OpenQualityStatus = Schemas['OpenQualityStatus'];
export type OpenLocalizedText = Schemas['OpenLocalizedText'];

export const getOpenQuality = (signal?: AbortSignal) =>
  call(api.GET('/open/api/quality', { signal }), signal);

/** The DCAT-AP feed's serializations, each with its media type (for `<link rel="alternate">`). */
export const DCAT_FEEDS = [
  { href: '/open/catalog.ttl', type: 'text/turtle', label: 'Turtle' },
  { href: '/open/catalog.rdf', type: 'application/rdf+xml', label: 'RDF/XML' },
  { href: '/open/catalog.jsonld', type: 'application/ld+json', label: 'JSON-LD' },
] as const;
