import { request } from './client';
import type { Overview } from './types';

export const fetchOverview = (signal?: AbortSignal) => request<Overview>('/api/overview', { signal });
