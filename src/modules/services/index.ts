/** The service item catalogue's public entry (政务服务事项): the service the server constructs, its routes, and types. */
export { ServicesService } from './service.ts';
export { serviceRoutes } from './routes.ts';
export { makeItemCode } from './rules.ts';
export { ITEM_KINDS, type ItemKind } from './vocab.ts';
export type { MaterialInputT, ServiceItemInputT, ServiceItemT } from './schema.ts';
