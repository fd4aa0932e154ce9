import { Segmented } from 'antd';
import { useI18n } from './context';
import type { Language } from './language';

const OPTIONS: { value: Language; label: string }[] = [
  { value: 'zh', label: '中文' },
  { value: 'en', label: 'EN' },
];

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Segmented<Language>
      size="small"
      options={OPTIONS}
      value={language}
      onChange={setLanguage}
      aria-label={t('language.label')}
      data-testid="language-switch"
    />
  );
}
