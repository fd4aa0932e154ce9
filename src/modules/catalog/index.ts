/** The catalog module's public entry: the resource catalog's service, workbook transfer, routes, and the types and vocabularies other modules read. */
export { CatalogService } from './service.ts';
export { catalogRoutes } from './routes.ts';
export type { Item, ItemInput, Resource, ResourceInput } from './schema.ts';
export { CatalogTransfer } from './transfer.ts';
export { BASE_ITEMS, THEME_ITEMS, itemName as classItemName } from './classification.ts';
export {
  RECORD_FORMATS,
  UPDATE_CYCLES,
  type DataType,
  type FormatCategory,
  type SemanticTag,
  type SharingMethod,
  type UpdateCycle,
} from './vocab.ts';
