/** 一人一档 / 一企一档: one page per person or company gathered from the registries, licenses and credit. */
export { DossierService } from './service.ts';
export { dossierRoutes } from './routes.ts';
