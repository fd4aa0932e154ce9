import { createContext, useContext } from 'react';
import type { Language } from './language';
import type { MessageKey } from './zh';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n must be used inside <I18nProvider>');
  return i18n;
}

export function useT(): Translate {
  return useI18n().t;
}
