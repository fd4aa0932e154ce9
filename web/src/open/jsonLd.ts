import { useEffect } from 'react';
import type { OpenDatasetDetail } from '../api/open';

/** The licence the CKAN API names for every open dataset (license_id cc-by). */
export const LICENSE_URL = 'http://www.opendefinition.org/licenses/cc-by';

const FORMATS = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * schema.org `Dataset` for search engines (Google Dataset Search and the like): name, description, identifier,
 * the providing department as creator, dates, the licence and, for an open dataset, its downloads.
 */
export function datasetJsonLd(detail: OpenDatasetDetail, pageUrl: string): Record<string, unknown> {
  const organization = { '@type': 'Organization', name: detail.organization.title };
  const open = detail.openType === 'open';
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    name: detail.title,
    description: detail.summary,
    identifier: detail.code,
    url: pageUrl,
    keywords: [detail.organization.title, ...(detail.group ? [detail.group.title] : [])],
    creator: organization,
    publisher: organization,
    ...(detail.publishDate ? { datePublished: detail.publishDate } : {}),
    dateModified: detail.modifiedAt,
    license: LICENSE_URL,
    isAccessibleForFree: true,
    ...(open
      ? {
          distribution: (Object.keys(FORMATS) as (keyof typeof FORMATS)[]).map((format) => ({
            '@type': 'DataDownload',
            encodingFormat: FORMATS[format],
            contentUrl: detail.downloads[format],
          })),
        }
      : { conditionsOfAccess: detail.openCondition ?? undefined }),
  };
}

/**
 * Puts the JSON-LD into the document head as `<script type="application/ld+json">` while the page is shown. It is
 * data, not script: the browser runs no code from it, so the CSP's `script-src 'self'` is not involved.
 */
export function useJsonLd(data: Record<string, unknown> | null): void {
  const text = data ? JSON.stringify(data) : null;
  useEffect(() => {
    if (!text) return;
    const element = document.createElement('script');
    element.type = 'application/ld+json';
    element.dataset.testid = 'open-jsonld';
    // `<` escaped, so that no `</script>` in a summary could end the element if the head is ever serialized.
    element.textContent = text.replaceAll('<', '\\u003c');
    document.head.appendChild(element);
    return () => element.remove();
  }, [text]);
}
