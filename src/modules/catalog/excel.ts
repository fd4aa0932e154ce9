/**
 * The resource catalog as an Excel workbook in the 2017 guideline's layout, for staff who maintain catalogs in
 * Excel: export (writeCatalogWorkbook) and validating import (readCatalogWorkbook). A pure module: the caller
 * resolves departments, assigns codes and saves.
 */
export { ITEM_COLUMNS, ITEM_SHEET, RESOURCE_COLUMNS, RESOURCE_SHEET } from './excel/layout.ts';
export type { ImportErrorCode } from './excel/messages.ts';
export { readCatalogWorkbook } from './excel/read.ts';
export type { ParseResult, ParsedResource } from './excel/read.ts';
export { writeCatalogWorkbook } from './excel/write.ts';
export type { CatalogRow } from './excel/write.ts';
