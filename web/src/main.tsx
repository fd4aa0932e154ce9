import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { I18nProvider } from './i18n/I18nProvider';
import { applyLanguage, loadLanguage } from './i18n/language';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const language = loadLanguage();
applyLanguage(language);

createRoot(container).render(
  <StrictMode>
    <I18nProvider initialLanguage={language}>
      <App />
    </I18nProvider>
  </StrictMode>,
);
