import type { AuditOutcome } from '../api/audit';

export const OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

export const OUTCOME_COLORS: Record<AuditOutcome, string> = {
  success: 'success',
  failure: 'warning',
  denied: 'error',
};
