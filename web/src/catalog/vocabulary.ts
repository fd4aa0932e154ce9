import { useMemo } from 'react';
import { getVocabulary, type Term, type Vocabulary, type VocabularyKind } from '../api/catalog';
import { useI18n } from '../i18n/context';
import { useQuery } from '../shared/useQuery';

let cached: Promise<Vocabulary> | null = null;

/** The vocabulary changes only with a new server release: fetched once per page load, shared by every page. */
function loadVocabulary(): Promise<Vocabulary> {
  cached ??= getVocabulary().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

type ValueOf<K extends VocabularyKind> = Vocabulary[K][number]['value'];

export interface Terms {
  vocabulary: Vocabulary | undefined;
  loading: boolean;
  error: unknown;
  /** The label of a coded value in the current language; the value itself until the vocabulary has loaded. */
  label: (kind: VocabularyKind, value: string | null | undefined) => string;
  /** Select options for a list, in the vocabulary's order. */
  options: <K extends VocabularyKind>(kind: K) => { value: ValueOf<K>; label: string }[];
}

/** The catalog's coded value lists with their labels in the current language. */
export function useTerms(): Terms {
  const { language } = useI18n();
  const { data, loading, error } = useQuery(loadVocabulary);

  return useMemo<Terms>(() => {
    const list = (kind: VocabularyKind): readonly Term[] => data?.[kind] ?? [];
    return {
      vocabulary: data,
      loading,
      error,
      label: (kind, value) => {
        if (value === null || value === undefined) return '';
        return list(kind).find((term) => term.value === value)?.[language] ?? value;
      },
      options: <K extends VocabularyKind>(kind: K) =>
        list(kind).map((term) => ({ value: term.value as ValueOf<K>, label: term[language] })),
    };
  }, [data, loading, error, language]);
}
