/**
 * How much of an uploaded workbook the platform reads. A small .xlsx can unzip to gigabytes of XML (a 486 KB file
 * of 200,000 × 50 cells), so every reader counts as it goes and stops at the first cap passed.
 */
export interface WorkbookCaps {
  /** Data rows of a catalog import's 信息资源 sheet (CATALOG_IMPORT_MAX_RESOURCES). */
  catalogResources: number;
  /** Data rows of a catalog import's 信息项 sheet (CATALOG_IMPORT_MAX_ITEMS). */
  catalogItems: number;
  /** Cells of a catalog import, both sheets together (CATALOG_IMPORT_MAX_CELLS). */
  catalogCells: number;
  /** Data rows of an exchange upload (EXCHANGE_UPLOAD_MAX_ROWS). */
  uploadRows: number;
  /** The last column any row may use (WORKBOOK_MAX_COLUMNS); a resource has at most 500 items. */
  columns: number;
}

/**
 * The defaults hold the largest catalog a city keeps (the demo city has 1,071 resources and 12,492 items) many
 * times over: 20,000 resources × 19 columns and 200,000 items × 10 columns are 2.38 million cells.
 */
export const DEFAULT_WORKBOOK_CAPS: WorkbookCaps = {
  catalogResources: 20_000,
  catalogItems: 200_000,
  catalogCells: 3_000_000,
  uploadRows: 1_000_000,
  columns: 1_000,
};

/** Which cap a workbook passed: the sheet, what was counted, and the limit. */
export interface CapPassed {
  sheet: string;
  cap: 'rows' | 'columns' | 'cells';
  limit: number;
}

/** Thrown by the readers when a workbook passes a cap; plain data, so it can cross a worker thread. */
export class WorkbookCapExceeded extends Error {
  readonly passed: CapPassed;

  constructor(passed: CapPassed) {
    super(`${passed.sheet}: more than ${passed.limit} ${passed.cap}`);
    this.passed = passed;
  }
}

/** The message naming the sheet and the cap, in Chinese or English. */
export function describeCap(passed: CapPassed, lang: 'zh' | 'en'): string {
  const n = passed.limit.toLocaleString('en-US');
  if (lang === 'en') {
    const what = { rows: 'data rows', columns: 'columns', cells: 'cells in all' }[passed.cap];
    return `Sheet “${passed.sheet}” has more than ${n} ${what}; reading stopped there`;
  }
  const what = { rows: '行数据', columns: '列', cells: '个单元格（各表合计）' }[passed.cap];
  return `工作表“${passed.sheet}”超过 ${n} ${what}，已停止读取`;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** The caps from the environment, each variable falling back to its default. */
export function workbookCapsFrom(env: NodeJS.ProcessEnv): WorkbookCaps {
  const d = DEFAULT_WORKBOOK_CAPS;
  return {
    catalogResources: positive(
      'CATALOG_IMPORT_MAX_RESOURCES',
      env.CATALOG_IMPORT_MAX_RESOURCES,
      d.catalogResources,
    ),
    catalogItems: positive('CATALOG_IMPORT_MAX_ITEMS', env.CATALOG_IMPORT_MAX_ITEMS, d.catalogItems),
    catalogCells: positive('CATALOG_IMPORT_MAX_CELLS', env.CATALOG_IMPORT_MAX_CELLS, d.catalogCells),
    uploadRows: positive('EXCHANGE_UPLOAD_MAX_ROWS', env.EXCHANGE_UPLOAD_MAX_ROWS, d.uploadRows),
    columns: positive('WORKBOOK_MAX_COLUMNS', env.WORKBOOK_MAX_COLUMNS, d.columns),
  };
}
