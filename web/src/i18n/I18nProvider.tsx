import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo, useState, type ReactNode } from 'react';
import { I18nContext, type I18n } from './context';
import { en } from './en';
import { applyLanguage, saveLanguage, type Language } from './language';
import { zh, type Messages } from './zh';

const MESSAGES: Record<Language, Messages> = { zh, en };
const ANTD_LOCALES = { zh: zhCN, en: enUS };

function interpolate(template: string, vars: Record<string, string | number> | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

interface I18nProviderProps {
  /** The language already applied with `applyLanguage` before the first render. */
  initialLanguage: Language;
  children: ReactNode;
}

export function I18nProvider({ initialLanguage, children }: I18nProviderProps) {
  const [language, setLanguageState] = useState(initialLanguage);

  const i18n = useMemo<I18n>(() => {
    const messages = MESSAGES[language];
    return {
      language,
      t: (key, vars) => interpolate(messages[key], vars),
      setLanguage: (next) => {
        saveLanguage(next);
        applyLanguage(next);
        setLanguageState(next);
      },
    };
  }, [language]);

  return (
    <I18nContext value={i18n}>
      <ConfigProvider locale={ANTD_LOCALES[language]}>{children}</ConfigProvider>
    </I18nContext>
  );
}
