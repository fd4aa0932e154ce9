import { Checkbox, Divider, Flex } from 'antd';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { FacetList, type FacetEntry } from './FacetList';
import { useTerms, type Terms } from './vocabulary';
import type { CatalogQuery, FacetName, Facets, VocabularyKind } from '../api/catalog';

type CodedFacet = Exclude<FacetName, 'departmentId'>;

const CODED: { name: CodedFacet; kind: VocabularyKind; title: MessageKey }[] = [
  { name: 'category', kind: 'categories', title: 'catalog.field.category' },
  { name: 'formatCategory', kind: 'formats', title: 'catalog.field.formatCategory' },
  { name: 'sharingType', kind: 'sharingTypes', title: 'catalog.field.sharingType' },
  { name: 'openType', kind: 'openTypes', title: 'catalog.field.openType' },
  { name: 'updateCycle', kind: 'updateCycles', title: 'catalog.field.updateCycle' },
  { name: 'status', kind: 'statuses', title: 'catalog.field.status' },
];

/** Counted values in the vocabulary's order, and the selected value even when nothing matches it. */
function codedEntries(terms: Terms, kind: VocabularyKind, counts: Facets[CodedFacet], selected?: string) {
  const count = new Map(counts.map(({ value, count: n }) => [value, n]));
  const known: string[] = terms.vocabulary?.[kind].map(({ value }) => value) ?? [];
  const values = [...known, ...counts.map(({ value }) => value).filter((value) => !known.includes(value))];
  return values
    .filter((value) => count.has(value) || value === selected)
    .map((value): FacetEntry => ({ value, label: terms.label(kind, value), count: count.get(value) ?? 0 }));
}

interface FacetPanelProps {
  facets: Facets | undefined;
  query: CatalogQuery;
  onChange: (query: CatalogQuery) => void;
}

export function FacetPanel({ facets, query, onChange }: FacetPanelProps) {
  const t = useT();
  const terms = useTerms();
  const set = (name: FacetName, value: string | undefined) => onChange({ ...query, [name]: value });

  const departments: FacetEntry[] = [...(facets?.departmentId ?? [])];
  if (query.departmentId && !departments.some(({ value }) => value === query.departmentId)) {
    departments.unshift({ value: query.departmentId, label: query.departmentId, count: 0 });
  }

  return (
    <Flex vertical data-testid="catalog-facets">
      <Checkbox
        checked={query.overdue === true}
        onChange={(event) => onChange({ ...query, overdue: event.target.checked || undefined })}
        data-testid="facet-overdue"
      >
        {t('catalog.facets.overdueOnly')}
      </Checkbox>
      <Divider style={{ margin: '12px 0' }} />
      <FacetList
        title={t('catalog.field.department')}
        entries={departments}
        selected={query.departmentId}
        onSelect={(value) => set('departmentId', value)}
        searchable
        maxHeight={280}
        testId="facet-departmentId"
      />
      {CODED.map(({ name, kind, title }) => (
        <div key={name}>
          <Divider style={{ margin: '12px 0' }} />
          <FacetList
            title={t(title)}
            entries={codedEntries(terms, kind, facets?.[name] ?? [], query[name])}
            selected={query[name]}
            onSelect={(value) => set(name, value)}
            testId={`facet-${name}`}
          />
        </div>
      ))}
    </Flex>
  );
}
