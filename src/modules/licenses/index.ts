/** The e-license library's public entry: the service the server constructs and its routes. */
export { LicenseService } from './service.ts';
export { licenseRoutes, verifyUrl } from './routes.ts';
export type { HolderKind, LicenseIssueInputT, LicenseTypeInputT } from './schema.ts';
export type { TypeRow as LicenseTypeRow } from './repo.ts';
export { LicenseSummary, type LicenseSummaryT } from './schema.ts';
