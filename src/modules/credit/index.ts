/** 社会信用's public entry: the service the server constructs, its routes, and the input types the demo builds. */
export { CreditService } from './service.ts';
export { creditRoutes } from './routes.ts';
export type { CreditCaseInputT, CreditListEntryInputT, CreditRecordInputT, PenaltyKind } from './schema.ts';
export { CreditProfile, type CreditProfileT } from './schema.ts';
