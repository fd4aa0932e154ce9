// The catalog workbook reader in a worker thread, so a large or hostile workbook never holds up the server's
// event loop. Plain JavaScript on purpose: a worker starts without the parent's TypeScript loader (under the
// tongban command as under vitest), so this entry installs tsx's loader before importing the reader.
import { register } from 'tsx/esm/api';

register();
const { readCatalogWorkbook } = await import('./read.ts');
const { WorkbookCapExceeded } = await import('../../../lib/workbook-caps.ts');

/** Reads one workbook; a cap passed comes back as data, since an error's class does not cross threads. */
export default async function parse({ data, lang, caps }) {
  try {
    return { result: await readCatalogWorkbook(data, lang, caps) };
  } catch (e) {
    if (e instanceof WorkbookCapExceeded) return { passed: e.passed };
    throw e;
  }
}
