import { useCallback } from 'react';
import { useParams } from 'react-router-dom';
import { useI18n } from '../i18n/context';
import { useQuery } from '../shared/useQuery';
import { getRegistry, isSegment, type Overview, type Segment } from './api';

/** The registry named in the URL (`:registry`), or null when the segment is not one. */
export function useSegment(): Segment | null {
  const { registry } = useParams();
  return isSegment(registry) ? registry : null;
}

/** The registry's overview (its name, fields, sources, rules and whether the caller stewards it). */
export function useOverview(segment: Segment) {
  return useQuery(useCallback((signal: AbortSignal) => getRegistry(segment, signal), [segment]));
}

/** The registry's name in the user's language. */
export function useRegistryName(): (overview: Overview | undefined, segment: Segment) => string {
  const { t, language } = useI18n();
  return (overview, segment) =>
    overview
      ? language === 'zh'
        ? overview.nameZh
        : overview.nameEn
      : t(segment === 'population' ? 'registries.population' : 'registries.legalPerson');
}

export const recordPath = (segment: Segment, id: string) =>
  `/registries/${segment}/records/${encodeURIComponent(id)}`;
