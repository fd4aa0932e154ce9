import { useEffect } from 'react';
import { useT } from '../i18n/context';

/** Sets the browser tab title to "<title> · 通办 Tongban". */
export function useDocumentTitle(title: string): void {
  const appName = useT()('app.name');
  useEffect(() => {
    document.title = `${title} · ${appName}`;
  }, [title, appName]);
}
