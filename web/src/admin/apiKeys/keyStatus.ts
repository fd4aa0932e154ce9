import type { ApiKey } from '../../api/apiKeys';

export type KeyStatus = 'active' | 'revoked' | 'expired';

export function keyStatus({ revokedAt, expiresAt }: ApiKey): KeyStatus {
  if (revokedAt) return 'revoked';
  if (expiresAt && Date.parse(expiresAt) <= Date.now()) return 'expired';
  return 'active';
}

export const STATUS_COLORS: Record<KeyStatus, string> = {
  active: 'success',
  revoked: 'error',
  expired: 'warning',
};
