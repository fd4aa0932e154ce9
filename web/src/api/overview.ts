import { api, call, type Schemas } from './client';

export type Overview = Schemas['CityFigures'];
export type OverviewHome = Schemas['OverviewHome'];

export const fetchOverview = (signal?: AbortSignal) => call(api.GET('/api/overview', { signal }), signal);

export const fetchOverviewHome = (signal?: AbortSignal) =>
  call(api.GET('/api/overview/home', { signal }), signal);
