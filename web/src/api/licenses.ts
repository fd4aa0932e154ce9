import { api, call, type QueryOf, type Schemas } from './client';

export type LicenseType = Schemas['LicenseType'];
export type LicenseSummary = Schemas['LicenseSummary'];
export type LicenseDetail = Schemas['LicenseDetail'];
export type LicenseStatus = Schemas['LicenseStatus'];
export type LicenseUse = Schemas['LicenseUse'];
export type PublicLicense = Schemas['PublicLicense'];
export type LicenseQuery = Omit<QueryOf<'/api/registries/licenses'>, 'limit' | 'after'>;
export type StatusAction = 'suspend' | 'revoke' | 'restore';

export const listLicenseTypes = (signal?: AbortSignal) =>
  call(api.GET('/api/registries/license-types', { signal }), signal);

/** A keyset page; the shared cursor hook says `before` (older entries), the API `after` (past this seq). */
export const listLicenses = (
  { before, ...query }: QueryOf<'/api/registries/licenses'> & { before?: string },
  signal?: AbortSignal,
) =>
  call(
    api.GET('/api/registries/licenses', {
      params: { query: { ...query, ...(before ? { after: before } : {}) } },
      signal,
    }),
    signal,
  );

const byId = (licenseId: string) => ({ params: { path: { licenseId } } });

export const getLicense = (licenseId: string, signal?: AbortSignal) =>
  call(api.GET('/api/registries/licenses/{licenseId}', { ...byId(licenseId), signal }), signal);

export const getLicenseQr = (licenseId: string, signal?: AbortSignal) =>
  call(api.GET('/api/registries/licenses/{licenseId}/qr', { ...byId(licenseId), signal }), signal);

export const listLicenseUses = (licenseId: string, signal?: AbortSignal) =>
  call(api.GET('/api/registries/licenses/{licenseId}/uses', { ...byId(licenseId), signal }), signal);

export const recordLicenseUse = (licenseId: string, reason: string) =>
  call(api.POST('/api/registries/licenses/{licenseId}/uses', { ...byId(licenseId), body: { reason } }));

export const changeLicenseStatus = (licenseId: string, action: StatusAction, reason: string) => {
  const body = { body: { reason }, ...byId(licenseId) };
  switch (action) {
    case 'suspend':
      return call(api.POST('/api/registries/licenses/{licenseId}/suspend', body));
    case 'revoke':
      return call(api.POST('/api/registries/licenses/{licenseId}/revoke', body));
    case 'restore':
      return call(api.POST('/api/registries/licenses/{licenseId}/restore', body));
  }
};

/** Public verification: no sign-in needed. */
export const verifyLicense = (licenseId: string, signal?: AbortSignal) =>
  call(api.GET('/api/public/licenses/{licenseId}', { ...byId(licenseId), signal }), signal);
