import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { setAcceptLanguage } from '../api/client';

export type Language = 'zh' | 'en';

const STORAGE_KEY = 'tongban.lang';

/** How each language is named to the server (Accept-Language), to HTML and to dayjs. */
const TAGS: Record<Language, { http: string; html: string; dayjs: string }> = {
  zh: { http: 'zh-CN', html: 'zh-CN', dayjs: 'zh-cn' },
  en: { http: 'en', html: 'en', dayjs: 'en' },
};

export function loadLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function saveLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
}

/** Point everything outside React (API requests, dates, the document) at the language. */
export function applyLanguage(language: Language): void {
  const tags = TAGS[language];
  setAcceptLanguage(tags.http);
  dayjs.locale(tags.dayjs);
  document.documentElement.lang = tags.html;
}
