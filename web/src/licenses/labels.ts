import type { MessageKey } from '../i18n/zh';
import type { LicenseStatus } from '../api/licenses';

export const STATUS_LABEL: Record<LicenseStatus, MessageKey> = {
  valid: 'licenses.status.valid',
  suspended: 'licenses.status.suspended',
  revoked: 'licenses.status.revoked',
  expired: 'licenses.status.expired',
};

export const STATUS_COLOR: Record<LicenseStatus, string> = {
  valid: 'green',
  suspended: 'orange',
  revoked: 'red',
  expired: 'default',
};

export const HOLDER_KIND_LABEL: Record<'111' | '001', MessageKey> = {
  '111': 'licenses.holderKind.111',
  '001': 'licenses.holderKind.001',
};
